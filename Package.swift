// swift-tools-version: 6.2
// The Windows image scanner SDK: one library target per concern, example CLIs on top.
// See ARCHITECTURE.md beside the project (../shared) for the data flow and the house rules.
import PackageDescription

/// Settings every target shares: Swift 6 language mode is the package default.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Targets that declare span-returning APIs opt into lifetime dependences.
let spanSettings: [SwiftSetting] = strictSettings + [.enableExperimentalFeature("Lifetimes")]

let package = Package(
    name: "WindowsImageScanner",
    platforms: [.macOS(.v26)],
    products: [
        .library(name: "ImageLayers", targets: ["ImageLayers"]),
        .library(name: "WindowsHive", targets: ["WindowsHive"]),
        .library(name: "WindowsInventory", targets: ["WindowsInventory"]),
        .library(name: "MSRCModel", targets: ["MSRCModel"]),
        .library(name: "VulnDB", targets: ["VulnDB"]),
        .library(name: "VulnMatch", targets: ["VulnMatch"]),
        .library(name: "PolicyKit", targets: ["PolicyKit"]),
        .library(name: "ReportKit", targets: ["ReportKit"]),
        .library(name: "WindowsImageScanner", targets: ["WindowsImageScanner"]),
        .executable(name: "winscan", targets: ["winscan"]),
        .executable(name: "winscan-engine", targets: ["winscan-engine"]),
        .executable(name: "scanning-inspector", targets: ["scanning-inspector"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: C libraries (Debian -dev packages), each imported by one Swift target only
        .systemLibrary(name: "CArchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CIsal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),

        // MARK: Libraries (dependencies point down the list in ARCHITECTURE.md only)
        .target(
            name: "ImageLayers",
            dependencies: [
                "CArchive", "CIsal", "CZstd", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "WindowsHive", swiftSettings: spanSettings),
        .target(name: "WindowsInventory", dependencies: ["ImageLayers", "WindowsHive"], swiftSettings: strictSettings),
        .target(name: "MSRCModel", swiftSettings: strictSettings),
        .target(
            name: "VulnDB",
            dependencies: [
                "MSRCModel", "CSQLite", "CZstd", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "VulnMatch", dependencies: ["VulnDB", "WindowsInventory", "MSRCModel"], swiftSettings: strictSettings),
        .target(
            name: "PolicyKit",
            dependencies: ["VulnMatch", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(name: "ReportKit", swiftSettings: strictSettings),
        .target(
            name: "WindowsImageScanner",
            dependencies: [
                "ImageLayers", "WindowsInventory", "MSRCModel", "VulnDB", "VulnMatch", "PolicyKit", "ReportKit",
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Test fixtures built by the project's own code
        .target(
            name: "TestSupport",
            dependencies: ["CZlib", "CZstd", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),

        // MARK: Example command-line tools
        // `winscan` is a small front that answers `hive dump|query` and `--version` itself and executes
        // `winscan-engine` (the full command set) for everything else; Examples/winscan/README.md says why.
        .target(
            name: "WinscanShared",
            dependencies: ["WindowsHive"],
            path: "Examples/WinscanShared",
            exclude: ["README.md"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "winscan",
            dependencies: ["WinscanShared"],
            path: "Examples/winscan",
            exclude: ["README.md"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "winscan-engine",
            dependencies: [
                "WindowsHive", "ImageLayers", "WindowsInventory", "MSRCModel", "VulnDB", "VulnMatch", "PolicyKit",
                "ReportKit", "WindowsImageScanner", "WinscanShared",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/winscan-engine",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "make-example-image",
            dependencies: ["TestSupport"],
            path: "Examples/make-example-image",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "scanning-inspector",
            dependencies: [
                "ImageLayers", "VulnDB", "PolicyKit", "ReportKit", "WindowsImageScanner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/scanning-inspector",
            exclude: ["README.md"],
            swiftSettings: strictSettings
        ),

        // MARK: Fuzzing harnesses (replay mode unless built with -DFUZZING)
        .executableTarget(
            name: "HiveFuzz",
            dependencies: ["WindowsHive", "FuzzReplay"],
            path: "Fuzz/HiveFuzz",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MSRCFuzz",
            dependencies: ["MSRCModel", "FuzzReplay"],
            path: "Fuzz/MSRCFuzz",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "PolicyFuzz",
            dependencies: ["PolicyKit", "FuzzReplay"],
            path: "Fuzz/PolicyFuzz",
            swiftSettings: strictSettings
        ),
        .target(name: "FuzzReplay", path: "Fuzz/FuzzReplay", swiftSettings: strictSettings),

        // MARK: Tests
        .testTarget(
            name: "WindowsHiveTests",
            dependencies: [
                "WindowsHive", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ImageLayersTests",
            dependencies: ["ImageLayers", "WindowsHive", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WindowsInventoryTests",
            dependencies: ["WindowsInventory", "ImageLayers", "WindowsHive", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MSRCModelTests",
            dependencies: [
                "MSRCModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TestSupportTests",
            dependencies: ["TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VulnDBTests",
            dependencies: [
                "VulnDB", "MSRCModel", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VulnMatchTests",
            dependencies: ["VulnMatch", "VulnDB", "WindowsInventory", "MSRCModel", "ImageLayers", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PolicyKitTests",
            dependencies: ["PolicyKit", "VulnMatch", "MSRCModel", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportKitTests",
            dependencies: ["ReportKit", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WinscanTests",
            dependencies: ["TestSupport", "ImageLayers"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WindowsImageScannerTests",
            dependencies: [
                "WindowsImageScanner", "ImageLayers", "VulnDB", "VulnMatch", "MSRCModel", "ReportKit", "PolicyKit",
                "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
    ]
)
