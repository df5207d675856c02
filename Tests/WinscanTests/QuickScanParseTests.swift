import Foundation
import TestSupport
import Testing

/// `winscan-engine scan` reads well-formed command lines without ArgumentParser, to start faster; everything else goes
/// through ArgumentParser as before. Debug builds of the engine check each quick read against ArgumentParser (a
/// difference exits with status 70) and take the ArgumentParser path for every command line when
/// `WINSCAN_FULL_PARSE` is set, which is what these tests compare against.
@Suite("winscan-engine quick scan parsing", requiresWinscan)
struct QuickScanParseTests {
    /// `winscan-engine`, beside `winscan`.
    static let engine = WinscanProcess.executable.deletingLastPathComponent().appendingPathComponent("winscan-engine")

    /// Runs the engine with `arguments`, through ArgumentParser alone when `fullParse`.
    static func engine(_ arguments: [String], fullParse: Bool) throws -> ChildProcess.Result {
        let setting = fullParse ? ["WINSCAN_FULL_PARSE=1"] : ["-u", "WINSCAN_FULL_PARSE"]
        return try ChildProcess.run("/usr/bin/env", setting + [engine.path] + arguments)
    }

    /// Command lines the quick parser reads. Each fails before touching the network or standard input (a missing
    /// image, a bad format, platform or severity), so the runs are quick and their one error line shows the values
    /// that were read; the engine's own check compares every property with ArgumentParser's reading.
    static let quick: [[String]] = [
        ["scan", "/nonexistent"],
        ["scan", "/nonexistent", "-q", "--no-progress", "--format", "json", "--output", "/dev/null"],
        ["scan", "--format=json", "--output=/tmp/x", "--format", "sarif", "/nonexistent", "--output", "/tmp/y"],
        ["scan", "/nonexistent", "--format", "bogus"],
        ["scan", "/nonexistent", "--format", "json", "--format", "table"],
        ["scan", "/nonexistent", "--fail-on", "nonsense"],
        ["scan", "/nonexistent", "--fail-on=high", "--fail-on-warn", "--db", "/nonexistent.sqlite"],
        ["scan", "/nonexistent", "--platform", "bad"],
        ["scan", "/nonexistent", "--platform=linux/arm64", "--policy", "/nonexistent-policy.yaml"],
        ["scan", "/nonexistent", "--ignore-file", "/a", "--ignore-file=/b", "--vex", "/c", "--vex", "/d"],
        ["scan", "/nonexistent", "--password-stdin"],
        ["scan", "/nonexistent", "--username", "user"],
        ["scan", "/nonexistent", "--username=user", "--password-stdin", "--format", "bogus"],
        ["scan", "/nonexistent", "--plain-http", "--allow-foreign-host", "a.example", "--allow-foreign-host=b"],
        ["scan", "/nonexistent", "--host", "unix:///nonexistent.sock", "--cache-dir", "/tmp/nowhere", "--no-cache"],
        ["scan", "/nonexistent", "--quiet", "--progress", "--debug"],
        ["scan", "/nonexistent", "--db=a=b", "--cache-dir=/c=d"],
        ["scan", "help", "--format", "bogus"],
        ["scan", "scan", "--format", "bogus"],
        ["scan", "docker-archive:/nonexistent.tar"],
    ]

    /// Command lines left to ArgumentParser: help, version, completions, usage errors, and the forms the quick parser
    /// does not take (`--`, combined short flags, repeated single-value options and flags, values starting with `-`).
    static let declined: [[String]] = [
        ["--help"],
        ["-h"],
        ["help", "scan"],
        ["scan", "--help"],
        ["scan", "-h"],
        ["scan", "/nonexistent", "-qh"],
        ["scan", "/nonexistent", "--help"],
        ["--version"],
        ["scan", "--version"],
        ["scan", "/nonexistent", "--version"],
        ["--generate-completion-script", "bash"],
        ["--generate-completion-script=zsh"],
        ["scan", "--generate-completion-script", "bash"],
        ["scan", "/nonexistent", "--generate-completion-script", "fish"],
        ["scan", "--experimental-dump-help"],
        ["---completion", "scan", "--", "--format", "0", "0"],
        ["scan"],
        ["scan", "--no-such-option"],
        ["scan", "/nonexistent", "--no-such-option"],
        ["scan", "/nonexistent", "--db"],
        ["scan", "/nonexistent", "--db="],
        ["scan", "/nonexistent", "--db", "--quiet"],
        ["scan", "/nonexistent", "--format", "-"],
        ["scan", "/nonexistent", "/other"],
        ["scan", "/nonexistent", "--", "--x"],
        ["scan", "--", "/nonexistent"],
        ["scan", "/nonexistent", "--quiet=yes"],
        ["scan", "/nonexistent", "-q", "-q"],
        ["scan", "/nonexistent", "-q", "--quiet"],
        ["scan", "/nonexistent", "--fail-on", "high", "--fail-on", "low"],
        ["scan", "/nonexistent", "-x"],
        ["scan", ""],
        ["scan", "-"],
        ["scan", "/nonexistent", "-db", "x"],
    ]

