import Foundation

/// Text as the standard fonts draw it: `WinAnsiEncoding` (PDF 1.7 Annex D.2), one byte a character.
///
/// Latin-1 (U+0020…U+007E, U+00A0…U+00FF) keeps its code; the typographic characters WinAnsi adds at
/// 128…159 (curly quotes, dashes, `…`, `€`, `™`…) get theirs; a few common symbols are spelled in ASCII
/// (`≥` as `>=`); everything else becomes `?`, and control characters a space.
enum WinAnsiEncoding {
    /// The Unicode scalars WinAnsi places at 128…159.
    private static let extras: [UInt32: UInt8] = [
        0x20AC: 128, 0x201A: 130, 0x0192: 131, 0x201E: 132, 0x2026: 133, 0x2020: 134, 0x2021: 135, 0x02C6: 136,
        0x2030: 137, 0x0160: 138, 0x2039: 139, 0x0152: 140, 0x017D: 142, 0x2018: 145, 0x2019: 146, 0x201C: 147,
        0x201D: 148, 0x2022: 149, 0x2013: 150, 0x2014: 151, 0x02DC: 152, 0x2122: 153, 0x0161: 154, 0x203A: 155,
        0x0153: 156, 0x017E: 158, 0x0178: 159,
    ]

    /// Symbols with a plain spelling.
    private static let spellings: [UInt32: String] = [
        0x2264: "<=", 0x2265: ">=", 0x2260: "!=", 0x2192: "->", 0x2190: "<-", 0x2010: "-", 0x2011: "-", 0x2212: "-",
        0x2032: "'", 0x2033: "\"", 0x200B: "", 0xFEFF: "",
    ]

    /// The characters of WinAnsi bytes: the inverse of ``bytes(_:)`` on what it writes.
    static func string(_ bytes: [UInt8]) -> String {
        var text = ""
        text.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = byte >= 128 && byte < 160 ? (decodedExtras[byte] ?? 0x3F) : UInt32(byte)
            text.unicodeScalars.append(UnicodeScalar(value) ?? "?")
        }
        return text
    }

    /// `extras` inverted.
    private static let decodedExtras: [UInt8: UInt32] = Dictionary(
        uniqueKeysWithValues: extras.map { ($0.value, $0.key) })

    /// The byte standing for the ellipsis `…`.
    static let ellipsis: UInt8 = 133

    /// The bytes of `text`, one per character drawn.
    static func bytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x20...0x7E, 0xA0...0xFF:
                bytes.append(UInt8(value))
            case 0x00...0x1F, 0x7F...0x9F:
                bytes.append(UInt8(ascii: " "))
            default:
                if let code = extras[value] {
                    bytes.append(code)
                } else if let spelling = spellings[value] {
                    bytes += Array(spelling.utf8)
                } else {
                    bytes.append(UInt8(ascii: "?"))
                }
            }
        }
        return bytes
    }
}
