extension RegfWriter {
    /// A key or value name as stored in a record.
    struct EncodedName {
        /// The stored bytes: Latin-1 when `isCompressed`, else UTF-16LE.
        let bytes: [UInt8]
        /// Whether the name is stored one byte a character (nk flag 0x20, vk flag 0x1).
        let isCompressed: Bool
        /// The stored name as UTF-16 code units, from which hints, hashes and the sort order are computed.
        let units: [UInt16]

        /// The name's length in bytes when treated as UTF-16LE, as the "largest name" fields count it.
        var utf16ByteCount: Int { units.count * 2 }
    }

    /// Encodes a key name as its `nameEncoding` asks.
    static func encodeName(_ key: RegfKey) -> EncodedName {
        encodeName(key.name, key.nameEncoding)
    }

    /// Encodes a name: Latin-1 (scalars above U+00FF become `?`) or UTF-16LE.
    static func encodeName(_ name: String, _ encoding: RegfNameEncoding) -> EncodedName {
        let fitsLatin1 = name.unicodeScalars.allSatisfy { $0.value <= 0xFF }
        let compressed: Bool
        switch encoding {
        case .automatic: compressed = fitsLatin1
        case .latin1: compressed = true
        case .utf16: compressed = false
        }
        if compressed {
            let bytes = name.unicodeScalars.map { $0.value <= 0xFF ? UInt8($0.value) : 0x3F }
            return EncodedName(bytes: bytes, isCompressed: true, units: bytes.map { UInt16($0) })
        }
        let units = Array(name.utf16)
        return EncodedName(bytes: utf16LittleEndian(units), isCompressed: false, units: units)
    }

    /// UTF-16 code units as little-endian bytes.
    static func utf16LittleEndian(_ units: [UInt16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count * 2)
        for unit in units {
            bytes.append(UInt8(truncatingIfNeeded: unit))
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        return bytes
    }

    /// Upper-cases one UTF-16 code unit: ASCII and Latin-1 letters, and any other BMP character whose Unicode
    /// uppercase mapping is one BMP character; everything else (surrogates included) is kept.
    static func upcase(_ unit: UInt16) -> UInt16 {
        switch unit {
        case 0x61...0x7A:
            return unit - 0x20
        case 0..<0x80:
            return unit
        default:
            guard let scalar = Unicode.Scalar(unit) else { return unit }
            let mapped = scalar.properties.uppercaseMapping.unicodeScalars
            guard mapped.count == 1, let upper = mapped.first, upper.value <= 0xFFFF else { return unit }
            return UInt16(upper.value)
        }
    }

    /// The hash-leaf hash of a name: `h = 37 * h + upcase(c)` over its UTF-16 units (regf spec, "Hash leaf").
    static func nameHash(_ units: [UInt16]) -> UInt32 {
        units.reduce(UInt32(0)) { $0 &* 37 &+ UInt32(upcase($1)) }
    }

    /// The fast-leaf hint of a name: its first four characters as Latin-1 bytes, zero-padded; when one of them
    /// is above U+00FF the copy stops there and the first byte is zeroed (regf spec, "Fast leaf").
    static func nameHint(_ units: [UInt16]) -> [UInt8] {
        var hint: [UInt8] = [0, 0, 0, 0]
        for (index, unit) in units.prefix(4).enumerated() {
            guard unit <= 0xFF else {
                hint[0] = 0
                break
            }
            hint[index] = UInt8(unit)
        }
        return hint
    }

    /// Whether `lhs` sorts before `rhs` by upper-cased UTF-16 code units, as subkey lists must be ordered.
    static func sortsBefore(_ lhs: [UInt16], _ rhs: [UInt16]) -> Bool {
        lhs.lazy.map(upcase).lexicographicallyPrecedes(rhs.lazy.map(upcase))
    }
}
