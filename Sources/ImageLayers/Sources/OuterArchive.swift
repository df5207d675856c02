/// An outer archive — a `docker save` tarball or an `oci-archive` — and where each member's bytes are.
///
/// An uncompressed archive is indexed by reading only its headers (seeking over the data) and members are
/// read in place. A compressed one (`docker save | gzip`) cannot be seeked: the index pass keeps the small
/// metadata files, and each member is read by streaming the archive again up to it (one extra inflate of
/// the archive's prefix per layer; documented cost).
final class OuterArchive: Sendable {
    /// How the archive was named, for errors.
    let path: String
    /// How the whole archive is compressed.
    let compression: LayerCompression
    /// The file.
    private let file: OpenFile
    /// Members by normalised path (links resolved).
    private let members: [String: ArchiveMember]
    /// Small metadata files read during indexing of a compressed archive.
    private let metadata: [String: [UInt8]]

    /// The largest metadata file kept from a compressed archive.
    static let metadataLimit = 16 << 20

    /// Indexes the archive at `path`.
    init(path: String) throws(ImageLayersError) {
        let file = try OpenFile(path)
        let magic = try file.read(Int(min(4, file.size)), at: 0)
        let compression = LayerCompression.sniff(magic)
        var found: [String: ArchiveMember] = [:]
        var links: [String: String] = [:]
        var metadata: [String: [UInt8]] = [:]
        func visit<S: ArchiveStream>(_ entry: TarMembers.Entry, _ stream: inout S) throws(ImageLayersError) -> Int64 {
            switch entry.header.type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                found[entry.path] = ArchiveMember(path: entry.path, offset: entry.offset, size: entry.header.size)
                let isMetadata =
                    entry.path.hasSuffix(".json") || entry.path == "repositories" || entry.path == "oci-layout"
                    || entry.path.hasPrefix("blobs/")
                if compression != .none, isMetadata, entry.header.size <= 1 << 16 || entry.path.hasSuffix(".json"),
                    entry.header.size <= OuterArchive.metadataLimit,
                    let data = try stream.read(Int(entry.header.size))
                {
                    metadata[entry.path] = data
                    return entry.header.size
                }
            case UInt8(ascii: "1"):
                links[entry.path] = TarPath.normalize(entry.header.linkName) ?? ""
            case UInt8(ascii: "2"):
                let directory = entry.path.split(separator: "/").dropLast().joined(separator: "/")
                let target =
                    entry.header.linkName.hasPrefix("/")
                    ? entry.header.linkName
                    : (directory.isEmpty ? "" : directory + "/") + entry.header.linkName
                links[entry.path] = TarPath.resolve(target) ?? ""
            default:
                break
            }
            return 0
        }
        if compression == .none {
            var stream = FileStream(file: file)
            try TarMembers.walk(&stream, context: path, visit)
        } else {
            var stream = DecodedStream(file: file, compression: compression)
            try TarMembers.walk(&stream, context: path, visit)
        }
        for (link, _) in links {
            var target = link
            for _ in 0..<8 {
                guard let next = links[target] else { break }
                target = next
            }
            if let member = found[target] {
                found[link] = member
                if let data = metadata[target] { metadata[link] = data }
            }
        }
        guard !found.isEmpty else { throw ImageLayersError(.notAnImage, "archive holds no files", context: path) }
        self.path = path
        self.compression = compression
        self.file = file
        self.members = found
        self.metadata = metadata
    }

    /// Whether the archive has a member at `path`.
    func contains(_ path: String) -> Bool { members[path] != nil }

    /// The member at `path`.
    func member(_ path: String) -> ArchiveMember? { members[path] }

    /// The bytes of a small member (a manifest, a config), up to `limit` bytes.
    func contents(of path: String, limit: Int) throws(ImageLayersError) -> [UInt8] {
        guard let member = members[path] else {
            throw ImageLayersError(.missingBlob, "archive has no \(path)", context: self.path)
        }
        guard member.size <= Int64(limit) else {
            throw ImageLayersError(.tooLarge, "\(path) is larger than \(limit) bytes", context: self.path)
        }
        if let data = metadata[path] { return data }
        if compression == .none { return try file.read(Int(member.size), at: member.offset) }
        var stream = DecodedStream(file: file, compression: compression)
        try stream.skip(member.offset)
        guard let data = try stream.read(Int(member.size)) else {
            throw ImageLayersError(.notAnImage, "archive ends inside \(path)", context: self.path)
        }
        return data
    }

    /// A reader of the member at `path`, from its first byte.
    func open(_ path: String) throws(ImageLayersError) -> any BlobReader {
        guard let member = members[path] else {
            throw ImageLayersError(.missingBlob, "archive has no \(path)", context: self.path)
        }
        if compression == .none { return FileRangeReader(file, offset: member.offset, length: member.size) }
        var stream = DecodedStream(file: file, compression: compression)
        try stream.skip(member.offset)
        return StreamedMemberReader(stream: stream, remaining: member.size)
    }

    /// Every member path.
    var paths: [String] { Array(members.keys) }
}

