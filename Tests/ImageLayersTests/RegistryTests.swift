import Foundation
import ImageLayers
import TestSupport
import Testing

/// `registry:` against a real Debian `docker-registry` (distribution 2.8) in three authentication modes, with
/// the test image pushed by skopeo in every manifest form, read back identically to its local forms.
@Suite("Registry source")
struct RegistryTests {
    /// Options for a registry on 127.0.0.1.
    static func local(_ credentials: RegistryCredentials? = nil) -> RegistryOptions {
        RegistryOptions(
            plainHTTP: true, credentials: credentials, readsDockerConfig: false,
            timeouts: HTTPTimeouts(connect: .seconds(5), read: .seconds(20)), retryDelay: .milliseconds(100))
    }

    /// An OCI layout holding two indexes: `multi` (the image for windows/amd64 10.0.20348, a one-layer image
    /// for windows/amd64 10.0.17763 and a linux/amd64 image) and `linux-only` (linux/amd64 and linux/arm64).
    static func multiPlatformLayout(_ fixture: WindowsImageFixture, in scratch: Scratch) throws -> String {
        var older = WindowsImageFixture(layers: [WindowsImageFixture.baseLayer()])
        older.osVersion = "10.0.17763.5000"
        older.comments = ["Apply image 10.0.17763.5000"]
        var linux = fixture
        linux.os = "linux"
        var arm = linux
        arm.architecture = "arm64"
        var files: [String: [UInt8]] = [:]
        func entry(_ image: WindowsImageFixture) -> String {
            for (path, bytes) in image.ociLayout() where path.hasPrefix("blobs/") { files[path] = bytes }
            let manifest = image.ociManifest().manifest
            let version = image.os == "windows" ? #","os.version":"\#(image.osVersion)""# : ""
            return #"{"mediaType":"application/vnd.oci.image.manifest.v1+json","#
                + #""digest":"\#(WindowsImageFixture.digest(manifest))","size":\#(manifest.count),"#
                + #""platform":{"architecture":"\#(image.architecture)","os":"\#(image.os)"\#(version)}}"#
        }
        func index(_ entries: [String], tag: String) -> String {
            let bytes = Array(
                (#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":["#
                    + entries.joined(separator: ",") + "]}").utf8)
            let digest = WindowsImageFixture.digest(bytes)
            files["blobs/sha256/" + digest.dropFirst(7)] = bytes
            return #"{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"\#(digest)","#
                + #""size":\#(bytes.count),"annotations":{"org.opencontainers.image.ref.name":"\#(tag)"}}"#
        }
        let multi = index([entry(older), entry(fixture), entry(linux)], tag: "multi")
        let linuxOnly = index([entry(linux), entry(arm)], tag: "linux-only")
        files["oci-layout"] = Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)
        files["index.json"] = Array(#"{"schemaVersion":2,"manifests":[\#(multi),\#(linuxOnly)]}"#.utf8)
        return try scratch.writeLayout(files, in: "multi-layout")
    }

