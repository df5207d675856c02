import Foundation
import TestSupport
import Testing
import WindowsHive

/// A key with the given layer semantics (0 merge, 1 tombstone, 2 supersede-local, 3 supersede-tree).
private func layered(
    _ name: String, _ semantics: UInt8 = 0, inheritClass: Bool = false, values: [RegfValue] = [],
    subkeys: [RegfKey] = []
) -> RegfKey {
    var key = RegfKey(name, values: values, subkeys: subkeys)
    key.layerSemantics = semantics
    key.inheritClass = inheritClass
    return key
}

/// The names of a merged key's values, in merged order.
private func valueNames(_ key: LayeredKey?) throws -> [String] {
    try key?.values().map(\.name) ?? []
}

/// The merged key at `path`'s value `name` as a string.
private func text(_ stack: LayeredHive, _ path: String, _ name: String) throws -> String? {
    try stack.key(at: path)?.value(named: name)?.string()
}

@Suite("Layered hives")
struct LayeredHiveTests {
    /// The base hive every hand-built stack starts from.
    static let base = RegfWriter(
        root: RegfKey(
            "CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}",
            subkeys: [
                RegfKey(
                    "Merge", className: "BaseClass",
                    values: [.string("x", "base x"), .string("y", "base y"), .string("keep", "base keep")],
                    subkeys: [RegfKey("Child1", values: [.string("v", "base")]), RegfKey("Child2")]),
                RegfKey("Gone", values: [.string("v", "base")], subkeys: [RegfKey("Below")]),
                RegfKey(
                    "Local", values: [.string("a", "base a"), .string("b", "base b")],
                    subkeys: [RegfKey("Kept", values: [.string("v", "base")])]),
                RegfKey(
                    "Tree", values: [.string("a", "base a")],
                    subkeys: [
                        RegfKey("Sub", values: [.string("old", "base"), .string("same", "base")]),
                        RegfKey("Dropped"),
                    ]),
            ]))

    /// The first differencing hive: one key of each semantics.
    static let delta1 = RegfWriter.differencing(
        root: layered(
            "ROOT",
            subkeys: [
                layered(
                    "merge", inheritClass: true,
                    values: [.string("X", "delta x"), .tombstone("y"), .string("z", "delta z")],
                    subkeys: [layered("Child3")]),
                layered("Gone", 1),
                layered("Local", 2, values: [.string("c", "delta c")]),
                layered("Tree", 3, subkeys: [layered("Sub", values: [.string("same", "delta")])]),
                layered("New", values: [.string("v", "delta")]),
            ]))

    /// Merge: same-name values replaced in place, tombstone values removed, new values appended, subkeys
    /// merged, class inherited.
    @Test func mergeSemantics() throws {
        let stack = LayeredHive(
            base: try Hive(bytes: Self.base.build().bytes), deltas: [try Hive(bytes: Self.delta1.build().bytes)])
        let merge = try #require(try stack.key(at: "Merge"))
        #expect(try valueNames(merge) == ["X", "keep", "z"])
        #expect(try text(stack, "Merge", "x") == "delta x")
        #expect(try text(stack, "Merge", "y") == nil)
        #expect(try text(stack, "Merge", "keep") == "base keep")
        #expect(try merge.subkeys().map(\.name) == ["Child1", "Child2", "Child3"])
        #expect(try text(stack, #"merge\child1"#, "v") == "base")
        #expect(try merge.className() == "BaseClass")
        #expect(merge.topLayer == 1)
        #expect(merge.stack.map(\.layer) == [1, 0])
        #expect(try stack.key(at: "New")?.stack.map(\.layer) == [1])
    }

    /// Tombstone: the key and its subtree are gone from lookups and listings.
    @Test func tombstoneSemantics() throws {
        let stack = LayeredHive(
            base: try Hive(bytes: Self.base.build().bytes), deltas: [try Hive(bytes: Self.delta1.build().bytes)])
        #expect(try stack.key(at: "Gone") == nil)
        #expect(try stack.key(at: #"Gone\Below"#) == nil)
        #expect(try stack.rootKey().subkeys().map(\.name) == ["Local", "merge", "New", "Tree"])
    }

