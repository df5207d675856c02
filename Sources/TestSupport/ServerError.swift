/// A failure of a helper command or server, with the end of its output.
public struct ServerError: Error, CustomStringConvertible {
    /// What happened.
    public let description: String

    /// An error saying `description`.
    public init(description: String) { self.description = description }
}
