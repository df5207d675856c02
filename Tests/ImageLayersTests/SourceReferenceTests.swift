import ImageLayers
import TestSupport
import Testing

@Suite("Source references")
struct SourceReferenceTests {
    /// Explicit kinds parse with and without tags; bare paths are recognised; other text is a registry ref.
    @Test func parsing() throws {
        let scratch = try Scratch()
        let archive = try scratch.write("image.tar", [0])
        let folder = scratch.url.path
        #expect(try SourceReference(parsing: "docker-archive:" + archive) == .dockerArchive(path: archive, tag: nil))
        #expect(
            try SourceReference(parsing: "docker-archive:\(archive):win:1")
                == .dockerArchive(path: archive + ":win", tag: "1"))
        #expect(
            try SourceReference(parsing: "oci-dir:\(folder):ltsc2022") == .ociDirectory(path: folder, tag: "ltsc2022"))
        #expect(try SourceReference(parsing: "oci-archive:" + archive) == .ociArchive(path: archive, tag: nil))
        #expect(try SourceReference(parsing: archive) == .dockerArchive(path: archive, tag: nil))
        #expect(try SourceReference(parsing: folder) == .ociDirectory(path: folder, tag: nil))
        #expect(
            try SourceReference(parsing: "mcr.microsoft.com/windows/servercore:ltsc2022")
                == .registry("mcr.microsoft.com/windows/servercore:ltsc2022"))
        #expect(try SourceReference(parsing: "registry:127.0.0.1:5000/a/b:c") == .registry("127.0.0.1:5000/a/b:c"))
        #expect(try SourceReference(parsing: "daemon:win:1") == .daemon("win:1"))
        #expect(throws: ImageLayersError.self) { try SourceReference(parsing: "/no/such/file.tar") }
        #expect(throws: ImageLayersError.self) { try SourceReference(parsing: "registry:x").openLocal() }
    }
}
