import Foundation
import ImageLayers
import PolicyKit
import ReportKit
import TestSupport
import Testing
import VulnDB

@testable import WindowsImageScanner

/// `DiskMatchCache` through real scans, judged by its counters (never by time): a rescan of the same image
/// against the same database is a hit that reads no layer; another database, a damaged entry or another policy
/// are handled as they must be.
@Suite("Match cache")
struct MatchCacheTests {
    /// A scanner on `database` (the shared sample database by default) with both caches in `folder` and
    /// `policy`.
    static func scanner(
        folder: String, database: VulnDatabase? = nil, policy: PolicyEvaluator = PolicyEvaluator(policy: .default)
    ) async throws -> (WindowsImageScanner, DiskLayerCache, DiskMatchCache) {
        let layers = try DiskLayerCache(directory: folder)
        let matches = try DiskMatchCache(directory: folder)
        let shared = try await ScannerFixture.scanner().database
        let scanner = WindowsImageScanner(
            database: database ?? shared, isSampleDatabase: true, cache: layers, matchCache: matches, policy: policy)
        return (scanner, layers, matches)
    }

    /// First scan: a match miss and a store, both layers read. Second: a match hit, the same report, no layer
    /// looked up or read, and progress still shows every layer done (from the cache).
    @Test func rescanIsAHitThatReadsNoLayer() async throws {
        let scratch = try Scratch()
        let (scanner, layers, matches) = try await Self.scanner(folder: scratch.url.path + "/cache")
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)

        let first = try await scanner.scan(source, options: ScannerFixture.options)
        var counts = await matches.statistics()
        #expect(counts.misses == 1)
        #expect(counts.stores == 1)
        #expect(counts.hits == 0)
        #expect(await layers.statistics().stores == 2)
        let resolved = try await source.resolve(platform: .windowsAMD64)
        #expect(FileManager.default.fileExists(atPath: matches.path(of: resolved.configDigest)))

