/// Media types of manifests, indexes, configs and layers (OCI image spec and Docker's v2 schema 2).
public enum MediaType {
    /// Docker v2 schema 2 manifest.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// Docker manifest list.
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// OCI image manifest.
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image index.
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// Docker image config.
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    /// OCI image config.
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    /// Every manifest type, as a registry `Accept` header must list them (distribution 2.8 returns 404 for an
    /// OCI manifest fetched by tag unless its type is accepted).
    public static let acceptedManifests = [dockerManifest, dockerManifestList, ociManifest, ociIndex]

    /// How a layer's bytes are compressed, from its media type.
    public static func compression(ofLayer mediaType: String) -> LayerCompression? {
        switch mediaType {
        case "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip":
            return .gzip
        case "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd":
            return .zstd
        case "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.docker.image.rootfs.diff.tar":
            return LayerCompression.none
        default:
            return nil
        }
    }

    /// Whether a layer is foreign / non-distributable: registries may not hold its blob.
    public static func isForeign(layer mediaType: String) -> Bool {
        mediaType.contains(".foreign.") || mediaType.contains(".nondistributable.")
    }
}

/// How a layer blob is compressed.
public enum LayerCompression: String, Sendable, Hashable, Codable {
    /// An uncompressed tar.
    case none
    /// gzip (RFC 1952), possibly several members.
    case gzip
    /// Zstandard frames.
    case zstd

    /// Recognises the compression from a blob's first bytes; `.none` when neither magic matches.
    public static func sniff(_ prefix: some Collection<UInt8>) -> LayerCompression {
        let bytes = Array(prefix.prefix(4))
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        if bytes == [0x28, 0xB5, 0x2F, 0xFD] { return .zstd }
        return .none
    }
}
