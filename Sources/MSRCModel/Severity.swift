/// An MSRC severity rating (the `Severity` threat, the updates index, CSAF `aggregate_severity`).
///
/// An open set: real documents also carry `None` and empty severities (the latter decode as no severity).
public struct Severity: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rating as MSRC writes it (`Important`).
    public let rawValue: String

    /// Creates a severity from its MSRC spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `Critical`.
    public static let critical = Severity(rawValue: "Critical")
    /// `Important`.
    public static let important = Severity(rawValue: "Important")
    /// `Moderate`.
    public static let moderate = Severity(rawValue: "Moderate")
    /// `Low`.
    public static let low = Severity(rawValue: "Low")
    /// `None` (seen on a few hundred rows).
    public static let none = Severity(rawValue: "None")

    /// A rank for ordering: Critical 4, Important 3, Moderate 2, Low 1, None 0; `nil` for other values.
    /// Compares case-insensitively, since MSRC's spelling drifts.
    public var rank: Int? {
        switch rawValue.lowercased() {
        case "critical": 4
        case "important": 3
        case "moderate": 2
        case "low": 1
        case "none": 0
        default: nil
        }
    }

    /// The MSRC spelling.
    public var description: String { rawValue }
}
