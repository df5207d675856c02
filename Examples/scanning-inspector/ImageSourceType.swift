import ArgumentParser
import ImageLayers

/// The legacy `-t` values: where the image comes from.
enum ImageSourceType: String, CaseIterable, ExpressibleByArgument {
    /// A `docker save` archive (`-i` is its path).
    case tar
    /// An image in the local Docker-compatible daemon (`-i` is its reference; socket from `-host`).
    case daemon
    /// An image pulled from a registry (`-i` is its reference).
    case pull

    /// Parses a `-t` value, in any case as the legacy tool took it.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// The winscan source that `-i identifier` names for this type.
    func reference(for identifier: String) -> SourceReference {
        switch self {
        case .tar: .dockerArchive(path: identifier, tag: nil)
        case .daemon: .daemon(identifier)
        case .pull: .registry(identifier)
        }
    }
}
