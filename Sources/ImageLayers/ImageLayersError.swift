/// An error met while reading an image: a source that cannot be read, a manifest that does not parse, a
/// layer whose bytes do not match its digest, a corrupt compressed stream or tar.
public struct ImageLayersError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A file or folder of the source cannot be opened or read.
        case unreadable
        /// The source is not of the kind it claims (not a tar, no `manifest.json`, no `index.json`).
        case notAnImage
        /// A manifest, index or config is not valid JSON or lacks required fields.
        case badManifest
        /// A blob the manifest names is not in the source.
        case missingBlob
        /// A blob's bytes do not hash to its digest (compressed digest or diff-id).
        case digestMismatch
        /// A blob is shorter or longer than its descriptor says.
        case sizeMismatch
        /// A compressed stream is corrupt or truncated.
        case badCompression
        /// A layer's tar stream is corrupt or truncated.
        case badArchive
        /// An entry path escapes the layer (`..`, absolute) or a selected file is a link that cannot be used.
        case unsafePath
        /// A selected file is larger than the caller allows.
        case tooLarge
        /// No image in the source matches the requested platform or tag.
        case noMatchingImage
        /// The image is not a Windows image.
        case notWindows
        /// A media type or compression this reader does not handle.
        case unsupported
        /// A network or registry failure (HTTP status, timeout, authentication).
        case network
        /// The operation was cancelled.
        case cancelled
    }

    /// What kind of problem this is.
    public let code: Code
    /// One line, for people.
    public let message: String
    /// Where: a layer digest, a path inside the source, a URL.
    public let context: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// The same error with `context` added in front of any it had (e.g. the layer it happened in).
    public func within(_ outer: String) -> ImageLayersError {
        ImageLayersError(code, message, context: context.map { "\(outer): \($0)" } ?? outer)
    }

    /// `context: message`, on one line.
    public var description: String {
        let text = context.map { "\($0): \(message)" } ?? message
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
