/// An image reference in a registry: `[host[:port]/]repository[:tag][@digest]`, normalised as Docker does
/// (no host means Docker Hub, whose one-part names live under `library/`; no tag nor digest means `latest`).
public struct RegistryReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry as written, `host[:port]` (`docker.io` for Docker Hub).
    public let registry: String
    /// The repository, e.g. `win/servercore` or `library/ubuntu`.
    public let repository: String
    /// The tag, unless the reference names a digest only.
    public let tag: String?
    /// The manifest digest, when the reference pins one (`@sha256:…`): the registry's answer must hash to it.
    public let digest: Digest?

    /// Parses `reference`, e.g. `127.0.0.1:5000/win/servercore:ltsc2022` or `mcr.microsoft.com/windows/nanoserver@sha256:…`.
    public init(parsing reference: String) throws(ImageLayersError) {
        func invalid(_ why: String) -> ImageLayersError {
            ImageLayersError(.notAnImage, "not an image reference (\(why))", context: reference)
        }
        var rest = Substring(reference)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            guard let parsed = Digest(String(rest[rest.index(after: at)...])) else { throw invalid("bad digest") }
            digest = parsed
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let first = components.first, !first.isEmpty else { throw invalid("no repository") }
        var registry = "docker.io"
        if components.count > 1, first.contains(".") || first.contains(":") || first == "localhost" {
            registry = first
            components.removeFirst()
        }
        guard !components.isEmpty, components.allSatisfy(RegistryReference.isPathComponent) else {
            throw invalid("repository names are lowercase letters, digits and . _ - separated by /")
        }
        if registry == "docker.io" || registry == "index.docker.io", components.count == 1 {
            components.insert("library", at: 0)
        }
        if let tag, !RegistryReference.isTag(tag) { throw invalid("bad tag \(tag)") }
        if tag == nil, digest == nil { tag = "latest" }
        self.registry = registry
        self.repository = components.joined(separator: "/")
        self.tag = tag
        self.digest = digest
    }

    /// The host (and port) the Distribution API is served on: Docker Hub's is `registry-1.docker.io`.
    public var apiHost: String {
        registry == "docker.io" || registry == "index.docker.io" ? "registry-1.docker.io" : registry
    }

    /// What the manifest request names: the digest when pinned, else the tag.
    var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// `registry/repository[:tag][@digest]`.
    public var description: String {
        registry + "/" + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
    }

    /// A path component: `[a-z0-9]+` runs joined by `.`, `_`, `__` or `-`s (distribution's grammar, loosely).
    private static func isPathComponent(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last, isAlphanumeric(first), isAlphanumeric(last)
        else { return false }
        return text.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// A tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    private static func isTag(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 128,
            isAlphanumeric(first) || isUpper(first) || first == UInt8(ascii: "_")
        else { return false }
        return text.utf8.allSatisfy {
            isAlphanumeric($0) || isUpper($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "-")
        }
    }

    /// A lowercase letter or a digit.
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) }

    /// An uppercase letter.
    private static func isUpper(_ byte: UInt8) -> Bool { (65...90).contains(byte) }
}
