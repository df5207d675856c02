public import Foundation

/// One MSRC document, whichever form it came in: a monthly CVRF document (XML or JSON) or a CSAF 2.0
/// advisory. All three decode to the same values (see ``CVRFXMLDecoder``, ``CVRFJSONDecoder``,
/// ``CSAFDecoder``, or ``init(decoding:)`` to pick one from the bytes).
public struct MSRCDocument: Sendable, Hashable, Codable {
    /// The document ID (`2024-Mar`, `2017-May-B`, `1999-Sep` for Mariner; CSAF `msrc_CVE-2025-29795`).
    public let id: String
    /// The document alias (usually the same as the ID), if given.
    public let alias: String?
    /// The title (`January 2023 Security Updates`), if given.
    public let title: String?
    /// The document type (`Security Update`; CSAF `csaf_security_advisory`), if given.
    public let type: String?
    /// The tracking status (`Final`; CSAF `final`), if given.
    public let status: String?
    /// The tracking version as written, if given.
    public let version: String?
    /// When the document was first released.
    public let initialReleaseDate: Date?
    /// When the document was last republished (a month is republished when later KBs are added).
    public let currentReleaseDate: Date?
    /// The document-wide severity (CSAF `aggregate_severity`; not in CVRF), if given.
    public let aggregateSeverity: Severity?
    /// The document's revision history.
    public let revisionHistory: [Revision]
    /// The document's notes (release notes, legal disclaimer).
    public let notes: [Note]
    /// Every product the document mentions, with its name.
    public let productTree: ProductTree
    /// The vulnerabilities, in document order.
    public let vulnerabilities: [Vulnerability]

    /// Creates a document.
    public init(
        id: String, alias: String? = nil, title: String?, type: String? = nil, status: String? = nil,
        version: String? = nil, initialReleaseDate: Date? = nil, currentReleaseDate: Date? = nil,
        aggregateSeverity: Severity? = nil, revisionHistory: [Revision] = [], notes: [Note] = [],
        productTree: ProductTree, vulnerabilities: [Vulnerability]
    ) {
        self.id = id
        self.alias = alias
        self.title = title
        self.type = type
        self.status = status
        self.version = version
        self.initialReleaseDate = initialReleaseDate
        self.currentReleaseDate = currentReleaseDate
        self.aggregateSeverity = aggregateSeverity
        self.revisionHistory = revisionHistory
        self.notes = notes
        self.productTree = productTree
        self.vulnerabilities = vulnerabilities
    }

    /// Decodes a document in whichever format ``MSRCDocumentFormat/detect(_:)`` recognises.
    public init(decoding data: Data) throws(MSRCError) {
        switch MSRCDocumentFormat.detect(data) {
        case .cvrfXML: self = try CVRFXMLDecoder().decode(data)
        case .cvrfJSON: self = try CVRFJSONDecoder().decode(data)
        case .csaf: self = try CSAFDecoder().decode(data)
        case nil:
            if data.allSatisfy(TextField.isSpace) { throw MSRCError(.empty, "the document is empty") }
            throw MSRCError(.notMSRCDocument, "the document is neither XML nor JSON (\(Preview.of(data)))")
        }
    }

    /// The vulnerability with CVE ID `cve`, if the document lists it.
    public func vulnerability(cve: String) -> Vulnerability? {
        vulnerabilities.first { $0.cve == cve }
    }
}
