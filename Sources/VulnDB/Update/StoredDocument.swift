import Foundation

/// One document as an existing database keeps it.
struct StoredDocument: Sendable {
    /// The date an update compares with the index: the index date it was taken for, else its own
    /// `CurrentReleaseDate` (Unix seconds).
    let stamp: Int64?
    /// The validators for a conditional request.
    let fetch: FetchRecord
    /// Where it was read from.
    let source: String
    /// The zstd-compressed bytes.
    let compressed: [UInt8]
    /// The SHA-256 of the decompressed bytes.
    let sha256: String

    /// An input rebuilding from this copy, with `fetch` as its update record.
    func input(fetch: FetchRecord) -> DocumentInput {
        DocumentInput(origin: source, bytes: .compressed(compressed), fetch: fetch, expectedSHA256: sha256)
    }
}
