import Foundation
import Testing

/// `scripts/test-servers/msrc-api.py` on 127.0.0.1: the MSRC API's URL shapes over a folder of documents,
/// with ETag/Last-Modified, 304s, scripted failures and a request log. Stopped when released.
final class MSRCAPIServer {
    /// One logged request.
    struct Request: Equatable, CustomStringConvertible {
        let method: String
        let path: String
        let status: Int
        let accept: String
        var description: String { "\(method) \(path) \(status)" }
    }

    /// The folder served (`updates-index.json`, `<ID>.xml` or `<ID>.xml.zst`, `fail.txt`).
    let root: String
    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    private let process: Process
    private let input: Pipe

    /// The package's `scripts/test-servers/msrc-api.py`.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/test-servers/msrc-api.py").path

    /// `python3`, if installed.
    static let python: String? = {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return "/usr/bin/python3" }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Whether the server can run (python3 and zstd installed, the script present).
    static var isAvailable: Bool {
        python != nil && FileManager.default.fileExists(atPath: script)
            && ["/usr/bin/zstd", "/usr/local/bin/zstd", "/bin/zstd"].contains {
                FileManager.default.isExecutableFile(atPath: $0)
            }
    }

    /// Starts a server over `root`.
    init(root: String) throws {
        self.root = root
        guard let python = Self.python else { throw ServerFailed(reason: "python3 is not installed") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script, root, "--lifetime", "300"]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("port "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw ServerFailed(reason: "msrc-api.py did not start (it said \"\(text)\")")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// The requests served so far.
    func requests() -> [Request] {
        guard let data = FileManager.default.contents(atPath: root + "/requests.log") else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard parts.count == 4, let status = Int(parts[2]) else { return nil }
            return Request(method: parts[0], path: parts[1], status: status, accept: parts[3])
        }
    }

    /// The document IDs requested (`/cvrf/v3.0/cvrf/<ID>`), in order, with their statuses.
    func documentRequests() -> [String] {
        requests().filter { $0.path.hasPrefix("/cvrf/v3.0/cvrf/") }.map {
            "\($0.path.dropFirst("/cvrf/v3.0/cvrf/".count)) \($0.status)"
        }
    }

    /// Empties the request log.
    func clearLog() {
        try? FileManager.default.removeItem(atPath: root + "/requests.log")
    }

    deinit {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }

    /// The server could not start.
    struct ServerFailed: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}

/// Skips a test when the server cannot run.
let requiresAPIServer = Testing.ConditionTrait.enabled(
    if: MSRCAPIServer.isAvailable, "needs python3 and zstd for scripts/test-servers/msrc-api.py")
