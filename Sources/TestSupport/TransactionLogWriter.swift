/// Writes registry transaction logs from two versions of a hive file, for recovery tests.
///
/// Given the bytes of a primary hive file before (`old`) and after (`new`) some changes, the writer produces what a
/// crash between logging the changes and writing them to the primary leaves behind (regf specification §"Format of
/// transaction log files"): the old file with a base block marked mid-write, and logs holding the 4096-byte pages
/// that differ, in the new format (`HvLE` entries with Marvin32 hashes, Windows 8.1+) or the old format (a `DIRT`
/// dirty vector and 512-byte pages). Replaying such a log onto the dirty primary must give back `new`'s hive bins.
///
/// Sequence numbers follow Windows: with `S` the old file's secondary sequence number, the dirty primary reads
/// `S+1`/`S`; new-format entries carry `S`, `S+1`, …; an old-format log's base block carries `S+1`. The logs'
/// base blocks are copies of `new`'s first 512 bytes (so `new` decides the root cell offset, version, flags and
/// identity fields) with the log file type, these sequence numbers and a fresh checksum.
public struct TransactionLogWriter: Sendable {
    /// One new-format log file and where its entries are.
    public struct NewFormatLog: Sendable, Hashable {
        /// The log file.
        public let bytes: [UInt8]
        /// File offset of each `HvLE` entry, in order.
        public let entryOffsets: [Int]
        /// Sequence number of each entry, in order; the first is also the base block's.
        public let sequenceNumbers: [UInt32]
    }

    /// The Marvin32 seed of log entry hashes (regf §New format, note 3).
    public static let logEntrySeed: UInt64 = 0x82EF_4D88_7A4E_55C5

    /// The primary file as it was before the changes.
    public let old: [UInt8]
    /// The primary file as it is after the changes.
    public let new: [UInt8]

    /// Size of a base block, and of a hive page.
    private static let pageSize = 4096
    /// Size of a log's base block copy and of an old-format dirty page.
    private static let sectorSize = 512

    /// Takes the two versions of the primary file; both should start with a 4096-byte base block.
    public init(old: [UInt8], new: [UInt8]) {
        self.old = old
        self.new = new
    }

    /// The old file's secondary sequence number, `S`.
    public var baseSequence: UInt32 { Self.load(old, 8) }

    /// The new file's hive bins data size (offset 40 of its base block).
    public var newHiveBinsDataSize: Int { Int(Self.load(new, 40)) }

    /// Offsets, relative to the hive bins data, of the 4096-byte pages a log must carry: those of `new`'s hive bins
    /// that differ from `old`, or that lie past the end of the old file.
    public var changedPages: [Int] {
        var pages: [Int] = []
        var offset = 0
        while offset < newHiveBinsDataSize {
            let start = Self.pageSize + offset
            let newPage = Self.bytes(new, start, Self.pageSize)
            if start + Self.pageSize > old.count || Self.bytes(old, start, Self.pageSize) != newPage {
                pages.append(offset)
            }
            offset += Self.pageSize
        }
        return pages
    }

    /// The old file with its primary sequence number raised to `S+1` (a write began and never finished) and its
    /// checksum made valid again.
    public func dirtyPrimary() -> [UInt8] {
        var bytes = old
        Self.store(baseSequence &+ 1, in: &bytes, 4)
        Self.store(baseSequence, in: &bytes, 8)
        return Self.withValidChecksum(bytes)
    }

