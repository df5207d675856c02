import TestSupport
import Testing
import WindowsHive

/// A root with a key `Spread` whose 120 subkeys (each with a 300-byte value) fill dozens of 4096-byte bins,
/// then a key `After` written last, and a key `Large` whose 10,000-byte value opens a three-page bin that the
/// keys written after it share.
private func spreadTree() -> RegfWriter {
    RegfWriter(
        root: RegfKey(
            "ROOT",
            subkeys: [
                RegfKey(
                    "Large", values: [.binary("Data", Array(repeating: 3, count: 10_000))],
                    subkeys: (0..<6).map { RegfKey("L\($0)", values: [.dword("N", UInt32($0))]) }),
                RegfKey(
                    "Spread",
                    subkeys: (0..<120).map {
                        RegfKey(
                            "K\(1000 + $0)", values: [.binary("Pad", Array(repeating: UInt8($0 % 251), count: 300))])
                    }),
                RegfKey("After", values: [.dword("Value", 7)]),
            ]))
}

/// The file offset of the hbin header of the bin that holds file offset `fileOffset` (single-page bins).
private func pageStart(of fileOffset: Int) -> Int { (fileOffset - 4096) / 4096 * 4096 + 4096 }

/// Every key path and value of `hive`, depth first, with each value's data.
private func contents(_ hive: Hive) throws -> [String] {
    var lines: [String] = []
    try hive.walk { key, _ in
        lines.append(try key.path())
        for value in try key.values() { lines.append("  \(value.name) \(try value.data())") }
    }
    return lines
}

/// Hive bins are indexed as cells in them are first used, with the checks opening used to make on every bin.
@Suite("Lazy hive-bin index")
struct HiveBinIndexTests {
    /// The writer put cells on the second and third pages of a multi-page bin, and keys after it: reading
    /// everything finds them, in strict mode, with no damage.
    @Test func multiPageBinsAreFound() throws {
        let image = spreadTree().build()
        let pages = (image.bytes.count - 4096) / 4096
        let continuation = (0..<pages).filter {
            image.bytes[4096 + $0 * 4096..<4096 + $0 * 4096 + 4] != [0x68, 0x62, 0x69, 0x6E]
        }
        #expect(!continuation.isEmpty, "the fixture must have a bin of more than one page")
        let cellsOnContinuationPages = image.keyOffsets.values.filter { continuation.contains(($0 - 4096) / 4096) }
        #expect(!cellsOnContinuationPages.isEmpty, "the fixture must have a key on a bin's later page")

        let hive = try Hive(bytes: image.bytes)
        let lines = try contents(hive)
        #expect(lines.count == 130 + 128)  // keys and values
        #expect(hive.damage.isEmpty)
        #expect(try hive.key(at: #"Large\L5"#)?.value(named: "N")?.uint32() == 5)
    }

    /// A bad bin header away from the first bin and the root no longer fails the open: the cells in that bin
    /// fail when used (strict) or are skipped (lenient), everything else reads, and `damage` lists the bin.
    @Test(arguments: ["signature", "offset field", "size"])
    func badBinFailsWhereUsed(_ field: String) throws {
        var image = spreadTree().build()
        let victim = try #require(image.keyOffsets[#"\Spread\K1060"#])
        let header = pageStart(of: victim)
        #expect(image.uint32(at: header) == 0x6E69_6268)
        switch field {
        case "signature": image.patch(at: header, Array("xbin".utf8))
        case "offset field": image.patchUInt32(at: header + 4, UInt32(header))  // one page off
        default: image.patchUInt32(at: header + 8, 4096 + 17)
        }

        let strict = try Hive(bytes: image.bytes)
        #expect(try strict.key(at: "After")?.value(named: "Value")?.uint32() == 7)
        let spread = try #require(try strict.key(at: "Spread"))
        let error = try #require(throws: HiveError.self) { try spread.subkeys() }
        #expect(error.code == .badBin, "\(error)")
        #expect(strict.damage.map(\.code) == [.badBin])
        #expect(strict.damage.first?.offset == header)

        let lenient = try Hive(bytes: image.bytes, options: .lenient)
        var seen = 0
        let report = try lenient.walk { key, depth in if depth == 2 { seen += 1 } }
        let lost = image.keyOffsets.filter { $0.key.hasPrefix(#"\Spread\"#) && pageStart(of: $0.value) == header }
        #expect(!lost.isEmpty && lost.count < 120)
        #expect(seen == 6 + 120 - lost.count)
        #expect(!report.damage.isEmpty)
        #expect(lenient.damage.map(\.offset) == [header])
    }

    /// The first bin (where the hive bins begin) and the root cell's bin are still checked when opening.
    @Test func firstAndRootBinsAreCheckedAtOpen() throws {
        var first = spreadTree().build()
        first.patchUInt32(at: 4096 + 4, 8192)
        #expect(throws: HiveError.self) { try Hive(bytes: first.bytes) }
        #expect(try Hive(bytes: first.bytes, options: .lenient).damage.first?.code == .badBin)

        // The root moved to a key in a later bin, whose header is then damaged.
        var root = spreadTree().build()
        let newRoot = try #require(root.keyOffsets[#"\Spread\K1100"#])
        root.patchUInt32(at: 36, UInt32(newRoot - 4096))
        root.updateChecksum()
        #expect(try Hive(bytes: root.bytes).rootKey().name == "K1100")
        root.patch(at: pageStart(of: newRoot), Array("xbin".utf8))
        let error = try #require(throws: HiveError.self) { try Hive(bytes: root.bytes) }
        #expect(error.code == .badBin)
        #expect(error.offset == newRoot)
    }

    /// Looked up in any order and from many tasks at once, a fresh hive gives what one sequential walk gives.
    @Test func concurrentFirstUseAgrees() async throws {
        let image = spreadTree().build()
        let expected = try contents(Hive(bytes: image.bytes))
        let paths = Array(image.keyOffsets.keys.sorted().reversed().map { String($0.dropFirst()) })
        for _ in 0..<5 {
            let hive = try Hive(bytes: image.bytes)
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<4 {
                    group.addTask {
                        // Each task starts at a different place in the list, so first uses interleave.
                        let rotated = paths[(task * paths.count / 4)...] + paths[..<(task * paths.count / 4)]
                        var count = 0
                        for path in rotated where try hive.key(at: path) != nil { count += 1 }
                        return count
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(counts == Array(repeating: paths.count, count: 4))
            #expect(try contents(hive) == expected)
            #expect(hive.damage.isEmpty)
        }
    }
}
