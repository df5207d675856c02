/// Recovers a dirty primary hive by replaying transaction logs.
///
/// Implements regf specification §"Format of transaction log files" (old `DIRT` and new `HvLE` formats),
/// §"Dirty state of a hive" and §"Multiple transaction log files":
/// - A primary is dirty when its sequence numbers differ or its base block checksum is wrong; a clean primary
///   is returned unchanged and its logs are not read.
/// - New-format logs win over old-format ones. With a valid primary base block, logs are replayed in sequence
///   order starting with the first whose base-block sequence number is not older than the primary's secondary
///   sequence number; a further log is replayed only if it starts right after the last entry replayed. With an
///   invalid primary base block, only the log holding the latest entries is replayed and the base block is
///   rebuilt from it.
/// - Within a log, replay stops at the first entry that fails its Marvin32 hashes, breaks the sequence, is
///   malformed or is cut short; earlier entries stay applied and the stop is reported in the notes.
/// - Of several old-format logs, the one with the latest *Last written timestamp* (then sequence number) is
///   replayed, and only if it is not older than the primary.
public struct TransactionLogRecovery: Sendable {
    /// What recovery produced and did.
    public struct Result: Sendable, Hashable, Codable {
        /// The recovered hive file: the primary with the logged pages written over it, grown to the logged hive
        /// bins data size, and a base block whose sequence numbers are equal and whose checksum is recomputed.
        /// When nothing could be replayed, the primary exactly as given (still dirty).
        public let bytes: [UInt8]
        /// Log entries replayed: new-format `HvLE` entries, or 1 for an old-format log.
        public let appliedEntries: Int
        /// Dirty page records written: page references of new-format entries, 512-byte pages of an old-format log.
        public let appliedPages: Int
        /// One line per decision worth knowing: logs not used and why, entries skipped and where replay stopped.
        public let notes: [String]
    }

    /// Replays `logs` (contents of .LOG1/.LOG2 in any order, either format) onto `primary` and returns the
    /// recovered hive bytes (sequence numbers made equal, checksum recomputed).
    ///
    /// Empty or zero-filled logs are skipped; logs older than the primary are not replayed. Entries that fail
    /// their hashes end replay of their log, as Windows does, and are reported in ``Result/notes``.
    ///
    /// - Throws: `HiveError` with `.notAHive` or `.truncated` when `primary` is not a hive file; for a log,
    ///   `.truncated` when it is cut short before its base block or its old-format dirty pages end, `.badChecksum`
    ///   when its base block checksum is wrong, and `.badLog` when it is otherwise malformed or belongs to
    ///   another hive. Offsets in log errors are offsets in that log file.
    public static func recover(primary: [UInt8], logs: [[UInt8]]) throws(HiveError) -> Result {
        let header = try primaryHeader(primary)
        guard header.isDirty else {
            let note =
                "primary hive is clean (sequence numbers \(header.primarySequence)/\(header.secondarySequence)); "
                + "logs not replayed"
            return Result(bytes: primary, appliedEntries: 0, appliedPages: 0, notes: [note])
        }
        var notes: [String] = []
        if !header.hasValidChecksum {
            notes.append("primary base block checksum is wrong; the base block is rebuilt from the replayed log")
        }
        var newFormat: [LogFile] = []
        var oldFormat: [LogFile] = []
        for (index, bytes) in logs.enumerated() {
            guard let log = try LogFile(number: index + 1, bytes: bytes, primary: header) else {
                notes.append("transaction log \(index + 1): empty or zero-filled; not used")
                continue
            }
            switch log.format {
            case .new: newFormat.append(log)
            case .old: oldFormat.append(log)
            }
        }
        var replay = Replay(primary: primary, header: header)
        if !newFormat.isEmpty {
            for log in oldFormat {
                notes.append("\(log.label): old format, ignored because new-format logs are present")
            }
            replayNewFormat(newFormat, into: &replay, primary: header, notes: &notes)
        } else if !oldFormat.isEmpty {
            try replayOldFormat(oldFormat, into: &replay, primary: header, notes: &notes)
        } else {
            notes.append("no transaction log holds data")
        }
        guard replay.source != nil else {
            notes.append("nothing was replayed; the primary is returned unchanged and still dirty")
            return Result(bytes: primary, appliedEntries: 0, appliedPages: 0, notes: notes)
        }
        return Result(
            bytes: replay.finishedHive(primary: header),
            appliedEntries: replay.appliedEntries,
            appliedPages: replay.appliedPages,
            notes: notes
        )
    }

