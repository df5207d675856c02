/// Writes Windows registry hive files (regf) of any shape from a tree of `RegfKey`s, for tests.
///
/// The layout follows msuhanov's "Windows registry file format specification": a 4096-byte base block, then
/// hive bins of 4096·k bytes whose cells are 8-aligned, allocated cells with a negative size and the rest of
/// each bin as one free cell. Keys are written depth-first: a key's nk cell, its class-name cell, its value
/// list, each vk followed by its data, then the nk cells of its subkeys (sorted unless asked otherwise) and
/// the subkey list, then each subkey in turn. All keys share one `sk` cell.
public struct RegfWriter: Sendable {
    /// The root key; its name is stored as given.
    public var root: RegfKey
    /// The base block's minor version (offset 24): 3, 4, 5 (the default) or 6 (differencing hives).
    public var minorVersion: UInt32
    /// The base block's primary sequence number (offset 4).
    public var primarySequence: UInt32
    /// The base block's secondary sequence number (offset 8); a value unlike `primarySequence` makes a dirty hive.
    public var secondarySequence: UInt32
    /// Whether the base block's flags (offset 144) carry 0x2, "supports layered keys".
    public var supportsLayeredKeys: Bool
    /// The base block's file name (offset 48): UTF-16LE, cut to 64 bytes.
    public var fileName: String
    /// The size of a hive bin in bytes, rounded up to a multiple of 4096 (at least 4096, at most 1 GiB). A cell
    /// larger than the rest of the current bin opens a new bin, made larger than this when the cell needs it.
    public var binSize: Int
    /// The base block's last written timestamp (offset 12), also stored in the first bin's header (FILETIME).
    public var lastWritten: UInt64

    /// Creates a writer for a normal hive (version 1.`minorVersion`) rooted at `root`.
    public init(root: RegfKey, minorVersion: UInt32 = 5) {
        self.root = root
        self.minorVersion = minorVersion
        self.primarySequence = 1
        self.secondarySequence = 1
        self.supportsLayeredKeys = false
        self.fileName = ""
        self.binSize = 4096
        self.lastWritten = RegfKey.defaultLastWritten
    }

    /// A writer for a differencing hive (a container layer's `*_Delta`): version 1.6 with layered keys
    /// supported. The root keeps the name it is given (real deltas use `ROOT`).
    public static func differencing(root: RegfKey) -> RegfWriter {
        var writer = RegfWriter(root: root, minorVersion: 6)
        writer.supportsLayeredKeys = true
        return writer
    }

    /// Builds the hive file and the table of where every record landed.
    public func build() -> RegfImage {
        let roundedBinSize = max(4096, (min(binSize, 1 << 30) + 4095) / 4096 * 4096)
        var bins = HiveBins(binSize: roundedBinSize, timestamp: lastWritten)
        let rootCell = bins.allocate(payloadCount: Self.keyNodeHeaderSize + Self.encodeName(root).bytes.count)
        let securityCell = Self.writeSecurity(into: &bins, referenceCount: root.keyCount)
        var layout = Layout(bins: bins, securityCell: securityCell, minorVersion: minorVersion)
        layout.writeKey(root, path: "\\", cell: rootCell, parent: nil)
        let hiveBinsData = layout.bins.finish()

        var bytes = baseBlock(rootCell: rootCell, hiveBinsDataSize: hiveBinsData.count)
        bytes += hiveBinsData
        let fileOffset = { (offsets: [String: Int]) in offsets.mapValues { $0 + Self.baseBlockSize } }
        return RegfImage(
            bytes: bytes,
            keyOffsets: fileOffset(layout.keyOffsets),
            valueOffsets: fileOffset(layout.valueOffsets),
            valueDataOffsets: fileOffset(layout.valueDataOffsets),
            subkeyListOffsets: fileOffset(layout.subkeyListOffsets),
            leafListOffsets: layout.leafListOffsets.mapValues { $0.map { $0 + Self.baseBlockSize } },
            valueListOffsets: fileOffset(layout.valueListOffsets),
            classNameOffsets: fileOffset(layout.classNameOffsets),
            securityCellOffset: securityCell + Self.baseBlockSize,
            rootCellOffset: rootCell
        )
    }

    /// The size of the base block, and the distance between a relative offset and a file offset.
    static let baseBlockSize = 4096

    /// The 4096-byte base block (regf spec, "Base block") with its checksum.
    private func baseBlock(rootCell: Int, hiveBinsDataSize: Int) -> [UInt8] {
        var block = ByteBuffer(count: Self.baseBlockSize)
        block.store(Array("regf".utf8), at: 0)
        block.store(uint32: primarySequence, at: 4)
        block.store(uint32: secondarySequence, at: 8)
        block.store(uint64: lastWritten, at: 12)
        block.store(uint32: 1, at: 20)  // major version
        block.store(uint32: minorVersion, at: 24)
        block.store(uint32: 0, at: 28)  // file type: primary
        block.store(uint32: 1, at: 32)  // file format: direct memory load
        block.store(uint32: UInt32(truncatingIfNeeded: rootCell), at: 36)
        block.store(uint32: UInt32(truncatingIfNeeded: hiveBinsDataSize), at: 40)
        block.store(uint32: 1, at: 44)  // clustering factor
        block.store(Array(Self.utf16LittleEndian(Array(fileName.utf16)).prefix(64)), at: 48)
        block.store(uint32: supportsLayeredKeys ? 0x2 : 0, at: 144)
        block.store(uint32: RegfImage.checksum(ofBaseBlock: block.bytes), at: 508)
        return block.bytes
    }
}
