import Foundation
import ImageLayers
import TestSupport
import Testing

/// Runs a test only where `tools` are installed; under `CI=true` it always runs, so a missing tool fails it.
func requiresTools(_ tools: String...) -> ConditionTrait {
    .enabled(if: Tools.shouldRun(tools), Comment(rawValue: Tools.skipReason(tools)))
}

/// The test image in the forms the network tests push and compare with.
struct NetworkFixture {
    /// The image (tagged `ltsc2022` in its OCI layout).
    let fixture: WindowsImageFixture
    /// Its OCI layout folder (`oci:DIR:ltsc2022` for skopeo).
    let layout: String
    /// Its `docker save` archive.
    let dockerArchive: String
    /// What reading it gives, from the docker-archive and the OCI layout (checked equal).
    let expected: ImageFacts

    /// Writes the forms into `scratch` and reads the local ones.
    static func make(in scratch: Scratch) async throws -> NetworkFixture {
        var fixture = WindowsImageFixture.servercore()
        fixture.tag = "ltsc2022"
        let layout = try scratch.writeLayout(fixture.ociLayout(), in: "layout")
        let dockerArchive = try scratch.write("image.tar", WindowsImageFixture.servercore().dockerArchive())
        let reader = ImageReader()
        let fromArchive = ImageFacts(try await reader.read(try DockerArchiveSource(path: dockerArchive)))
        let fromLayout = ImageFacts(try await reader.read(try OCILayoutSource.directory(layout)))
        #expect(fromArchive == fromLayout)
        return NetworkFixture(fixture: fixture, layout: layout, dockerArchive: dockerArchive, expected: fromArchive)
    }
}

/// Reads `source` with the default reader, as facts.
func facts(_ source: any ImageSource, platform: Platform = .windowsAMD64) async throws -> ImageFacts {
    var reader = ImageReader()
    reader.platform = platform
    return ImageFacts(try await reader.read(source))
}

/// The error reading `source` throws (a test failure if it reads).
func readError(_ source: any ImageSource, platform: Platform = .windowsAMD64) async -> ImageLayersError? {
    var reader = ImageReader()
    reader.platform = platform
    return await #expect(throws: ImageLayersError.self) { _ = try await reader.read(source) }
}
