/// An allocated cell's payload: where it starts in the file and how long it is (regf §cells).
///
/// Two 32-bit fields, so that a key or value handle (this and the storage reference) stays small.
@usableFromInline
struct Cell: Sendable, Hashable {
    /// The cell's offset relative to the hive bins data, as other records refer to it.
    @usableFromInline let relative: UInt32
    /// The payload length in bytes (the cell size minus its 4-byte header).
    @usableFromInline let payloadLength: UInt32

    /// The cell at `relative` whose payload is `length` bytes.
    @inlinable @inline(__always)
    init(relative: UInt32, length: Int) {
        self.relative = relative
        self.payloadLength = UInt32(truncatingIfNeeded: length)
    }

    /// The file offset of the payload (just after the 4-byte size field).
    var start: Int { BaseBlock.size + Int(relative) + 4 }
    /// The payload length in bytes.
    var length: Int { Int(payloadLength) }
    /// The file offset one past the payload.
    var end: Int { start + length }
}

/// The relative offset that means "no cell".
let noCell: UInt32 = 0xFFFF_FFFF

extension HiveStorage {
    /// The allocated cell at `relative`, checked against the hive bins: 8-aligned, inside a valid bin and
    /// after its header, allocated (negative size), at least 8 bytes, and not overrunning the bin.
    ///
    /// Every record of a walk goes through here, so the common case — a page already indexed, a cell that
    /// passes — is inlined into the caller; a page not indexed yet and every failure take
    /// ``checkedCell(_:for:)``, which makes the same checks in order and says which one failed.
    @inline(__always)
    func cell(_ relative: UInt32, for purpose: StaticString) throws(HiveError) -> Cell {
        let page = Int(relative / 4096)
        // `noCell` (0xFFFF_FFFF) is not 8-aligned, so the alignment check refuses it too.
        if relative % 8 == 0, page < pageCount, let table = binTable {
            let entry = table[page].load(ordering: .relaxed)
            let binStart = UInt32(truncatingIfNeeded: entry >> 32)
            // An unknown entry (0) decodes as a bin of end 0, which no cell fits: it takes the slow path.
            // `binStart` is a page offset below 2^32 - 4096, so adding 32 cannot overflow.
            if binStart != BinEntry.noBin, relative >= binStart &+ 32 {
                let size = Int(Int32(bitPattern: u32(BaseBlock.size + Int(relative))))
                let length = -size
                if size < 0, length >= 8, length % 8 == 0,
                    Int(relative) + length <= Int(UInt32(truncatingIfNeeded: entry))
                {
                    return Cell(relative: relative, length: length - 4)
                }
            }
        }
        return try checkedCell(relative, for: purpose)
    }

    /// ``cell(_:for:)`` the long way: indexes the page's bin if needed, then checks the cell in order and throws
    /// the first check that fails.
    @inline(never)
    func checkedCell(_ relative: UInt32, for purpose: StaticString) throws(HiveError) -> Cell {
        let page = Int(relative / 4096)
        guard relative % 8 == 0, page < pageCount else { throw Self.outsideBins(relative, purpose) }
        let fileOffset = BaseBlock.size + Int(relative)
        guard let table = binTable else { throw Self.inNoBin(fileOffset, purpose) }  // not configured: no bins
        var entry = table[page].load(ordering: .relaxed)
        if entry == BinEntry.unknown {
            entry = indexBin(containingPage: page, in: table)
        }
        guard let bin = BinEntry.decode(entry) else { throw Self.inNoBin(fileOffset, purpose) }
        guard relative >= bin.start + 32 else { throw Self.inBinHeader(fileOffset, purpose) }
        let size = Int(Int32(bitPattern: u32(fileOffset)))
        let length = -size
        guard size < 0, length >= 8, length % 8 == 0, Int(relative) + length <= Int(bin.end) else {
            throw Self.badSize(size, fileOffset, purpose)
        }
        return Cell(relative: relative, length: length - 4)
    }

    /// The error for a cell offset outside the hive bins (or not 8-aligned, or `noCell`).
    @inline(never)
    static func outsideBins(_ relative: UInt32, _ purpose: StaticString) -> HiveError {
        HiveError(
            .badOffset, "\(purpose) offset 0x\(String(relative, radix: 16)) is outside the hive bins",
            offset: relative == noCell ? nil : BaseBlock.size + Int(relative))
    }

    /// The error for a cell on a page that lies in no valid hive bin.
    @inline(never)
    static func inNoBin(_ fileOffset: Int, _ purpose: StaticString) -> HiveError {
        HiveError(
            .badBin, "\(purpose) cell lies in no valid hive bin (no valid hbin header reaches it)", offset: fileOffset)
    }

    /// The error for a cell offset inside a bin's 32-byte header.
    @inline(never)
    static func inBinHeader(_ fileOffset: Int, _ purpose: StaticString) -> HiveError {
        HiveError(.badOffset, "\(purpose) offset points into a bin header", offset: fileOffset)
    }

    /// The error for a free cell, or a cell whose size is invalid or overruns its bin.
    @inline(never)
    static func badSize(_ size: Int, _ fileOffset: Int, _ purpose: StaticString) -> HiveError {
        guard size < 0 else {
            return HiveError(.badCell, "\(purpose) cell is free (size \(size)), not allocated", offset: fileOffset)
        }
        return HiveError(.badCell, "\(purpose) cell size \(-size) is invalid or overruns its bin", offset: fileOffset)
    }

    /// The allocated cell at `relative` whose payload starts with the two-byte `signature` and holds at least
    /// `minimumLength` bytes.
    func record(_ relative: UInt32, signature: UInt16, minimumLength: Int, for purpose: StaticString)
        throws(HiveError) -> Cell
    {
        let cell = try cell(relative, for: purpose)
        guard cell.length >= minimumLength else {
            throw HiveError(.badCell, "\(purpose) cell too small (\(cell.length) bytes)", offset: cell.start - 4)
        }
        guard u16(cell.start) == signature else {
            throw HiveError(.badRecord, "\(purpose) cell lacks its signature", offset: cell.start)
        }
        return cell
    }
}

/// Two-byte record signatures, little-endian (regf §records).
enum Signature {
    /// `nk`, a key node.
    static let key: UInt16 = 0x6B6E
    /// `vk`, a key value.
    static let value: UInt16 = 0x6B76
    /// `sk`, a security descriptor.
    static let security: UInt16 = 0x6B73
    /// `li`, an index leaf.
    static let indexLeaf: UInt16 = 0x696C
    /// `lf`, a fast leaf (4-character hints).
    static let fastLeaf: UInt16 = 0x666C
    /// `lh`, a hash leaf.
    static let hashLeaf: UInt16 = 0x686C
    /// `ri`, an index root (a list of leaves).
    static let indexRoot: UInt16 = 0x6972
    /// `db`, big data.
    static let bigData: UInt16 = 0x6264
}
