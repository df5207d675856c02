// Benchmarks of the WindowsHive reader on real and generated hives. scripts/bench-hive.sh prepares the files,
// passes their paths in the environment, runs these and sets the hivex anchors beside them:
//
//   WINSCAN_BENCH_SYSTEM_HIVE    SYSTEM_WIN_10_1709 (15.5 MB, 43,211 keys, 90,307 values), decompressed
//   WINSCAN_BENCH_SOFTWARE_HIVE  the generated ~100 MB SOFTWARE-shaped hive with 20,000 CBS packages
//
// A benchmark whose file is not given is not registered. Each iteration does the whole job, open included,
// unless its name says the hive is already open. A result that disagrees with the known facts of the file
// (3,195 PCI subkeys, 43,211 keys, 5,175,840 bytes of value data, 20,000 packages) marks the benchmark failed.

import BenchSupport
import Benchmark
import WindowsHive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key paths and facts of the benchmark hives.
enum Facts {
    static let environment = #"ControlSet001\Control\Session Manager\Environment"#
    static let environmentValues = ["OS", "PROCESSOR_ARCHITECTURE", "NUMBER_OF_PROCESSORS"]
    static let pci = #"DriverDatabase\DeviceIds\PCI"#
    static let pciSubkeys = 3_195
    static let systemKeys = 43_211
    static let systemValues = 90_307
    /// The bytes of all SYSTEM values' data (what python3-hivex's walk counts too).
    static let systemDataBytes = 5_175_840
    static let packages = #"Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages"#
    static let packageCount = 20_000
    /// A package the name-comparison variant looks for without decoding any name.
    static let wantedPackage = "Package_for_KB5000120~31bf3856ad364e35~amd64~~20348.121.1.1"
}

/// The environment variable `name`, if set and not empty.
func environmentValue(_ name: String) -> String? {
    guard let raw = getenv(name) else { return nil }
    let value = String(cString: raw)
    return value.isEmpty ? nil : value
}

/// What a walk saw.
struct WalkCounts {
    var keys = 0
    var values = 0
    var dataBytes = 0
    /// ``checksum(_:)`` of every value's data, combined: proof that every byte was read.
    var checksum: UInt64 = 0
}

/// Visits every key and reads every value's data in place with `withData` (every byte, through `checksum`), and,
/// if asked, decodes every key and value name.
func walkEverything(_ hive: Hive, names: Bool) throws -> WalkCounts {
    var counts = WalkCounts()
    let report = try hive.walk { key, _ in
        if names { blackHole(key.name) }
        for value in try key.values() {
            if names { blackHole(value.name) }
            let (bytes, sum) = try value.withData { ($0.byteCount, checksum($0)) }
            counts.dataBytes &+= bytes
            counts.checksum ^= sum
            counts.values += 1
        }
    }
    counts.keys = report.keyCount
    blackHole(counts.checksum)
    return counts
}

/// The CBS `Packages` key of an open hive.
func packagesKey(_ hive: Hive) throws -> HiveKey? {
    try hive.key(at: Facts.packages)
}

/// Every package's name (decoded) and CurrentState; returns how many packages were seen.
func enumeratePackagesWithNames(_ packages: HiveKey) throws -> Int {
    var count = 0
    for package in try packages.subkeys() {
        blackHole(package.name)
        blackHole(try package.value(named: "CurrentState")?.uint32())
        count += 1
    }
    return count
}

/// Every package's CurrentState, with names compared in place and never decoded; returns how many packages
/// were seen.
func enumeratePackagesWithoutNames(_ packages: HiveKey) throws -> Int {
    var count = 0
    var matches = 0
    for package in try packages.subkeys() {
        if package.hasName(Facts.wantedPackage) { matches += 1 }
        blackHole(try package.value(named: "CurrentState")?.uint32())
        count += 1
    }
    blackHole(matches)
    return count
}