    /// Validates the primary file's base block and reads its fields.
    static func primaryHeader(_ primary: [UInt8]) throws(HiveError) -> BaseBlockFields {
        guard primary.count >= 4, Array(primary[0..<4]) == Layout.regfSignature else {
            throw HiveError(.notAHive, "no 'regf' signature: not a registry hive", offset: 0)
        }
        guard primary.count >= Layout.baseBlockSize else {
            throw HiveError(.truncated, "base block truncated (\(primary.count) of 4096 bytes)", offset: 0)
        }
        let header = BaseBlockFields(primary)
        guard header.fileType == Layout.primaryFileType else {
            throw HiveError(
                .notAHive,
                "file type \(header.fileType) is not a primary hive (a transaction log?)",
                offset: Layout.fileType
            )
        }
        return header
    }
}

extension TransactionLogRecovery {
    /// Offsets and constants of the base block (regf §Base block) and of log files (regf §Transaction log files).
    enum Layout {
        /// `regf`, the base block signature.
        static let regfSignature: [UInt8] = Array("regf".utf8)
        /// `rmtm`, the signature that marks the Windows Vista+ GUID fields as present (offset 164).
        static let rmtmSignature: [UInt8] = Array("rmtm".utf8)
        /// Size of a primary file's base block; hive bins data starts right after it.
        static let baseBlockSize = 4096
        /// Size of the partial base block copy that starts a log file (clustering factor 1).
        static let logBaseBlockSize = 512
        /// Hive bins grow and Windows tracks dirtiness in units of this size.
        static let pageSize = 4096
        /// Offset of the primary sequence number.
        static let primarySequence = 4
        /// Offset of the secondary sequence number.
        static let secondarySequence = 8
        /// Offset of the last written timestamp (FILETIME).
        static let lastWritten = 12
        /// Offset of the major version.
        static let majorVersion = 20
        /// Offset of the minor version.
        static let minorVersion = 24
        /// Offset of the file type: 0 primary, 1 or 2 old-format log, 6 new-format log.
        static let fileType = 28
        /// Offset of the root cell offset.
        static let rootCellOffset = 36
        /// Offset of the hive bins data size.
        static let hiveBinsDataSize = 40
        /// Offset and length of the UTF-16LE file name field.
        static let fileName = 48..<112
        /// Offset and length of the resource manager GUID (RmId).
        static let resourceManagerID = 112..<128
        /// Offset of the flags (bit 0: KTM locked, restored from log entries).
        static let flags = 144
        /// Offset and length of the `rmtm` GUID signature.
        static let guidSignature = 164..<168
        /// Offset of the XOR-32 checksum over bytes 0..<508.
        static let checksum = 508
        /// File type of a primary file.
        static let primaryFileType: UInt32 = 0
        /// File type of a new-format log.
        static let newLogFileType: UInt32 = 6
        /// File types of an old-format log (2 in Windows 2000 and earlier).
        static let oldLogFileTypes: Set<UInt32> = [1, 2]
    }

    /// The base block fields recovery reads, from a primary file or from the copy that starts a log.
    struct BaseBlockFields: Sendable {
        /// Primary sequence number (offset 4).
        let primarySequence: UInt32
        /// Secondary sequence number (offset 8).
        let secondarySequence: UInt32
        /// Last written timestamp (offset 12), a FILETIME.
        let lastWritten: UInt64
        /// Major version (offset 20).
        let majorVersion: UInt32
        /// Minor version (offset 24).
        let minorVersion: UInt32
        /// File type (offset 28).
        let fileType: UInt32
        /// Root cell offset (offset 36).
        let rootCellOffset: UInt32
        /// Hive bins data size (offset 40).
        let hiveBinsDataSize: UInt32
        /// Flags (offset 144).
        let flags: UInt32
        /// The raw file name field (offset 48, 64 bytes).
        let fileName: [UInt8]
        /// The resource manager GUID (offset 112), when the `rmtm` signature marks it present and it is not null.
        let resourceManagerID: [UInt8]?
        /// Whether the checksum at offset 508 matches bytes 0..<508.
        let hasValidChecksum: Bool

