import AsyncHTTPClient
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An image held by a container engine (`daemon:REF`), read through the Docker Engine API
/// (`GET /v1.41/images/{name}/get`, which answers with a `docker save` archive) over a unix socket or TCP.
///
/// Docker on Linux refuses Windows images; podman's Docker-compatible service (`podman system service`) holds
/// and exports them.
///
/// The archive is streamed into one temporary file in the caller's temporary folder, which is removed as soon as
/// it is opened (the open descriptor keeps its bytes readable; nothing is left behind, even if the process
/// dies later), then read as a ``DockerArchiveSource``. The archive is not parsed while it streams: an export
/// writes `manifest.json` and the config last, after the layers, and the layer pipeline reads a layer a
/// second time when a selected hard link's target is in it, so the layers need random access.
public struct DaemonSource: ImageSource {
    /// How the source was named: `daemon:NAME`.
    public let reference: String
    /// The image name or ID, as the engine knows it (`localhost/win/servercore:ltsc2022`).
    public let name: String
    /// The engine's address: `unix:///path` or `tcp://host:port`.
    public let host: String
    /// The API version in request paths.
    public let apiVersion: String
    /// The export, made once and shared by copies of this source.
    let exporter: DaemonExporter

    /// The engine address used when none is given: `$DOCKER_HOST`, else `unix:///var/run/docker.sock`.
    public static var defaultHost: String {
        let environment = ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? ""
        return environment.isEmpty ? "unix:///var/run/docker.sock" : environment
    }

    /// A source for the image `name` held by the engine at `host` (`unix:///path`, a socket path, `tcp://h:p`
    /// or `http://h:p`; default ``defaultHost``), exported into `temporaryDirectory` (default: the system's).
    public init(
        name: String, host: String? = nil, temporaryDirectory: String? = nil, apiVersion: String = "v1.41",
        timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(5), read: .seconds(300))
    ) throws(ImageLayersError) {
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ImageLayersError(.notAnImage, "not an image name", context: "daemon:" + name)
        }
        let host = host ?? DaemonSource.defaultHost
        let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name
        let path = "/\(apiVersion)/images/\(escaped)/get"
        let url: String
        if host.hasPrefix("unix://") || host.hasPrefix("/") {
            let socket = host.hasPrefix("unix://") ? String(host.dropFirst("unix://".count)) : host
            guard !socket.isEmpty, let made = URL(httpURLWithSocketPath: socket, uri: path) else {
                throw ImageLayersError(.network, "not a usable socket path", context: host)
            }
            url = made.absoluteString
        } else if host.hasPrefix("tcp://") || host.hasPrefix("http://") {
            url = "http://" + host.split(separator: "/", omittingEmptySubsequences: true).dropFirst().joined() + path
        } else {
            throw ImageLayersError(
                .network, "unsupported engine address (use unix:///path or tcp://host:port)", context: host)
        }
        self.name = name
        self.host = host
        self.apiVersion = apiVersion
        reference = "daemon:" + name
        exporter = DaemonExporter(
            url: url, host: host, name: name,
            temporaryDirectory: temporaryDirectory ?? FileManager.default.temporaryDirectory.path, timeouts: timeouts)
    }

    /// Exports the image (once) and resolves it from the archive.
    public func resolve(platform: Platform) async throws(ImageLayersError) -> ResolvedImage {
        let archive = try await exporter.archive()
        let image: ResolvedImage
        do {
            image = try await archive.resolve(platform: platform)
        } catch {
            throw await exporter.relabel(error)
        }
        return ResolvedImage(
            reference: reference, manifestDigest: image.manifestDigest, manifest: image.manifest, config: image.config,
            configDigest: image.configDigest, notes: image.notes + ["exported from the engine at \(host)"],
            warnings: image.warnings)
    }

    /// Opens a layer of the exported archive.
    public func openBlob(_ layer: LayerInfo, of image: ResolvedImage) async throws(ImageLayersError) -> any BlobReader {
        do {
            return try await exporter.archive().openBlob(layer, of: image)
        } catch {
            throw await exporter.relabel(error)
        }
    }
}

