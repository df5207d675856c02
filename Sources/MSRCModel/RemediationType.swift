/// The kind of a CVRF remediation (CVRF 1.1 `Remediation/@Type`, plus Microsoft's `Known Issue` and
/// `Release Notes`).
///
/// An open set: values the decoders do not know are kept as they are written.
public struct RemediationType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The type as CVRF XML spells it (`Vendor Fix`).
    public let rawValue: String

    /// Creates a remediation type from its CVRF XML spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `Workaround` (JSON 0).
    public static let workaround = RemediationType(rawValue: "Workaround")
    /// `Mitigation` (JSON 1).
    public static let mitigation = RemediationType(rawValue: "Mitigation")
    /// `Vendor Fix` (JSON 2): an update, usually a KB number with a fixed build.
    public static let vendorFix = RemediationType(rawValue: "Vendor Fix")
    /// `None Available` (JSON 3).
    public static let noneAvailable = RemediationType(rawValue: "None Available")
    /// `Will Not Fix` (JSON 4).
    public static let willNotFix = RemediationType(rawValue: "Will Not Fix")
    /// `Known Issue` (JSON 5): the KB article's known issues.
    public static let knownIssue = RemediationType(rawValue: "Known Issue")
    /// `Release Notes` (JSON 6, not confirmed by Microsoft's tools).
    public static let releaseNotes = RemediationType(rawValue: "Release Notes")

    /// The types in the order of their integer codes in the CVRF JSON variant.
    static let jsonCodes: [RemediationType] = [
        .workaround, .mitigation, .vendorFix, .noneAvailable, .willNotFix, .knownIssue, .releaseNotes,
    ]

    /// The type for an integer code of the CVRF JSON variant (unknown codes are kept as their decimal text).
    public init(cvrfJSONCode code: Int) {
        self =
            RemediationType.jsonCodes.indices.contains(code)
            ? RemediationType.jsonCodes[code] : RemediationType(rawValue: "\(code)")
    }

    /// The CVRF XML spelling.
    public var description: String { rawValue }
}
