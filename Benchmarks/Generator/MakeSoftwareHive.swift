// Writes the SOFTWARE-shaped benchmark hive with the project's own regf writer (Sources/TestSupport/Regf*.swift),
// compiled together with it by scripts/bench-hive.sh (`swiftc … Sources/TestSupport/Regf*.swift <this file>`):
// TestSupport is no product of the main package, and hivex cannot write 20,000 subkeys under one key in
// reasonable time or space (see docs/performance.md). Only the writer's files are compiled, none of TestSupport's
// other fixture builders (which need C libraries), so this file uses nothing else of TestSupport.
// hivex reads the result back in the same script, as an independent check of the file and of our reader.
//
// Usage: make-software-hive OUTPUT [PACKAGES] [PADDING_KEYS]
//
// The hive: root `CMI-CreateHive{…}` like Windows' SOFTWARE; `Microsoft\Windows NT\CurrentVersion`;
// `Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages` with PACKAGES (20,000) package keys
// named like `Package_for_KB5034127~31bf3856ad364e35~amd64~~20348.2227.1.10`, each with nine values
// (CurrentState REG_DWORD 0x70/0x50/0x80/0x40, InstallName, InstallClient, InstallLocation, InstallTimeHigh/Low,
// InstallUser, SelfUpdate, Visibility), stored as an `ri` index root over `lh` leaves of 500 keys, as Windows
// stores long lists; and `…\Component Based Servicing\PackageDetect` with PADDING_KEYS (4,000) keys of ten
// 1,900-byte REG_BINARY values each (two to a bin), which bring the file to about 100 MB in 4 KiB bins.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct MakeSoftwareHive {
    /// The CurrentState spread: 60 % installed (0x70), 20 % superseded (0x50), 10 % 0x80, 10 % 0x40.
    static func state(_ index: Int) -> UInt32 {
        switch index % 10 {
        case 0...5: 0x70
        case 6, 7: 0x50
        case 8: 0x80
        default: 0x40
        }
    }

    /// A CBS package name; every fourth one is a feature package rather than a KB.
    static func packageName(_ index: Int) -> String {
        let revision = 1 + index % 4000
        if index % 4 == 3 {
            return "Microsoft-Windows-Feature\(index)-Package~31bf3856ad364e35~amd64~~10.0.20348.\(revision)"
        }
        return "Package_for_KB\(5_000_000 + index)~31bf3856ad364e35~amd64~~20348.\(revision).1.\(1 + index % 12)"
    }

    static func package(_ index: Int) -> RegfKey {
        let name = packageName(index)
        let time = UInt64(133_485_408_000_000_000) + UInt64(index) * 600_000_000
        return RegfKey(
            name,
            values: [
                .dword("CurrentState", state(index)),
                .string("InstallClient", "UpdateAgentLCU"),
                .string(
                    "InstallLocation",
                    #"\\?\C:\Windows\SoftwareDistribution\Download\"# + String(index, radix: 16) + "\\" + name
                        + ".cab"),
                .string("InstallName", name + ".mum"),
                .dword("InstallTimeHigh", UInt32(truncatingIfNeeded: time >> 32)),
                .dword("InstallTimeLow", UInt32(truncatingIfNeeded: time)),
                .string("InstallUser", "S-1-5-18"),
                .dword("SelfUpdate", 0),
                .dword("Visibility", index % 3 == 0 ? 2 : 1),
            ])
    }

    /// Deterministic filler bytes (xorshift), so the padding is not all zeros.
    static func filler(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes.append(UInt8(truncatingIfNeeded: state))
        }
        return bytes
    }

    /// Prints `message` on standard error and exits with status 2.
    static func fail(_ message: String) -> Never {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }

    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let output = arguments.dropFirst().first else {
            fail("usage: make-software-hive OUTPUT [PACKAGES] [PADDING_KEYS]")
        }
        let packageCount = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
        let paddingKeys = arguments.count > 3 ? Int(arguments[3]) ?? 4_000 : 4_000

        var packages = RegfKey("Packages", subkeys: (0..<packageCount).map(package))
        packages.listKind = .ri(leafCapacity: 500, leaf: .lh)
        var detect = RegfKey(
            "PackageDetect",
            subkeys: (0..<paddingKeys).map { index in
                RegfKey(
                    "Microsoft-Windows-Foundation-Group\(index)~31bf3856ad364e35~amd64~~10.0.20348.1",
                    values: (0..<10).map { slot in
                        .binary("Blob\(slot)", filler(1_900, seed: UInt64(index * 10 + slot)))
                    })
            })
        detect.listKind = .ri(leafCapacity: 500, leaf: .lh)
        let currentVersion = RegfKey(
            "CurrentVersion",
            values: [
                .string("CurrentBuild", "20348"), .string("CurrentBuildNumber", "20348"), .dword("UBR", 2227),
                .string("InstallationType", "Server Core"), .string("EditionID", "ServerDatacenter"),
                .string("ProductName", "Windows Server 2022 Datacenter"), .string("DisplayVersion", "21H2"),
            ])
        let root = RegfKey(
            "CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}",
            subkeys: [
                RegfKey(
                    "Microsoft",
                    subkeys: [
                        RegfKey(
                            "Windows",
                            subkeys: [
                                RegfKey(
                                    "CurrentVersion",
                                    subkeys: [RegfKey("Component Based Servicing", subkeys: [packages, detect])])
                            ]),
                        RegfKey("Windows NT", subkeys: [currentVersion]),
                    ])
            ])
        let image = RegfWriter(root: root).build()
        guard let file = fopen(output, "wb") else {
            fail("make-software-hive: cannot create \(output)")
        }
        let written = image.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == image.bytes.count, fclose(file) == 0 else {
            fail("make-software-hive: cannot write \(output)")
        }
        print("wrote \(output): \(image.bytes.count) bytes, \(packageCount) packages, \(paddingKeys) padding keys")
    }
}
