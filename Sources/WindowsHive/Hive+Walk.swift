/// What a depth-first walk saw.
public struct WalkReport: Sendable, Hashable {
    /// Keys visited.
    public var keyCount = 0
    /// Work done: keys visited plus subkey-list elements checked (bounded by ``Hive/walkBudget``).
    public var work = 0
    /// Subtrees skipped because they were damaged (lenient mode only).
    public var damage: [HiveError] = []

    /// An empty report.
    public init() {}
}

/// A set of cell offsets, one bit per 8-byte slot of the hive bins data.
struct CellSet {
    /// The bits.
    private var words: [UInt64]

    /// A set able to hold every cell of `dataSize` bytes of hive bins.
    init(dataSize: Int) { words = [UInt64](repeating: 0, count: dataSize / 512 + 1) }

    /// Removes `offset`.
    mutating func remove(_ offset: UInt32) {
        let slot = Int(offset / 8)
        let word = slot / 64
        guard word < words.count else { return }
        words[word] &= ~(UInt64(1) << UInt64(slot % 64))
    }

    /// Whether `offset` is in the set.
    func contains(_ offset: UInt32) -> Bool {
        let slot = Int(offset / 8)
        let word = slot / 64
        return word < words.count && words[word] & (UInt64(1) << UInt64(slot % 64)) != 0
    }

    /// Inserts `offset`; returns `false` if it was already there.
    mutating func insert(_ offset: UInt32) -> Bool {
        let slot = Int(offset / 8)
        let word = slot / 64
        guard word < words.count else { return false }
        let bit = UInt64(1) << UInt64(slot % 64)
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}

extension Hive {
    /// The most work (keys visited plus list elements checked) one walk may do: a quarter of the hive bins
    /// size, twenty times what a well-formed hive needs (every key lives in one list and takes at least 80
    /// bytes), so hostile hives whose lists share subtrees cannot make a walk run for long.
    public var walkBudget: Int { (dataEnd - BaseBlock.size) / 4 + 64 }

    /// Visits `start` (the root by default) and every key below it, depth first, parents before children,
    /// subkeys in stored order. `visit` receives each key and its depth (0 for `start`).
    ///
    /// A key listed under two parents is visited under both, as other readers do; a key that is its own
    /// ancestor (a cycle) is an error. Depth is capped at ``HiveLimits/maximumDepth``, and the total number of
    /// work at ``walkBudget``, so shared subtrees cannot blow up
    /// exponentially. In strict mode the first problem throws; in lenient mode the damaged subtree is skipped
    /// and recorded in the report.
    @discardableResult
    public func walk(from start: HiveKey? = nil, _ visit: (_ key: HiveKey, _ depth: Int) throws -> Void) throws
        -> WalkReport
    {
        var report = WalkReport()
        var sets = WalkSets(dataSize: dataEnd - BaseBlock.size)
        let first = try start ?? rootKey()
        let budget = walkBudget
        try descend(first, depth: 0, sets: &sets, budget: budget, report: &report, visit)
        return report
    }

    /// One level of ``walk(from:_:)``.
    private func descend(
        _ key: HiveKey, depth: Int, sets: inout WalkSets, budget: Int, report: inout WalkReport,
        _ visit: (HiveKey, Int) throws -> Void
    ) throws {
        report.keyCount += 1
        report.work += 1
        guard report.work <= budget else {
            throw HiveError(
                .tooLarge, "walk exceeded its work budget: shared subtrees repeat too often", offset: key.cell.start)
        }
        try visit(key, depth)
        let children: Subkeys
        do throws(HiveError) {
            guard depth < HiveLimits.maximumDepth else {
                throw HiveError(.tooDeep, "key tree deeper than \(HiveLimits.maximumDepth)", offset: key.cell.start)
            }
            children = try key.subkeys()
        } catch {
            guard options.isLenient else { throw error }
            report.damage.append(error)
            return
        }
        if !children.damage.isEmpty { report.damage += children.damage }
        report.work += children.listedCount
        guard children.listedCount > 0 else { return }
        // A key listed twice in one list is visited once: repeats would multiply every visit below it.
        var repeats = ListRepeats(repeated: children.listedCount > 1 ? sets.repeatedOffsets(in: children) : [])
        _ = sets.ancestors.insert(key.cellOffset)
        defer { sets.ancestors.remove(key.cellOffset) }
        // The children in the order `Subkeys.Iterator` yields them, without an iterator: one leaf at a time.
        switch children.shape {
        case .empty: break
        case .leaf(let leaf):
            try descend(
                into: leaf, of: children, depth: depth + 1, repeats: &repeats, sets: &sets, budget: budget,
                report: &report, visit)
        case .indexRoot(let start, let count, _):
            for index in 0..<count {
                guard let leaf = Subkeys.Iterator.leaf(at: start + 4 * index, children.storage) else { continue }
                try descend(
                    into: leaf, of: children, depth: depth + 1, repeats: &repeats, sets: &sets, budget: budget,
                    report: &report, visit)
            }
        }
    }

