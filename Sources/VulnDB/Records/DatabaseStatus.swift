public import Foundation

/// What a database holds, and how fresh it is.
public struct DatabaseStatus: Sendable, Hashable, Codable {
    /// Row counts.
    public struct Counts: Sendable, Hashable, Codable {
        /// Distinct CVEs (and advisories such as `ADV180002`).
        public let vulnerabilities: Int
        /// Distinct product IDs.
        public let products: Int
        /// Per-product status rows (CVE × product).
        public let productStatuses: Int
        /// Remediation rows of every type.
        public let remediations: Int
        /// `Vendor Fix` remediation rows.
        public let fixes: Int
        /// Distinct KB numbers of `Vendor Fix` rows.
        public let kbs: Int
        /// Supersedence edges (KB → superseded KB).
        public let supersedenceEdges: Int
        /// Source documents.
        public let documents: Int

        /// Creates counts.
        public init(
            vulnerabilities: Int, products: Int, productStatuses: Int, remediations: Int, fixes: Int, kbs: Int,
            supersedenceEdges: Int, documents: Int
        ) {
            self.vulnerabilities = vulnerabilities
            self.products = products
            self.productStatuses = productStatuses
            self.remediations = remediations
            self.fixes = fixes
            self.kbs = kbs
            self.supersedenceEdges = supersedenceEdges
            self.documents = documents
        }
    }

    /// The database file.
    public let path: String
    /// Build metadata (schema version, build date, builder).
    public let metadata: DatabaseMetadata
    /// Row counts.
    public let counts: Counts
    /// The most recently republished document (greatest `CurrentReleaseDate`): how current the data is.
    public let newestDocument: DocumentRecord?
    /// The latest month (greatest `InitialReleaseDate`).
    public let latestMonth: DocumentRecord?

    /// Creates a status.
    public init(
        path: String, metadata: DatabaseMetadata, counts: Counts, newestDocument: DocumentRecord?,
        latestMonth: DocumentRecord?
    ) {
        self.path = path
        self.metadata = metadata
        self.counts = counts
        self.newestDocument = newestDocument
        self.latestMonth = latestMonth
    }

    /// When the database was built.
    public var builtAt: Date { metadata.builtAt }

    /// The newest data's date (the greatest document `CurrentReleaseDate`), if any.
    public var newestDocumentDate: Date? { newestDocument?.currentReleaseDate }

    /// How long ago the database was built, at `now`.
    public func age(at now: Date = Date()) -> TimeInterval { now.timeIntervalSince(metadata.builtAt) }
}
