/// A registry value: a checked handle to a `vk` record (regf §key value).
///
/// The name and data are read from the hive only when asked; small numbers are read in place.
public struct HiveValue: Sendable {
    /// The storage of the hive this value belongs to.
    @usableFromInline
    let storage: HiveStorage
    /// The `vk` cell.
    @usableFromInline let cell: Cell

    /// Offsets inside the `vk` record.
    enum Field {
        static let nameLength = 2
        static let dataSize = 4
        static let dataOffset = 8
        static let type = 12
        static let flags = 16
        static let name = 20
    }

    /// The largest data a single segment of a big data record holds (regf §big data).
    static let segmentSize = 16344

    /// Validates the `vk` record at relative offset `relative`.
    init(storage: HiveStorage, cell relative: UInt32) throws(HiveError) {
        self.cell = try Self.checkedCell(relative, in: storage)
        self.storage = storage
    }

    /// The `vk` cell at relative offset `relative`, after the checks a handle needs (cell, signature, size,
    /// name length).
    static func checkedCell(_ relative: UInt32, in storage: HiveStorage) throws(HiveError) -> Cell {
        let cell = try storage.record(relative, signature: Signature.value, minimumLength: Field.name, for: "value")
        let nameLength = Int(storage.u16(cell.start + Field.nameLength))
        guard Field.name + nameLength <= cell.length else {
            throw HiveError(.badRecord, "value name length \(nameLength) overruns its cell", offset: cell.start)
        }
        return cell
    }

    /// A handle to a record that a strict check already accepted (the storage never changes, so it still holds).
    @inlinable
    init(validated relative: UInt32, storage: HiveStorage) {
        let start = BaseBlock.size + Int(relative)
        let length = -Int(Int32(bitPattern: storage.u32(start)))
        self.storage = storage
        self.cell = Cell(relative: relative, length: length - 4)
    }

    /// The value's cell offset, relative to the hive bins data.
    public var cellOffset: UInt32 { cell.relative }

    /// The value's flags: 0x1 the name is Latin-1, 0x2 a tombstone (differencing hives).
    public var flags: UInt16 { storage.u16(cell.start + Field.flags) }

    /// Where the name is stored.
    var nameRef: NameRef {
        NameRef(
            start: cell.start + Field.name, byteCount: Int(storage.u16(cell.start + Field.nameLength)),
            isLatin1: flags & 0x1 != 0)
    }

    /// The value's name; `""` for the key's default value.
    public var name: String { storage.decode(nameRef) }

    /// Whether the value's name equals `query`, ignoring case.
    public func hasName(_ query: String) -> Bool { storage.matches(nameRef, query) }

    /// The value's type, an opaque 32-bit number.
    public var type: RegistryValueType { RegistryValueType(rawValue: storage.u32(cell.start + Field.type)) }

    /// Whether this is a tombstone value of a differencing hive: it deletes the same-name value below.
    public var isTombstone: Bool { flags & 0x2 != 0 }

    /// Whether the data is stored inside the record's offset field (4 bytes at most).
    public var isInline: Bool { storage.u32(cell.start + Field.dataSize) & 0x8000_0000 != 0 }

    /// The declared data size in bytes.
    public var dataSize: Int { Int(storage.u32(cell.start + Field.dataSize) & 0x7FFF_FFFF) }

    /// A copy of the value's data (the declared size wins over what its cells could hold).
    public func data() throws(HiveError) -> [UInt8] {
        switch try dataLocation() {
        case .empty: return []
        case .contiguous(let start, let count): return storage.copy(start, count)
        case .bigData(let record, let size): return try bigData(record, size: size)
        }
    }

    /// Calls `body` with the value's data without copying it out of the hive when it lies in one place (inline
    /// or in one cell); big data split across segments is assembled first. The same checks as ``data()``.
    @inlinable
    public func withData<Result>(_ body: (RawSpan) throws -> Result) throws -> Result {
        switch try dataLocation() {
        case .empty:
            let none: [UInt8] = []
            return try body(none.span.bytes)
        case .contiguous(let start, let count):
            return try body(storage.bytes.extracting(start..<(start + count)))
        case .bigData(let record, let size):
            let assembled = try bigData(record, size: size)
            return try body(assembled.span.bytes)
        }
    }

    /// Where the data is, after the checks every accessor shares.
    @usableFromInline
    enum DataLocation {
        /// No data (size 0, or a tombstone).
        case empty
        /// `count` bytes from file offset `start`, inside the hive.
        case contiguous(start: Int, count: Int)
        /// A `db` record of `size` bytes in segments.
        case bigData(Cell, size: Int)
    }

