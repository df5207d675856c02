/// An error met while building an inventory: a hive that cannot be read.
public struct InventoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable, Hashable, Codable {
        /// A selected hive file is not a readable hive.
        case badHive
    }

    /// What kind of problem this is.
    public let code: Code
    /// One line, for people.
    public let message: String
    /// Where: the layer and file.
    public let context: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// `context: message`.
    public var description: String { context.map { "\($0): \(message)" } ?? message }
}
