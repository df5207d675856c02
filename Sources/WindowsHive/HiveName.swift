/// Where a key or value name is stored, and how it is encoded (Latin-1 when the record's "compressed name"
/// flag is set, else UTF-16LE; regf §key node, §key value).
struct NameRef: Sendable, Hashable {
    /// File offset of the first byte of the name.
    let start: Int
    /// The stored length in bytes.
    let byteCount: Int
    /// Whether each byte is one Latin-1 character (else two bytes make one UTF-16 unit).
    let isLatin1: Bool

    /// The number of UTF-16 units in the name.
    var unitCount: Int { isLatin1 ? byteCount : byteCount / 2 }
}

/// Upper-cases one UTF-16 unit the way registry name comparison does (simple, one-to-one mappings only).
@inline(__always)
func upcase(_ unit: UInt16) -> UInt16 {
    if unit < 0x80 { return (unit >= 0x61 && unit <= 0x7A) ? unit &- 0x20 : unit }
    return upcaseNonASCII(unit)
}

/// The slow path of ``upcase(_:)``: Unicode's simple uppercase mapping when it is one BMP unit.
func upcaseNonASCII(_ unit: UInt16) -> UInt16 {
    guard let scalar = Unicode.Scalar(unit) else { return unit }
    let mapped = scalar.properties.uppercaseMapping.utf16
    guard mapped.count == 1, let first = mapped.first else { return unit }
    return first
}

/// The `lh` hash of a name: `h = 37 * h + upcase(unit)` over its UTF-16 units (regf §hash leaf).
func hashLeafHash(of name: String) -> UInt32 {
    var hash: UInt32 = 0
    for unit in name.utf16 { hash = hash &* 37 &+ UInt32(upcase(unit)) }
    return hash
}

extension HiveStorage {
    /// The UTF-16 unit at `index` of a stored name; the caller keeps `index < ref.unitCount`.
    @inline(__always)
    func unit(_ ref: NameRef, _ index: Int) -> UInt16 {
        ref.isLatin1 ? UInt16(u8(ref.start + index)) : u16(ref.start + 2 * index)
    }

    /// Decodes a stored name (unpaired surrogates become U+FFFD): one allocation, the string itself.
    func decode(_ ref: NameRef) -> String {
        let span = bytes.extracting(ref.start..<(ref.start + ref.byteCount))
        if ref.isLatin1 {
            return span.withUnsafeBytes { raw in
                // ASCII is already UTF-8; other Latin-1 bytes take two UTF-8 bytes each.
                let wide = raw.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
                if wide == 0 { return String(decoding: raw, as: UTF8.self) }
                return String(unsafeUninitializedCapacity: raw.count + wide) { output in
                    var index = 0
                    for byte in raw {
                        if byte < 0x80 {
                            output[index] = byte
                            index += 1
                        } else {
                            output[index] = 0xC0 | byte >> 6
                            output[index + 1] = 0x80 | byte & 0x3F
                            index += 2
                        }
                    }
                    return index
                }
            }
        }
        return span.withUnsafeBytes { raw in
            let units = raw.count / 2
            #if _endian(little)
            if let base = raw.baseAddress, Int(bitPattern: base) % 2 == 0 {
                return String(
                    decoding: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt16.self), count: units),
                    as: UTF16.self)
            }
            #endif
            var copied: [UInt16] = []
            copied.reserveCapacity(units)
            for index in 0..<units {
                let low = UInt16(raw[2 * index])
                let high = UInt16(raw[2 * index + 1])
                copied.append(low | high << 8)
            }
            return String(decoding: copied, as: UTF16.self)
        }
    }

    /// Compares a stored name with `query` case-insensitively (negative, zero or positive as the stored name
    /// sorts before, equal to or after it), with a fast path for ASCII queries (no generic dispatch,
    /// no transcoding); falls back to UTF-16 comparison otherwise.
    func compare(_ ref: NameRef, _ query: String) -> Int {
        var query = query
        let fast: Int?? = query.withUTF8 { bytes -> Int? in
            var index = 0
            let count = ref.unitCount
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                guard index < count else { return -1 }
                let stored = upcase(unit(ref, index))
                let wanted = UInt16(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
                if stored != wanted { return stored < wanted ? -1 : 1 }
                index += 1
            }
            return index < count ? 1 : 0
        }
        if let fast, let result = fast { return result }
        return compareUnits(ref, query.utf16)
    }

    /// Compares a stored name with UTF-16 `units` case-insensitively, by upper-cased units: negative, zero
    /// or positive as the stored name sorts before, equal to or after them.
    func compareUnits(_ ref: NameRef, _ units: some Sequence<UInt16>) -> Int {
        var index = 0
        let count = ref.unitCount
        for queryUnit in units {
            guard index < count else { return -1 }
            let stored = upcase(unit(ref, index))
            let wanted = upcase(queryUnit)
            if stored != wanted { return stored < wanted ? -1 : 1 }
            index += 1
        }
        return index < count ? 1 : 0
    }

    /// Whether a stored name equals `query`, ignoring case.
    @inline(__always)
    func matches(_ ref: NameRef, _ query: String) -> Bool {
        compare(ref, query) == 0
    }

    /// Compares two stored names case-insensitively, by upper-cased UTF-16 units.
    func compare(_ lhs: NameRef, _ rhs: NameRef) -> Int {
        let common = min(lhs.unitCount, rhs.unitCount)
        for index in 0..<common {
            let left = upcase(unit(lhs, index))
            let right = upcase(unit(rhs, index))
            if left != right { return left < right ? -1 : 1 }
        }
        return lhs.unitCount == rhs.unitCount ? 0 : (lhs.unitCount < rhs.unitCount ? -1 : 1)
    }
}
