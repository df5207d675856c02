import ArgumentParser
import Foundation
import VulnDB
import WinscanShared

/// `winscan db`: the MSRC vulnerability database.
struct DatabaseCommand: ParsableCommand {
    /// The subcommands.
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Build, update, import and inspect the MSRC vulnerability database.",
        discussion: """
            The database is --db PATH, else $WINSCAN_DB, else $XDG_DATA_HOME/winscan/msrc.sqlite (or \
            ~/.local/share/winscan/msrc.sqlite).
            """,
        subcommands: [
            DatabaseBuild.self, DatabaseUpdate.self, DatabaseImport.self, DatabaseStatusCommand.self,
            DatabaseQuery.self, DatabaseMatch.self,
        ]
    )
}

/// The `--db` option every `db` subcommand takes.
struct DatabasePathOption: ParsableArguments {
    /// The database file.
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The database file (default: $WINSCAN_DB, else $XDG_DATA_HOME/winscan/msrc.sqlite).", valueName: "PATH"))
    var explicit: String?

    /// The path to use.
    var path: String {
        DatabaseLocation.resolve(explicit: explicit, environment: ProcessInfo.processInfo.environment)
    }
}

/// `winscan db build --from DIR|FILE... [--db PATH]`.
struct DatabaseBuild: AsyncParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the database from MSRC documents on disk (CVRF .xml/.json, optionally .zst; CSAF .json).",
        discussion: """
            Folders are read one level deep; a folder's updates-index.json must list only documents it holds. \
            The new database replaces the old one only when complete.
            """
    )

    /// The inputs.
    @Option(
        name: .customLong("from"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Folders or files of MSRC documents (repeatable; several may follow one --from).", valueName: "DIR|FILE"))
    var sources: [String] = []

    /// The database.
    @OptionGroup var database: DatabasePathOption

    /// Runs the build.
    func run() async throws {
        guard !sources.isEmpty else { throw CommandFailure("db build needs --from DIR|FILE...") }
        let report: BuildReport
        do {
            report = try await DatabaseBuilder().build(from: sources, into: database.path)
        } catch {
            throw CommandFailure(error.description)
        }
        func seconds(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return String(format: "%.2f", value)
        }
        Output.standard.line(
            "built \(report.status.path) from \(report.documents) document(s) in \(seconds(report.duration)) s "
                + "(decode \(seconds(report.phases.decode)) s, merge \(seconds(report.phases.merge)) s, "
                + "write \(seconds(report.phases.write)) s)")
        for skipped in report.skippedDuplicates {
            Output.standard.line("skipped \(skipped): another input holds the same document, as new or newer")
        }
        StatusText.print(report.status)
    }
}

/// `winscan db update [--db PATH] [--base-url URL]`.
struct DatabaseUpdate: AsyncParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch what changed from the MSRC API (only months whose CurrentReleaseDate moved) and rebuild.",
        discussion: """
            Fetched documents wait in a folder beside the database (PATH.cache) until the new database is in place: \
            an interrupted update continues where it stopped.
            """
    )

    /// The API.
    @Option(help: "The MSRC API base URL.")
    var baseURL = DatabaseUpdater.defaultBaseURL

    /// The database.
    @OptionGroup var database: DatabasePathOption

    /// Runs the update.
    func run() async throws {
        let report: UpdateReport
        do {
            report = try await DatabaseUpdater(baseURL: baseURL).update(database.path)
        } catch {
            throw CommandFailure(error.description)
        }
        if report.indexNotModified {
            Output.standard.line("the updates index has not changed: the database is current")
        } else if !report.rebuilt {
            Output.standard.line("no document changed: the database is current")
        } else {
            func list(_ ids: [String]) -> String { ids.isEmpty ? "" : " (" + ids.joined(separator: ", ") + ")" }
            Output.standard.line(
                "fetched \(report.fetched.count)\(list(report.fetched)), not modified \(report.notModified.count)"
                    + "\(list(report.notModified)), resumed \(report.resumed.count)\(list(report.resumed)), "
                    + "unchanged \(report.unchanged)")
        }
        StatusText.print(report.status)
    }
}

/// `winscan db import FILE [--sha256 HEX] [--db PATH]`.
struct DatabaseImport: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Install a prebuilt database file, checksum verified (--sha256, or FILE.sha256 beside it).")

    /// The file.
    @Argument(help: "The prebuilt database file.")
    var file: String

    /// The expected checksum.
    @Option(help: "The expected SHA-256 (hex); default: the first word of FILE.sha256.")
    var sha256: String?

    /// The database.
    @OptionGroup var database: DatabasePathOption

    /// Runs the import.
    func run() throws {
        let status: DatabaseStatus
        do {
            status = try DatabaseImporter().importDatabase(from: file, sha256: sha256, into: database.path)
        } catch {
            throw CommandFailure(error.description)
        }
        Output.standard.line("imported \(file) (SHA-256 verified)")
        StatusText.print(status)
    }
}

/// `winscan db status [--db PATH] [--json]`.
struct DatabaseStatusCommand: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the database's schema version, build date and age, counts and newest document.")

    /// JSON output.
    @Flag(help: "Print JSON.")
    var json = false

    /// The database.
    @OptionGroup var database: DatabasePathOption

    /// Prints the status.
    func run() throws {
        let status: DatabaseStatus
        do {
            status = try VulnDatabase(contentsOf: database.path).status()
        } catch {
            throw CommandFailure(error.description)
        }
        if json {
            Output.standard.line(try StatusText.json(status))
        } else {
            StatusText.print(status)
        }
    }
}

