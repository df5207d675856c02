import Foundation

/// One document to build from: where it came from and how to get its bytes.
struct DocumentInput: Sendable {
    /// The document's bytes, in one of the forms an input can have.
    enum Bytes: Sendable {
        /// A file to read (`.xml`, `.json`, or either zstd-compressed).
        case file(String)
        /// A zstd-compressed copy (the database's own, or the update cache's).
        case compressed([UInt8])
    }

    /// The file path or URL it was read from: recorded in the database and named in errors.
    let origin: String
    /// How to get the bytes.
    let bytes: Bytes
    /// What the update client learnt when it fetched the document, if it did.
    var fetch: FetchRecord?
    /// The SHA-256 the bytes must have (a database's stored copy), if known.
    var expectedSHA256: String?
    /// The document's position among the inputs (earlier inputs win ties between duplicate IDs).
    var position: Int = 0
}