        let log = EventLog()
        let second = try await scanner.scan(source, options: ScannerFixture.options) { log.record($0) }
        counts = await matches.statistics()
        #expect(counts.hits == 1)
        #expect(counts.misses == 1)
        #expect(counts.stores == 1)
        let layerCounts = await layers.statistics()
        #expect(layerCounts.hits == 0)
        #expect(layerCounts.misses == 2)  // the first scan's, none since
        #expect(second == first)
        #expect(ScannerFixture.findings(second) == ScannerFixture.expectedFindings)
        let fromCache = log.all.filter { if case .layerFinished(_, _, _, true) = $0 { true } else { false } }
        #expect(fromCache.count == 2)
        #expect(!log.all.contains { if case .layerStarted = $0 { true } else { false } })
    }

    /// The policy is applied to a cached analysis afresh: a stricter policy on a hit gives the verdict and
    /// violations an uncached scan with that policy gives.
    @Test func policyIsAppliedAfreshOnAHit() async throws {
        let scratch = try Scratch()
        let folder = scratch.url.path + "/cache"
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let (lenient, _, _) = try await Self.scanner(folder: folder)
        let passed = try await lenient.scan(source, options: ScannerFixture.options)

        let strict = PolicyEvaluator(policy: try Policy.failOn(severity: "high"))
        let (cached, _, matches) = try await Self.scanner(folder: folder, policy: strict)
        let failed = try await cached.scan(source, options: ScannerFixture.options)
        #expect(await matches.statistics().hits == 1)
        let base = try await ScannerFixture.scanner()
        let uncached = WindowsImageScanner(database: base.database, isSampleDatabase: true, policy: strict)
        let expected = try await uncached.scan(source, options: ScannerFixture.options)
        #expect(failed == expected)
        #expect(failed.policy.verdict == .fail)
        #expect(failed.policy != passed.policy)
        #expect(failed.findings.map(\.cve) == passed.findings.map(\.cve))
    }

    /// Another database content (here: a copy of the sample whose modification time then changes) is a miss,
    /// the result is computed again and stored in place of the old one.
    @Test func anotherDatabaseIsAMiss() async throws {
        let scratch = try Scratch()
        let path = scratch.url.path + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: try await ScannerFixture.scanner().database.path, toPath: path)
        let (scanner, _, matches) = try await Self.scanner(
            folder: scratch.url.path + "/cache", database: try VulnDatabase(contentsOf: path))
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let first = try await scanner.scan(source, options: ScannerFixture.options)
        let before = try scanner.database.identity()

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let modified = try #require(attributes[.modificationDate] as? Date)
        try FileManager.default.setAttributes(
            [.modificationDate: modified.addingTimeInterval(-86_400)], ofItemAtPath: path)
        #expect(try scanner.database.identity() != before)

        let second = try await scanner.scan(source, options: ScannerFixture.options)
        let counts = await matches.statistics()
        #expect(counts.hits == 0)
        #expect(counts.misses == 2)
        #expect(counts.stores == 2)
        #expect(second == first)
        _ = try await scanner.scan(source, options: ScannerFixture.options)
        #expect(await matches.statistics().hits == 1)
    }

    /// A damaged entry is a miss, counted and replaced; the scan still reads the image and succeeds. Damaged in
    /// its header (the key text), or in its payload under the right key text.
    @Test(arguments: ["header", "payload"])
    func damagedEntryIsAMiss(part: String) async throws {
        let scratch = try Scratch()
        let (scanner, layers, matches) = try await Self.scanner(folder: scratch.url.path + "/cache")
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let first = try await scanner.scan(source, options: ScannerFixture.options)
        let file = matches.path(of: try await source.resolve(platform: .windowsAMD64).configDigest)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let damaged = part == "header" ? bytes.prefix(10) : bytes.prefix(bytes.count - 7)
        try damaged.write(to: URL(fileURLWithPath: file))

        let second = try await scanner.scan(source, options: ScannerFixture.options)
        let counts = await matches.statistics()
        #expect(counts.hits == 0)
        #expect(counts.misses == 2)
        #expect(counts.damaged == 1)
        #expect(counts.stores == 2)
        #expect(second == first)
        #expect(await layers.statistics().hits == 2)  // the layers came from the layer cache
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes)
    }

    /// A cache folder that cannot be made is one error naming the folder and the system's reason; a relative
    /// folder is made relative to the working directory.
    @Test func unusableFolderIsAClearError() throws {
        let scratch = try Scratch()
        let file = try scratch.write("file", [1])
        for make in [
            { try DiskMatchCache(directory: $0) } as (String) throws -> any Sendable,
            { try DiskLayerCache(directory: $0) },
        ] {
            let error = try #require(throws: ScanError.self) { try make(file + "/sub") }
            #expect(error.description.contains("\(file)/sub: cannot create"))
            #expect(error.description.hasSuffix("(Not a directory)"))
            let plain = try #require(throws: ScanError.self) { try make(file) }
            #expect(plain.description.hasSuffix("(it is not a folder)"))
        }
        let made = try DiskMatchCache(directory: scratch.url.path + "/a/b/../c/")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: made.directory, isDirectory: &isFolder) && isFolder.boolValue)
    }

    /// Every field of an analysis survives the cache's binary form (each optional both present and absent),
    /// with repeated strings written once; every truncation and a trailing byte are errors, and random flipped
    /// bytes give an error or a value, never a crash or a hang.
    @Test func analysisRoundTripsAndDamageIsAnError() throws {
        let analysis = AnalysisSample.full
        let bytes = analysis.encoded()
        #expect(try ImageAnalysis(decoding: bytes) == analysis)
        let sparse = AnalysisSample.sparse
        #expect(try ImageAnalysis(decoding: sparse.encoded()) == sparse)
        // Strings repeat across findings and fix lists: each is written once.
        let url = Array(AnalysisSample.repeatedURL.utf8)
        #expect(bytes.indices.filter { bytes[$0...].starts(with: url) }.count == 1)

        for length in stride(from: 0, to: bytes.count, by: 1) {
            #expect(throws: CacheBytesError.self) { try ImageAnalysis(decoding: Array(bytes.prefix(length))) }
        }
        #expect(throws: CacheBytesError.self) { try ImageAnalysis(decoding: bytes + [0]) }
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var flipped = bytes
            let index = Int(generator.next() % UInt64(bytes.count))
            flipped[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            _ = try? ImageAnalysis(decoding: flipped)  // an error or a value, never a crash or a hang
        }
    }
}

/// A small deterministic random generator for the byte flips.
struct SplitMix64 {
    private var state: UInt64

    /// A generator starting at `seed`.
    init(seed: UInt64) { state = seed }

    /// The next value.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
