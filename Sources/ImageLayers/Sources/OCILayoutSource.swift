/// An OCI image layout (`oci-layout`, `index.json`, `blobs/…`), in a folder (`oci-dir:`) or a tar
/// (`oci-archive:`); also the OCI-style `docker save` archives newer Docker writes.
public struct OCILayoutSource: ImageSource {
    /// The files.
    let storage: any LayoutStorage
    /// The tag or full name asked for (`org.opencontainers.image.ref.name`), if any.
    let tag: String?
    /// How the source was named.
    public let reference: String

    /// A layout folder.
    public static func directory(_ path: String, tag: String? = nil) throws(ImageLayersError) -> OCILayoutSource {
        OCILayoutSource(storage: try FolderStorage(path: path), tag: tag, reference: "oci-dir:" + path)
    }

    /// A layout tar (optionally compressed).
    public static func archive(_ path: String, tag: String? = nil) throws(ImageLayersError) -> OCILayoutSource {
        OCILayoutSource(storage: try OuterArchive(path: path), tag: tag, reference: "oci-archive:" + path)
    }

    /// Whether `storage` holds an OCI layout.
    static func isLayout(_ storage: any LayoutStorage) -> Bool {
        storage.contains("oci-layout") && storage.contains("index.json")
    }

    /// Resolves `index.json` → (tag) → nested indexes → the manifest for `platform`.
    public func resolve(platform: Platform) async throws(ImageLayersError) -> ResolvedImage {
        guard OCILayoutSource.isLayout(storage) else {
            throw ImageLayersError(
                .notAnImage, "not an OCI image layout (no oci-layout and index.json)", context: storage.path)
        }
        let index = try ImageIndex.decode(try storage.contents(of: "index.json"), context: storage.path + "/index.json")
        var candidates = index.manifests
        var warnings: [String] = []
        if let tag {
            candidates = candidates.filter { descriptor in
                guard let name = descriptor.annotations?["org.opencontainers.image.ref.name"] else { return false }
                return name == tag || name.hasSuffix(":" + tag)
            }
            guard !candidates.isEmpty else {
                throw ImageLayersError(.noMatchingImage, "no image tagged \(tag) in index.json", context: storage.path)
            }
        }
        let start: Descriptor
        if candidates.count == 1, let only = candidates.first {
            start = only
        } else if let match = ImageIndex(schemaVersion: 2, mediaType: nil, manifests: candidates).manifest(
            for: platform)
        {
            start = match
        } else if let first = candidates.first, tag == nil {
            let names = candidates.compactMap { $0.annotations?["org.opencontainers.image.ref.name"] }
            warnings.append(
                "index.json lists \(candidates.count) images (\(names.joined(separator: ", "))); took the first")
            start = first
        } else {
            throw ImageLayersError(.noMatchingImage, "index.json lists no image", context: storage.path)
        }
        let (manifestDigest, manifest) = try resolveManifest(start, platform: platform, depth: 0)
        let configBytes = try blob(manifest.config)
        let config = try ImageConfig.decode(configBytes, context: "config \(manifest.config.digest)")
        return ResolvedImage(
            reference: reference, manifestDigest: manifestDigest, manifest: manifest, config: config,
            configDigest: manifest.config.digest, warnings: warnings)
    }

    /// Follows indexes down to a manifest.
    private func resolveManifest(_ descriptor: Descriptor, platform: Platform, depth: Int) throws(ImageLayersError)
        -> (Digest, ImageManifest)
    {
        guard depth < 8 else {
            throw ImageLayersError(.badManifest, "indexes nest deeper than 8 levels", context: storage.path)
        }
        let bytes = try blob(descriptor)
        switch ManifestKind.of(bytes, declared: descriptor.mediaType) {
        case .manifest:
            return (descriptor.digest, try ImageManifest.decode(bytes, context: "manifest \(descriptor.digest)"))
        case .index:
            let index = try ImageIndex.decode(bytes, context: "index \(descriptor.digest)")
            guard let next = index.manifest(for: platform) ?? (index.manifests.count == 1 ? index.manifests.first : nil)
            else {
                let offered = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
                throw ImageLayersError(
                    .noMatchingImage, "no \(platform) image in the index (it offers \(offered))",
                    context: "index \(descriptor.digest)")
            }
            return try resolveManifest(next, platform: platform, depth: depth + 1)
        }
    }

    /// The path of a blob.
    static func blobPath(_ digest: Digest) -> String { "blobs/\(digest.algorithm)/\(digest.encoded)" }

    /// A small blob's bytes, verified against its digest.
    private func blob(_ descriptor: Descriptor) throws(ImageLayersError) -> [UInt8] {
        let path = OCILayoutSource.blobPath(descriptor.digest)
        guard storage.contains(path) else {
            throw ImageLayersError(
                .missingBlob, "blob \(descriptor.digest) is not in the layout", context: storage.path)
        }
        let bytes = try storage.contents(of: path)
        try BlobCheck.verify(bytes, descriptor.digest, what: "blob \(path)")
        return bytes
    }

    /// Opens a layer blob.
    public func openBlob(_ layer: LayerInfo, of image: ResolvedImage) async throws(ImageLayersError) -> any BlobReader {
        let path = OCILayoutSource.blobPath(layer.descriptor.digest)
        guard storage.contains(path) else {
            let hint = layer.isForeign ? " (a foreign layer: fetch it from its URLs)" : ""
            throw ImageLayersError(
                .missingBlob, "layer blob \(layer.descriptor.digest) is not in the layout\(hint)", context: storage.path
            )
        }
        return try storage.open(path)
    }
}
