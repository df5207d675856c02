/// The parts of an image config a Windows scan needs (OCI image spec, "Image Configuration").
public struct ImageConfig: Sendable, Hashable, Codable {
    /// Operating system, `windows` for Windows images.
    public let os: String
    /// CPU architecture.
    public let architecture: String
    /// The OS version Docker copied from the base image (`10.0.20348.4294`): a cross-check, not the truth.
    public let osVersion: String?
    /// OS features.
    public let osFeatures: [String]?
    /// The layer history, base first (Windows: "Apply image …", "Install update …").
    public let history: [History]?
    /// The uncompressed layer digests.
    public let rootfs: RootFS

    /// JSON keys as the spec spells them.
    enum CodingKeys: String, CodingKey {
        case os, architecture, history, rootfs
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    /// One history entry.
    public struct History: Sendable, Hashable, Codable {
        /// When the layer was made.
        public let created: String?
        /// The command that made it.
        public let createdBy: String?
        /// A comment, e.g. `Install update 10.0.20348.5499`.
        public let comment: String?
        /// Whether the entry made no layer.
        public let emptyLayer: Bool?

        /// JSON keys as the spec spells them.
        enum CodingKeys: String, CodingKey {
            case created, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }
    }

    /// The uncompressed layer digests.
    public struct RootFS: Sendable, Hashable, Codable {
        /// Always `layers`.
        public let type: String
        /// One diff-id per layer, base first.
        public let diffIDs: [Digest]

        /// JSON keys as the spec spells them.
        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }
    }

    /// Decodes a config, with an error that says what is wrong.
    public static func decode(_ bytes: [UInt8], context: String) throws(ImageLayersError) -> ImageConfig {
        try JSONInput.decode(
            ImageConfig.self, from: bytes, what: "image config", context: context,
            caseInsensitiveKeys: [
                "architecture", "os", "os.version", "os.features", "history", "rootfs", "type", "diff_ids",
                "created", "created_by", "comment", "empty_layer",
            ])
    }

    /// The history entries that made layers, in layer order.
    public var layerHistory: [History] { (history ?? []).filter { $0.emptyLayer != true } }
}