    /// Every command line gives the same output, errors and exit status with the quick parser as through
    /// ArgumentParser, and none trips the engine's own comparison (status 70).
    @Test(arguments: quick + declined)
    func quickAndFullParsingAgree(_ arguments: [String]) throws {
        let quick = try Self.engine(arguments, fullParse: false)
        let full = try Self.engine(arguments, fullParse: true)
        #expect(quick.status != 70, "\(arguments): \(quick.error)")
        #expect(quick.status == full.status, "\(arguments)")
        #expect(quick.output == full.output, "\(arguments)")
        #expect(quick.error == full.error, "\(arguments)")
    }

    /// What the commands the quick parser leaves alone print, byte for byte where it is short.
    @Test func helpVersionCompletionsAndUsageErrorsAreUnchanged() throws {
        let version = try Self.engine(["--version"], fullParse: false)
        #expect(version.status == 0 && version.output == "winscan 0.1.0\n" && version.error.isEmpty)
        let scanVersion = try Self.engine(["scan", "--version"], fullParse: false)
        #expect(scanVersion.status == 0 && scanVersion.output == "winscan 0.1.0\n" && scanVersion.error.isEmpty)

        let help = try Self.engine(["--help"], fullParse: false)
        #expect(help.status == 0 && help.error.isEmpty)
        #expect(help.output.hasPrefix("OVERVIEW: Scan Windows container images for Microsoft vulnerabilities.\n"))
        let scanHelp = try Self.engine(["scan", "--help"], fullParse: false)
        #expect(scanHelp.status == 0 && scanHelp.error.isEmpty)
        #expect(scanHelp.output.contains("\nUSAGE: winscan scan [<options>] <source>\n"))
        #expect(scanHelp.output == (try Self.engine(["scan", "/nonexistent", "-qh"], fullParse: false)).output)

        let completions = try Self.engine(["--generate-completion-script", "bash"], fullParse: false)
        #expect(completions.status == 0 && completions.error.isEmpty)
        #expect(completions.output.contains("complete ") && completions.output.contains("--cache-dir"))

        let usageErrors: [([String], String)] = [
            (["scan"], "Error: Missing expected argument '<source>'"),
            (["scan", "/nonexistent", "--no-such-option"], "Error: Unknown option '--no-such-option'"),
            (["scan", "/nonexistent", "--db"], "Error: Missing value for '--db <PATH>'"),
            (["scan", "/nonexistent", "/other"], "Error: Unexpected argument '/other'"),
            (
                ["scan", "/nonexistent", "--quiet=yes"],
                "Error: The option '--quiet' does not take any value, but 'yes' was specified."
            ),
        ]
        for (arguments, line) in usageErrors {
            let result = try Self.engine(arguments, fullParse: false)
            #expect(result.status == 2 && result.output.isEmpty, "\(arguments)")
            #expect(result.error == line + "\n", "\(arguments): \(result.error)")
        }

        let failures: [([String], String)] = [
            (["scan", "/nonexistent"], "winscan: /nonexistent: no such file or folder\n"),
            (
                ["scan", "/nonexistent", "--format", "bogus"],
                "winscan: unknown --format bogus: use one of json, table, sarif, cyclonedx, openvex, html, pdf, junit, "
                    + "markdown\n"
            ),
            (["scan", "/nonexistent", "--platform", "bad"], "winscan: bad --platform bad: use os/arch\n"),
            (["scan", "/nonexistent", "--password-stdin"], "winscan: --password-stdin needs --username\n"),
        ]
        for (arguments, error) in failures {
            let result = try Self.engine(arguments, fullParse: false)
            #expect(
                result.status == 2 && result.output.isEmpty && result.error == error, "\(arguments): \(result.error)")
        }
    }
}
