import Foundation
import TestSupport
import Testing

@testable import WindowsHive

/// Marvin32 against the vectors of .NET's own test suite.
@Suite("Marvin32")
struct Marvin32Tests {
    /// dotnet/runtime, src/libraries/Common/tests/Tests/System/MarvinTests.cs (commit 1601226c),
    /// `TestDataAndExpectedHashes`: (seed, data as hex, expected 64-bit `Marvin.ComputeHash`).
    static let vectors: [(seed: UInt64, hex: String, hash: UInt64)] = [
        (0x004F_B61A_001B_DBCC, "", 0x30ED_35C1_00CD_3C7D),
        (0x004F_B61A_001B_DBCC, "af", 0x48E7_3FC7_7D75_DDC1),
        (0x004F_B61A_001B_DBCC, "e70f", 0xB5F6_E1FC_485D_BFF8),
        (0x004F_B61A_001B_DBCC, "37f495", 0xF0B0_7C78_9B8C_F7E8),
        (0x004F_B61A_001B_DBCC, "8642dc59", 0x7008_F2E8_7E9C_F556),
        (0x004F_B61A_001B_DBCC, "153fb79826", 0xE6C0_8C6D_A2AF_A997),
        (0x004F_B61A_001B_DBCC, "0932e6246c47", 0x6F04_BF1A_5EA2_4060),
        (0x004F_B61A_001B_DBCC, "ab427ea8d10fc7", 0xE118_47E4_F067_8C41),
        (0x804F_B61A_001B_DBCC, "", 0x10A9_D5D3_996F_D65D),
        (0x804F_B61A_001B_DBCC, "af", 0x6820_1F91_960E_BF91),
        (0x804F_B61A_001B_DBCC, "e70f", 0x64B5_8163_1F6A_B378),
        (0x804F_B61A_001B_DBCC, "37f495", 0xE1F2_DFA6_E513_1408),
        (0x804F_B61A_001B_DBCC, "8642dc59", 0x3628_9D96_54FB_49F6),
        (0x804F_B61A_001B_DBCC, "153fb79826", 0x0A06_114B_1346_4DBD),
        (0x804F_B61A_001B_DBCC, "0932e6246c47", 0xD6DD_5E40_AD1B_C2ED),
        (0x804F_B61A_001B_DBCC, "ab427ea8d10fc7", 0xE203_987D_BA25_2FB3),
        (0x804F_B61A_801B_DBCC, "00", 0xA37F_B0DA_2ECA_E06C),
        (0x804F_B61A_801B_DBCC, "FF", 0xFECE_F370_701A_E054),
        (0x804F_B61A_801B_DBCC, "00FF", 0xA638_E757_0004_8880),
        (0x804F_B61A_801B_DBCC, "FF00", 0xBDFB_46D9_6973_0E2A),
        (0x804F_B61A_801B_DBCC, "FF00FF", 0x9D85_77C0_FE0D_30BF),
        (0x804F_B61A_801B_DBCC, "00FF00", 0x4F9F_BDDE_1509_9497),
        (0x804F_B61A_801B_DBCC, "00FF00FF", 0x24EA_A279_D9A5_29CA),
        (0x804F_B61A_801B_DBCC, "FF00FF00", 0xD3BE_C772_6B05_7943),
        (0x804F_B61A_801B_DBCC, "FF00FF00FF", 0x920B_62BB_CA3E_0B72),
        (0x804F_B61A_801B_DBCC, "00FF00FF00", 0x1D7D_DF9D_FDF3_C1BF),
        (0x804F_B61A_801B_DBCC, "00FF00FF00FF", 0xEC21_276A_17E8_21A5),
        (0x804F_B61A_801B_DBCC, "FF00FF00FF00", 0x6911_A53C_A8C1_2254),
        (0x804F_B61A_801B_DBCC, "FF00FF00FF00FF", 0xFDFD_187B_1D3C_E784),
        (0x804F_B61A_801B_DBCC, "00FF00FF00FF00", 0x7187_6F2E_FB1B_0EE8),
    ]

    @Test("matches .NET's vectors", arguments: vectors.indices)
    func knownVector(index: Int) {
        let vector = Self.vectors[index]
        let data = TxLog.hex(vector.hex)
        #expect(Marvin32.hash(data[...], seed: vector.seed) == vector.hash)
        #expect(TransactionLogWriter.marvin32(data, seed: vector.seed) == vector.hash)
    }

