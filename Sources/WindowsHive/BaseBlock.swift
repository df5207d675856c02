/// The 4096-byte header of a hive file (regf specification, "Base block").
public struct BaseBlock: Sendable, Hashable, Codable {
    /// The size of the base block; hive bins start right after it.
    public static let size = 4096

    /// Primary sequence number (offset 4), incremented when a write starts.
    public let primarySequence: UInt32
    /// Secondary sequence number (offset 8), set equal to the primary when a write completes.
    public let secondarySequence: UInt32
    /// Last written timestamp (offset 12), a FILETIME.
    public let lastWritten: FileTime
    /// Major format version (offset 20), always 1.
    public let majorVersion: UInt32
    /// Minor format version (offset 24): 3, 4, 5, or 6 for differencing hives.
    public let minorVersion: UInt32
    /// File type (offset 28): 0 for a primary file.
    public let fileType: UInt32
    /// File format (offset 32): 1 for direct memory load.
    public let fileFormat: UInt32
    /// Offset of the root key's cell, relative to the start of the hive bins data (offset 36).
    public let rootCellOffset: UInt32
    /// Size of the hive bins data in bytes (offset 40).
    public let hiveBinsDataSize: UInt32
    /// The file name field (offset 48, 64 bytes of UTF-16LE), up to its first NUL.
    public let fileName: String
    /// Flags (offset 144): bit 0x1 KTM locked, bit 0x2 the hive supports layered keys.
    public let flags: UInt32
    /// The checksum stored at offset 508.
    public let storedChecksum: UInt32
    /// The XOR-32 checksum computed over bytes 0..<508.
    public let computedChecksum: UInt32

    /// Whether the sequence numbers differ: the last write did not complete and the primary may lack it.
    public var isDirty: Bool { primarySequence != secondarySequence }
    /// Whether the stored checksum matches the computed one.
    public var hasValidChecksum: Bool { storedChecksum == computedChecksum }
    /// Whether the hive declares support for layered keys (flags bit 0x2), as differencing hives do.
    public var supportsLayeredKeys: Bool { flags & 0x2 != 0 }
    /// The format version as text, e.g. `"1.6"`.
    public var version: String { "\(majorVersion).\(minorVersion)" }

    /// Parses the base block at the start of `bytes`.
    init(_ storage: HiveStorage) throws(HiveError) {
        guard storage.count >= 4 else {
            throw HiveError(.notAHive, "file too short to be a registry hive (\(storage.count) bytes)", offset: 0)
        }
        guard storage.u32(0) == 0x6667_6572 else {  // "regf"
            throw HiveError(.notAHive, "no 'regf' signature: not a registry hive", offset: 0)
        }
        guard storage.count >= 512 else {
            throw HiveError(.truncated, "base block truncated (\(storage.count) of 4096 bytes)", offset: 0)
        }
        primarySequence = storage.u32(4)
        secondarySequence = storage.u32(8)
        lastWritten = FileTime(rawValue: storage.u64(12))
        majorVersion = storage.u32(20)
        minorVersion = storage.u32(24)
        fileType = storage.u32(28)
        fileFormat = storage.u32(32)
        rootCellOffset = storage.u32(36)
        hiveBinsDataSize = storage.u32(40)
        var units: [UInt16] = []
        for index in 0..<32 {
            let unit = storage.u16(48 + 2 * index)
            if unit == 0 { break }
            units.append(unit)
        }
        fileName = String(decoding: units, as: UTF16.self)
        flags = storage.u32(144)
        storedChecksum = storage.u32(508)
        computedChecksum = BaseBlock.checksum(storage)
    }

    /// The XOR-32 checksum of bytes 0..<508, with 0 mapped to 1 and 0xFFFFFFFF to 0xFFFFFFFE.
    static func checksum(_ storage: HiveStorage) -> UInt32 {
        var sum: UInt32 = 0
        for index in 0..<127 { sum ^= storage.u32(4 * index) }
        if sum == 0 { return 1 }
        if sum == 0xFFFF_FFFF { return 0xFFFF_FFFE }
        return sum
    }
}

/// A Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC.
public struct FileTime: RawRepresentable, Sendable, Hashable, Codable, Comparable {
    /// The raw 64-bit count of 100 ns intervals since 1601-01-01 UTC.
    public let rawValue: UInt64

    /// Wraps a raw FILETIME.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Seconds since 1970-01-01 UTC (negative before it).
    public var secondsSince1970: Double { Double(Int64(bitPattern: rawValue) - 116_444_736_000_000_000) / 1e7 }

    /// Orders by time.
    public static func < (lhs: FileTime, rhs: FileTime) -> Bool { lhs.rawValue < rhs.rawValue }
}
