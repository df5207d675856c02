/// The kind of a product status list (CVRF 1.1 `Status/@Type`, CSAF `product_status` keys).
///
/// MSRC's CVRF documents only ever carry `Known Affected`; CSAF advisories add `Fixed`.
/// An open set: values the decoders do not know are kept as they are written.
public struct ProductStatusType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The type as CVRF XML spells it (`Known Affected`).
    public let rawValue: String

    /// Creates a status type from its CVRF XML spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `First Affected` (CSAF `first_affected`).
    public static let firstAffected = ProductStatusType(rawValue: "First Affected")
    /// `Known Affected` (JSON 3, CSAF `known_affected`): the products the vulnerability applies to.
    public static let knownAffected = ProductStatusType(rawValue: "Known Affected")
    /// `Known Not Affected` (CSAF `known_not_affected`).
    public static let knownNotAffected = ProductStatusType(rawValue: "Known Not Affected")
    /// `First Fixed` (CSAF `first_fixed`).
    public static let firstFixed = ProductStatusType(rawValue: "First Fixed")
    /// `Fixed` (CSAF `fixed`): in MSRC CSAF, the MSRC product IDs of the fixed versions.
    public static let fixed = ProductStatusType(rawValue: "Fixed")
    /// `Recommended` (CSAF `recommended`).
    public static let recommended = ProductStatusType(rawValue: "Recommended")
    /// `Last Affected` (CSAF `last_affected`).
    public static let lastAffected = ProductStatusType(rawValue: "Last Affected")
    /// `Under Investigation` (CSAF `under_investigation`; not in CVRF 1.1).
    public static let underInvestigation = ProductStatusType(rawValue: "Under Investigation")

    /// The type for an integer code of the CVRF JSON variant.
    ///
    /// Only 3 (`Known Affected`) occurs in MSRC data; it matches the alphabetical order of the CVRF 1.1 names,
    /// which this mapping follows for the other codes. Unknown codes are kept as their decimal text.
    public init(cvrfJSONCode code: Int) {
        let alphabetical: [ProductStatusType] = [
            .firstAffected, .firstFixed, .fixed, .knownAffected, .knownNotAffected, .lastAffected, .recommended,
        ]
        self = alphabetical.indices.contains(code) ? alphabetical[code] : ProductStatusType(rawValue: "\(code)")
    }

    /// The type for a CSAF 2.0 `product_status` key (`known_affected`), or `nil` for an unknown key.
    public init?(csafKey key: String) {
        switch key {
        case "first_affected": self = .firstAffected
        case "known_affected": self = .knownAffected
        case "known_not_affected": self = .knownNotAffected
        case "first_fixed": self = .firstFixed
        case "fixed": self = .fixed
        case "recommended": self = .recommended
        case "last_affected": self = .lastAffected
        case "under_investigation": self = .underInvestigation
        default: return nil
        }
    }

    /// The CVRF XML spelling.
    public var description: String { rawValue }
}
