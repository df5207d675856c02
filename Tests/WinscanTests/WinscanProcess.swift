import Foundation
import TestSupport
import Testing

/// Runs the built `winscan` executable and captures what it prints.
enum WinscanProcess {
    /// The `winscan` binary beside the test bundle (SwiftPM builds every product before the tests).
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("winscan")
    }()

    /// Whether the executable was built.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// Runs `winscan` with `arguments`.
    static func run(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run(executable.path, arguments)
    }

    /// Runs `winscan` with `arguments` and environment changes (`nil` unsets a variable), through `env`.
    static func run(_ arguments: [String], environment: [String: String?]) throws -> ChildProcess.Result {
        // env takes its options (-u NAME) before the assignments.
        var unset: [String] = []
        var assignments: [String] = []
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            if let value { assignments.append("\(name)=\(value)") } else { unset += ["-u", name] }
        }
        return try ChildProcess.run("/usr/bin/env", unset + assignments + [executable.path] + arguments)
    }
}

/// Skips a test when the `winscan` executable was not built beside the tests.
let requiresWinscan = Testing.ConditionTrait.enabled(
    if: WinscanProcess.isAvailable, "the winscan executable is not beside the test bundle (run swift build first)")

/// Runs a test only where `tools` are installed; under `CI=true` it always runs, so a missing tool fails it.
func requiresTools(_ tools: String...) -> ConditionTrait {
    .enabled(if: Tools.shouldRun(tools), Comment(rawValue: Tools.skipReason(tools)))
}

/// A temporary folder removed when the value is released.
final class TemporaryFolder {
    /// The folder.
    let url: URL

    /// Creates a new empty folder.
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("winscan-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
