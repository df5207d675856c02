import Foundation

/// A short, printable preview of the start of some bytes, for error messages.
enum Preview {
    /// Up to 40 characters of `data`, control characters replaced, quoted: `starts with "<!DOCTYPE html>…"`.
    static func of(_ data: Data) -> String {
        let head = data.prefix(40)
        let text = String(decoding: head, as: UTF8.self)
        let printable = String(text.unicodeScalars.map { $0.value < 0x20 || $0 == "\u{FFFD}" ? " " : Character($0) })
        let trimmed = printable[...].trimmingWhitespace()
        return "starts with \"\(trimmed)\(data.count > 40 ? "…" : "")\""
    }
}
