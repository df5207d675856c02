/// A failure reported as one line on stderr with exit status 2.
struct InspectorFailure: Error, CustomStringConvertible {
    /// The line to print (without the `scanning-inspector:` prefix).
    let message: String
    /// Wraps a message.
    init(_ message: String) { self.message = message }
    /// The message.
    var description: String { message }
}
