/// Why a report could not be read or rendered.
public struct ReportKitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// A saved report is not a report this module reads.
        case invalidReport
        /// A renderer failed.
        case renderFailed
        /// A rendered report could not be written.
        case writeFailed
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong.
    public let message: String
    /// Where (a file path), when known.
    public let context: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// One line: the context, then the message.
    public var description: String { context.map { "\($0): \(message)" } ?? message }
}
