public import Foundation
public import ImageLayers

/// A ``LayerCache`` in a folder: one file per layer (`<algorithm>-<hex>.v<analyzer>.layer`), written to a
/// temporary name and renamed into place so that concurrent scans (threads or processes) never see half an
/// entry, bounded in size by evicting the least recently used entries.
public actor DiskLayerCache: LayerCache {
    /// The folder.
    public nonisolated let directory: String
    /// The size bound in bytes.
    public nonisolated let maximumBytes: Int64
    /// The analyzer version entries must carry.
    public nonisolated let analyzerVersion: String
    private var counters = LayerCacheStatistics()

    /// Opens (creating if needed) the cache in `directory`.
    public init(
        directory: String, maximumBytes: Int64 = 4 << 30,
        analyzerVersion: String = WindowsImageScannerModule.analyzerVersion
    ) throws(ScanError) {
        try CacheFolder.create(directory, what: "layer cache")
        self.directory = directory
        self.maximumBytes = max(0, maximumBytes)
        self.analyzerVersion = analyzerVersion
    }

    /// The default folder: `$XDG_CACHE_HOME/winscan/layers`, else `~/.cache/winscan/layers`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/winscan/layers" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/winscan/layers"
    }

    /// The entry file of `diffID`.
    func path(of diffID: Digest) -> String {
        let safe = "\(diffID.algorithm)-\(diffID.encoded)".filter { $0.isLetter || $0.isNumber || $0 == "-" }
        return "\(directory)/\(safe).v\(analyzerVersion).layer"
    }

    /// The stored facts of `diffID`.
    public func contents(of layer: LayerInfo, diffID: Digest) async -> LayerContents? {
        let file = path(of: diffID)
        guard let bytes = CacheFolder.contents(of: file) else {
            counters.misses += 1
            return nil
        }
        guard
            let contents = LayerCacheCodec.decode(
                bytes, layer: layer, diffID: diffID, analyzerVersion: analyzerVersion)
        else {
            counters.misses += 1
            counters.damaged += 1
            CacheFolder.remove(file)
            return nil
        }
        counters.hits += 1
        CacheFolder.touch(file)
        return contents
    }

    /// Stores `contents` under its diff ID, then evicts the oldest entries beyond the bound.
    public func store(_ contents: LayerContents) async {
        guard let bytes = try? LayerCacheCodec.encode(contents, analyzerVersion: analyzerVersion),
            Int64(bytes.count) <= maximumBytes
        else { return }
        let target = path(of: contents.diffID)
        guard CacheFolder.write(bytes, to: target) else { return }
        counters.stores += 1
        counters.evictions += CacheFolder.evict(
            in: directory, suffix: ".layer", maximumBytes: maximumBytes, keeping: target)
    }

    /// The counters.
    public func statistics() async -> LayerCacheStatistics { counters }
}
