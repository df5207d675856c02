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
            if let temporary { unlink(temporary) }
        }
    }

    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws(ReportKitError) {
        try stage(bytes, for: path).commit()
    }

    /// Writes `bytes` to a temporary beside `path` (for a regular or new file) or keeps them (for a device or pipe).
    ///
    /// The temporary (`.NAME.PID.RANDOM.tmp` in the same folder) is created new, mode 0666 less the umask, and
    /// written straight from `bytes` with `write(2)`: no copy into `Data`, no `URL` or `UUID`.
    public static func stage(_ bytes: [UInt8], for path: String) throws(ReportKitError) -> Staged {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            guard (info.st_mode & S_IFMT) != S_IFDIR else {
                throw ReportKitError(.writeFailed, "is a folder, not a file", context: path)
            }
            return Staged(path: path, temporary: nil, bytes: bytes)
        }
        var temporary = temporaryPath(beside: path)
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        for _ in 0..<3 where descriptor < 0 && errno == EEXIST {
            temporary = temporaryPath(beside: path)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        }
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ReportKitError(.writeFailed, "cannot write the report (\(reason))", context: path)
        }
        do {
            try write(bytes, to: descriptor, path: path)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReportKitError(.writeFailed, "cannot write the report (\(reason))", context: path)
        }
        return Staged(path: path, temporary: temporary, bytes: nil)
    }

    /// A new name beside `path` for its temporary: `.NAME.PID.RANDOM.tmp`, `RANDOM` eight hexadecimal digits.
    static func temporaryPath(beside path: String) -> String {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let folder = slash.map { path[...$0] } ?? ""
        let name = slash.map { path[path.utf8.index(after: $0)...] } ?? path[...]
        var random = String(UInt32.random(in: .min ... .max), radix: 16, uppercase: true)
        random = String(repeating: "0", count: 8 - random.utf8.count) + random
        return "\(folder).\(name).\(getpid()).\(random).tmp"
    }

    /// Writes `bytes` to an existing non-regular file (a device or a pipe).
    static func writeInPlace(_ bytes: [UInt8], to path: String) throws(ReportKitError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReportKitError(.writeFailed, "cannot open (\(String(cString: strerror(errno))))", context: path)
        }
        defer { close(descriptor) }
        try write(bytes, to: descriptor, path: path)
    }

    /// Writes all of `bytes` to `descriptor`, going on after short writes and interruptions.
    private static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ReportKitError) {
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
