/// Whether installing an update needs a restart (`Remediation/RestartRequired`: `Yes`, `No`, `Maybe`).
///
/// An open set: values the decoders do not know are kept as they are written.
public struct RestartRequirement: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The value as MSRC writes it (`Yes`).
    public let rawValue: String

    /// Creates a restart requirement from its MSRC spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `Yes`.
    public static let yes = RestartRequirement(rawValue: "Yes")
    /// `No`.
    public static let no = RestartRequirement(rawValue: "No")
    /// `Maybe`.
    public static let maybe = RestartRequirement(rawValue: "Maybe")

    /// The MSRC spelling.
    public var description: String { rawValue }
}
