import ArgumentParser
import WinscanShared

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `winscan`: scan Windows container images for Microsoft vulnerabilities, and inspect their registry hives.
///
/// Exit codes: 0 success (policy passed), 1 policy failed, 2 error — every error is one line on stderr.
@main
struct Winscan: AsyncParsableCommand {
    /// The command's name, version and subcommands.
    static let configuration = CommandConfiguration(
        commandName: "winscan",
        abstract: "Scan Windows container images for Microsoft vulnerabilities.",
        version: WinscanVersion.line,
        subcommands: [ScanCommand.self, DatabaseCommand.self, HiveCommand.self, ImageCommand.self, ConvertCommand.self]
    )

    /// The tool's version.
    static let version = WinscanVersion.number

    /// Parses the arguments and runs the command, mapping every failure to exit code 2 and one line on stderr.
    ///
    /// A well-formed `scan` command line is read without ArgumentParser (see `ScanCommand(quickParsing:)`); any
    /// other goes to `parseAsRoot()`, which prints the help, usage errors and completions.
    static func main() async {
        do {
            if let scan = quickScan() {
                try await scan.run()
            } else {
                var command = try parseAsRoot()
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
            Output.standard.flush()
        } catch {
            Output.standard.flush()
            Glibc.exit(Winscan.exitStatus(for: error))
        }
    }

    /// The `scan` command when the command line is one `ScanCommand(quickParsing:)` reads, else nil.
    ///
    /// Debug builds check every quick read against ArgumentParser, and skip the quick parser altogether when
    /// `WINSCAN_FULL_PARSE` is set, so tests can compare both paths.
    private static func quickScan() -> ScanCommand? {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.first == "scan" else { return nil }
        #if DEBUG
        if getenv("WINSCAN_FULL_PARSE") != nil { return nil }
        #endif
        guard let scan = ScanCommand(quickParsing: arguments.dropFirst()) else { return nil }
        #if DEBUG
        scan.checkAgainstArgumentParser(arguments.dropFirst())
        #endif
        return scan
    }

    /// Prints what `error` means (help, a usage error or a failure) and returns the process exit status.
    ///
    /// A ``CommandFailure`` is answered first: ArgumentParser's `exitCode(for:)` calls it a failure too, but only after
    /// rendering the root command's usage text (reflection and conformance lookups over the argument definitions) for
    /// a text that is thrown away.
    static func exitStatus(for error: any Error) -> Int32 {
        if let exit = error as? ExitCode { return exit.rawValue }
        if let failure = error as? CommandFailure {
            Output.error("winscan: \(failure.message)")
            return 2
        }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            return 0
        }
        let message = fullMessage(for: error)
        Output.error(message.isEmpty ? "winscan: \(error)" : message)
        return 2
    }
}