    /// Descends, in stored order, into each key that `leaf` (one leaf of `children`) lists and iteration would
    /// yield, once it has passed the checks for repeats within the list and for cycles.
    private func descend(
        into leaf: LeafList, of children: Subkeys, depth: Int, repeats: inout ListRepeats, sets: inout WalkSets,
        budget: Int, report: inout WalkReport, _ visit: (HiveKey, Int) throws -> Void
    ) throws {
        let storage = children.storage
        for index in 0..<leaf.count {
            let offset = leaf.keyOffset(storage, index)
            let child: HiveKey
            if children.options.isLenient {
                // A lenient list may still hold damaged elements (listed in its damage): skip them, as iteration does.
                guard let checked = Subkeys.Iterator.checked(offset, storage, children.options) else { continue }
                child = checked
            } else {
                child = HiveKey(validated: offset, storage: storage, options: children.options)
            }
            if !repeats.repeated.isEmpty, repeats.repeated.contains(offset) {
                guard !repeats.visited.contains(offset) else {
                    let error = HiveError(.badList, "key listed twice in one subkey list", offset: child.cell.start)
                    guard options.isLenient else { throw error }
                    report.damage.append(error)
                    continue
                }
                repeats.visited.insert(offset)
            }
            guard !sets.ancestors.contains(offset) else {
                let error = HiveError(
                    .cycle, "key is its own ancestor: the key tree has a cycle", offset: child.cell.start)
                guard options.isLenient else { throw error }
                report.damage.append(error)
                continue
            }
            try descend(child, depth: depth, sets: &sets, budget: budget, report: &report, visit)
        }
    }
}

/// The keys one subkey list names more than once, and those of them already visited.
struct ListRepeats {
    /// The offsets listed more than once; empty for every well-formed list.
    let repeated: Set<UInt32>
    /// The repeated offsets visited so far.
    var visited: Set<UInt32> = []
}

/// The cell sets one walk keeps: the keys on the path from the start down to the current key, and a scratch set
/// in which one subkey list's offsets are checked for repeats.
struct WalkSets {
    /// The keys being visited: the current key and its ancestors.
    var ancestors: CellSet
    /// Empty between uses: filled with one list's offsets and emptied again by ``repeatedOffsets(in:)``.
    var listed: CellSet

    /// Sets able to hold every cell of `dataSize` bytes of hive bins.
    init(dataSize: Int) {
        ancestors = CellSet(dataSize: dataSize)
        listed = CellSet(dataSize: dataSize)
    }

    /// The cell offsets `subkeys` names more than once; empty (and no allocation) for every well-formed list.
    /// Offsets no element could hold (out of the hive bins) count as repeats; iteration never yields them.
    mutating func repeatedOffsets(in subkeys: Subkeys) -> Set<UInt32> {
        var repeated: Set<UInt32> = []
        subkeys.forEachListedOffset { offset in
            if !listed.insert(offset) { repeated.insert(offset) }
        }
        subkeys.forEachListedOffset { offset in listed.remove(offset) }
        return repeated
    }
}
