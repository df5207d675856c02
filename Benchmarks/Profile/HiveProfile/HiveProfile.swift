// A plain executable running one benchmark workload in a loop, for profilers (perf, valgrind --tool=callgrind)
// that cannot attach to the benchmark harness. Same workloads as Benchmarks/HiveBenchmarks.
//
// Usage: HiveProfile WORKLOAD HIVE [ITERATIONS]
//   WORKLOAD: open | query | walk | walknames | walkcopy | walkspan | cbs-names | cbs-hasname (the last two on an
//   opened hive). walk (the benchmark's "walk+data") and walknames read every value's data in place with
//   `withData`, folding every byte into a checksum; walkcopy copies each value's data with `data()` instead;
//   walkspan borrows the data and only reads its size.

import BenchSupport
import WindowsHive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(never)
func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

@main
struct HiveProfile {
    static let environment = #"ControlSet001\Control\Session Manager\Environment"#
    static let pci = #"DriverDatabase\DeviceIds\PCI"#
    static let packages = #"Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages"#

    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3 else {
            print("usage: HiveProfile open|query|walk|walknames|walkcopy|walkspan|cbs-names|cbs-hasname HIVE [N]")
            exit(2)
        }
        let (workload, path) = (arguments[1], arguments[2])
        let iterations = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
        var total = 0
        let opened = try Hive(contentsOf: path)
        for _ in 0..<iterations {
            switch workload {
            case "open":
                consume(try Hive(contentsOf: path).rootKey())
            case "query":
                let hive = try Hive(contentsOf: path)
                if let key = try hive.key(at: environment) {
                    for name in ["OS", "PROCESSOR_ARCHITECTURE", "NUMBER_OF_PROCESSORS"] {
                        consume(try key.value(named: name)?.string())
                    }
                }
                total += try hive.key(at: pci)?.subkeys().map(\.name).count ?? 0
            case "walk", "walknames":
                let names = workload == "walknames"
                var sum: UInt64 = 0
                try Hive(contentsOf: path).walk { key, _ in
                    if names { consume(key.name) }
                    for value in try key.values() {
                        if names { consume(value.name) }
                        let (bytes, folded) = try value.withData { ($0.byteCount, checksum($0)) }
                        total &+= bytes
                        sum ^= folded
                    }
                }
                consume(sum)
            case "walkcopy":
                try Hive(contentsOf: path).walk { key, _ in
                    for value in try key.values() {
                        total &+= try value.data().count
                    }
                }
            case "walkspan":
                try Hive(contentsOf: path).walk { key, _ in
                    for value in try key.values() {
                        total &+= try value.withData { $0.byteCount }
                    }
                }
            case "cbs-names", "cbs-hasname":
                guard let packages = try opened.key(at: packages) else { exit(1) }
                for package in try packages.subkeys() {
                    if workload == "cbs-names" {
                        consume(package.name)
                    } else if package.hasName("Package_for_KB5000120~31bf3856ad364e35~amd64~~20348.121.1.1") {
                        total += 1
                    }
                    consume(try package.value(named: "CurrentState")?.uint32())
                }
            default:
                print("unknown workload \(workload)")
                exit(2)
            }
        }
        print(total)
    }
}