    /// One registry, every form: OCI and Docker v2 manifests by tag, a manifest by digest, a multi-platform
    /// index (resolved to windows/amd64, `os.version` respected), a foreign layer served from a second loopback
    /// server; all read back identically to the docker-archive and OCI-layout forms. Also what must fail:
    /// a tag that does not exist, a Linux-only index, a foreign layer from a host not allowed.
    @Test(requiresTools("docker-registry", "skopeo", "python3"), .timeLimit(.minutes(2)))
    func everyFormReadsIdentically() async throws {
        let scratch = try Scratch()
        let image = try await NetworkFixture.make(in: scratch)
        let registry = try await RegistryServer(auth: .none, in: scratch)
        defer { registry.stop() }
        let digest = try await registry.push("oci:\(image.layout):ltsc2022", to: "win/test:ltsc2022", in: scratch)
        try await registry.push(
            "oci:\(image.layout):ltsc2022", to: "win/test:v2s2", in: scratch, options: ["--format", "v2s2"])
        let multi = try Self.multiPlatformLayout(image.fixture, in: scratch)
        try await registry.push("oci:\(multi):multi", to: "win/test:multi", in: scratch, options: ["--all"])
        try await registry.push("oci:\(multi):linux-only", to: "win/test:linux-only", in: scratch, options: ["--all"])

        let host = registry.host
        for reference in ["win/test:ltsc2022", "win/test:v2s2", "win/test@\(digest)", "win/test:multi"] {
            let source = try RegistrySource("\(host)/\(reference)", options: Self.local())
            #expect(try await facts(source) == image.expected, "\(reference)")
        }
        let resolved = try await ImageReader().resolve(
            try RegistrySource("\(host)/win/test:v2s2", options: Self.local()))
        #expect(resolved.manifest.mediaType == MediaType.dockerManifest)
        #expect(resolved.layers.map(\.comment) == image.fixture.comments)

        // The index: the highest os.version by default, the one asked for when the platform names it.
        let multi2022 = try RegistrySource("\(host)/win/test:multi", options: Self.local())
        let chosen = try await ImageReader().resolve(multi2022)
        #expect(chosen.config.osVersion == "10.0.20348.4294")
        #expect(chosen.notes.contains { $0.contains("3 images") })
        let ltsc2019 = Platform(os: "windows", architecture: "amd64", osVersion: "10.0.17763.5000")
        let older = try await facts(multi2022, platform: ltsc2019)
        #expect(older.osVersion == "10.0.17763.5000")
        #expect(older.layers.count == 1)
        let pinned = Platform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.4294")
        #expect(try await facts(multi2022, platform: pinned) == image.expected)

        let linuxOnly = await readError(try RegistrySource("\(host)/win/test:linux-only", options: Self.local()))
        #expect(linuxOnly?.code == .noMatchingImage)
        #expect(linuxOnly?.message.contains("linux/arm64") == true, "\(String(describing: linuxOnly))")
        let missingTag = await readError(try RegistrySource("\(host)/win/test:no-such-tag", options: Self.local()))
        #expect(missingTag?.code == .noMatchingImage)
        #expect(missingTag?.description.contains("MANIFEST_UNKNOWN") == true, "\(String(describing: missingTag))")
        let missingRepository = await readError(try RegistrySource("\(host)/win/nothing:1", options: Self.local()))
        #expect(missingRepository?.code == .noMatchingImage)

        try await Self.checkForeignLayer(image, registry: registry, in: scratch)
    }

    /// A manifest whose second layer is foreign: the registry holds the config and the first layer only, the
    /// layer is served by a second loopback server its descriptor's `urls` name.
    static func checkForeignLayer(_ image: NetworkFixture, registry: RegistryServer, in scratch: Scratch) async throws {
        let config = image.fixture.config()
        let base = image.fixture.blob(ofLayer: 0)
        let update = image.fixture.blob(ofLayer: 1)
        let updateDigest = WindowsImageFixture.digest(update)
        let storage = try await FakeHTTPServer(
            ["GET /layers/\(updateDigest)": [.init(body: update)]], in: scratch, name: "foreign")
        defer { storage.stop() }
        let manifest =
            #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","#
            + #""config":{"mediaType":"application/vnd.docker.container.image.v1+json","#
            + #""digest":"\#(WindowsImageFixture.digest(config))","size":\#(config.count)},"layers":["#
            + #"{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","#
            + #""digest":"\#(WindowsImageFixture.digest(base))","size":\#(base.count)},"#
            + #"{"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","#
            + #""digest":"\#(updateDigest)","size":\#(update.count),"#
            + #""urls":["http://\#(storage.host)/layers/\#(updateDigest)"]}]}"#
        try await ServerProcess.run(
            try Tools.require("python3"),
            [
                Tools.script("push-manifest.py"), "--registry", "http://\(registry.host)", "--repository",
                "win/foreign", "--tag", "v1", "--media-type", MediaType.dockerManifest, "--manifest",
                try scratch.write("foreign/manifest.json", Array(manifest.utf8)), "--blob",
                try scratch.write("foreign/config", config), "--blob", try scratch.write("foreign/base", base),
            ], in: scratch.url.path)

        var allowed = local()
        allowed.allowedForeignHosts = ["127.0.0.1"]
        let source = try RegistrySource("\(registry.host)/win/foreign:v1", options: allowed)
        #expect(try await facts(source) == image.expected)
        #expect(storage.requests.contains { $0.path == "/layers/\(updateDigest)" && $0.authorization == nil })

        let refused = await readError(try RegistrySource("\(registry.host)/win/foreign:v1", options: local()))
        #expect(refused?.code == .missingBlob)
        #expect(refused?.description.contains(storage.host) == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("allowedForeignHosts") == true)
        #expect(refused?.description.contains("layer 1") == true)
    }

