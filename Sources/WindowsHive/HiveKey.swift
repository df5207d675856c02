/// A registry key: a checked handle to an `nk` record inside a ``Hive`` (regf §key node).
///
/// Creating a handle validates the record (signature, size, name length); nothing is copied or decoded
/// until a property such as ``name`` is read.
public struct HiveKey: Sendable {
    /// The storage of the hive this key belongs to.
    let storage: HiveStorage
    /// The `nk` cell.
    let cell: Cell
    /// How tolerant reads through this key are.
    let options: Hive.Options

    /// Offsets inside the `nk` record (regf §key node).
    enum Field {
        static let flags = 2
        static let lastWritten = 4
        static let layeredFlags = 13
        static let parent = 16
        static let subkeyCount = 20
        static let subkeyList = 28
        static let valueCount = 36
        static let valueList = 40
        static let security = 44
        static let classOffset = 48
        static let nameLength = 72
        static let classLength = 74
        static let name = 76
    }

    /// Validates the `nk` record at relative offset `relative`.
    init(storage: HiveStorage, cell relative: UInt32, options: Hive.Options) throws(HiveError) {
        self.cell = try Self.checkedCell(relative, in: storage)
        self.storage = storage
        self.options = options
    }

    /// The `nk` cell at relative offset `relative`, after the checks a handle needs (cell, signature, size,
    /// name length).
    static func checkedCell(_ relative: UInt32, in storage: HiveStorage) throws(HiveError) -> Cell {
        let cell = try storage.record(relative, signature: Signature.key, minimumLength: Field.name, for: "key")
        let nameLength = Int(storage.u16(cell.start + Field.nameLength))
        guard Field.name + nameLength <= cell.length else {
            throw HiveError(.badRecord, "key name length \(nameLength) overruns its cell", offset: cell.start)
        }
        return cell
    }

    /// A handle to a record that a strict check already accepted (the storage never changes, so it still holds).
    init(validated relative: UInt32, storage: HiveStorage, options: Hive.Options) {
        let start = BaseBlock.size + Int(relative)
        let length = -Int(Int32(bitPattern: storage.u32(start)))
        self.storage = storage
        self.cell = Cell(relative: relative, length: length - 4)
        self.options = options
    }

    /// The key's cell offset, relative to the hive bins data: a stable identity within its hive.
    public var cellOffset: UInt32 { cell.relative }

    /// The key's flags (`KEY_COMP_NAME`, `KEY_HIVE_ENTRY`, …).
    public var flags: KeyFlags { KeyFlags(rawValue: storage.u16(cell.start + Field.flags)) }

    /// When the key was last written.
    public var lastWritten: FileTime { FileTime(rawValue: storage.u64(cell.start + Field.lastWritten)) }

    /// How this key combines with the same key in lower layers (differencing hives, regf 1.6).
    public var layerSemantics: LayerSemantics {
        LayerSemantics(rawValue: storage.u8(cell.start + Field.layeredFlags) & 0x3) ?? .merge
    }

    /// Whether the key takes its class name from the same key in the layer below (differencing hives).
    public var inheritsClass: Bool { storage.u8(cell.start + Field.layeredFlags) & 0x80 != 0 }

    /// The number of subkeys the key declares.
    public var subkeyCount: Int { Int(storage.u32(cell.start + Field.subkeyCount)) }

    /// The number of values the key declares.
    public var valueCount: Int { Int(storage.u32(cell.start + Field.valueCount)) }

    /// Where the name is stored.
    var nameRef: NameRef {
        NameRef(
            start: cell.start + Field.name, byteCount: Int(storage.u16(cell.start + Field.nameLength)),
            isLatin1: flags.contains(.compressedName))
    }

    /// The key's name, decoded (Latin-1 or UTF-16LE as stored).
    public var name: String { storage.decode(nameRef) }

    /// Whether the key's name equals `query`, ignoring case.
    public func hasName(_ query: String) -> Bool { storage.matches(nameRef, query) }

    /// The key's class name, if it has one.
    public func className() throws(HiveError) -> String? {
        let offset = storage.u32(cell.start + Field.classOffset)
        let length = Int(storage.u16(cell.start + Field.classLength))
        guard offset != noCell, length > 0 else { return nil }
        let classCell = try storage.cell(offset, for: "class name")
        guard length <= classCell.length else {
            throw HiveError(.badCell, "class name length \(length) overruns its cell", offset: classCell.start)
        }
        return storage.decode(NameRef(start: classCell.start, byteCount: length, isLatin1: false))
    }

