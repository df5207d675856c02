public import ImageLayers

/// A store of layer facts (the files a scan selects from a layer, its whiteouts and notes) keyed by the layer's
/// diff ID (the digest of the uncompressed tar, which stays when a registry re-compresses a layer, as Microsoft
/// did in 2023) and the scanner's ``WindowsImageScannerModule/analyzerVersion``.
///
/// A scan that finds every layer in the cache reads no layer data at all; a new image on a known base reads
/// only its new layers.
public protocol LayerCache: Sendable {
    /// The facts of the layer with `diffID`, if stored; `layer` gives the position and blob digest to report.
    func contents(of layer: LayerInfo, diffID: Digest) async -> LayerContents?
    /// Stores the facts of a layer just read.
    func store(_ contents: LayerContents) async
    /// What the cache did so far.
    func statistics() async -> LayerCacheStatistics
}

/// A cache's counters: how a test (or a user) tells a hit from a miss without timing anything. Both caches
/// count with it (``LayerCacheStatistics``, ``MatchCacheStatistics``): an entry is a layer's facts or an image's
/// analysis.
public struct CacheStatistics: Sendable, Hashable, Codable {
    /// Entries found.
    public var hits = 0
    /// Entries looked up and not found (or found for another key, or unreadable).
    public var misses = 0
    /// Entries stored.
    public var stores = 0
    /// Entries removed to stay within the size bound.
    public var evictions = 0
    /// Entries found damaged (and removed).
    public var damaged = 0

    /// Creates zeroed counters.
    public init() {}
}

/// A layer cache's counters.
public typealias LayerCacheStatistics = CacheStatistics
