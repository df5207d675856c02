#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files of an image layout, wherever they are: a folder, or the members of an archive.
protocol LayoutStorage: Sendable {
    /// How the storage was named, for errors.
    var path: String { get }
    /// Whether a file exists.
    func contains(_ path: String) -> Bool
    /// A small file's bytes.
    func contents(of path: String) throws(ImageLayersError) -> [UInt8]
    /// A reader of a file from its start.
    func open(_ path: String) throws(ImageLayersError) -> any BlobReader
    /// The size of a file, if it exists.
    func size(of path: String) -> Int64?
}

extension OuterArchive: LayoutStorage {
    /// A small member's bytes (16 MiB at most).
    func contents(of path: String) throws(ImageLayersError) -> [UInt8] {
        try contents(of: path, limit: OuterArchive.metadataLimit)
    }

    /// The size of a member.
    func size(of path: String) -> Int64? { member(path)?.size }
}

/// A folder on disk.
struct FolderStorage: LayoutStorage {
    /// The folder.
    let path: String

    /// Opens a folder, which must exist.
    init(path: String) throws(ImageLayersError) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ImageLayersError(.unreadable, "not a folder", context: path)
        }
        self.path = path
    }

    /// The full path of a file.
    private func full(_ relative: String) -> String { path + "/" + relative }

    /// Whether the file exists.
    func contains(_ relative: String) -> Bool { size(of: relative) != nil }

    /// The file's size.
    func size(of relative: String) -> Int64? {
        var info = stat()
        guard stat(full(relative), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The file's bytes (16 MiB at most).
    func contents(of relative: String) throws(ImageLayersError) -> [UInt8] {
        guard contains(relative) else { throw ImageLayersError(.missingBlob, "no \(relative)", context: path) }
        let file = try OpenFile(full(relative))
        guard file.size <= Int64(OuterArchive.metadataLimit) else {
            throw ImageLayersError(
                .tooLarge, "\(relative) is larger than \(OuterArchive.metadataLimit) bytes", context: path)
        }
        return try file.read(Int(file.size), at: 0)
    }

    /// A reader of the file.
    func open(_ relative: String) throws(ImageLayersError) -> any BlobReader {
        guard contains(relative) else { throw ImageLayersError(.missingBlob, "no \(relative)", context: path) }
        let file = try OpenFile(full(relative))
        return FileRangeReader(file, offset: 0, length: file.size)
    }
}
