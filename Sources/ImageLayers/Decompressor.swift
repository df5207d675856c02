import CIsal
import CZstd

/// Turns a compressed blob into its uncompressed bytes, a buffer at a time, hashing both sides on the way:
/// the compressed bytes for the blob digest, the output for the diff-id.
///
/// Owns its input and output buffers (raw memory, the boundary with ISA-L and zstd); the output handed out by
/// ``produce()`` stays valid until the next call.
final class LayerDecoder {
    /// Bytes read per source call and produced per output call.
    static let bufferSize = 1 << 20

    /// Where compressed bytes come from.
    private let source: any BlobReader
    /// How the blob is compressed.
    let compression: LayerCompression
    /// The most compressed bytes to accept (the descriptor's size), so a lying source cannot stream forever.
    private let byteLimit: Int64?
    /// Input buffer.
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: LayerDecoder.bufferSize, alignment: 64)
    /// Output buffer.
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: LayerDecoder.bufferSize, alignment: 64)
    /// Valid input bytes are `input[inputStart..<inputEnd]`.
    private var inputStart = 0
    /// See `inputStart`.
    private var inputEnd = 0
    /// Whether the source has ended.
    private var sourceEnded = false
    /// Whether the decompressed stream has ended.
    private(set) var finished = false
    /// The hash of the compressed bytes.
    private(set) var blobHash = DigestHasher()
    /// The hash of the uncompressed bytes.
    private(set) var diffHash = DigestHasher()
    /// ISA-L's state (gzip).
    private var inflateState: UnsafeMutablePointer<inflate_state>?
    /// zstd's state.
    private var zstdContext: OpaquePointer?
    /// Whether a gzip member is being decoded (false between members).
    private var inMember = false
    /// The first error, kept for the C callback that cannot throw.
    var pendingError: ImageLayersError?

    /// Prepares to decode `source`.
    init(source: any BlobReader, compression: LayerCompression, byteLimit: Int64?) {
        self.source = source
        self.compression = compression
        self.byteLimit = byteLimit
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
        input.deallocate()
        output.deallocate()
        inflateState?.deallocate()
        if let zstdContext { ZSTD_freeDCtx(zstdContext) }
    }

    /// The compressed bytes read so far.
    var compressedCount: Int { blobHash.count }

    /// Refills the input buffer when it is empty; returns `false` at the end of the source.
    private func refill() throws(ImageLayersError) -> Bool {
        if inputStart < inputEnd { return true }
        if sourceEnded { return false }
        let count = try source.read(into: input)
        if count == 0 {
            sourceEnded = true
            return false
        }
        let chunk = UnsafeRawBufferPointer(rebasing: input[0..<count])
        blobHash.update(chunk)
        if let byteLimit, Int64(blobHash.count) > byteLimit {
            throw ImageLayersError(
                .sizeMismatch, "blob is longer than the \(byteLimit) bytes its descriptor declares")
        }
        inputStart = 0
        inputEnd = count
        return true
    }

    /// The next decompressed bytes (at least one), or an empty buffer at the end of the stream.
    func produce() throws(ImageLayersError) -> UnsafeRawBufferPointer {
        while !finished {
            let count: Int
            switch compression {
            case .none: count = try copyThrough()
            case .gzip: count = try inflate()
            case .zstd: count = try decompressZstd()
            }
            if count > 0 {
                let chunk = UnsafeRawBufferPointer(rebasing: output[0..<count])
                diffHash.update(chunk)
                return chunk
            }
        }
        return UnsafeRawBufferPointer(rebasing: output[0..<0])
    }

    /// Reads and hashes whatever is left of both streams (tar padding, trailing blocks), so digests cover all.
    func drain() throws(ImageLayersError) {
        while try produce().count > 0 {}
    }

    /// Uncompressed: output is input.
    private func copyThrough() throws(ImageLayersError) -> Int {
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
    private func inflate() throws(ImageLayersError) -> Int {
        guard let state = inflateState, let outputBase = output.baseAddress, let inputBase = input.baseAddress else {
            throw ImageLayersError(.badCompression, "inflate state unavailable")
        }
        let hasInput = try refill()
        if !hasInput && !inMember {
            finished = true
            return 0
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
    private func decompressZstd() throws(ImageLayersError) -> Int {
        guard let context = zstdContext, let outputBase = output.baseAddress, let inputBase = input.baseAddress else {
            throw ImageLayersError(.badCompression, "zstd state unavailable")
        }
        let hasInput = try refill()
        if !hasInput && !inMember {
            finished = true
            return 0
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
