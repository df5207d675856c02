/// A JSON document built in memory and written with its keys in the order they were given (RFC 8259), so the
/// interchange renderers (SARIF, CycloneDX, OpenVEX) write reproducible bytes in a readable order.
enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number with a fraction, written in its shortest round-tripping form.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose members keep their order.
    case object([Member])

    /// One member of an object.
    struct Member: Sendable, Hashable {
        /// The key.
        let key: String
        /// The value.
        let value: JSONValue
    }

    /// An object from `(key, value)` pairs; a `nil` value leaves its member out.
    static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { Member(key: key, value: $0) } })
    }

    /// A string, or `nil` (the member left out) when `text` is `nil`.
    static func text(_ text: String?) -> JSONValue? { text.map { .string($0) } }

    /// The document pretty-printed with two-space indentation and a final newline, as UTF-8.
    func renderedBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        write(to: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// Appends the value at nesting level `indent`, as UTF-8.
    private func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: Self.number(value).utf8)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(contentsOf: "[\n".utf8)
            for (index, element) in elements.enumerated() {
                Self.writeIndent(indent + 1, to: &output)
                element.write(to: &output, indent: indent + 1)
                output.append(contentsOf: (index == elements.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.writeIndent(indent, to: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(contentsOf: "{\n".utf8)
            for (index, member) in members.enumerated() {
                Self.writeIndent(indent + 1, to: &output)
                Self.writeString(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                member.value.write(to: &output, indent: indent + 1)
                output.append(contentsOf: (index == members.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.writeIndent(indent, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends two spaces per level.
    private static func writeIndent(_ indent: Int, to output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// A finite number in JSON syntax (`9.8`, `7`); JSON has no NaN or infinity, so those become `0`.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// Appends `text` as a JSON string (RFC 8259 §7): quote, backslash and control characters (and DEL) escaped,
    /// everything else copied as UTF-8.
    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): output.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): output.append(contentsOf: "\\t".utf8)
            case let control where control < 0x20 || control == 0x7F:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hexDigit(control >> 4))
                output.append(hexDigit(control & 0x0F))
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The lower-case hexadecimal digit of `nibble` (0 to 15).
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