    /// New-format logs carrying the changed pages in `entryCount` entries (at least one, at most one per page),
    /// numbered from `firstSequence` (default `S`).
    ///
    /// With `split`, the first `split` entries go to one log and the rest to a second, as the dual-logging scheme
    /// leaves them; otherwise all go to one log. Each entry declares the hive bins data size its pages reach (the
    /// last entry `new`'s), pages of contiguous offsets share one page reference, and each entry is padded so the
    /// next starts on a 4096-byte boundary, as Windows writes them.
    public func newFormatLogs(entryCount: Int = 1, split: Int? = nil, firstSequence: UInt32? = nil)
        -> [NewFormatLog]
    {
        let first = firstSequence ?? baseSequence
        let pages = changedPages.isEmpty ? [0] : changedPages
        let count = min(max(entryCount, 1), pages.count)
        let oldSize = Int(Self.load(old, 40))
        var entries: [(sequence: UInt32, pages: ArraySlice<Int>, binsSize: Int)] = []
        var reach = oldSize
        for index in 0..<count {
            let chunk = pages[(index * pages.count / count)..<((index + 1) * pages.count / count)]
            reach = max(reach, (chunk.last ?? 0) + Self.pageSize)
            let binsSize = index == count - 1 ? newHiveBinsDataSize : min(reach, max(oldSize, newHiveBinsDataSize))
            entries.append((first &+ UInt32(index), chunk, binsSize))
        }
        let cut = min(max(split ?? count, 0), count)
        return [entries[0..<cut], entries[cut...]].filter { !$0.isEmpty }.map { group in
            var bytes = logBaseBlock(fileType: 6, sequence: group.first?.sequence ?? first)
            var offsets: [Int] = []
            for entry in group {
                offsets.append(bytes.count)
                bytes += entryBytes(
                    at: bytes.count,
                    sequence: entry.sequence,
                    pages: Array(entry.pages),
                    binsSize: entry.binsSize
                )
            }
            return NewFormatLog(bytes: bytes, entryOffsets: offsets, sequenceNumbers: group.map(\.sequence))
        }
    }

    /// An old-format log: base block (file type 1, sequence `S+1`), a `DIRT` dirty vector over `new`'s hive bins
    /// with all eight 512-byte bits of each changed page set, and those pages.
    public func oldFormatLog() -> [UInt8] {
        var bytes = logBaseBlock(fileType: 1, sequence: baseSequence &+ 1)
        let oldTime = Self.load64(old, 12)
        if oldTime > Self.load64(bytes, 12) {
            // The log must not look older than the primary it completes.
            Self.store(UInt32(truncatingIfNeeded: oldTime), in: &bytes, 12)
            Self.store(UInt32(truncatingIfNeeded: oldTime >> 32), in: &bytes, 16)
            bytes = Self.withValidChecksum(bytes)
        }
        var bitmap = [UInt8](repeating: 0, count: newHiveBinsDataSize / Self.pageSize)
        let pages = changedPages
        for page in pages {
            bitmap[page / Self.pageSize] = 0xFF
        }
        bytes += Array("DIRT".utf8) + bitmap
        bytes += [UInt8](repeating: 0, count: Self.padding(bytes.count, Self.sectorSize))
        for page in pages {
            bytes += Self.bytes(new, Self.pageSize + page, Self.pageSize)
        }
        return bytes
    }

    /// `bytes` with the base block checksum at offset 508 recomputed (XOR of the 127 words before it; 0 becomes 1
    /// and 0xFFFFFFFF becomes 0xFFFFFFFE).
    public static func withValidChecksum(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 512 else { return bytes }
        var sum: UInt32 = 0
        for word in 0..<127 {
            sum ^= load(bytes, 4 * word)
        }
        if sum == 0 { sum = 1 }
        if sum == 0xFFFF_FFFF { sum = 0xFFFF_FFFE }
        var sealed = bytes
        store(sum, in: &sealed, 508)
        return sealed
    }

