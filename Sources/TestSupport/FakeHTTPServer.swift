import Foundation

/// A scripted HTTP server (`scripts/test-servers/fake-http.py`): routes answered as the test lists them.
public final class FakeHTTPServer: @unchecked Sendable {
    /// One scripted answer.
    public struct Response {
        /// The status.
        public var status = 200
        /// Headers.
        public var headers: [String: String] = [:]
        /// The body.
        public var body: [UInt8] = []
        /// Seconds to wait before answering.
        public var hang: Double?
        /// Bytes of the body to send before stalling.
        public var stallAfter: Int?
        /// Headers the request must carry, else the first of `otherwise` is the answer.
        public var require: [String: String]?
        /// The answer when `require` is not met (one element).
        public var otherwise: [Response] = []

        /// An answer: `status`, `headers` and `body`, optionally hanging, stalling or requiring headers.
        public init(
            status: Int = 200, headers: [String: String] = [:], body: [UInt8] = [], hang: Double? = nil,
            stallAfter: Int? = nil, require: [String: String]? = nil, otherwise: [Response] = []
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.hang = hang
            self.stallAfter = stallAfter
            self.require = require
            self.otherwise = otherwise
        }

        /// The answer as fake-http.py reads it, its body written into `folder`.
        public func json(folder: String) throws -> [String: Any] {
            var object: [String: Any] = ["status": status, "headers": headers]
            let bodyPath = folder + "/body-\(UUID().uuidString)"
            try Data(body).write(to: URL(fileURLWithPath: bodyPath))
            object["body_file"] = bodyPath
            if let hang { object["hang"] = hang }
            if let stallAfter { object["stall_after"] = stallAfter }
            if let require { object["require"] = require }
            if let other = otherwise.first { object["otherwise"] = try other.json(folder: folder) }
            return object
        }
    }

    /// The process.
    public let process: ServerProcess
    /// The port (TCP servers).
    public let port: Int
    /// The request log.
    public let logPath: String

    /// Starts a server answering `routes` (`"GET /path"` → answers in order, the last repeating), on TCP or on
    /// the unix socket `unixSocket`.
    public init(_ routes: [String: [Response]], in scratch: Scratch, name: String, unixSocket: String? = nil)
        async throws
    {
        let folder = scratch.url.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var document: [String: [[String: Any]]] = [:]
        for (route, answers) in routes {
            document[route] = try answers.map { try $0.json(folder: folder) }
        }
        let routesPath = folder + "/routes.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: routesPath))
        logPath = folder + "/requests.jsonl"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let portFile = folder + "/port"
        var arguments = [Tools.script("fake-http.py"), "--routes", routesPath, "--log", logPath]
        arguments += unixSocket.map { ["--unix", $0] } ?? ["--port-file", portFile]
        process = try ServerProcess(
            name, executable: try Tools.require("python3"), arguments: arguments, logPath: folder + "/server.log")
        if let unixSocket {
            try await Readiness.wait(for: process) { FileManager.default.fileExists(atPath: unixSocket) }
            port = 0
        } else {
            try await Readiness.wait(for: process) { FileManager.default.fileExists(atPath: portFile) }
            port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
        }
    }

    /// `127.0.0.1:port`.
    public var host: String { "127.0.0.1:\(port)" }

    /// The requests served so far: method, path and `Authorization` header.
    public var requests: [(method: String, path: String, authorization: String?)] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            return (
                object["method"] as? String ?? "", object["path"] as? String ?? "", object["authorization"] as? String
            )
        }
    }

    /// Stops the server.
    public func stop() { process.stop() }
}
