import Foundation
import TestSupport
import Testing

/// Runs `scripts/validate-report.py` on rendered documents. Tests that need it are enabled only when the shared
/// schemas sit beside the package and `python3` has `jsonschema` and `referencing`; otherwise they are skipped
/// with ``skipReason`` — except on CI (`CI=true`), where a missing Python module fails the tests instead of
/// silently skipping them.
enum SchemaValidator {
    /// The package root, from this file's location (`<package>/Tests/ReportKitTests/…`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The validation script.
    static let script = packageRoot.appendingPathComponent("scripts/validate-report.py").path

    /// `../shared/data/schemas` beside the package.
    static let sharedSchemas = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/schemas")

    /// Whether the schemas are there, and the Python modules too (or this is CI, where they must be).
    static let isAvailable: Bool = {
        guard FileManager.default.fileExists(atPath: sharedSchemas.appendingPathComponent("bom-1.6.schema.json").path)
        else { return false }
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        let probe = try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import jsonschema, referencing"])
        return probe?.status == 0
    }()

    /// Why schema tests are skipped.
    static let skipReason: Comment =
        "schema validation skipped: needs ../shared/data/schemas beside the package and python3 with jsonschema"

    /// What the validator said about one document.
    struct Outcome: Sendable {
        /// The script's exit status: 0 valid, 1 invalid, 2 usage or set-up error.
        let status: Int32
        /// What it printed.
        let output: String
    }

    /// Writes `bytes` to a temporary file and validates it as `kind` (`report`, `sarif`, `cyclonedx`, `openvex`).
    static func validate(_ kind: String, _ bytes: [UInt8], name: String = "document.json") throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("reportkit-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        let result = try ChildProcess.run("/usr/bin/env", ["python3", script, kind, file.path])
        return Outcome(status: result.status, output: result.output + result.error)
    }
}
