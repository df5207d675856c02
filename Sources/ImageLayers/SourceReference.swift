#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an image is, as a user names it: `docker-archive:PATH`, `oci-archive:PATH[:TAG]`,
/// `oci-dir:PATH[:TAG]`, `registry:REF`, `daemon:REF`, or a bare path or reference that is recognised.
public enum SourceReference: Sendable, Hashable, CustomStringConvertible {
    /// A `docker save` / `podman save` tarball, with an optional `RepoTags` entry.
    case dockerArchive(path: String, tag: String?)
    /// An OCI layout tar, with an optional `org.opencontainers.image.ref.name`.
    case ociArchive(path: String, tag: String?)
    /// An OCI layout folder, with an optional `org.opencontainers.image.ref.name`.
    case ociDirectory(path: String, tag: String?)
    /// An image in a registry (`host[:port]/name[:tag|@digest]`).
    case registry(String)
    /// An image in a Docker-compatible daemon.
    case daemon(String)

    /// Parses a source argument. A bare argument is a path when something exists there (a folder with
    /// `oci-layout` is an OCI layout, a file with one inside is an OCI archive, any other file a docker
    /// archive), else a registry reference.
    public init(parsing text: String) throws(ImageLayersError) {
        func split(_ rest: String) -> (String, String?) {
            if SourceReference.exists(rest) { return (rest, nil) }
            guard let colon = rest.lastIndex(of: ":") else { return (rest, nil) }
            let tag = String(rest[rest.index(after: colon)...])
            let path = String(rest[..<colon])
            return tag.contains("/") || tag.isEmpty ? (rest, nil) : (path, tag)
        }
        if let rest = SourceReference.value(of: "docker-archive:", in: text) {
            let (path, tag) = split(rest)
            self = .dockerArchive(path: path, tag: tag)
        } else if let rest = SourceReference.value(of: "oci-archive:", in: text) {
            let (path, tag) = split(rest)
            self = .ociArchive(path: path, tag: tag)
        } else if let rest = SourceReference.value(of: "oci-dir:", in: text)
            ?? SourceReference.value(of: "oci:", in: text)
        {
            let (path, tag) = split(rest)
            self = .ociDirectory(path: path, tag: tag)
        } else if let rest = SourceReference.value(of: "registry:", in: text)
            ?? SourceReference.value(of: "docker://", in: text)
        {
            self = .registry(rest)
        } else if let rest = SourceReference.value(of: "daemon:", in: text)
            ?? SourceReference.value(of: "docker-daemon:", in: text)
        {
            self = .daemon(rest)
        } else if SourceReference.isDirectory(text) {
            self = .ociDirectory(path: text, tag: nil)
        } else if SourceReference.exists(text) {
            self = .dockerArchive(path: text, tag: nil)
        } else if text.isEmpty || text.hasPrefix("/") || text.hasPrefix(".") {
            throw ImageLayersError(.unreadable, "no such file or folder", context: text)
        } else {
            self = .registry(text)
        }
    }

    /// The text after `prefix`, if `text` starts with it.
    private static func value(of prefix: String, in text: String) -> String? {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a folder.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Opens the source: local ones directly, a registry with `registry` options, a daemon at `daemonHost`
    /// (default ``DaemonSource/defaultHost``).
    public func open(registry: RegistryOptions = RegistryOptions(), daemonHost: String? = nil)
        throws(ImageLayersError) -> any ImageSource
    {
        switch self {
        case .registry(let reference): return try RegistrySource(reference, options: registry)
        case .daemon(let name): return try DaemonSource(name: name, host: daemonHost)
        default: return try openLocal()
        }
    }

    /// Opens a local source (archives and layouts); registry and daemon references need ``open(registry:daemonHost:)``.
    public func openLocal() throws(ImageLayersError) -> any ImageSource {
        switch self {
        case .dockerArchive(let path, let tag):
            let archive = try OuterArchive(path: path)
            if OCILayoutSource.isLayout(archive) && !archive.contains("manifest.json") {
                return OCILayoutSource(storage: archive, tag: tag, reference: description)
            }
            return DockerArchiveSource(archive: archive, tag: tag, reference: description)
        case .ociArchive(let path, let tag): return try OCILayoutSource.archive(path, tag: tag)
        case .ociDirectory(let path, let tag): return try OCILayoutSource.directory(path, tag: tag)
        case .registry(let reference), .daemon(let reference):
            throw ImageLayersError(.unsupported, "\(self) is not a local source", context: reference)
        }
    }

    /// The canonical `kind:value` form.
    public var description: String {
        switch self {
        case .dockerArchive(let path, let tag): return "docker-archive:" + path + (tag.map { ":" + $0 } ?? "")
        case .ociArchive(let path, let tag): return "oci-archive:" + path + (tag.map { ":" + $0 } ?? "")
        case .ociDirectory(let path, let tag): return "oci-dir:" + path + (tag.map { ":" + $0 } ?? "")
        case .registry(let reference): return "registry:" + reference
        case .daemon(let reference): return "daemon:" + reference
        }
    }
}
