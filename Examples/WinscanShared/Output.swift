#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writing to standard output, and one-line messages to standard error.
public final class Output: @unchecked Sendable {
    /// The process's standard output.
    public static let standard = Output()

    /// Pending bytes.
    private var buffer: [UInt8] = []

    /// Creates an empty buffer.
    private init() { buffer.reserveCapacity(1 << 16) }

    /// Appends `text` and a newline, flushing when the buffer is large.
    public func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Appends raw bytes (a rendered report), flushing when the buffer is large.
    public func bytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes pending bytes to standard output.
    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = write(1, raw.baseAddress.map { $0 + written }, raw.count - written)
                if result <= 0 { break }
                written += result
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Prints one line on standard error.
    public static func error(_ text: String) {
        let line = Array((text.split(separator: "\n").first.map(String.init) ?? text).utf8) + [0x0A]
        line.withUnsafeBytes { raw in _ = write(2, raw.baseAddress, raw.count) }
    }
}

/// Small text encoders for the JSON line formats.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Lowercase hexadecimal of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
