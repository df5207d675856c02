/// A content descriptor: what a manifest or index says about a blob (OCI image spec, "Descriptors").
public struct Descriptor: Sendable, Hashable, Codable {
    /// The blob's media type.
    public let mediaType: String
    /// The blob's digest.
    public let digest: Digest
    /// The blob's size in bytes.
    public let size: Int64
    /// Where else the blob may be fetched (foreign layers).
    public let urls: [String]?
    /// Annotations, such as `org.opencontainers.image.ref.name`.
    public let annotations: [String: String]?
    /// The platform, in an index.
    public let platform: Platform?

    /// Creates a descriptor.
    public init(
        mediaType: String, digest: Digest, size: Int64, urls: [String]? = nil, annotations: [String: String]? = nil,
        platform: Platform? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.urls = urls
        self.annotations = annotations
        self.platform = platform
    }
}

extension Descriptor {
    /// The keys of a descriptor in JSON.
    private enum CodingKeys: String, CodingKey {
        case mediaType, digest, size, urls, annotations, platform
    }

    /// Reads a descriptor, refusing a negative size (a blob cannot have one; the OCI spec's `size` is the
    /// number of bytes) so the manifest is rejected where it is wrong, not at the first read of the blob.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let size = try container.decode(Int64.self, forKey: .size)
        guard size >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .size, in: container, debugDescription: "negative size \(size)")
        }
        self.init(
            mediaType: try container.decode(String.self, forKey: .mediaType),
            digest: try container.decode(Digest.self, forKey: .digest), size: size,
            urls: try container.decodeIfPresent([String].self, forKey: .urls),
            annotations: try container.decodeIfPresent([String: String].self, forKey: .annotations),
            platform: try container.decodeIfPresent(Platform.self, forKey: .platform))
    }
}

/// An image platform: `windows/amd64` and, for Windows, the OS version it was built for.
public struct Platform: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Operating system, e.g. `windows`.
    public let os: String
    /// CPU architecture, e.g. `amd64`.
    public let architecture: String
    /// The variant (`v8` for arm64), if any.
    public let variant: String?
    /// The OS version, e.g. `10.0.20348.2227`.
    public let osVersion: String?
    /// OS features, e.g. `win32k`.
    public let osFeatures: [String]?

    /// JSON keys as the specs spell them.
    enum CodingKeys: String, CodingKey {
        case os, architecture, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    /// Creates a platform.
    public init(
        os: String, architecture: String, variant: String? = nil, osVersion: String? = nil,
        osFeatures: [String]? = nil
    ) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.osVersion = osVersion
        self.osFeatures = osFeatures
    }

    /// `windows/amd64`, the platform scanned when none is asked for.
    public static let windowsAMD64 = Platform(os: "windows", architecture: "amd64")

    /// Parses `os/architecture[/variant]`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/").map(String.init)
        guard (2...3).contains(parts.count) else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// `os/architecture[/variant]`.
    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    /// Whether this entry satisfies a request for `wanted` (OS and architecture equal; variant and OS version
    /// compared only when the request names them).
    public func satisfies(_ wanted: Platform) -> Bool {
        os.lowercased() == wanted.os.lowercased() && architecture.lowercased() == wanted.architecture.lowercased()
            && (wanted.variant == nil || variant == wanted.variant)
            && (wanted.osVersion == nil || osVersion == wanted.osVersion)
    }
}
