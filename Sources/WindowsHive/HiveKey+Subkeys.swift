/// A validated leaf list (`li`, `lf` or `lh`; regf §subkeys lists).
struct LeafList: Sendable {
    /// File offset of the first element.
    let start: Int
    /// Number of elements.
    let count: Int
    /// Bytes per element: 4 for `li`, 8 for `lf` and `lh`.
    let stride: Int
    /// The list's signature.
    let signature: UInt16

    /// The relative offset of the key at `index`.
    @inline(__always)
    func keyOffset(_ storage: HiveStorage, _ index: Int) -> UInt32 { storage.u32(start + index * stride) }
}

/// The shape of a key's subkey list: nothing, one leaf, or an `ri` index root of leaves.
enum SubkeyListShape: Sendable {
    /// The key has no subkeys.
    case empty
    /// A single leaf list.
    case leaf(LeafList)
    /// An index root: `count` leaf offsets starting at file offset `start`.
    case indexRoot(start: Int, count: Int, offset: Int)
}

extension HiveStorage {
    /// The leaf list at `relative`; an index root is rejected here (an `ri` never points to an `ri`).
    func leafList(_ relative: UInt32) throws(HiveError) -> LeafList {
        let cell = try cell(relative, for: "subkey list")
        guard cell.length >= 4 else {
            throw HiveError(.badList, "subkey list cell too small", offset: cell.start)
        }
        let signature = u16(cell.start)
        let stride: Int
        switch signature {
        case Signature.indexLeaf: stride = 4
        case Signature.fastLeaf, Signature.hashLeaf: stride = 8
        case Signature.indexRoot:
            throw HiveError(.badList, "an 'ri' index root points to another 'ri'", offset: cell.start)
        default:
            throw HiveError(.badList, "unknown subkey list signature", offset: cell.start)
        }
        let count = Int(u16(cell.start + 2))
        guard 4 + count * stride <= cell.length else {
            throw HiveError(.badList, "subkey list of \(count) elements overruns its cell", offset: cell.start)
        }
        return LeafList(start: cell.start + 4, count: count, stride: stride, signature: signature)
    }

    /// The subkey list at `relative`: a leaf or an index root of leaves.
    func subkeyListShape(_ relative: UInt32) throws(HiveError) -> SubkeyListShape {
        let cell = try cell(relative, for: "subkey list")
        guard cell.length >= 4 else {
            throw HiveError(.badList, "subkey list cell too small", offset: cell.start)
        }
        guard u16(cell.start) == Signature.indexRoot else { return .leaf(try leafList(relative)) }
        let count = Int(u16(cell.start + 2))
        guard 4 + count * 4 <= cell.length else {
            throw HiveError(.badList, "index root of \(count) leaves overruns its cell", offset: cell.start)
        }
        // An index root naming one leaf many times lists count × leaf size keys from a few bytes; every reader
        // of the list (check, lookup, iteration) would pay that. Cap the total at what the bins could hold.
        var listed = 0
        for index in 0..<count {
            guard let leaf = try? leafList(u32(cell.start + 4 + 4 * index)) else { continue }
            listed += leaf.count
            guard listed <= pageCount * 4096 / 4 else {
                throw HiveError(
                    .tooLarge, "index root lists more keys than the hive bins can hold", offset: cell.start)
            }
        }
        return .indexRoot(start: cell.start + 4, count: count, offset: cell.start)
    }
}

extension HiveKey {
    /// The shape of this key's subkey list.
    func subkeyListShape() throws(HiveError) -> SubkeyListShape {
        guard subkeyCount > 0 else { return .empty }
        let offset = storage.u32(cell.start + Field.subkeyList)
        do {
            return try storage.subkeyListShape(offset)
        } catch {
            throw HiveError(error.code, error.message + " (subkeys of a key)", offset: error.offset ?? cell.start)
        }
    }

    /// The key's subkeys, in stored order (sorted by upper-cased name in a well-formed hive).
    ///
    /// In strict mode the whole list and every element are checked here, so iteration cannot fail; in
    /// lenient mode a damaged list or element is skipped and listed in ``Subkeys/damage``.
    public func subkeys() throws(HiveError) -> Subkeys {
        guard !options.isLenient else { return leniently() }
        // Strict: the first problem throws, so there is no damage to collect.
        let shape = try subkeyListShape()
        var listed = 0
        switch shape {
        case .empty: break
        case .leaf(let leaf):
            try check(leaf)
            listed = leaf.count
        case .indexRoot(let start, let count, _):
            for index in 0..<count {
                let leaf = try storage.leafList(storage.u32(start + 4 * index))
                try check(leaf)
                listed += leaf.count
            }
        }
        return Subkeys(storage: storage, options: options, shape: shape, damage: [], listedCount: listed)
    }

    /// Checks every `nk` record `leaf` lists.
    private func check(_ leaf: LeafList) throws(HiveError) {
        for index in 0..<leaf.count {
            _ = try HiveKey.checkedCell(leaf.keyOffset(storage, index), in: storage)
        }
    }

    /// ``subkeys()`` in lenient mode: the same checks, with a damaged list or element skipped and listed.
    @inline(never)
    private func leniently() -> Subkeys {
        let shape: SubkeyListShape
        do {
            shape = try subkeyListShape()
        } catch {
            return Subkeys(storage: storage, options: options, shape: .empty, damage: [error], listedCount: 0)
        }
        var damage: [HiveError] = []
        var listed = 0
        func check(_ leaf: LeafList) {
            listed += leaf.count
            for index in 0..<leaf.count {
                do {
                    _ = try HiveKey.checkedCell(leaf.keyOffset(storage, index), in: storage)
                } catch {
                    damage.append(error)
                }
            }
        }
        switch shape {
        case .empty: break
        case .leaf(let leaf): check(leaf)
        case .indexRoot(let start, let count, _):
            for index in 0..<count {
                do {
                    check(try storage.leafList(storage.u32(start + 4 * index)))
                } catch {
                    damage.append(error)
                }
            }
        }
        return Subkeys(storage: storage, options: options, shape: shape, damage: damage, listedCount: listed)
    }

