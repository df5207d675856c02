import Foundation

/// What a scan needs to know of its database, read without scanning any table: where it is, how and when it
/// was built, how many documents it holds, and the file's size and modification time.
///
/// Two identities that are equal name the same database content, which makes the identity a key for caches of
/// match results: a rebuilt, updated, imported or edited database has another build time, size or modification
/// time. (A copy of the same file elsewhere is another identity; a cache only misses once more.)
public struct DatabaseIdentity: Sendable, Hashable, Codable {
    /// The database file.
    public let path: String
    /// The build metadata.
    public let metadata: DatabaseMetadata
    /// Source documents.
    public let documents: Int
    /// The file's size in bytes.
    public let fileSize: Int64
    /// The file's modification time, in nanoseconds since 1970.
    public let modifiedNanoseconds: Int64

    /// Creates an identity.
    public init(path: String, metadata: DatabaseMetadata, documents: Int, fileSize: Int64, modifiedNanoseconds: Int64) {
        self.path = path
        self.metadata = metadata
        self.documents = documents
        self.fileSize = fileSize
        self.modifiedNanoseconds = modifiedNanoseconds
    }

    /// One line that differs whenever the content may differ (the path left out: a moved file is the same
    /// content).
    public var contentKey: String {
        "schema=\(metadata.schemaVersion);built=\(metadata.builtAt.timeIntervalSince1970);"
            + "builder=\(metadata.builderVersion);documents=\(documents);size=\(fileSize);"
            + "modified=\(modifiedNanoseconds)"
    }
}
