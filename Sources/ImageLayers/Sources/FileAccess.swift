#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file, closed when the last reader lets go of it.
final class OpenFile: @unchecked Sendable {
    /// The descriptor.
    let descriptor: Int32
    /// The path, for messages.
    let path: String
    /// The size in bytes.
    let size: Int64

    /// Opens `path` for reading.
    init(_ path: String) throws(ImageLayersError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ImageLayersError(.unreadable, "cannot open: \(String(cString: strerror(errno)))", context: path)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw ImageLayersError(.unreadable, "not a regular file", context: path)
        }
        self.descriptor = descriptor
        self.path = path
        self.size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(ImageLayersError) -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ImageLayersError(.unreadable, "read failed: \(String(cString: strerror(errno)))", context: path)
        }
    }

    /// Reads exactly `count` bytes at `offset`, or throws `truncated`-style errors.
    func read(_ count: Int, at offset: Int64) throws(ImageLayersError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            var failure: ImageLayersError?
            let got = result.withUnsafeMutableBytes { raw in
                do throws(ImageLayersError) {
                    return try read(
                        into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]), at: offset + Int64(done))
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            guard got > 0 else {
                throw ImageLayersError(.notAnImage, "file ends early (truncated?)", context: path)
            }
            done += got
        }
        return result
    }
}

/// Reads a byte range of a file: a blob inside an uncompressed archive, or a whole blob file.
final class FileRangeReader: BlobReader {
    /// The file.
    private let file: OpenFile
    /// The next offset to read.
    private var offset: Int64
    /// Bytes left in the range.
    private var remaining: Int64

    /// Reads `length` bytes of `file` from `offset`.
    init(_ file: OpenFile, offset: Int64, length: Int64) {
        self.file = file
        self.offset = offset
        self.remaining = length
    }

    /// Reads the next bytes of the range.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        if Task.isCancelled { throw ImageLayersError(.cancelled, "cancelled") }
        guard remaining > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: offset)
        guard count > 0 else {
            throw ImageLayersError(.badArchive, "file ends \(remaining) bytes before the blob does", context: file.path)
        }
        offset += Int64(count)
        remaining -= Int64(count)
        return count
    }
}