/// `winscan db query --product ID... [--count]` (hidden): load what affects products, timed in-process.
struct DatabaseQuery: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Load everything affecting products and report the time it took (a benchmark aid).",
        shouldDisplay: false)

    /// The products.
    @Option(name: .customLong("product"), help: "A product ID (repeatable), e.g. 11924.")
    var products: [String] = []

    /// Counts only.
    @Flag(help: "Print counts and timings only.")
    var count = false

    /// Leave compound products out.
    @Flag(help: "Do not include compound products (12079-11923 for 11923).")
    var noCompounds = false

    /// Repetitions.
    @Option(help: "Load this many times and report the fastest too.")
    var `repeat` = 1

    /// The database.
    @OptionGroup var database: DatabasePathOption

    /// Runs the query.
    func run() throws {
        guard !products.isEmpty else { throw CommandFailure("db query needs --product ID") }
        let clock = ContinuousClock()
        var fastest = Duration.seconds(3600)
        var first: (open: Duration, load: Duration)?
        var advisories: ProductAdvisories?
        do {
            for _ in 0..<max(1, `repeat`) {
                let start = clock.now
                let opened = try VulnDatabase(contentsOf: database.path)
                let openedAt = clock.now
                advisories = try opened.advisories(affecting: products, includingCompoundProducts: !noCompounds)
                let end = clock.now
                if first == nil { first = (openedAt - start, end - openedAt) }
                fastest = min(fastest, end - start)
            }
        } catch {
            throw CommandFailure(error.description)
        }
        guard let advisories, let first else { return }
        if !count {
            for status in advisories.statuses {
                let fixes = advisories.remediations.filter {
                    $0.cve == status.cve && $0.isFix && $0.productIDs.contains(status.productID)
                }.map { fix in "KB\(fix.kb ?? 0)" + (fix.fixedBuild.map { " \($0)" } ?? "") }
                Output.standard.line(
                    "\(status.cve)\t\(status.productID)\t\(status.severity?.rawValue ?? "-")\t"
                        + (fixes.isEmpty ? "no fix" : fixes.joined(separator: ", ")))
            }
        }
        let fixes = advisories.remediations.filter(\.isFix).count
        Output.standard.line(
            "products \(advisories.products.count), vulnerabilities \(advisories.vulnerabilities.count), "
                + "statuses \(advisories.statuses.count), remediations \(advisories.remediations.count) "
                + "(fixes \(fixes)), supersedence edges \(advisories.supersedence.edgeCount)")
        Output.standard.line(
            "open \(Self.milliseconds(first.open)) ms, load \(Self.milliseconds(first.load)) ms, total "
                + "\(Self.milliseconds(first.open + first.load)) ms"
                + (`repeat` > 1 ? "; fastest of \(`repeat`): \(Self.milliseconds(fastest)) ms" : ""))
    }

    /// Milliseconds with two decimals.
    static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f", value)
    }
}

/// Prints a database status.
enum StatusText {
    /// The human-readable status.
    static func print(_ status: DatabaseStatus) {
        let counts = status.counts
        let rows: [(String, String)] = [
            ("database", status.path),
            ("schema version", String(status.metadata.schemaVersion)),
            ("built at", timestamp(status.builtAt) + " (" + age(status.age()) + " ago)"),
            ("builder", "VulnDB " + status.metadata.builderVersion),
            ("last checked", status.metadata.checkedAt.map(timestamp) ?? "never"),
            (
                "newest document",
                status.newestDocument.map { "\($0.id), republished \($0.currentReleaseDate.map(timestamp) ?? "?")" }
                    ?? "none"
            ),
            (
                "latest month",
                status.latestMonth.map { "\($0.id), released \($0.initialReleaseDate.map(timestamp) ?? "?")" } ?? "none"
            ),
            ("documents", String(counts.documents)),
            ("CVEs", String(counts.vulnerabilities)),
            ("products", String(counts.products)),
            ("product statuses", String(counts.productStatuses)),
            ("remediations", String(counts.remediations)),
            ("fix rows", String(counts.fixes)),
            ("KBs", String(counts.kbs)),
            ("supersedence edges", String(counts.supersedenceEdges)),
        ]
        for (label, value) in rows {
            Output.standard.line((label + ":").padding(toLength: 20, withPad: " ", startingAt: 0) + value)
        }
    }

    /// The status as one JSON object.
    static func json(_ status: DatabaseStatus) throws -> String {
        struct Document: Encodable {
            let id: String
            let initialReleaseDate: Date?
            let currentReleaseDate: Date?
        }
        struct Status: Encodable {
            let path: String
            let schemaVersion: Int
            let builtAt: Date
            let ageSeconds: Int
            let builderVersion: String
            let checkedAt: Date?
            let newestDocument: Document?
            let latestMonth: Document?
            let counts: DatabaseStatus.Counts
        }
        func document(_ record: DocumentRecord?) -> Document? {
            record.map {
                Document(
                    id: $0.id, initialReleaseDate: $0.initialReleaseDate, currentReleaseDate: $0.currentReleaseDate)
            }
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let value = Status(
            path: status.path, schemaVersion: status.metadata.schemaVersion, builtAt: status.builtAt,
            ageSeconds: Int(status.age().rounded()), builderVersion: status.metadata.builderVersion,
            checkedAt: status.metadata.checkedAt, newestDocument: document(status.newestDocument),
            latestMonth: document(status.latestMonth), counts: status.counts)
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// ISO 8601 in UTC.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// `3 days`, `5 hours`, `12 minutes`, `40 seconds`.
    static func age(_ seconds: TimeInterval) -> String {
        let value = max(0, Int(seconds))
        if value >= 2 * 86_400 { return "\(value / 86_400) days" }
        if value >= 2 * 3600 { return "\(value / 3600) hours" }
        if value >= 120 { return "\(value / 60) minutes" }
        return "\(value) seconds"
    }
}