    /// htpasswd Basic authentication: credentials from the caller and from a Docker config file; none, or a
    /// wrong password, end in one clear 401 line.
    @Test(requiresTools("docker-registry", "skopeo", "htpasswd"), .timeLimit(.minutes(2)))
    func basicAuthentication() async throws {
        let scratch = try Scratch()
        let image = try await NetworkFixture.make(in: scratch)
        let good = RegistryCredentials(username: "winscan", password: "s3cret pass")
        let registry = try await RegistryServer(
            auth: .basic(username: good.username, password: good.password), in: scratch)
        defer { registry.stop() }
        try await registry.push(
            "oci:\(image.layout):ltsc2022", to: "win/test:ltsc2022", in: scratch,
            credentials: (good.username, good.password))
        let reference = "\(registry.host)/win/test:ltsc2022"

        #expect(try await facts(try RegistrySource(reference, options: Self.local(good))) == image.expected)

        let encoded = Data("\(good.username):\(good.password)".utf8).base64EncodedString()
        let configPath = try scratch.write(
            "docker/config.json",
            Array(#"{"auths":{"https://\#(registry.host)":{"auth":"\#(encoded)"},"other:1":{"auth":"eDp5"}}}"#.utf8))
        var fromConfig = Self.local()
        fromConfig.readsDockerConfig = true
        fromConfig.dockerConfigPath = configPath
        #expect(try await facts(try RegistrySource(reference, options: fromConfig)) == image.expected)

        let anonymous = await readError(try RegistrySource(reference, options: Self.local()))
        #expect(anonymous?.code == .network)
        #expect(anonymous?.message.contains("401") == true)
        #expect(anonymous?.message.contains("requires credentials") == true, "\(String(describing: anonymous))")
        #expect(anonymous?.context?.contains("/v2/win/test/manifests/ltsc2022") == true)

        let wrong = RegistryCredentials(username: "winscan", password: "wrong")
        let rejected = await readError(try RegistrySource(reference, options: Self.local(wrong)))
        #expect(rejected?.code == .network)
        #expect(rejected?.message.contains("rejected") == true, "\(String(describing: rejected))")
        #expect(rejected?.description.contains("wrong") == false)
        #expect(rejected?.description.contains("\n") == false)
    }

    /// Bearer tokens from a token server: with credentials, anonymous (a token without access: 401), a wrong
    /// password (the token server's 401), and a token that expired while the client still trusted it (the
    /// registry's 401 makes the client fetch a new one).
    @Test(requiresTools("docker-registry", "skopeo", "openssl", "python3"), .timeLimit(.minutes(2)))
    func bearerTokens() async throws {
        let scratch = try Scratch()
        let image = try await NetworkFixture.make(in: scratch)
        let good = RegistryCredentials(username: "winscan", password: "t0ken-pass")
        let tokens = try await TokenServer(username: good.username, password: good.password, in: scratch)
        defer { tokens.process.stop() }
        let registry = try await RegistryServer(auth: .token(tokens), in: scratch)
        defer { registry.stop() }
        try await registry.push(
            "oci:\(image.layout):ltsc2022", to: "win/test:ltsc2022", in: scratch,
            credentials: (good.username, good.password))
        let reference = "\(registry.host)/win/test:ltsc2022"

        let source = try RegistrySource(reference, options: Self.local(good))
        #expect(try await facts(source) == image.expected)

        let anonymous = await readError(try RegistrySource(reference, options: Self.local()))
        #expect(anonymous?.code == .network)
        #expect(anonymous?.message.contains("requires credentials") == true, "\(String(describing: anonymous))")

        let wrong = await readError(
            try RegistrySource(reference, options: Self.local(RegistryCredentials(username: "winscan", password: "x"))))
        #expect(wrong?.code == .network)
        #expect(wrong?.message.contains("token server rejected") == true, "\(String(describing: wrong))")

        // Tokens now expire 3 s after issue (the registry allows 60 s of clock skew) while the answer claims an
        // hour: the cached token goes stale, the registry's 401 makes the client fetch another.
        try tokens.setLifetime(-57)
        let refreshing = try RegistrySource(reference, options: Self.local(good))
        _ = try await ImageReader().resolve(refreshing)
        let before = tokens.requestCount
        try await Task.sleep(for: .seconds(4))
        #expect(try await facts(refreshing) == image.expected)
        #expect(tokens.requestCount > before)
    }
}

/// `registry:` against scripted servers that lie, stall, fail, redirect or are not there.
@Suite("Registry source against scripted servers")
struct RegistryFaultTests {
    /// Options for a scripted server: short timeouts and retry delays.
    static func options(attempts: Int = 3) -> RegistryOptions {
        RegistryOptions(
            plainHTTP: true, readsDockerConfig: false, timeouts: HTTPTimeouts(connect: .seconds(2), read: .seconds(1)),
            maximumAttempts: attempts, retryDelay: .milliseconds(50), maximumRetryDelay: .seconds(2))
    }

    /// Routes that serve the fixture as `win/test:ltsc2022` (and by digest), as a registry would.
    static func routes(_ fixture: WindowsImageFixture) -> [String: [FakeHTTPServer.Response]] {
        let (manifest, blobs) = fixture.ociManifest()
        let config = fixture.config()
        let manifestDigest = WindowsImageFixture.digest(manifest)
        let manifestAnswer = FakeHTTPServer.Response(
            headers: ["Content-Type": MediaType.ociManifest, "Docker-Content-Digest": manifestDigest], body: manifest)
        var routes: [String: [FakeHTTPServer.Response]] = [
            "GET /v2/": [.init(body: Array("{}".utf8))],
            "GET /v2/win/test/manifests/ltsc2022": [manifestAnswer],
            "GET /v2/win/test/manifests/\(manifestDigest)": [manifestAnswer],
            "GET /v2/win/test/blobs/\(WindowsImageFixture.digest(config))": [.init(body: config)],
        ]
        for blob in blobs { routes["GET /v2/win/test/blobs/\(WindowsImageFixture.digest(blob))"] = [.init(body: blob)] }
        return routes
    }

    /// The fixture's facts, read from its OCI layout.
    static func expected(_ fixture: WindowsImageFixture, in scratch: Scratch) async throws -> ImageFacts {
        try await facts(try OCILayoutSource.directory(try scratch.writeLayout(fixture.ociLayout(), in: "expected")))
    }

    /// The blob route of layer `index`.
    static func layerRoute(_ fixture: WindowsImageFixture, _ index: Int) -> String {
        "GET /v2/win/test/blobs/\(WindowsImageFixture.digest(fixture.blob(ofLayer: index)))"
    }

    @Test(requiresTools("python3")) func manifestThatLiesAboutItsDigest() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        var routes = Self.routes(fixture)
        var answer = try #require(routes["GET /v2/win/test/manifests/ltsc2022"]?.first)
        answer.headers["Docker-Content-Digest"] = WindowsImageFixture.digest(Array("other".utf8))
        routes["GET /v2/win/test/manifests/ltsc2022"] = [answer]
        let server = try await FakeHTTPServer(routes, in: scratch, name: "liar")
        defer { server.stop() }
        let error = await readError(try RegistrySource("\(server.host)/win/test:ltsc2022", options: Self.options()))
        #expect(error?.code == .digestMismatch)
        #expect(error?.message.contains("the registry says") == true, "\(String(describing: error))")
    }

    @Test(requiresTools("python3")) func manifestThatDoesNotMatchThePinnedDigest() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        let digest = WindowsImageFixture.digest(fixture.ociManifest().manifest)
        var routes = Self.routes(fixture)
        var other = fixture
        other.osVersion = "10.0.20348.9999"
        routes["GET /v2/win/test/manifests/\(digest)"] = [
            .init(headers: ["Content-Type": MediaType.ociManifest], body: other.ociManifest().manifest)
        ]
        let server = try await FakeHTTPServer(routes, in: scratch, name: "liar")
        defer { server.stop() }
        let error = await readError(try RegistrySource("\(server.host)/win/test@\(digest)", options: Self.options()))
        #expect(error?.code == .digestMismatch)
        #expect(error?.message.contains("pins") == true, "\(String(describing: error))")
    }

