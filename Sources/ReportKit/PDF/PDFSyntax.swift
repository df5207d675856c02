import Foundation

/// How values are spelled in a PDF file (PDF 1.7 §7.3): numbers, strings and dates, always the same way for
/// the same value so that the same report gives the same bytes.
enum PDFSyntax {
    /// A real number with at most three decimals and no exponent (§7.3.3); not-finite values become 0.
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0" }
        let thousandths = Int((value * 1000).rounded())
        let magnitude = thousandths.magnitude
        let whole = magnitude / 1000
        var fraction = magnitude % 1000
        var text = thousandths < 0 ? "-\(whole)" : "\(whole)"
        guard fraction != 0 else { return text }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let padded = String(fraction)
        text += "." + String(repeating: "0", count: digits - padded.count) + padded
        return text
    }

    /// A literal string (§7.3.4.2) of already encoded bytes: `(`, `)` and `\` escaped with a backslash, bytes
    /// outside printable ASCII as three-digit octal escapes, so the file's content streams stay plain ASCII.
    static func literal(_ bytes: [UInt8]) -> String {
        var text = "("
        text.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                text += "\\" + String(UnicodeScalar(byte))
            case 32...126:
                text.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let octal = String(byte, radix: 8)
                text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return text + ")"
    }

    /// A text string for the document information dictionary (§7.9.2.2): a literal when the text is printable
    /// ASCII, otherwise UTF-16BE with a byte order mark, written in hexadecimal.
    static func textString(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ (32...126).contains($0.value) }) {
            return literal(Array(text.utf8))
        }
        var hex = "<FEFF"
        for unit in text.utf16 {
            let digits = String(unit, radix: 16, uppercase: true)
            hex += String(repeating: "0", count: 4 - digits.count) + digits
        }
        return hex + ">"
    }

    /// A date (§7.9.4) in UTC: `D:YYYYMMDDHHmmSSZ`.
    static func date(_ date: Date) -> String {
        "D:" + UTCDate.compact(date) + "Z"
    }
}
