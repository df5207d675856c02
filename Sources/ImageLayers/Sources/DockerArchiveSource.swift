import Foundation

/// A `docker save` / `podman save` tarball (`docker-archive:`), optionally gzip- or zstd-compressed: the
/// legacy layout (`manifest.json`, `<id>/layer.tar`, symlinked layers as podman writes them) and the
/// OCI-style layout newer Docker writes (`index.json`, `blobs/sha256/…`, plus `manifest.json`).
public struct DockerArchiveSource: ImageSource {
    /// The archive.
    let archive: OuterArchive
    /// The `RepoTags` entry asked for (`name:tag`), if any.
    let tag: String?
    /// How the source was named.
    public let reference: String

    /// One image of `manifest.json`.
    struct Entry: Decodable {
        /// The config member.
        let config: String
        /// Tags.
        let repoTags: [String]?
        /// Layer members, base first.
        let layers: [String]
        /// Descriptors of foreign layers, by diff-id.
        let layerSources: [String: Descriptor]?

        /// `manifest.json`'s keys.
        enum CodingKeys: String, CodingKey {
            case config = "Config"
            case repoTags = "RepoTags"
            case layers = "Layers"
            case layerSources = "LayerSources"
        }
    }

    /// Opens and indexes the archive at `path`.
    public init(path: String, tag: String? = nil) throws(ImageLayersError) {
        archive = try OuterArchive(path: path)
        self.tag = tag
        reference = "docker-archive:" + path
    }

    /// Reads an archive already indexed.
    init(archive: OuterArchive, tag: String?, reference: String) {
        self.archive = archive
        self.tag = tag
        self.reference = reference
    }

    /// The image entry of `manifest.json` to read.
    private func entry() throws(ImageLayersError) -> (Entry, [String]) {
        guard archive.contains("manifest.json") else {
            throw ImageLayersError(.notAnImage, "not a docker archive (no manifest.json)", context: archive.path)
        }
        let entries = try JSONInput.decode(
            [Entry].self, from: try archive.contents(of: "manifest.json"), what: "manifest.json",
            context: archive.path)
        var warnings: [String] = []
        if let tag {
            guard
                let match = entries.first(where: {
                    ($0.repoTags ?? []).contains { $0 == tag || $0.hasSuffix("/" + tag) }
                })
            else {
                throw ImageLayersError(
                    .noMatchingImage, "no image tagged \(tag) in manifest.json", context: archive.path)
            }
            return (match, warnings)
        }
        guard let first = entries.first else {
            throw ImageLayersError(.notAnImage, "manifest.json lists no image", context: archive.path)
        }
        if entries.count > 1 {
            let tags = entries.flatMap { $0.repoTags ?? [] }.joined(separator: ", ")
            warnings.append("manifest.json lists \(entries.count) images (\(tags)); took the first")
        }
        return (first, warnings)
    }

    /// Reads `manifest.json` and the config; layer descriptors come from the members themselves.
    public func resolve(platform: Platform) async throws(ImageLayersError) -> ResolvedImage {
        if OCILayoutSource.isLayout(archive) && !archive.contains("manifest.json") {
            return try await OCILayoutSource(storage: archive, tag: tag, reference: reference).resolve(
                platform: platform)
        }
        let (entry, warnings) = try entry()
        let configBytes = try archive.contents(of: entry.config)
        let configDigest = Digest.sha256(of: configBytes)
        if let named = Digest(
            "sha256:"
                + (entry.config.split(separator: "/").last.map(String.init) ?? "").replacingOccurrences(
                    of: ".json", with: "")),
            named != configDigest
        {
            throw ImageLayersError(
                .digestMismatch, "config \(entry.config) has digest \(configDigest)", context: archive.path)
        }
        let config = try ImageConfig.decode(configBytes, context: "\(archive.path): \(entry.config)")
        let diffIDs = config.rootfs.diffIDs
        guard diffIDs.count == entry.layers.count else {
            throw ImageLayersError(
                .badManifest, "manifest.json lists \(entry.layers.count) layers, the config \(diffIDs.count)",
                context: archive.path)
        }
        var layers: [Descriptor] = []
        for (index, path) in entry.layers.enumerated() {
            let diffID = diffIDs[index]
            guard let size = archive.size(of: path) else {
                if let foreign = entry.layerSources?[diffID.description] {
                    layers.append(foreign)
                    continue
                }
                throw ImageLayersError(.missingBlob, "layer \(path) is not in the archive", context: archive.path)
            }
            let compression = LayerCompression.sniff(try prefix(of: path))
            let named =
                path.hasPrefix("blobs/sha256/") ? Digest("sha256:" + path.dropFirst("blobs/sha256/".count)) : nil
            guard let digest = named ?? (compression == .none ? diffID : nil) else {
                throw ImageLayersError(
                    .unsupported, "compressed legacy layer \(path) has no digest to verify", context: archive.path)
            }
            let mediaType =
                switch compression {
                case .none: "application/vnd.docker.image.rootfs.diff.tar"
                case .gzip: "application/vnd.docker.image.rootfs.diff.tar.gzip"
                case .zstd: "application/vnd.oci.image.layer.v1.tar+zstd"
                }
            layers.append(Descriptor(mediaType: mediaType, digest: digest, size: size, annotations: ["member": path]))
        }
        let manifest = ImageManifest(
            mediaType: MediaType.dockerManifest,
            config: Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: layers)
        return ResolvedImage(
            reference: reference, manifestDigest: nil, manifest: manifest, config: config, configDigest: configDigest,
            warnings: warnings)
    }

    /// The first bytes of a member, to recognise its compression.
    private func prefix(of path: String) throws(ImageLayersError) -> [UInt8] {
        let reader = try archive.open(path)
        var bytes = [UInt8](repeating: 0, count: 4)
        var failure: ImageLayersError?
        let count = bytes.withUnsafeMutableBytes { raw in
            do throws(ImageLayersError) { return try reader.read(into: raw) } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return Array(bytes.prefix(count))
    }

    /// Opens a layer member.
    public func openBlob(_ layer: LayerInfo, of image: ResolvedImage) async throws(ImageLayersError) -> any BlobReader {
        if let member = layer.descriptor.annotations?["member"] { return try archive.open(member) }
        let path = OCILayoutSource.blobPath(layer.descriptor.digest)
        if archive.contains(path) { return try archive.open(path) }
        let hint = layer.isForeign ? " (a foreign layer: fetch it from its URLs)" : ""
        throw ImageLayersError(
            .missingBlob, "layer \(layer.descriptor.digest) is not in the archive\(hint)", context: archive.path)
    }
}
