import Foundation

/// A user name and password (or token) for a registry: sent as Basic credentials to a registry that asks for
/// them, or to its token server when the registry asks for a Bearer token.
public struct RegistryCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public let username: String
    /// The password or access token.
    public let password: String

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The `Authorization` header value for Basic authentication (RFC 7617).
    var basicAuthorization: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    /// The user name only: passwords never appear in messages.
    public var description: String { "credentials for \(username)" }

    /// The credentials `~/.docker/config.json` (or the file at `path`) holds for `registry` (`host[:port]`), if
    /// any: its `auths` entry whose key names that host (`https://host/v1/`, `host`, …), from `auth`
    /// (base64 `user:password`) or `username` and `password`. Credential helpers (`credsStore`,
    /// `credHelpers`) are not run.
    ///
    /// A missing file means no credentials; an unreadable or malformed one is an error naming the file.
    public static func fromDockerConfig(registry: String, path: String? = nil) throws(ImageLayersError)
        -> RegistryCredentials?
    {
        let file = path ?? defaultDockerConfigPath
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ImageLayersError(.unreadable, "cannot read the Docker config", context: file)
        }
        let config: DockerConfigFile
        do {
            config = try JSONDecoder().decode(DockerConfigFile.self, from: data)
        } catch {
            throw ImageLayersError(.unreadable, "the Docker config is not valid JSON", context: file)
        }
        let wanted = hostKey(registry)
        for (key, entry) in (config.auths ?? [:]).sorted(by: { $0.key < $1.key }) where hostKey(key) == wanted {
            if let encoded = entry.auth, !encoded.isEmpty {
                guard let decoded = Data(base64Encoded: encoded).map({ String(decoding: $0, as: UTF8.self) }),
                    let colon = decoded.firstIndex(of: ":")
                else {
                    throw ImageLayersError(
                        .unreadable, "the auth of \(key) is not base64 user:password", context: file)
                }
                return RegistryCredentials(
                    username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
            }
            if let username = entry.username, let password = entry.password {
                return RegistryCredentials(username: username, password: password)
            }
        }
        return nil
    }

    /// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    public static var defaultDockerConfigPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["DOCKER_CONFIG"], !folder.isEmpty { return folder + "/config.json" }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".docker/config.json").path
    }

    /// The host part of an `auths` key or a registry name, lowercased: scheme and path dropped, Docker Hub's
    /// names made one.
    static func hostKey(_ text: String) -> String {
        var rest = Substring(text.lowercased())
        for scheme in ["https://", "http://"] where rest.hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        let host = String(rest.prefix { $0 != "/" })
        return ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"].contains(host)
            ? "docker.io" : host
    }
}

/// The parts of Docker's `config.json` that hold credentials.
private struct DockerConfigFile: Decodable {
    /// One registry's entry.
    struct Entry: Decodable {
        /// base64 of `user:password`.
        let auth: String?
        /// A user name (some tools write it apart).
        let username: String?
        /// A password.
        let password: String?
    }

    /// Credentials by registry.
    let auths: [String: Entry]?
}
