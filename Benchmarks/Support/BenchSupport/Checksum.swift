// What the benchmark executables share.

/// Reads every byte of `data`: its 8-byte words XORed, then its last bytes. A walk that borrows each value's
/// data (`withData`) folds it through this, so it reads the whole data as python3-hivex's `value_value` copies it.
@inlinable @inline(__always)
public func checksum(_ data: RawSpan) -> UInt64 {
    var result: UInt64 = 0
    var offset = 0
    while offset + 32 <= data.byteCount {
        let block = data.extracting(offset..<(offset + 32))
        result ^=
            block.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt64.self)
            ^ block.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt64.self)
            ^ block.unsafeLoadUnaligned(fromByteOffset: 16, as: UInt64.self)
            ^ block.unsafeLoadUnaligned(fromByteOffset: 24, as: UInt64.self)
        offset += 32
    }
    while offset + 8 <= data.byteCount {
        result ^= data.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
    }
    while offset < data.byteCount {
        result = result &* 31 &+ UInt64(data.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt8.self))
        offset += 1
    }
    return result
}
