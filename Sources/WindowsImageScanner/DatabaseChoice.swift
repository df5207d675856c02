import Foundation
public import VulnDB

/// Which vulnerability database a scan matches against, chosen the way the example CLIs choose it: an explicit
/// path (`--db`), else `$WINSCAN_DB`, else `$XDG_DATA_HOME/winscan/msrc.sqlite` (``VulnDB/DatabaseLocation``);
/// when no path was chosen and nothing is at that default place, the bundled ``SampleDatabase``.
///
/// A chosen path is never replaced by the sample: opening a missing chosen database fails, so a typo in `--db`
/// cannot silently scan against the sample.
///
/// ```swift
/// let choice = DatabaseChoice(explicit: nil, environment: ProcessInfo.processInfo.environment)
/// if let warning = choice.warning { print("warning: \(warning)") }
/// let scanner = WindowsImageScanner(database: try await choice.open(), isSampleDatabase: choice.isSample)
/// ```
public enum DatabaseChoice: Sendable, Hashable {
    /// The database file at `path`: chosen (explicitly or by `$WINSCAN_DB`), or found at the default place.
    case file(path: String)
    /// No path chosen and no database at `missing` (the default place): the bundled sample, kept at `samplePath`.
    case sample(missing: String, samplePath: String)

    /// Chooses from an `explicit` path (a given but empty one still counts as chosen, and then resolves to the
    /// default place) and `environment` (`WINSCAN_DB`, `XDG_DATA_HOME`, `HOME`), looking on disk whether the
    /// default database exists.
    public init(explicit: String?, environment: [String: String]) {
        let path = DatabaseLocation.resolve(explicit: explicit, environment: environment)
        let chosen = explicit != nil || environment["WINSCAN_DB"].map { !$0.isEmpty } == true
        if chosen || FileManager.default.fileExists(atPath: path) {
            self = .file(path: path)
        } else {
            self = .sample(missing: path, samplePath: SampleDatabase.defaultPath(environment: environment))
        }
    }

    /// Whether the bundled sample is used (reports then say so).
    public var isSample: Bool {
        if case .sample = self { return true }
        return false
    }

    /// What a CLI should tell its user before scanning with the sample (without a tool-name prefix), or `nil`
    /// for a real database.
    public var warning: String? {
        guard case .sample(let missing, _) = self else { return nil }
        return "no vulnerability database at \(missing): using the bundled SAMPLE database "
            + "(a few real CVEs, not Microsoft's full data) — run `winscan db update` for real results"
    }

    /// Opens the database; the sample is built on first use (see ``SampleDatabase/open(at:)``).
    public func open() async throws(ScanError) -> VulnDatabase {
        switch self {
        case .file(let path):
            do {
                return try VulnDatabase(contentsOf: path)
            } catch {
                throw ScanError(.database, error.description)
            }
        case .sample(_, let samplePath):
            return try await SampleDatabase.open(at: samplePath)
        }
    }
}