    @Test(requiresTools("python3")) func blobsThatLie() async throws {
        let scratch = try Scratch()
        var fixture = WindowsImageFixture.servercore()
        fixture.compression = .none
        var routes = Self.routes(fixture)
        var layer = fixture.blob(ofLayer: 1)
        layer[600] ^= 0x01  // inside a file's data: the tar still parses, the digest does not match
        routes[Self.layerRoute(fixture, 1)] = [.init(body: layer)]
        let server = try await FakeHTTPServer(routes, in: scratch, name: "liar")
        defer { server.stop() }
        let error = await readError(try RegistrySource("\(server.host)/win/test:ltsc2022", options: Self.options()))
        #expect(error?.code == .digestMismatch)
        #expect(error?.description.contains("layer 1") == true, "\(String(describing: error))")

        var lyingConfig = Self.routes(fixture)
        lyingConfig["GET /v2/win/test/blobs/\(WindowsImageFixture.digest(fixture.config()))"] = [
            .init(body: Array(fixture.config().reversed()))
        ]
        let second = try await FakeHTTPServer(lyingConfig, in: scratch, name: "config-liar")
        defer { second.stop() }
        let configError = await readError(
            try RegistrySource("\(second.host)/win/test:ltsc2022", options: Self.options()))
        #expect(configError?.code == .digestMismatch, "\(String(describing: configError))")
        #expect(configError?.context?.contains("/v2/win/test/blobs/sha256:") == true)
    }