    /// Supersede-local: only the upper key's values; subkeys still merge.
    @Test func supersedeLocalSemantics() throws {
        let stack = LayeredHive(
            base: try Hive(bytes: Self.base.build().bytes), deltas: [try Hive(bytes: Self.delta1.build().bytes)])
        #expect(try valueNames(stack.key(at: "Local")) == ["c"])
        #expect(try text(stack, "Local", "a") == nil)
        #expect(try text(stack, #"Local\Kept"#, "v") == "base")
    }

    /// Supersede-tree: the whole subtree comes from the upper layer.
    @Test func supersedeTreeSemantics() throws {
        let stack = LayeredHive(
            base: try Hive(bytes: Self.base.build().bytes), deltas: [try Hive(bytes: Self.delta1.build().bytes)])
        #expect(try valueNames(stack.key(at: "Tree")) == [])
        #expect(try stack.key(at: "Tree")?.subkeys().map(\.name) == ["Sub"])
        #expect(try valueNames(stack.key(at: #"Tree\Sub"#)) == ["same"])
        #expect(try text(stack, #"Tree\Sub"#, "same") == "delta")
        #expect(try stack.key(at: #"Tree\Dropped"#) == nil)
    }

    /// Two deltas: the second re-creates a key the first deleted (with nothing of the base's), and
    /// overrides a value the first set; order matters.
    @Test func laterLayersWin() throws {
        let delta2 = RegfWriter.differencing(
            root: layered(
                "NewStoreRoot",
                subkeys: [
                    layered("Gone", values: [.string("w", "delta2")]),
                    layered("Merge", values: [.string("x", "delta2 x"), .tombstone("z")]),
                ]))
        let hives = try [Self.base, Self.delta1, delta2].map { try Hive(bytes: $0.build().bytes) }
        let stack = LayeredHive(base: hives[0], deltas: Array(hives.dropFirst()))
        #expect(try valueNames(stack.key(at: "Gone")) == ["w"])
        #expect(try stack.key(at: #"Gone\Below"#) == nil)
        #expect(try text(stack, "Merge", "x") == "delta2 x")
        #expect(try valueNames(stack.key(at: "Merge")) == ["x", "keep"])

        let reversed = LayeredHive(base: hives[0], deltas: [hives[2], hives[1]])
        #expect(try reversed.key(at: "Gone") == nil)
        #expect(try text(reversed, "Merge", "x") == "delta x")
    }

    /// A base hive's layer bits never delete anything: there is nothing below it.
    @Test func baseLayerBitsAreIgnored() throws {
        let base = RegfWriter(root: RegfKey("R", subkeys: [layered("Looks", 1, values: [.tombstone("v")])]))
        let stack = LayeredHive(base: try Hive(bytes: base.build().bytes))
        #expect(try stack.key(at: "Looks") != nil)
        #expect(try valueNames(stack.key(at: "Looks")) == ["v"])
    }

