/// The record a key's subkey list is written as (regf spec, "Index leaf", "Fast leaf", "Hash leaf", "Index root").
public indirect enum RegfSubkeyListKind: Sendable, Hashable {
    /// An index leaf: subkey offsets only.
    case li
    /// A fast leaf: offsets with a 4-byte name hint.
    case lf
    /// A hash leaf: offsets with a name hash.
    case lh
    /// An index root over leaves of at most `leafCapacity` subkeys (at least 1), each written as `leaf`.
    /// A `leaf` that is itself `.ri` makes an index root pointing at index roots, which the format forbids:
    /// use it to build hives that readers must reject.
    case ri(leafCapacity: Int, leaf: RegfSubkeyListKind)
}

/// A registry key to write into a generated hive, with its values and subkeys.
public struct RegfKey: Sendable, Hashable {
    /// The key name (the root's name is stored too: real deltas use `ROOT` or `NewStoreRoot`).
    public var name: String
    /// The class name, stored UTF-16LE in its own cell; `nil` writes no class.
    public var className: String?
    /// The values, written in this order.
    public var values: [RegfValue]
    /// The subkeys (sorted when written unless `sortsSubkeys` is false).
    public var subkeys: [RegfKey]
    /// Layer semantics of a layered key (nk byte 13, bits 0-1): 0 merge, 1 tombstone, 2 supersede-local,
    /// 3 supersede-tree. Only the low two bits are written.
    public var layerSemantics: UInt8
    /// The layered key's InheritClass bit (nk byte 13, bit 7).
    public var inheritClass: Bool
    /// The record the subkey list is written as; `.lh` by default, as Windows does in hives of version 1.5+.
    public var listKind: RegfSubkeyListKind
    /// Whether subkeys are stored sorted by their upper-cased UTF-16 names, as Windows requires (the default);
    /// `false` keeps the given order, to build hives with unsorted lists.
    public var sortsSubkeys: Bool
    /// How the key name is stored.
    public var nameEncoding: RegfNameEncoding
    /// The key's last written timestamp (FILETIME); 2024-01-01T00:00:00Z by default.
    public var lastWritten: UInt64

    /// The default last written timestamp: 2024-01-01T00:00:00Z as a FILETIME.
    public static let defaultLastWritten: UInt64 = 133_485_408_000_000_000

    /// Creates a key with the given name, class name, values and subkeys, and every other field at its default.
    public init(_ name: String, className: String? = nil, values: [RegfValue] = [], subkeys: [RegfKey] = []) {
        self.name = name
        self.className = className
        self.values = values
        self.subkeys = subkeys
        self.layerSemantics = 0
        self.inheritClass = false
        self.listKind = .lh
        self.sortsSubkeys = true
        self.nameEncoding = .automatic
        self.lastWritten = Self.defaultLastWritten
    }

    /// The number of keys in this subtree, this key included.
    public var keyCount: Int {
        subkeys.reduce(1) { $0 + $1.keyCount }
    }
}
