public import Foundation

/// One source document of a database.
public struct DocumentRecord: Sendable, Hashable, Codable {
    /// The document ID (`2024-Mar`, `msrc_CVE-2025-29795`).
    public let id: String
    /// The document title, if it has one.
    public let title: String?
    /// The format it was decoded from (``MSRCModel/MSRCDocumentFormat`` raw value: `cvrfXML`, `cvrfJSON`, `csaf`).
    public let format: String
    /// The lowercase hex SHA-256 of the document's bytes (decompressed, as the API serves them).
    public let sha256: String
    /// The size of those bytes.
    public let size: Int
    /// The document's `InitialReleaseDate` (for a monthly document, its Patch Tuesday).
    public let initialReleaseDate: Date?
    /// The document's `CurrentReleaseDate` (when it was last republished).
    public let currentReleaseDate: Date?
    /// The updates index's `CurrentReleaseDate` the document was taken for, when it came with an index.
    public let indexReleaseDate: Date?
    /// The file or URL it was read from.
    public let source: String
    /// How many vulnerabilities it lists.
    public let vulnerabilityCount: Int

    /// Creates a document record.
    public init(
        id: String, title: String?, format: String, sha256: String, size: Int, initialReleaseDate: Date?,
        currentReleaseDate: Date?, indexReleaseDate: Date?, source: String, vulnerabilityCount: Int
    ) {
        self.id = id
        self.title = title
        self.format = format
        self.sha256 = sha256
        self.size = size
        self.initialReleaseDate = initialReleaseDate
        self.currentReleaseDate = currentReleaseDate
        self.indexReleaseDate = indexReleaseDate
        self.source = source
        self.vulnerabilityCount = vulnerabilityCount
    }
}
