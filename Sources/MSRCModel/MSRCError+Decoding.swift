import Foundation

extension MSRCError {
    /// The error for a failed `JSONDecoder` run over `data`, a `what` ("CVRF JSON document", "CSAF advisory"…).
    init(decoding error: any Error, what: String, data: Data) {
        guard let decodingError = error as? DecodingError else {
            self.init(.malformed, "the \(what) could not be read: \(error)")
            return
        }
        switch decodingError {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = context.underlyingError.map { ": \(MSRCError.oneLine("\($0)"))" } ?? ""
                self.init(
                    .malformed,
                    "the \(what) is not well-formed JSON (\(data.count) bytes, \(Preview.of(data)))\(detail)")
            } else {
                self.init(
                    .wrongType, "a field of the \(what) is invalid: \(MSRCError.oneLine(context.debugDescription))",
                    keyPath: MSRCError.keyPath(context.codingPath))
            }
        case .typeMismatch(_, let context):
            if context.codingPath.isEmpty {
                self.init(.notMSRCDocument, "the JSON is not a \(what): the top level is not an object")
            } else {
                self.init(
                    .wrongType,
                    "a field of the \(what) has the wrong type: \(MSRCError.plain(context.debugDescription))",
                    keyPath: MSRCError.keyPath(context.codingPath))
            }
        case .valueNotFound(_, let context):
            self.init(
                .wrongType, "a field of the \(what) is null where a value is needed",
                keyPath: MSRCError.keyPath(context.codingPath))
        case .keyNotFound(let key, let context):
            self.init(
                .missingField, "the \(what) has no \(key.stringValue)", keyPath: MSRCError.keyPath(context.codingPath))
        @unknown default:
            self.init(.malformed, "the \(what) could not be read: \(error)")
        }
    }

    /// `Vulnerability[3].CVE` for a coding path.
    static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    /// Foundation's type-mismatch wording in JSON terms, on one line.
    static func plain(_ text: String) -> String {
        oneLine(text).replacingOccurrences(
            of: "Expected to decode Array<Any> but found", with: "expected an array, found"
        )
        .replacingOccurrences(
            of: "Expected to decode Dictionary<String, Any> but found", with: "expected an object, found"
        )
        .replacingOccurrences(of: " instead.", with: "")
    }

    /// `text` on one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
