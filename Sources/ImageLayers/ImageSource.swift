/// Where an image comes from: a `docker save` archive, an OCI layout, a registry, a daemon.
///
/// A source resolves the image for a platform (manifest, config, layers in order) and opens blobs for
/// streaming. Sources never extract anything to disk.
public protocol ImageSource: Sendable {
    /// How the source was named (`docker-archive:/tmp/x.tar`), for errors and reports.
    var reference: String { get }

    /// Resolves the image for `platform`: its manifest (through any index), config and layers.
    func resolve(platform: Platform) async throws(ImageLayersError) -> ResolvedImage

    /// Opens a layer's blob for reading, from the start.
    func openBlob(_ layer: LayerInfo, of image: ResolvedImage) async throws(ImageLayersError) -> any BlobReader
}

/// An image resolved to one platform: what the manifest and config say, before any layer is read.
public struct ResolvedImage: Sendable, Hashable {
    /// How the source was named.
    public let reference: String
    /// The manifest's digest, when the source has the manifest as a blob.
    public let manifestDigest: Digest?
    /// The manifest (synthesised for legacy `docker save` archives, which have none).
    public let manifest: ImageManifest
    /// The config.
    public let config: ImageConfig
    /// The config's digest.
    public let configDigest: Digest
    /// The layers, base first, with their diff-ids and history comments.
    public let layers: [LayerInfo]
    /// Remarks about the resolution (which of several images was taken, the engine an image was exported from…).
    public let notes: [String]
    /// The notes a scan report must carry as warnings: choices made without the user's say (the first of several
    /// images taken because no tag named one). Every warning is among the ``notes`` too.
    public let warnings: [String]

    /// Assembles an image from its manifest and config, pairing layers with diff-ids and history; `warnings` are
    /// added to `notes` where not already there.
    public init(
        reference: String, manifestDigest: Digest?, manifest: ImageManifest, config: ImageConfig,
        configDigest: Digest, notes: [String] = [], warnings: [String] = []
    ) {
        self.reference = reference
        self.manifestDigest = manifestDigest
        self.manifest = manifest
        self.config = config
        self.configDigest = configDigest
        let history = config.layerHistory
        let diffIDs = config.rootfs.diffIDs
        layers = manifest.layers.enumerated().map { index, descriptor in
            LayerInfo(
                index: index, descriptor: descriptor, diffID: index < diffIDs.count ? diffIDs[index] : nil,
                comment: history.count == manifest.layers.count ? history[index].comment : nil)
        }
        self.notes = notes + warnings.filter { !notes.contains($0) }
        self.warnings = warnings
    }

    /// The platform the config declares.
    public var platform: Platform {
        Platform(
            os: config.os, architecture: config.architecture, osVersion: config.osVersion,
            osFeatures: config.osFeatures)
    }
}

/// Checks that bytes have the digest a descriptor promised.
enum BlobCheck {
    /// Throws `.digestMismatch` unless `bytes` hash to `digest` (sha256 only; other algorithms are not checked).
    static func verify(_ bytes: [UInt8], _ digest: Digest, what: String) throws(ImageLayersError) {
        guard digest.algorithm == "sha256" else { return }
        let actual = Digest.sha256(of: bytes)
        guard actual == digest else {
            throw ImageLayersError(.digestMismatch, "\(what) has digest \(actual), expected \(digest)")
        }
    }
}
