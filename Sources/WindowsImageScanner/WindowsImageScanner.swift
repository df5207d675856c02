import Foundation
public import ImageLayers
public import PolicyKit
public import ReportKit
public import VulnDB
import VulnMatch
import WindowsInventory

/// Scans Windows container images: streams the layers (or takes their facts from a ``LayerCache``), merges the
/// registry hives, reads the Windows inventory, matches it against the vulnerability database, applies the
/// policy and returns the ``ReportKit/ScanReport``.
///
/// ```swift
/// let database = try VulnDatabase(contentsOf: "msrc.sqlite")
/// let scanner = WindowsImageScanner(database: database)
/// let report = try await scanner.scan(try DockerArchiveSource(path: "servercore.tar"))
/// print(report.summary.critical, report.remediation?.kb ?? "-")
/// ```
public struct WindowsImageScanner: Sendable {
    /// The database matched against.
    public let database: VulnDatabase
    /// Whether it is the bundled sample database (every report then says so, loudly).
    public let isSampleDatabase: Bool
    /// The layer-fact cache, if any.
    public let cache: (any LayerCache)?
    /// The match cache, if any: a rescan of an unchanged image against an unchanged database takes its
    /// analysis from there and reads no layer, not even from ``cache``.
    public let matchCache: (any MatchCache)?
    /// The policy and suppressions applied to the findings.
    public let policy: PolicyEvaluator

    /// Creates a scanner.
    public init(
        database: VulnDatabase, isSampleDatabase: Bool = false, cache: (any LayerCache)? = nil,
        matchCache: (any MatchCache)? = nil, policy: PolicyEvaluator = PolicyEvaluator(policy: .default)
    ) {
        self.database = database
        self.isSampleDatabase = isSampleDatabase
        self.cache = cache
        self.matchCache = matchCache
        self.policy = policy
    }

    /// Scans the image `source` names; `progress` hears every ``ScanEvent``. Cancelling the calling task stops
    /// the layer streams and throws ``ScanError/Code/cancelled``.
    public func scan(
        _ source: any ImageSource, options: ScanOptions = ScanOptions(),
        progress: (@Sendable (ScanEvent) -> Void)? = nil
    ) async throws(ScanError) -> ScanReport {
        let emit = progress ?? { _ in }
        let now = options.now ?? Date()
        let reference = options.reference ?? source.reference
        var reader = ImageReader(platform: options.platform, requiresWindows: false, concurrency: options.concurrency)
        reader.verification = .enforce

        emit(.resolving(reference: reference))
        let image: ResolvedImage
        do {
            image = try await reader.resolve(source)
        } catch {
            throw Self.failure(error)
        }
        let totalBytes = image.layers.reduce(Int64(0)) { $0 + $1.descriptor.size }
        emit(.resolved(layers: image.layers.count, compressedBytes: totalBytes))

        let identity: DatabaseIdentity
        do {
            identity = try database.identity()
        } catch {
            throw ScanError(.database, error.description)
        }

        // A non-Windows image is an outcome, not an error: no layer is read.
        guard image.config.os.lowercased() == "windows" else {
            let reason = "the image is for \(image.config.os)/\(image.config.architecture), not Windows"
            let match = MatchResult.unidentifiedImage(reason)
            let analysis = ImageAnalysis(
                windows: Self.reportWindows(inventory: nil, match: match), readingNotes: [], match: match)
            return report(
                image: image, reference: reference, analysis: analysis, database: identity, now: now,
                options: options, emit: emit)
        }

        let key = matchCacheKey(image: image, database: identity)
        if let matchCache, let analysis = await cachedAnalysis(key, in: matchCache) {
            for layer in image.layers {
                emit(
                    .layerFinished(
                        index: layer.index, count: image.layers.count, compressedBytes: layer.descriptor.size,
                        fromCache: true))
            }
            return report(
                image: image, reference: reference, analysis: analysis, database: identity, now: now,
                options: options, emit: emit)
        }

        let layers = try await readLayers(of: image, from: source, reader: reader, emit: emit)
        emit(.phase(.inventory))
        let inventory: Inventory
        do {
            inventory = try InventoryReader.inventory(of: ImageContents(image: image, layers: layers))
        } catch {
            throw ScanError(.inventory, "\(reference): \(error)")
        }
        emit(.phase(.matching))
        let match: MatchResult
        do {
            match = try VulnMatcher().match(inventory, in: database)
        } catch {
            throw ScanError(.database, error.description)
        }
        var readingNotes = layers.flatMap { layer in layer.notes.map { "layer \(layer.index): \($0)" } }
        readingNotes += inventory.notes
        if let disagreement = inventory.profile.configDisagreement { readingNotes.append(disagreement) }
        let analysis = ImageAnalysis(
            windows: Self.reportWindows(inventory: inventory, match: match), readingNotes: readingNotes, match: match)
        if let matchCache { await matchCache.store(analysis.encoded(), for: key) }
        return report(
            image: image, reference: reference, analysis: analysis, database: identity, now: now, options: options,
            emit: emit)
    }

