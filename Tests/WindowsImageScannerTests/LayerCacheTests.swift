import Foundation
import ImageLayers
import ReportKit
import TestSupport
import Testing
import WindowsImageScanner

/// `DiskLayerCache` through real scans, judged by its counters (never by time): what hits, what misses, what is
/// damaged, evicted or left behind.
@Suite("Layer cache")
struct LayerCacheTests {
    /// The entry file of the layer whose uncompressed tar is `layer`, in `cache`.
    static func entry(of layer: [UInt8], in cache: DiskLayerCache) -> String {
        let hex = WindowsImageFixture.digest(layer).dropFirst("sha256:".count)
        return "\(cache.directory)/sha256-\(hex).v\(cache.analyzerVersion).layer"
    }

    /// The size of a file.
    static func size(_ path: String) throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? -1
    }

    /// The names in `folder` ending in `suffix`.
    static func files(in folder: String, endingIn suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// First scan: 2 misses, 2 stores. Second: 2 hits, no miss, the same report. A new image on the same base:
    /// 1 hit (the base) and 1 miss (the new update layer), and its own findings.
    @Test func hitsMissesAndStores() async throws {
        let scratch = try Scratch()
        let cache = try DiskLayerCache(directory: scratch.url.path + "/cache")
        let scanner = try await ScannerFixture.scanner(cache: cache)
        let image = ScannerFixture.image()
        let source = try ScannerFixture.dockerArchive(image, in: scratch)

        let first = try await scanner.scan(source, options: ScannerFixture.options)
        var counts = await cache.statistics()
        #expect(counts.misses == 2)
        #expect(counts.stores == 2)
        #expect(counts.hits == 0)
        #expect(try Self.files(in: cache.directory, endingIn: ".layer").count == 2)

        let log = EventLog()
        let second = try await scanner.scan(source, options: ScannerFixture.options) { log.record($0) }
        counts = await cache.statistics()
        #expect(counts.hits == 2)
        #expect(counts.misses == 2)  // no new miss
        #expect(counts.stores == 2)
        #expect(second == first)
        #expect(ScannerFixture.findings(second) == ScannerFixture.expectedFindings)
        let fromCache = log.all.filter {
            if case .layerFinished(_, _, _, true) = $0 { true } else { false }
        }
        #expect(fromCache.count == 2)
        #expect(!log.all.contains { if case .layerStarted = $0 { true } else { false } })

        let newer = ScannerFixture.image(update: 2400)
        #expect(newer.layers[0] == image.layers[0])
        #expect(newer.layers[1] != image.layers[1])
        let third = try await scanner.scan(
            try ScannerFixture.dockerArchive(newer, in: scratch, name: "newer.tar"), options: ScannerFixture.options)
        counts = await cache.statistics()
        #expect(counts.hits == 3)
        #expect(counts.misses == 3)
        #expect(counts.stores == 3)
        #expect(third.windows.build == "10.0.20348.2400")
        #expect(third.findings != first.findings || third.windows.build != first.windows.build)
    }

    /// The key is the diff ID: the same layers stored uncompressed (docker-archive), gzip-, zstd- or
    /// un-compressed in OCI layouts (other blob digests) all hit the entries the first scan stored.
    @Test(arguments: [WindowsImageFixture.LayerCompression.gzip, .zstd, .none])
    func keyIsTheDiffID(compression: WindowsImageFixture.LayerCompression) async throws {
        let scratch = try Scratch()
        let cache = try DiskLayerCache(directory: scratch.url.path + "/cache")
        let scanner = try await ScannerFixture.scanner(cache: cache)
        let archived = try await scanner.scan(
            try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch), options: ScannerFixture.options)
        var image = ScannerFixture.image()
        image.compression = compression
        let layout = try ScannerFixture.ociLayout(image, in: scratch)
        let resolved = try await layout.resolve(platform: .windowsAMD64)
        if compression != .none {
            #expect(resolved.layers[0].descriptor.digest != resolved.layers[0].diffID)
        }
        let laidOut = try await scanner.scan(layout, options: ScannerFixture.options)
        let counts = await cache.statistics()
        #expect(counts.hits == 2)
        #expect(counts.misses == 2)
        #expect(counts.stores == 2)
        #expect(laidOut.findings == archived.findings)
        #expect(laidOut.windows == archived.windows)

        // What the cache gives describes this image's blob (digest, compressed size), not the one first stored.
        for layer in resolved.layers {
            let cached = await cache.contents(of: layer, diffID: try #require(layer.diffID))
            #expect(cached?.digest == layer.descriptor.digest)
            #expect(cached?.compressedSize == layer.descriptor.size)
            #expect(cached?.index == layer.index)
        }
    }

    /// A truncated entry is a miss, counted as damaged and removed; the scan still reads the layer and succeeds.
    @Test func damagedEntryIsAMiss() async throws {
        let scratch = try Scratch()
        let cache = try DiskLayerCache(directory: scratch.url.path + "/cache")
        let scanner = try await ScannerFixture.scanner(cache: cache)
        let image = ScannerFixture.image()
        let source = try ScannerFixture.dockerArchive(image, in: scratch)
        let first = try await scanner.scan(source, options: ScannerFixture.options)

        let update = Self.entry(of: image.layers[1], in: cache)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: update))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: update))
        let second = try await scanner.scan(source, options: ScannerFixture.options)
        var counts = await cache.statistics()
        #expect(counts.hits == 1)
        #expect(counts.misses == 3)
        #expect(counts.damaged == 1)
        #expect(counts.stores == 3)  // read again and stored whole
        #expect(second == first)
        #expect(try Self.size(update) == Int64(bytes.count))

        // Looked up directly, the damaged entry is gone afterwards.
        try bytes.prefix(10).write(to: URL(fileURLWithPath: update))
        let resolved = try await source.resolve(platform: .windowsAMD64)
        let layer = resolved.layers[1]
        let diffID = try #require(layer.diffID)
        #expect(await cache.contents(of: layer, diffID: diffID) == nil)
        counts = await cache.statistics()
        #expect(counts.damaged == 2)
        #expect(!FileManager.default.fileExists(atPath: update))
    }

    /// Entries of another analyzer version are misses: under their own name, and when renamed to this version's
    /// name (the header still says the other version).
    @Test func otherAnalyzerVersionIsAMiss() async throws {
        let scratch = try Scratch()
        let folder = scratch.url.path + "/cache"
        let image = ScannerFixture.image()
        let source = try ScannerFixture.dockerArchive(image, in: scratch)
        let old = try DiskLayerCache(directory: folder, analyzerVersion: "test-1")
        let expected = try await ScannerFixture.scanner(cache: old).scan(source, options: ScannerFixture.options)

        let new = try DiskLayerCache(directory: folder, analyzerVersion: "test-2")
        let report = try await ScannerFixture.scanner(cache: new).scan(source, options: ScannerFixture.options)
        var counts = await new.statistics()
        #expect(counts.hits == 0)
        #expect(counts.misses == 2)
        #expect(report == expected)

        // An old entry under the new name: its header names test-1, so it is not taken.
        let newer = try DiskLayerCache(directory: folder, analyzerVersion: "test-3")
        for layer in image.layers {
            try FileManager.default.copyItem(
                atPath: Self.entry(of: layer, in: old), toPath: Self.entry(of: layer, in: newer))
        }
        _ = try await ScannerFixture.scanner(cache: newer).scan(source, options: ScannerFixture.options)
        counts = await newer.statistics()
        #expect(counts.hits == 0)
        #expect(counts.misses == 2)
        #expect(counts.damaged == 2)
    }

    /// With room for only three entries' worth minus a byte, storing a third layer evicts the least recently
    /// used one: the first image's update layer, not the base that the second scan just used.
    @Test func sizeBoundEvictsLeastRecentlyUsed() async throws {
        let scratch = try Scratch()
        let first = ScannerFixture.image()
        let second = ScannerFixture.image(update: 2400)
        let firstSource = try ScannerFixture.dockerArchive(first, in: scratch, name: "first.tar")
        let secondSource = try ScannerFixture.dockerArchive(second, in: scratch, name: "second.tar")

        // Entry sizes, from an unbounded cache.
        let measure = try DiskLayerCache(directory: scratch.url.path + "/measure")
        let measuring = try await ScannerFixture.scanner(cache: measure)
        _ = try await measuring.scan(firstSource, options: ScannerFixture.options)
        _ = try await measuring.scan(secondSource, options: ScannerFixture.options)
        let base = try Self.size(Self.entry(of: first.layers[0], in: measure))
        let firstUpdate = try Self.size(Self.entry(of: first.layers[1], in: measure))
        let secondUpdate = try Self.size(Self.entry(of: second.layers[1], in: measure))

        let cache = try DiskLayerCache(
            directory: scratch.url.path + "/cache", maximumBytes: base + firstUpdate + secondUpdate - 1)
        let scanner = try await ScannerFixture.scanner(cache: cache)
        _ = try await scanner.scan(firstSource, options: ScannerFixture.options)
        #expect(await cache.statistics().evictions == 0)
        _ = try await scanner.scan(secondSource, options: ScannerFixture.options)  // uses the base: now the newest
        var counts = await cache.statistics()
        #expect(counts.evictions == 1)
        #expect(!FileManager.default.fileExists(atPath: Self.entry(of: first.layers[1], in: cache)))
        #expect(FileManager.default.fileExists(atPath: Self.entry(of: first.layers[0], in: cache)))
        #expect(FileManager.default.fileExists(atPath: Self.entry(of: second.layers[1], in: cache)))

        let again = try await scanner.scan(firstSource, options: ScannerFixture.options)
        counts = await cache.statistics()
        #expect(counts.hits == 2)  // the base, twice
        #expect(counts.misses == 4)  // 2 + 1 + the evicted update layer
        #expect(ScannerFixture.findings(again) == ScannerFixture.expectedFindings)
    }

    /// Two scans at once on one folder (two caches, as two processes would have): both succeed with the same
    /// findings, every entry is whole, and no temporary file is left.
    @Test func concurrentScansShareAFolder() async throws {
        let scratch = try Scratch()
        let folder = scratch.url.path + "/cache"
        let source = try ScannerFixture.dockerArchive(ScannerFixture.image(), in: scratch)
        let one = try DiskLayerCache(directory: folder)
        let two = try DiskLayerCache(directory: folder)
        let first = try await ScannerFixture.scanner(cache: one)
        let second = try await ScannerFixture.scanner(cache: two)
        async let a = first.scan(source, options: ScannerFixture.options)
        async let b = second.scan(source, options: ScannerFixture.options)
        let (left, right) = try await (a, b)
        #expect(left == right)
        #expect(ScannerFixture.findings(left) == ScannerFixture.expectedFindings)
        #expect(try Self.files(in: folder, endingIn: ".tmp").isEmpty)
        #expect(try Self.files(in: folder, endingIn: ".layer").count == 2)

        // Both caches' entries are whole: a third cache takes both.
        let third = try DiskLayerCache(directory: folder)
        _ = try await ScannerFixture.scanner(cache: third).scan(source, options: ScannerFixture.options)
        let counts = await third.statistics()
        #expect(counts.hits == 2)
        #expect(counts.damaged == 0)
    }
}
