import Foundation

/// An image in a registry (`registry:REF`), read over the Distribution API v2 (distribution spec, "Pulling").
///
/// Manifests are asked for with every manifest media type in `Accept` (distribution 2.8 answers 404 for an OCI
/// manifest fetched by tag otherwise) and verified: the body must hash to the pinned digest and to the
/// `Docker-Content-Digest` the registry states. A manifest list or OCI index is resolved to the requested
/// platform (``ImageIndex/manifest(for:)``, `os.version` included). The config is fetched and verified; layer
/// blobs are streamed, never held whole, and verified by the layer pipeline as they are read.
///
/// Authentication follows the registry's `WWW-Authenticate` challenge: anonymous, Basic, or Bearer tokens from
/// its token server, with the caller's credentials or those `~/.docker/config.json` holds. Redirects (to blob
/// storage) are followed without the registry's credentials when they lead to another host. Connection
/// errors, timeouts, 429 and 5xx answers are retried a bounded number of times. A foreign layer the registry
/// does not hold is fetched from its descriptor's `urls`, only from hosts the caller allows.
public struct RegistrySource: ImageSource {
    /// How the source was named: `registry:host/repository:tag`.
    public let reference: String
    /// The image reference.
    public let image: RegistryReference
    /// How to talk to the registry.
    public let options: RegistryOptions
    /// The connection state shared by copies of this source (tokens).
    let client: RegistryClient

    /// A source for `reference` (`host[:port]/repository[:tag][@digest]`, without the `registry:` prefix).
    public init(_ reference: String, options: RegistryOptions = RegistryOptions()) throws(ImageLayersError) {
        try self.init(RegistryReference(parsing: reference), options: options)
    }

    /// A source for `image`; reads the Docker config now when the options allow it and give no credentials.
    public init(_ image: RegistryReference, options: RegistryOptions = RegistryOptions()) throws(ImageLayersError) {
        self.image = image
        self.options = options
        reference = "registry:" + image.description
        var credentials = options.credentials
        var source = "given by the caller"
        if credentials == nil, options.readsDockerConfig {
            let path = options.dockerConfigPath ?? RegistryCredentials.defaultDockerConfigPath
            credentials = try RegistryCredentials.fromDockerConfig(registry: image.registry, path: path)
            source = "from \(path)"
        }
        client = RegistryClient(image: image, options: options, credentials: credentials, credentialSource: source)
    }

    /// Fetches the manifest (through any index, to `platform`) and the config, verifying both.
    public func resolve(platform: Platform) async throws(ImageLayersError) -> ResolvedImage {
        var notes: [String] = []
        var document = try await client.manifest(image.manifestReference, pinned: image.digest)
        for _ in 0..<8 {
            switch try document.kind() {
            case .manifest:
                let manifest = try ImageManifest.decode(document.bytes, context: document.url)
                let configBytes = try await client.smallBlob(manifest.config, what: "config")
                let config = try ImageConfig.decode(configBytes, context: "config \(manifest.config.digest)")
                return ResolvedImage(
                    reference: reference, manifestDigest: document.digest, manifest: manifest, config: config,
                    configDigest: manifest.config.digest, notes: notes)
            case .index:
                let index = try ImageIndex.decode(document.bytes, context: document.url)
                let unlabelled = index.manifests.count == 1 && index.manifests.first?.platform == nil
                guard let chosen = index.manifest(for: platform) ?? (unlabelled ? index.manifests.first : nil) else {
                    let offered = index.manifests.map { descriptor in
                        descriptor.platform.map { platform in
                            platform.description + (platform.osVersion.map { " " + $0 } ?? "")
                        } ?? "unlabelled"
                    }
                    throw ImageLayersError(
                        .noMatchingImage,
                        "no \(platform)\(platform.osVersion.map { " " + $0 } ?? "") image in the index "
                            + "(it offers \(offered.joined(separator: ", ")))", context: document.url)
                }
                if index.manifests.count > 1 {
                    let version = chosen.platform?.osVersion.map { " " + $0 } ?? ""
                    notes.append(
                        "the index lists \(index.manifests.count) images; took \(chosen.platform?.description ?? "?")"
                            + "\(version) (\(chosen.digest))")
                }
                document = try await client.manifest(chosen.digest.description, pinned: chosen.digest)
            }
        }
        throw ImageLayersError(.badManifest, "indexes nest deeper than 8 levels", context: document.url)
    }

