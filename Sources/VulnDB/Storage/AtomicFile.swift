import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replacing the database in one step: a new file is written beside the target, flushed to disk, and
/// renamed over it, so readers see the old database or the new one, never a mix, and a failure at any
/// point leaves the old one as it was.
enum AtomicFile {
    /// A fresh path beside `target` for the new file (`.msrc.sqlite.tmp-<pid>-<random>`).
    static func temporaryPath(beside target: String) -> String {
        let url = URL(fileURLWithPath: target)
        let name = ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Creates the folder that holds `target`, if missing.
    static func prepareFolder(for target: String) throws(VulnDBError) {
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw VulnDBError(
                .unreadable, "cannot create the database folder (\(error.localizedDescription))",
                context: folder)
        }
    }

    /// Flushes `temporary` to disk and renames it over `target`, then flushes the folder entry.
    static func install(_ temporary: String, at target: String) throws(VulnDBError) {
        try flush(temporary)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            throw VulnDBError(.storage, "cannot move the new database into place (\(reason))", context: target)
        }
        try? flush(URL(fileURLWithPath: target).deletingLastPathComponent().path)
    }

    /// Removes `path` and SQLite's side files for it, ignoring what is not there.
    static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// `fsync` on a file or folder.
    static func flush(_ path: String) throws(VulnDBError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw VulnDBError(.storage, "cannot open to flush (\(String(cString: strerror(errno))))", context: path)
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw VulnDBError(.storage, "cannot flush to disk (\(String(cString: strerror(errno))))", context: path)
        }
    }

    /// Writes `bytes` to `path` through a temporary file and a rename.
    static func write(_ bytes: [UInt8], to path: String) throws(VulnDBError) {
        let temporary = temporaryPath(beside: path)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        } catch {
            remove(temporary)
            throw VulnDBError(.storage, "cannot write (\(error.localizedDescription))", context: path)
        }
        guard rename(temporary, path) == 0 else {
            remove(temporary)
            throw VulnDBError(.storage, "cannot write (\(String(cString: strerror(errno))))", context: path)
        }
    }
}
