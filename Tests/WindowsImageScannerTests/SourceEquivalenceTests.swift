import Foundation
import ImageLayers
import ReportKit
import TestSupport
import Testing
import WindowsImageScanner

/// The same image gives the same report from every kind of source: a `docker save` archive, an OCI layout, a
/// real registry (Debian's `docker-registry` on 127.0.0.1, pushed by skopeo) and podman's Docker-compatible API.
@Suite("Same report from every source")
struct SourceEquivalenceTests {
    /// The JSON report with what names the source masked (reference, manifest digest), keys sorted.
    static func comparable(_ report: ScanReport) throws -> String {
        let bytes = try JSONRenderer().render(report, options: RenderOptions())
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        var image = try #require(object["image"] as? [String: Any])
        image["reference"] = "masked"
        image["digest"] = "masked"
        object["image"] = image
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    @Test(requiresTools("docker-registry", "skopeo", "podman"), .timeLimit(.minutes(3)))
    func everySourceGivesTheSameReport() async throws {
        let scratch = try Scratch()
        let fixture = ScannerFixture.image()  // tagged ltsc2022 in its OCI layout
        var tagged = fixture
        tagged.tag = "example/servercore:ltsc2022"  // the name podman loads it as
        let archive = try scratch.write("image.tar", tagged.dockerArchive())
        let layout = try scratch.writeLayout(fixture.ociLayout(), in: "layout")
        let scanner = try await ScannerFixture.scanner()

        let reference = try await scanner.scan(try DockerArchiveSource(path: archive), options: ScannerFixture.options)
        #expect(ScannerFixture.findings(reference) == ScannerFixture.expectedFindings)
        let expected = try Self.comparable(reference)
        var reports: [(String, ScanReport)] = []

        reports.append(
            ("oci-dir", try await scanner.scan(try OCILayoutSource.directory(layout), options: ScannerFixture.options)))

        let registry = try await RegistryServer(auth: .none, in: scratch)
        defer { registry.stop() }
        let digest = try await registry.push("oci:\(layout):ltsc2022", to: "win/servercore:ltsc2022", in: scratch)
        let options = RegistryOptions(plainHTTP: true, readsDockerConfig: false)
        let fromRegistry = try await scanner.scan(
            try RegistrySource("\(registry.host)/win/servercore:ltsc2022", options: options),
            options: ScannerFixture.options)
        #expect(fromRegistry.image.digest == digest)
        reports.append(("registry", fromRegistry))

        let podman = try await PodmanService(in: scratch)
        defer { podman.stop() }
        try await podman.load(archive)
        let exports = scratch.url.appendingPathComponent("exports").path
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
        reports.append(
            (
                "daemon",
                try await scanner.scan(
                    try DaemonSource(
                        name: tagged.tag,
                        host: "unix://" + podman.socket, temporaryDirectory: exports),
                    options: ScannerFixture.options)
            ))

        for (kind, report) in reports {
            #expect(try Self.comparable(report) == expected, "\(kind)")
            #expect(report.findings == reference.findings, "\(kind)")
            #expect(report.windows == reference.windows, "\(kind)")
            #expect(report.remediation == reference.remediation, "\(kind)")
            #expect(report.policy == reference.policy, "\(kind)")
            #expect(report.image.layers == reference.image.layers, "\(kind)")
        }
    }
}
