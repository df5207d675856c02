/// A key of a ``LayeredHive``: the keys of every layer that contribute to it, newest first.
public struct LayeredKey: Sendable {
    /// One layer's key that contributes to the merged key.
    public struct Contribution: Sendable, Hashable {
        /// The layer index (0 is the base hive).
        public let layer: Int
        /// The key in that layer.
        public let key: HiveKey
        /// Whether the key's layer flags count (a base hive's never do: nothing is below it).
        let honoursLayering: Bool

        /// The key's layer semantics, or `.merge` where layering does not apply.
        var semantics: LayerSemantics { honoursLayering ? key.layerSemantics : .merge }
    }

    /// The contributing keys, newest layer first. Never empty; tombstones are never included.
    public let stack: [Contribution]

    /// The merged key's name, as the newest layer spells it.
    public var name: String { stack[0].key.name }

    /// The newest layer that has this key.
    public var topLayer: Int { stack[0].layer }

    /// The contributions whose values count: down to the first key that supersedes its values.
    var valueSources: ArraySlice<Contribution> {
        let cut = stack.firstIndex { $0.semantics == .supersedeLocal || $0.semantics == .supersedeTree }
        return stack[...(cut ?? stack.count - 1)]
    }

    /// The merged subkey named `name`, or `nil` when no contributing layer has it (or one deleted it).
    public func subkey(named name: String) throws(HiveError) -> LayeredKey? {
        var contributions: [Contribution] = []
        for entry in stack {
            guard let child = try entry.key.subkey(named: name) else { continue }
            let contribution = Contribution(layer: entry.layer, key: child, honoursLayering: entry.honoursLayering)
            switch contribution.semantics {
            case .tombstone:
                return contributions.isEmpty ? nil : LayeredKey(stack: contributions)
            case .supersedeTree:
                contributions.append(contribution)
                return LayeredKey(stack: contributions)
            case .merge, .supersedeLocal:
                contributions.append(contribution)
            }
        }
        return contributions.isEmpty ? nil : LayeredKey(stack: contributions)
    }

    /// The merged subkeys, sorted by upper-cased name; keys deleted by a tombstone are left out.
    public func subkeys() throws(HiveError) -> [LayeredKey] {
        try subkeysCountingWork().subkeys
    }

    /// The merged subkeys, and how many list elements were checked to find them.
    ///
    /// One pass over each layer's list builds every merged child, with the same rules as ``subkey(named:)``
    /// (a layer's first key of a name counts). Looking each name up again would scan a whole unsorted
    /// (hostile) list per name: quadratic in the list length.
    func subkeysCountingWork() throws(HiveError) -> (subkeys: [LayeredKey], work: Int) {
        var merged: [[UInt16]: [Contribution]] = [:]
        var closed: Set<[UInt16]> = []
        var work = 0
        for entry in stack {
            let children = try entry.key.subkeys()
            work += children.listedCount
            var seen: Set<[UInt16]> = []
            for child in children {
                let folded = LayeredKey.folded(child.name)
                guard seen.insert(folded).inserted, !closed.contains(folded) else { continue }
                let contribution = Contribution(layer: entry.layer, key: child, honoursLayering: entry.honoursLayering)
                switch contribution.semantics {
                case .tombstone:
                    closed.insert(folded)
                case .supersedeTree:
                    merged[folded, default: []].append(contribution)
                    closed.insert(folded)
                case .merge, .supersedeLocal:
                    merged[folded, default: []].append(contribution)
                }
            }
        }
        let result = merged.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { LayeredKey(stack: $0.value) }
        return (result, work + result.count * stack.count)
    }

    /// The merged values: the oldest contributing layer's values in stored order, each replaced in place by a
    /// newer layer's same-name value, removed by a newer tombstone value, and newer names appended in order.
    public func values() throws(HiveError) -> [HiveValue] {
        var merged: [HiveValue?] = []
        var position: [[UInt16]: Int] = [:]
        for entry in valueSources.reversed() {
            for value in try entry.key.values() {
                let folded = LayeredKey.folded(value.name)
                let existing = position[folded]
                if value.isTombstone && entry.honoursLayering {
                    if let existing { merged[existing] = nil }
                    position[folded] = nil
                } else if let existing {
                    merged[existing] = value
                } else {
                    position[folded] = merged.count
                    merged.append(value)
                }
            }
        }
        return merged.compactMap { $0 }
    }

    /// The merged value named `name` (case-insensitive), or `nil` when absent or deleted by a tombstone.
    public func value(named name: String) throws(HiveError) -> HiveValue? {
        for entry in valueSources {
            if let value = try entry.key.value(named: name) {
                return value.isTombstone && entry.honoursLayering ? nil : value
            }
        }
        return nil
    }

    /// The class name, taken from the layer below while a key says it inherits its class.
    public func className() throws(HiveError) -> String? {
        for entry in stack where !(entry.honoursLayering && entry.key.inheritsClass) {
            return try entry.key.className()
        }
        return nil
    }

    /// A name folded for case-insensitive comparison: its upper-cased UTF-16 units.
    static func folded(_ name: String) -> [UInt16] { name.utf16.map(upcase) }
}
