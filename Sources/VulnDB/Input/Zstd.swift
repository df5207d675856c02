import CZstd

/// zstd (through `CZstd`): whole-buffer decompression of `.zst` documents, and compression of the document
/// copies the database keeps.
enum Zstd {
    /// The four bytes every zstd frame starts with (RFC 8878 §3.1.1).
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// Whether `bytes` start with a zstd frame.
    static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// Decompresses every frame of `bytes`. A truncated or corrupt stream is an error naming `origin`.
    static func decompress(_ bytes: [UInt8], origin: String) throws(VulnDBError) -> [UInt8] {
        guard let context = ZSTD_createDStream() else {
            throw VulnDBError(.badCompression, "zstd could not allocate a decompression context", context: origin)
        }
        defer { ZSTD_freeDStream(context) }
        let chunk = max(ZSTD_DStreamOutSize(), 1 << 20)
        var output: [UInt8] = []
        // The frame header usually states the size (ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest values).
        let stated = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        output.reserveCapacity(stated < UInt64.max - 1 ? Int(min(stated, 1 << 30)) : min(bytes.count * 12, 64 << 20))
        var buffer = [UInt8](repeating: 0, count: chunk)
        var last = 0
        let failure: String? = bytes.withUnsafeBytes { input in
            var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
            while true {
                let produced: Int
                let result: Int
                (result, produced) = buffer.withUnsafeMutableBytes { out in
                    var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                    return (result, outBuffer.pos)
                }
                if ZSTD_isError(result) != 0 { return String(cString: ZSTD_getErrorName(result)) }
                output.append(contentsOf: buffer[0..<produced])
                last = result
                if inBuffer.pos == inBuffer.size && produced < chunk { return nil }
            }
        }
        if let failure { throw VulnDBError(.badCompression, "corrupt zstd data (\(failure))", context: origin) }
        if last != 0 || bytes.isEmpty {
            throw VulnDBError(.badCompression, "truncated zstd data (the last frame is incomplete)", context: origin)
        }
        return output
    }

    /// Compresses `bytes` into one frame at `level`.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(VulnDBError) -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { input in
                ZSTD_compress(out.baseAddress, out.count, input.baseAddress, input.count, level)
            }
        }
        if ZSTD_isError(written) != 0 {
            throw VulnDBError(.storage, "zstd compression failed (\(String(cString: ZSTD_getErrorName(written))))")
        }
        output.removeSubrange(written...)
        return output
    }
}
