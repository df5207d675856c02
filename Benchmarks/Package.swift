// swift-tools-version: 6.2
// Benchmarks for the WindowsImageScanner package, kept apart so that `swift build` and `swift test` of the
// main package never build ordo-one/benchmark. Run them through `scripts/bench-hive.sh`, which prepares the
// hive files, sets the environment variables the benchmarks read, and sets the anchors (hivex) beside them.
import PackageDescription

/// SwiftPM names a path dependency after its folder: the checkout's folder name, whatever the clone is called.
let parentPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

let package = Package(
    name: "WindowsImageScannerBenchmarks",
    platforms: [.macOS(.v26)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HiveBenchmarks",
            dependencies: [
                "BenchSupport", .product(name: "WindowsHive", package: parentPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/HiveBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same workloads as a plain executable, for perf and callgrind.
        .executableTarget(
            name: "HiveProfile",
            dependencies: ["BenchSupport", .product(name: "WindowsHive", package: parentPackage)],
            path: "Profile/HiveProfile"
        ),
        // The JSON report writer and report staging in a loop, timed against their previous versions.
        .executableTarget(
            name: "ReportProfile",
            dependencies: ["BenchSupport", .product(name: "ReportKit", package: parentPackage)],
            path: "Profile/ReportProfile"
        ),
        // What the executables share (the data checksum of the walks).
        .target(name: "BenchSupport", path: "Support/BenchSupport"),
    ]
)
