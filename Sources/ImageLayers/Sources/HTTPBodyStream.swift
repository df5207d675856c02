import Foundation
import NIOCore

/// A response body streamed from AsyncHTTPClient's event loop to a synchronous reader, through a bounded queue.
///
/// The layer pipeline (``LayerScanner``) pulls bytes synchronously inside a task, while AsyncHTTPClient pushes
/// body parts on an event loop thread. The event loop side never blocks: when the queue holds more than
/// `highWater` bytes, ``push(_:on:)`` returns a future that completes only once the reader has drained the queue
/// below `lowWater`, which stops AsyncHTTPClient from reading the socket (backpressure). The reading side blocks
/// on a condition until bytes, the end or an error arrive, bounded by `idleTimeout`, so a stalled server ends in
/// a ``ImageLayersError/Code/network`` error, never a hang. Bytes never wait for a Swift concurrency task, so a
/// reader blocking the cooperative pool cannot starve its own producer.
final class HTTPBodyStream: BlobReader, @unchecked Sendable {
    /// Guards every stored property below and wakes the reader.
    private let condition = NSCondition()
    /// Body parts received and not yet read, oldest first.
    private var chunks = CircularBuffer<ByteBuffer>()
    /// Bytes in `chunks`.
    private var buffered = 0
    /// Whether the whole body has arrived.
    private var finished = false
    /// Why the stream failed, if it did.
    private var failure: ImageLayersError?
    /// The backpressure promise handed to the event loop, completed when the reader drains the queue.
    private var demand: EventLoopPromise<Void>?
    /// Cancels the HTTP request (set once the request exists).
    private var cancelRequest: (@Sendable () -> Void)?
    /// Whether the reader let go of the stream.
    private var closed = false

    /// Above this many queued bytes the event loop is told to wait.
    let highWater: Int
    /// Below this many queued bytes the event loop may go on.
    let lowWater: Int
    /// How long the reader waits for the next bytes before giving up.
    let idleTimeout: Duration
    /// The URL, for errors.
    let url: String

    /// A stream for the body of `url`, buffering at most about `highWater` bytes plus one body part.
    init(url: String, idleTimeout: Duration, highWater: Int = 4 << 20, lowWater: Int = 1 << 20) {
        self.url = url
        self.idleTimeout = idleTimeout
        self.highWater = max(1, highWater)
        self.lowWater = min(max(0, lowWater), self.highWater - 1)
    }

    deinit { close() }

    /// Sets how to cancel the underlying request when the reader lets go early.
    func onClose(_ cancel: @escaping @Sendable () -> Void) {
        condition.lock()
        let alreadyClosed = closed
        if !alreadyClosed { cancelRequest = cancel }
        condition.unlock()
        if alreadyClosed { cancel() }
    }

    // MARK: Event loop side

    /// Queues a body part; the returned future completes when the event loop may deliver the next one.
    func push(_ buffer: ByteBuffer, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, failure == nil else { return eventLoop.makeSucceededVoidFuture() }
        if buffer.readableBytes > 0 {
            chunks.append(buffer)
            buffered += buffer.readableBytes
            condition.broadcast()
        }
        guard buffered >= highWater else { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        let previous = demand
        demand = promise
        previous?.succeed(())
        return promise.futureResult
    }

    /// Marks the end of the body.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the stream with `error` (the reader sees it once it has read what arrived before).
    func fail(_ error: ImageLayersError) {
        condition.lock()
        if failure == nil, !finished { failure = error }
        let pending = demand
        demand = nil
        condition.broadcast()
        condition.unlock()
        pending?.succeed(())
    }

    // MARK: Reader side

    /// Copies the next bytes into `buffer`, waiting for them if none has arrived yet; 0 at the end of the body.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if Task.isCancelled {
            close()
            throw ImageLayersError(.cancelled, "cancelled", context: url)
        }
        condition.lock()
        var release: EventLoopPromise<Void>?
        defer {
            condition.unlock()
            release?.succeed(())
        }
        // A safety net behind the HTTP client's own read timeout, which normally ends a stalled body first.
        let deadline = Date().addingTimeInterval(idleTimeout.timeInterval + 2)
        while chunks.isEmpty {
            if let failure { throw failure }
            if finished { return 0 }
            if closed { throw ImageLayersError(.cancelled, "the stream was closed", context: url) }
            if !condition.wait(until: deadline), chunks.isEmpty, failure == nil, !finished {
                let seconds = idleTimeout.timeInterval + 2
                failure = ImageLayersError(
                    .network, "no data for \(Self.format(seconds)) s (read timeout); the server stalled", context: url)
                let cancel = cancelRequest
                cancelRequest = nil
                release = demand
                demand = nil
                cancel?()
            }
        }
        var chunk = chunks.removeFirst()
        let count = min(buffer.count, chunk.readableBytes)
        chunk.withUnsafeReadableBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<count]))
        }
        chunk.moveReaderIndex(forwardBy: count)
        if chunk.readableBytes > 0 { chunks.prepend(chunk) }
        buffered -= count
        if buffered <= lowWater {
            release = demand
            demand = nil
        }
        return count
    }

    /// Lets go of the stream: drops queued bytes and cancels the request if it is still running.
    func close() {
        condition.lock()
        guard !closed else {
            condition.unlock()
            return
        }
        closed = true
        chunks.removeAll()
        buffered = 0
        let pending = demand
        demand = nil
        let cancel = finished || failure != nil ? nil : cancelRequest
        cancelRequest = nil
        condition.broadcast()
        condition.unlock()
        pending?.succeed(())
        cancel?()
    }

    /// Seconds for messages: whole numbers without a fraction.
    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

extension Duration {
    /// The duration in seconds, as Foundation and NIO timers want it.
    var timeInterval: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration as a NIO `TimeAmount`.
    var timeAmount: TimeAmount {
        let parts = components
        return .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}
