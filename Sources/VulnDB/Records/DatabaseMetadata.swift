public import Foundation

/// How and when a database was built.
public struct DatabaseMetadata: Sendable, Hashable, Codable {
    /// The schema version (``VulnDatabase/schemaVersion``).
    public let schemaVersion: Int
    /// When the database was built: a stale database is a fact reports and policies show.
    public let builtAt: Date
    /// The `VulnDB` version that built it.
    public let builderVersion: String
    /// When an update last confirmed the database current with the API (nothing had changed), if ever.
    public let checkedAt: Date?
    /// The API base URL of the last update, if it was updated from the API.
    public let baseURL: String?

    /// Creates metadata.
    public init(schemaVersion: Int, builtAt: Date, builderVersion: String, checkedAt: Date?, baseURL: String?) {
        self.schemaVersion = schemaVersion
        self.builtAt = builtAt
        self.builderVersion = builderVersion
        self.checkedAt = checkedAt
        self.baseURL = baseURL
    }
}
