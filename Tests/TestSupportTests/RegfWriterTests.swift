import Foundation
import TestSupport
import Testing

@Suite("RegfWriter")
struct RegfWriterTests {
    // MARK: Structure

    @Test("base block, hbin headers and cell tiling are consistent", arguments: Fixture.allCases)
    func structureIsConsistent(fixture: Fixture) throws {
        let image = fixture.writer.build()
        #expect(HiveCheck.problems(in: image.bytes) == [])
        let root = try #require(image.keyOffsets["\\"])
        #expect(root == image.rootCellOffset + 4096)
        #expect(HiveCheck.u32(image.bytes, 36) == UInt32(image.rootCellOffset))
    }

    @Test("base block fields")
    func baseBlockFields() throws {
        var writer = RegfWriter(root: RegfKey("ROOT"), minorVersion: 3)
        writer.primarySequence = 7
        writer.secondarySequence = 6
        writer.fileName = "\\??\\C:\\Windows\\System32\\config\\SOFTWARE-with-a-long-tail"
        writer.supportsLayeredKeys = true
        let bytes = writer.build().bytes
        #expect(Array(bytes[0..<4]) == Array("regf".utf8))
        #expect(HiveCheck.u32(bytes, 4) == 7)
        #expect(HiveCheck.u32(bytes, 8) == 6)
        #expect(HiveCheck.u64(bytes, 12) == RegfKey.defaultLastWritten)
        #expect(HiveCheck.u32(bytes, 20) == 1)
        #expect(HiveCheck.u32(bytes, 24) == 3)
        #expect(HiveCheck.u32(bytes, 28) == 0)
        #expect(HiveCheck.u32(bytes, 32) == 1)
        #expect(HiveCheck.u32(bytes, 40) == UInt32(bytes.count - 4096))
        #expect(HiveCheck.u32(bytes, 44) == 1)
        #expect(HiveCheck.u32(bytes, 144) == 2)
        let fileName = Array(writer.fileName.utf16.prefix(32))
        #expect((0..<32).map { HiveCheck.u16(bytes, 48 + 2 * $0) } == fileName)
        #expect(HiveCheck.u64(bytes, 4096 + 20) == RegfKey.defaultLastWritten)
    }

