import Crypto

/// A small Windows-shaped container image built from the project's own writers: layer tars shaped like
/// Microsoft's (Files/, Hives/, UtilityVM/Files/, pax MSWINDOWS records, hard links, alternate data streams,
/// whiteouts), its config and manifests, and the ways users keep it (docker-archive, OCI layout/archive).
public struct WindowsImageFixture: Sendable {
    /// How layer blobs are compressed.
    public enum LayerCompression: Sendable { case none, gzip, zstd }

    /// The uncompressed layer tars, base first.
    public var layers: [[UInt8]]
    /// Layer compression in manifests and OCI layouts (docker-archive layers are always uncompressed).
    public var compression: LayerCompression = .gzip
    /// The config's OS.
    public var os = "windows"
    /// The config's architecture.
    public var architecture = "amd64"
    /// The config's `os.version` (Docker copies the base's).
    public var osVersion = "10.0.20348.4294"
    /// History comments, one per layer.
    public var comments = ["Apply image 10.0.20348.4294", "Install update 10.0.20348.5499"]
    /// A config to use instead of the one built from the layers (to build images whose config lies).
    public var configOverride: [UInt8]?
    /// The tag (`RepoTags` / `org.opencontainers.image.ref.name`).
    public var tag = "example/servercore:ltsc2022"

    /// Creates a fixture from layer tars.
    public init(layers: [[UInt8]]) { self.layers = layers }

    /// The servercore shape: a base layer with the full hives, an update layer with the delta that moves the
    /// revision from `base` to `update` (4294 to 5499 by default, as ltsc2022 in 2025); the config's `os.version`
    /// is the base's, as Docker copies it.
    public static func servercore(base: UInt32 = 4294, update: UInt32 = 5499) -> WindowsImageFixture {
        var fixture = WindowsImageFixture(layers: [baseLayer(ubr: base), updateLayer(from: base, to: update)])
        fixture.osVersion = "10.0.20348.\(base)"
        fixture.comments = ["Apply image 10.0.20348.\(base)", "Install update 10.0.20348.\(update)"]
        return fixture
    }

    /// Pax records hcsshim writes for a file.
    static let windowsRecords = [
        "MSWINDOWS.fileattr": "32", "MSWINDOWS.rawsd": "AQAEgBQAAAAkAAAAAAAAADAAAAABAgAAAAAABSAAAAAgAgAA",
        "LIBARCHIVE.creationtime": "1700000000",
    ]

    /// The base layer at revision `ubr`: the container's files and full hives, plus the utility VM's (never to be
    /// read).
    public static func baseLayer(ubr: UInt32 = 4294) -> [UInt8] {
        var tar = TarBuilder()
        tar.directory("Files")
        tar.directory("Files/Windows/System32/config")
        tar.file("Files/Windows/System32/kernel32.dll", Array(repeating: 0x4D, count: 3000), pax: windowsRecords)
        tar.hardlink("Files/Windows/WinSxS/amd64_kernel32/kernel32.dll", to: "Files/Windows/System32/kernel32.dll")
        tar.file(
            "Files/Windows/System32/config/SOFTWARE", ExampleHives.baseSoftware(ubr: ubr).build().bytes,
            pax: windowsRecords)
        tar.file("Files/Windows/System32/config/SOFTWARE:Zone.Identifier", Array("[ZoneTransfer]".utf8))
        tar.file(
            "Files/Windows/System32/config/SYSTEM",
            RegfWriter(root: RegfKey("SYSTEM", subkeys: [RegfKey("ControlSet001")])).build().bytes)
        tar.file(
            "Files/Windows/servicing/Packages/Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.\(ubr).1.10.mum",
            Array(
                #"<assembly><assemblyIdentity name="Package_for_RollupFix" version="20348.\#(ubr).1.10"/></assembly>"#
                    .utf8))
        tar.directory("UtilityVM/Files/Windows/System32/config")
        tar.file(
            "UtilityVM/Files/Windows/System32/config/SOFTWARE",
            RegfWriter(root: RegfKey("UVM", values: [.string("Note", "utility VM, not the container")])).build().bytes)
        tar.file("Files/Users/Public/" + String(repeating: "long-name-", count: 12) + "ünïcode.txt", [1, 2, 3])
        return tar.build()
    }

    /// The update layer moving the revision from `base` to `ubr`: the SOFTWARE delta, a servicing manifest (a
    /// hard link to a WinSxS manifest, as servicing lays them out), a whiteout.
    public static func updateLayer(from base: UInt32 = 4294, to ubr: UInt32 = 5499) -> [UInt8] {
        var tar = TarBuilder()
        tar.directory("Hives")
        tar.file(
            "Hives/Software_Delta", ExampleHives.updateDelta(from: base, to: ubr).build().bytes, pax: windowsRecords)
        tar.file(
            "Files/Windows/WinSxS/Manifests/rollup_20348.\(ubr).manifest",
            Array(
                #"<assembly><assemblyIdentity name="Package_for_RollupFix" version="20348.\#(ubr).1.7"/></assembly>"#
                    .utf8))
        tar.hardlink(
            "Files/Windows/servicing/Packages/Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.\(ubr).1.7.mum",
            to: "Files/Windows/WinSxS/Manifests/rollup_20348.\(ubr).manifest")
        tar.file("Files/Windows/System32/.wh.obsolete.dll", [])
        tar.file("UtilityVM/Files/Windows/System32/config/SOFTWARE", [0, 1, 2])
        return tar.build()
    }

