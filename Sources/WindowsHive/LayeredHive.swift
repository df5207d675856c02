/// A base hive with any number of differencing hives stacked on it, read as one hive.
///
/// Windows container images keep the base layer's full hives and, in each later layer, a differencing
/// hive (`Hives/Software_Delta`, regf 1.6) whose keys say how they combine with the layers below
/// (``LayerSemantics``). Windows builds each layer's effective hive by merging; this type answers the
/// same navigation questions over the stack without building anything: each ``LayeredKey`` keeps the
/// handles of the keys that contribute to it, newest first.
///
/// Paths resolve relative to each hive's root, whatever its name (`ROOT`, `NewStoreRoot`, …).
public struct LayeredHive: Sendable {
    /// The hives, base first, then the differencing hives in the order they apply.
    public let layers: [Hive]

    /// Stacks `deltas` (oldest first) on `base`.
    public init(base: Hive, deltas: [Hive] = []) {
        layers = [base] + deltas
    }

    /// The merged root key.
    public func rootKey() throws(HiveError) -> LayeredKey {
        var stack: [LayeredKey.Contribution] = []
        for (index, hive) in layers.enumerated().reversed() {
            stack.append(LayeredKey.Contribution(layer: index, key: try hive.rootKey(), honoursLayering: index > 0))
        }
        return LayeredKey(stack: stack)
    }

    /// The merged key at `path` (relative to the root, backslash-separated, case-insensitive), or `nil` when
    /// no layer has it or a layer deleted it.
    public func key(at path: String) throws(HiveError) -> LayeredKey? {
        var key = try rootKey()
        for component in path.split(separator: "\\", omittingEmptySubsequences: true) {
            guard let next = try key.subkey(named: String(component)) else { return nil }
            key = next
        }
        return key
    }

    /// Visits the merged key tree depth first, parents before children, subkeys sorted by name.
    /// `visit` receives each key, its path from the root (`\` for the root) and its depth; returns the number
    /// of keys visited. Depth is capped at ``HiveLimits/maximumDepth`` and the work at the sum of the layers'
    /// ``Hive/walkBudget``, so cycles and shared subtrees in hostile hives end with an error.
    @discardableResult
    public func walk(_ visit: (_ key: LayeredKey, _ path: String, _ depth: Int) throws -> Void) throws -> Int {
        var count = 0
        var work = 0
        let budget = layers.reduce(0) { $0 + $1.walkBudget }
        try descend(try rootKey(), path: "", depth: 0, count: &count, work: &work, budget: budget, visit)
        return count
    }

    /// One level of ``walk(_:)``.
    private func descend(
        _ key: LayeredKey, path: String, depth: Int, count: inout Int, work: inout Int, budget: Int,
        _ visit: (LayeredKey, String, Int) throws -> Void
    ) throws {
        count += 1
        try visit(key, path.isEmpty ? "\\" : path, depth)
        guard depth < HiveLimits.maximumDepth else {
            throw HiveError(.tooDeep, "merged key tree deeper than \(HiveLimits.maximumDepth)")
        }
        let (children, listed) = try key.subkeysCountingWork()
        work += 1 + listed
        guard work <= budget else {
            throw HiveError(.tooLarge, "merged walk exceeded its work budget: shared subtrees repeat too often")
        }
        for child in children {
            try descend(
                child, path: path + "\\" + child.name, depth: depth + 1, count: &count, work: &work, budget: budget,
                visit)
        }
    }
}
