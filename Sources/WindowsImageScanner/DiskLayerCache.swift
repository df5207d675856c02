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
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ScanError(
                .image, "\(directory): cannot create the layer cache folder (\(error.localizedDescription))")
        }
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
        guard let data = FileManager.default.contents(atPath: file) else {
            counters.misses += 1
            return nil
        }
        guard
            let contents = LayerCacheCodec.decode(
                [UInt8](data), layer: layer, diffID: diffID, analyzerVersion: analyzerVersion)
        else {
            counters.misses += 1
            counters.damaged += 1
            try? FileManager.default.removeItem(atPath: file)
            return nil
        }
        counters.hits += 1
        // Recently used entries are evicted last.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file)
        return contents
    }

    /// Stores `contents` under its diff ID, then evicts the oldest entries beyond the bound.
    public func store(_ contents: LayerContents) async {
        guard let bytes = try? LayerCacheCodec.encode(contents, analyzerVersion: analyzerVersion),
            Int64(bytes.count) <= maximumBytes
        else { return }
        let target = path(of: contents.diffID)
        let temporary = "\(target).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        guard rename(temporary, target) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return
        }
        counters.stores += 1
        evict(keeping: target)
    }

    /// The counters.
    public func statistics() async -> LayerCacheStatistics { counters }

    /// Removes the least recently used entries until the folder is within the bound (never `keeping`).
    private func evict(keeping: String) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        var entries: [(path: String, size: Int64, used: Date)] = []
        var total: Int64 = 0
        for name in names where name.hasSuffix(".layer") || name.hasSuffix(".tmp") {
            let path = "\(directory)/\(name)"
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            let used = attributes[.modificationDate] as? Date ?? .distantPast
            // Temporary files of a crashed writer are old; a live writer's are young and left alone.
            if name.hasSuffix(".tmp") {
                if used.timeIntervalSinceNow < -3600 { try? manager.removeItem(atPath: path) }
                continue
            }
            total += size
            entries.append((path, size, used))
        }
        guard total > maximumBytes else { return }
        for entry in entries.sorted(by: { $0.used < $1.used }) where entry.path != keeping {
            guard total > maximumBytes else { break }
            if (try? manager.removeItem(atPath: entry.path)) != nil {
                total -= entry.size
                counters.evictions += 1
            }
        }
    }
}
