public import ImageLayers

/// A store of scan results before policy — the report's Windows section, the reading notes and the match —
/// keyed by everything they depend on (``MatchCacheKey``): a rescan of an unchanged image against an unchanged
/// database then reads no layer, loads no advisory and matches nothing, while policy, suppressions and report
/// are still made fresh.
///
/// Entries are opaque bytes: the scanner encodes and checks them, so a damaged entry is a miss, never a wrong
/// report.
public protocol MatchCache: Sendable {
    /// The entry stored for `key`, if any.
    func entry(for key: MatchCacheKey) async -> [UInt8]?
    /// Stores `entry` for `key`.
    func store(_ entry: [UInt8], for key: MatchCacheKey) async
    /// Records that an entry given for `key` could not be decoded, and drops it.
    func discard(_ key: MatchCacheKey) async
    /// What the cache did so far.
    func statistics() async -> MatchCacheStatistics
}

/// What a cached match depends on: the image's config (whose digest covers its diff IDs, so every layer's
/// content), the versions of what read and matched it, the running program's own build, and the database's
/// content.
public struct MatchCacheKey: Sendable, Hashable {
    /// The image's config digest: where the entry is filed.
    public let image: Digest
    /// Everything else the result depends on, in one line; an entry is taken only when it was stored under the
    /// same text.
    public let text: String

    /// Creates a key.
    public init(image: Digest, text: String) {
        self.image = image
        self.text = text
    }
}

/// A match cache's counters.
public typealias MatchCacheStatistics = CacheStatistics
