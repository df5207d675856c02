import PropertyBased
import TestSupport
import Testing
import WindowsHive

/// A small tree with every shape of name, list and value the reader must handle.
private func sampleTree(listKind: RegfSubkeyListKind = .lh) -> RegfKey {
    var many = RegfKey("Many", subkeys: (0..<25).map { RegfKey(keyName($0)) })
    many.listKind = listKind
    return RegfKey(
        "CMI-CreateHive{6A1C4018-979D-4291-A7DC-7AED1C75B67C}",
        subkeys: [
            many,
            RegfKey(
                "Values", className: "ValueClass",
                values: [
                    .string("", "default text"),
                    .string("Text", "héllo wörld"),
                    .string("Expand", "%SystemRoot%\\x", type: 2),
                    .multiString("Multi", ["one", "two", "三"]),
                    .dword("Dword", 0x1234_5678),
                    RegfValue(name: "BigEndian", type: 5, data: [0x12, 0x34, 0x56, 0x78]),
                    .qword("Qword", 0x0102_0304_0506_0708),
                    .binary("Empty", []),
                    .binary("Three", [1, 2, 3]),
                    .binary("Cell", Array(repeating: 7, count: 100)),
                    .binary("Boundary", (0..<16_344).map { UInt8($0 % 251) }),
                    .binary("Big", (0..<40_000).map { UInt8($0 % 253) }),
                    RegfValue(name: "Opaque", type: 0xFFFF_0010, data: [9, 9]),
                ]),
            RegfKey("Ключ", subkeys: [RegfKey("日本", values: [.dword("Größe", 1)])]),
        ])
}

/// `"00"`, `"01"`, … so that names sort as numbers do.
private func keyName(_ number: Int) -> String { number < 10 ? "Key0\(number)" : "Key\(number)" }

@Suite("Hive reader on generated hives")
struct HiveReaderTests {
    /// Every subkey list kind lists its keys in order and finds each by name, in any case.
    @Test(arguments: [
        RegfSubkeyListKind.li, .lf, .lh, .ri(leafCapacity: 3, leaf: .lf), .ri(leafCapacity: 4, leaf: .lh),
        .ri(leafCapacity: 7, leaf: .li),
    ])
    func subkeyListsOfEveryKind(_ kind: RegfSubkeyListKind) throws {
        let hive = try Hive(bytes: RegfWriter(root: sampleTree(listKind: kind)).build().bytes)
        let many = try #require(try hive.key(at: "Many"))
        let names = try many.subkeys().map(\.name)
        #expect(names == (0..<25).map(keyName))
        for name in names {
            #expect(try many.subkey(named: name)?.name == name)
            #expect(try many.subkey(named: name.uppercased())?.name == name)
            #expect(try hive.key(at: "\\many\\" + name.lowercased())?.name == name)
        }
        #expect(try many.subkey(named: "Key2") == nil)
        #expect(try many.subkey(named: "Key250") == nil)
        #expect(try many.subkey(named: "") == nil)
    }

    /// A list stored out of order (as damaged or hand-made hives have) is still searched correctly.
    @Test func unsortedListsAreSearchedLinearly() throws {
        var root = sampleTree()
        root.subkeys[0].subkeys.reverse()
        root.subkeys[0].sortsSubkeys = false
        let hive = try Hive(bytes: RegfWriter(root: root).build().bytes)
        let many = try #require(try hive.key(at: "Many"))
        for index in 0..<25 {
            #expect(try many.subkey(named: keyName(index)) != nil)
        }
    }

    /// Values of every storage kind and type decode to what was written.
    @Test func valuesDecode() throws {
        let tree = sampleTree()
        let hive = try Hive(bytes: RegfWriter(root: tree).build().bytes)
        let key = try #require(try hive.key(at: "Values"))
        #expect(try key.className() == "ValueClass")
        let written = tree.subkeys[1].values
        let read = Array(try key.values())
        #expect(read.map(\.name) == written.map(\.name))
        for (value, expected) in zip(read, written) {
            #expect(try value.data() == expected.data, "\(expected.name)")
            #expect(try value.withData { $0.withUnsafeBytes { Array($0) } } == expected.data, "\(expected.name)")
            #expect(value.type.rawValue == expected.type)
            #expect(value.dataSize == expected.data.count)
        }
        #expect(try key.value(named: "")?.string() == "default text")
        #expect(try key.value(named: "TEXT")?.string() == "héllo wörld")
        #expect(try key.value(named: "Multi")?.strings() == ["one", "two", "三"])
        #expect(try key.value(named: "Dword")?.uint32() == 0x1234_5678)
        #expect(try key.value(named: "Dword")?.isInline == true)
        #expect(try key.value(named: "BigEndian")?.uint32() == 0x1234_5678)
        #expect(try key.value(named: "Qword")?.uint64() == 0x0102_0304_0506_0708)
        #expect(try key.value(named: "Opaque")?.type.description == "0xffff0010")
        #expect(try key.value(named: "Dword")?.type.description == "REG_DWORD")
        #expect(try key.value(named: "missing") == nil)
        #expect(throws: HiveError.self) { try key.value(named: "Three")?.uint32() }
    }

