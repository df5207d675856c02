/// An error met while decoding an MSRC document, with where it was found.
///
/// Every check the decoders make on outside data ends here rather than in a trap: bytes that are not XML
/// or JSON, a well-formed document that is not CVRF or CSAF, a JSON field of the wrong type.
public struct MSRCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem the decoder met.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The input holds no bytes, or only whitespace.
        case empty
        /// The bytes are not well-formed XML or JSON (this includes a truncated document).
        case malformed
        /// The input is well-formed but is not the kind of document asked for (an HTML page, a JSON array,
        /// another XML vocabulary).
        case notMSRCDocument
        /// A field the model needs is absent (the document ID).
        case missingField
        /// A JSON field has a type the format does not allow there (an object where a string belongs).
        case wrongType
    }

    /// What kind of problem this is.
    public let code: Code
    /// A one-line, human-readable explanation.
    public let message: String
    /// The 1-based XML line where the problem was found, if known.
    public let line: Int?
    /// The 1-based XML column where the problem was found, if known.
    public let column: Int?
    /// The JSON key path where the problem was found (`Vulnerability[3].CVE`), if known.
    public let keyPath: String?
    /// The ID of the document being decoded (`2024-Mar`), if it was read before the problem.
    public let documentID: String?
    /// The file the document was read from, if the caller said so (see ``attributed(to:)``).
    public let file: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil,
        documentID: String? = nil, file: String? = nil
    ) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.documentID = documentID
        self.file = file
    }

    /// The same error, attributed to `file`.
    public func attributed(to file: String) -> MSRCError {
        MSRCError(code, message, line: line, column: column, keyPath: keyPath, documentID: documentID, file: file)
    }

    /// `file: document ID: message (at line L, column C)` or `(at key path)`, on one line.
    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if let documentID { text += "\(documentID): " }
        text += message
        if let line {
            text += " (at line \(line)"
            if let column { text += ", column \(column)" }
            text += ")"
        } else if let keyPath, !keyPath.isEmpty {
            text += " (at \(keyPath))"
        }
        return text
    }
}