    /// A layer blob as the manifest stores it.
    public func blob(ofLayer index: Int) -> [UInt8] {
        switch compression {
        case .none: return layers[index]
        case .gzip: return Compression.gzip(layers[index])
        case .zstd: return Compression.zstd(layers[index])
        }
    }

    /// The layer media type for the fixture's compression.
    public var layerMediaType: String {
        switch compression {
        case .none: return "application/vnd.oci.image.layer.v1.tar"
        case .gzip: return "application/vnd.oci.image.layer.v1.tar+gzip"
        case .zstd: return "application/vnd.oci.image.layer.v1.tar+zstd"
        }
    }

    /// `sha256:<hex>` of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> String {
        "sha256:"
            + SHA256.hash(data: bytes).map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }

    /// The image config JSON.
    public func config() -> [UInt8] {
        if let configOverride { return configOverride }
        let diffIDs = layers.map { "\"\(WindowsImageFixture.digest($0))\"" }.joined(separator: ",")
        let history = comments.map { #"{"created":"2025-01-01T00:00:00Z","created_by":"cmd","comment":"\#($0)"}"# }
            .joined(separator: ",")
        return Array(
            (#"{"architecture":"\#(architecture)","os":"\#(os)","os.version":"\#(osVersion)","#
                + #""rootfs":{"type":"layers","diff_ids":[\#(diffIDs)]},"history":[\#(history)],"#
                + #""config":{"Cmd":["c:\\windows\\system32\\cmd.exe"]}}"#).utf8)
    }

    /// The OCI image manifest JSON, with each layer's blob.
    public func ociManifest() -> (manifest: [UInt8], blobs: [[UInt8]]) {
        let config = config()
        let blobs = layers.indices.map(blob(ofLayer:))
        let layerJSON = blobs.map { blob in
            #"{"mediaType":"\#(layerMediaType)","digest":"\#(WindowsImageFixture.digest(blob))","size":\#(blob.count)}"#
        }.joined(separator: ",")
        let manifest =
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#
            + #""config":{"mediaType":"application/vnd.oci.image.config.v1+json","#
            + #""digest":"\#(WindowsImageFixture.digest(config))","size":\#(config.count)},"layers":[\#(layerJSON)]}"#
        return (Array(manifest.utf8), blobs)
    }

    /// The files of an OCI image layout, by relative path.
    public func ociLayout() -> [String: [UInt8]] {
        let config = config()
        let (manifest, blobs) = ociManifest()
        var files: [String: [UInt8]] = ["oci-layout": Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)]
        func add(_ bytes: [UInt8]) { files["blobs/sha256/" + WindowsImageFixture.digest(bytes).dropFirst(7)] = bytes }
        add(config)
        add(manifest)
        blobs.forEach(add)
        files["index.json"] = Array(
            (#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"#
                + #""mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(WindowsImageFixture.digest(manifest))","#
                + #""size":\#(manifest.count),"platform":{"architecture":"\#(architecture)","os":"\#(os)","#
                + #""os.version":"\#(osVersion)"},"annotations":{"org.opencontainers.image.ref.name":"\#(tag)"}}]}"#)
                .utf8)
        return files
    }

    /// An OCI layout as one tar (`oci-archive:`).
    public func ociArchive() -> [UInt8] {
        var tar = TarBuilder()
        for (path, bytes) in ociLayout().sorted(by: { $0.key < $1.key }) { tar.file(path, bytes) }
        return tar.build()
    }

    /// A `docker save` tarball: the legacy layout (`<id>/layer.tar`, `<hex>.json`, `manifest.json`,
    /// `repositories`), with the layers stored as podman does when `symlinkLayers` is set (a symlink per layer);
    /// `manifest.json` lists the image once more under each of `otherTags` (as `docker save a b` of one image
    /// tagged twice does).
    public func dockerArchive(symlinkLayers: Bool = false, otherTags: [String] = []) -> [UInt8] {
        let config = config()
        let configName = String(WindowsImageFixture.digest(config).dropFirst(7)) + ".json"
        var tar = TarBuilder()
        var layerPaths: [String] = []
        for (index, layer) in layers.enumerated() {
            let id = String(WindowsImageFixture.digest(layer).dropFirst(7))
            tar.directory(id)
            if symlinkLayers {
                tar.file(id + ".tar", layer)
                tar.symlink(id + "/layer.tar", to: "../" + id + ".tar")
            } else {
                tar.file(id + "/layer.tar", layer)
            }
            tar.file(id + "/VERSION", Array("1.0".utf8))
            layerPaths.append("\"\(id)/layer.tar\"")
            _ = index
        }
        tar.file(configName, config)
        let entries = ([tag] + otherTags).map {
            #"{"Config":"\#(configName)","RepoTags":["\#($0)"],"Layers":[\#(layerPaths.joined(separator: ","))]}"#
        }
        tar.file("manifest.json", Array("[\(entries.joined(separator: ","))]".utf8))
        tar.file("repositories", Array("{}".utf8))
        return tar.build()
    }
}