    /// The raw security descriptor from the key's `sk` record, if it has one.
    public func securityDescriptor() throws(HiveError) -> [UInt8]? {
        let offset = storage.u32(cell.start + Field.security)
        guard offset != noCell else { return nil }
        let record = try storage.record(offset, signature: Signature.security, minimumLength: 20, for: "security")
        let size = Int(storage.u32(record.start + 16))
        guard size <= record.length - 20 else {
            throw HiveError(.badCell, "security descriptor size \(size) overruns its cell", offset: record.start)
        }
        return storage.copy(record.start + 20, size)
    }

    /// The parent key, or `nil` for the hive's root (flag `KEY_HIVE_ENTRY`) or a key without a parent.
    public func parent() throws(HiveError) -> HiveKey? {
        if flags.contains(.hiveEntry) { return nil }
        let offset = storage.u32(cell.start + Field.parent)
        guard offset != noCell else { return nil }
        return try HiveKey(storage: storage, cell: offset, options: options)
    }

    /// The key's path from the root, as `\Sub\Key` (the root itself is `\`).
    public func path() throws(HiveError) -> String {
        var names: [NameRef] = []
        var current = self
        // Brent's cycle check: a parent chain that loops is caught within twice its length, not after
        // maximumDepth steps; names are decoded only once the chain reached the root.
        var mark = cell.relative
        while let parent = try current.parent() {
            names.append(current.nameRef)
            guard parent.cell.relative != mark else {
                throw HiveError(.cycle, "parent chain loops back on itself", offset: parent.cell.start)
            }
            guard names.count <= HiveLimits.maximumDepth else {
                throw HiveError(.cycle, "parent chain longer than \(HiveLimits.maximumDepth) keys", offset: cell.start)
            }
            if names.count & (names.count - 1) == 0 { mark = parent.cell.relative }
            current = parent
        }
        return "\\" + names.reversed().map { storage.decode($0) }.joined(separator: "\\")
    }
}

extension HiveKey: Hashable {
    /// Two handles are equal when they name the same record of the same hive.
    public static func == (lhs: HiveKey, rhs: HiveKey) -> Bool {
        lhs.storage === rhs.storage && lhs.cell.relative == rhs.cell.relative
    }

    /// Hashes the record's identity.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(storage))
        hasher.combine(cell.relative)
    }
}

/// The flags of a key node (regf §key node, "Flags").
public struct KeyFlags: OptionSet, Sendable, Hashable, Codable {
    /// The raw 16-bit flags.
    public let rawValue: UInt16
    /// Creates flags from their raw value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `KEY_VOLATILE`: the key is not stored on disk.
    public static let volatile = KeyFlags(rawValue: 0x0001)
    /// `KEY_HIVE_EXIT`: a mount point of another hive.
    public static let hiveExit = KeyFlags(rawValue: 0x0002)
    /// `KEY_HIVE_ENTRY`: the root key of the hive.
    public static let hiveEntry = KeyFlags(rawValue: 0x0004)
    /// `KEY_NO_DELETE`: the key cannot be deleted.
    public static let noDelete = KeyFlags(rawValue: 0x0008)
    /// `KEY_SYM_LINK`: a symbolic link key.
    public static let symbolicLink = KeyFlags(rawValue: 0x0010)
    /// `KEY_COMP_NAME`: the name is stored as Latin-1.
    public static let compressedName = KeyFlags(rawValue: 0x0020)
    /// `KEY_PREDEF_HANDLE`: a predefined handle.
    public static let predefinedHandle = KeyFlags(rawValue: 0x0040)
}

/// How a key of a differencing hive combines with the same key in the layers below it
/// (regf 1.6, nk byte 13 bits 0–1).
public enum LayerSemantics: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// Merge with the lower key: subkeys merge, same-name values from this layer win.
    case merge = 0
    /// The key and its whole subtree are deleted.
    case tombstone = 1
    /// This key's values replace the lower key's values; subkeys still merge.
    case supersedeLocal = 2
    /// This key's whole subtree replaces the lower one.
    case supersedeTree = 3
}

/// Caps that keep hostile hives from exhausting time or memory.
public enum HiveLimits {
    /// The deepest key nesting the reader follows (Windows allows 512 levels).
    public static let maximumDepth = 512
    /// The most elements an `ri` index root may hold.
    public static let maximumIndexRootLeaves = 0xFFFF
}
