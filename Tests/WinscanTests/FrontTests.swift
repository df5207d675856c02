import Foundation
import TestSupport
import Testing

/// The `winscan` front and `winscan-engine`: the front answers `hive` and `--version` itself, exactly as the
/// engine would, and hands everything else to the engine.
@Suite("winscan front and engine", requiresWinscan)
struct FrontTests {
    /// `winscan-engine`, beside `winscan`.
    static let engine = WinscanProcess.executable.deletingLastPathComponent().appendingPathComponent("winscan-engine")

    /// A base hive, its update delta, a damaged copy and a file that is no hive, in `folder`.
    static func hives(_ folder: TemporaryFolder) throws -> (
        base: String, delta: String, damaged: String, garbage: String
    ) {
        var image = ExampleHives.baseSoftware().build()
        let base = try folder.write("SOFTWARE", image.bytes)
        let delta = try folder.write("Software_Delta", ExampleHives.updateDelta().build().bytes)
        let key = try #require(image.keyOffsets[#"\Microsoft\NET Framework Setup"#])
        image.patchUInt32(at: key + 4 + 28, 0x7FFF_FFF8)  // its subkey list now points outside the bins
        let damaged = try folder.write("damaged", image.bytes)
        let garbage = try folder.write("garbage", (0..<9000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        return (base, delta, damaged, garbage)
    }

    /// Every `hive` command line — the ones the front answers and the ones it leaves to the engine — gives the
    /// same output, errors and exit status through `winscan` as through `winscan-engine` directly.
    @Test func hiveCommandsMatchTheEngineByteForByte() throws {
        let folder = try TemporaryFolder()
        let (base, delta, damaged, garbage) = try Self.hives(folder)
        let current = #"Microsoft\Windows NT\CurrentVersion"#
        let cases: [[String]] = [
            ["--version"],
            ["hive", "dump", base],
            ["hive", "dump", "--json", base, delta],
            ["hive", "dump", base, "--json", delta],
            ["hive", "dump", "--lenient", damaged],
            ["hive", "dump", damaged],
            ["hive", "dump", garbage],
            ["hive", "dump", "--", base],
            ["hive", "query", base, current],
            ["hive", "query", base, delta, current],
            ["hive", "query", "--json", base, delta, current],
            ["hive", "query", base, delta, current, "UBR"],
            ["hive", "query", "--json", base, current, "ProductName"],
            ["hive", "query", base, #"No\Such\Key"#],
            ["hive", "query", base, current, "NoSuchValue"],
            ["hive", "query", "--log", base + ".LOG1", base, current],
            ["hive", "query", "--log=" + base + ".LOG1", base, current],
            // Left to the engine: help, a repeated flag, an unknown option, a missing argument or value.
            ["hive", "query", "--help"],
            ["hive", "dump", "-h"],
            ["hive", "dump", "--json", "--json", base],
            ["hive", "dump", "--jsn", base],
            ["hive", "dump"],
            ["hive", "dump", "--json"],
            ["hive", "query", base, current, "--log"],
            ["hive", "frobnicate", base],
        ]
        for arguments in cases {
            let front = try WinscanProcess.run(arguments)
            let engine = try ChildProcess.run(Self.engine.path, arguments)
            #expect(front.status == engine.status, "\(arguments)")
            #expect(front.output == engine.output, "\(arguments)")
            #expect(front.error == engine.error, "\(arguments)")
        }
    }

    /// The front answers hive commands without the engine: with `WINSCAN_ENGINE` naming a missing file they still
    /// work, while a command it hands on fails with one line naming what is missing and exit code 2.
    @Test func frontAnswersHiveCommandsItself() throws {
        let folder = try TemporaryFolder()
        let (base, delta, _, _) = try Self.hives(folder)
        let missing = folder.url.appendingPathComponent("no-engine").path
        let query = try WinscanProcess.run(
            ["hive", "query", base, delta, #"Microsoft\Windows NT\CurrentVersion"#, "UBR"],
            environment: ["WINSCAN_ENGINE": missing])
        #expect(query.status == 0 && query.output == "5499\n", "\(query.error)")
        let version = try WinscanProcess.run(["--version"], environment: ["WINSCAN_ENGINE": missing])
        #expect(version.output == "winscan 0.1.0\n")
        let scan = try WinscanProcess.run(["db", "status"], environment: ["WINSCAN_ENGINE": missing])
        #expect(scan.status == 2)
        #expect(scan.errorLines.count == 1 && scan.error.contains(missing), "\(scan.error)")
        let help = try WinscanProcess.run(["hive", "query", "--help"], environment: ["WINSCAN_ENGINE": missing])
        #expect(help.status == 2, "help comes from the engine, which is missing here")
    }

    /// Every other command reaches the engine with its arguments unchanged, and its exit status comes back.
    @Test func otherCommandsReachTheEngine() throws {
        let help = try WinscanProcess.run(["--help"])
        #expect(help.status == 0)
        for command in ["scan", "db", "hive", "image", "convert"] {
            #expect(help.output.contains("  \(command) "), "\(command) missing from --help")
        }
        let usage = try WinscanProcess.run(["scan", "--no-such-option"])
        #expect(usage.status == 2)
        #expect(usage.error == (try ChildProcess.run(Self.engine.path, ["scan", "--no-such-option"])).error)
    }

    /// A copy of `winscan` alone in a folder (the engine not built or not installed beside it) says so.
    @Test func missingEngineIsOneLine() throws {
        let folder = try TemporaryFolder()
        let lonely = folder.url.appendingPathComponent("winscan").path
        try FileManager.default.copyItem(atPath: WinscanProcess.executable.path, toPath: lonely)
        let result = try ChildProcess.run("/usr/bin/env", ["-u", "WINSCAN_ENGINE", lonely, "scan", "x"])
        #expect(result.status == 2)
        #expect(result.errorLines.count == 1)
        #expect(result.error.contains(folder.url.appendingPathComponent("winscan-engine").path))
        #expect(result.output.isEmpty)
    }
}
