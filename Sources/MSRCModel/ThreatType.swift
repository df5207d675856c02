/// The kind of a CVRF threat (CVRF 1.1 `Threat/@Type`, plus Microsoft's `Severity`).
///
/// An open set: values the decoders do not know are kept as they are written.
public struct ThreatType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The type as CVRF XML spells it (`Impact`, `Exploit Status`).
    public let rawValue: String

    /// Creates a threat type from its CVRF XML spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `Impact` (JSON 0): "Remote Code Execution", "Elevation of Privilege", … per product.
    public static let impact = ThreatType(rawValue: "Impact")
    /// `Exploit Status` (JSON 1): `Publicly Disclosed:No;Exploited:Yes;…`, usually without product IDs.
    public static let exploitStatus = ThreatType(rawValue: "Exploit Status")
    /// `Target Set` (JSON 2).
    public static let targetSet = ThreatType(rawValue: "Target Set")
    /// `Severity` (JSON 3): Critical, Important, Moderate or Low per product.
    public static let severity = ThreatType(rawValue: "Severity")

    /// The types in the order of their integer codes in the CVRF JSON variant.
    static let jsonCodes: [ThreatType] = [.impact, .exploitStatus, .targetSet, .severity]

    /// The type for an integer code of the CVRF JSON variant (unknown codes are kept as their decimal text).
    public init(cvrfJSONCode code: Int) {
        self =
            ThreatType.jsonCodes.indices.contains(code) ? ThreatType.jsonCodes[code] : ThreatType(rawValue: "\(code)")
    }

    /// The CVRF XML spelling.
    public var description: String { rawValue }
}
