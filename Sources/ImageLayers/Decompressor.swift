import CIsal
import CZstd

/// Turns a compressed blob into its uncompressed bytes, a buffer at a time, hashing both sides on the way:
/// the compressed bytes for the blob digest, the output for the diff-id.
///
/// Each digest is computed either inline, on the decoding thread, or by a ``BackgroundHasher`` on a thread of its
/// own that hashes the buffers while the decoder goes on (`concurrentHashing`): then the input and output
/// buffers are the hashers' rings, so a buffer is not reused before its bytes have been hashed.
///
/// Owns its input and output buffers (raw memory, the boundary with ISA-L and zstd); the output handed out by
/// ``produce()`` stays valid until the next call. Not thread-safe itself: one thread drives it; ``close()`` (or
/// `deinit`) stops and waits for its hashing threads.
final class LayerDecoder {
    /// Bytes read per source call and produced per output call.
    static let bufferSize = 1 << 20

    /// Where compressed bytes come from.
    private let source: any BlobReader
    /// How the blob is compressed.
    let compression: LayerCompression
    /// The most compressed bytes to accept (the descriptor's size), so a lying source cannot stream forever.
    private let byteLimit: Int64?
    /// Hashes the compressed bytes on another thread, when the blob digest is computed concurrently.
    private let blobHasher: BackgroundHasher?
    /// Hashes the uncompressed bytes on another thread, when the diff-id is computed concurrently.
    private let diffHasher: BackgroundHasher?
    /// The input buffer when the blob digest is computed inline (else the input is `blobHasher`'s ring).
    private let ownedInput: UnsafeMutableRawBufferPointer?
    /// The output buffer when the diff-id is computed inline (else the output is `diffHasher`'s ring).
    private let ownedOutput: UnsafeMutableRawBufferPointer?
    /// The buffer holding the current input.
    private var input = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// Valid input bytes are `input[inputStart..<inputEnd]`.
    private var inputStart = 0
    /// See `inputStart`.
    private var inputEnd = 0
    /// Whether the source has ended.
    private var sourceEnded = false
    /// Whether the decompressed stream has ended.
    private(set) var finished = false
    /// The inline hash of the compressed bytes (unused when `blobHasher` is set).
    private var blobHash = DigestHasher()
    /// The inline hash of the uncompressed bytes (unused when `diffHasher` is set).
    private var diffHash = DigestHasher()
    /// The compressed bytes read so far.
    private(set) var compressedCount = 0
    /// The uncompressed bytes produced so far.
    private(set) var uncompressedCount = 0
    /// ISA-L's state (gzip).
    private var inflateState: UnsafeMutablePointer<inflate_state>?
    /// zstd's state.
    private var zstdContext: OpaquePointer?
    /// Whether a gzip member is being decoded (false between members).
    private var inMember = false
    /// The first error, kept for the C callback that cannot throw.
    var pendingError: ImageLayersError?