        /// Reads the fields from the first 512 bytes of `bytes` (missing bytes read as zero).
        init(_ bytes: [UInt8]) {
            primarySequence = TransactionLogRecovery.loadUInt32(bytes, at: Layout.primarySequence)
            secondarySequence = TransactionLogRecovery.loadUInt32(bytes, at: Layout.secondarySequence)
            lastWritten = TransactionLogRecovery.loadUInt64(bytes, at: Layout.lastWritten)
            majorVersion = TransactionLogRecovery.loadUInt32(bytes, at: Layout.majorVersion)
            minorVersion = TransactionLogRecovery.loadUInt32(bytes, at: Layout.minorVersion)
            fileType = TransactionLogRecovery.loadUInt32(bytes, at: Layout.fileType)
            rootCellOffset = TransactionLogRecovery.loadUInt32(bytes, at: Layout.rootCellOffset)
            hiveBinsDataSize = TransactionLogRecovery.loadUInt32(bytes, at: Layout.hiveBinsDataSize)
            flags = TransactionLogRecovery.loadUInt32(bytes, at: Layout.flags)
            fileName = TransactionLogRecovery.slice(bytes, Layout.fileName)
            let guid = TransactionLogRecovery.slice(bytes, Layout.resourceManagerID)
            let marked = TransactionLogRecovery.slice(bytes, Layout.guidSignature) == Layout.rmtmSignature
            resourceManagerID = marked && guid.contains { $0 != 0 } ? guid : nil
            hasValidChecksum =
                bytes.count >= Layout.logBaseBlockSize
                && TransactionLogRecovery.loadUInt32(bytes, at: Layout.checksum)
                    == TransactionLogRecovery.checksum(bytes)
        }

        /// Whether the file needs recovery: sequence numbers differ or the checksum is wrong.
        var isDirty: Bool { primarySequence != secondarySequence || !hasValidChecksum }
    }

    /// One transaction log whose base block passed validation.
    struct LogFile: Sendable {
        /// Which layout follows the base block.
        enum Format: Sendable {
            /// A `DIRT` dirty vector and 512-byte dirty pages (Windows 8 and earlier).
            case old
            /// `HvLE` log entries (Windows 8.1 and later).
            case new
        }

        /// Position of the log in the caller's list, from 1.
        let number: Int
        /// The whole log file.
        let bytes: [UInt8]
        /// Its base block copy.
        let header: BaseBlockFields
        /// Its layout.
        let format: Format

        /// How notes and errors name this log.
        var label: String { "transaction log \(number)" }

