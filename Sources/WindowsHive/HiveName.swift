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
func hashLeafHash(of name: some StringProtocol) -> UInt32 {
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

    /// Decodes a stored name (unpaired surrogates become U+FFFD).
    func decode(_ ref: NameRef) -> String {
        if ref.isLatin1 {
            let span = bytes.extracting(ref.start..<(ref.start + ref.byteCount))
            return span.withUnsafeBytes { raw in
                String(String.UnicodeScalarView(raw.lazy.map { Unicode.Scalar($0) }))
            }
        }
        var units: [UInt16] = []
        units.reserveCapacity(ref.unitCount)
        for index in 0..<ref.unitCount { units.append(u16(ref.start + 2 * index)) }
        return String(decoding: units, as: UTF16.self)
    }

    /// Compares a stored name with `query` case-insensitively, by upper-cased UTF-16 units:
    /// negative, zero or positive as the stored name sorts before, equal to or after the query.
    func compare(_ ref: NameRef, _ query: some StringProtocol) -> Int {
        var index = 0
        let count = ref.unitCount
        for queryUnit in query.utf16 {
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
    func matches(_ ref: NameRef, _ query: some StringProtocol) -> Bool {
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