    /// The servercore case: the base layer says UBR 4294; the update layer's delta says 5499.
    @Test func servercoreUpdateLayerChangesTheRevision() throws {
        let base = try Hive(bytes: ExampleHives.baseSoftware().build().bytes)
        let delta = try Hive(bytes: ExampleHives.updateDelta().build().bytes)
        let path = #"Microsoft\Windows NT\CurrentVersion"#
        #expect(try base.key(at: path)?.value(named: "UBR")?.uint32() == 4294)
        let stack = LayeredHive(base: base, deltas: [delta])
        #expect(try stack.key(at: path)?.value(named: "UBR")?.uint32() == 5499)
        #expect(try stack.key(at: path)?.value(named: "InstallationType")?.string() == "Server Core")
        let packages = try #require(
            try stack.key(at: #"Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages"#))
        let states = try packages.subkeys().map { ($0.name, try $0.value(named: "CurrentState")?.uint32()) }
        #expect(states.count == 4)
        #expect(states.first { $0.0.contains("20348.5499") }?.1 == 0x70)
        #expect(states.first { $0.0.contains("20348.4294") }?.1 == 0x50)
    }

    /// The real differencing hive from a Windows Sandbox, over a base built to hold every key it names plus
    /// base-only values and subkeys: tombstones delete, supersede-tree keys replace, merges keep the base.
    @Test(requiresSharedData) func realSystemDeltaOverAGeneratedBase() throws {
        let dump = try String(contentsOfFile: SharedData.path("windows/yarp/System_Delta.dump.txt"), encoding: .utf8)
        var entries: [(path: [String], flags: String, values: [String])] = []
        for line in dump.split(separator: "\n") where line.hasPrefix("\\") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let path = columns[0].split(separator: "\\").map(String.init)
            let values = columns.count > 2 ? columns[2].split(separator: ",").map(String.init) : []
            entries.append((path, columns[1], values))
        }
        // The base: every key of the delta, each with base copies of its value names, a base-only value and a
        // base-only child.
        var tree = BaseTree()
        for entry in entries {
            let names = entry.values.map { $0.replacingOccurrences(of: "[TOMBSTONE]", with: "") }
            tree.insert(entry.path, values: names.filter { $0 != "(default)" })
        }
        let base = try Hive(bytes: RegfWriter(root: tree.regfKey(name: "CMI-CreateHive{X}")).build().bytes)
        let delta = try Hive(contentsOf: SharedData.path("windows/yarp/System_Delta"))
        let stack = LayeredHive(base: base, deltas: [delta])

        var checked = (tombstones: 0, trees: 0, merges: 0, tombstoneValues: 0)
        for entry in entries {
            let path = entry.path.joined(separator: "\\")
            let underTombstone = entries.contains { other in
                other.flags.contains("IsTombstone") && entry.path.count > other.path.count
                    && Array(entry.path.prefix(other.path.count)) == other.path
            }
            if entry.flags.contains("IsTombstone") || underTombstone {
                #expect(try stack.key(at: path) == nil, "\(path) should be deleted")
                checked.tombstones += 1
                continue
            }
            let key = try #require(try stack.key(at: path), "\(path)")
            let names = try key.values().map(\.name)
            let live = entry.values.filter { !$0.hasSuffix("[TOMBSTONE]") }.map { $0 == "(default)" ? "" : $0 }
            let insideTree = entries.contains { other in
                other.flags.contains("IsSupersedeTree") && entry.path.count >= other.path.count
                    && Array(entry.path.prefix(other.path.count)) == other.path
            }
            if insideTree {
                #expect(Set(names) == Set(live), "\(path): a supersede-tree key keeps only its own values")
                #expect(try key.subkey(named: "BaseOnlyChild") == nil, "\(path)")
                checked.trees += 1
            } else {
                #expect(names.contains("BaseOnly"), "\(path): a merged key keeps the base's values")
                #expect(try key.subkey(named: "BaseOnlyChild") != nil, "\(path)")
                for value in entry.values where value.hasSuffix("[TOMBSTONE]") {
                    let name = String(value.dropLast("[TOMBSTONE]".count))
                    #expect(try key.value(named: name) == nil, "\(path) \(name) was deleted by a tombstone value")
                    #expect(try base.key(at: path)?.value(named: name) != nil)
                    checked.tombstoneValues += 1
                }
                for name in live where !name.isEmpty {
                    let merged = try #require(try key.value(named: name))
                    #expect(try merged.data() == (try delta.key(at: path)?.value(named: name)?.data()))
                }
                checked.merges += 1
            }
        }
        #expect(checked.tombstones >= 2)
        #expect(checked.trees >= 62)
        #expect(checked.tombstoneValues == 3)
        #expect(checked.merges > 20)
    }
}

/// A tree of key names built from paths, turned into a writer key.
private struct BaseTree {
    /// Children by name.
    var children: [String: BaseTree] = [:]
    /// Value names the base gives this key.
    var values: [String] = []

    /// Adds the key at `path` with base copies of `values`.
    mutating func insert(_ path: [String], values: [String]) {
        guard let first = path.first else {
            self.values = values
            return
        }
        children[first, default: BaseTree()].insert(Array(path.dropFirst()), values: values)
    }

    /// The writer key for this node.
    func regfKey(name: String) -> RegfKey {
        var subkeys = children.sorted { $0.key < $1.key }.map { $0.value.regfKey(name: $0.key) }
        subkeys.append(RegfKey("BaseOnlyChild"))
        let written = values.map { RegfValue.string($0, "base") } + [.string("BaseOnly", "base")]
        return RegfKey(name, values: written, subkeys: subkeys)
    }
}
