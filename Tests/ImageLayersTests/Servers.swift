import Foundation
import ImageLayers
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The external programs the network tests start: found on `PATH` (and the usual system folders).
enum Tools {
    /// Whether this is the CI run (`CI=true`), where a missing tool fails the tests instead of skipping them.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The full path of `name`, if it is installed.
    static func path(_ name: String) -> String? {
        let folders =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The Python interpreter for the helper servers (standard library only): Debian's, else the first on `PATH`.
    static var python: String? {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : path("python3")
    }

    /// Whether every tool is installed.
    static func available(_ names: [String]) -> Bool {
        names.allSatisfy { $0 == "python3" ? python != nil : path($0) != nil }
    }

    /// The path of `name`, or a test failure naming the package to install.
    static func require(_ name: String) throws -> String {
        let found = name == "python3" ? python : path(name)
        return try #require(found, "\(name) is not installed (see the packages line of .ci/run)")
    }

    /// A helper script of `scripts/test-servers`.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/test-servers/" + name).path
    }
}

/// Runs a test only where `tools` are installed; under `CI=true` it always runs, so a missing tool fails it.
func requiresTools(_ tools: String...) -> ConditionTrait {
    .enabled(
        if: Tools.isCI || Tools.available(tools),
        "needs \(tools.joined(separator: ", ")) (Debian packages in .ci/run); with CI=true a missing tool fails")
}

/// A failure of a helper command or server, with the end of its output.
struct ServerError: Error, CustomStringConvertible {
    /// What happened.
    let description: String
}

/// A program started for a test, in its own process group under `timeout` (so it ends by itself after
/// `limit` seconds even if the test process dies), stopped with its whole group when the test is done.
final class ServerProcess: @unchecked Sendable {
    /// The process (`timeout … program …`).
    private let process = Process()
    /// Where its output goes.
    let logPath: String
    /// What it is, for messages.
    let name: String

