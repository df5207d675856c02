import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// How long network sources wait for their peers.
public struct HTTPTimeouts: Sendable, Hashable {
    /// How long establishing a connection may take.
    public var connect: Duration
    /// How long the peer may stay silent once a request is sent: before the response head and between body
    /// bytes (a reader that pauses longer than this also ends the download).
    public var read: Duration

    /// Creates timeouts; defaults suit registries on the internet.
    public init(connect: Duration = .seconds(10), read: Duration = .seconds(60)) {
        self.connect = connect
        self.read = read
    }
}

/// One HTTP response: its head and either the whole (small) body or a stream of it.
struct HTTPResponse: Sendable {
    /// The status code.
    let status: Int
    /// The response headers.
    let headers: HTTPHeaders
    /// The URL that answered.
    let url: String
    /// The body, when it was collected (documents, and the first 64 KiB of error bodies).
    let body: [UInt8]
    /// The body as a stream, for a successful streamed request.
    let stream: HTTPBodyStream?

    /// The first value of a header.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// Every value of a header.
    func headerValues(_ name: String) -> [String] { headers[name] }
}

/// The HTTP plumbing the network sources share: one AsyncHTTPClient per timeout setting, requests whose bodies
/// are collected or streamed, and errors turned into one-line ``ImageLayersError``s.
enum HTTPTransport {
    /// What to do with a response body.
    enum BodyHandling: Sendable {
        /// Collect it whole; more than `limit` bytes is an error.
        case collect(limit: Int)
        /// Stream a successful (2xx) body; other bodies are collected (the first 64 KiB) for their messages.
        case stream
    }

    /// Error bodies kept for messages.
    static let errorBodyLimit = 64 << 10

    /// Clients by timeout setting, made on first use and kept for the life of the process (as
    /// `HTTPClient.shared` is): a client must be shut down before it is released, and sources are values
    /// with no end of life to do it at.
    private static let clients = Mutex<[HTTPTimeouts: HTTPClient]>([:])

    /// The client for `timeouts`: redirects are not followed (callers follow them, dropping credentials when
    /// the host changes), bodies are not decompressed (blob digests cover the bytes as sent), failed connections
    /// are not retried inside the client (callers retry).
    static func client(for timeouts: HTTPTimeouts) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[timeouts] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.timeout = HTTPClient.Configuration.Timeout(
                connect: timeouts.connect.timeAmount, read: timeouts.read.timeAmount)
            configuration.decompression = .disabled
            // Connection failures come back at once: HTTPFetcher retries them, bounded and with back-off, instead
            // of the pool retrying until the connect timeout for every try.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[timeouts] = client
            return client
        }
    }

    /// Sends one request and returns its response head with the body collected or streaming.
    static func send(
        _ method: HTTPMethod = .GET, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        handling: BodyHandling, timeouts: HTTPTimeouts
    ) async throws(ImageLayersError) -> HTTPResponse {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: url, method: method, headers: HTTPHeaders(headers), body: body.map { .bytes($0) })
        } catch {
            throw ImageLayersError(.network, "not a usable URL (\(describe(error).message))", context: url)
        }
        let client = client(for: timeouts)
        let eventLoop = client.eventLoopGroup.next()
        let delegate = ExchangeDelegate(
            url: url, handling: handling, idleTimeout: timeouts.read, outcome: eventLoop.makePromise())
        let task = client.execute(request: request, delegate: delegate, eventLoop: .delegate(on: eventLoop))
        do {
            return try await withTaskCancellationHandler {
                try await delegate.outcome.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch let error as ImageLayersError {
            throw error
        } catch {
            throw failure(error, url: url)
        }
    }

    /// A transport error as an ``ImageLayersError``.
    static func failure(_ error: any Error, url: String) -> ImageLayersError {
        if let error = error as? ImageLayersError { return error }
        let (message, _) = describe(error)
        if let client = error as? HTTPClientError, client == .cancelled {
            return ImageLayersError(.cancelled, message, context: url)
        }
        if error is CancellationError { return ImageLayersError(.cancelled, "cancelled", context: url) }
        return ImageLayersError(.network, message, context: url)
    }

    /// One line about a transport error, and whether trying again may help.
    static func describe(_ error: any Error) -> (message: String, retryable: Bool) {
        if let error = error as? ImageLayersError {
            return (error.message, error.code == .network && isRetryable(error.message))
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return ("connection timed out (connect timeout)", true)
            case .readTimeout: return ("no response within the read timeout; the server stalled", true)
            case .remoteConnectionClosed: return ("the server closed the connection", true)
            case .deadlineExceeded: return ("the request took too long", true)
            case .cancelled: return ("cancelled", false)
            case .tlsHandshakeTimeout: return ("TLS handshake timed out", true)
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath: return ("invalid URL", false)
            default: break
            }
        }
        let text = String(describing: error)
        let known: [(phrase: String, message: String, retryable: Bool)] = [
            ("Connection refused", "connection refused", true),
            ("Connection reset", "connection reset by the server", true),
            ("No such file or directory", "no such socket", false),
            ("Permission denied", "permission denied", false),
            ("Network is unreachable", "network is unreachable", true),
            ("certificate", "TLS certificate verification failed", false),
            ("handshake", "TLS handshake failed", true),
        ]
        for entry in known where text.localizedCaseInsensitiveContains(entry.phrase) {
            return (entry.message, entry.retryable)
        }
        return (oneLine(text, limit: 200), true)
    }

    /// Whether a ``HTTPTransport/describe(_:)`` message is one worth retrying.
    private static func isRetryable(_ message: String) -> Bool {
        !(message.hasPrefix("invalid URL") || message.hasPrefix("permission") || message.hasPrefix("no such"))
    }

    /// The first line of `text`, at most `limit` characters.
    static func oneLine(_ text: String, limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > limit ? String(trimmed.prefix(limit)) + "…" : trimmed
    }
}

