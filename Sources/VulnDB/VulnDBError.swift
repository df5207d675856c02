/// An error met while building, updating, importing or reading a vulnerability database, with where it
/// happened: the input file, the URL or the database file.
///
/// Every operation that fails with one of these leaves the existing database as it was.
public struct VulnDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A file or folder cannot be read, or the database folder cannot be written.
        case unreadable
        /// The caller gave nothing to build from, or a folder holds no MSRC document.
        case noInput
        /// A compressed input is corrupt or truncated (`.zst`).
        case badCompression
        /// An input is not a valid MSRC document (see ``MSRCModel/MSRCError`` for the details in the message).
        case badDocument
        /// An updates index names a document that is not there (no file beside it, HTTP 404).
        case missingDocument
        /// The file is not a database this module wrote, or SQLite reports it damaged.
        case corruptDatabase
        /// The database was written with another schema version.
        case schemaMismatch
        /// A checksum does not match, or none was given for an import.
        case checksumMismatch
        /// The network failed, or a server answered with an unexpected HTTP status.
        case network
        /// SQLite failed while writing (disk full, permissions).
        case storage
        /// An argument is not usable (a malformed URL or checksum).
        case invalidArgument
    }

    /// What kind of problem this is.
    public let code: Code
    /// One line, for people.
    public let message: String
    /// Where: an input file, a URL, or the database file.
    public let context: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// `context: message`, on one line.
    public var description: String {
        let text = context.map { "\($0): \(message)" } ?? message
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
