import Foundation
import ImageLayers
import TestSupport
import Testing
import WindowsHive

@Suite("Image sources")
struct ImageSourceTests {
    /// The same image kept in every local form reads identically: same diff-ids, same selected files.
    @Test func everyLocalFormReadsTheSame() async throws {
        let scratch = try Scratch()
        var fixture = WindowsImageFixture.servercore()
        let reader = ImageReader()
        let legacy = try scratch.write("legacy.tar", fixture.dockerArchive())
        let podman = try scratch.write("podman.tar", fixture.dockerArchive(symlinkLayers: true))
        let gzipped = try scratch.write("saved.tar.gz", Compression.gzip(fixture.dockerArchive()))
        let ociGzip = try scratch.writeLayout(fixture.ociLayout(), in: "oci-gzip")
        let ociArchive = try scratch.write("oci.tar", fixture.ociArchive())
        fixture.compression = .zstd
        let ociZstd = try scratch.writeLayout(fixture.ociLayout(), in: "oci-zstd")
        fixture.compression = .none
        let ociPlain = try scratch.writeLayout(fixture.ociLayout(), in: "oci-plain")

        let sources: [any ImageSource] = [
            try DockerArchiveSource(path: legacy), try DockerArchiveSource(path: podman),
            try DockerArchiveSource(path: gzipped), try OCILayoutSource.directory(ociGzip),
            try OCILayoutSource.archive(ociArchive), try OCILayoutSource.directory(ociZstd),
            try OCILayoutSource.directory(ociPlain, tag: "ltsc2022"),
        ]
        var all: [ImageFacts] = []
        for source in sources {
            let contents = try await reader.read(source)
            all.append(ImageFacts(contents))
            #expect(contents.image.layers.map(\.comment) == fixture.comments, "\(source.reference)")
        }
        for facts in all.dropFirst() { #expect(facts == all[0]) }

        let contents = try await reader.read(sources[3])
        #expect(contents.image.manifestDigest != nil)
        let base = contents.layers[0]
        #expect(
            base.files.map(\.path).sorted() == [
                "Files/Windows/System32/config/SOFTWARE", "Files/Windows/System32/config/SYSTEM",
                "Files/Windows/servicing/Packages/Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.4294.1.10.mum",
            ])
        #expect(base.entryCount == 11)
        let update = contents.layers[1]
        #expect(update.files.filter { $0.path.hasSuffix(".mum") }.count == 1)
        let mum = try #require(update.files.first { $0.path.hasSuffix("20348.5499.1.7.mum") })
        #expect(mum.linkedFrom == "Files/Windows/WinSxS/Manifests/rollup_20348.5499.manifest")
        #expect(String(decoding: mum.data, as: UTF8.self).contains("20348.5499.1.7"))
        #expect(update.deletions == ["Files/Windows/System32/obsolete.dll"])
        #expect(!update.files.contains { $0.path.hasPrefix("UtilityVM") })

        // The selected hives are the real thing: base + delta give the update's revision.
        let software = try Hive(bytes: try #require(base.file(at: "files/windows/system32/config/software")).data)
        let delta = try Hive(bytes: try #require(update.file(at: "Hives/Software_Delta")).data)
        let path = #"Microsoft\Windows NT\CurrentVersion"#
        #expect(try software.key(at: path)?.value(named: "UBR")?.uint32() == 4294)
        #expect(try LayeredHive(base: software, deltas: [delta]).key(at: path)?.value(named: "UBR")?.uint32() == 5499)
    }

    /// An archive that lists several images, read without a tag: the first is taken, and that choice is a warning
    /// (and a note); read by tag, it is neither. The fixture's single-image archive has no warning.
    @Test func firstOfSeveralImagesIsAWarning() async throws {
        let scratch = try Scratch()
        let fixture = WindowsImageFixture.servercore()
        let path = try scratch.write("two.tar", fixture.dockerArchive(otherTags: ["example/other:1"]))
        let untagged = try await DockerArchiveSource(path: path).resolve(platform: .windowsAMD64)
        let warning = "manifest.json lists 2 images (\(fixture.tag), example/other:1); took the first"
        #expect(untagged.warnings == [warning])
        #expect(untagged.notes == [warning])
        let tagged = try await DockerArchiveSource(path: path, tag: "example/other:1").resolve(platform: .windowsAMD64)
        #expect(tagged.warnings.isEmpty && tagged.notes.isEmpty)
        #expect(tagged.configDigest == untagged.configDigest)
        let single = try scratch.write("one.tar", fixture.dockerArchive())
        #expect(try await DockerArchiveSource(path: single).resolve(platform: .windowsAMD64).warnings.isEmpty)
    }

    /// A layer read alone, with a custom selector: patterns are case-insensitive, `**` spans folders, and
    /// neither alternate data streams nor UtilityVM files are ever selected.
    @Test func selectorRules() throws {
        let layer = WindowsImageFixture.baseLayer()
        let info = LayerInfo(
            index: 0,
            descriptor: Descriptor(
                mediaType: "application/vnd.oci.image.layer.v1.tar", digest: Digest.sha256(of: layer),
                size: Int64(layer.count)),
            diffID: Digest.sha256(of: layer))
        let selector = EntrySelector(patterns: ["**/CONFIG/*", "files/users/**"])
        let contents = try LayerScanner.scan(MemoryBlobReader(layer), layer: info, selector: selector)
        #expect(
            contents.files.map(\.path) == [
                "Files/Windows/System32/config/SOFTWARE", "Files/Windows/System32/config/SYSTEM",
                "Files/Users/Public/" + String(repeating: "long-name-", count: 12) + "ünïcode.txt",
            ])
        #expect(contents.uncompressedSize == Int64(layer.count))
    }

    /// The real trimmed nanoserver `docker save` archive from container-inspector: its config reads (with its
    /// `"rootfS"` key, as Go's case-insensitive decoding reads it), its entries walk, and the trimmed layer's
    /// diff-id mismatch is detected — fatal by default, reported when asked.
    @Test(requiresSharedData) func realMiniImage() async throws {
        let path = SharedData.path("windows/container-inspector/windows-mini-image.tar.gz")
        let source = try DockerArchiveSource(path: path)
        var reader = ImageReader(selector: EntrySelector(patterns: ["Files/License.txt", "Files/Windows/System32/*"]))
        let image = try await reader.resolve(source)
        #expect(image.config.osVersion == "10.0.19042.985")
        #expect(image.platform.os == "windows")
        #expect(image.layers.count == 1)
        let error = await #expect(throws: ImageLayersError.self) { try await reader.read(source) }
        #expect(error?.code == .digestMismatch)
        reader.verification = .reportOnly
        let contents = try await reader.read(source)
        let layer = try #require(contents.layers.first)
        #expect(layer.entryCount == 30)
        #expect(layer.file(at: "Files/License.txt")?.data.count == 5510)
        #expect(layer.notes.contains { $0.contains("NOT VERIFIED") && $0.contains("e4e02f4caaa3") })
        // Hard links inside the trimmed layer point at files the trim removed: said, not silently dropped.
        #expect(layer.notes.contains { $0.contains("perfd009.dat") && $0.contains("lacks") })
    }
}
