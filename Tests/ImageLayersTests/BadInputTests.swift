import Foundation
import ImageLayers
import TestSupport
import Testing

/// Damaged or hostile images: each gets one clear error naming the layer and the reason, never a result.
@Suite("Bad images")
struct BadInputTests {
    /// Reads an OCI layout written from `files`, expecting an error.
    static func readLayout(_ files: [String: [UInt8]]) async throws -> ImageLayersError? {
        let scratch = try Scratch()
        let folder = try scratch.writeLayout(files, in: "layout")
        do {
            _ = try await ImageReader().read(try OCILayoutSource.directory(folder))
            return nil
        } catch {
            return error
        }
    }

    /// The blob path of the fixture's layer `index` in its OCI layout.
    static func layerPath(_ fixture: WindowsImageFixture, _ index: Int) -> String {
        "blobs/sha256/" + WindowsImageFixture.digest(fixture.blob(ofLayer: index)).dropFirst(7)
    }

    @Test func truncatedGzipLayer() async throws {
        let fixture = WindowsImageFixture.servercore()
        var files = fixture.ociLayout()
        let path = Self.layerPath(fixture, 1)
        files[path] = Array((files[path] ?? []).prefix(200))
        let error = try #require(try await Self.readLayout(files))
        // The size check or the inflater notices first; either way the layer is named.
        #expect([.badCompression, .sizeMismatch].contains(error.code), "\(error)")
        #expect(error.description.contains("layer 1"))
    }

    @Test func corruptGzipLayer() async throws {
        let fixture = WindowsImageFixture.servercore()
        var files = fixture.ociLayout()
        let path = Self.layerPath(fixture, 0)
        var bytes = files[path] ?? []
        for index in stride(from: 100, to: min(bytes.count, 400), by: 1) { bytes[index] ^= 0x5A }
        files[path] = bytes
        let error = try #require(try await Self.readLayout(files))
        #expect([.badCompression, .digestMismatch, .badArchive].contains(error.code), "\(error)")
        #expect(error.description.contains("layer 0"))
    }

    @Test func blobThatLiesAboutItsDigest() async throws {
        var fixture = WindowsImageFixture.servercore()
        fixture.compression = .none
        var files = fixture.ociLayout()
        let path = Self.layerPath(fixture, 1)
        var bytes = files[path] ?? []
        bytes[600] ^= 0x01  // inside a file's data: the tar still parses, the digest does not match
        files[path] = bytes
        let error = try #require(try await Self.readLayout(files))
        #expect(error.code == .digestMismatch, "\(error)")
    }

    @Test func configThatLiesAboutDiffIDs() async throws {
        var fixture = WindowsImageFixture.servercore()
        var other = fixture
        other.layers[1] = WindowsImageFixture.baseLayer()
        fixture.configOverride = other.config()  // lists another layer's diff-id for layer 1
        let error = try #require(try await Self.readLayout(fixture.ociLayout()))
        #expect(error.code == .digestMismatch, "\(error)")
        #expect(error.description.contains("layer 1"))
        #expect(error.description.contains("config says"))
    }

    @Test func manifestThatIsNotJSON() async throws {
        var files = WindowsImageFixture.servercore().ociLayout()
        files["index.json"] = Array("<html>502 Bad Gateway</html>".utf8)
        let error = try #require(try await Self.readLayout(files))
        #expect(error.code == .badManifest)
        #expect(!error.description.contains("\n"))
    }

    @Test func manifestWithANegativeLayerSize() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let manifest = """
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
             "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "\(digest)", "size": 10},
             "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "\(digest)",
                         "size": -5}]}
            """
        let error = try #require(throws: ImageLayersError.self) {
            try ImageManifest.decode(Array(manifest.utf8), context: "oci-dir:x")
        }
        #expect(error.code == .badManifest)
        #expect(error.description.contains("negative size -5"), "\(error)")
        let valid = manifest.replacingOccurrences(of: "-5", with: "5")
        #expect(try ImageManifest.decode(Array(valid.utf8), context: "oci-dir:x").layers.first?.size == 5)
    }

    @Test func missingBlob() async throws {
        let fixture = WindowsImageFixture.servercore()
        var files = fixture.ociLayout()
        files[Self.layerPath(fixture, 1)] = nil
        let error = try #require(try await Self.readLayout(files))
        #expect(error.code == .missingBlob)
    }

    @Test func linuxImageIsRefused() async throws {
        var fixture = WindowsImageFixture.servercore()
        fixture.os = "linux"
        let error = try #require(try await Self.readLayout(fixture.ociLayout()))
        #expect(error.code == .notWindows)
        #expect(error.description.contains("linux/amd64"))
    }

    @Test func pathThatEscapesTheLayer() async throws {
        var tar = TarBuilder()
        tar.file("Files/ok.txt", [1])
        tar.file("Files/../../etc/passwd", [2])
        let fixture = WindowsImageFixture(layers: [tar.build()])
        let error = try #require(try await Self.readLayout(fixture.ociLayout()))
        #expect(error.code == .unsafePath)
    }

    @Test func garbageLayerIsNotATar() async throws {
        var fixture = WindowsImageFixture(layers: [(0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }])
        fixture.compression = .none
        let error = try #require(try await Self.readLayout(fixture.ociLayout()))
        #expect(error.code == .badArchive, "\(error)")
    }

    @Test func truncatedTarInsideAValidGzip() async throws {
        let layer = WindowsImageFixture.baseLayer()
        let fixture = WindowsImageFixture(layers: [Array(layer.prefix(layer.count / 2 + 100))])
        let error = try #require(try await Self.readLayout(fixture.ociLayout()))
        #expect(error.code == .badArchive, "\(error)")
    }

    @Test func truncatedAndGarbageArchives() throws {
        let scratch = try Scratch()
        let archive = WindowsImageFixture.servercore().dockerArchive()
        let truncated = try scratch.write("truncated.tar", Array(archive.prefix(archive.count / 3)))
        let garbage = try scratch.write("garbage.tar", (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let empty = try scratch.write("empty.tar", [])
        let gzipTruncated = try scratch.write("t.tar.gz", Array(Compression.gzip(archive).prefix(3000)))
        for path in [truncated, garbage, empty, gzipTruncated] {
            #expect(throws: ImageLayersError.self, "\(path)") { _ = try DockerArchiveSource(path: path) }
        }
        #expect(throws: ImageLayersError.self) { _ = try DockerArchiveSource(path: scratch.url.path + "/missing") }
        #expect(throws: ImageLayersError.self) { _ = try OCILayoutSource.directory(scratch.url.path + "/missing") }
    }

    @Test func selectedFileTooLarge() async throws {
        let fixture = WindowsImageFixture.servercore()
        let scratch = try Scratch()
        let folder = try scratch.writeLayout(fixture.ociLayout(), in: "layout")
        let reader = ImageReader(selector: EntrySelector(patterns: ["Hives/*"], maximumFileSize: 100))
        let error = await #expect(throws: ImageLayersError.self) {
            _ = try await reader.read(try OCILayoutSource.directory(folder))
        }
        #expect(error?.code == .tooLarge)
    }
}
