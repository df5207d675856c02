/// The parts of an image reference as a user gives it (`registry:mcr.microsoft.com/windows/servercore:ltsc2022`,
/// `docker-archive:servercore.tar`).
struct ImageName: Sendable, Hashable {
    /// The last path component, without tag, digest or archive extension (`servercore`).
    let name: String
    /// The registry and repository path for registry or daemon references (`mcr.microsoft.com/windows/servercore`).
    let repository: String?
    /// The tag, if any (`ltsc2022`).
    let tag: String?

    /// Splits `reference`.
    init(reference: String) {
        let transports = ["docker-archive:", "oci-archive:", "oci-dir:", "registry:", "daemon:"]
        var rest = Substring(reference)
        var transport = ""
        for prefix in transports where rest.hasPrefix(prefix) {
            transport = prefix
            rest = rest.dropFirst(prefix.count)
        }
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        let isPath =
            transport.hasSuffix("archive:") || transport == "oci-dir:" || rest.hasPrefix("/")
            || rest.hasPrefix(".")
        if isPath {
            var file = rest.split(separator: "/").last.map(String.init) ?? "image"
            for suffix in [".tar.gz", ".tgz", ".tar"] where file.hasSuffix(suffix) { file.removeLast(suffix.count) }
            name = file.isEmpty ? "image" : file
            repository = nil
            tag = nil
            return
        }
        let lastSlash = rest.lastIndex(of: "/")
        let lastSegment = lastSlash.map { rest[rest.index(after: $0)...] } ?? rest
        if let colon = lastSegment.lastIndex(of: ":") {
            tag = String(lastSegment[lastSegment.index(after: colon)...])
            rest = rest[..<colon]
        } else {
            tag = nil
        }
        let path = String(rest)
        name = path.split(separator: "/").last.map(String.init) ?? "image"
        repository = path.contains("/") ? path : nil
    }
}
