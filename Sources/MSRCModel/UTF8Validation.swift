import Foundation

/// Checks that a document's bytes are UTF-8 before `XMLParser` sees them: swift-corelibs-foundation's parser
/// traps (an illegal instruction, not an error) on an element name that is not valid UTF-8, which MSRCFuzz found
/// with a one-byte mutation of a CVRF document. libxml2 converts documents that declare another encoding (or
/// start with a UTF-16 byte order mark) to UTF-8 itself, so those are left to it.
enum UTF8Validation {
    /// The offset of the first byte that is not part of a valid UTF-8 sequence, or `nil` when all are valid (or
    /// the document declares another encoding).
    static func firstInvalidOffset(in data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            let bytes = raw.bindMemory(to: UInt8.self)
            if declaresAnotherEncoding(bytes) { return nil }
            return firstInvalidOffset(in: bytes)
        }
    }

    /// Whether the bytes start with a UTF-16 byte order mark or an XML declaration naming a non-UTF-8 encoding.
    static func declaresAnotherEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return true
        }
        let head = String(decoding: bytes.prefix(200), as: UTF8.self).lowercased()
        guard head.hasPrefix("<?xml") || head.hasPrefix("\u{FEFF}<?xml"),
            let end = head.range(of: "?>"), let encoding = head[..<end.lowerBound].range(of: "encoding=")
        else { return false }
        let value = head[encoding.upperBound...].drop { $0 == "\"" || $0 == "'" }.prefix { $0 != "\"" && $0 != "'" }
        return value != "utf-8" && value != "utf8"
    }

    /// The offset of the first invalid UTF-8 sequence in `bytes` (overlong forms, surrogates and values above
    /// U+10FFFF are invalid), or `nil`.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            // ASCII runs, eight bytes at a time.
            while index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// The 1-based line and column of byte `offset`.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for (index, byte) in data.prefix(offset).enumerated() where byte == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