    @Test("hashes a slice by its own bytes, whatever its start index")
    func sliceIndependence() {
        let data = TxLog.hex("00112233ab427ea8d10fc7")
        #expect(Marvin32.hash(data[4...], seed: 0x004F_B61A_001B_DBCC) == 0xE118_47E4_F067_8C41)
    }
}

/// Replay of synthetic logs written by ``TransactionLogWriter``.
@Suite("Transaction log recovery: synthetic hives")
struct TransactionLogSyntheticTests {
    /// Old hive: 4 bins; new hive: bins 1 and 3 changed, optionally grown by 3 bins.
    static func pair(grown: Bool) -> TransactionLogWriter {
        let old = TxLog.Hive.make(binCount: 4, seed: 1)
        var new = TxLog.Hive.changing(old, bins: [1, 3], seed: 2)
        if grown { new = TxLog.Hive.growing(new, by: 3, seed: 3) }
        return TransactionLogWriter(old: old, new: new)
    }

    @Test(
        "new-format logs give back the new hive bins",
        arguments: [false, true], [(1, nil), (3, nil), (3, 1), (4, 2)] as [(Int, Int?)]
    )
    func newFormatRoundTrip(grown: Bool, layout: (entries: Int, split: Int?)) throws {
        let writer = Self.pair(grown: grown)
        let logs = writer.newFormatLogs(entryCount: layout.entries, split: layout.split)
        let result = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: logs.map(\.bytes))
        let entries = logs.reduce(0) { $0 + $1.entryOffsets.count }
        #expect(result.appliedEntries == entries)
        #expect(result.appliedPages >= entries)
        TxLog.expectRecovered(result.bytes, equals: writer, sequence: writer.baseSequence &+ UInt32(entries - 1))
    }

    @Test("dual new-format logs apply in sequence order whatever order they are given in")
    func logOrderDoesNotMatter() throws {
        let writer = Self.pair(grown: true)
        let logs = writer.newFormatLogs(entryCount: 4, split: 2).map(\.bytes)
        let forward = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: logs)
        let backward = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: logs.reversed())
        #expect(forward.bytes == backward.bytes)
        #expect(backward.appliedEntries == 4)
    }

    @Test("an old-format log gives back the new hive bins", arguments: [false, true])
    func oldFormatRoundTrip(grown: Bool) throws {
        let writer = Self.pair(grown: grown)
        let log = writer.oldFormatLog()
        let result = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: [[], log])
        #expect(result.appliedEntries == 1)
        #expect(result.appliedPages == writer.changedPages.count * 8)
        TxLog.expectRecovered(result.bytes, equals: writer, sequence: writer.baseSequence &+ 1)
        #expect(result.notes.contains { $0.contains("transaction log 1: empty") })
    }

    @Test("new-format logs win over an old-format one")
    func newFormatPreferred() throws {
        let writer = Self.pair(grown: false)
        let logs = [writer.oldFormatLog()] + writer.newFormatLogs(entryCount: 2).map(\.bytes)
        let result = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: logs)
        #expect(result.appliedEntries == 2)
        #expect(result.notes.contains { $0.contains("transaction log 1: old format, ignored") })
    }

    @Test("an entry that fails its hash stops replay there; earlier entries stay applied")
    func corruptedEntryHash() throws {
        let writer = Self.pair(grown: false)
        guard let log = writer.newFormatLogs(entryCount: 2).first else { throw TxLog.Failure("no log written") }
        var bytes = log.bytes
        bytes[log.entryOffsets[1] + 100] ^= 0x5A  // inside entry 2's page data, covered by Hash-1
        let result = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: [bytes])
        #expect(result.appliedEntries == 1)
        #expect(result.notes.contains { $0.contains("fails its Marvin32 hash") })
        // Entry 1 carried bin 1, entry 2 bin 3: bin 1 is new, bin 3 still old.
        #expect(TxLog.Hive.bin(1, of: result.bytes) == TxLog.Hive.bin(1, of: writer.new))
        #expect(TxLog.Hive.bin(3, of: result.bytes) == TxLog.Hive.bin(3, of: writer.old))
        let header = TransactionLogRecovery.BaseBlockFields(result.bytes)
        #expect(header.primarySequence == writer.baseSequence && header.secondarySequence == writer.baseSequence)
        #expect(header.hasValidChecksum)
    }

    @Test("a corrupted first entry header leaves nothing to replay")
    func corruptedFirstEntry() throws {
        let writer = Self.pair(grown: false)
        guard var bytes = writer.newFormatLogs().first?.bytes else { throw TxLog.Failure("no log written") }
        bytes[512 + 20] ^= 0x01  // dirty pages count, covered by Hash-2
        let primary = writer.dirtyPrimary()
        let result = try TransactionLogRecovery.recover(primary: primary, logs: [bytes])
        #expect(result.appliedEntries == 0)
        #expect(result.bytes == primary)
        #expect(result.notes.contains { $0.contains("fails its Marvin32 hash") })
    }

    @Test("a new-format log cut inside an entry replays the entries before it")
    func truncatedNewFormatLog() throws {
        let writer = Self.pair(grown: true)
        guard let log = writer.newFormatLogs(entryCount: 3).first else { throw TxLog.Failure("no log written") }
        let cut = Array(log.bytes[..<(log.entryOffsets[2] + 700)])
        let result = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: [cut])
        #expect(result.appliedEntries == 2)
        #expect(result.notes.contains { $0.contains("cut short") })
        let header = TransactionLogRecovery.BaseBlockFields(result.bytes)
        #expect(header.primarySequence == writer.baseSequence &+ 1)
    }

    @Test("an old-format log cut before its last dirty page is an error")
    func truncatedOldFormatLog() {
        let writer = Self.pair(grown: false)
        let log = writer.oldFormatLog()
        let error = TxLog.error(writer.dirtyPrimary(), [Array(log.dropLast(512))])
        #expect(error?.code == .truncated)
        #expect(TxLog.error(writer.dirtyPrimary(), [Array(log.prefix(300))])?.code == .truncated)
    }

    @Test("a log older than the primary is not replayed and the primary comes back unchanged")
    func staleLog() throws {
        let writer = Self.pair(grown: false)
        let primary = writer.dirtyPrimary()
        let stale = writer.newFormatLogs(firstSequence: writer.baseSequence &- 2)
        let result = try TransactionLogRecovery.recover(primary: primary, logs: stale.map(\.bytes))
        #expect(result.appliedEntries == 0)
        #expect(result.bytes == primary)
        #expect(result.notes.contains { $0.contains("older than the primary") })
    }

    @Test("a second log that does not continue the first is not replayed")
    func sequenceGap() throws {
        let writer = Self.pair(grown: false)
        let base = writer.baseSequence
        guard let first = writer.newFormatLogs(entryCount: 2, split: 1).first,
            let gapped = writer.newFormatLogs(entryCount: 2, split: 1, firstSequence: base &+ 4).last
        else { throw TxLog.Failure("no log written") }
        let result = try TransactionLogRecovery.recover(
            primary: writer.dirtyPrimary(),
            logs: [gapped.bytes, first.bytes]
        )
        #expect(result.appliedEntries == 1)
        #expect(result.notes.contains { $0.contains("starts at sequence \(base &+ 5), not \(base &+ 1)") })
    }

    @Test("an entry out of sequence inside a log stops replay there")
    func entryOutOfSequence() throws {
        let writer = Self.pair(grown: false)
        guard let one = writer.newFormatLogs(entryCount: 2).first,
            let later = writer.newFormatLogs(entryCount: 2, firstSequence: writer.baseSequence &+ 7).first
        else { throw TxLog.Failure("no log written") }
        // Entry 1 from the first log, then an entry numbered S+8 instead of S+1.
        let spliced = Array(one.bytes[..<one.entryOffsets[1]]) + Array(later.bytes[later.entryOffsets[1]...])
        let result = try TransactionLogRecovery.recover(primary: writer.dirtyPrimary(), logs: [spliced])
        #expect(result.appliedEntries == 1)
        #expect(result.notes.contains { $0.contains("where \(writer.baseSequence &+ 1) was expected") })
    }

    @Test("a log of another hive is rejected", arguments: [true, false])
    func foreignLog(withResourceManagerID: Bool) {
        let old = TxLog.Hive.make(binCount: 2, seed: 9, resourceManagerID: withResourceManagerID ? 0x11 : nil)
        let writer = TransactionLogWriter(old: old, new: TxLog.Hive.changing(old, bins: [0], seed: 10))
        let other = TxLog.Hive.make(
            binCount: 2,
            seed: 9,
            name: "\\REGISTRY\\USER\\OTHER",
            resourceManagerID: withResourceManagerID ? 0x22 : nil
        )
        let foreign = TransactionLogWriter(old: other, new: TxLog.Hive.changing(other, bins: [0], seed: 10))
        for log in [foreign.newFormatLogs()[0].bytes, foreign.oldFormatLog()] {
            let error = TxLog.error(writer.dirtyPrimary(), [log])
            #expect(error?.code == .badLog)
            #expect(error?.message.contains("belongs to another hive") == true)
        }
    }

    @Test("a clean primary is returned as is")
    func cleanPrimary() throws {
        let writer = Self.pair(grown: false)
        let result = try TransactionLogRecovery.recover(primary: writer.old, logs: [writer.oldFormatLog()])
        #expect(result.bytes == writer.old)
        #expect(result.appliedEntries == 0)
    }

    @Test("a dirty primary without usable logs comes back unchanged")
    func noUsableLogs() throws {
        let writer = Self.pair(grown: false)
        let primary = writer.dirtyPrimary()
        let result = try TransactionLogRecovery.recover(
            primary: primary,
            logs: [[], [UInt8](repeating: 0, count: 4096)]
        )
        #expect(result.bytes == primary)
        #expect(result.appliedEntries == 0)
        #expect(result.notes.count == 4)
    }

    @Test("with an invalid primary base block only the latest log is replayed and the base block rebuilt")
    func invalidPrimaryBaseBlock() throws {
        let writer = Self.pair(grown: false)
        var primary = writer.dirtyPrimary()
        primary[24] = 1  // minor version: the stored checksum no longer matches
        let logs = writer.newFormatLogs(entryCount: 2, split: 1)
        let result = try TransactionLogRecovery.recover(primary: primary, logs: logs.map(\.bytes))
        #expect(result.appliedEntries == 1)
        #expect(TxLog.Hive.bin(1, of: result.bytes) == TxLog.Hive.bin(1, of: writer.old))
        #expect(TxLog.Hive.bin(3, of: result.bytes) == TxLog.Hive.bin(3, of: writer.new))
        let header = TransactionLogRecovery.BaseBlockFields(result.bytes)
        #expect(header.hasValidChecksum && header.fileType == 0 && header.minorVersion == 5)
        #expect(header.primarySequence == writer.baseSequence &+ 1)
    }

    @Test("entry flags bit 0 is restored into the base block")
    func flagsRestored() throws {
        let old = TxLog.Hive.make(binCount: 2, seed: 4, flags: 0x2)
        let new = TxLog.Hive.changing(old, bins: [1], seed: 5, flags: 0x3)
        let writer = TransactionLogWriter(old: old, new: new)
        let result = try TransactionLogRecovery.recover(
            primary: writer.dirtyPrimary(),
            logs: writer.newFormatLogs().map(\.bytes)
        )
        #expect(TransactionLogRecovery.BaseBlockFields(result.bytes).flags == 0x3)
    }

    @Test("malformed logs throw the documented codes")
    func malformedLogs() {
        let writer = Self.pair(grown: false)
        let primary = writer.dirtyPrimary()
        let good = writer.newFormatLogs()[0].bytes
        var badChecksum = good
        badChecksum[40] ^= 1
        #expect(TxLog.error(primary, [badChecksum])?.code == .badChecksum)
        var notRegf = good
        notRegf[0] = UInt8(ascii: "x")
        #expect(TxLog.error(primary, [notRegf])?.code == .badLog)
        var primaryType = good
        primaryType[28] = 0
        #expect(TxLog.error(primary, [TransactionLogWriter.withValidChecksum(primaryType)])?.code == .badLog)
        var dirtyLog = good
        dirtyLog[4] &+= 1
        #expect(TxLog.error(primary, [TransactionLogWriter.withValidChecksum(dirtyLog)])?.code == .badLog)
        var noDirt = writer.oldFormatLog()
        noDirt[512] = UInt8(ascii: "X")
        #expect(TxLog.error(primary, [noDirt])?.code == .badLog)
        var oversized = writer.oldFormatLog()
        oversized[42] = 0x40  // a hive bins data size far beyond what the log's pages can fill
        let grownError = TxLog.error(primary, [TransactionLogWriter.withValidChecksum(oversized)])
        #expect(grownError?.code == .truncated || grownError?.code == .badLog)
    }

    @Test("garbage never traps: primaries and logs of random or mutated bytes")
    func garbage() {
        var random = SplitMix64(seed: 77)
        #expect(TxLog.error(random.bytes(5000), [])?.code == .notAHive)
        #expect(TxLog.error(Array("regf".utf8) + random.bytes(100), [])?.code == .truncated)
        let writer = Self.pair(grown: true)
        let primary = writer.dirtyPrimary()
        let logs = [writer.newFormatLogs(entryCount: 3)[0].bytes, writer.oldFormatLog()]
        for _ in 0..<150 {
            for log in logs {
                var mutated = log
                for _ in 0..<Int(random.next() % 8 + 1) {
                    let index = Int(random.next() % UInt64(mutated.count))
                    mutated[index] = UInt8(truncatingIfNeeded: random.next())
                }
                if random.next() % 4 == 0 {
                    mutated = Array(mutated.prefix(Int(random.next() % UInt64(mutated.count))))
                }
                do {
                    let result = try TransactionLogRecovery.recover(primary: primary, logs: [mutated])
                    #expect(result.bytes.count >= primary.count)
                } catch {
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(TxLog.error(primary, [random.bytes(9000)])?.code == .badLog)
    }
}

/// Replay of real dirty hives and their logs from `../shared/data/hives`.
@Suite("Transaction log recovery: real hives", .enabled(if: TxLog.RealData.isAvailable, TxLog.RealData.skipMessage))
struct TransactionLogRealDataTests {
    @Test("yarp NewDirtyHive1: both logs replayed, bins equal the hive Windows 10 recovered", arguments: [false, true])
    func newDirtyHive1(reversed: Bool) throws {
        let primary = try TxLog.RealData.read("yarp/NewDirtyHive1/NewDirtyHive")
        var logs = [
            try TxLog.RealData.read("yarp/NewDirtyHive1/NewDirtyHive.LOG1"),
            try TxLog.RealData.read("yarp/NewDirtyHive1/NewDirtyHive.LOG2"),
        ]
        if reversed { logs.reverse() }
        let result = try TransactionLogRecovery.recover(primary: primary, logs: logs)
        // yarp's test_dirty_new1: four entries from two logs, hive bins identical to Windows 10's recovery.
        #expect(result.appliedEntries == 4)
        let windows = try TxLog.RealData.read("yarp/NewDirtyHive1/RecoveredHive_Windows10")
        #expect(result.bytes.count == windows.count)
        #expect(result.bytes[4096...] == windows[4096...])
        TxLog.expectClean(result.bytes, sequence: 5)
    }

    @Test("yarp NewDirtyHive2: LOG1 is older than the primary, LOG2 alone brings it to sequence 5")
    func newDirtyHive2() throws {
        let result = try TransactionLogRecovery.recover(
            primary: try TxLog.RealData.read("yarp/NewDirtyHive2/NewDirtyHive"),
            logs: [
                try TxLog.RealData.read("yarp/NewDirtyHive2/NewDirtyHive.LOG1"),
                try TxLog.RealData.read("yarp/NewDirtyHive2/NewDirtyHive.LOG2"),
            ]
        )
        // yarp's test_dirty_new2: only LOG2 applied, last sequence number 5.
        #expect(result.appliedEntries == 3)
        #expect(result.notes.contains { $0.contains("transaction log 1: sequence 2 is older") })
        TxLog.expectClean(result.bytes, sequence: 5)
        #expect(Marvin32.hash(result.bytes[4096...]) == 0x9E85_24AC_50D8_D85D)  // yarp 1.0's recovered bins
    }

    @Test("yarp OldDirtyHive: the DIRT log brings the bins to what Windows 7 recovered")
    func oldDirtyHive() throws {
        let result = try TransactionLogRecovery.recover(
            primary: try TxLog.RealData.read("yarp/OldDirtyHive/OldDirtyHive"),
            logs: [
                try TxLog.RealData.read("yarp/OldDirtyHive/OldDirtyHive.LOG1"),
                try TxLog.RealData.read("yarp/OldDirtyHive/OldDirtyHive.LOG2"),
            ]
        )
        #expect(result.appliedEntries == 1)
        #expect(result.appliedPages == 64)  // 8 dirty 4096-byte pages of 8 sectors each
        TxLog.expectClean(result.bytes, sequence: 5)
        #expect(Marvin32.hash(result.bytes[4096...]) == 0xCC78_AE95_A485_AB74)  // yarp 1.0's recovered bins
        // Windows 7 recovered the same hive and then wrote it twice more (sequence 7): only the first bin's
        // timestamp and one key node field (largest value name length, offset 60 of the nk at 0x6BD88) differ.
        let windows = try TxLog.RealData.read("yarp/OldDirtyHive/RecoveredHive_Windows7")
        let differing = (4096..<windows.count).filter { result.bytes[$0] != windows[$0] }
        #expect(differing == [4116, 4117, 4118, 4119, 4120, 441_800])
    }

    @Test("yarp BadBaseBlockHive: base block rebuilt from the log, version 1.3, same bins as OldDirtyHive")
    func badBaseBlockHive() throws {
        let result = try TransactionLogRecovery.recover(
            primary: try TxLog.RealData.read("yarp/BadBaseBlockHive/BadBaseBlockHive"),
            logs: [
                try TxLog.RealData.read("yarp/BadBaseBlockHive/BadBaseBlockHive.LOG1"),
                try TxLog.RealData.read("yarp/BadBaseBlockHive/BadBaseBlockHive.LOG2"),
            ]
        )
        // yarp's test_bad_baseblock: LOG1 applied, effective minor version 3.
        #expect(result.appliedEntries == 1)
        #expect(TransactionLogRecovery.BaseBlockFields(result.bytes).minorVersion == 3)
        TxLog.expectClean(result.bytes, sequence: 5)
        #expect(Marvin32.hash(result.bytes[4096...]) == 0xCC78_AE95_A485_AB74)
    }

    @Test(
        "yarp BadLogHive1–3: a log with a bad checksum or no dirty vector is an error",
        arguments: [
            ("BadLogHive1", HiveError.Code.badChecksum), ("BadLogHive2", .badLog), ("BadLogHive3", .badChecksum),
        ]
    )
    func badLogHives(folder: String, code: HiveError.Code) throws {
        let primary = try TxLog.RealData.read("yarp/\(folder)/BadLogHive")
        let logs = [
            try TxLog.RealData.read("yarp/\(folder)/BadLogHive.LOG1"),
            try TxLog.RealData.read("yarp/\(folder)/BadLogHive.LOG2"),
        ]
        // yarp's test_bad_log1–3 expect recovery to fail for each.
        #expect(TxLog.error(primary, logs)?.code == code)
    }

    /// regipy's dirty hives with new-format logs. Page counts are those regipy's tests assert
    /// (regipy_tests/tests.py, `test_*_apply_transaction_logs*`); entries, sequence, size, flags and the fingerprint
    /// come from yarp 1.0 (`recover_new` then `save_recovered_hive`) run on the same files.
    static let regipyCases: [RegipyCase] = [
        RegipyCase(
            hive: "SYSTEM_B",
            logs: ["SYSTEM_B.LOG1", "SYSTEM_B.LOG2"],
            pages: 315,
            entries: 24,
            sequence: 2130,
            binsSize: 12_591_104,
            flags: 1,
            fingerprint: 0x047B_112D_D536_FC9B
        ),
        RegipyCase(
            hive: "UsrClass.dat",
            logs: ["UsrClass.dat.LOG1", "UsrClass.dat.LOG2"],
            pages: 158,
            entries: 14,
            sequence: 300,
            binsSize: 2_830_336,
            flags: 0,
            fingerprint: 0xD8FD_294C_F734_47B2
        ),
        RegipyCase(
            hive: "transactions_NTUSER.DAT",
            logs: ["transactions_ntuser.dat.log1", "transactions_ntuser.dat.log2"],
            pages: 132,
            entries: 23,
            sequence: 588,
            binsSize: 925_696,
            flags: 0,
            fingerprint: 0x521B_1671_CF43_4B55
        ),
    ]

    @Test(
        "regipy hives: logs replayed like yarp does",
        .enabled(if: TxLog.RealData.hasXZ, "/usr/bin/xz is missing"),
        arguments: regipyCases
    )
    func regipy(_ item: RegipyCase) throws {
        let primary = try TxLog.RealData.unxz("regipy/\(item.hive).xz")
        var logs: [[UInt8]] = []
        for log in item.logs {
            logs.append(try TxLog.RealData.unxz("regipy/\(log).xz"))
        }
        let result = try TransactionLogRecovery.recover(primary: primary, logs: logs)
        #expect(result.appliedEntries == item.entries)
        #expect(result.appliedPages == item.pages)
        TxLog.expectClean(result.bytes, sequence: item.sequence)
        let header = TransactionLogRecovery.BaseBlockFields(result.bytes)
        #expect(header.hiveBinsDataSize == item.binsSize)
        #expect(header.flags & 1 == item.flags)
        #expect(result.bytes.count == max(primary.count, 4096 + Int(item.binsSize)))
        // Marvin32 (log seed) of the recovered bytes from offset 4096, as yarp 1.0 recovers them.
        #expect(Marvin32.hash(result.bytes[4096...]) == item.fingerprint)
    }

    /// One regipy hive with its logs and what replaying them must give.
    struct RegipyCase: Sendable, CustomTestStringConvertible {
        /// The hive file, without `.xz`.
        let hive: String
        /// Its log files, without `.xz`.
        let logs: [String]
        /// Page references replayed: regipy's own test asserts the same counts (`recovered_dirty_pages_count`).
        let pages: Int
        /// Entries replayed.
        let entries: Int
        /// Sequence number afterwards.
        let sequence: UInt32
        /// Hive bins data size afterwards.
        let binsSize: UInt32
        /// Flags bit 0 afterwards.
        let flags: UInt32
        /// Marvin32 of the recovered file from offset 4096.
        let fingerprint: UInt64

        /// The hive's name.
        var testDescription: String { hive }
    }
}

// MARK: - Helpers

/// Fixtures and checks for the transaction log tests, in one namespace so their names stay out of the module's.
private enum TxLog {
    /// Checks that `bytes` is `writer.new` recovered: same hive bins, equal sequence numbers, valid checksum.
    static func expectRecovered(_ bytes: [UInt8], equals writer: TransactionLogWriter, sequence: UInt32) {
        #expect(bytes.count == max(writer.old.count, writer.new.count))
        #expect(bytes[4096...] == writer.new[4096...])
        let header = TransactionLogRecovery.BaseBlockFields(bytes)
        let expected = TransactionLogRecovery.BaseBlockFields(writer.new)
        #expect(header.hiveBinsDataSize == expected.hiveBinsDataSize)
        #expect(header.rootCellOffset == expected.rootCellOffset)
        #expect(header.fileType == 0)
        TxLog.expectClean(bytes, sequence: sequence)
        // Everything else in the base block is the old primary's: only sequence numbers, bins size, flags and checksum
        // change (root cell offset and minor version come from the log, and are the same in these hives).
        let rewritten = [4..<12, 40..<44, 144..<148, 508..<512]
        let kept = (0..<4096).filter { offset in !rewritten.contains { $0.contains(offset) } }
        #expect(kept.allSatisfy { bytes[$0] == writer.old[$0] })
    }

    /// Checks equal sequence numbers (`sequence`) and a valid checksum.
    static func expectClean(_ bytes: [UInt8], sequence: UInt32) {
        let header = TransactionLogRecovery.BaseBlockFields(bytes)
        #expect(header.primarySequence == sequence)
        #expect(header.secondarySequence == sequence)
        #expect(header.hasValidChecksum)
        #expect(!header.isDirty)
    }

    /// The error `recover` throws for these inputs, or `nil` if it succeeds.
    static func error(_ primary: [UInt8], _ logs: [[UInt8]]) -> HiveError? {
        do {
            _ = try TransactionLogRecovery.recover(primary: primary, logs: logs)
            return nil
        } catch {
            return error
        }
    }

    /// Bytes from a hex string (pairs of hex digits).
    static func hex(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
        }
    }

    /// A test failure with a message.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        let description: String

        /// Wraps `description`.
        init(_ description: String) { self.description = description }
    }

    /// Page-level hive files: a valid base block and 4096-byte bins with valid headers and arbitrary contents.
    /// Recovery works on pages, so the bins need no cells.
    enum Hive {
        /// A hive of `binCount` bins filled from `seed`.
        static func make(
            binCount: Int,
            seed: UInt64,
            name: String = "\\REGISTRY\\MACHINE\\TXLOGTEST",
            resourceManagerID: UInt8? = 0x5A,
            flags: UInt32 = 0
        ) -> [UInt8] {
            var hive = [UInt8](repeating: 0, count: 4096)
            hive.replaceSubrange(0..<4, with: Array("regf".utf8))
            put(1000, at: 4, in: &hive)
            put(1000, at: 8, in: &hive)
            put(0x01D9_0000, at: 16, in: &hive)  // last written timestamp, high word
            put(1, at: 20, in: &hive)
            put(5, at: 24, in: &hive)
            put(1, at: 32, in: &hive)
            put(0x20, at: 36, in: &hive)
            put(UInt32(binCount * 4096), at: 40, in: &hive)
            put(1, at: 44, in: &hive)
            for (index, unit) in name.utf16.prefix(31).enumerated() {
                hive[48 + 2 * index] = UInt8(truncatingIfNeeded: unit)
                hive[49 + 2 * index] = UInt8(truncatingIfNeeded: unit >> 8)
            }
            if let resourceManagerID {
                for offset in 112..<164 where !(144..<148).contains(offset) { hive[offset] = resourceManagerID }
                hive.replaceSubrange(164..<168, with: Array("rmtm".utf8))
            }
            put(flags, at: 144, in: &hive)
            hive = TransactionLogWriter.withValidChecksum(hive)
            for index in 0..<binCount {
                hive += bin(at: index * 4096, seed: seed &+ UInt64(index))
            }
            return hive
        }

        /// `hive` with the bins at `bins` (indices) refilled from `seed`, and optionally new base block flags.
        static func changing(_ hive: [UInt8], bins: [Int], seed: UInt64, flags: UInt32? = nil) -> [UInt8] {
            var changed = hive
            for index in bins {
                let start = 4096 + index * 4096
                changed.replaceSubrange(
                    start..<(start + 4096), with: bin(at: index * 4096, seed: seed &* 31 &+ UInt64(index)))
            }
            if let flags {
                put(flags, at: 144, in: &changed)
                changed = TransactionLogWriter.withValidChecksum(changed)
            }
            return changed
        }

        /// `hive` with `count` more bins filled from `seed` and its hive bins data size updated.
        static func growing(_ hive: [UInt8], by count: Int, seed: UInt64) -> [UInt8] {
            var grown = hive
            for index in 0..<count {
                grown += bin(at: grown.count - 4096, seed: seed &+ UInt64(index))
            }
            put(UInt32(grown.count - 4096), at: 40, in: &grown)
            return TransactionLogWriter.withValidChecksum(grown)
        }

        /// The bytes of bin `index` in `hive`.
        static func bin(_ index: Int, of hive: [UInt8]) -> [UInt8] {
            Array(hive[(4096 + index * 4096)..<(8192 + index * 4096)])
        }

        /// One 4096-byte bin at hive bins offset `offset`: `hbin` header, then bytes from `seed`.
        private static func bin(at offset: Int, seed: UInt64) -> [UInt8] {
            var random = SplitMix64(seed: seed)
            var bin = Array("hbin".utf8) + [UInt8](repeating: 0, count: 28) + random.bytes(4096 - 32)
            put(UInt32(offset), at: 4, in: &bin)
            put(4096, at: 8, in: &bin)
            return bin
        }

        /// Stores `value` little-endian at `offset`.
        private static func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
    }

    /// Real files under `../shared/data/hives` beside the package.
    enum RealData {
        /// The hives folder, computed from this file's path (Tests/WindowsHiveTests/…).
        static let hives: URL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/hives")

        /// Whether the real data is there.
        static let isAvailable = FileManager.default.fileExists(atPath: hives.appendingPathComponent("yarp").path)

        /// Why the real-data tests were skipped.
        static let skipMessage: Comment = "../shared/data/hives is absent: real-hive recovery tests skipped"

        /// Whether `xz` can decompress regipy's files.
        static let hasXZ = FileManager.default.isExecutableFile(atPath: "/usr/bin/xz")

        /// The bytes of a file under the hives folder.
        static func read(_ path: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: hives.appendingPathComponent(path)))
        }

        /// The decompressed bytes of an `.xz` file under the hives folder, via `/usr/bin/xz -dc`.
        static func unxz(_ path: String) throws -> [UInt8] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/xz")
            process.arguments = ["-dc", hives.appendingPathComponent(path).path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TxLog.Failure("xz -dc \(path) failed") }
            return [UInt8](data)
        }
    }
}

extension SplitMix64 {
    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