    /// Starts `executable` with `arguments`, output to `logPath`.
    init(_ name: String, executable: String, arguments: [String], logPath: String, limit: Int = 240) throws {
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
    var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    var isRunning: Bool { process.isRunning }

    /// The end of its output.
    var output: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(3000))
    }

    /// Stops the process group: SIGTERM, then SIGKILL after 3 s.
    func stop() {
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
    static func run(
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

/// Waiting for servers to be ready, bounded.
enum Readiness {
    /// A free TCP port on 127.0.0.1 (the kernel's pick; free when this returns).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServerError(description: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
            }
        }
        guard bound else { throw ServerError(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                connect(socket, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until `ready` holds, the server died, or `timeout` passed.
    static func wait(
        for server: ServerProcess, timeout: Duration = .seconds(20), _ ready: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !ready() {
            guard server.isRunning else {
                throw ServerError(description: "\(server.name) exited early: \(server.output)")
            }
            guard ContinuousClock.now < deadline else {
                throw ServerError(description: "\(server.name) not ready within \(timeout): \(server.output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// A scripted HTTP server (`scripts/test-servers/fake-http.py`): routes answered as the test lists them.
final class FakeHTTPServer: @unchecked Sendable {
    /// One scripted answer.
    struct Response {
        /// The status.
        var status = 200
        /// Headers.
        var headers: [String: String] = [:]
        /// The body.
        var body: [UInt8] = []
        /// Seconds to wait before answering.
        var hang: Double?
        /// Bytes of the body to send before stalling.
        var stallAfter: Int?
        /// Headers the request must carry, else the first of `otherwise` is the answer.
        var require: [String: String]?
        /// The answer when `require` is not met (one element).
        var otherwise: [Response] = []

        /// The answer as fake-http.py reads it, its body written into `folder`.
        func json(folder: String) throws -> [String: Any] {
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
    let process: ServerProcess
    /// The port (TCP servers).
    let port: Int
    /// The request log.
    let logPath: String

    /// Starts a server answering `routes` (`"GET /path"` → answers in order, the last repeating), on TCP or on
    /// the unix socket `unixSocket`.
    init(_ routes: [String: [Response]], in scratch: Scratch, name: String, unixSocket: String? = nil) async throws {
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
    var host: String { "127.0.0.1:\(port)" }

    /// The requests served so far: method, path and `Authorization` header.
    var requests: [(method: String, path: String, authorization: String?)] {
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
    func stop() { process.stop() }
}

/// How a test registry authenticates.
enum RegistryAuth {
    /// Anonymous.
    case none
    /// htpasswd (bcrypt) Basic authentication.
    case basic(username: String, password: String)
    /// Bearer tokens from a token server the test started.
    case token(TokenServer)
}

/// A token server (`scripts/test-servers/token-server.py`) with its signing key and certificate.
final class TokenServer: @unchecked Sendable {
    /// The process.
    let process: ServerProcess
    /// Its port.
    let port: Int
    /// The certificate the registry trusts.
    let certificate: String
    /// Holds the JWT lifetime in seconds, read at each token request.
    let lifetimeFile: String
    /// The request log.
    let logPath: String
    /// The service name.
    let service = "winscan-test-registry"
    /// The issuer.
    let issuer = "winscan-test-issuer"

    /// Makes a key and a self-signed certificate with openssl and starts the server for `username`/`password`.
    init(username: String, password: String, in scratch: Scratch) async throws {
        let folder = scratch.url.appendingPathComponent("token").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = folder + "/key.pem"
        certificate = folder + "/cert.pem"
        try await ServerProcess.run(
            try Tools.require("openssl"),
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
                "-subj", "/CN=winscan-test-token",
            ], in: folder)
        lifetimeFile = folder + "/lifetime"
        try "300".write(toFile: lifetimeFile, atomically: true, encoding: .utf8)
        logPath = folder + "/requests.jsonl"
        let portFile = folder + "/port"
        process = try ServerProcess(
            "token server", executable: try Tools.require("python3"),
            arguments: [
                Tools.script("token-server.py"), "--key", key, "--cert", certificate, "--issuer", issuer, "--service",
                service, "--user", username, "--password", password, "--port-file", portFile, "--log", logPath,
                "--lifetime-file", lifetimeFile, "--expires-in", "3600",
            ], logPath: folder + "/server.log")
        try await Readiness.wait(for: process) { FileManager.default.fileExists(atPath: portFile) }
        port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
    }

    /// Token requests served so far.
    var requestCount: Int {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Sets the lifetime of the next tokens (the answer still claims an hour).
    func setLifetime(_ seconds: Int) throws {
        try String(seconds).write(toFile: lifetimeFile, atomically: true, encoding: .utf8)
    }
}

/// Debian's `docker-registry` (distribution 2.8) on 127.0.0.1, with its storage in the test's scratch folder.
final class RegistryServer: @unchecked Sendable {
    /// The process.
    let process: ServerProcess
    /// Its port.
    let port: Int

    /// Starts a registry with `auth`; manifests may name foreign-layer URLs on 127.0.0.1.
    init(auth: RegistryAuth, in scratch: Scratch, name: String = "registry") async throws {
        let folder = scratch.url.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        port = try Readiness.freePort()
        var config = """
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(folder)/data
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:\(port)
              secret: winscan-test-secret
            validation:
              manifests:
                urls:
                  allow:
                    - '^http://127\\.0\\.0\\.1(:[0-9]+)?/'

            """
        switch auth {
        case .none:
            break
        case .basic(let username, let password):
            let htpasswd = try await ServerProcess.run(
                try Tools.require("htpasswd"), ["-Bbn", username, password], in: folder)
            let line = htpasswd.split(separator: "\n").first { $0.hasPrefix(username + ":") } ?? ""
            try (String(line) + "\n").write(toFile: folder + "/htpasswd", atomically: true, encoding: .utf8)
            config += """
                auth:
                  htpasswd:
                    realm: winscan-test
                    path: \(folder)/htpasswd

                """
        case .token(let server):
            config += """
                auth:
                  token:
                    realm: http://127.0.0.1:\(server.port)/token
                    service: \(server.service)
                    issuer: \(server.issuer)
                    rootcertbundle: \(server.certificate)

                """
        }
        let configPath = folder + "/config.yml"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try ServerProcess(
            "docker-registry", executable: try Tools.require("docker-registry"), arguments: ["serve", configPath],
            logPath: folder + "/registry.log")
        let port = port
        try await Readiness.wait(for: process) { Readiness.accepts(port) }
    }

    /// `127.0.0.1:port`.
    var host: String { "127.0.0.1:\(port)" }

    /// Pushes with skopeo (`source` such as `oci:DIR:TAG`) to `repository:tag`; returns the manifest digest.
    @discardableResult
    func push(
        _ source: String, to destination: String, in scratch: Scratch, credentials: RegistryCredentials? = nil,
        options: [String] = []
    ) async throws -> String {
        let digestFile = scratch.url.appendingPathComponent("digest-\(UUID().uuidString)").path
        var arguments = ["--insecure-policy", "copy", "--dest-tls-verify=false", "--digestfile", digestFile]
        if let credentials { arguments += ["--dest-creds", "\(credentials.username):\(credentials.password)"] }
        arguments += options + [source, "docker://\(host)/\(destination)"]
        try await ServerProcess.run(try Tools.require("skopeo"), arguments, in: scratch.url.path)
        return (try String(contentsOfFile: digestFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the registry.
    func stop() { process.stop() }
}

/// The test image in the forms the network tests push and compare with.
struct NetworkFixture {
    /// The image (tagged `ltsc2022` in its OCI layout).
    let fixture: WindowsImageFixture
    /// Its OCI layout folder (`oci:DIR:ltsc2022` for skopeo).
    let layout: String
    /// Its `docker save` archive.
    let dockerArchive: String
    /// What reading it gives, from the docker-archive and the OCI layout (checked equal).
    let expected: ImageFacts

    /// Writes the forms into `scratch` and reads the local ones.
    static func make(in scratch: Scratch) async throws -> NetworkFixture {
        var fixture = WindowsImageFixture.servercore()
        fixture.tag = "ltsc2022"
        let layout = try scratch.writeLayout(fixture.ociLayout(), in: "layout")
        let dockerArchive = try scratch.write("image.tar", WindowsImageFixture.servercore().dockerArchive())
        let reader = ImageReader()
        let fromArchive = ImageFacts(try await reader.read(try DockerArchiveSource(path: dockerArchive)))
        let fromLayout = ImageFacts(try await reader.read(try OCILayoutSource.directory(layout)))
        #expect(fromArchive == fromLayout)
        return NetworkFixture(fixture: fixture, layout: layout, dockerArchive: dockerArchive, expected: fromArchive)
    }
}

/// Reads `source` with the default reader, as facts.
func facts(_ source: any ImageSource, platform: Platform = .windowsAMD64) async throws -> ImageFacts {
    var reader = ImageReader()
    reader.platform = platform
    return ImageFacts(try await reader.read(source))
}

/// The error reading `source` throws (a test failure if it reads).
func readError(_ source: any ImageSource, platform: Platform = .windowsAMD64) async -> ImageLayersError? {
    var reader = ImageReader()
    reader.platform = platform
    return await #expect(throws: ImageLayersError.self) { _ = try await reader.read(source) }
}
