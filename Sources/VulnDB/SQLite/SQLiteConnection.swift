import CSQLite

/// One SQLite connection (the C API through `CSQLite`); closed when released. Opened without SQLite's own
/// mutex: its users use it from one thread at a time (``VulnDatabase`` holds a lock). Internal: the module
/// exposes Swift values only.
final class SQLiteConnection {
    /// How to open the file.
    enum Mode {
        /// Read only; the file must exist.
        case readOnly
        /// Read and write, creating the file when missing.
        case create
        /// Read and write; the file must exist.
        case readWrite
    }

    /// The C handle.
    let handle: OpaquePointer
    /// The file, for errors.
    let path: String

    /// Opens `path`. SQLite opens lazily: a file that is not a database fails at the first statement.
    init(path: String, mode: Mode) throws(VulnDBError) {
        var flags: Int32 = SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        }
        var pointer: OpaquePointer?
        let status = sqlite3_open_v2(path, &pointer, flags, nil)
        guard status == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            if let pointer { sqlite3_close_v2(pointer) }
            throw VulnDBError(mode == .readOnly ? .unreadable : .storage, "cannot open: \(message)", context: path)
        }
        handle = pointer
        self.path = path
        sqlite3_extended_result_codes(pointer, 1)
        sqlite3_busy_timeout(pointer, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(VulnDBError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(errorMessage)
            throw error(status, message)
        }
    }

    /// Compiles `sql`.
    func prepare(_ sql: String) throws(VulnDBError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status) }
        return SQLiteStatement(statement, connection: self)
    }

    /// The first column of the first row of `sql` as an integer, if there is one.
    func integer(_ sql: String) throws(VulnDBError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// The first column of the first row of `sql` as text, if there is one.
    func text(_ sql: String) throws(VulnDBError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    /// The rowid of the last inserted row.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// A ``VulnDBError`` for SQLite result `status`: damage and "not a database" are
    /// ``VulnDBError/Code-swift.enum/corruptDatabase``, the rest ``VulnDBError/Code-swift.enum/storage``.
    func error(_ status: Int32, _ message: String? = nil) -> VulnDBError {
        let text = message ?? String(cString: sqlite3_errmsg(handle))
        switch status & 0xFF {
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return VulnDBError(.corruptDatabase, "not a usable database (\(text))", context: path)
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            return VulnDBError(.unreadable, text, context: path)
        default:
            return VulnDBError(.storage, "SQLite: \(text)", context: path)
        }
    }
}
