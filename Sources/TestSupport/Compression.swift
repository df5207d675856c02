import CZlib
import CZstd

/// Compresses test fixtures the way registries hold layers.
public enum Compression {
    /// `bytes` as a gzip stream (zlib deflate, level `level`).
    public static func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                _ = deflate(&stream, Z_FINISH)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(produced))
    }

    /// `bytes` as one zstd frame.
    public static func zstd(_ bytes: [UInt8], level: Int32 = 3) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let count = output.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
            }
        }
        return ZSTD_isError(count) != 0 ? [] : Array(output.prefix(count))
    }

    /// The content of zstd-compressed `bytes` (every frame, streamed), or `nil` when they are not valid zstd.
    public static func unzstd(_ bytes: [UInt8]) -> [UInt8]? {
        guard let stream = ZSTD_createDStream() else { return nil }
        defer { ZSTD_freeDStream(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var finished = true
        let ok = bytes.withUnsafeBytes { source -> Bool in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            var bufferFilled = false
            // Go on while input remains, or while the last call filled the buffer (output may still be pending).
            while input.pos < input.size || bufferFilled {
                let (result, produced) = chunk.withUnsafeMutableBytes { target -> (Int, Int) in
                    var out = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                    let result = ZSTD_decompressStream(stream, &out, &input)
                    return (result, out.pos)
                }
                if ZSTD_isError(result) != 0 { return false }
                output += chunk.prefix(produced)
                bufferFilled = produced == chunk.count
                finished = result == 0
            }
            return true
        }
        return ok && finished ? output : nil
    }
}
