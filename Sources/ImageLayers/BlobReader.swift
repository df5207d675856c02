/// A blob's bytes, read in order: the seam between image sources (files, archives, registries) and the
/// layer pipeline. Reading goes straight into the pipeline's buffer, which the C decompressors read from.
public protocol BlobReader: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns how many, 0 at the end of the blob.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int
}

/// A blob held in memory.
public final class MemoryBlobReader: BlobReader {
    /// The bytes.
    private let bytes: [UInt8]
    /// The next byte to hand out.
    private var position = 0

    /// Reads from `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies the next bytes into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
        }
        position += count
        return count
    }
}
