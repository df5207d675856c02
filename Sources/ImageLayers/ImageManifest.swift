import Foundation

/// An image manifest (OCI image manifest or Docker v2 schema 2): the config and the layers, in order.
public struct ImageManifest: Sendable, Hashable, Codable {
    /// Always 2.
    public let schemaVersion: Int
    /// The manifest's own media type, when it states it.
    public let mediaType: String?
    /// The image config blob.
    public let config: Descriptor
    /// The layers, base first.
    public let layers: [Descriptor]

    /// Creates a manifest.
    public init(schemaVersion: Int = 2, mediaType: String?, config: Descriptor, layers: [Descriptor]) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
    }

    /// Decodes a manifest, with an error that says what is wrong.
    public static func decode(_ bytes: [UInt8], context: String) throws(ImageLayersError) -> ImageManifest {
        try JSONInput.decode(ImageManifest.self, from: bytes, what: "image manifest", context: context)
    }
}

/// An image index (OCI) or manifest list (Docker): one manifest per platform.
public struct ImageIndex: Sendable, Hashable, Codable {
    /// Always 2.
    public let schemaVersion: Int
    /// The index's own media type, when it states it.
    public let mediaType: String?
    /// The manifests it lists.
    public let manifests: [Descriptor]

    /// Creates an index.
    public init(schemaVersion: Int = 2, mediaType: String?, manifests: [Descriptor]) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.manifests = manifests
    }

    /// Decodes an index, with an error that says what is wrong.
    public static func decode(_ bytes: [UInt8], context: String) throws(ImageLayersError) -> ImageIndex {
        try JSONInput.decode(ImageIndex.self, from: bytes, what: "image index", context: context)
    }

    /// The manifest for `platform`: for Windows, the one whose `os.version` is highest when several match
    /// and the request names no version.
    public func manifest(for platform: Platform) -> Descriptor? {
        let candidates = manifests.filter { $0.platform?.satisfies(platform) ?? false }
        return candidates.max { lhs, rhs in
            WindowsVersion(lhs.platform?.osVersion ?? "") < WindowsVersion(rhs.platform?.osVersion ?? "")
        }
    }
}

/// What kind of JSON document a blob is: a manifest or an index (by media type, or by shape).
enum ManifestKind {
    /// An image manifest.
    case manifest
    /// An index or manifest list.
    case index

    /// Tells a manifest from an index by its declared media type, else by whether it has `manifests` or `layers`.
    static func of(_ bytes: [UInt8], declared: String?) -> ManifestKind {
        switch declared {
        case MediaType.ociIndex?, MediaType.dockerManifestList?: return .index
        case MediaType.ociManifest?, MediaType.dockerManifest?: return .manifest
        default:
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            if let type = object?["mediaType"] as? String,
                type == MediaType.ociIndex || type == MediaType.dockerManifestList
            {
                return .index
            }
            return object?["manifests"] != nil ? .index : .manifest
        }
    }
}

/// A dotted version such as `10.0.20348.2227`, compared numerically component by component.
struct WindowsVersion: Comparable {
    /// The numeric components (non-numeric ones count as 0).
    let components: [Int]

    /// Parses `text`.
    init(_ text: String) { components = text.split(separator: ".").map { Int($0) ?? 0 } }

    /// Numeric, component-wise order; missing components count as 0.
    static func < (lhs: WindowsVersion, rhs: WindowsVersion) -> Bool {
        for index in 0..<max(lhs.components.count, rhs.components.count) {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }
}

/// A coding key made from a string.
struct AnyCodingKey: CodingKey {
    /// The key.
    let stringValue: String
    /// Never an index.
    var intValue: Int? { nil }
    /// Wraps a string.
    init(_ string: String) { stringValue = string }
    /// Wraps a string.
    init?(stringValue: String) { self.stringValue = stringValue }
    /// Not used.
    init?(intValue: Int) { nil }
}

/// JSON decoding with errors that name the document.
enum JSONInput {
    /// Decodes `type` from `bytes` or throws `.badManifest` naming `what` and `context`.
    ///
    /// With `caseInsensitiveKeys`, object keys that equal one of them ignoring case are read as that key, as
    /// Go's `encoding/json` (which Docker and containerd use) matches fields (real configs carry `"rootfS"`).
    static func decode<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], what: String, context: String, caseInsensitiveKeys: [String] = []
    ) throws(ImageLayersError) -> T {
        do {
            let decoder = JSONDecoder()
            if !caseInsensitiveKeys.isEmpty {
                var canonical: [String: String] = [:]
                for key in caseInsensitiveKeys { canonical[key.lowercased()] = key }
                let table = canonical
                decoder.keyDecodingStrategy = .custom { path in
                    let key = path.last?.stringValue ?? ""
                    return AnyCodingKey(table[key.lowercased()] ?? key)
                }
            }
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw ImageLayersError(.badManifest, "\(what) is not valid: \(describe(error))", context: context)
        } catch {
            throw ImageLayersError(.badManifest, "\(what) is not valid JSON", context: context)
        }
    }

    /// One line about a decoding error: what and where.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty
                ? "top level"
                : codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
                    .joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.underlyingError == nil
                ? "\(context.debugDescription) at \(path(context.codingPath))"
                : "not JSON"
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath))"
        @unknown default: return "undecodable"
        }
    }
}
