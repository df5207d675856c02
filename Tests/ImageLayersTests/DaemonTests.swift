import Foundation
import ImageLayers
import TestSupport
import Testing

/// `daemon:` against podman's Docker-compatible service (Docker on Linux refuses Windows images; podman holds
/// and exports them) and against a scripted engine on a unix socket.
@Suite("Daemon source")
struct DaemonTests {
    /// The fixture loaded into podman and exported over its socket reads as its `docker-archive:` and `oci-dir:`
    /// forms do, and the export leaves nothing in the temporary folder.
    @Test(requiresTools("podman"), .timeLimit(.minutes(2)))
    func podmanExportReadsIdentically() async throws {
        let scratch = try Scratch()
        let image = try await NetworkFixture.make(in: scratch)
        let podman = try await PodmanService(in: scratch)
        defer { podman.stop() }
        try await podman.load(image.dockerArchive)
        let exports = scratch.url.appendingPathComponent("exports").path
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)

        let source = try DaemonSource(
            name: "example/servercore:ltsc2022", host: "unix://" + podman.socket, temporaryDirectory: exports)
        let contents = try await ImageReader().read(source)
        #expect(ImageFacts(contents) == image.expected)
        #expect(contents.image.reference == "daemon:example/servercore:ltsc2022")
        #expect(contents.image.config.os == "windows")
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports).isEmpty)

        let unknown = await readError(
            try DaemonSource(name: "win/absent:1", host: "unix://" + podman.socket, temporaryDirectory: exports))
        #expect(unknown?.code == .noMatchingImage)
        #expect(unknown?.message.contains("win/absent:1") == true, "\(String(describing: unknown))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports).isEmpty)
    }

    /// A scripted engine on a unix socket: the export reads; an unknown image, and an export cut short, each
    /// end in one clear error and leave no file behind.
    @Test(requiresTools("python3")) func scriptedEngineOnAUnixSocket() async throws {
        let scratch = try Scratch()
        let image = try await NetworkFixture.make(in: scratch)
        let archive = try Array(Data(contentsOf: URL(fileURLWithPath: image.dockerArchive)))
        let notFound = FakeHTTPServer.Response(
            status: 404, headers: ["Content-Type": "application/json"],
            body: Array(
                #"{"cause":"image not known","message":"failed to find image: image not known","response":404}"#.utf8))
        let socket = scratch.url.appendingPathComponent("engine.sock").path
        let engine = try await FakeHTTPServer(
            [
                "GET /v1.41/images/win/test:ltsc2022/get": [.init(body: archive)],
                "GET /v1.41/images/win/cut:1/get": [.init(body: Array(archive.prefix(archive.count / 2)))],
                "*": [notFound],
            ], in: scratch, name: "engine", unixSocket: socket)
        defer { engine.stop() }
        let exports = scratch.url.appendingPathComponent("exports").path
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)

        let source = try DaemonSource(name: "win/test:ltsc2022", host: "unix://" + socket, temporaryDirectory: exports)
        #expect(try await facts(source) == image.expected)
        #expect(engine.requests.map(\.path) == ["/v1.41/images/win/test:ltsc2022/get"])  // exported once

        let unknown = await readError(try DaemonSource(name: "win/absent:1", host: socket, temporaryDirectory: exports))
        #expect(unknown?.code == .noMatchingImage)
        #expect(unknown?.message.contains("image not known") == true, "\(String(describing: unknown))")

        let cut = await readError(try DaemonSource(name: "win/cut:1", host: socket, temporaryDirectory: exports))
        #expect(cut?.description.contains("export of win/cut:1 from \(socket)") == true, "\(String(describing: cut))")
        #expect(cut?.description.contains("\n") == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports).isEmpty)
    }

    /// No engine at the address: one line naming it.
    @Test func noEngine() async throws {
        let scratch = try Scratch()
        let socket = scratch.url.appendingPathComponent("absent.sock").path
        let error = await readError(try DaemonSource(name: "win/test:1", host: "unix://" + socket))
        #expect(error?.code == .network)
        #expect(
            error?.message.contains("cannot reach the engine at unix://\(socket)") == true,
            "\(String(describing: error))")
        #expect(throws: ImageLayersError.self) { try DaemonSource(name: "x", host: "ftp://example") }
        #expect(throws: ImageLayersError.self) { try DaemonSource(name: "", host: "unix:///x.sock") }
        #expect(try DaemonSource(name: "x", host: "tcp://127.0.0.1:2375").host == "tcp://127.0.0.1:2375")
    }
}
