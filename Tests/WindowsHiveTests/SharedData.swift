import Foundation
import Testing

/// Access to the real files in `../shared/data` beside the checkout; tests that need them skip when absent.
enum SharedData {
    /// `../shared/data`, found from this source file's location.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Whether the folder is there.
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// The path of a file inside the folder.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The bytes of an `.xz`-compressed file, decompressed with `/usr/bin/xz`; `nil` when xz is missing.
    static func decompressedXZ(_ relative: String) throws -> [UInt8]? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xz") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xz")
        process.arguments = ["-dc", path(relative)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }
}

/// The trait that skips a test when `../shared/data` is absent, saying so.
let requiresSharedData = Testing.ConditionTrait.enabled(
    if: SharedData.isAvailable, "../shared/data (real hives) is not beside the checkout")
