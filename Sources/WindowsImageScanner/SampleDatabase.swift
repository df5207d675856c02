public import Foundation
public import VulnDB

/// The bundled sample database: a dozen real CVEs for Windows Server 2019, 2022 and 2025 (2022-Jan to
/// 2026-Feb) in small monthly CVRF documents the project writes itself from MSRC's public data
/// (`scripts/make-sample-msrc.py`), built into a database on first use. It lets a first scan run without network;
/// it is not Microsoft's full data, and every report made with it says so.
public enum SampleDatabase {
    /// The warning every report and the CLI print when the sample is in use.
    public static let warning =
        "SAMPLE DATABASE: matched against winscan's bundled sample (12 CVEs, up to 2026-Feb), not Microsoft's "
        + "full data; run `winscan db update` (or `db build`/`db import`) for real results"

    /// The newest sample month.
    public static var newestMonth: String { documents.last?.id ?? "" }

    /// The default place of the built sample: `$XDG_DATA_HOME/winscan/sample-msrc.sqlite` (or
    /// `~/.local/share/winscan/…`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let data =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return data + "/winscan/sample-msrc.sqlite"
    }

    /// Builds the sample database at `path` unless a readable one is there; returns it opened.
    public static func open(at path: String) async throws(ScanError) -> VulnDatabase {
        if let existing = try? VulnDatabase(contentsOf: path),
            (try? existing.identity().documents) == documents.count
        {
            return existing
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "winscan-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            for document in documents {
                try Data(document.xml.utf8).write(to: folder.appendingPathComponent("\(document.id).xml"))
            }
        } catch {
            throw ScanError(.database, "\(path): cannot write the sample database (\(error.localizedDescription))")
        }
        do {
            _ = try await DatabaseBuilder().build(from: [folder.path], into: path)
            return try VulnDatabase(contentsOf: path)
        } catch {
            throw ScanError(.database, error.description)
        }
    }
}
