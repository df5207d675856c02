import Foundation
import Testing
import WindowsHive

/// The reader on real hives from `../shared/data/hives` and `../shared/data/windows`.
@Suite("Real hives", requiresSharedData)
struct RealHiveTests {
    /// The largest real hive: every key and value is reachable and the known keys read as expected.
    @Test func system1709WalksFullyAndAnswersTheBenchmarkQuery() throws {
        guard let bytes = try SharedData.decompressedXZ("hives/regipy/SYSTEM_WIN_10_1709.xz") else {
            Issue.record("xz is needed to decompress SYSTEM_WIN_10_1709.xz (apt-get install xz-utils)")
            return
        }
        let hive = try Hive(bytes: bytes)
        #expect(hive.baseBlock.isDirty)
        var values = 0
        let report = try hive.walk { key, _ in
            for value in try key.values() {
                _ = try value.data()
                values += 1
            }
        }
        #expect(report.keyCount == 43_211)
        #expect(values == 90_307)
        #expect(report.damage.isEmpty)

        let environment = try #require(try hive.key(at: #"ControlSet001\Control\Session Manager\Environment"#))
        #expect(try environment.value(named: "OS")?.string() == "Windows_NT")
        #expect(try environment.value(named: "os")?.string() == "Windows_NT")
        #expect(try environment.value(named: "PROCESSOR_ARCHITECTURE")?.string() == "AMD64")
        let pci = try #require(try hive.key(at: #"DriverDatabase\DeviceIds\PCI"#))
        let names = try pci.subkeys().map(\.name)
        #expect(names.count == 3_195)
        // Every listed subkey is found again by name lookup (binary search + confirmation).
        for name in names.prefix(200) {
            #expect(try pci.subkey(named: name)?.name == name)
            #expect(try pci.subkey(named: name.lowercased())?.name == name)
        }
        #expect(try pci.subkey(named: "NO_SUCH_DEVICE") == nil)
        #expect(try hive.key(at: #"ControlSet001\NoSuchKey\Deeper"#) == nil)
    }

    /// The real differencing hive: version 1.6, layered-keys flag, and per-key semantics as the independent
    /// dump beside it lists them.
    @Test func systemDeltaLayerSemanticsMatchTheIndependentDump() throws {
        let hive = try Hive(contentsOf: SharedData.path("windows/yarp/System_Delta"))
        #expect(hive.baseBlock.minorVersion == 6)
        #expect(hive.baseBlock.supportsLayeredKeys)
        let dump = try String(contentsOfFile: SharedData.path("windows/yarp/System_Delta.dump.txt"), encoding: .utf8)
        var checked = 0
        var tombstoneKeys = 0
        var supersedeTrees = 0
        var tombstoneValues = 0
        for line in dump.split(separator: "\n") where line.hasPrefix("\\") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else { continue }
            let key = try #require(try hive.key(at: String(columns[0])), "missing \(columns[0])")
            let flags = columns[1]
            let expected: LayerSemantics =
                flags.contains("IsTombstone")
                ? .tombstone
                : flags.contains("IsSupersedeTree")
                    ? .supersedeTree
                    : flags.contains("IsSupersedeLocal") ? .supersedeLocal : .merge
            #expect(key.layerSemantics == expected, "\(columns[0])")
            #expect(key.inheritsClass == flags.contains("InheritClass"), "\(columns[0])")
            if expected == .tombstone { tombstoneKeys += 1 }
            if expected == .supersedeTree { supersedeTrees += 1 }
            let names = columns.count > 2 ? columns[2].split(separator: ",").map(String.init) : []
            let values = Array(try key.values())
            #expect(
                values.map { ($0.name.isEmpty ? "(default)" : $0.name) + ($0.isTombstone ? "[TOMBSTONE]" : "") }
                    == names, "\(columns[0])")
            tombstoneValues += values.filter(\.isTombstone).count
            checked += 1
        }
        #expect(checked > 100)
        #expect(tombstoneKeys == 2)
        #expect(supersedeTrees == 62)
        #expect(tombstoneValues == 3)
    }

    /// Damaged and foreign files give a clear error in strict mode and never trap in lenient mode.
    @Test(arguments: [
        "hives/museum/Win7/NotAHive", "hives/museum/Win7/SAMBadHBinHeader", "hives/museum/Win7/SAN_OTHER_",
        "hives/yarp/TruncatedHive", "hives/yarp/TruncatedNameHive",
        "hives/yarp/GarbageHive", "hives/other/plaso/regf_corrupt_sub_key_list.hiv",
    ])
    func corruptFilesFailCleanly(_ file: String) throws {
        let path = SharedData.path(file)
        var strictError: HiveError?
        do {
            let hive = try Hive(contentsOf: path)
            try hive.walk { key, _ in
                for value in try key.values() { _ = try value.data() }
            }
        } catch let error as HiveError {
            strictError = error
        }
        let error = try #require(strictError, "\(file) should not read cleanly in strict mode")
        #expect(!error.description.contains("\n"))
        // Lenient mode reads what it can or fails with an error; either way it returns.
        if let hive = try? Hive(contentsOf: path, options: .lenient) {
            _ = try? hive.walk { key, _ in
                for value in try key.values() { _ = try? value.data() }
            }
        }
    }
}
