import Foundation
public import ImageLayers

/// A ``MatchCache`` in a folder: one file per image config (`<algorithm>-<hex>.match`) holding the key text it
/// was stored under and the entry, written to a temporary name and renamed into place so that concurrent scans
/// never see half an entry, bounded in size by evicting the least recently used entries.
///
/// It may share its folder with a ``DiskLayerCache``: each counts and evicts only its own files.
public actor DiskMatchCache: MatchCache {
    /// The folder.
    public nonisolated let directory: String
    /// The size bound in bytes.
    public nonisolated let maximumBytes: Int64
    private var counters = MatchCacheStatistics()

    /// The first bytes of every file.
    static let magic = Array("WINSCAN-MATCH-CACHE 1\n".utf8)

    /// Opens (creating if needed) the cache in `directory`.
    public init(directory: String, maximumBytes: Int64 = 256 << 20) throws(ScanError) {
        try CacheFolder.create(directory, what: "match cache")
        self.directory = directory
        self.maximumBytes = max(0, maximumBytes)
    }

    /// The file of the image whose config is `image`.
    public nonisolated func path(of image: Digest) -> String {
        let safe = "\(image.algorithm)-\(image.encoded)".filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return "\(directory)/\(safe).match"
    }

    /// The entry stored for `key`: a miss when there is none, or one stored under another key text (another
    /// database, scanner build or analyzer version), or one whose file is damaged.
    public func entry(for key: MatchCacheKey) async -> [UInt8]? {
        let file = path(of: key.image)
        guard var bytes = CacheFolder.contents(of: file) else {
            counters.misses += 1
            return nil
        }
        guard bytes.starts(with: Self.magic), let (text, headerEnd) = Self.keyText(in: bytes) else {
            counters.misses += 1
            counters.damaged += 1
            CacheFolder.remove(file)
            return nil
        }
        // Another key's entry is left for a scan that has that key, until it is overwritten or evicted.
        guard text == key.text else {
            counters.misses += 1
            return nil
        }
        counters.hits += 1
        CacheFolder.touch(file)
        // In place (nothing else holds the array): no second copy of an entry that may be a megabyte.
        bytes.removeSubrange(0..<headerEnd)
        return bytes
    }

    /// The key text after the magic line, and where the entry starts.
    private static func keyText(in bytes: [UInt8]) -> (String, Int)? {
        var reader = CacheBytesReader(bytes, from: magic.count)
        guard let text = try? reader.string() else { return nil }
        return (text, reader.offset)
    }

    /// Stores `entry` for `key` (replacing the image's entry for any other key), then evicts the oldest entries
    /// beyond the bound.
    public func store(_ entry: [UInt8], for key: MatchCacheKey) async {
        var writer = CacheBytesWriter()
        writer.raw(Self.magic)
        writer.string(key.text)
        let bytes = writer.bytes + entry
        guard Int64(bytes.count) <= maximumBytes else { return }
        let target = path(of: key.image)
        guard CacheFolder.write(bytes, to: target) else { return }
        counters.stores += 1
        counters.evictions += CacheFolder.evict(
            in: directory, suffix: ".match", maximumBytes: maximumBytes, keeping: target)
    }

    /// Counts the entry given for `key` as a damaged miss (the hit it was counted as is taken back) and removes
    /// it.
    public func discard(_ key: MatchCacheKey) async {
        counters.hits -= 1
        counters.misses += 1
        counters.damaged += 1
        CacheFolder.remove(path(of: key.image))
    }

    /// The counters.
    public func statistics() async -> MatchCacheStatistics { counters }
}
