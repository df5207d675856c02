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
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Output.standard.flush()
        } catch {
            Output.standard.flush()
            Glibc.exit(Winscan.exitStatus(for: error))
        }
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