    /// The subkey named `name` (compared case-insensitively), or `nil`.
    ///
    /// Uses binary search over each sorted leaf and confirms full names; if that misses (a list stored out
    /// of order, or names whose upper-casing differs), falls back to a linear scan that `lh` hashes narrow.
    public func subkey(named name: String) throws(HiveError) -> HiveKey? {
        switch try subkeyListShape() {
        case .empty: return nil
        case .leaf(let leaf): return try find(name, in: leaf)
        case .indexRoot(let start, let count, _):
            for index in 0..<count {
                let leaf: LeafList
                do {
                    leaf = try storage.leafList(storage.u32(start + 4 * index))
                } catch {
                    guard options.isLenient else { throw error }
                    continue
                }
                if let found = try find(name, in: leaf) { return found }
            }
            return nil
        }
    }

    /// Finds `name` in one leaf: binary search first, then a verified linear scan.
    private func find(_ name: String, in leaf: LeafList) throws(HiveError) -> HiveKey? {
        var low = 0
        var high = leaf.count - 1
        search: while low <= high {
            let middle = (low + high) / 2
            let candidate: HiveKey
            do {
                candidate = try HiveKey(storage: storage, cell: leaf.keyOffset(storage, middle), options: options)
            } catch {
                guard options.isLenient else { throw error }
                break search
            }
            let order = storage.compare(candidate.nameRef, name)
            if order == 0 { return candidate }
            if order < 0 { low = middle + 1 } else { high = middle - 1 }
        }
        let hash = leaf.signature == Signature.hashLeaf ? hashLeafHash(of: name) : nil
        for index in 0..<leaf.count {
            if let hash, storage.u32(leaf.start + index * 8 + 4) != hash { continue }
            let candidate: HiveKey
            do {
                candidate = try HiveKey(storage: storage, cell: leaf.keyOffset(storage, index), options: options)
            } catch {
                guard options.isLenient else { throw error }
                continue
            }
            if candidate.hasName(name) { return candidate }
        }
        return nil
    }
}

/// The subkeys of a key, as a lazy sequence of handles in stored order.
public struct Subkeys: Sequence, Sendable {
    /// The hive's storage.
    let storage: HiveStorage
    /// Options inherited from the parent key.
    let options: Hive.Options
    /// The list being iterated.
    let shape: SubkeyListShape
    /// Elements skipped because they were damaged (lenient mode only; always empty in strict mode).
    public let damage: [HiveError]
    /// The number of elements the list holds, damaged ones included.
    public let listedCount: Int

    /// Iterates the subkeys, skipping any element that failed validation.
    public struct Iterator: IteratorProtocol {
        /// The hive's storage.
        let storage: HiveStorage
        /// Options inherited from the parent key.
        let options: Hive.Options
        /// The list being iterated.
        let shape: SubkeyListShape
        /// The leaf being read.
        var leaf: LeafList?
        /// The next element of `leaf`.
        var element = 0
        /// The next leaf of an index root (or 1 once a single leaf was taken).
        var nextLeaf = 0

        /// The next subkey, or `nil` at the end.
        public mutating func next() -> HiveKey? {
            while true {
                if let current = leaf, element < current.count {
                    let offset = current.keyOffset(storage, element)
                    element += 1
                    // Strict mode checked every element when the sequence was made; lenient mode checks again to
                    // skip the damaged ones.
                    if !options.isLenient {
                        return HiveKey(validated: offset, storage: storage, options: options)
                    }
                    if let key = Self.checked(offset, storage, options) { return key }
                    continue
                }
                switch shape {
                case .empty:
                    return nil
                case .leaf(let only):
                    guard nextLeaf == 0 else { return nil }
                    nextLeaf = 1
                    leaf = only
                case .indexRoot(let start, let count, _):
                    guard nextLeaf < count else { return nil }
                    leaf = Self.leaf(at: start + 4 * nextLeaf, storage)
                    nextLeaf += 1
                }
                element = 0
            }
        }

        /// The key at `offset` if its record passes the checks, else `nil` (kept out of the fast path).
        @inline(never)
        static func checked(_ offset: UInt32, _ storage: HiveStorage, _ options: Hive.Options) -> HiveKey? {
            try? HiveKey(storage: storage, cell: offset, options: options)
        }

        /// The leaf an index root names at file offset `element`, or `nil` when it is damaged.
        @inline(never)
        static func leaf(at element: Int, _ storage: HiveStorage) -> LeafList? {
            try? storage.leafList(storage.u32(element))
        }
    }

    /// Starts an iteration.
    public func makeIterator() -> Iterator { Iterator(storage: storage, options: options, shape: shape) }

    /// Calls `body` with the offset of every element of every leaf the iteration reads, damaged elements
    /// included, in stored order.
    @inline(__always)
    func forEachListedOffset(_ body: (UInt32) -> Void) {
        func each(_ leaf: LeafList) {
            for index in 0..<leaf.count { body(leaf.keyOffset(storage, index)) }
        }
        switch shape {
        case .empty: break
        case .leaf(let leaf): each(leaf)
        case .indexRoot(let start, let count, _):
            for index in 0..<count {
                if let leaf = try? storage.leafList(storage.u32(start + 4 * index)) { each(leaf) }
            }
        }
    }

    /// The number of subkeys iteration yields at least.
    public var underestimatedCount: Int { Swift.max(listedCount - damage.count, 0) }
}
