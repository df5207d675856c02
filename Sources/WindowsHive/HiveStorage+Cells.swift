/// An allocated cell's payload: where it starts in the file and how long it is (regf §cells).
struct Cell: Sendable, Hashable {
    /// The cell's offset relative to the hive bins data, as other records refer to it.
    let relative: UInt32
    /// The file offset of the payload (just after the 4-byte size field).
    let start: Int
    /// The payload length in bytes (the cell size minus its 4-byte header).
    let length: Int

    /// The file offset one past the payload.
    var end: Int { start + length }
}

/// The relative offset that means "no cell".
let noCell: UInt32 = 0xFFFF_FFFF

extension HiveStorage {
    /// The allocated cell at `relative`, checked against the hive bins: 8-aligned, inside a valid bin and
    /// after its header, allocated (negative size), at least 8 bytes, and not overrunning the bin.
    func cell(_ relative: UInt32, for purpose: StaticString) throws(HiveError) -> Cell {
        let page = Int(relative / 4096)
        guard relative != noCell, relative % 8 == 0, page < pageCount else {
            throw HiveError(
                .badOffset, "\(purpose) offset 0x\(String(relative, radix: 16)) is outside the hive bins",
                offset: relative == noCell ? nil : BaseBlock.size + Int(relative))
        }
        let fileOffset = BaseBlock.size + Int(relative)
        guard let bin = bin(containing: relative) else {
            throw HiveError(
                .badBin, "\(purpose) cell lies in no valid hive bin (no valid hbin header reaches it)",
                offset: fileOffset)
        }
        let binEnd = Int(bin.end)
        guard relative >= bin.start + 32 else {
            throw HiveError(.badOffset, "\(purpose) offset points into a bin header", offset: fileOffset)
        }
        let size = Int(Int32(bitPattern: u32(fileOffset)))
        guard size < 0 else {
            throw HiveError(.badCell, "\(purpose) cell is free (size \(size)), not allocated", offset: fileOffset)
        }
        let length = -size
        guard length >= 8, length % 8 == 0, Int(relative) + length <= binEnd else {
            throw HiveError(
                .badCell, "\(purpose) cell size \(length) is invalid or overruns its bin", offset: fileOffset)
        }
        return Cell(relative: relative, start: fileOffset + 4, length: length - 4)
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