    /// Streams a layer blob from the registry or, for a foreign layer it lacks, from an allowed URL.
    public func openBlob(_ layer: LayerInfo, of image: ResolvedImage) async throws(ImageLayersError) -> any BlobReader {
        try await client.layerBlob(layer.descriptor)
    }
}

/// A manifest or index as the registry sent it, verified against its digest.
struct RegistryDocument: Sendable {
    /// The bytes.
    let bytes: [UInt8]
    /// Their digest.
    let digest: Digest
    /// The media type the registry declared.
    let mediaType: String?
    /// Where it came from.
    let url: String

    /// Whether it is a manifest or an index; schema 1 manifests are refused.
    func kind() throws(ImageLayersError) -> ManifestKind {
        let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        if (mediaType ?? "").contains("distribution.manifest.v1") || object?["schemaVersion"] as? Int == 1 {
            throw ImageLayersError(
                .unsupported, "Docker schema 1 manifests are not supported (push the image again)", context: url)
        }
        let declared =
            [MediaType.dockerManifest, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.ociIndex]
                .contains(mediaType ?? "") ? mediaType : nil
        return ManifestKind.of(bytes, declared: declared)
    }
}

/// The requests of one ``RegistrySource``: authenticated, retried, redirected, verified.
final class RegistryClient: Sendable {
    /// The image.
    let image: RegistryReference
    /// The options.
    let options: RegistryOptions
    /// `https://host` or `http://host`.
    let base: String
    /// The registry's origin, the only one that gets its credentials.
    let origin: String?
    /// The scope the requests need.
    let scope: String
    /// Plain requests with retries and redirects.
    let fetcher: HTTPFetcher
    /// Credentials and tokens.
    let authenticator: RegistryAuthenticator

    /// The largest manifest or index accepted.
    static let manifestLimit = 4 << 20
    /// The largest config accepted.
    static let configLimit = 16 << 20

    /// Creates the client of a source.
    init(
        image: RegistryReference, options: RegistryOptions, credentials: RegistryCredentials?, credentialSource: String
    ) {
        self.image = image
        self.options = options
        base = (options.plainHTTP ? "http://" : "https://") + image.apiHost
        origin = HTTPFetcher.origin(of: base + "/")
        scope = "repository:\(image.repository):pull"
        fetcher = HTTPFetcher(timeouts: options.timeouts, retries: options.retries)
        authenticator = RegistryAuthenticator(
            registry: image.registry, credentials: credentials, credentialSource: credentialSource, fetcher: fetcher,
            allowsPlainHTTPRealm: options.plainHTTP)
    }

    /// GETs a registry URL, answering one authentication challenge (or a rejected, expired token) per request.
    func get(_ url: String, headers: [(String, String)] = [], handling: HTTPTransport.BodyHandling)
        async throws(ImageLayersError) -> HTTPResponse
    {
        var answered = false
        var authorization = try await authenticator.authorization(scope: scope)
        while true {
            let response = try await fetcher.fetch(
                url, headers: headers, authorization: authorization, origin: origin, handling: handling)
            guard response.status == 401, HTTPFetcher.origin(of: response.url) == origin else { return response }
            guard !answered else {
                throw await authenticator.rejected(url: response.url, summary: HTTPFetcher.summary(response))
            }
            answered = true
            authorization = try await authenticator.respond(
                to: response.headerValues("WWW-Authenticate"), scope: scope, url: response.url)
        }
    }

    /// Fetches a manifest or index by tag or digest and checks its digest against `pinned` and the registry's
    /// `Docker-Content-Digest`.
    func manifest(_ reference: String, pinned: Digest?) async throws(ImageLayersError) -> RegistryDocument {
        let url = "\(base)/v2/\(image.repository)/manifests/\(reference)"
        let response = try await get(
            url, headers: [("Accept", MediaType.acceptedManifests.joined(separator: ", "))],
            handling: .collect(limit: RegistryClient.manifestLimit))
        switch response.status {
        case 200:
            break
        case 404:
            throw ImageLayersError(
                .noMatchingImage,
                "\(image.registry) has no manifest \(reference) in \(image.repository) (\(HTTPFetcher.summary(response)))",
                context: url)
        default:
            throw ImageLayersError(.network, HTTPFetcher.summary(response), context: url)
        }
        let digest = Digest.sha256(of: response.body)
        if let pinned, pinned.algorithm == "sha256", pinned != digest {
            throw ImageLayersError(
                .digestMismatch, "the registry's manifest has digest \(digest), the reference pins \(pinned)",
                context: url)
        }
        if let stated = response.header("Docker-Content-Digest").flatMap(Digest.init), stated.algorithm == "sha256",
            stated != digest
        {
            throw ImageLayersError(
                .digestMismatch, "the manifest has digest \(digest), the registry says \(stated)", context: url)
        }
        let mediaType = response.header("Content-Type").map {
            String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
        }
        return RegistryDocument(bytes: response.body, digest: pinned ?? digest, mediaType: mediaType, url: url)
    }

