import CSQLite
import Foundation

/// A vulnerability database opened for reading: its status, its documents, and everything that affects a
/// set of products, loaded into Swift values.
///
/// Opening checks that the file is a database this module wrote, with the schema version it reads; a file
/// that is not (another schema, a damaged or foreign file) is a ``VulnDBError`` naming it. Calls on one
/// value take turns on its connection (a lock), so it may be shared between tasks.
public final class VulnDatabase: @unchecked Sendable {
    /// The schema version this module writes and reads.
    public static let schemaVersion = DatabaseSchema.version

    /// The database file.
    public let path: String
    /// The build metadata.
    public let metadata: DatabaseMetadata
    /// The connection.
    let connection: SQLiteConnection
    /// Serializes the use of the connection.
    private let lock = NSLock()

    /// Opens the database at `path` read-only and checks it.
    public init(contentsOf path: String) throws(VulnDBError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw VulnDBError(
                .unreadable, "no database here (build one with `winscan db build` or `winscan db update`)",
                context: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw VulnDBError(.unreadable, "not a regular file", context: path)
        }
        self.path = path
        connection = try SQLiteConnection(path: path, mode: .readOnly)
        metadata = try Self.checkedMetadata(connection)
        // Pages are read through a memory map rather than one read call each.
        try connection.execute("PRAGMA mmap_size = 1073741824")
    }

    /// Reads and checks the application ID, schema version and `meta` table.
    static func checkedMetadata(_ connection: SQLiteConnection) throws(VulnDBError) -> DatabaseMetadata {
        let path = connection.path
        let applicationID = try connection.integer("PRAGMA application_id") ?? 0
        guard applicationID == DatabaseSchema.applicationID else {
            throw VulnDBError(
                .corruptDatabase, "not a winscan vulnerability database (SQLite application_id \(applicationID))",
                context: path)
        }
        let userVersion = Int(try connection.integer("PRAGMA user_version") ?? 0)
        var meta: [String: String] = [:]
        do {
            let statement = try connection.prepare("SELECT key, value FROM meta")
            while try statement.step() {
                if let key = statement.text(0), let value = statement.text(1) { meta[key] = value }
            }
        } catch {
            if error.code == .corruptDatabase { throw error }
            throw VulnDBError(
                .corruptDatabase, "the database has no readable meta table (\(error.message))", context: path)
        }
        let version = meta[DatabaseSchema.Key.schemaVersion].flatMap { Int($0) } ?? userVersion
        guard version == DatabaseSchema.version, userVersion == version else {
            throw VulnDBError(
                .schemaMismatch,
                "the database has schema version \(version); this build reads version \(DatabaseSchema.version) "
                    + "(rebuild it with `winscan db build` or `winscan db update`)",
                context: path)
        }
        guard let builtAt = meta[DatabaseSchema.Key.builtAt].flatMap({ Int64($0) }) else {
            throw VulnDBError(.corruptDatabase, "the database's meta table has no build date", context: path)
        }
        return DatabaseMetadata(
            schemaVersion: version, builtAt: Date(timeIntervalSince1970: Double(builtAt)),
            builderVersion: meta[DatabaseSchema.Key.builderVersion] ?? "unknown",
            checkedAt: meta[DatabaseSchema.Key.checkedAt].flatMap { Int64($0) }.map {
                Date(timeIntervalSince1970: Double($0))
            },
            baseURL: meta[DatabaseSchema.Key.baseURL])
    }

    /// Runs `body` while holding the connection.
    func withConnection<T>(_ body: (SQLiteConnection) throws(VulnDBError) -> T) throws(VulnDBError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// The database's identity: its metadata, document count and file facts, without the table scans of
    /// ``status()`` (a few hundred microseconds rather than milliseconds), for scans and caches.
    public func identity() throws(VulnDBError) -> DatabaseIdentity {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw VulnDBError(
                .unreadable, "the database file is gone (\(String(cString: strerror(errno))))", context: path)
        }
        let documents = try withConnection { connection throws(VulnDBError) in
            Int(try connection.integer("SELECT count(*) FROM documents") ?? 0)
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return DatabaseIdentity(
            path: path, metadata: metadata, documents: documents, fileSize: Int64(info.st_size),
            modifiedNanoseconds: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec))
    }

