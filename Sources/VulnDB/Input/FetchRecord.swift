import Foundation

/// What the update client recorded about a fetched document: the index date it was fetched for and the
/// HTTP validators that make the next request conditional.
struct FetchRecord: Sendable, Hashable, Codable {
    /// The updates index's `CurrentReleaseDate` for the document when it was fetched (Unix seconds).
    var indexReleaseDate: Int64?
    /// The response's `ETag`, if any.
    var etag: String?
    /// The response's `Last-Modified`, if any.
    var lastModified: String?
}
