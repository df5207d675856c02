import Foundation
import ImageLayers
import TestSupport
import Testing

/// A temporary folder for the files a test writes, removed when released.
final class Scratch {
    /// The folder.
    let url: URL

    /// Makes a new folder.
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("imagelayers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` at `relative` (folders created) and returns the full path.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes every file of an OCI layout under `folder` and returns the folder's path.
    func writeLayout(_ files: [String: [UInt8]], in folder: String) throws -> String {
        for (path, bytes) in files { try write(folder + "/" + path, bytes) }
        return url.appendingPathComponent(folder).path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The real files in `../shared/data`, when present.
enum SharedData {
    /// `../shared/data` beside the checkout.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Whether the folder is there.
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// A path inside it.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// Skips a test when `../shared/data` is absent.
let requiresSharedData = Testing.ConditionTrait.enabled(
    if: SharedData.isAvailable, "../shared/data (real Windows image material) is not beside the checkout")

/// What a read image looks like, reduced to comparable facts.
struct ImageFacts: Equatable, CustomStringConvertible {
    /// Per layer: diff-id, selected paths with the sha256 of their data, and deletions.
    let layers: [[String]]
    /// The config's os.version.
    let osVersion: String?

    /// Reduces contents to facts.
    init(_ contents: ImageContents) {
        osVersion = contents.image.config.osVersion
        layers = contents.layers.map { layer in
            [layer.diffID.description]
                + layer.files.map { "\($0.path) \(Digest.sha256(of: $0.data).short)" }.sorted()
                + layer.deletions.map { "deleted \($0)" }
        }
    }

    /// For failure messages.
    var description: String { "\(osVersion ?? "-") \(layers)" }
}
