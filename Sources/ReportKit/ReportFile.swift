import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a rendered report to a path the way a CI job expects: a regular file is replaced atomically (a
/// temporary file beside it, renamed over it, so an error never leaves half a report), while anything else that
/// already exists there — `/dev/null`, `/dev/stdout`, a FIFO — is written to in place, never replaced.
public enum ReportFile {
    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws(ReportKitError) {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            try writeInPlace(bytes, to: path)
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportKitError(.writeFailed, "cannot write the report (\(error.localizedDescription))", context: path)
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ReportKitError(.writeFailed, "cannot write the report (\(reason))", context: path)
        }
    }

    /// Writes `bytes` to an existing non-regular file (a device or a pipe).
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws(ReportKitError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReportKitError(.writeFailed, "cannot open (\(String(cString: strerror(errno))))", context: path)
        }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                throw ReportKitError(.writeFailed, "cannot write (\(String(cString: strerror(errno))))", context: path)
            }
            written += result
        }
    }
}
