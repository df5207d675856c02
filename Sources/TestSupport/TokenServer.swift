import Foundation

/// A token server (`scripts/test-servers/token-server.py`) with its signing key and certificate.
public final class TokenServer: @unchecked Sendable {
    /// The process.
    public let process: ServerProcess
    /// Its port.
    public let port: Int
    /// The certificate the registry trusts.
    public let certificate: String
    /// Holds the JWT lifetime in seconds, read at each token request.
    public let lifetimeFile: String
    /// The request log.
    public let logPath: String
    /// The service name.
    public let service = "winscan-test-registry"
    /// The issuer.
    public let issuer = "winscan-test-issuer"

    /// Makes a key and a self-signed certificate with openssl and starts the server for `username`/`password`.
    public init(username: String, password: String, in scratch: Scratch) async throws {
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
    public var requestCount: Int {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Sets the lifetime of the next tokens (the answer still claims an hour).
    public func setLifetime(_ seconds: Int) throws {
        try String(seconds).write(toFile: lifetimeFile, atomically: true, encoding: .utf8)
    }
}