    /// The Marvin32 hash of `bytes` (64 bits: the high state word, then the low one).
    public static func marvin32(_ bytes: [UInt8], seed: UInt64 = logEntrySeed) -> UInt64 {
        var low = UInt32(truncatingIfNeeded: seed)
        var high = UInt32(truncatingIfNeeded: seed >> 32)
        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }
        func mix(_ word: UInt32) {
            low &+= word
            high ^= low
            low = rotate(low, 20) &+ high
            high = rotate(high, 9) ^ low
            low = rotate(low, 27) &+ high
            high = rotate(high, 19)
        }
        let whole = bytes.count / 4 * 4
        for offset in stride(from: 0, to: whole, by: 4) {
            mix(load(bytes, offset))
        }
        var tail: UInt32 = 0x80
        for byte in bytes[whole...].reversed() {
            tail = tail << 8 | UInt32(byte)
        }
        mix(tail)
        mix(0)
        return UInt64(high) << 32 | UInt64(low)
    }

    /// `new`'s first 512 bytes as a log's base block: `fileType`, both sequence numbers `sequence`, valid checksum.
    private func logBaseBlock(fileType: UInt32, sequence: UInt32) -> [UInt8] {
        var block = Self.bytes(new, 0, Self.sectorSize)
        Self.store(sequence, in: &block, 4)
        Self.store(sequence, in: &block, 8)
        Self.store(fileType, in: &block, 28)
        return Self.withValidChecksum(block)
    }

    /// One `HvLE` entry carrying `pages` of `new`, to be stored at file offset `offset`.
    private func entryBytes(at offset: Int, sequence: UInt32, pages: [Int], binsSize: Int) -> [UInt8] {
        // Contiguous pages share one reference.
        var runs: [(offset: Int, size: Int)] = []
        for page in pages {
            if let last = runs.last, last.offset + last.size == page {
                runs[runs.count - 1].size += Self.pageSize
            } else {
                runs.append((page, Self.pageSize))
            }
        }
        var body: [UInt8] = []
        for run in runs {
            body += Self.encode(UInt32(run.offset)) + Self.encode(UInt32(run.size))
        }
        for run in runs {
            body += Self.bytes(new, Self.pageSize + run.offset, run.size)
        }
        let unpadded = offset + 40 + body.count
        body += [UInt8](repeating: 0, count: Self.padding(unpadded, Self.pageSize))
        var header = Array("HvLE".utf8)
        header += Self.encode(UInt32(40 + body.count))
        header += Self.encode(Self.load(new, 144) & 1)
        header += Self.encode(sequence)
        header += Self.encode(UInt32(binsSize))
        header += Self.encode(UInt32(runs.count))
        let hash1 = Self.marvin32(body)
        header += Self.encode(UInt32(truncatingIfNeeded: hash1)) + Self.encode(UInt32(truncatingIfNeeded: hash1 >> 32))
        let hash2 = Self.marvin32(header)
        header += Self.encode(UInt32(truncatingIfNeeded: hash2)) + Self.encode(UInt32(truncatingIfNeeded: hash2 >> 32))
        return header + body
    }

    /// Bytes needed after `count` to reach a multiple of `alignment`.
    private static func padding(_ count: Int, _ alignment: Int) -> Int {
        (alignment - count % alignment) % alignment
    }

    /// `count` bytes of `source` from `start`, zero-filled where `source` ends.
    private static func bytes(_ source: [UInt8], _ start: Int, _ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let end = min(source.count, start + count)
        if start < end {
            result.replaceSubrange(0..<(end - start), with: source[start..<end])
        }
        return result
    }

    /// The little-endian `UInt32` at `offset`, or 0 past the end.
    private static func load(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    /// The little-endian `UInt64` at `offset`, or 0 past the end.
    private static func load64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        UInt64(load(bytes, offset)) | UInt64(load(bytes, offset + 4)) << 32
    }

    /// Stores `value` little-endian at `offset` if it fits.
    private static func store(_ value: UInt32, in bytes: inout [UInt8], _ offset: Int) {
        guard offset >= 0, offset + 4 <= bytes.count else { return }
        bytes.replaceSubrange(offset..<(offset + 4), with: encode(value))
    }

    /// `value` as four little-endian bytes.
    private static func encode(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }
}
