import Foundation

/// How a test registry authenticates.
public enum RegistryAuth {
    /// Anonymous.
    case none
    /// htpasswd (bcrypt) Basic authentication.
    case basic(username: String, password: String)
    /// Bearer tokens from a token server the test started.
    case token(TokenServer)
}
/// Debian's `docker-registry` (distribution 2.8) on 127.0.0.1, with its storage in the test's scratch folder.
public final class RegistryServer: @unchecked Sendable {
    /// The process.
    public let process: ServerProcess
    /// Its port.
    public let port: Int

    /// Starts a registry with `auth`; manifests may name foreign-layer URLs on 127.0.0.1.
    public init(auth: RegistryAuth, in scratch: Scratch, name: String = "registry") async throws {
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
    public var host: String { "127.0.0.1:\(port)" }

    /// Pushes with skopeo (`source` such as `oci:DIR:TAG`) to `repository:tag`, as `credentials` if given; returns the
    /// manifest digest.
    @discardableResult
    public func push(
        _ source: String, to destination: String, in scratch: Scratch,
        credentials: (username: String, password: String)? = nil,
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
    public func stop() { process.stop() }
}
