/// A failure the CLI reports as one line on stderr with exit code 2.
public struct CommandFailure: Error, CustomStringConvertible {
    /// The line to print (without the `winscan:` prefix).
    public let message: String
    /// Wraps a message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// What both `winscan` executables report as their version.
public enum WinscanVersion {
    /// The tool's version.
    public static let number = "0.1.0"
    /// The line `winscan --version` prints.
    public static let line = "winscan \(number)"
}