    /// Fetches a small blob (the config) whole and verifies its size and digest.
    func smallBlob(_ descriptor: Descriptor, what: String) async throws(ImageLayersError) -> [UInt8] {
        let url = blobURL(descriptor.digest)
        guard descriptor.size <= Int64(RegistryClient.configLimit) else {
            throw ImageLayersError(.tooLarge, "\(what) is \(descriptor.size) bytes", context: url)
        }
        let response = try await get(url, handling: .collect(limit: RegistryClient.configLimit))
        switch response.status {
        case 200: break
        case 404:
            throw ImageLayersError(.missingBlob, "the registry has no \(what) blob \(descriptor.digest)", context: url)
        default: throw ImageLayersError(.network, HTTPFetcher.summary(response), context: url)
        }
        if descriptor.size >= 0, response.body.count != descriptor.size {
            throw ImageLayersError(
                .sizeMismatch, "\(what) has \(response.body.count) bytes, its descriptor says \(descriptor.size)",
                context: url)
        }
        do {
            try BlobCheck.verify(response.body, descriptor.digest, what: what)
        } catch {
            throw ImageLayersError(error.code, error.message, context: url)
        }
        return response.body
    }

    /// Opens a layer blob as a stream: from the registry, else (foreign layers) from an allowed URL.
    func layerBlob(_ descriptor: Descriptor) async throws(ImageLayersError) -> any BlobReader {
        let url = blobURL(descriptor.digest)
        let response = try await get(url, handling: .stream)
        if let stream = response.stream { return stream }
        let urls = descriptor.urls ?? []
        guard response.status == 404 || response.status == 403, !urls.isEmpty else {
            if response.status == 404 {
                throw ImageLayersError(.missingBlob, "the registry has no blob \(descriptor.digest)", context: url)
            }
            throw ImageLayersError(.network, HTTPFetcher.summary(response), context: url)
        }
        return try await foreignBlob(descriptor, registryURL: url)
    }

    /// Streams a foreign layer from the first of its URLs whose host the caller allows.
    private func foreignBlob(_ descriptor: Descriptor, registryURL: String) async throws(ImageLayersError)
        -> any BlobReader
    {
        var refused: [String] = []
        var failure: ImageLayersError?
        let allowed = Set(options.allowedForeignHosts.map { $0.lowercased() })
        for candidate in descriptor.urls ?? [] {
            guard let parsed = URL(string: candidate), let scheme = parsed.scheme?.lowercased(),
                scheme == "https" || scheme == "http", let host = parsed.host?.lowercased()
            else { continue }
            let hostPort = parsed.port.map { "\(host):\($0)" } ?? host
            guard allowed.contains(host) || allowed.contains(hostPort) else {
                if !refused.contains(hostPort) { refused.append(hostPort) }
                continue
            }
            do {
                let response = try await fetcher.fetch(candidate, handling: .stream)
                if let stream = response.stream { return stream }
                failure = ImageLayersError(
                    .network, "foreign layer URL: \(HTTPFetcher.summary(response))", context: candidate)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        let hosts = refused.joined(separator: ", ")
        let first = refused.first ?? "HOST"
        throw ImageLayersError(
            .missingBlob,
            "layer \(descriptor.digest) is a foreign layer that \(image.registry) does not hold; "
                + (refused.isEmpty
                    ? "its descriptor has no http(s) URL to fetch it from"
                    : "its URLs are on \(hosts), not an allowed host: allow it with allowedForeignHosts "
                        + "(winscan --allow-foreign-host \(first))"),
            context: registryURL)
    }

    /// The URL of a blob.
    func blobURL(_ digest: Digest) -> String { "\(base)/v2/\(image.repository)/blobs/\(digest)" }
}