    /// The match cache's key for `image` against the database `database` identifies.
    func matchCacheKey(image: ResolvedImage, database: DatabaseIdentity) -> MatchCacheKey {
        MatchCacheKey(
            image: image.configDigest,
            text: "analyzer=\(WindowsImageScannerModule.analyzerVersion);scanner=\(WindowsImageScannerModule.version);"
                + "program=\(Self.programBuild);database=\(database.contentKey)")
    }

    /// The analysis `cache` holds for `key`, if it decodes; one that does not is discarded.
    private func cachedAnalysis(_ key: MatchCacheKey, in cache: any MatchCache) async -> ImageAnalysis? {
        guard let entry = await cache.entry(for: key) else { return nil }
        do {
            return try ImageAnalysis(decoding: entry)
        } catch {
            await cache.discard(key)
            return nil
        }
    }

    /// The running program's own build, as its executable's size and modification time: a rebuilt or upgraded
    /// scanner never takes another build's cached matches (`unknown` where the executable cannot be found).
    static let programBuild: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return "\(info.st_size)@\(modified.tv_sec).\(modified.tv_nsec)"
    }()

    /// The scan as an asynchronous sequence: every progress event, then the report. Cancelling the iterating
    /// task cancels the scan.
    public func updates(
        _ source: any ImageSource, options: ScanOptions = ScanOptions()
    ) -> AsyncThrowingStream<ScanUpdate, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let report = try await scan(source, options: options) { continuation.yield(.progress($0)) }
                    continuation.yield(.finished(report))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Every layer's facts: from the cache where it has them, else streamed (several at a time) and stored.
    private func readLayers(
        of image: ResolvedImage, from source: any ImageSource, reader: ImageReader,
        emit: @escaping @Sendable (ScanEvent) -> Void
    ) async throws(ScanError) -> [LayerContents] {
        let count = image.layers.count
        var results: [Int: LayerContents] = [:]
        var missing: [LayerInfo] = []
        for layer in image.layers {
            if let cache, let diffID = layer.diffID, let cached = await cache.contents(of: layer, diffID: diffID) {
                results[layer.index] = cached
                emit(
                    .layerFinished(
                        index: layer.index, count: count, compressedBytes: layer.descriptor.size, fromCache: true))
            } else {
                missing.append(layer)
            }
        }
        let cache = cache
        let sizes = Dictionary(
            image.layers.map { ($0.index, $0.descriptor.size) }, uniquingKeysWith: { first, _ in first })
        do {
            let read = try await reader.readLayers(
                missing, of: image, from: source,
                started: { layer in
                    emit(.layerStarted(index: layer.index, count: count, compressedBytes: layer.descriptor.size))
                },
                finished: { contents in
                    if let cache { await cache.store(contents) }
                    emit(
                        .layerFinished(
                            index: contents.index, count: count, compressedBytes: sizes[contents.index] ?? 0,
                            fromCache: false))
                })
            for contents in read { results[contents.index] = contents }
        } catch {
            throw Self.failure(error)
        }
        return image.layers.compactMap { results[$0.index] }
    }

    /// A scan error for a failure while reading the image.
    static func failure(_ error: any Error) -> ScanError {
        if error is CancellationError { return ScanError(.cancelled, "cancelled") }
        if let error = error as? ImageLayersError {
            return error.code == .cancelled ? ScanError(.cancelled, "cancelled") : ScanError(.image, error.description)
        }
        return ScanError(.image, "\(error)")
    }
}

extension MatchResult {
    /// The outcome for an image that is not Windows.
    static func unidentifiedImage(_ reason: String) -> MatchResult {
        MatchResult(
            outcome: .unidentified(reason: reason), productIDs: [], build: nil, findings: [], remediation: nil,
            installedUpdate: nil, newestUpdate: nil, effectiveKBs: [], notes: [])
    }
}