    @Test("checksum: XOR of the first 127 words, with the special cases 0 → 1 and 0xFFFFFFFF → 0xFFFFFFFE")
    func checksum() throws {
        var image = RegfWriter(root: RegfKey("R")).build()
        #expect(HiveCheck.u32(image.bytes, 508) == HiveCheck.xor(image.bytes))
        image.patchUInt32(at: 4, 0xDEAD_BEEF)
        #expect(HiveCheck.u32(image.bytes, 508) != HiveCheck.xor(image.bytes))
        image.updateChecksum()
        #expect(HiveCheck.u32(image.bytes, 508) == HiveCheck.xor(image.bytes))
        #expect(RegfImage.checksum(ofBaseBlock: [UInt8](repeating: 0, count: 508)) == 1)
        #expect(
            RegfImage.checksum(ofBaseBlock: [0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 504)) == 0xFFFF_FFFE
        )
        #expect(
            RegfImage.checksum(ofBaseBlock: [1, 2, 3, 4, 1, 0, 0, 0] + [UInt8](repeating: 0, count: 500)) == 0x0403_0200
        )
    }

    // MARK: Cross-check with hivex

    @Test(
        "hivex reads every key, value, type and data byte as the tree describes",
        .enabled(if: Hivex.isAvailable, "Debian python3-hivex is not installed: cannot cross-check with hivex"),
        arguments: [Fixture.everyShape, .version13, .largeBins, .minimal]
    )
    func hivexReadsTheTree(fixture: Fixture) throws {
        let writer = fixture.writer
        let dump = try Hivex.dump(writer.build().bytes)
        let expected = HiveCheck.expectedDump(writer.root)
        #expect(dump.count == expected.count)
        for (line, (actual, wanted)) in zip(dump, expected).enumerated() where actual != wanted {
            Issue.record("line \(line): hivex printed \(actual.prefix(300)), expected \(wanted.prefix(300))")
            break
        }
        #expect(dump == expected)
    }

    // MARK: Records

    @Test("subkey lists: li, lf hints, lh hashes, ri leaves")
    func subkeyLists() throws {
        let image = Fixture.everyShape.writer.build()
        let bytes = image.bytes
        for (path, signature, entrySize) in [("\\Li", "li", 4), ("\\Lf", "lf", 8), ("\\Lh", "lh", 8)] {
            let list = try #require(image.subkeyListOffsets[path])
            #expect(Array(bytes[(list + 4)..<(list + 6)]) == Array(signature.utf8))
            #expect(HiveCheck.u16(bytes, list + 6) == 12)
            let names = (0..<12).map { index in
                HiveCheck.keyName(bytes, nk: 4096 + Int(HiveCheck.u32(bytes, list + 8 + entrySize * index)))
            }
            #expect(names == names.sorted { HiveCheck.precedes($0, $1) })
            for (index, name) in names.enumerated() where signature == "lh" {
                #expect(HiveCheck.u32(bytes, list + 12 + 8 * index) == HiveCheck.lhHash(name))
            }
            for (index, name) in names.enumerated() where signature == "lf" {
                let hint = Array(bytes[(list + 12 + 8 * index)..<(list + 16 + 8 * index)])
                #expect(hint == Array(name.utf8.prefix(4)) + [UInt8](repeating: 0, count: 4 - min(4, name.utf8.count)))
            }
        }

        let ri = try #require(image.subkeyListOffsets["\\Ri"])
        let leaves = try #require(image.leafListOffsets["\\Ri"])
        #expect(Array(bytes[(ri + 4)..<(ri + 6)]) == Array("ri".utf8))
        #expect(Int(HiveCheck.u16(bytes, ri + 6)) == leaves.count)
        #expect(leaves.count == 6)  // 17 subkeys in leaves of 3
        var names: [String] = []
        for (index, leaf) in leaves.enumerated() {
            #expect(Int(HiveCheck.u32(bytes, ri + 8 + 4 * index)) + 4096 == leaf)
            #expect(Array(bytes[(leaf + 4)..<(leaf + 6)]) == Array("lf".utf8))
            let count = Int(HiveCheck.u16(bytes, leaf + 6))
            #expect(count == (index < 5 ? 3 : 2))
            for entry in 0..<count {
                let nk = 4096 + Int(HiveCheck.u32(bytes, leaf + 8 + 8 * entry))
                let name = HiveCheck.keyName(bytes, nk: nk)
                names.append(name)
                let hint = Array(bytes[(leaf + 12 + 8 * entry)..<(leaf + 16 + 8 * entry)])
                if name == "日本" || name == "Ключ" {
                    #expect(hint == [0, 0, 0, 0])
                } else if name == "Größe" {
                    #expect(hint == [0x47, 0x72, 0xF6, 0xDF])
                }
            }
        }
        #expect(names == names.sorted { HiveCheck.precedes($0, $1) })
        #expect(names.count == 17)
    }

    @Test("lh hashes upper-case Latin-1 and Cyrillic letters")
    func hashes() throws {
        let names = ["abc", "ключ", "äÄ", "日本", "Größe"]
        let root = RegfKey("R", subkeys: names.map { RegfKey($0) })
        let image = RegfWriter(root: root).build()
        let list = try #require(image.subkeyListOffsets["\\"])
        var hashes: [String: UInt32] = [:]
        for index in 0..<names.count {
            let nk = 4096 + Int(HiveCheck.u32(image.bytes, list + 8 + 8 * index))
            hashes[HiveCheck.keyName(image.bytes, nk: nk)] = HiveCheck.u32(image.bytes, list + 12 + 8 * index)
        }
        #expect(hashes["abc"] == UInt32((65 * 37 + 66) * 37 + 67))
        let upperCyrillic: [UInt32] = [0x41A, 0x41B, 0x42E, 0x427]  // К Л Ю Ч
        #expect(hashes["ключ"] == upperCyrillic.reduce(0) { $0 * 37 + $1 })
        #expect(hashes["äÄ"] == UInt32(0xC4 * 37 + 0xC4))
        #expect(hashes["日本"] == UInt32(0x65E5 * 37 + 0x672C))
        // ß has no one-character uppercase form and stays as it is.
        #expect(hashes["Größe"] == HiveCheck.lhHash("GRÖßE"))
    }

    @Test("key nodes: flags, counts, largest-field values, class names, security")
    func keyNodes() throws {
        let image = Fixture.everyShape.writer.build()
        let bytes = image.bytes
        let root = try #require(image.keyOffsets["\\"])
        #expect(Array(bytes[(root + 4)..<(root + 6)]) == Array("nk".utf8))
        #expect(HiveCheck.u16(bytes, root + 6) == 0x2C)
        #expect(HiveCheck.u32(bytes, root + 20) == 0xFFFF_FFFF)

        let latin = try #require(image.keyOffsets["\\Größe"])
        #expect(HiveCheck.u16(bytes, latin + 6) == 0x20)
        #expect(HiveCheck.u16(bytes, latin + 76) == 5)
        #expect(Array(bytes[(latin + 80)..<(latin + 85)]) == [0x47, 0x72, 0xF6, 0xDF, 0x65])
        #expect(HiveCheck.u32(bytes, latin + 20) == UInt32(root - 4096))

        let cyrillic = try #require(image.keyOffsets["\\Ключ"])
        #expect(HiveCheck.u16(bytes, cyrillic + 6) == 0)
        #expect(HiveCheck.u16(bytes, cyrillic + 76) == 8)
        #expect(HiveCheck.keyName(bytes, nk: cyrillic) == "Ключ")
        // Class name "Класс": its own cell, UTF-16LE, length 10.
        let classCell = try #require(image.classNameOffsets["\\Ключ"])
        #expect(Int(HiveCheck.u32(bytes, cyrillic + 52)) + 4096 == classCell)
        #expect(HiveCheck.u16(bytes, cyrillic + 78) == 10)
        #expect(Array(bytes[(classCell + 4)..<(classCell + 14)]) == HiveCheck.utf16("Класс"))
        // Largest value name "Значение" (16 bytes), largest data 40000 bytes (value "Big").
        #expect(HiveCheck.u32(bytes, cyrillic + 64) == 16)
        #expect(HiveCheck.u32(bytes, root + 68) == 40000)
        // Largest subkey name, counted as UTF-16 bytes: "Mixed-Case-Child" (16 characters) under \Mixed.
        let mixed = try #require(image.keyOffsets["\\Mixed"])
        #expect(HiveCheck.u16(bytes, mixed + 56) == 2 * 16)
        // Largest subkey class name of the root: "Класс" → 10 bytes.
        #expect(HiveCheck.u32(bytes, root + 60) == 10)
        // No class: offset none, length 0.
        #expect(HiveCheck.u32(bytes, root + 52) == 0xFFFF_FFFF)
        #expect(HiveCheck.u16(bytes, root + 78) == 0)

        // One sk cell, self-linked, referenced by every key.
        let sk = image.securityCellOffset
        #expect(Array(bytes[(sk + 4)..<(sk + 6)]) == Array("sk".utf8))
        #expect(Int(HiveCheck.u32(bytes, sk + 8)) + 4096 == sk)
        #expect(Int(HiveCheck.u32(bytes, sk + 12)) + 4096 == sk)
        #expect(Int(HiveCheck.u32(bytes, sk + 16)) == image.keyOffsets.count)
        let descriptorSize = Int(HiveCheck.u32(bytes, sk + 20))
        #expect(bytes[sk + 24] == 1)  // revision
        #expect(HiveCheck.u16(bytes, sk + 26) & 0x8000 != 0)  // self-relative
        #expect(Int(HiveCheck.i32(bytes, sk)) <= -(24 + descriptorSize))
        for nk in image.keyOffsets.values {
            #expect(Int(HiveCheck.u32(bytes, nk + 48)) + 4096 == sk)
        }
    }

    @Test("values: inline, cell, big data and names")
    func values() throws {
        let image = Fixture.everyShape.writer.build()
        let bytes = image.bytes
        // Inline: size with bit 31, data in the offset field.
        let three = try #require(image.valueOffsets["\\:Inline3"])
        #expect(HiveCheck.u32(bytes, three + 8) == 0x8000_0003)
        #expect(Array(bytes[(three + 12)..<(three + 15)]) == [1, 2, 3])
        #expect(image.valueDataOffsets["\\:Inline3"] == nil)
        // Default value: empty name.
        let defaultValue = try #require(image.valueOffsets["\\:"])
        #expect(HiveCheck.u16(bytes, defaultValue + 6) == 0)
        // Cell data.
        let cellValue = try #require(image.valueOffsets["\\:Cell"])
        let cellData = try #require(image.valueDataOffsets["\\:Cell"])
        #expect(HiveCheck.u32(bytes, cellValue + 8) == 5)
        #expect(Int(HiveCheck.u32(bytes, cellValue + 12)) + 4096 == cellData)
        #expect(Array(bytes[(cellData + 4)..<(cellData + 9)]) == [9, 8, 7, 6, 5])
        // Big data: db, 3 segments of 16344, 16344 and 7312 bytes.
        let big = try #require(image.valueOffsets["\\:Big"])
        let db = try #require(image.valueDataOffsets["\\:Big"])
        #expect(HiveCheck.u32(bytes, big + 8) == 40000)
        #expect(Int(HiveCheck.u32(bytes, big + 12)) + 4096 == db)
        #expect(Array(bytes[(db + 4)..<(db + 6)]) == Array("db".utf8))
        #expect(HiveCheck.u16(bytes, db + 6) == 3)
        let segmentList = 4096 + Int(HiveCheck.u32(bytes, db + 8))
        var data: [UInt8] = []
        for index in 0..<3 {
            let segment = 4096 + Int(HiveCheck.u32(bytes, segmentList + 4 + 4 * index))
            let length = min(16344, 40000 - data.count)
            #expect(-Int(HiveCheck.i32(bytes, segment)) >= 4 + length)
            data += bytes[(segment + 4)..<(segment + 4 + length)]
        }
        #expect(data == Fixture.bigData)
        // Opaque type.
        let odd = try #require(image.valueOffsets["\\:OddType"])
        #expect(HiveCheck.u32(bytes, odd + 16) == 0xFFFF_0010)
        // Names: Latin-1 with flag 0x1, UTF-16 without.
        let latin = try #require(image.valueOffsets["\\Größe:Größe"])
        #expect(HiveCheck.u16(bytes, latin + 20) & 0x1 == 1)
        #expect(HiveCheck.u16(bytes, latin + 6) == 5)
        let cyrillic = try #require(image.valueOffsets["\\Ключ:Значение"])
        #expect(HiveCheck.u16(bytes, cyrillic + 20) & 0x1 == 0)
        #expect(HiveCheck.u16(bytes, cyrillic + 6) == 16)
        // The value list holds the vk offsets in the given order.
        let list = try #require(image.valueListOffsets["\\"])
        #expect(Int(HiveCheck.u32(bytes, list + 4)) + 4096 == defaultValue)
    }

    @Test("value storage can be forced: big data in a version 1.3 hive, a cell for 2 bytes, bigData for 10 bytes")
    func forcedStorage() throws {
        let values = [
            RegfValue(name: "Cell", type: 3, data: [1, 2], storage: .cell),
            RegfValue(name: "Db", type: 3, data: Array(0..<10), storage: .bigData),
            RegfValue(name: "Big", type: 3, data: [UInt8](repeating: 7, count: 20000)),
            RegfValue(name: "Utf16", type: 3, data: [], nameEncoding: .utf16),
        ]
        let image = RegfWriter(root: RegfKey("R", values: values), minorVersion: 3).build()
        #expect(HiveCheck.problems(in: image.bytes) == [])
        let bytes = image.bytes
        let cell = try #require(image.valueDataOffsets["\\:Cell"])
        #expect(-HiveCheck.i32(bytes, cell) == 8)
        let db = try #require(image.valueDataOffsets["\\:Db"])
        #expect(Array(bytes[(db + 4)..<(db + 6)]) == Array("db".utf8))
        #expect(HiveCheck.u16(bytes, db + 6) == 1)
        let big = try #require(image.valueDataOffsets["\\:Big"])
        #expect(-HiveCheck.i32(bytes, big) >= 20004)
        #expect(bytes[big + 4] == 7)
        let utf16 = try #require(image.valueOffsets["\\:Utf16"])
        #expect(HiveCheck.u16(bytes, utf16 + 20) == 0)
        #expect(HiveCheck.u32(bytes, utf16 + 8) == 0x8000_0000)
    }

    @Test("hive bins: the configured size, and a larger bin for a cell that needs it")
    func binSizes() throws {
        var writer = RegfWriter(root: RegfKey("R", values: [.binary("Big", [UInt8](repeating: 1, count: 9000))]))
        writer.binSize = 8192
        let bins = HiveCheck.bins(writer.build().bytes)
        #expect(bins.first?.size == 8192)
        #expect(bins.contains { $0.size == 12288 })
        #expect(bins.allSatisfy { $0.size % 4096 == 0 })
    }

    @Test("unsorted subkeys stay in the given order; an ri may point at an ri")
    func brokenShapes() throws {
        var root = RegfKey("R", subkeys: ["b", "C", "a"].map { RegfKey($0) })
        root.sortsSubkeys = false
        root.listKind = .ri(leafCapacity: 2, leaf: .ri(leafCapacity: 1, leaf: .li))
        let image = RegfWriter(root: root).build()
        #expect(HiveCheck.problems(in: image.bytes) == [])
        let bytes = image.bytes
        let ri = try #require(image.subkeyListOffsets["\\"])
        let leaves = try #require(image.leafListOffsets["\\"])
        #expect(leaves.count == 2)
        var names: [String] = []
        for leaf in leaves {
            #expect(Array(bytes[(leaf + 4)..<(leaf + 6)]) == Array("ri".utf8))
            for index in 0..<Int(HiveCheck.u16(bytes, leaf + 6)) {
                let li = 4096 + Int(HiveCheck.u32(bytes, leaf + 8 + 4 * index))
                #expect(Array(bytes[(li + 4)..<(li + 6)]) == Array("li".utf8))
                names.append(HiveCheck.keyName(bytes, nk: 4096 + Int(HiveCheck.u32(bytes, li + 8))))
            }
        }
        #expect(names == ["b", "C", "a"])
        let rootKey = try #require(image.keyOffsets["\\"])
        #expect(Int(HiveCheck.u32(bytes, rootKey + 32)) + 4096 == ri)
    }

    @Test("patching grows the image and leaves the checksum alone; truncating cuts it")
    func patching() {
        var image = RegfWriter(root: RegfKey("R")).build()
        let size = image.bytes.count
        let checksum = image.uint32(at: 508)
        image.patch(at: size - 2, [1, 2, 3, 4])
        #expect(image.bytes.count == size + 2)
        #expect(image.uint16(at: size) == 0x0403)
        image.patchUInt16(at: 4096, 0xBEEF)
        #expect(image.bytes[4096] == 0xEF)
        #expect(image.uint32(at: 508) == checksum)
        image.truncate(to: 5000)
        #expect(image.bytes.count == 5000)
        #expect(image.uint32(at: 4998) == nil)
    }

    // MARK: Differencing hives

    @Test("a differencing hive carries version 1.6, the layered-keys flag, layer semantics and tombstones")
    func differencingHive() throws {
        let image = Fixture.differencing.writer.build()
        let bytes = image.bytes
        #expect(HiveCheck.problems(in: bytes) == [])
        #expect(HiveCheck.u32(bytes, 24) == 6)
        #expect(HiveCheck.u32(bytes, 144) & 0x2 == 0x2)
        let expectations: [(String, UInt8)] = [
            ("\\", 0), ("\\Software", 0), ("\\Software\\Deleted", 1), ("\\Software\\Replaced", 0x82),
            ("\\Software\\Tree", 3), ("\\Software\\Tree\\Child", 3),
        ]
        for (path, byte) in expectations {
            let nk = try #require(image.keyOffsets[path])
            #expect(bytes[nk + 4 + 13] == byte, "layered bits of \(path)")
        }
        #expect(HiveCheck.keyName(bytes, nk: image.keyOffsets["\\"] ?? 0) == "ROOT")
        let tombstone = try #require(image.valueOffsets["\\Software:Gone"])
        #expect(HiveCheck.u32(bytes, tombstone + 8) == 0)
        #expect(HiveCheck.u32(bytes, tombstone + 12) == 0xFFFF_FFFF)
        #expect(HiveCheck.u32(bytes, tombstone + 16) == 0)
        #expect(HiveCheck.u16(bytes, tombstone + 20) == 0x3)
        #expect(image.valueDataOffsets["\\Software:Gone"] == nil)
        let ubr = try #require(image.valueOffsets["\\Software:UBR"])
        #expect(HiveCheck.u16(bytes, ubr + 20) == 0x1)
        #expect(HiveCheck.u32(bytes, ubr + 12) == 5499)
    }
}

