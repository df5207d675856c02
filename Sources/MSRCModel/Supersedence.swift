/// The updates a fix replaces, from `Remediation/Supercedence` (spelled so in MSRC data; `Supersedence`
/// is accepted too): the text as written and the KB numbers read from it.
///
/// Observed forms: `5021249`, `5021249, 5021250`, `5021249; 5021250`, `5021249<br><br>5021250`,
/// `MS16-016, 3124280` (bulletin IDs are dropped), `None`, and version numbers (`1.2.3`, dropped). A token is
/// a KB number when it is 1–10 ASCII digits, optionally prefixed by `KB`; tokens are separated by
/// whitespace, `,`, `;`, `<`, `>`, `/`, `|` or `&`. Repeated KBs are kept once, in their first position.
public struct Supersedence: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The text as it was written.
    public let rawValue: String
    /// The superseded KB numbers, in the order they were written.
    public let kbs: [Int]

    /// Reads the KB numbers from `text`.
    public init(_ text: String) {
        rawValue = text
        kbs = Supersedence.kbNumbers(in: text)
    }

    /// The text as it was written.
    public var description: String { rawValue }

    /// Decodes the text form and reads it again.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The KB numbers in `text`, deduplicated in order.
    static func kbNumbers(in text: String) -> [Int] {
        var result: [Int] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            if isSeparator(utf8[index]) {
                if start < index, let kb = kbNumber(utf8[start..<index]), !result.contains(kb) { result.append(kb) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start < utf8.endIndex, let kb = kbNumber(utf8[start...]), !result.contains(kb) { result.append(kb) }
        return result
    }

    /// Whether `byte` separates tokens.
    static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
            UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "|"),
            UInt8(ascii: "&"):
            true
        default: false
        }
    }

    /// The KB number a token spells (`5021249`, `KB5021249`), or `nil`.
    static func kbNumber(_ token: Substring.UTF8View) -> Int? {
        var digits = token[...]
        if digits.count > 2, let first = digits.first, first | 0x20 == UInt8(ascii: "k"),
            digits.dropFirst().first.map({ $0 | 0x20 == UInt8(ascii: "b") }) == true
        {
            digits = digits.dropFirst(2)
        }
        return decimalKB(digits)
    }

    /// The value of 1–10 ASCII digits when it is not 0, else `nil`.
    static func decimalKB(_ digits: Substring.UTF8View) -> Int? {
        guard (1...10).contains(digits.count) else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value > 0 ? value : nil
    }
}
