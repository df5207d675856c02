import Foundation

/// What an update needs from the database it replaces: its documents (with their stored copies) and the
/// index validators. Reading it checks it, so an update never overwrites a database of another schema.
struct StoredDatabase: Sendable {
    /// The database file.
    let path: String
    /// Documents by ID.
    let documents: [String: StoredDocument]
    /// The index `ETag` of the last update.
    let indexETag: String?
    /// The index `Last-Modified` of the last update.
    let indexLastModified: String?

    /// Reads the database at `path`, or `nil` when there is none.
    static func read(_ path: String) throws(VulnDBError) -> StoredDatabase? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let database = try VulnDatabase(contentsOf: path)
        try database.verifyIntegrity()
        let connection = database.connection
        let statement = try connection.prepare(
            """
            SELECT d.document_id, d.index_release_date, d.current_release_date, d.etag, d.last_modified, d.source,
                s.zstd, d.sha256
            FROM documents d JOIN document_sources s ON s.document = d.id
            """)
        var documents: [String: StoredDocument] = [:]
        while try statement.step() {
            let stamp = statement.optionalInt64(1) ?? statement.optionalInt64(2)
            documents[statement.text(0) ?? ""] = StoredDocument(
                stamp: stamp,
                fetch: FetchRecord(indexReleaseDate: stamp, etag: statement.text(3), lastModified: statement.text(4)),
                source: statement.text(5) ?? "", compressed: statement.blob(6) ?? [], sha256: statement.text(7) ?? "")
        }
        return StoredDatabase(
            path: path, documents: documents,
            indexETag: try connection.text("SELECT value FROM meta WHERE key = 'index_etag'"),
            indexLastModified: try connection.text("SELECT value FROM meta WHERE key = 'index_last_modified'"))
    }

    /// Records in place that an update found the database current (best effort: a read-only database
    /// stays as it is).
    func markChecked(at date: Date, indexETag: String? = nil, indexLastModified: String? = nil) {
        guard let connection = try? SQLiteConnection(path: path, mode: .readWrite) else { return }
        var values = [DatabaseSchema.Key.checkedAt: String(DatabaseWriter.seconds(date))]
        values[DatabaseSchema.Key.indexETag] = indexETag
        values[DatabaseSchema.Key.indexLastModified] = indexLastModified
        guard (try? connection.execute("BEGIN IMMEDIATE")) != nil else { return }
        do {
            let statement = try connection.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                statement.bind(key, at: 1)
                statement.bind(value, at: 2)
                try statement.run()
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
        }
    }
}
