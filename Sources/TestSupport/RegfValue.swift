/// How a key or value name is stored in a generated hive (regf spec, "Key node" flag `KEY_COMP_NAME` and
/// "Key value" flag `VALUE_COMP_NAME`).
public enum RegfNameEncoding: Sendable, Hashable {
    /// Latin-1 (the compressed-name flag set) when every scalar of the name is at most U+00FF, else UTF-16LE.
    case automatic
    /// One byte a character with the compressed-name flag set; scalars above U+00FF are written as `?` (0x3F).
    case latin1
    /// UTF-16LE without the compressed-name flag, whatever the characters.
    case utf16
}

/// Where a value's data is placed (regf spec, "Key value" → "Data size", and "Big data").
public enum RegfValueStorage: Sendable, Hashable {
    /// Inline when the data holds at most 4 bytes; a `db` record when it holds more than 16344 bytes and the
    /// hive's minor version is at least 4; otherwise one data cell.
    case automatic
    /// In the vk's data-offset field, with bit 31 of the data size set. More than 4 bytes of data makes a
    /// malformed value on purpose: the first 4 bytes are stored and the full length is declared.
    case inline
    /// In one data cell, whatever the size (also above 16344 bytes, as hives before version 1.4 do).
    case cell
    /// In a `db` record with a segment list and segments of at most 16344 bytes, whatever the size.
    case bigData
}

/// A registry value to write into a generated hive: a name, an opaque type and raw data bytes.
public struct RegfValue: Sendable, Hashable {
    /// The value name; the empty string is the key's default value.
    public var name: String
    /// The value type, an opaque 32-bit number (`REG_SZ` = 1, …; any value is written as given).
    public var type: UInt32
    /// The raw data bytes, written as given.
    public var data: [UInt8]
    /// Writes a version 1.6 tombstone value: vk flag 0x2, data size 0 and data offset 0xFFFFFFFF. The type is
    /// written as given (`tombstone(_:)` uses `REG_NONE`); the data bytes are ignored.
    public var isTombstone: Bool
    /// Where the data bytes are placed.
    public var storage: RegfValueStorage
    /// How the value name is stored.
    public var nameEncoding: RegfNameEncoding

    /// Creates a value with the given name, type and data bytes.
    public init(
        name: String,
        type: UInt32,
        data: [UInt8],
        storage: RegfValueStorage = .automatic,
        nameEncoding: RegfNameEncoding = .automatic
    ) {
        self.name = name
        self.type = type
        self.data = data
        self.isTombstone = false
        self.storage = storage
        self.nameEncoding = nameEncoding
    }

    /// A string value (`REG_SZ` unless another type is given): UTF-16LE with a NUL terminator.
    public static func string(_ name: String, _ value: String, type: UInt32 = 1) -> RegfValue {
        RegfValue(name: name, type: type, data: utf16LittleEndian(value) + [0, 0])
    }

    /// A `REG_MULTI_SZ` value: every string UTF-16LE and NUL-terminated, then one more NUL.
    public static func multiString(_ name: String, _ values: [String]) -> RegfValue {
        var data: [UInt8] = []
        for value in values {
            data += utf16LittleEndian(value) + [0, 0]
        }
        return RegfValue(name: name, type: 7, data: data + [0, 0])
    }

    /// A `REG_DWORD` value (4 bytes, little-endian).
    public static func dword(_ name: String, _ value: UInt32) -> RegfValue {
        RegfValue(name: name, type: 4, data: littleEndianBytes(UInt64(value), count: 4))
    }

    /// A `REG_QWORD` value (8 bytes, little-endian).
    public static func qword(_ name: String, _ value: UInt64) -> RegfValue {
        RegfValue(name: name, type: 11, data: littleEndianBytes(value, count: 8))
    }

    /// A `REG_BINARY` value holding the given bytes.
    public static func binary(_ name: String, _ bytes: [UInt8]) -> RegfValue {
        RegfValue(name: name, type: 3, data: bytes)
    }

    /// A tombstone value (differencing hives, version 1.6): it deletes the same-named value of the lower layer.
    public static func tombstone(_ name: String) -> RegfValue {
        var value = RegfValue(name: name, type: 0, data: [])
        value.isTombstone = true
        return value
    }

    private static func utf16LittleEndian(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf16.count * 2)
        for unit in string.utf16 {
            bytes.append(UInt8(truncatingIfNeeded: unit))
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        return bytes
    }

    private static func littleEndianBytes(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
