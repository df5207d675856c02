/// How the decoders clean the text of short fields, identically for XML and JSON input.
enum TextField {
    /// `text` without surrounding whitespace, or `nil` when that leaves nothing.
    static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        guard let first = text.utf8.first, let last = text.utf8.last else { return nil }
        if !isSpace(first) && !isSpace(last) { return text }
        let result = text[...].trimmingWhitespace()
        return result.isEmpty ? nil : String(result)
    }

    /// `text` as it is, or `nil` when it is empty or only whitespace (long HTML fields keep their whitespace).
    static func nonBlank(_ text: String?) -> String? {
        guard let text else { return nil }
        return text.utf8.contains(where: { !isSpace($0) }) ? text : nil
    }

    /// An integer written in decimal, trimmed; `nil` otherwise.
    static func integer(_ text: String?) -> Int? {
        trimmed(text).flatMap { Int($0) }
    }

    /// A number written in decimal, trimmed; `nil` otherwise.
    static func number(_ text: String?) -> Double? {
        trimmed(text).flatMap { Double($0) }
    }

    /// Whether `byte` is XML whitespace.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

extension Substring {
    /// The substring without leading and trailing XML whitespace.
    func trimmingWhitespace() -> Substring {
        let bytes = utf8
        guard let start = bytes.firstIndex(where: { !TextField.isSpace($0) }),
            let last = bytes.lastIndex(where: { !TextField.isSpace($0) })
        else { return self[endIndex...] }
        return Substring(bytes[start...last])
    }
}
