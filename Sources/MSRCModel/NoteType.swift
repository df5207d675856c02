/// The kind of a CVRF note (CVRF 1.1 `Note/@Type`, plus Microsoft's `Tag` and `CNA`).
///
/// An open set: values the decoders do not know are kept as they are written.
public struct NoteType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The type as CVRF XML spells it (`FAQ`, `Tag`).
    public let rawValue: String

    /// Creates a note type from its CVRF XML spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// CVRF `General` (JSON 0).
    public static let general = NoteType(rawValue: "General")
    /// CVRF `Details` (JSON 1): the document's release notes.
    public static let details = NoteType(rawValue: "Details")
    /// CVRF `Description` (JSON 2).
    public static let description = NoteType(rawValue: "Description")
    /// CVRF `Summary` (JSON 3).
    public static let summary = NoteType(rawValue: "Summary")
    /// CVRF `FAQ` (JSON 4).
    public static let faq = NoteType(rawValue: "FAQ")
    /// CVRF `Legal Disclaimer` (JSON 5).
    public static let legalDisclaimer = NoteType(rawValue: "Legal Disclaimer")
    /// CVRF `Other` (JSON 6): MSRC uses it for "Customer Action Required" and "NIST NVD Details".
    public static let other = NoteType(rawValue: "Other")
    /// Microsoft's `Tag` (JSON 7): the product area ("Windows Kernel").
    public static let tag = NoteType(rawValue: "Tag")
    /// Microsoft's `CNA` (JSON 8): the CVE Numbering Authority that assigned the CVE.
    public static let cna = NoteType(rawValue: "CNA")

    /// The types in the order of their integer codes in the CVRF JSON variant.
    static let jsonCodes: [NoteType] = [
        .general, .details, .description, .summary, .faq, .legalDisclaimer, .other, .tag, .cna,
    ]

    /// The type for an integer code of the CVRF JSON variant (unknown codes are kept as their decimal text).
    public init(cvrfJSONCode code: Int) {
        self = NoteType.jsonCodes.indices.contains(code) ? NoteType.jsonCodes[code] : NoteType(rawValue: "\(code)")
    }

    /// The CVRF XML spelling.
    public var description: String { rawValue }
}