/// An uncompressed archive read with `pread`, skipping by seeking.
private struct FileStream: ArchiveStream {
    /// The file.
    let file: OpenFile
    /// The offset of the next read.
    var position: Int64 = 0

    /// Reads `count` bytes, `nil` at a clean end.
    mutating func read(_ count: Int) throws(ImageLayersError) -> [UInt8]? {
        if position >= file.size { return nil }
        guard position + Int64(count) <= file.size else {
            throw ImageLayersError(.notAnImage, "archive is truncated", context: file.path)
        }
        defer { position += Int64(count) }
        return try file.read(count, at: position)
    }

    /// Moves forward; the end of the file must not be passed.
    mutating func skip(_ count: Int64) throws(ImageLayersError) {
        guard position + count <= file.size else {
            throw ImageLayersError(.notAnImage, "archive is truncated inside a member", context: file.path)
        }
        position += count
    }
}

/// A compressed archive read through the layer decoder.
struct DecodedStream: ArchiveStream {
    /// The decoder.
    private let decoder: LayerDecoder
    /// The current decoded chunk.
    private var chunk: [UInt8] = []
    /// The next unread byte of `chunk`.
    private var index = 0
    /// Bytes consumed.
    private(set) var position: Int64 = 0
    /// The archive's path.
    private let path: String

    /// Starts decoding `file` from its first byte.
    init(file: OpenFile, compression: LayerCompression) {
        decoder = LayerDecoder(
            source: FileRangeReader(file, offset: 0, length: file.size), compression: compression, byteLimit: nil)
        path = file.path
    }

    /// Makes at least one byte available; `false` at the end.
    private mutating func fill() throws(ImageLayersError) -> Bool {
        if index < chunk.count { return true }
        let next: UnsafeRawBufferPointer
        do {
            next = try decoder.produce()
        } catch {
            throw error.within(path)
        }
        guard next.count > 0 else { return false }
        chunk = Array(next)
        index = 0
        return true
    }

    /// Reads `count` bytes, `nil` at a clean end.
    mutating func read(_ count: Int) throws(ImageLayersError) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            guard try fill() else {
                if result.isEmpty { return nil }
                throw ImageLayersError(.notAnImage, "archive is truncated", context: path)
            }
            let take = min(count - result.count, chunk.count - index)
            result += chunk[index..<(index + take)]
            index += take
        }
        position += Int64(count)
        return result
    }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int64) throws(ImageLayersError) {
        var left = count
        while left > 0 {
            guard try fill() else {
                throw ImageLayersError(.notAnImage, "archive is truncated inside a member", context: path)
            }
            let take = Int(min(left, Int64(chunk.count - index)))
            index += take
            left -= Int64(take)
        }
        position += count
    }

    /// Copies up to `buffer.count` bytes into `buffer`; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        guard try fill() else { return 0 }
        let take = min(buffer.count, chunk.count - index)
        chunk.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[index..<(index + take)]))
        }
        index += take
        position += Int64(take)
        return take
    }
}

/// One member of a compressed archive, streamed.
private final class StreamedMemberReader: BlobReader {
    /// The archive stream, positioned inside the member.
    private var stream: DecodedStream
    /// Member bytes left.
    private var remaining: Int64

    /// Reads `remaining` bytes from `stream`.
    init(stream: DecodedStream, remaining: Int64) {
        self.stream = stream
        self.remaining = remaining
    }

    /// Reads the member's next bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        if Task.isCancelled { throw ImageLayersError(.cancelled, "cancelled") }
        guard remaining > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        let count = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        guard count > 0 else { throw ImageLayersError(.badArchive, "archive ends inside a layer") }
        remaining -= Int64(count)
        return count
    }
}
