/// Why matching could not run (a database that cannot be read). An image that cannot be identified is not an
/// error: it is a ``MatchResult`` with an ``MatchResult/Outcome/unidentified(reason:)`` outcome.
public struct VulnMatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// The database could not be read.
        case databaseUnreadable
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong.
    public let message: String
    /// Where (the database path), when known.
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