        /// Validates the base block of a log; `nil` for an empty or zero-filled (unused) log.
        init?(number: Int, bytes: [UInt8], primary: BaseBlockFields) throws(HiveError) {
            let label = "transaction log \(number)"
            guard bytes.prefix(Layout.logBaseBlockSize).contains(where: { $0 != 0 }) else { return nil }
            guard bytes.count >= Layout.logBaseBlockSize else {
                throw HiveError(
                    .truncated,
                    "\(label): ends after \(bytes.count) bytes, inside its 512-byte base block",
                    offset: bytes.count
                )
            }
            guard Array(bytes[0..<4]) == Layout.regfSignature else {
                throw HiveError(.badLog, "\(label): does not start with a 'regf' base block", offset: 0)
            }
            let header = BaseBlockFields(bytes)
            guard header.hasValidChecksum else {
                throw HiveError(.badChecksum, "\(label): base block checksum is wrong", offset: Layout.checksum)
            }
            if header.fileType == Layout.newLogFileType {
                format = .new
            } else if Layout.oldLogFileTypes.contains(header.fileType) {
                format = .old
            } else {
                throw HiveError(
                    .badLog,
                    "\(label): file type \(header.fileType) is not a transaction log (1, 2 or 6)",
                    offset: Layout.fileType
                )
            }
            guard header.primarySequence == header.secondarySequence else {
                throw HiveError(
                    .badLog,
                    "\(label): its own base block is dirty "
                        + "(sequence numbers \(header.primarySequence)/\(header.secondarySequence))",
                    offset: Layout.primarySequence
                )
            }
            guard header.majorVersion == 1 else {
                throw HiveError(
                    .badLog,
                    "\(label): major version \(header.majorVersion) is not 1",
                    offset: Layout.majorVersion
                )
            }
            let binsSize = header.hiveBinsDataSize
            guard binsSize > 0, binsSize % UInt32(Layout.pageSize) == 0 else {
                throw HiveError(
                    .badLog,
                    "\(label): hive bins data size \(binsSize) is not a positive multiple of 4096",
                    offset: Layout.hiveBinsDataSize
                )
            }
            if primary.hasValidChecksum, let mismatch = Self.foreignField(header, primary) {
                throw HiveError(.badLog, "\(label): belongs to another hive (\(mismatch) differs)", offset: 0)
            }
            self.number = number
            self.bytes = bytes
            self.header = header
        }

        /// The identity field that differs between a log's and a primary's base blocks, if any: the resource
        /// manager GUID when both carry one, else the file name when both carry one.
        private static func foreignField(_ log: BaseBlockFields, _ primary: BaseBlockFields) -> String? {
            if let logID = log.resourceManagerID, let primaryID = primary.resourceManagerID {
                return logID == primaryID ? nil : "RmId"
            }
            let named = log.fileName.contains { $0 != 0 } && primary.fileName.contains { $0 != 0 }
            return named && log.fileName != primary.fileName ? "file name" : nil
        }
    }

    /// The hive being rebuilt: the primary's bytes with replayed pages, and the base block values to write.
    struct Replay: Sendable {
        /// The hive file so far.
        var bytes: [UInt8]
        /// Log entries replayed.
        var appliedEntries = 0
        /// Dirty page records written.
        var appliedPages = 0
        /// The sequence number both base block fields get.
        var sequence: UInt32
        /// The hive bins data size the base block gets.
        var hiveBinsDataSize: UInt32
        /// The flags the base block gets.
        var flags: UInt32
        /// The log replayed last; `nil` until something is replayed.
        var source: LogFile?

        /// Starts from the primary as it is.
        init(primary: [UInt8], header: BaseBlockFields) {
            bytes = primary
            sequence = header.primarySequence
            flags = header.flags
            if header.hasValidChecksum {
                hiveBinsDataSize = header.hiveBinsDataSize
            } else {
                // An invalid base block's size field is untrusted: assume the whole file is hive bins.
                let whole = (primary.count - Layout.baseBlockSize) / Layout.pageSize * Layout.pageSize
                hiveBinsDataSize = UInt32(clamping: whole)
            }
        }

        /// The file size the hive needs now: its bytes or its declared bins, whichever is larger.
        var extent: Int { max(bytes.count, Layout.baseBlockSize + Int(hiveBinsDataSize)) }

        /// Whether growing to `size` bytes of hive bins is covered by `pageBytes` bytes of logged pages.
        ///
        /// A hive grows only by new bins, and new bins are dirty, so the log carries every page of the growth
        /// (seen in real logs). The check bounds memory on forged sizes.
        func canGrow(toHiveBinsDataSize size: UInt32, pageBytes: Int) -> Bool {
            Layout.baseBlockSize + Int(size) <= extent + pageBytes
        }

