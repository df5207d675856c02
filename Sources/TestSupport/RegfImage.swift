/// A generated hive file and where its cells landed, so tests can find and corrupt any record.
///
/// Key paths are `\` for the root and `\A`, `\A\B` for its descendants (names as given, the root's own name
/// left out); value paths append `:` and the value name (`\A\B:Name`, the default value `\A\B:`, a root value
/// `\:Name`). All offsets named "file offset" count from the start of the file and point at the cell's size
/// field; when siblings share a name, the one written last wins.
public struct RegfImage: Sendable {
    /// The complete hive file; the base block checksum is correct as built.
    public var bytes: [UInt8]
    /// Key path → file offset of the key's nk cell.
    public let keyOffsets: [String: Int]
    /// Value path → file offset of the value's vk cell.
    public let valueOffsets: [String: Int]
    /// Value path → file offset of the value's data cell (the `db` cell for big data); values stored inline
    /// and tombstones have none.
    public let valueDataOffsets: [String: Int]
    /// Key path → file offset of the key's subkey list cell (the top `ri` cell for index roots); keys without
    /// subkeys have none.
    public let subkeyListOffsets: [String: Int]
    /// Key path → file offsets of the leaves below the key's index root, in order; keys with a plain leaf
    /// list have none.
    public let leafListOffsets: [String: [Int]]
    /// Key path → file offset of the key's value-list cell; keys without values have none.
    public let valueListOffsets: [String: Int]
    /// Key path → file offset of the key's class-name cell; keys without a class name have none.
    public let classNameOffsets: [String: Int]
    /// File offset of the one `sk` cell all keys share.
    public let securityCellOffset: Int
    /// The root cell offset as stored in the base block (relative to the hive bins data, i.e. file offset − 4096).
    public let rootCellOffset: Int

    /// Creates an image from its bytes and offset tables (the writer's job; public for tests of readers).
    public init(
        bytes: [UInt8],
        keyOffsets: [String: Int],
        valueOffsets: [String: Int],
        valueDataOffsets: [String: Int],
        subkeyListOffsets: [String: Int],
        leafListOffsets: [String: [Int]],
        valueListOffsets: [String: Int],
        classNameOffsets: [String: Int],
        securityCellOffset: Int,
        rootCellOffset: Int
    ) {
        self.bytes = bytes
        self.keyOffsets = keyOffsets
        self.valueOffsets = valueOffsets
        self.valueDataOffsets = valueDataOffsets
        self.subkeyListOffsets = subkeyListOffsets
        self.leafListOffsets = leafListOffsets
        self.valueListOffsets = valueListOffsets
        self.classNameOffsets = classNameOffsets
        self.securityCellOffset = securityCellOffset
        self.rootCellOffset = rootCellOffset
    }

    /// Overwrites bytes at a file offset, to build corrupt hives; the checksum is left as it was.
    ///
    /// The image grows with zero bytes when the patch reaches past its end; bytes that would land before
    /// offset 0 are dropped.
    public mutating func patch(at fileOffset: Int, _ newBytes: [UInt8]) {
        let end = fileOffset + newBytes.count
        if end > bytes.count {
            bytes += [UInt8](repeating: 0, count: end - bytes.count)
        }
        for (index, byte) in newBytes.enumerated() where fileOffset + index >= 0 {
            bytes[fileOffset + index] = byte
        }
    }

    /// Overwrites a little-endian `UInt32` at a file offset; the checksum is left as it was.
    public mutating func patchUInt32(at fileOffset: Int, _ value: UInt32) {
        patch(at: fileOffset, (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) })
    }

    /// Overwrites a little-endian `UInt16` at a file offset; the checksum is left as it was.
    public mutating func patchUInt16(at fileOffset: Int, _ value: UInt16) {
        patch(at: fileOffset, [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)])
    }

    /// Cuts the image to its first `count` bytes (to build truncated files); a longer count changes nothing.
    public mutating func truncate(to count: Int) {
        if count >= 0 && count < bytes.count {
            bytes.removeSubrange(count...)
        }
    }

    /// Recomputes the base block checksum (regf spec, "Base block", note 2) and stores it at offset 508.
    public mutating func updateChecksum() {
        patchUInt32(at: 508, Self.checksum(ofBaseBlock: bytes))
    }

    /// The little-endian `UInt32` at a file offset, or `nil` past the end.
    public func uint32(at fileOffset: Int) -> UInt32? {
        guard fileOffset >= 0, fileOffset + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[fileOffset + $1]) << (8 * UInt32($1)) }
    }

    /// The little-endian `UInt16` at a file offset, or `nil` past the end.
    public func uint16(at fileOffset: Int) -> UInt16? {
        guard fileOffset >= 0, fileOffset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[fileOffset]) | UInt16(bytes[fileOffset + 1]) << 8
    }

    /// The XOR-32 checksum of the first 508 bytes (missing bytes count as zero), with 0 stored as 1 and
    /// 0xFFFFFFFF stored as 0xFFFFFFFE (regf spec, "Base block", note 2).
    public static func checksum(ofBaseBlock bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        for word in 0..<127 {
            for byte in 0..<4 where word * 4 + byte < bytes.count {
                sum ^= UInt32(bytes[word * 4 + byte]) << (8 * UInt32(byte))
            }
        }
        switch sum {
        case 0: return 1
        case 0xFFFF_FFFF: return 0xFFFF_FFFE
        default: return sum
        }
    }
}
