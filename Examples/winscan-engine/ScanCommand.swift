import ArgumentParser
import Foundation
import ImageLayers
import PolicyKit
import ReportKit
import VulnDB
import WindowsImageScanner
import WinscanShared

#if canImport(Glibc)
import Glibc
#endif

/// `winscan scan SOURCE`: scan an image and write its report in one or several formats.
struct ScanCommand: AsyncParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a Windows container image for Microsoft vulnerabilities.",
        discussion: """
            SOURCE is docker-archive:PATH, oci-archive:PATH[:TAG], oci-dir:PATH[:TAG], registry:REF, daemon:REF, or a \
            bare path or registry reference.

            Exit status: 0 the policy passed (or only warned), 1 the policy failed (or warned, with --fail-on-warn), \
            2 an error — unreadable image, unreachable registry, bad input, or an image whose Windows cannot be \
            identified (its report is still written, and says why).

            The database is --db PATH, else $WINSCAN_DB, else $XDG_DATA_HOME/winscan/msrc.sqlite (see `winscan db`). \
            When none of them exists, the bundled sample database is used, with a warning on stderr and in every report.

            Without --ignore-file, a .winscanignore in the current folder is read when present.
            """)

    /// The image.
    @Argument(help: "The image to scan.")
    var source: String

    /// Formats.
    @Option(
        name: .customLong("format"),
        help: ArgumentHelp(
            "Report format (repeatable): json, table, sarif, cyclonedx, openvex, html, pdf, junit, markdown.",
            valueName: "FORMAT"))
    var formats: [String] = []

    /// Outputs.
    @Option(
        name: .customLong("output"),
        help: ArgumentHelp(
            "Where the matching --format goes (repeatable; a format without one goes to stdout).", valueName: "FILE"))
    var outputs: [String] = []

    /// --fail-on.
    @Option(
        help: "Fail (exit 1) when a finding of this severity or higher is not suppressed: critical|high|medium|low.")
    var failOn: String?

    /// --fail-on-warn.
    @Flag(help: "Treat a `warn` verdict as failing (exit 1).")
    var failOnWarn = false

    /// --policy.
    @Option(help: "A policy file (YAML or JSON; see docs/policy.md).")
    var policy: String?

    /// --ignore-file.
    @Option(name: .customLong("ignore-file"), help: "A .winscanignore-style file of CVEs/KBs to suppress (repeatable).")
    var ignoreFiles: [String] = []

    /// --vex.
    @Option(
        name: .customLong("vex"), help: "An OpenVEX document whose not_affected/fixed statements suppress (repeatable)."
    )
    var vexFiles: [String] = []

    /// --db.
    @Option(name: .customLong("db"), help: ArgumentHelp("The vulnerability database.", valueName: "PATH"))
    var databasePath: String?

    /// --platform.
    @Option(help: "The platform to take from a multi-platform image.")
    var platform = "windows/amd64"

    /// Registry user.
    @Option(help: "Registry user name (with --password-stdin).")
    var username: String?

    /// Password on stdin.
    @Flag(help: "Read the registry password from standard input.")
    var passwordStdin = false

    /// Plain HTTP.
    @Flag(help: "Talk to the registry over plain HTTP (for a local registry on 127.0.0.1).")
    var plainHTTP = false

    /// Foreign layer hosts.
    @Option(help: "A host foreign (non-distributable) layers may be fetched from (repeatable).")
    var allowForeignHost: [String] = []

    /// Daemon socket.
    @Option(help: "The Docker-compatible API for daemon: sources (unix:///path/to.sock; default $DOCKER_HOST).")
    var host: String?

    /// Cache folder.
    @Option(help: "The cache folder: layer facts and match results (default $XDG_CACHE_HOME/winscan/layers).")
    var cacheDir: String?

    /// No cache.
    @Flag(help: "Neither read nor write the cache (layer facts and match results).")
    var noCache = false

    /// Quiet.
    @Flag(name: .shortAndLong, help: "Print no progress and no warnings on stderr (errors still).")
    var quiet = false

    /// No progress.
    @Flag(help: "Never draw the progress bar.")
    var noProgress = false

    /// Force progress.
    @Flag(help: "Print progress on stderr even when it is not a terminal.")
    var progress = false

    /// Debug.
    @Flag(help: "Print details on stderr: database, cache counters, timings.")
    var debug = false

    /// Runs the scan.
    func run() async throws {
        let outputs = try ReportOutputs(formats: formats, outputs: self.outputs)
        let evaluator = try loadPolicy()
        guard let wanted = Platform(platform) else { throw CommandFailure("bad --platform \(platform): use os/arch") }
        let imageSource = try openSource()
        let choice = DatabaseChoice(explicit: databasePath, environment: ProcessInfo.processInfo.environment)
        // The sample notice is printed with the results, not before: a scan that ends in an error prints that alone.
        let sampleNotice = choice.warning
        let database: VulnDatabase
        do {
            database = try await choice.open()
        } catch {
            throw CommandFailure(error.description)
        }
        let isSample = choice.isSample
        // Layer facts and match results share the folder; each cache counts and bounds only its own files.
        let cache: DiskLayerCache?
        let matchCache: DiskMatchCache?
        do {
            let folder = cacheDir ?? DiskLayerCache.defaultDirectory()
            cache = noCache ? nil : try DiskLayerCache(directory: folder)
            matchCache = noCache ? nil : try DiskMatchCache(directory: folder)
        } catch {
            throw CommandFailure(error.description)
        }
        var options = ScanOptions()
        options.platform = wanted
        options.reference = source
        options.scanner = ScanReport.Scanner(name: "winscan", version: Winscan.version)
        let scanner = WindowsImageScanner(
            database: database, isSampleDatabase: isSample, cache: cache, matchCache: matchCache, policy: evaluator)
        let drawsProgress = !quiet && !noProgress && (progress || isatty(2) == 1)
        let bar = ProgressLine(enabled: drawsProgress)
        let started = ContinuousClock.now
        let report: ScanReport
        do {
            report = try await scanner.scan(imageSource, options: options) { bar.show($0) }
        } catch {
            bar.clear()
            throw CommandFailure(error.description)
        }
        bar.clear()
        if debug {
            Output.error("winscan: database \(database.path)\(isSample ? " (sample)" : "")")
            if let cache {
                let counts = await cache.statistics()
                Output.error(
                    "winscan: layer cache hits \(counts.hits), misses \(counts.misses), stores \(counts.stores), "
                        + "evictions \(counts.evictions)")
            }
            if let matchCache {
                let counts = await matchCache.statistics()
                Output.error(
                    "winscan: match cache hits \(counts.hits), misses \(counts.misses), stores \(counts.stores), "
                        + "evictions \(counts.evictions)")
            }
            Output.error("winscan: scanned in \(ContinuousClock.now - started)")
        }
        try outputs.write(report, colourOnTerminal: true)
        Output.standard.flush()
        // An error is one line on stderr: the report written above carries the warnings of an unidentified image.
        guard report.windows.identified else {
            throw CommandFailure(
                "could not identify Windows in \(source): \(report.windows.unidentifiedReason ?? "unknown reason")")
        }
        if !quiet {
            if let sampleNotice { Output.error("winscan: warning: \(sampleNotice)") }
            for warning in report.warnings where warning != SampleDatabase.warning || !isSample {
                Output.error("winscan: warning: \(warning)")
            }
        }
        switch report.policy.verdict {
        case .pass: return
        case .warn: if failOnWarn { throw ExitCode(1) }
        case .fail: throw ExitCode(1)
        }
    }

    /// The policy file, --fail-on, and the suppressions.
    private func loadPolicy() throws(CommandFailure) -> PolicyEvaluator {
        do {
            var base = try policy.map { path throws(PolicyError) in try Policy.load(contentsOf: path) } ?? .default
            if let failOn {
                let extra = try Policy.failOn(severity: failOn)
                base = try Policy(name: base.name, rules: base.rules + extra.rules, allowlist: base.allowlist)
            }
            var ignores = ignoreFiles
            if ignores.isEmpty && FileManager.default.fileExists(atPath: ".winscanignore") {
                ignores = [".winscanignore"]
            }
            let vex = try vexFiles.map { path throws(PolicyError) in try OpenVEXDocument.load(contentsOf: path) }
            let ignored = try ignores.map { path throws(PolicyError) in try IgnoreFile.load(contentsOf: path) }
            return PolicyEvaluator(policy: base, vex: vex, ignoreFiles: ignored)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The image source, with registry options.
    private func openSource() throws(CommandFailure) -> any ImageSource {
        var credentials: RegistryCredentials?
        if passwordStdin {
            guard let username else { throw CommandFailure("--password-stdin needs --username") }
            let password = readLine(strippingNewline: true) ?? ""
            credentials = RegistryCredentials(username: username, password: password)
        } else if username != nil {
            throw CommandFailure("--username needs --password-stdin (passwords never go on the command line)")
        }
        do {
            let options = RegistryOptions(
                plainHTTP: plainHTTP, credentials: credentials, allowedForeignHosts: Set(allowForeignHost))
            return try SourceReference(parsing: source).open(registry: options, daemonHost: host)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// One line of progress on stderr, redrawn in place.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var finished = 0
    private var total = 0
    private var bytesDone: Int64 = 0
    private var bytesTotal: Int64 = 0
    private var cached = 0
    private var drawn = false

    /// A progress line, drawn only when `enabled`.
    init(enabled: Bool) { self.enabled = enabled }

    /// Shows `event`.
    func show(_ event: ScanEvent) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let text: String
        switch event {
        case .resolving(let reference): text = "resolving \(reference)"
        case .resolved(let layers, let bytes):
            total = layers
            bytesTotal = bytes
            text = "\(layers) layers, \(Self.megabytes(bytes))"
        case .layerStarted(let index, let count, _): text = "layer \(index + 1)/\(count) reading… \(summary)"
        case .layerFinished(_, _, let bytes, let fromCache):
            finished += 1
            bytesDone += bytes
            if fromCache { cached += 1 }
            text = "layers \(finished)/\(total) \(summary)"
        case .phase(let phase): text = phase.rawValue + "…"
        }
        let line = "\r\u{1B}[2K" + text
        line.utf8CString.withUnsafeBufferPointer { raw in _ = write(2, raw.baseAddress, raw.count - 1) }
        drawn = true
    }

    /// Clears the line.
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard drawn else { return }
        "\r\u{1B}[2K".utf8CString.withUnsafeBufferPointer { raw in _ = write(2, raw.baseAddress, raw.count - 1) }
        drawn = false
    }

    private var summary: String {
        "[\(Self.megabytes(bytesDone)) / \(Self.megabytes(bytesTotal))]" + (cached > 0 ? " (\(cached) cached)" : "")
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