/// Receives one response on its event loop: hands a successful streamed body to an ``HTTPBodyStream``, collects
/// every other body, and completes `outcome` exactly once (at the head for a stream, at the end otherwise).
private final class ExchangeDelegate: HTTPClientResponseDelegate {
    typealias Response = Void

    /// What has arrived so far.
    private struct State {
        /// The response head, once received (collected responses).
        var head: HTTPResponseHead?
        /// The collected body.
        var body: [UInt8] = []
        /// The stream a successful streamed body goes to.
        var stream: HTTPBodyStream?
        /// Whether `outcome` has been completed.
        var delivered = false
    }

    /// The URL, for errors.
    let url: String
    /// What to do with the body.
    let handling: HTTPTransport.BodyHandling
    /// The stream's read timeout.
    let idleTimeout: Duration
    /// Completed with the response (or its failure).
    let outcome: EventLoopPromise<HTTPResponse>
    /// The state, touched on the event loop and, for cancellation, elsewhere.
    private let state = Mutex(State())

    /// Creates a delegate completing `outcome`.
    init(
        url: String, handling: HTTPTransport.BodyHandling, idleTimeout: Duration,
        outcome: EventLoopPromise<HTTPResponse>
    ) {
        self.url = url
        self.handling = handling
        self.idleTimeout = idleTimeout
        self.outcome = outcome
    }

    /// Starts streaming a successful body; otherwise remembers the head.
    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let status = Int(head.status.code)
        if case .stream = handling, (200..<300).contains(status) {
            let stream = HTTPBodyStream(url: url, idleTimeout: idleTimeout)
            stream.onClose { task.cancel() }
            let deliver = state.withLock { state -> Bool in
                guard !state.delivered else { return false }
                state.delivered = true
                state.stream = stream
                return true
            }
            if deliver {
                outcome.succeed(HTTPResponse(status: status, headers: head.headers, url: url, body: [], stream: stream))
            }
        } else {
            state.withLock { $0.head = head }
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    /// Queues a streamed part, or collects it.
    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let limit: Int
        switch handling {
        case .collect(let maximum): limit = maximum
        case .stream: limit = HTTPTransport.errorBodyLimit
        }
        enum Next {
            case stream(HTTPBodyStream)
            case collected
            case tooLarge
        }
        let next = state.withLock { state -> Next in
            if let stream = state.stream { return .stream(stream) }
            guard state.body.count + buffer.readableBytes <= limit else {
                if case .stream = handling { return .collected }  // an error body: its start is enough
                guard !state.delivered else { return .collected }
                state.delivered = true
                return .tooLarge
            }
            state.body += buffer.readableBytesView
            return .collected
        }
        switch next {
        case .stream(let stream):
            return stream.push(buffer, on: task.eventLoop)
        case .collected:
            return task.eventLoop.makeSucceededVoidFuture()
        case .tooLarge:
            outcome.fail(ImageLayersError(.tooLarge, "response is larger than \(limit) bytes", context: url))
            task.cancel()
            return task.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// Ends the stream, or delivers the collected response.
    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        enum Next {
            case stream(HTTPBodyStream)
            case deliver(HTTPResponse)
            case nothing
        }
        let url = url
        let next = state.withLock { state -> Next in
            if let stream = state.stream { return .stream(stream) }
            guard !state.delivered, let head = state.head else { return .nothing }
            state.delivered = true
            return .deliver(
                HTTPResponse(
                    status: Int(head.status.code), headers: head.headers, url: url, body: state.body, stream: nil)
            )
        }
        switch next {
        case .stream(let stream): stream.finish()
        case .deliver(let response): outcome.succeed(response)
        case .nothing: break
        }
    }

    /// Fails the stream, or the outcome if it is still pending.
    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        let failure = HTTPTransport.failure(error, url: url)
        enum Next {
            case stream(HTTPBodyStream)
            case fail
            case nothing
        }
        let next = state.withLock { state -> Next in
            if let stream = state.stream { return .stream(stream) }
            guard !state.delivered else { return .nothing }
            state.delivered = true
            return .fail
        }
        switch next {
        case .stream(let stream): stream.fail(failure)
        case .fail: outcome.fail(failure)
        case .nothing: break
        }
    }
}
