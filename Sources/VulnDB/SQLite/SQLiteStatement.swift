import CSQLite

/// A compiled statement: bind parameters (1-based), step through rows, read columns (0-based).
final class SQLiteStatement {
    /// The C handle.
    private let handle: OpaquePointer
    /// The connection, kept alive while the statement lives.
    private let connection: SQLiteConnection

    /// Wraps a prepared statement of `connection`.
    init(_ handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds an integer, or NULL.
    func bind(_ value: Int64?, at index: Int32) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds an integer, or NULL.
    func bind(_ value: Int?, at index: Int32) {
        bind(value.map(Int64.init), at: index)
    }

    /// Binds a floating-point number, or NULL.
    func bind(_ value: Double?, at index: Int32) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds text, or NULL.
    func bind(_ value: String?, at index: Int32) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                if let address = text.baseAddress {
                    _ = sqlite3_bind_text(handle, index, address, Int32(text.count), Self.transient)
                } else {
                    // An empty buffer may have no address; a NULL pointer would bind NULL, not "".
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
            }
        }
    }

    /// Binds a blob, or NULL.
    func bind(_ value: [UInt8]?, at index: Int32) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob64(
                handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                sqlite3_uint64(bytes.count), Self.transient)
        }
    }

    /// Steps once: `true` when a row is ready, `false` when the statement is done.
    func step() throws(VulnDBError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(status)
        }
    }

    /// Runs the statement to its end (an insert or update), then resets it for the next bindings.
    func run() throws(VulnDBError) {
        while try step() {}
        reset()
    }

    /// Resets the statement to run again; bindings stay until bound again.
    func reset() {
        sqlite3_reset(handle)
    }

    /// Whether column `index` is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as an integer (0 for NULL).
    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as an integer, or `nil` for NULL.
    func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }

    /// Column `index` as an integer, or `nil` for NULL or 0 (one call instead of two, for columns where 0 never
    /// occurs: row IDs, KB numbers, dates).
    func nonZero(_ index: Int32) -> Int64? {
        let value = sqlite3_column_int64(handle, index)
        return value == 0 ? nil : value
    }

    /// Column `index` as a floating-point number, or `nil` for NULL.
    func double(_ index: Int32) -> Double? { isNull(index) ? nil : sqlite3_column_double(handle, index) }

    /// Column `index` as text, or `nil` for NULL.
    func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes, or `nil` for NULL.
    func blob(_ index: Int32) -> [UInt8]? {
        if isNull(index) { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
