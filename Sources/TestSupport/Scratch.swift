public import Foundation

/// A temporary folder for the files a test writes, removed when released.
public final class Scratch {
    /// The folder.
    public let url: URL

    /// Makes a new folder.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("imagelayers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` at `relative` (folders created) and returns the full path.
    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes every file of an OCI layout under `folder` and returns the folder's path.
    public func writeLayout(_ files: [String: [UInt8]], in folder: String) throws -> String {
        for (path, bytes) in files { try write(folder + "/" + path, bytes) }
        return url.appendingPathComponent(folder).path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
