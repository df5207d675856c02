import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file handling the disk caches share: a folder of entry files, each written to a temporary name and
/// renamed into place (so that concurrent scans, threads or processes, never see half an entry), and bounded
/// in size by evicting the least recently used entries.
enum CacheFolder {
    /// Creates `directory` (and its parents) if needed; `what` names the cache in the error, which gives the
    /// system's reason (`Not a directory`, `Permission denied`…).
    static func create(_ directory: String, what: String) throws(ScanError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw ScanError(
                    .image, "\(directory): cannot create the \(what) folder (\(String(cString: strerror(errno))))")
            }
        }
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ScanError(.image, "\(directory): cannot create the \(what) folder (it is not a folder)")
        }
    }

    /// The bytes of the regular file `path`, or `nil` when it cannot be read whole (read straight into the
    /// array: entries of a megabyte are read on every warm scan).
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let count = read(descriptor, buffer.baseAddress.map { $0 + done }, size - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                done += count
            }
            initialized = done
            complete = done == size
        }
        return complete ? bytes : nil
    }

    /// Writes `bytes` to a temporary file beside `target`, then renames it into place; `false` if either fails
    /// (nothing is left behind).
    static func write(_ bytes: [UInt8], to target: String) -> Bool {
        let temporary = "\(target).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return false }
        guard rename(temporary, target) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        return true
    }

    /// Marks `path` as just used: recently used entries are evicted last.
    static func touch(_ path: String) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
    }

    /// Removes `path`.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Removes the least recently used entries (files ending in `suffix`) until their total is within
    /// `maximumBytes`, never `keeping`, and the temporary files a crashed writer left (older than an hour; a live
    /// writer's are young and left alone). Returns how many entries it removed.
    static func evict(in directory: String, suffix: String, maximumBytes: Int64, keeping: String) -> Int {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return 0 }
        var entries: [(path: String, size: Int64, used: Date)] = []
        var total: Int64 = 0
        for name in names where name.hasSuffix(suffix) || name.hasSuffix(".tmp") {
            let path = "\(directory)/\(name)"
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            let used = attributes[.modificationDate] as? Date ?? .distantPast
            if name.hasSuffix(".tmp") {
                if used.timeIntervalSinceNow < -3600 { try? manager.removeItem(atPath: path) }
                continue
            }
            total += size
            entries.append((path, size, used))
        }
        guard total > maximumBytes else { return 0 }
        var evicted = 0
        for entry in entries.sorted(by: { $0.used < $1.used }) where entry.path != keeping {
            guard total > maximumBytes else { break }
            if (try? manager.removeItem(atPath: entry.path)) != nil {
                total -= entry.size
                evicted += 1
            }
        }
        return evicted
    }
}
