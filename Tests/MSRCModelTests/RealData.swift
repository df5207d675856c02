import Foundation
import Testing

/// The real MSRC files in `../shared/data/msrc` beside the package, read-only. Tests that need them skip with
/// a message when the folder (or `zstd`) is absent.
enum RealData {
    /// `…/shared/data/msrc`, computed from this file's location (`<package>/Tests/MSRCModelTests/…`).
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/msrc")

    /// The zstd tool the compressed documents need.
    static let zstd = "/usr/bin/zstd"

    /// Whether the folder holds the CVRF XML documents and zstd is installed.
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("cvrf-xml/2023-Jan.xml.zst").path)
            && FileManager.default.isExecutableFile(atPath: zstd)
    }

    /// Why real-data tests are skipped, for the test trait's comment.
    static let skipReason: Comment =
        "real MSRC data absent: needs ../shared/data/msrc beside the package and /usr/bin/zstd"

    /// The IDs of the compressed CVRF XML documents (`2023-Jan`), sorted.
    static func cvrfXMLIDs() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("cvrf-xml").path)
            .filter { $0.hasSuffix(".xml.zst") }.map { String($0.dropLast(".xml.zst".count)) }.sorted()
    }

    /// The decompressed bytes of `cvrf-xml/<id>.xml.zst`.
    static func cvrfXML(_ id: String) throws -> Data {
        try decompress(directory.appendingPathComponent("cvrf-xml/\(id).xml.zst"))
    }

    /// The decompressed bytes of `cvrf-json-reconstructed/<id>.json.zst`.
    static func cvrfJSON(_ id: String) throws -> Data {
        try decompress(directory.appendingPathComponent("cvrf-json-reconstructed/\(id).json.zst"))
    }

    /// The bytes of a file below the folder.
    static func file(_ path: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(path))
    }

    /// Runs `zstd -dc file` and returns its output.
    static func decompress(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zstd)
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DecompressionFailed(file: file.lastPathComponent, status: process.terminationStatus)
        }
        return data
    }

    /// `zstd` failed.
    struct DecompressionFailed: Error, CustomStringConvertible {
        let file: String
        let status: Int32
        var description: String { "zstd -dc \(file) exited with status \(status)" }
    }
}
