/// Why a scan could not produce a report: the image could not be read or the database not opened. An image
/// that is read but not identified is not an error: its report says so.
public struct ScanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// The image could not be resolved or a layer could not be read (including digest mismatches).
        case image
        /// The registry hives could not be read.
        case inventory
        /// The vulnerability database could not be read.
        case database
        /// The scan was cancelled.
        case cancelled
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, in one line.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