    /// Finds the data: inline (4 bytes at most), in one cell, or in a big-data record.
    @usableFromInline
    func dataLocation() throws(HiveError) -> DataLocation {
        let sizeField = storage.u32(cell.start + Field.dataSize)
        let size = Int(sizeField & 0x7FFF_FFFF)
        if size == 0 || storage.u16(cell.start + Field.flags) & 0x2 != 0 { return .empty }  // none, or a tombstone
        let offsetField = cell.start + Field.dataOffset
        if sizeField & 0x8000_0000 != 0 {  // inline
            guard size <= 4 else {
                throw HiveError(.badValueData, "inline data size \(size) exceeds 4 bytes", offset: cell.start)
            }
            return .contiguous(start: offsetField, count: size)
        }
        let offset = storage.u32(offsetField)
        let dataCell = try storage.cell(offset, for: "value data")
        if size > HiveValue.segmentSize, storage.minorVersion >= 4, dataCell.length >= 8,
            storage.u16(dataCell.start) == Signature.bigData
        {
            return .bigData(dataCell, size: size)
        }
        guard size <= dataCell.length else {
            throw HiveError(
                .badValueData, "data size \(size) exceeds its \(dataCell.length)-byte cell", offset: dataCell.start)
        }
        return .contiguous(start: dataCell.start, count: size)
    }

    /// Reassembles data split across the segments of a `db` record.
    @usableFromInline
    func bigData(_ record: Cell, size: Int) throws(HiveError) -> [UInt8] {
        // The declared size wins over the segments' sum, but segments may repeat: a size beyond the whole hive
        // bins would copy gigabytes out of one segment.
        guard size <= storage.pageCount * 4096 else {
            throw HiveError(
                .tooLarge, "big data size \(size) exceeds the hive bins' \(storage.pageCount * 4096) bytes",
                offset: record.start)
        }
        let segments = Int(storage.u16(record.start + 2))
        let list = try storage.cell(storage.u32(record.start + 4), for: "big data segment list")
        guard segments * 4 <= list.length else {
            throw HiveError(
                .badValueData, "big data list of \(segments) segments overruns its cell", offset: list.start)
        }
        var result: [UInt8] = []
        result.reserveCapacity(size)
        var remaining = size
        for index in 0..<segments where remaining > 0 {
            let segment = try storage.cell(storage.u32(list.start + 4 * index), for: "big data segment")
            let take = min(remaining, HiveValue.segmentSize)
            guard take <= segment.length else {
                throw HiveError(.badValueData, "big data segment shorter than expected", offset: segment.start)
            }
            storage.append(segment.start, take, to: &result)
            remaining -= take
        }
        guard remaining == 0 else {
            throw HiveError(
                .badValueData, "big data segments hold \(size - remaining) of \(size) declared bytes",
                offset: record.start)
        }
        return result
    }

    /// The data as a 32-bit number: little-endian, or big-endian for `REG_DWORD_BIG_ENDIAN`.
    public func uint32() throws(HiveError) -> UInt32 {
        let raw: UInt32
        if isInline && dataSize == 4 {
            raw = storage.u32(cell.start + Field.dataOffset)
        } else {
            let bytes = try data()
            guard bytes.count >= 4 else {
                throw HiveError(.badValueData, "\(bytes.count) bytes are too few for a DWORD", offset: cell.start)
            }
            raw = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        }
        return type == .dwordBigEndian ? raw.byteSwapped : raw
    }

    /// The data as a little-endian 64-bit number (`REG_QWORD`).
    public func uint64() throws(HiveError) -> UInt64 {
        let bytes = try data()
        guard bytes.count >= 8 else {
            throw HiveError(.badValueData, "\(bytes.count) bytes are too few for a QWORD", offset: cell.start)
        }
        var result: UInt64 = 0
        for index in (0..<8).reversed() { result = result << 8 | UInt64(bytes[index]) }
        return result
    }

    /// The data as a UTF-16LE string, up to its first NUL (`REG_SZ`, `REG_EXPAND_SZ`, `REG_LINK`).
    public func string() throws(HiveError) -> String {
        let units = HiveValue.units(of: try data())
        let end = units.firstIndex(of: 0) ?? units.endIndex
        return String(decoding: units[..<end], as: UTF16.self)
    }

    /// The data as a list of strings (`REG_MULTI_SZ`): NUL-separated, ended by an empty string.
    public func strings() throws(HiveError) -> [String] {
        var result: [String] = []
        for part in HiveValue.units(of: try data()).split(separator: 0, omittingEmptySubsequences: false) {
            if part.isEmpty { break }
            result.append(String(decoding: part, as: UTF16.self))
        }
        return result
    }

    /// UTF-16LE code units of `bytes` (a trailing odd byte is dropped).
    static func units(of bytes: [UInt8]) -> [UInt16] {
        (0..<(bytes.count / 2)).map { UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8 }
    }
}
