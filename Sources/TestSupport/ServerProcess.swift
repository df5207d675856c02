import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program started for a test, in its own process group under `timeout` (so it ends by itself after
/// `limit` seconds even if the test process dies), stopped with its whole group when the test is done.
public final class ServerProcess: @unchecked Sendable {
    /// The process (`timeout … program …`).
    private let process = Process()
    /// Where its output goes.
    public let logPath: String
    /// What it is, for messages.
    public let name: String

    /// Starts `executable` with `arguments`, output to `logPath`.
    public init(_ name: String, executable: String, arguments: [String], logPath: String, limit: Int = 240) throws {
        self.name = name
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: try Tools.require("timeout"))
        // timeout makes itself a process group leader: stopping the group ends the program and its children.
        process.arguments = ["--kill-after=5", String(limit), executable] + arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process ID of the `timeout` wrapper (the process group's ID).
    public var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// The end of its output.
    public var output: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(3000))
    }

    /// Stops the process group: SIGTERM, then SIGKILL after 3 s.
    public func stop() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        let group = getpgid(pid) == pid
        _ = group ? kill(-pid, SIGTERM) : kill(pid, SIGTERM)
        for _ in 0..<60 where process.isRunning { usleep(50_000) }
        if process.isRunning { _ = group ? kill(-pid, SIGKILL) : kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Runs a command to completion (at most `timeout`); returns its output, or throws with it on failure.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], in folder: String, timeout: Duration = .seconds(90)
    ) async throws -> String {
        let logPath = folder + "/command-\(UUID().uuidString).log"
        let command = try ServerProcess(
            URL(fileURLWithPath: executable).lastPathComponent, executable: executable, arguments: arguments,
            logPath: logPath, limit: Int(timeout.components.seconds) + 5)
        defer { command.stop() }
        let deadline = ContinuousClock.now + timeout
        while command.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(25)) }
        guard !command.isRunning else {
            throw ServerError(description: "\(command.name) did not finish within \(timeout): \(command.output)")
        }
        guard command.process.terminationStatus == 0 else {
            throw ServerError(
                description: "\(command.name) \(arguments.joined(separator: " ")) failed "
                    + "(\(command.process.terminationStatus)): \(command.output)")
        }
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}
