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
        var ancestors = CellSet(dataSize: dataEnd - BaseBlock.size)
        let first = try start ?? rootKey()
        let budget = walkBudget
        try descend(first, depth: 0, ancestors: &ancestors, budget: budget, report: &report, visit)
        return report
    }

    /// One level of ``walk(from:_:)``.
    private func descend(
        _ key: HiveKey, depth: Int, ancestors: inout CellSet, budget: Int, report: inout WalkReport,
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
        report.damage += children.damage
        report.work += children.listedCount
        _ = ancestors.insert(key.cellOffset)
        defer { ancestors.remove(key.cellOffset) }
        // A key listed twice in one list is visited once: repeats would multiply every visit below it.
        let repeated = HiveKey.repeatedOffsets(in: children)
        var visitedRepeats: Set<UInt32> = []
        for child in children {
            if !repeated.isEmpty, repeated.contains(child.cellOffset) {
                guard !visitedRepeats.contains(child.cellOffset) else {
                    let error = HiveError(.badList, "key listed twice in one subkey list", offset: child.cell.start)
                    guard options.isLenient else { throw error }
                    report.damage.append(error)
                    continue
                }
                visitedRepeats.insert(child.cellOffset)
            }
            guard !ancestors.contains(child.cellOffset) else {
                let error = HiveError(
                    .cycle, "key is its own ancestor: the key tree has a cycle", offset: child.cell.start)
                guard options.isLenient else { throw error }
                report.damage.append(error)
                continue
            }
            try descend(child, depth: depth + 1, ancestors: &ancestors, budget: budget, report: &report, visit)
        }
    }
}