    /// Counts, build metadata and the newest document.
    public func status() throws(VulnDBError) -> DatabaseStatus {
        try withConnection { _ throws(VulnDBError) in try statusLocked() }
    }

    /// ``status()`` with the connection held.
    private func statusLocked() throws(VulnDBError) -> DatabaseStatus {
        func count(_ sql: String) throws(VulnDBError) -> Int { Int(try connection.integer(sql) ?? 0) }
        let counts = DatabaseStatus.Counts(
            vulnerabilities: try count("SELECT count(*) FROM vulnerabilities"),
            products: try count("SELECT count(*) FROM products"),
            productStatuses: try count("SELECT count(*) FROM product_status"),
            remediations: try count("SELECT count(*) FROM remediations"),
            fixes: try count(
                "SELECT count(*) FROM remediations WHERE type = (SELECT id FROM texts WHERE text = 'Vendor Fix')"),
            kbs: try count("SELECT count(*) FROM kbs"),
            supersedenceEdges: try count("SELECT count(*) FROM supersedence"),
            documents: try count("SELECT count(*) FROM documents"))
        let (newest, latest) = try newestDocumentsLocked()
        return DatabaseStatus(
            path: path, metadata: metadata, counts: counts, newestDocument: newest, latestMonth: latest)
    }

    /// The most recently republished document and the latest month.
    func newestDocuments() throws(VulnDBError) -> (newest: DocumentRecord?, latest: DocumentRecord?) {
        try withConnection { _ throws(VulnDBError) in try newestDocumentsLocked() }
    }

    /// ``newestDocuments()`` with the connection held.
    private func newestDocumentsLocked() throws(VulnDBError) -> (newest: DocumentRecord?, latest: DocumentRecord?) {
        (
            try documents(where: "ORDER BY current_release_date DESC, document_id LIMIT 1").first,
            try documents(where: "ORDER BY initial_release_date DESC, document_id LIMIT 1").first
        )
    }

    /// Every document the database was built from, oldest month first.
    public func documents() throws(VulnDBError) -> [DocumentRecord] {
        try withConnection { _ throws(VulnDBError) in try documents(where: "ORDER BY id") }
    }

    /// Documents selected by an SQL tail.
    private func documents(where tail: String) throws(VulnDBError) -> [DocumentRecord] {
        let statement = try connection.prepare(
            """
            SELECT document_id, title, format, sha256, size, initial_release_date, current_release_date,
                index_release_date, source, vulnerabilities
            FROM documents \(tail)
            """)
        var records: [DocumentRecord] = []
        while try statement.step() {
            records.append(
                DocumentRecord(
                    id: statement.text(0) ?? "", title: statement.text(1), format: statement.text(2) ?? "",
                    sha256: statement.text(3) ?? "", size: Int(statement.int64(4)),
                    initialReleaseDate: Self.date(statement.optionalInt64(5)),
                    currentReleaseDate: Self.date(statement.optionalInt64(6)),
                    indexReleaseDate: Self.date(statement.optionalInt64(7)), source: statement.text(8) ?? "",
                    vulnerabilityCount: Int(statement.int64(9))))
        }
        return records
    }

    /// A date from Unix seconds.
    static func date(_ seconds: Int64?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// Runs SQLite's structural check over the whole file (`PRAGMA quick_check`).
    func verifyIntegrity() throws(VulnDBError) {
        try withConnection { connection throws(VulnDBError) in try Self.verifyIntegrity(connection) }
    }

    /// `PRAGMA quick_check` through `connection`.
    static func verifyIntegrity(_ connection: SQLiteConnection) throws(VulnDBError) {
        let path = connection.path
        let statement = try connection.prepare("PRAGMA quick_check")
        var problems: [String] = []
        while try statement.step() {
            if let line = statement.text(0), line != "ok" { problems.append(line) }
        }
        if let first = problems.first {
            throw VulnDBError(.corruptDatabase, "the database is damaged (\(first))", context: path)
        }
    }
}