        /// Extends the file with zeros so it holds `size` bytes of hive bins.
        mutating func grow(toHiveBinsDataSize size: UInt32) {
            let needed = Layout.baseBlockSize + Int(size)
            if needed > bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: needed - bytes.count))
            }
            hiveBinsDataSize = size
        }

        /// Writes `source` of `log` at `offset` bytes into the hive bins data (the caller checked the bounds).
        mutating func write(_ log: [UInt8], _ source: Range<Int>, atHiveBinsOffset offset: Int) {
            let start = Layout.baseBlockSize + offset
            let end = start + source.count
            guard start >= 0, source.lowerBound >= 0, source.upperBound <= log.count else { return }
            if end > bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: end - bytes.count))
            }
            bytes.replaceSubrange(start..<end, with: log[source])
            appliedPages += 1
        }

        /// The recovered file: the base block of the primary (or, if that is invalid, of the replayed log) with the
        /// replayed log's root cell offset and minor version, the replayed sequence number, size and flags, file
        /// type 0 and a fresh checksum.
        func finishedHive(primary: BaseBlockFields) -> [UInt8] {
            var hive = bytes
            guard let source, hive.count >= Layout.baseBlockSize else { return hive }
            if !primary.hasValidChecksum {
                let copy = source.bytes.prefix(Layout.logBaseBlockSize)
                hive.replaceSubrange(0..<copy.count, with: copy)
                hive.replaceSubrange(
                    copy.count..<Layout.baseBlockSize,
                    with: repeatElement(0, count: Layout.baseBlockSize - copy.count)
                )
            }
            TransactionLogRecovery.storeUInt32(sequence, in: &hive, at: Layout.primarySequence)
            TransactionLogRecovery.storeUInt32(sequence, in: &hive, at: Layout.secondarySequence)
            TransactionLogRecovery.storeUInt32(source.header.minorVersion, in: &hive, at: Layout.minorVersion)
            TransactionLogRecovery.storeUInt32(Layout.primaryFileType, in: &hive, at: Layout.fileType)
            TransactionLogRecovery.storeUInt32(source.header.rootCellOffset, in: &hive, at: Layout.rootCellOffset)
            TransactionLogRecovery.storeUInt32(hiveBinsDataSize, in: &hive, at: Layout.hiveBinsDataSize)
            TransactionLogRecovery.storeUInt32(flags, in: &hive, at: Layout.flags)
            TransactionLogRecovery.storeUInt32(TransactionLogRecovery.checksum(hive), in: &hive, at: Layout.checksum)
            return hive
        }
    }

    /// The XOR-32 checksum of bytes 0..<508, with 0 mapped to 1 and 0xFFFFFFFF to 0xFFFFFFFE (regf §Base block,
    /// note 2).
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        for word in 0..<(Layout.checksum / 4) {
            sum ^= loadUInt32(bytes, at: 4 * word)
        }
        switch sum {
        case 0: return 1
        case 0xFFFF_FFFF: return 0xFFFF_FFFE
        default: return sum
        }
    }

    /// Whether sequence number `earlier` comes before `later`, allowing for wrap-around.
    static func precedes(_ earlier: UInt32, _ later: UInt32) -> Bool {
        let distance = later &- earlier
        return distance != 0 && distance <= UInt32(Int32.max)
    }

    /// The little-endian `UInt32` at `offset`, or 0 if it is not wholly inside `bytes`.
    static func loadUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        guard offset >= 0, offset <= bytes.count - 4 else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    /// The little-endian `UInt64` at `offset`, or 0 if it is not wholly inside `bytes`.
    static func loadUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        guard offset >= 0, offset <= bytes.count - 8 else { return 0 }
        return UInt64(loadUInt32(bytes, at: offset)) | UInt64(loadUInt32(bytes, at: offset + 4)) << 32
    }

    /// Stores `value` little-endian at `offset`; does nothing if it would not fit.
    static func storeUInt32(_ value: UInt32, in bytes: inout [UInt8], at offset: Int) {
        guard offset >= 0, offset <= bytes.count - 4 else { return }
        for index in 0..<4 {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))
        }
    }

    /// The bytes of `range` that lie inside `bytes`.
    static func slice(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        let clamped = range.clamped(to: 0..<bytes.count)
        return Array(bytes[clamped])
    }
}
