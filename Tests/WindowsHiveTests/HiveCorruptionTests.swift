import TestSupport
import Testing
import WindowsHive

/// A tree with two siblings, so one can be damaged and the other still read in lenient mode.
private func twoBranches() -> RegfWriter {
    RegfWriter(
        root: RegfKey(
            "ROOT",
            subkeys: [
                RegfKey(
                    "Damaged", values: [.string("Name", "x"), .binary("Big", Array(repeating: 1, count: 40_000))],
                    subkeys: [RegfKey("Child", subkeys: [RegfKey("Grandchild")])]),
                RegfKey("Intact", values: [.dword("Value", 42)]),
            ]))
}

/// The offset `table` lists for `path`; 0 (the base block, so the test then fails loudly) when absent.
private func at(_ table: [String: Int], _ path: String) -> Int { table[path] ?? 0 }

/// Reads everything in strict mode: walks every key and decodes every value (copying the data, or borrowing it
/// with `withData`).
private func readEverything(_ hive: Hive, borrowing: Bool = false) throws {
    try hive.walk { key, _ in
        _ = try key.className()
        for value in try key.values() {
            if borrowing { _ = try value.withData { $0.byteCount } } else { _ = try value.data() }
        }
    }
}

/// Damage built with the writer's offset tables, and the error each must produce.
@Suite("Corrupt hives")
struct HiveCorruptionTests {
    /// One kind of damage: how to apply it and the error code strict reading must give.
    struct Damage: CustomTestStringConvertible, Sendable {
        let name: String
        let code: HiveError.Code
        let apply: @Sendable (inout RegfImage) -> Void
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "subkey list offset outside the bins", code: .badOffset) { image in
            image.patchUInt32(at: at(image.keyOffsets, "\\Damaged") + 4 + 28, 0x7FFF_FFF8)
        },
        Damage(name: "subkey list offset not 8-aligned", code: .badOffset) { image in
            image.patchUInt32(at: at(image.keyOffsets, "\\Damaged") + 4 + 28, 0x1004)
        },
        Damage(name: "key cell marked free", code: .badCell) { image in
            let offset = at(image.keyOffsets, "\\Damaged\\Child")
            image.patchUInt32(at: offset, UInt32(bitPattern: -Int32(bitPattern: (image.uint32(at: offset) ?? 0))))
        },
        Damage(name: "key cell size INT32_MIN", code: .badCell) { image in
            image.patchUInt32(at: at(image.keyOffsets, "\\Damaged\\Child"), 0x8000_0000)
        },
        Damage(name: "key cell overruns its bin", code: .badCell) { image in
            image.patchUInt32(at: at(image.keyOffsets, "\\Damaged\\Child"), UInt32(bitPattern: -0x10_0000))
        },
        Damage(name: "key signature wrong", code: .badRecord) { image in
            image.patch(at: at(image.keyOffsets, "\\Damaged\\Child") + 4, Array("xx".utf8))
        },
        Damage(name: "key name longer than its cell", code: .badRecord) { image in
            image.patchUInt16(at: at(image.keyOffsets, "\\Damaged\\Child") + 4 + 72, 0xFFFF)
        },
        Damage(name: "subkey list signature unknown", code: .badList) { image in
            image.patch(at: at(image.subkeyListOffsets, "\\Damaged") + 4, Array("zz".utf8))
        },
        Damage(name: "subkey list count overruns its cell", code: .badList) { image in
            image.patchUInt16(at: at(image.subkeyListOffsets, "\\Damaged") + 6, 0xFFFF)
        },
        Damage(name: "value list count overruns its cell", code: .badList) { image in
            image.patchUInt32(at: at(image.keyOffsets, "\\Damaged") + 4 + 36, 0x00FF_FFFF)
        },
        Damage(name: "value signature wrong", code: .badRecord) { image in
            image.patch(at: at(image.valueOffsets, "\\Damaged:Name") + 4, Array("nk".utf8))
        },
        Damage(name: "value data longer than its cell", code: .badValueData) { image in
            image.patchUInt32(at: at(image.valueOffsets, "\\Damaged:Name") + 4 + 4, 5000)
        },
        Damage(name: "inline data longer than 4 bytes", code: .badValueData) { image in
            image.patchUInt32(at: at(image.valueOffsets, "\\Damaged:Name") + 4 + 4, 0x8000_0010)
        },
        Damage(name: "big data with too few segments", code: .badValueData) { image in
            image.patchUInt16(at: at(image.valueDataOffsets, "\\Damaged:Big") + 4 + 2, 1)
        },
        Damage(name: "big data segment list outside the bins", code: .badOffset) { image in
            image.patchUInt32(at: at(image.valueDataOffsets, "\\Damaged:Big") + 4 + 4, 0x7FFF_0000)
        },
        Damage(name: "key tree cycle: a grandchild lists its grandparent", code: .cycle) { image in
            let grandchild = at(image.keyOffsets, "\\Damaged\\Child\\Grandchild")
            image.patchUInt32(at: grandchild + 4 + 20, 1)
            image.patchUInt32(at: grandchild + 4 + 28, UInt32(at(image.subkeyListOffsets, "\\") - 4096))
        },
        Damage(name: "class name longer than its cell", code: .badCell) { image in
            let key = at(image.keyOffsets, "\\Damaged")
            image.patchUInt32(at: key + 4 + 48, UInt32(at(image.valueOffsets, "\\Damaged:Name") - 4096))
            image.patchUInt16(at: key + 4 + 74, 0x7FFF)
        },
    ]

    /// Strict reading reports the damage with its code and an offset; lenient reading skips it, reports it,
    /// and still reads the intact sibling.
    @Test(arguments: damages)
    func damageIsReportedNotTrapped(_ damage: Damage) throws {
        var image = twoBranches().build()
        damage.apply(&image)
        let strict = try Hive(bytes: image.bytes)
        let error = try #require(throws: HiveError.self) { try readEverything(strict) }
        #expect(error.code == damage.code, "\(error)")
        #expect(error.offset != nil)
        let borrowed = try #require(throws: HiveError.self) { try readEverything(strict, borrowing: true) }
        #expect(borrowed.code == error.code && borrowed.offset == error.offset, "\(borrowed)")

        let lenient = try Hive(bytes: image.bytes, options: .lenient)
        var damageSeen = 0
        var intactValue: UInt32?
        let report = try lenient.walk { key, _ in
            do { _ = try key.className() } catch { damageSeen += 1 }
            let values = try key.values()
            damageSeen += values.damage.count
            #expect(Array(values).count <= values.underestimatedCount + values.damage.count)
            for value in values {
                do { _ = try value.data() } catch { damageSeen += 1 }
            }
            if key.name == "Intact" { intactValue = try key.value(named: "Value")?.uint32() }
        }
        #expect(intactValue == 42)
        #expect(damageSeen + report.damage.count > 0, "lenient mode must report what it skipped")
    }

    /// A record listed twice in one list is read once: a key is visited once, a value list is refused.
    @Test func recordsListedTwiceInOneList() throws {
        var image = twoBranches().build()
        let rootList = at(image.subkeyListOffsets, "\\")
        let first = image.uint32(at: rootList + 4 + 4) ?? 0
        image.patchUInt32(at: rootList + 4 + 4 + 8, first)  // lh element 1 now names element 0's key
        let strict = try Hive(bytes: image.bytes)
        let error = try #require(throws: HiveError.self) { try strict.walk { _, _ in } }
        #expect(error.code == .badList)
        var visits = 0
        let report = try Hive(bytes: image.bytes, options: .lenient).walk { key, depth in
            if depth == 1 { visits += 1 }
        }
        #expect(visits == 1)
        #expect(report.damage.map(\.code) == [.badList])

        var values = twoBranches().build()
        let list = at(values.valueListOffsets, "\\Damaged")
        values.patchUInt32(at: list + 4 + 4, values.uint32(at: list + 4) ?? 0)
        let key = try #require(try Hive(bytes: values.bytes).key(at: "Damaged"))
        #expect(throws: HiveError.self) { try key.values() }
        let lenientKey = try #require(try Hive(bytes: values.bytes, options: .lenient).key(at: "Damaged"))
        #expect(try lenientKey.values().damage.map(\.code) == [.badList])
    }

    /// A repeat is found across the leaves of an index root too: the key is visited once, the repeat refused.
    @Test func keyListedTwiceAcrossIndexRootLeaves() throws {
        var parent = RegfKey("P", subkeys: (0..<9).map { RegfKey("K\($0)") })
        parent.listKind = .ri(leafCapacity: 3, leaf: .lh)
        var image = RegfWriter(root: RegfKey("R", subkeys: [parent])).build()
        let leaves = image.leafListOffsets["\\P"] ?? []
        try #require(leaves.count == 3)
        // The third leaf's first element (K6) now names K1, which the first leaf lists.
        image.patchUInt32(at: leaves[2] + 4 + 4, UInt32(at(image.keyOffsets, "\\P\\K1") - 4096))
        let error = try #require(throws: HiveError.self) { try Hive(bytes: image.bytes).walk { _, _ in } }
        #expect(error.code == .badList)
        var visited: [String] = []
        let report = try Hive(bytes: image.bytes, options: .lenient).walk { key, depth in
            if depth == 2 { visited.append(key.name) }
        }
        #expect(visited == ["K0", "K1", "K2", "K3", "K4", "K5", "K7", "K8"])
        #expect(report.damage.map(\.code) == [.badList])
    }

    /// A key listed under two parents is visited under each (as other readers do), and a key that is both a
    /// child and a grandchild of one key is no repeat: a list's repeat check does not leak into the next.
    @Test func keysSharedBetweenListsAreVisitedUnderEach() throws {
        let writer = RegfWriter(
            root: RegfKey(
                "ROOT",
                subkeys: [
                    RegfKey("A", subkeys: [RegfKey("X"), RegfKey("Y")]),
                    RegfKey("B", subkeys: [RegfKey("Z")]),
                ]))
        var image = writer.build()
        func relative(_ path: String) -> UInt32 { UInt32(at(image.keyOffsets, path) - 4096) }
        // B's only subkey is now A's X, and A's Y is now B: B is a child of ROOT and of A.
        image.patchUInt32(at: at(image.subkeyListOffsets, "\\B") + 4 + 4, relative("\\A\\X"))
        image.patchUInt32(at: at(image.subkeyListOffsets, "\\A") + 4 + 4 + 8, relative("\\B"))
        for options in [Hive.Options.strict, .lenient] {
            var paths: [String] = []
            var names: [String] = []
            let report = try Hive(bytes: image.bytes, options: options).walk { key, depth in
                names = Array(names.prefix(depth)) + [key.name]
                paths.append(names.dropFirst().joined(separator: "\\"))
            }
            #expect(paths == ["", "A", "A\\X", "A\\B", "A\\B\\X", "B", "B\\X"])
            #expect(report.damage.isEmpty)
        }
    }

    /// A repeat anywhere in a value list is refused, in short lists (compared pairwise) and long ones (sorted).
    @Test(arguments: [(3, 2, 0), (16, 15, 0), (17, 16, 3), (40, 39, 0), (40, 20, 21)])
    func valueListedTwiceAnywhere(count: Int, patched: Int, copied: Int) throws {
        let values = (0..<count).map { RegfValue.dword("V\($0)", UInt32($0)) }
        var image = RegfWriter(root: RegfKey("ROOT", subkeys: [RegfKey("Many", values: values)])).build()
        let intact = try #require(try Hive(bytes: image.bytes).key(at: "Many"))
        #expect(Array(try intact.values()).count == count)
        let list = at(image.valueListOffsets, "\\Many")
        image.patchUInt32(at: list + 4 + 4 * patched, image.uint32(at: list + 4 + 4 * copied) ?? 0)
        let key = try #require(try Hive(bytes: image.bytes).key(at: "Many"))
        #expect(throws: HiveError.self) { try key.values() }
    }

    /// An `ri` that points to an `ri` is refused (no recursion through index roots).
    @Test func indexRootInsideIndexRoot() throws {
        var parent = RegfKey("P", subkeys: (0..<9).map { RegfKey("K\($0)") })
        parent.listKind = .ri(leafCapacity: 3, leaf: .ri(leafCapacity: 3, leaf: .lh))
        let hive = try Hive(bytes: RegfWriter(root: RegfKey("R", subkeys: [parent])).build().bytes)
        let key = try #require(try hive.key(at: "P"))
        #expect(throws: HiveError.self) { try key.subkeys() }
        #expect(throws: HiveError.self) { try key.subkey(named: "K1") }
    }

    /// File-level damage: a wrong signature, a bad checksum, truncation, a bad bin header.
    @Test func fileLevelDamage() throws {
        let good = twoBranches().build()

        var notHive = good
        notHive.patch(at: 0, Array("fger".utf8))
        #expect(throws: HiveError.self) { try Hive(bytes: notHive.bytes) }
        #expect((try? Hive(bytes: [UInt8]())) == nil)
        #expect((try? Hive(bytes: Array("regf".utf8))) == nil)

        var checksum = good
        checksum.patchUInt32(at: 508, 0xDEAD_BEEF)
        let checksumError = try #require(throws: HiveError.self) { try Hive(bytes: checksum.bytes) }
        #expect(checksumError.code == .badChecksum)
        let relaxed = try Hive(bytes: checksum.bytes, options: .lenient)
        #expect(relaxed.damage.isEmpty)  // lenient does not require the checksum at all
        try readEverything(relaxed)

        var truncated = good
        truncated.truncate(to: 4096 + 4096)
        let truncatedError = try #require(throws: HiveError.self) { try Hive(bytes: truncated.bytes) }
        #expect(truncatedError.code == .truncated)
        let partial = try Hive(bytes: truncated.bytes, options: .lenient)
        #expect(partial.damage.map(\.code) == [.truncated])
        _ = try? partial.walk { _, _ in }

        var badBin = good
        badBin.patch(at: 4096, Array("xbin".utf8))
        let binError = try #require(throws: HiveError.self) { try Hive(bytes: badBin.bytes) }
        #expect(binError.code == .badBin)
        let skipped = try Hive(bytes: badBin.bytes, options: .lenient)
        #expect(skipped.damage.first?.code == .badBin)
        #expect(throws: HiveError.self) { try skipped.rootKey() }
    }

    /// Every single-byte change of a small hive reads or fails cleanly, strict and lenient.
    @Test func everySingleByteCorruptionIsSafe() throws {
        let good = RegfWriter(
            root: RegfKey(
                "R", values: [.string("S", "text"), .dword("D", 1)],
                subkeys: [RegfKey("A", subkeys: [RegfKey("B")]), RegfKey("C")])
        ).build()
        var changed = 0
        for offset in Swift.stride(from: 4096, to: min(good.bytes.count, 4096 + 1024), by: 1) {
            for replacement: UInt8 in [0x00, 0xFF, 0x80] where good.bytes[offset] != replacement {
                var bytes = good.bytes
                bytes[offset] = replacement
                for options in [Hive.Options.strict, .lenient] {
                    guard let hive = try? Hive(bytes: bytes, options: options) else { continue }
                    _ = try? readEverything(hive)
                    _ = try? LayeredHive(base: hive, deltas: [hive]).walk { key, _, _ in _ = try key.values() }
                }
                changed += 1
            }
        }
        #expect(changed > 2000)
    }
}
