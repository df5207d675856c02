import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// GET requests to the MSRC API through AsyncHTTPClient: no `Accept` header (the API then serves CVRF XML),
/// redirects followed, bodies collected up to a limit, failures as one-line ``VulnDBError``s naming the URL.
final class MSRCClient: Sendable {
    /// The client; shut down by ``shutdown()``.
    private let client: HTTPClient
    /// The longest a request may take.
    private let timeout: TimeAmount

    /// The largest body accepted (the largest real month is about 9 MB).
    static let bodyLimit = 256 << 20

    /// Creates a client whose requests time out after `timeout`.
    init(timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(max(1, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.decompression = .disabled
        // A refused connection fails at once instead of being retried until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(30), read: self.timeout)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Ends the client's connections; call once, when done.
    func shutdown() async {
        try? await client.shutdown()
    }

    /// Sends `GET url` with `headers` and collects the answer.
    func get(_ url: String, headers: [(String, String)]) async throws(VulnDBError) -> HTTPReply {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "winscan-VulnDB/\(VulnDBModule.version)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: Self.bodyLimit)
            return HTTPReply(
                status: Int(response.status.code), etag: response.headers.first(name: "ETag"),
                lastModified: response.headers.first(name: "Last-Modified"), body: Array(body.readableBytesView))
        } catch {
            throw VulnDBError(.network, Self.describe(error), context: url)
        }
    }

    /// One line about a transport error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connection timed out"
            case .readTimeout: return "no response within the timeout"
            case .deadlineExceeded: return "the request took too long"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .cancelled: return "cancelled"
            case .invalidURL, .emptyHost, .emptyScheme: return "invalid URL"
            default: break
            }
        }
        if error is NIOTooManyBytesError { return "the response is larger than \(bodyLimit >> 20) MB" }
        let text = String(describing: error)
        for (phrase, message) in [
            ("Connection refused", "connection refused"), ("Connection reset", "connection reset by the server"),
            ("certificate", "TLS certificate verification failed"), ("NXDOMAIN", "unknown host"),
        ] where text.localizedCaseInsensitiveContains(phrase) {
            return message
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
