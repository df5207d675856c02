import Foundation

/// A SHA-256 computed on a thread of its own, over chunks the caller writes into a small bounded ring of buffers,
/// so the layer pipeline can hash a stream while it goes on decoding it.
///
/// The caller takes the next free buffer (``nextBuffer()``), fills it, hands it over (``submit(_:)``) and may go
/// on reading it — the hasher only reads it too. At the end ``finish()`` waits for the last chunk and returns the
/// digest; a caller that stops early calls ``stop()``, which makes the thread drop what is left and waits for it
/// to end. Memory is `slotCount × slotSize` bytes, whatever the stream's length.
///
/// Thread safety (why `@unchecked Sendable` holds): every mutable stored property (`lengths`, `submitted`,
/// `hashed`, `finishing`, `stopping`, `running`, `digest`) is read and written only with `condition` locked.
/// The ring's bytes (`storage`) are handed over through those counters: the caller writes slot `k mod slotCount`
/// only after ``nextBuffer()`` saw, under the lock, that the hasher had finished with its previous use
/// (`submitted - hashed < slotCount`), and the hasher reads slot `k` only after it saw, under the lock, that
/// ``submit(_:)`` had published it (`submitted > k`); the lock orders each write before the read that follows,
/// and both sides only read a submitted slot. `storage` itself (the pointer) never changes and is freed in
/// `deinit`, which runs only once the thread has let go of `self`.
final class BackgroundHasher: @unchecked Sendable {
    /// Guards every mutable stored property below; signalled on every change either side waits for.
    private let condition = NSCondition()
    /// The ring: `slotCount` buffers of `slotSize` bytes, one after the other.
    private let storage: UnsafeMutableRawBufferPointer
    /// Buffers in the ring.
    let slotCount: Int
    /// Bytes per buffer.
    let slotSize: Int
    /// Valid bytes of each submitted slot.
    private var lengths: [Int]
    /// Chunks handed over so far; chunk `k` lives in slot `k % slotCount`.
    private var submitted = 0
    /// Chunks hashed so far (`hashed <= submitted`).
    private var hashed = 0
    /// Whether the caller has said no more chunks will come.
    private var finishing = false
    /// Whether the caller has stopped early: the thread ends without hashing the rest.
    private var stopping = false
    /// Whether the thread has not yet ended.
    private var running = true
    /// The digest, set by the thread as it ends.
    private var digest: Digest?

    /// Allocates the ring and starts the hashing thread.
    init(slotCount: Int = 4, slotSize: Int = 1 << 20) {
        self.slotCount = max(2, slotCount)
        self.slotSize = slotSize
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: self.slotCount * slotSize, alignment: 64)
        lengths = Array(repeating: 0, count: self.slotCount)
        // The thread holds `self` until `run()` returns, which it does once `finish()` or `stop()` was called.
        // Named from inside: on Linux a name set before `start()` is not applied, and the thread would show under
        // its creator's name in `/proc` and debuggers.
        Thread { [self] in
            Thread.current.name = "winscan-sha256"
            run()
        }.start()
    }

    deinit { storage.deallocate() }

    /// Slot `index` of the ring.
    private func slot(_ index: Int) -> UnsafeMutableRawBufferPointer {
        let start = (index % slotCount) * slotSize
        return UnsafeMutableRawBufferPointer(rebasing: storage[start..<(start + slotSize)])
    }

    /// The buffer to fill next (`slotSize` bytes), once the hasher is done with what it held before; blocks
    /// (without spinning) while the ring is full. Asking again before ``submit(_:)`` returns the same buffer.
    func nextBuffer() -> UnsafeMutableRawBufferPointer {
        condition.lock()
        defer { condition.unlock() }
        // A thread that has ended (after `stop()`) reads nothing any more, so every slot is free then.
        while running && submitted - hashed >= slotCount { condition.wait() }
        return slot(submitted)
    }

    /// Hands over the first `count` bytes of the buffer ``nextBuffer()`` returned; the caller may still read
    /// them but must not write them again before ``nextBuffer()`` returns that slot again.
    func submit(_ count: Int) {
        guard count > 0 else { return }
        condition.lock()
        lengths[submitted % slotCount] = min(count, slotSize)
        submitted += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for every submitted chunk to be hashed and the thread to end; returns the digest of them all.
    func finish() -> Digest {
        condition.lock()
        defer { condition.unlock() }
        finishing = true
        condition.broadcast()
        while running { condition.wait() }
        return digest ?? DigestHasher().finalize()
    }

    /// Makes the thread end without hashing what is left, and waits until it has; safe to call more than once
    /// and after ``finish()``.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
    }

    /// The thread: hashes chunks in order as they are submitted, until finished or stopped.
    private func run() {
        var hasher = DigestHasher()
        condition.lock()
        while true {
            while hashed == submitted && !finishing && !stopping { condition.wait() }
            if stopping || hashed == submitted { break }
            let chunk = UnsafeRawBufferPointer(rebasing: slot(hashed)[0..<lengths[hashed % slotCount]])
            condition.unlock()
            hasher.update(chunk)
            condition.lock()
            hashed += 1
            condition.broadcast()
        }
        digest = hasher.finalize()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
