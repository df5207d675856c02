extension RegfWriter {
    /// A growable byte array with little-endian stores.
    struct ByteBuffer {
        /// The bytes written so far.
        private(set) var bytes: [UInt8]

        /// Creates a buffer of `count` zero bytes.
        init(count: Int = 0) {
            bytes = [UInt8](repeating: 0, count: count)
        }

        /// Appends bytes at the end.
        mutating func append(_ newBytes: [UInt8]) {
            bytes += newBytes
        }

        /// Appends `count` zero bytes.
        mutating func appendZeros(_ count: Int) {
            bytes += [UInt8](repeating: 0, count: count)
        }

        /// Overwrites bytes at `offset`, which must lie inside the buffer with all of `newBytes`.
        mutating func store(_ newBytes: [UInt8], at offset: Int) {
            bytes.replaceSubrange(offset..<(offset + newBytes.count), with: newBytes)
        }

        /// Overwrites a little-endian `UInt16` at `offset`.
        mutating func store(uint16 value: UInt16, at offset: Int) {
            store([UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)], at: offset)
        }

        /// Overwrites a little-endian `UInt32` at `offset`.
        mutating func store(uint32 value: UInt32, at offset: Int) {
            store((0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }, at: offset)
        }

        /// Overwrites a little-endian `UInt64` at `offset`.
        mutating func store(uint64 value: UInt64, at offset: Int) {
            store((0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }, at: offset)
        }
    }

    /// The hive bins data under construction: cells are appended to the current bin, and a cell that does not
    /// fit closes it (the rest becoming one free cell) and opens a new one (regf spec, "Hive bin", "Cell").
    struct HiveBins {
        /// The size of an ordinary bin, a multiple of 4096.
        let binSize: Int
        /// The timestamp stored in the first bin's header.
        let timestamp: UInt64
        /// The bins written so far, the current one ending at `data.bytes.count`.
        private var data = ByteBuffer()
        /// Relative offset of the end of the current bin (0 before the first bin).
        private var binEnd = 0

        /// Creates empty hive bins data.
        init(binSize: Int, timestamp: UInt64) {
            self.binSize = binSize
            self.timestamp = timestamp
        }

        /// The size of the cell holding `payloadCount` bytes: the 4-byte size field plus the payload, rounded up
        /// to a multiple of 8.
        static func cellSize(payloadCount: Int) -> Int {
            (4 + payloadCount + 7) / 8 * 8
        }

        /// Appends an allocated cell of `payloadCount` zero bytes and returns its relative offset.
        mutating func allocate(payloadCount: Int) -> Int {
            let size = Self.cellSize(payloadCount: payloadCount)
            if binEnd - data.bytes.count < size {
                openBin(forCellOfSize: size)
            }
            let cell = data.bytes.count
            data.appendZeros(size)
            data.store(uint32: UInt32(bitPattern: Int32(truncatingIfNeeded: -size)), at: cell)
            return cell
        }

        /// Overwrites bytes of a cell's payload, `offset` bytes after its size field.
        mutating func store(_ bytes: [UInt8], cell: Int, at offset: Int) {
            data.store(bytes, at: cell + 4 + offset)
        }

        /// Overwrites a little-endian `UInt16` of a cell's payload.
        mutating func store(uint16 value: UInt16, cell: Int, at offset: Int) {
            data.store(uint16: value, at: cell + 4 + offset)
        }

        /// Overwrites a little-endian `UInt32` of a cell's payload.
        mutating func store(uint32 value: UInt32, cell: Int, at offset: Int) {
            data.store(uint32: value, at: cell + 4 + offset)
        }

        /// Overwrites a little-endian `UInt64` of a cell's payload.
        mutating func store(uint64 value: UInt64, cell: Int, at offset: Int) {
            data.store(uint64: value, at: cell + 4 + offset)
        }

        /// Closes the last bin and returns the complete hive bins data.
        mutating func finish() -> [UInt8] {
            closeBin()
            binEnd = data.bytes.count
            return data.bytes
        }

        /// Closes the current bin and opens one large enough for a cell of `size` bytes.
        private mutating func openBin(forCellOfSize size: Int) {
            closeBin()
            let start = data.bytes.count
            let length = max(binSize, (32 + size + 4095) / 4096 * 4096)
            data.append(Array("hbin".utf8))
            data.appendZeros(28)
            data.store(uint32: UInt32(truncatingIfNeeded: start), at: start + 4)
            data.store(uint32: UInt32(truncatingIfNeeded: length), at: start + 8)
            data.store(uint64: start == 0 ? timestamp : 0, at: start + 20)
            binEnd = start + length
        }

        /// Fills the rest of the current bin with one free cell (positive size).
        private mutating func closeBin() {
            let free = binEnd - data.bytes.count
            guard free > 0 else { return }
            let cell = data.bytes.count
            data.appendZeros(free)
            data.store(uint32: UInt32(truncatingIfNeeded: free), at: cell)
        }
    }
}
