import Foundation
import ImageLayers
import TestSupport
import Testing

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