    @Test(requiresTools("python3"), .timeLimit(.minutes(1))) func serverThatHangsTimesOut() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        var routes = Self.routes(fixture)
        routes["GET /v2/win/test/manifests/ltsc2022"] = [.init(hang: 30)]
        let server = try await FakeHTTPServer(routes, in: scratch, name: "hang")
        defer { server.stop() }
        // Ends through the client's own timeouts; the suite would hang otherwise (no wall-clock assertion).
        let error = await readError(
            try RegistrySource("\(server.host)/win/test:ltsc2022", options: Self.options(attempts: 2)))
        #expect(error?.code == .network)
        #expect(error?.message.contains("read timeout") == true, "\(String(describing: error))")
        #expect(error?.message.contains("after 2 tries") == true, "\(String(describing: error))")
        #expect(error?.context?.hasSuffix("/v2/win/test/manifests/ltsc2022") == true)
    }

    @Test(requiresTools("python3"), .timeLimit(.minutes(1))) func layerThatStallsMidStreamTimesOut() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        var routes = Self.routes(fixture)
        routes[Self.layerRoute(fixture, 0)] = [.init(body: fixture.blob(ofLayer: 0), stallAfter: 300)]
        let server = try await FakeHTTPServer(routes, in: scratch, name: "stall")
        defer { server.stop() }
        // Ends through the client's own timeouts; the suite would hang otherwise (no wall-clock assertion).
        let error = await readError(try RegistrySource("\(server.host)/win/test:ltsc2022", options: Self.options()))
        #expect(error?.code == .network)
        #expect(error?.description.contains("layer 0") == true, "\(String(describing: error))")
    }

    @Test(requiresTools("python3")) func serverErrorsAreRetried() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        var routes = Self.routes(fixture)
        let manifest = try #require(routes["GET /v2/win/test/manifests/ltsc2022"]?.first)
        routes["GET /v2/win/test/manifests/ltsc2022"] = [.init(status: 500), manifest]
        let config = "GET /v2/win/test/blobs/\(WindowsImageFixture.digest(fixture.config()))"
        routes[config] = [.init(status: 429, headers: ["Retry-After": "1"])] + (routes[config] ?? [])
        let layer = Self.layerRoute(fixture, 1)
        routes[layer] = [.init(status: 503)] + (routes[layer] ?? [])
        let server = try await FakeHTTPServer(routes, in: scratch, name: "flaky")
        defer { server.stop() }
        let start = ContinuousClock.now
        let read = try await facts(try RegistrySource("\(server.host)/win/test:ltsc2022", options: Self.options()))
        #expect(ContinuousClock.now - start >= .seconds(1))  // Retry-After was honoured
        #expect(read == (try await Self.expected(fixture, in: scratch)))
        #expect(server.requests.filter { $0.path == "/v2/win/test/manifests/ltsc2022" }.count == 2)

        routes["GET /v2/win/test/manifests/ltsc2022"] = [.init(status: 503)]
        let down = try await FakeHTTPServer(routes, in: scratch, name: "down")
        defer { down.stop() }
        let error = await readError(try RegistrySource("\(down.host)/win/test:ltsc2022", options: Self.options()))
        #expect(error?.code == .network)
        #expect(error?.message.contains("HTTP 503") == true, "\(String(describing: error))")
        #expect(error?.message.contains("after 3 tries") == true)
        #expect(down.requests.count == 3)
    }

    /// A registry that wants Basic credentials and redirects layer blobs to storage on another host: the
    /// storage gets no `Authorization` header.
    @Test(requiresTools("python3")) func redirectsDropCredentialsForAnotherHost() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        let credentials = RegistryCredentials(username: "user", password: "pass")
        let authorization = "Basic " + Data("user:pass".utf8).base64EncodedString()
        var storageRoutes: [String: [FakeHTTPServer.Response]] = [:]
        for index in fixture.layers.indices {
            let blob = fixture.blob(ofLayer: index)
            storageRoutes["GET /storage/\(WindowsImageFixture.digest(blob))"] = [.init(body: blob)]
        }
        let storage = try await FakeHTTPServer(storageRoutes, in: scratch, name: "storage")
        defer { storage.stop() }
        let challenge = FakeHTTPServer.Response(
            status: 401, headers: ["WWW-Authenticate": #"Basic realm="test""#],
            body: Array(#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#.utf8))
        var routes = Self.routes(fixture)
        for (route, answers) in routes {
            var answer = answers[0]
            if let digest = route.split(separator: "/").last, storageRoutes["GET /storage/\(digest)"] != nil {
                answer = .init(status: 307, headers: ["Location": "http://\(storage.host)/storage/\(digest)"])
            }
            answer.require = ["Authorization": authorization]
            answer.otherwise = [challenge]
            routes[route] = [answer]
        }
        let registry = try await FakeHTTPServer(routes, in: scratch, name: "registry")
        defer { registry.stop() }
        var options = Self.options()
        options.credentials = credentials
        let read = try await facts(try RegistrySource("\(registry.host)/win/test:ltsc2022", options: options))
        #expect(read == (try await Self.expected(fixture, in: scratch)))
        #expect(storage.requests.count >= fixture.layers.count)
        #expect(storage.requests.allSatisfy { $0.authorization == nil })
        #expect(registry.requests.filter { $0.authorization == authorization }.count >= 2 + fixture.layers.count)
    }

    /// A 16 MiB blob read slowly through ``RegistrySource/openBlob(_:of:)``: the body queue fills, the event loop
    /// waits (backpressure) and resumes as the reader drains it; every byte arrives in order. A reader let go
    /// half way cancels its download.
    @Test(requiresTools("python3"), .timeLimit(.minutes(1))) func largeBlobStreamsWithBackpressure() async throws {
        let scratch = try Scratch()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let blob = [UInt8](unsafeUninitializedCapacity: 16 << 20) { buffer, count in
            for index in 0..<buffer.count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[index] = UInt8(truncatingIfNeeded: state >> 33)
            }
            count = buffer.count
        }
        let blobDigest = WindowsImageFixture.digest(blob)
        var fixture = WindowsImageFixture(layers: [WindowsImageFixture.updateLayer()])
        fixture.comments = ["one"]
        let config = fixture.config()
        let manifest = Array(
            (#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#
                + #""config":{"mediaType":"application/vnd.oci.image.config.v1+json","#
                + #""digest":"\#(WindowsImageFixture.digest(config))","size":\#(config.count)},"#
                + #""layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\#(blobDigest)","#
                + #""size":\#(blob.count)}]}"#).utf8)
        let routes: [String: [FakeHTTPServer.Response]] = [
            "GET /v2/win/big/manifests/1": [.init(headers: ["Content-Type": MediaType.ociManifest], body: manifest)],
            "GET /v2/win/big/blobs/\(WindowsImageFixture.digest(config))": [.init(body: config)],
            "GET /v2/win/big/blobs/\(blobDigest)": [.init(body: blob)],
        ]
        let server = try await FakeHTTPServer(routes, in: scratch, name: "big")
        defer { server.stop() }
        // The read timeout also runs while the queue is full (the client reads nothing then): leave room for a
        // loaded machine.
        var options = Self.options()
        options.timeouts.read = .seconds(15)
        let source = try RegistrySource("\(server.host)/win/big:1", options: options)
        let image = try await source.resolve(platform: .windowsAMD64)
        let layer = try #require(image.layers.first)

        let reader = try await source.openBlob(layer, of: image)
        var received: [UInt8] = []
        received.reserveCapacity(blob.count)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var reads = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { break }
            received += chunk[0..<count]
            reads += 1
            if reads % 4 == 0 { usleep(1000) }  // slower than loopback: the queue fills and the producer waits
        }
        #expect(received.count == blob.count)
        #expect(WindowsImageFixture.digest(received) == blobDigest)

        var abandoned: (any BlobReader)? = try await source.openBlob(layer, of: image)
        for _ in 0..<8 { _ = try chunk.withUnsafeMutableBytes { try abandoned?.read(into: $0) } }
        try await Task.sleep(for: .milliseconds(200))  // the queue is full: the event loop is waiting on it
        abandoned = nil
        #expect(abandoned == nil)
        // The client is still healthy after the cancelled download.
        #expect(try await source.resolve(platform: .windowsAMD64).layers.count == 1)
    }

    @Test(requiresTools("python3")) func missingLayerBlob() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        var routes = Self.routes(fixture)
        routes[Self.layerRoute(fixture, 1)] = nil
        let server = try await FakeHTTPServer(routes, in: scratch, name: "missing")
        defer { server.stop() }
        let error = await readError(try RegistrySource("\(server.host)/win/test:ltsc2022", options: Self.options()))
        #expect(error?.code == .missingBlob)
        #expect(error?.description.contains("layer 1") == true, "\(String(describing: error))")
    }

    @Test(requiresTools("python3")) func httpsIsTheDefault() async throws {
        let scratch = try Scratch()
        let server = try await FakeHTTPServer(Self.routes(.servercore()), in: scratch, name: "plain")
        defer { server.stop() }
        var options = Self.options(attempts: 1)
        options.plainHTTP = false
        let error = await readError(try RegistrySource("\(server.host)/win/test:ltsc2022", options: options))
        #expect(error?.code == .network)
        #expect(error?.context?.hasPrefix("https://") == true, "\(String(describing: error))")
        #expect(server.requests.isEmpty)
    }

    @Test func nothingListening() async throws {
        let port = try Readiness.freePort()
        // Ends through the client's own timeouts; the suite would hang otherwise (no wall-clock assertion).
        let error = await readError(try RegistrySource("127.0.0.1:\(port)/win/test:1", options: Self.options()))
        #expect(error?.code == .network)
        #expect(error?.message.contains("connection refused") == true, "\(String(describing: error))")
    }
}