    /// UTF-16 and Latin-1 names decode and compare case-insensitively beyond ASCII.
    @Test func namesBeyondASCII() throws {
        let hive = try Hive(bytes: RegfWriter(root: sampleTree()).build().bytes)
        let key = try #require(try hive.key(at: #"ключ\日本"#))
        #expect(key.name == "日本")
        #expect(try key.path() == #"\Ключ\日本"#)
        #expect(try key.parent()?.name == "Ключ")
        #expect(try key.value(named: "GRÖßE")?.uint32() == 1)
        #expect(try hive.rootKey().parent() == nil)
        #expect(try hive.rootKey().path() == "\\")
    }

    /// A version 1.3 hive keeps large data in one cell (no `db` records before 1.4).
    @Test func version13LargeValueInOneCell() throws {
        let data = (0..<20_000).map { UInt8($0 % 241) }
        let writer = RegfWriter(root: RegfKey("R", values: [.binary("Big", data)]), minorVersion: 3)
        let hive = try Hive(bytes: writer.build().bytes)
        #expect(hive.baseBlock.version == "1.3")
        #expect(try hive.rootKey().value(named: "Big")?.data() == data)
    }

    /// Base block facts: dirty, checksum, version, layered flag.
    @Test func baseBlockFacts() throws {
        var writer = RegfWriter(root: RegfKey("R"))
        writer.primarySequence = 7
        writer.secondarySequence = 6
        let dirty = try Hive(bytes: writer.build().bytes)
        #expect(dirty.isDirty)
        #expect(dirty.baseBlock.hasValidChecksum)
        #expect(!dirty.baseBlock.supportsLayeredKeys)
        let delta = try Hive(bytes: RegfWriter.differencing(root: RegfKey("ROOT")).build().bytes)
        #expect(delta.baseBlock.version == "1.6")
        #expect(delta.baseBlock.supportsLayeredKeys)
        #expect(!delta.isDirty)
    }

    /// Round trip: any generated tree reads back with the same keys, values, types and bytes.
    @Test func randomTreesRoundTrip() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            let tree = RandomTree.key(depth: 0, random: &random)
            do {
                let hive = try Hive(bytes: RegfWriter(root: tree).build().bytes)
                #expect(try RandomTree.matches(hive.rootKey(), tree))
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}

/// Random registry trees and a structural comparison with what the reader sees.
enum RandomTree {
    /// Characters names are made of: ASCII, Latin-1 and beyond (but no backslash).
    static let alphabet: [Character] = Array("abcXYZ019 _-.{}éÖßдЖ日本")

    /// A random name of 1–12 characters.
    static func name(_ random: inout SplitMix64) -> String {
        String((0..<random.next(in: 1...12)).map { _ in alphabet[random.next(in: 0...(alphabet.count - 1))] })
    }

    /// A random key with up to 4 levels below it.
    static func key(depth: Int, random: inout SplitMix64) -> RegfKey {
        var names = Set<String>()
        var values: [RegfValue] = []
        for _ in 0..<random.next(in: 0...6) {
            let valueName = random.next(in: 0...5) == 0 ? "" : name(&random)
            guard names.insert(valueName.uppercased()).inserted else { continue }
            let sizes = [0, 1, 3, 4, 5, 8, 100, 300, 16_344, 16_345, 33_000]
            // Big data is costly to generate: one value in twenty is large.
            let size = sizes[random.next(in: 0...19) == 0 ? random.next(in: 8...10) : random.next(in: 0...7)]
            let data = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            values.append(RegfValue(name: valueName, type: UInt32(truncatingIfNeeded: random.next()), data: data))
        }
        var subkeys: [RegfKey] = []
        var keyNames = Set<String>()
        if depth < 4 {
            for _ in 0..<random.next(in: 0...(depth == 0 ? 12 : 3)) {
                var child = key(depth: depth + 1, random: &random)
                guard keyNames.insert(child.name.uppercased()).inserted else { continue }
                child.className = random.next(in: 0...3) == 0 ? name(&random) : nil
                subkeys.append(child)
            }
        }
        var result = RegfKey(name(&random), values: values, subkeys: subkeys)
        let kinds: [RegfSubkeyListKind] = [.li, .lf, .lh, .ri(leafCapacity: 2, leaf: .lh)]
        result.listKind = kinds[random.next(in: 0...3)]
        return result
    }

    /// Whether the hive key has exactly the written key's subtree.
    static func matches(_ key: HiveKey, _ written: RegfKey) throws -> Bool {
        let values = Array(try key.values())
        guard values.count == written.values.count else { return false }
        for (value, expected) in zip(values, written.values) {
            guard value.name == expected.name, value.type.rawValue == expected.type, try value.data() == expected.data
            else { return false }
        }
        guard try key.className() == written.className else { return false }
        for expected in written.subkeys {
            guard let child = try key.subkey(named: expected.name), child.name == expected.name,
                try matches(child, expected)
            else { return false }
        }
        return try key.subkeys().underestimatedCount == written.subkeys.count
    }
}