let benchmarks: @Sendable () -> Void = {
    // Every benchmark records these (throughput is needed by the JMH export the script reads).
    let metrics: [BenchmarkMetric] = [
        .wallClock, .cpuTotal, .throughput, .mallocCountTotal, .mallocBytesCount, .peakMemoryResident,
    ]
    // Quick benchmarks (a millisecond or less): many samples.
    let quick = Benchmark.Configuration(
        metrics: metrics, warmupIterations: 10, maxDuration: .seconds(3), maxIterations: 2_000)
    // Slow benchmarks (tens of milliseconds): fewer samples, still enough for a stable median.
    let slow = Benchmark.Configuration(
        metrics: metrics, warmupIterations: 3, maxDuration: .seconds(4), maxIterations: 200)

    // What the harness itself costs per iteration (its own mallocs are counted in every benchmark).
    Benchmark("Harness (empty iteration)", configuration: quick) { _ in
        blackHole(0)
    }

    if let system = environmentValue("WINSCAN_BENCH_SYSTEM_HIVE") {
        Benchmark("SYSTEM open", configuration: quick) { benchmark in
            blackHole(try Hive(contentsOf: system).rootKey())
        }

        Benchmark("SYSTEM open+query", configuration: quick) { benchmark in
            let hive = try Hive(contentsOf: system)
            guard let environment = try hive.key(at: Facts.environment), let pci = try hive.key(at: Facts.pci)
            else {
                return benchmark.error("SYSTEM: Environment or PCI key not found")
            }
            for name in Facts.environmentValues {
                guard let value = try environment.value(named: name) else {
                    return benchmark.error("SYSTEM: Environment value \(name) not found")
                }
                blackHole(try value.string())
            }
            let names = try pci.subkeys().map(\.name)
            if names.count != Facts.pciSubkeys {
                benchmark.error("SYSTEM: \(names.count) PCI subkeys, expected \(Facts.pciSubkeys)")
            }
            blackHole(names)
        }

        Benchmark("SYSTEM walk+data", configuration: slow) { benchmark in
            let counts = try walkEverything(try Hive(contentsOf: system), names: false)
            if counts.keys != Facts.systemKeys || counts.values != Facts.systemValues
                || counts.dataBytes != Facts.systemDataBytes
            {
                benchmark.error(
                    "SYSTEM: walked \(counts.keys) keys, \(counts.values) values, \(counts.dataBytes) data bytes")
            }
        }

        Benchmark("SYSTEM walk+names+data", configuration: slow) { benchmark in
            let counts = try walkEverything(try Hive(contentsOf: system), names: true)
            if counts.keys != Facts.systemKeys || counts.values != Facts.systemValues
                || counts.dataBytes != Facts.systemDataBytes
            {
                benchmark.error(
                    "SYSTEM: walked \(counts.keys) keys, \(counts.values) values, \(counts.dataBytes) data bytes")
            }
        }
    } else {
        print("HiveBenchmarks: WINSCAN_BENCH_SYSTEM_HIVE is not set: SYSTEM benchmarks skipped")
    }

    if let software = environmentValue("WINSCAN_BENCH_SOFTWARE_HIVE") {
        Benchmark("SOFTWARE open", configuration: quick) { benchmark in
            blackHole(try Hive(contentsOf: software).rootKey())
        }

        Benchmark("SOFTWARE walk+data", configuration: slow) { benchmark in
            blackHole(try walkEverything(try Hive(contentsOf: software), names: false))
        }

        Benchmark("SOFTWARE CBS names+CurrentState", configuration: slow) { benchmark in
            guard let packages = try packagesKey(try Hive(contentsOf: software)) else {
                return benchmark.error("SOFTWARE: Packages key not found")
            }
            let count = try enumeratePackagesWithNames(packages)
            if count != Facts.packageCount { benchmark.error("SOFTWARE: \(count) packages") }
        }

        Benchmark("SOFTWARE CBS CurrentState+hasName", configuration: slow) { benchmark in
            guard let packages = try packagesKey(try Hive(contentsOf: software)) else {
                return benchmark.error("SOFTWARE: Packages key not found")
            }
            let count = try enumeratePackagesWithoutNames(packages)
            if count != Facts.packageCount { benchmark.error("SOFTWARE: \(count) packages") }
        }

        // The same two with the hive opened once, before measuring: the per-key cost alone.
        Benchmark("SOFTWARE CBS names+CurrentState (open hive)", configuration: slow) { benchmark, packages in
            let count = try enumeratePackagesWithNames(packages)
            if count != Facts.packageCount { benchmark.error("SOFTWARE: \(count) packages") }
        } setup: {
            guard let packages = try packagesKey(try Hive(contentsOf: software)) else {
                throw HiveError(.badRecord, "Packages key not found")
            }
            return packages
        }

        Benchmark("SOFTWARE CBS CurrentState+hasName (open hive)", configuration: slow) { benchmark, packages in
            let count = try enumeratePackagesWithoutNames(packages)
            if count != Facts.packageCount { benchmark.error("SOFTWARE: \(count) packages") }
        } setup: {
            guard let packages = try packagesKey(try Hive(contentsOf: software)) else {
                throw HiveError(.badRecord, "Packages key not found")
            }
            return packages
        }
    } else {
        print("HiveBenchmarks: WINSCAN_BENCH_SOFTWARE_HIVE is not set: SOFTWARE benchmarks skipped")
    }
}
