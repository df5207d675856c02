import ArgumentParser
import Foundation
import ImageLayers
import PolicyKit
import ReportKit
import VulnDB
import WindowsImageScanner

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `scanning-inspector`: a drop-in replacement for Sysdig's retired Windows legacy inspector, with its
/// single-dash flags, on top of the winscan SDK. The JSON report is winscan's, the PDF is ReportKit's.
///
/// Exit codes, as the legacy tool: 0 the policy passed, 1 it failed, 2 an error (one line on stderr).
@main
struct ScanningInspector: AsyncParsableCommand {
    /// The command's name, help and help flags (`-h`, `-help`, `--help`).
    static let configuration = CommandConfiguration(
        commandName: "scanning-inspector",
        abstract: "Scan a Windows container image for Microsoft vulnerabilities (legacy inspector flags).",
        discussion: """
            A drop-in replacement for the Windows legacy inspector: the same flags, winscan's scanner underneath.

            The policy is one fail rule combining the conditions given: -min_severity S (severity at least S), \
            -fix_available (a fix exists) and -min_days_fix N (the fix was released at least N days ago). With \
            none of them every scan passes.

            The database is -db PATH, else $WINSCAN_DB, else $XDG_DATA_HOME/winscan/msrc.sqlite; when none of \
            them exists, winscan's bundled SAMPLE database is used, with a warning on stderr and in the report.

            Exit status: 0 the policy passed, 1 it failed, 2 an error (bad flags, unreadable image, Windows not \
            identified), with one line on stderr.
            """,
        version: "scanning-inspector \(ScanningInspector.version)",
        helpNames: [.customShort("h"), .customLong("help", withSingleDash: true), .long]
    )

    /// The tool's version.
    static let version = "0.1.0"

    /// `-t`.
    @Option(
        name: .customShort("t"),
        help: ArgumentHelp(
            "Image source: tar (a `docker save` archive), daemon (the local Docker-compatible daemon) or pull "
                + "(a registry).", valueName: "tar|daemon|pull"))
    var sourceType: ImageSourceType

    /// `-i`, `-image_identifier`.
    @Option(
        name: [.customShort("i"), .customLong("image_identifier", withSingleDash: true)],
        help: ArgumentHelp("The archive's path (-t tar) or the image reference (daemon, pull).", valueName: "VALUE"))
    var imageIdentifier: String

    /// `-f`, `-output_format`.
    @Option(
        name: [.customShort("f"), .customLong("output_format", withSingleDash: true)],
        help: ArgumentHelp("Report format.", valueName: "pdf|json"))
    var outputFormat: InspectorOutputFormat = .json

    /// `-o`, `-output`.
    @Option(
        name: [.customShort("o"), .customLong("output", withSingleDash: true)],
        help: ArgumentHelp("Where the report goes (default: standard output; required with -f pdf).", valueName: "PATH")
    )
    var output: String?

    /// `-min_severity`.
    @Option(
        name: .customLong("min_severity", withSingleDash: true),
        help: ArgumentHelp("Fail on findings of this severity or higher.", valueName: "low|medium|high|critical"))
    var minSeverity: String?

    /// `-min_days_fix`.
    @Option(
        name: .customLong("min_days_fix", withSingleDash: true),
        help: ArgumentHelp("Fail only on findings whose fix was released at least N days ago.", valueName: "N"))
    var minDaysFix: Int?

    /// `-fix_available`.
    @Flag(
        name: .customLong("fix_available", withSingleDash: true),
        help: "Fail only on findings that have a fix.")
    var fixAvailable = false

    /// `-db`.
    @Option(
        name: .customLong("db", withSingleDash: true),
        help: ArgumentHelp("The vulnerability database (see `winscan db`).", valueName: "PATH"))
    var databasePath: String?

    /// `-host`.
    @Option(
        name: .customLong("host", withSingleDash: true),
        help: ArgumentHelp(
            "The Docker-compatible API for -t daemon (default $DOCKER_HOST, else /var/run/docker.sock).",
            valueName: "unix:///path.sock"))
    var host: String?