    /// Prepares to decode `source`; `concurrentHashing` computes the blob digest and the diff-id on two threads
    /// of their own instead of this one.
    init(source: any BlobReader, compression: LayerCompression, byteLimit: Int64?, concurrentHashing: Bool = false) {
        self.source = source
        self.compression = compression
        self.byteLimit = byteLimit
        let size = LayerDecoder.bufferSize
        blobHasher = concurrentHashing ? BackgroundHasher(slotSize: size) : nil
        diffHasher = concurrentHashing ? BackgroundHasher(slotSize: size) : nil
        ownedInput = concurrentHashing ? nil : .allocate(byteCount: size, alignment: 64)
        ownedOutput = concurrentHashing ? nil : .allocate(byteCount: size, alignment: 64)
        switch compression {
        case .gzip:
            let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
            isal_inflate_init(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
            inflateState = state
        case .zstd:
            zstdContext = ZSTD_createDCtx()
        case .none:
            break
        }
    }

    deinit {
        close()
        ownedInput?.deallocate()
        ownedOutput?.deallocate()
        inflateState?.deallocate()
        if let zstdContext { ZSTD_freeDCtx(zstdContext) }
    }

    /// Stops the hashing threads, if any, and waits for them to end (for a caller that stops early; harmless
    /// after ``digests()``).
    func close() {
        blobHasher?.stop()
        diffHasher?.stop()
    }

    /// The blob digest and the diff-id of everything read and produced so far; call once, after ``drain()``
    /// (waits for the hashing threads to catch up and end).
    func digests() -> (blob: Digest, diffID: Digest) {
        (blobHasher?.finish() ?? blobHash.finalize(), diffHasher?.finish() ?? diffHash.finalize())
    }

    /// Refills the input buffer when it is empty; returns `false` at the end of the source.
    private func refill() throws(ImageLayersError) -> Bool {
        if inputStart < inputEnd { return true }
        if sourceEnded { return false }
        guard let buffer = blobHasher?.nextBuffer() ?? ownedInput else {
            throw ImageLayersError(.badCompression, "input buffer unavailable")
        }
        let count = try source.read(into: buffer)
        if count == 0 {
            sourceEnded = true
            return false
        }
        if let blobHasher {
            blobHasher.submit(count)
        } else {
            blobHash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        compressedCount += count
        if let byteLimit, Int64(compressedCount) > byteLimit {
            throw ImageLayersError(
                .sizeMismatch, "blob is longer than the \(byteLimit) bytes its descriptor declares")
        }
        input = buffer
        inputStart = 0
        inputEnd = count
        return true
    }

    /// The next decompressed bytes (at least one), or an empty buffer at the end of the stream.
    func produce() throws(ImageLayersError) -> UnsafeRawBufferPointer {
        while !finished {
            guard let output = diffHasher?.nextBuffer() ?? ownedOutput else {
                throw ImageLayersError(.badCompression, "output buffer unavailable")
            }
            let count: Int
            switch compression {
            case .none: count = try copyThrough(into: output)
            case .gzip: count = try inflate(into: output)
            case .zstd: count = try decompressZstd(into: output)
            }
            if count > 0 {
                let chunk = UnsafeRawBufferPointer(rebasing: output[0..<count])
                if let diffHasher {
                    diffHasher.submit(count)
                } else {
                    diffHash.update(chunk)
                }
                uncompressedCount += count
                return chunk
            }
        }
        return UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// Reads and hashes whatever is left of both streams (tar padding, trailing blocks), so digests cover all.
    func drain() throws(ImageLayersError) {
        while try produce().count > 0 {}
    }

    /// Uncompressed: output is input.
    private func copyThrough(into output: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        guard try refill() else {
            finished = true
            return 0
        }
        let count = inputEnd - inputStart
        output.copyMemory(from: UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd]))
        inputStart = inputEnd
        return count
    }

    /// gzip through ISA-L, member after member.
    private func inflate(into output: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        guard let state = inflateState, let outputBase = output.baseAddress else {
            throw ImageLayersError(.badCompression, "inflate state unavailable")
        }
        let hasInput = try refill()
        if !hasInput && !inMember {
            finished = true
            return 0
        }
        guard let inputBase = input.baseAddress else {
            throw ImageLayersError(.badCompression, "inflate state unavailable")
        }
        if !inMember {
            // Between members: another member must start here, or only zero padding may follow.
            let first = input[inputStart]
            if first != 0x1F {
                guard UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd]).allSatisfy({ $0 == 0 })
                else { throw ImageLayersError(.badCompression, "garbage after the end of the gzip stream") }
                inputStart = inputEnd
                return 0
            }
            isal_inflate_reset(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
            inMember = true
        }
        state.pointee.next_in = (inputBase + inputStart).assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_in = UInt32(inputEnd - inputStart)
        state.pointee.next_out = outputBase.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(output.count)
        let status = isal_inflate(state)
        inputStart = inputEnd - Int(state.pointee.avail_in)
        guard status == ISAL_DECOMP_OK || status == ISAL_END_INPUT else {
            throw ImageLayersError(.badCompression, "corrupt gzip data (ISA-L status \(status))")
        }
        if state.pointee.block_state == ISAL_BLOCK_FINISH { inMember = false }
        let produced = output.count - Int(state.pointee.avail_out)
        if !hasInput && produced == 0 && inMember {
            throw ImageLayersError(.badCompression, "gzip stream is truncated")
        }
        return produced
    }

    /// zstd frames through libzstd.
    private func decompressZstd(into output: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        guard let context = zstdContext, let outputBase = output.baseAddress else {
            throw ImageLayersError(.badCompression, "zstd state unavailable")
        }
        let hasInput = try refill()
        if !hasInput && !inMember {
            finished = true
            return 0
        }
        guard let inputBase = input.baseAddress else {
            throw ImageLayersError(.badCompression, "zstd state unavailable")
        }
        var inBuffer = ZSTD_inBuffer(src: inputBase + inputStart, size: inputEnd - inputStart, pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: outputBase, size: output.count, pos: 0)
        let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
        if ZSTD_isError(result) != 0 {
            throw ImageLayersError(.badCompression, "corrupt zstd data: \(String(cString: ZSTD_getErrorName(result)))")
        }
        inputStart += inBuffer.pos
        inMember = result != 0
        if !hasInput && outBuffer.pos == 0 && inMember {
            throw ImageLayersError(.badCompression, "zstd stream is truncated")
        }
        return outBuffer.pos
    }
}
