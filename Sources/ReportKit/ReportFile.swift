import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes rendered reports to paths the way a CI job expects: a regular file is replaced atomically (a
/// temporary file beside it, renamed over it, so an error never leaves half a report), while anything else that
/// already exists there — `/dev/null`, `/dev/stdout`, a FIFO — is written to in place, never replaced.
///
/// Several reports can be written all-or-nothing: ``stage(_:for:)`` each (temporaries are written), then
/// ``Staged/commit()`` each; ``Staged/discard()`` removes a staged temporary.
public enum ReportFile {
    /// A report ready to be put in place.
    public struct Staged: Sendable {
        /// The destination.
        public let path: String
        /// The temporary beside it, for a regular file.
        let temporary: String?
        /// The bytes, kept for a device or pipe (written at commit).
        let bytes: [UInt8]?

        /// Puts the report in place: renames the temporary over the path, or writes to the device or pipe.
        public func commit() throws(ReportKitError) {
            if let bytes {
                try ReportFile.writeInPlace(bytes, to: path)
                return
            }
            guard let temporary else { return }
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                discard()
                throw ReportKitError(.writeFailed, "cannot write the report (\(reason))", context: path)
            }
        }

        /// Removes the temporary, if any.
        public func discard() {
            if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
        }
    }

    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws(ReportKitError) {
        try stage(bytes, for: path).commit()
    }

    /// Writes `bytes` to a temporary beside `path` (for a regular or new file) or keeps them (for a device or pipe).
    public static func stage(_ bytes: [UInt8], for path: String) throws(ReportKitError) -> Staged {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            guard (info.st_mode & S_IFMT) != S_IFDIR else {
                throw ReportKitError(.writeFailed, "is a folder, not a file", context: path)
            }
            return Staged(path: path, temporary: nil, bytes: bytes)
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
        return Staged(path: path, temporary: temporary.path, bytes: nil)
    }

    /// Writes `bytes` to an existing non-regular file (a device or a pipe).
    static func writeInPlace(_ bytes: [UInt8], to path: String) throws(ReportKitError) {
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