    /// `-plain_http`.
    @Flag(
        name: .customLong("plain_http", withSingleDash: true),
        help: "Talk to the registry over plain HTTP (-t pull from a local registry on 127.0.0.1).")
    var plainHTTP = false

    /// Checks the flags that depend on each other before anything is read.
    func validate() throws {
        if outputFormat == .pdf && output == nil {
            throw ValidationError("-f pdf needs -o PATH: a PDF is not written to standard output")
        }
        if imageIdentifier.isEmpty { throw ValidationError("-i must not be empty") }
    }

    /// Scans the image, writes the report, and exits 1 when the policy failed.
    func run() async throws {
        let policy: PolicyEvaluator
        do {
            policy = PolicyEvaluator(
                policy: try Policy.sysdigCompatible(
                    minSeverity: minSeverity, fixAvailable: fixAvailable, minDaysFix: minDaysFix))
        } catch {
            throw InspectorFailure(error.description)
        }
        let source: any ImageSource
        do {
            source = try sourceType.reference(for: imageIdentifier).open(
                registry: RegistryOptions(plainHTTP: plainHTTP), daemonHost: host)
        } catch {
            throw InspectorFailure(error.description)
        }
        let choice = DatabaseChoice(explicit: databasePath, environment: ProcessInfo.processInfo.environment)
        let report: ScanReport
        do {
            let scanner = WindowsImageScanner(
                database: try await choice.open(), isSampleDatabase: choice.isSample, policy: policy)
            var options = ScanOptions()
            options.reference = imageIdentifier
            options.scanner = ScanReport.Scanner(name: "scanning-inspector", version: Self.version)
            report = try await scanner.scan(source, options: options)
        } catch {
            throw InspectorFailure(error.description)
        }
        try write(report)
        guard report.windows.identified else {
            throw InspectorFailure(
                "could not identify Windows in \(imageIdentifier): "
                    + (report.windows.unidentifiedReason ?? "unknown reason"))
        }
        // Warnings only once the scan succeeded, so that an error stays one line on stderr.
        if let warning = choice.warning { StandardStreams.error("scanning-inspector: warning: \(warning)") }
        for warning in report.warnings where warning != SampleDatabase.warning || !choice.isSample {
            StandardStreams.error("scanning-inspector: warning: \(warning)")
        }
        if report.policy.verdict == .fail { throw ExitCode(1) }
    }

    /// Renders the report, then writes it to `-o` (atomically: a temporary file renamed into place, so a
    /// failure leaves no partial file) or standard output.
    private func write(_ report: ScanReport) throws(InspectorFailure) {
        let bytes: [UInt8]
        do {
            bytes = try outputFormat.reportFormat.renderer.render(report, options: RenderOptions())
        } catch {
            throw InspectorFailure("\(outputFormat.rawValue): \(error.description)")
        }
        guard let output else {
            StandardStreams.output(bytes)
            return
        }
        do {
            try ReportFile.write(bytes, to: output)
        } catch {
            throw InspectorFailure(error.description)
        }
    }

    /// Parses the arguments and runs, mapping every failure to exit status 2 and one line on stderr.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            StandardStreams.terminate(exitStatus(for: error))
        }
    }

    /// Prints what `error` means (help, a usage error or a failure) and returns the process exit status.
    static func exitStatus(for error: any Error) -> Int32 {
        if let exit = error as? ExitCode { return exit.rawValue }
        if exitCode(for: error) == .success {
            StandardStreams.output(Array((fullMessage(for: error) + "\n").utf8))
            return 0
        }
        if let failure = error as? InspectorFailure {
            StandardStreams.error("scanning-inspector: \(failure.message)")
        } else {
            let text = message(for: error)
            StandardStreams.error("scanning-inspector: " + (text.isEmpty ? "\(error)" : text))
        }
        return 2
    }
}
