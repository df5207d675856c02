import Foundation

/// The facts about a document the database records (the `documents` table).
struct DocumentFacts: Sendable {
    /// The document ID (`2024-Mar`).
    let id: String
    /// The document title.
    let title: String?
    /// The format it was decoded from.
    let format: String
    /// The lowercase hex SHA-256 of the document's (decompressed) bytes.
    let sha256: String
    /// The size of the (decompressed) bytes.
    let size: Int
    /// The document's `InitialReleaseDate`.
    let initialReleaseDate: Date?
    /// The document's `CurrentReleaseDate`.
    let currentReleaseDate: Date?
    /// Where it came from.
    let origin: String
    /// The update client's record, if it was fetched.
    let fetch: FetchRecord?
    /// The input position.
    let position: Int
    /// The zstd-compressed bytes the database keeps, so that an update can rebuild without downloading
    /// the months that did not change.
    let compressed: [UInt8]
}
