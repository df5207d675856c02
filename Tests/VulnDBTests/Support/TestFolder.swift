import Crypto
import Foundation
import Testing

/// A temporary folder removed when the value is released.
final class TestFolder {
    /// The folder.
    let url: URL

    /// The folder's path.
    var path: String { url.path }

    /// Creates a new empty folder.
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vulndb-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` (creating subfolders) and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    /// Creates the subfolder `name` and returns its path.
    func folder(_ name: String) throws -> String {
        let folder = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    /// The names in the folder (or a subfolder), sorted.
    func names(in subfolder: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: subfolder.map(file) ?? path).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// File helpers.
enum Files {
    /// The bytes of `path`.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The lowercase hex SHA-256 of the file at `path`.
    static func sha256(_ path: String) throws -> String {
        SHA256.hash(data: try bytes(path)).map { String(format: "%02x", $0) }.joined()
    }
}
