import Foundation
import Testing

/// The real MSRC files in `../shared/data/msrc` beside the package, read-only. Tests that need them skip with
/// a message when the folder is absent.
enum RealData {
    /// `…/shared/data/msrc`, computed from this file's location (`<package>/Tests/VulnDBTests/Support/…`).
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/msrc")

    /// The folder of compressed CVRF XML months.
    static var cvrfXML: String { directory.appendingPathComponent("cvrf-xml").path }

    /// Whether the real documents are there.
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: cvrfXML + "/2023-Jan.xml.zst")
    }

    /// Why real-data tests are skipped.
    static let skipReason: Comment = "real MSRC data absent: needs ../shared/data/msrc beside the package"

    /// The path of one real month (`2023-Jan` → `…/cvrf-xml/2023-Jan.xml.zst`).
    static func month(_ id: String) -> String { cvrfXML + "/\(id).xml.zst" }

    /// The path of a file below the folder.
    static func file(_ path: String) -> String { directory.appendingPathComponent(path).path }

    /// The months most tests build from: Windows Server 2022 facts (2023-Jan, 2024-Mar's hotpatch, 2026-Jan),
    /// an empty shell (2017-May-B) and a Mariner document (1999-Sep).
    static let sampleMonths = ["1999-Sep", "2017-May-B", "2023-Jan", "2024-Mar", "2026-Jan"]

    /// Copies `months` (compressed) into `folder`, with an updates index listing exactly them, as the real
    /// index has them.
    static func stage(_ months: [String], in folder: String) throws {
        for month in months {
            try FileManager.default.copyItem(atPath: Self.month(month), toPath: folder + "/\(month).xml.zst")
        }
        try writeIndex(months, to: folder + "/updates-index.json")
    }

    /// Writes the real updates index, reduced to `months`, to `path`; `dates` overrides CurrentReleaseDates.
    static func writeIndex(_ months: [String], to path: String, dates: [String: String] = [:]) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: cvrfXML + "/updates-index.json"))
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = object["value"] as? [[String: Any]]
        else { throw StagingFailed(reason: "the real updates index is not an object with a value array") }
        object["value"] = entries.filter { months.contains($0["ID"] as? String ?? "") }.map { entry in
            var entry = entry
            if let id = entry["ID"] as? String, let date = dates[id] { entry["CurrentReleaseDate"] = date }
            return entry
        }
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    /// Staging the real data failed.
    struct StagingFailed: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}

/// Skips a test when the real MSRC data is absent.
let requiresRealData = Testing.ConditionTrait.enabled(if: RealData.isAvailable, RealData.skipReason)