/// Downloads an engine's export once and keeps it open as a ``DockerArchiveSource``.
actor DaemonExporter {
    /// The export URL (`http+unix://…/v1.41/images/NAME/get`).
    let url: String
    /// The engine's address, for messages.
    let host: String
    /// The image name, for messages.
    let name: String
    /// Where the temporary file goes.
    let temporaryDirectory: String
    /// Timeouts; the read timeout also bounds how long the engine may take to start answering.
    let timeouts: HTTPTimeouts
    /// The export, once started.
    private var export: Task<Result<DockerArchiveSource, ImageLayersError>, Never>?
    /// The temporary file's (removed) path, which errors from the archive name.
    private var exportPath: String?

    /// Creates an exporter.
    init(url: String, host: String, name: String, temporaryDirectory: String, timeouts: HTTPTimeouts) {
        self.url = url
        self.host = host
        self.name = name
        self.temporaryDirectory = temporaryDirectory
        self.timeouts = timeouts
    }

    /// The exported archive, downloading it on first use.
    func archive() async throws(ImageLayersError) -> DockerArchiveSource {
        if let export { return try await export.value.get() }
        let started = Task { [self] () async -> Result<DockerArchiveSource, ImageLayersError> in
            do throws(ImageLayersError) { return .success(try await download()) } catch { return .failure(error) }
        }
        export = started
        return try await started.value.get()
    }

    /// `error` naming the image instead of the temporary file, which no longer exists.
    func relabel(_ error: ImageLayersError) -> ImageLayersError {
        guard let exportPath, let context = error.context, context.contains(exportPath) else { return error }
        let label = "export of \(name) from \(host)"
        return ImageLayersError(
            error.code, error.message, context: context.replacingOccurrences(of: exportPath, with: label))
    }

    /// Streams the export into a temporary file, opens it as an archive and removes the file's name.
    private func download() async throws(ImageLayersError) -> DockerArchiveSource {
        let response: HTTPResponse
        do {
            // The Host header would otherwise be the escaped socket path, which Go servers reject as malformed.
            let host = url.hasPrefix("http+unix:") ? [("Host", "localhost")] : []
            response = try await HTTPTransport.send(
                url: url, headers: host + [("Accept", "application/x-tar")], handling: .stream, timeouts: timeouts)
        } catch {
            throw ImageLayersError(
                error.code,
                "cannot reach the engine at \(host): \(error.message) (is it running, and is this its socket?)",
                context: url)
        }
        guard let stream = response.stream else {
            if response.status == 404 {
                throw ImageLayersError(
                    .noMatchingImage, "the engine has no image \(name) (\(HTTPFetcher.summary(response)))", context: url
                )
            }
            throw ImageLayersError(.network, "engine: \(HTTPFetcher.summary(response))", context: url)
        }
        let path = temporaryDirectory + "/winscan-export-\(UUID().uuidString).tar"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            stream.close()
            throw ImageLayersError(
                .unreadable, "cannot create a temporary file: \(String(cString: strerror(errno)))", context: path)
        }
        let copied = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ImageLayersError?, Never>) in
                // A thread of its own: the copy blocks while it waits for bytes, which must not hold a thread
                // of the cooperative pool for the whole download.
                let thread = Thread {
                    continuation.resume(returning: DaemonExporter.copy(stream, to: descriptor, path: path))
                }
                thread.name = "winscan daemon export"
                thread.start()
            }
        } onCancel: {
            stream.close()
        }
        let closed = close(descriptor)
        if let copied {
            unlink(path)
            throw copied.code == .network
                ? ImageLayersError(.network, "export: " + copied.message, context: url) : copied
        }
        guard closed == 0 else {
            unlink(path)
            throw ImageLayersError(.unreadable, "cannot write the temporary file", context: path)
        }
        defer { unlink(path) }
        exportPath = path
        do {
            return try DockerArchiveSource(path: path)
        } catch {
            throw relabel(error)
        }
    }

    /// Copies the stream into the file; the error, if any.
    private static func copy(_ stream: HTTPBodyStream, to descriptor: Int32, path: String) -> ImageLayersError? {
        defer { stream.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            var failure: ImageLayersError?
            let count = buffer.withUnsafeMutableBytes { raw in
                do throws(ImageLayersError) { return try stream.read(into: raw) } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { return failure }
            if count == 0 { return nil }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { raw in
                    write(descriptor, raw.baseAddress.map { $0 + written }, count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    return ImageLayersError(
                        .unreadable, "cannot write the temporary file: \(String(cString: strerror(errno)))",
                        context: path)
                }
                written += result
            }
        }
    }
}