/// The parts of the registry source that need no server.
@Suite("Registry references, challenges, credentials")
struct RegistryParsingTests {
    @Test(arguments: [
        ("127.0.0.1:5000/win/servercore:ltsc2022", "127.0.0.1:5000", "win/servercore", "ltsc2022"),
        ("mcr.microsoft.com/windows/nanoserver", "mcr.microsoft.com", "windows/nanoserver", "latest"),
        ("ubuntu", "docker.io", "library/ubuntu", "latest"),
        ("someone/image:1.0", "docker.io", "someone/image", "1.0"),
        ("localhost/a/b_c-d.e:Tag_1", "localhost", "a/b_c-d.e", "Tag_1"),
    ])
    func references(text: String, registry: String, repository: String, tag: String) throws {
        let reference = try RegistryReference(parsing: text)
        #expect(reference.registry == registry)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
        #expect(reference.digest == nil)
    }

    @Test func referenceWithDigest() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let reference = try RegistryReference(parsing: "127.0.0.1:5000/win/test@" + digest)
        #expect(reference.tag == nil)
        #expect(reference.digest?.description == digest)
        #expect(reference.description == "127.0.0.1:5000/win/test@" + digest)
        #expect(try RegistryReference(parsing: "ubuntu").apiHost == "registry-1.docker.io")
        for bad in ["", "UPPER/case", "a//b", "x@sha256:12", "host:5000/", "a/b:bad tag"] {
            #expect(throws: ImageLayersError.self, "\(bad)") { try RegistryReference(parsing: bad) }
        }
    }

    @Test func dockerConfigCredentials() throws {
        let scratch = try Scratch()
        let user = Data("user:pa:ss".utf8).base64EncodedString()
        let path = try scratch.write(
            "config.json",
            Array(
                #"{"auths":{"https://index.docker.io/v1/":{"auth":"\#(user)"},"HTTPS://127.0.0.1:5000/v2/":{"username":"u2","password":"p2"}},"credsStore":"desktop"}"#
                    .utf8))
        #expect(
            try RegistryCredentials.fromDockerConfig(registry: "docker.io", path: path)
                == RegistryCredentials(username: "user", password: "pa:ss"))
        #expect(try RegistryCredentials.fromDockerConfig(registry: "127.0.0.1:5000", path: path)?.username == "u2")
        #expect(try RegistryCredentials.fromDockerConfig(registry: "127.0.0.1:5001", path: path) == nil)
        #expect(try RegistryCredentials.fromDockerConfig(registry: "x", path: scratch.url.path + "/none.json") == nil)
        let broken = try scratch.write("broken.json", Array("{".utf8))
        let error = #expect(throws: ImageLayersError.self) {
            try RegistryCredentials.fromDockerConfig(registry: "x", path: broken)
        }
        #expect(error?.context == broken)
        #expect(!(RegistryCredentials(username: "u", password: "secret").description.contains("secret")))
    }
}