// MARK: - Fixtures

extension RegfWriterTests {
    /// The hives the tests build.
    enum Fixture: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case minimal
        case everyShape
        case version13
        case largeBins
        case differencing

        var testDescription: String { rawValue }

        /// 40,000 bytes of a recognizable pattern, stored in a `db` record from version 1.4 on.
        static let bigData: [UInt8] = (0..<40000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

        var writer: RegfWriter {
            switch self {
            case .minimal:
                return RegfWriter(root: RegfKey("ROOT"))
            case .everyShape:
                return RegfWriter(root: Self.everyShapeRoot)
            case .version13:
                return RegfWriter(root: Self.everyShapeRoot, minorVersion: 3)
            case .largeBins:
                var writer = RegfWriter(root: Self.everyShapeRoot)
                writer.binSize = 3 * 4096
                return writer
            case .differencing:
                return Self.differencingWriter
            }
        }

        /// Twelve subkeys with mixed case, given out of order, some with values.
        private static func numbered(_ prefix: String) -> [RegfKey] {
            (0..<12).reversed().map { index in
                let name = (index % 2 == 0 ? prefix : prefix.uppercased()) + String(index)
                return RegfKey(name, values: index % 3 == 0 ? [.dword("Index", UInt32(index))] : [])
            }
        }

        private static var everyShapeRoot: RegfKey {
            var li = RegfKey("Li", subkeys: numbered("li"))
            li.listKind = .li
            var lf = RegfKey("Lf", subkeys: numbered("lf"))
            lf.listKind = .lf
            let lh = RegfKey("Lh", subkeys: numbered("lh"))
            var ri = RegfKey(
                "Ri",
                subkeys: numbered("ri") + ["日本", "Ключ", "Größe", "äpfel", "Zebra"].map { RegfKey($0) }
            )
            ri.listKind = .ri(leafCapacity: 3, leaf: .lf)
            var riLh = RegfKey("RiLh", subkeys: numbered("x"))
            riLh.listKind = .ri(leafCapacity: 5, leaf: .lh)
            var riLi = RegfKey("RiLi", subkeys: numbered("y"))
            riLi.listKind = .ri(leafCapacity: 4, leaf: .li)
            let deep = RegfKey("A", subkeys: [RegfKey("B", subkeys: [RegfKey("C", subkeys: [RegfKey("D")])])])
            let cyrillic = RegfKey(
                "Ключ",
                className: "Класс",
                values: [.string("Значение", "Привет"), .dword("Dword", 7)],
                subkeys: [RegfKey("Подключ")]
            )
            let japanese = RegfKey("日本", values: [.string("名前", "東京")], subkeys: [RegfKey("東京", className: "市")])
            let german = RegfKey("Größe", values: [.string("Größe", "groß"), .string("", "Standard")])
            let mixed = RegfKey(
                "Mixed",
                subkeys: ["beta", "Alpha", "GAMMA", "delta", "Mixed-Case-Child", "äpfel", "Zebra"].map { RegfKey($0) }
            )
            let values: [RegfValue] = [
                .string("", "default value"),
                .binary("Inline0", []),
                .binary("Inline1", [1]),
                .binary("Inline2", [1, 2]),
                .binary("Inline3", [1, 2, 3]),
                .dword("Inline4", 0xCAFE_F00D),
                RegfValue(name: "Cell", type: 3, data: [9, 8, 7, 6, 5]),
                .qword("Qword", 0x0123_4567_89AB_CDEF),
                .multiString("Multi", ["one", "two", "три"]),
                .string("Expand", "%SystemRoot%\\x", type: 2),
                RegfValue(name: "OddType", type: 0xFFFF_0010, data: [0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]),
                RegfValue(name: "Segment", type: 3, data: [UInt8](repeating: 0x5A, count: 16344)),
                RegfValue(name: "JustOver", type: 3, data: [UInt8](repeating: 0x5B, count: 16345)),
                .binary("Big", bigData),
            ]
            return RegfKey(
                "ROOT",
                values: values,
                subkeys: [li, lf, lh, ri, riLh, riLi, deep, cyrillic, japanese, german, mixed]
            )
        }

        private static var differencingWriter: RegfWriter {
            var deleted = RegfKey("Deleted")
            deleted.layerSemantics = 1
            var replaced = RegfKey("Replaced", className: "C", values: [.dword("V", 1)])
            replaced.layerSemantics = 2
            replaced.inheritClass = true
            var child = RegfKey("Child")
            child.layerSemantics = 3
            var tree = RegfKey("Tree", subkeys: [child])
            tree.layerSemantics = 3
            let software = RegfKey(
                "Software",
                values: [.tombstone("Gone"), .dword("UBR", 5499)],
                subkeys: [deleted, replaced, tree]
            )
            return RegfWriter.differencing(root: RegfKey("ROOT", subkeys: [software]))
        }
    }

