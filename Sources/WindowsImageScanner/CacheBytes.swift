/// Writes the compact binary form of cached values: fixed-width little-endian integers, IEEE doubles by bit
/// pattern, strings, a presence byte before optionals and a count before arrays.
///
/// A string is written once: its first occurrence as a 4-byte length and its UTF-8, every later one as a
/// 4-byte reference (high bit set) to that first occurrence — findings repeat product names, URLs and whole fix
/// lists, so a cached match of 1,600 findings shrinks about fourfold and reads back without decoding the
/// repeats. Read by ``CacheBytesReader``, which checks every length, count and reference.
struct CacheBytesWriter {
    /// The bytes so far.
    private(set) var bytes: [UInt8] = []
    /// The strings written so far, by their number (in order of first occurrence).
    private var written: [String: UInt32] = [:]
    /// Marks a reference to an earlier string.
    static let reference: UInt32 = 1 << 31

    /// Appends `value` as 8 bytes.
    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    /// Appends `value` as 4 bytes.
    mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// Appends one byte.
    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// Appends `raw` as it is (a magic line, a blob whose length was written before).
    mutating func raw(_ raw: [UInt8]) { bytes += raw }

    /// Appends `value` as one byte.
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Appends `value`'s bit pattern.
    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    /// Appends `value`: its length and UTF-8 the first time, a reference to that later.
    mutating func string(_ value: String) {
        if let number = written[value] { return uint32(Self.reference | number) }
        written[value] = UInt32(written.count)
        var value = value
        value.withUTF8 { utf8 in
            uint32(UInt32(utf8.count))
            bytes += utf8
        }
    }

    /// Appends a presence byte, then `value` if present.
    mutating func optional<T>(_ value: T?, _ write: (inout CacheBytesWriter, T) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    /// Appends the count, then each element.
    mutating func array<T>(_ values: [T], _ write: (inout CacheBytesWriter, T) -> Void) {
        uint32(UInt32(values.count))
        for value in values { write(&self, value) }
    }
}

/// Why cached bytes could not be read: they end early, or hold a value that cannot be.
struct CacheBytesError: Error {
    /// What was wrong, for tests and debugging.
    let message: String
}

/// Reads what ``CacheBytesWriter`` wrote, checking every length and count against the bytes left, so that
/// damaged or foreign bytes are an error, never a crash or a huge allocation.
struct CacheBytesReader {
    /// The bytes.
    let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset: Int
    /// The strings read so far, in order of first occurrence (what references point to).
    private var strings: [String] = []

    /// A reader of `bytes` from `offset`.
    init(_ bytes: [UInt8], from offset: Int = 0) {
        self.bytes = bytes
        self.offset = min(max(0, offset), bytes.count)
    }

    /// Whether every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    /// Takes the next `count` bytes' range.
    private mutating func take(_ count: Int) throws(CacheBytesError) -> Range<Int> {
        guard count >= 0, count <= bytes.count - offset else {
            throw CacheBytesError(message: "ends at byte \(bytes.count), \(count) more wanted at \(offset)")
        }
        defer { offset += count }
        return offset..<offset + count
    }

    /// Reads a little-endian unsigned integer of `width` bytes.
    private mutating func unsigned(width: Int) throws(CacheBytesError) -> UInt64 {
        let range = try take(width)
        var value: UInt64 = 0
        for index in range.reversed() { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    /// The range of the next `count` bytes, taken as they are.
    mutating func raw(_ count: Int) throws(CacheBytesError) -> Range<Int> {
        try take(count)
    }

    /// Reads 8 bytes as an `Int`.
    mutating func int() throws(CacheBytesError) -> Int {
        Int(Int64(bitPattern: try unsigned(width: 8)))
    }

    /// Reads 4 bytes.
    mutating func uint32() throws(CacheBytesError) -> UInt32 {
        UInt32(truncatingIfNeeded: try unsigned(width: 4))
    }

    /// Reads one byte.
    mutating func byte() throws(CacheBytesError) -> UInt8 {
        bytes[try take(1).lowerBound]
    }

    /// Reads a byte that must be 0 or 1.
    mutating func bool() throws(CacheBytesError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw CacheBytesError(message: "byte \(other) at \(offset - 1) is no Boolean")
        }
    }

    /// Reads a double by its bit pattern.
    mutating func double() throws(CacheBytesError) -> Double {
        Double(bitPattern: try unsigned(width: 8))
    }

    /// Reads a string: a length and UTF-8, or a reference to a string read before.
    mutating func string() throws(CacheBytesError) -> String {
        let tag = try uint32()
        if tag & CacheBytesWriter.reference != 0 {
            let number = Int(tag & ~CacheBytesWriter.reference)
            guard number < strings.count else {
                throw CacheBytesError(message: "string \(number) at \(offset - 4) was never written")
            }
            return strings[number]
        }
        let range = try take(Int(tag))
        let value = bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
        strings.append(value)
        return value
    }

    /// Reads a presence byte, then the value if present.
    mutating func optional<T>(
        _ read: (inout CacheBytesReader) throws(CacheBytesError) -> T
    ) throws(CacheBytesError) -> T? {
        try bool() ? try read(&self) : nil
    }

    /// Reads a count, then that many elements (a count larger than the bytes left is an error before any
    /// allocation: every element takes at least one byte).
    mutating func array<T>(
        _ read: (inout CacheBytesReader) throws(CacheBytesError) -> T
    ) throws(CacheBytesError) -> [T] {
        let count = Int(try uint32())
        guard count <= bytes.count - offset else {
            throw CacheBytesError(message: "a count of \(count) at \(offset - 4) exceeds the bytes left")
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    /// Reads a string that must be the raw value of a `T`.
    mutating func raw<T: RawRepresentable>(_: T.Type) throws(CacheBytesError) -> T where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            throw CacheBytesError(message: "\"\(text)\" is no \(T.self)")
        }
        return value
    }
}
