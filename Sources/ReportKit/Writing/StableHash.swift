/// FNV-1a, 64 bits: a small deterministic hash for identifiers that must not change between runs
/// (SARIF fingerprints, document IDs). Not a cryptographic hash; collisions only cost a duplicate ID.
struct StableHash: Sendable, Hashable {
    /// The FNV-1a 64-bit offset basis.
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The FNV-1a 64-bit prime.
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash so far.
    private(set) var value: UInt64 = Self.offsetBasis

    /// Mixes in the UTF-8 bytes of each part, each followed by a 0 byte so `("ab","c")` differs from `("a","bc")`.
    mutating func combine(_ parts: String...) {
        for part in parts {
            for byte in part.utf8 { mix(byte) }
            mix(0)
        }
    }

    /// Mixes in one byte.
    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* Self.prime
    }

    /// The hash of `parts`.
    static func of(_ parts: String...) -> StableHash {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return hash
    }

    /// The value as 16 lowercase hex digits.
    var hex: String { Self.hex(value, digits: 16) }

    /// A UUID (RFC 9562 layout, version 5 and variant bits set) built from two hashes of `parts`, so the same
    /// report always gets the same UUID; lowercase, with hyphens.
    static func uuid(_ parts: String...) -> String {
        var high = StableHash()
        var low = StableHash()
        low.combine("winscan-uuid-low")
        for part in parts {
            high.combine(part)
            low.combine(part)
        }
        let first = (high.value & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_5000
        let second = (low.value & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let digits = hex(first, digits: 16) + hex(second, digits: 16)
        let characters = Array(digits)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }

    /// `number` as `digits` lowercase hex digits, zero-padded.
    private static func hex(_ number: UInt64, digits: Int) -> String {
        let text = String(number, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