    // MARK: - An independent minimal reader

    /// Just enough regf parsing to check the writer's output, written from the specification independently of
    /// the writer's code.
    enum HiveCheck {
        static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
            guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
            return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        }

        static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
            UInt32(u16(bytes, offset)) | UInt32(u16(bytes, offset + 2)) << 16
        }

        static func i32(_ bytes: [UInt8], _ offset: Int) -> Int32 {
            Int32(bitPattern: u32(bytes, offset))
        }

        static func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
            UInt64(u32(bytes, offset)) | UInt64(u32(bytes, offset + 4)) << 32
        }

        /// The XOR-32 checksum of bytes 0..<508 with its two special cases.
        static func xor(_ bytes: [UInt8]) -> UInt32 {
            let value = stride(from: 0, to: 508, by: 4).reduce(UInt32(0)) { $0 ^ u32(bytes, $1) }
            return value == 0 ? 1 : value == 0xFFFF_FFFF ? 0xFFFF_FFFE : value
        }

        static func utf16(_ string: String) -> [UInt8] {
            string.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }

        /// Every hbin as (relative offset, size), walked from the first.
        static func bins(_ bytes: [UInt8]) -> [(offset: Int, size: Int)] {
            var result: [(offset: Int, size: Int)] = []
            var offset = 0
            let end = Int(u32(bytes, 40))
            while offset < end, 4096 + offset + 32 <= bytes.count {
                let size = Int(u32(bytes, 4096 + offset + 8))
                guard size > 0 else { break }
                result.append((offset, size))
                offset += size
            }
            return result
        }

        /// Everything wrong with a hive's base block, bins and cell tiling; empty when all is well.
        static func problems(in bytes: [UInt8]) -> [String] {
            var problems: [String] = []
            guard bytes.count >= 4096 + 32 else { return ["file too short: \(bytes.count)"] }
            if Array(bytes[0..<4]) != Array("regf".utf8) { problems.append("no regf signature") }
            if u32(bytes, 508) != xor(bytes) { problems.append("bad checksum") }
            let dataSize = Int(u32(bytes, 40))
            if bytes.count != 4096 + dataSize { problems.append("file size \(bytes.count) ≠ 4096 + \(dataSize)") }
            var offset = 0
            while offset < dataSize {
                let bin = 4096 + offset
                guard Array(bytes[bin..<(bin + 4)]) == Array("hbin".utf8) else {
                    problems.append("no hbin signature at \(offset)")
                    break
                }
                let size = Int(u32(bytes, bin + 8))
                if Int(u32(bytes, bin + 4)) != offset {
                    problems.append("hbin at \(offset) says \(u32(bytes, bin + 4))")
                }
                guard size >= 4096, size % 4096 == 0, offset + size <= dataSize else {
                    problems.append("hbin at \(offset) has size \(size)")
                    break
                }
                var cell = bin + 32
                while cell < bin + size {
                    let cellSize = Int(i32(bytes, cell)).magnitude
                    guard cellSize >= 8, cellSize % 8 == 0, cell + Int(cellSize) <= bin + size else {
                        problems.append("cell at \(cell - 4096) has size \(i32(bytes, cell))")
                        break
                    }
                    cell += Int(cellSize)
                }
                if cell != bin + size, problems.isEmpty { problems.append("cells of hbin \(offset) overrun") }
                offset += size
            }
            let root = 4096 + Int(u32(bytes, 36))
            if i32(bytes, root) >= 0 || Array(bytes[(root + 4)..<(root + 6)]) != Array("nk".utf8) {
                problems.append("root cell is not an allocated nk")
            }
            return problems
        }

        /// The name of the nk at a file offset (Latin-1 or UTF-16LE by its flag).
        static func keyName(_ bytes: [UInt8], nk: Int) -> String {
            let length = Int(u16(bytes, nk + 4 + 72))
            let name = Array(bytes[(nk + 80)..<(nk + 80 + length)])
            if u16(bytes, nk + 6) & 0x20 != 0 {
                return String(String.UnicodeScalarView(name.compactMap { Unicode.Scalar(UInt32($0)) }))
            }
            let units = stride(from: 0, to: length, by: 2).map { UInt16(name[$0]) | UInt16(name[$0 + 1]) << 8 }
            return String(decoding: units, as: UTF16.self)
        }

        /// Upper-casing for the test's own ordering and hashes (full mapping, ß kept as it is).
        static func upper(_ name: String) -> [UInt16] {
            Array(
                name.split(separator: "ß", omittingEmptySubsequences: false).map { $0.uppercased() }.joined(
                    separator: "ß"
                ).utf16)
        }

        static func precedes(_ lhs: String, _ rhs: String) -> Bool {
            upper(lhs).lexicographicallyPrecedes(upper(rhs))
        }

        static func lhHash(_ name: String) -> UInt32 {
            upper(name).reduce(UInt32(0)) { $0 &* 37 &+ UInt32($1) }
        }

        static func hex(_ bytes: some Sequence<UInt8>) -> String {
            let digits = Array("0123456789abcdef")
            return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
        }

        /// The lines `Hivex.dump` should print for a key tree: keys depth-first with children in sorted order.
        static func expectedDump(_ root: RegfKey) -> [String] {
            var lines: [String] = []
            func walk(_ key: RegfKey, _ path: String) {
                lines.append("K " + hex(path.utf8))
                for value in key.values {
                    let type = String(value.type)
                    let data = hex(value.data)
                    lines.append(
                        ["V", hex(path.utf8), hex(value.name.utf8), type, String(value.data.count), type, data].joined(
                            separator: " "))
                }
                let children = key.sortsSubkeys ? key.subkeys.sorted { precedes($0.name, $1.name) } : key.subkeys
                for child in children {
                    walk(child, (path == "\\" ? "" : path) + "\\" + child.name)
                }
            }
            walk(root, "\\")
            lines.append("R " + hex(root.name.utf8))
            return lines
        }
    }

    // MARK: - hivex

    /// Runs Debian's hivex Python bindings over a hive file.
    enum Hivex {
        static let python = "/usr/bin/python3"

        /// Whether `/usr/bin/python3` can `import hivex`.
        static let isAvailable: Bool = {
            guard FileManager.default.isExecutableFile(atPath: python) else { return false }
            return (try? run(["-c", "import hivex"]).status) == 0
        }()

        /// Walks the hive with hivex and prints one line per key (`K path`) and per value (`V path name type
        /// length type data`), then the root's name (`R name`); strings as UTF-8 hex, data as hex.
        static let script = """
            import sys, hivex
            h = hivex.Hivex(sys.argv[1])
            def hx(s):
                return s.encode("utf-8").hex()
            def walk(node, path):
                print("K", hx(path))
                for v in h.node_values(node):
                    t, n = h.value_type(v)
                    t2, data = h.value_value(v)
                    print("V", hx(path), hx(h.value_key(v)), t & 0xFFFFFFFF, n, t2 & 0xFFFFFFFF, data.hex())
                for c in h.node_children(node):
                    walk(c, ("" if path == "\\\\" else path) + "\\\\" + h.node_name(c))
            root = h.root()
            walk(root, "\\\\")
            print("R", hx(h.node_name(root)))
            """

        static func dump(_ bytes: [UInt8]) throws -> [String] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("regf-\(UUID().uuidString).hive")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let result = try run(["-c", script, url.path])
            #expect(result.status == 0, "hivex failed: \(result.error)")
            return result.output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }

        static func run(_ arguments: [String]) throws -> ChildProcess.Result {
            try ChildProcess.run(python, arguments)
        }
    }
}
