extension TransactionLogRecovery {
    /// One `HvLE` log entry that passed its checks (regf §New format → Log entries).
    struct LogEntry: Sendable {
        /// Offset of the entry in its log file.
        let offset: Int
        /// The entry's flags; bit 0 is copied to the base block's flags.
        let flags: UInt32
        /// The sequence number the base block has once this entry is applied.
        let sequence: UInt32
        /// The hive bins data size once this entry is applied.
        let hiveBinsDataSize: UInt32
        /// The pages to write: an offset in the hive bins data and the bytes' range in the log file.
        let pages: [(hiveBinsOffset: Int, source: Range<Int>)]

        /// The total size of the entry's pages.
        var pageBytes: Int { pages.reduce(0) { $0 + $1.source.count } }
    }

    /// Offsets inside a log entry (regf §New format → Log entries).
    enum EntryLayout {
        /// `HvLE`, the entry signature.
        static let signature: [UInt8] = Array("HvLE".utf8)
        /// Offset of the entry size.
        static let size = 4
        /// Offset of the flags.
        static let flags = 8
        /// Offset of the sequence number.
        static let sequence = 12
        /// Offset of the hive bins data size.
        static let hiveBinsDataSize = 16
        /// Offset of the dirty pages count.
        static let pageCount = 20
        /// Offset of Hash-1, over the entry from its first page reference to its end.
        static let hash1 = 24
        /// Offset of Hash-2, over the entry's first 32 bytes.
        static let hash2 = 32
        /// Size of the fixed header; page references follow.
        static let headerSize = 40
        /// Size of one page reference: a hive bins offset and a size.
        static let referenceSize = 8
        /// Entries are stored at and sized in multiples of this.
        static let alignment = 512
    }

    /// Replays new-format logs (regf §Multiple transaction log files → New format).
    ///
    /// With a valid primary base block, logs are taken in sequence order from the primary's secondary sequence
    /// number; a log older than that is skipped, and once entries were replayed a further log must start right
    /// after the last one. With an invalid primary base block, only the log with the latest entries is replayed.
    static func replayNewFormat(
        _ logs: [LogFile],
        into replay: inout Replay,
        primary: BaseBlockFields,
        notes: inout [String]
    ) {
        guard primary.hasValidChecksum else {
            var latest: LogFile? = nil
            for log in logs {
                if let current = latest, !precedes(current.header.primarySequence, log.header.primarySequence) {
                    continue
                }
                latest = log
            }
            guard let latest else { return }
            for log in logs where log.number != latest.number {
                notes.append(
                    "\(log.label): not replayed; with an invalid primary base block only the log with the latest "
                        + "entries is used"
                )
            }
            replayEntries(of: latest, into: &replay, notes: &notes)
            return
        }
        let start = primary.secondarySequence
        let ordered = logs.sorted { ($0.header.primarySequence &- start) < ($1.header.primarySequence &- start) }
        for log in ordered {
            let first = log.header.primarySequence
            if precedes(first, start) {
                notes.append(
                    "\(log.label): sequence \(first) is older than the primary's secondary sequence \(start); "
                        + "not replayed"
                )
                continue
            }
            if replay.appliedEntries > 0, first != replay.sequence &+ 1 {
                notes.append(
                    "\(log.label): starts at sequence \(first), not \(replay.sequence &+ 1) right after the last "
                        + "replayed entry; not replayed"
                )
                continue
            }
            replayEntries(of: log, into: &replay, notes: &notes)
        }
    }

    /// Applies the consecutive valid entries of `log`, starting with the one that carries the log's own sequence
    /// number, and notes where and why replay of the log stopped.
    static func replayEntries(of log: LogFile, into replay: inout Replay, notes: inout [String]) {
        let (entries, stopped) = logEntries(of: log)
        var stop = stopped
        var applied: [LogEntry] = []
        var pages = 0
        for entry in entries {
            guard replay.canGrow(toHiveBinsDataSize: entry.hiveBinsDataSize, pageBytes: entry.pageBytes) else {
                stop =
                    "entry at offset 0x\(String(entry.offset, radix: 16)) grows the hive bins to "
                    + "\(entry.hiveBinsDataSize) bytes, more than its pages fill"
                break
            }
            replay.grow(toHiveBinsDataSize: entry.hiveBinsDataSize)
            for page in entry.pages {
                replay.write(log.bytes, page.source, atHiveBinsOffset: page.hiveBinsOffset)
            }
            replay.sequence = entry.sequence
            replay.flags = (log.header.flags & ~1) | (entry.flags & 1)
            replay.appliedEntries += 1
            replay.source = log
            applied.append(entry)
            pages += entry.pages.count
        }
        var note = "\(log.label): new format, sequence \(log.header.primarySequence): "
        if let first = applied.first, let last = applied.last {
            note += "replayed \(applied.count) entries (sequence \(first.sequence)–\(last.sequence), \(pages) pages)"
        } else {
            note += "no entry replayed"
        }
        if let stop { note += "; stopped: \(stop)" }
        notes.append(note)
    }

    /// The consecutive valid entries of a new-format log, and why reading stopped when it was not simply the end
    /// of the entries (regf §New format → Log entries, notes 5–8).
    static func logEntries(of log: LogFile) -> (entries: [LogEntry], stop: String?) {
        let bytes = log.bytes
        var entries: [LogEntry] = []
        var offset = Layout.logBaseBlockSize
        var expected = log.header.primarySequence
        while offset < bytes.count {
            switch entry(in: bytes, at: offset, expecting: expected) {
            case .entry(let entry, let size):
                entries.append(entry)
                offset += size
                expected = entry.sequence &+ 1
            case .end:
                return (entries, nil)
            case .invalid(let reason):
                return (entries, "entry at offset 0x\(String(offset, radix: 16)) \(reason)")
            }
        }
        return (entries, nil)
    }

    /// What is found at an offset where a log entry may start.
    enum EntryScan {
        /// A valid entry with the expected sequence number, and its size.
        case entry(LogEntry, size: Int)
        /// No further entry: zeros, remnants of older entries, or the end of the file.
        case end
        /// Something that claims to be the next entry but cannot be applied, and why.
        case invalid(String)
    }

    /// Checks and reads the log entry at `offset`.
    static func entry(in bytes: [UInt8], at offset: Int, expecting expected: UInt32) -> EntryScan {
        let available = bytes.count - offset
        guard available >= EntryLayout.headerSize, slice(bytes, offset..<offset + 4) == EntryLayout.signature else {
            return .end
        }
        let size = Int(loadUInt32(bytes, at: offset + EntryLayout.size))
        let sequence = loadUInt32(bytes, at: offset + EntryLayout.sequence)
        let binsSize = loadUInt32(bytes, at: offset + EntryLayout.hiveBinsDataSize)
        let count = Int(loadUInt32(bytes, at: offset + EntryLayout.pageCount))
        // Entries left over from an earlier use of the log carry lower sequence numbers: the end, not an error.
        guard !precedes(sequence, expected) else { return .end }
        guard size >= EntryLayout.alignment, size % EntryLayout.alignment == 0 else {
            return .invalid("has size \(size), not a positive multiple of 512")
        }
        guard size <= available else {
            return .invalid("is cut short: \(size) bytes declared, \(available) left in the file")
        }
        let hash1 = Marvin32.hash(bytes[(offset + EntryLayout.headerSize)..<(offset + size)])
        let hash2 = Marvin32.hash(bytes[offset..<(offset + EntryLayout.hash2)])
        guard hash1 == loadUInt64(bytes, at: offset + EntryLayout.hash1),
            hash2 == loadUInt64(bytes, at: offset + EntryLayout.hash2)
        else {
            return .invalid("fails its Marvin32 hash; it and later entries are ignored")
        }
        guard sequence == expected else {
            return .invalid("has sequence \(sequence) where \(expected) was expected")
        }
        guard binsSize > 0, binsSize % UInt32(Layout.pageSize) == 0 else {
            return .invalid("declares hive bins data size \(binsSize), not a positive multiple of 4096")
        }
        let referencesEnd = EntryLayout.headerSize + count * EntryLayout.referenceSize
        guard count > 0, referencesEnd <= size else {
            return .invalid("declares \(count) dirty pages, which do not fit in its \(size) bytes")
        }
        var pages: [(hiveBinsOffset: Int, source: Range<Int>)] = []
        pages.reserveCapacity(count)
        var data = offset + referencesEnd
        for index in 0..<count {
            let reference = offset + EntryLayout.headerSize + index * EntryLayout.referenceSize
            let target = Int(loadUInt32(bytes, at: reference))
            let length = Int(loadUInt32(bytes, at: reference + 4))
            guard length > 0, target + length <= Int(binsSize) else {
                return .invalid("has page \(index) at hive bins offset \(target) (\(length) bytes) outside its bins")
            }
            guard data + length <= offset + size else {
                return .invalid("has pages that run past its end")
            }
            pages.append((target, data..<(data + length)))
            data += length
        }
        let entry = LogEntry(
            offset: offset,
            flags: loadUInt32(bytes, at: offset + EntryLayout.flags),
            sequence: sequence,
            hiveBinsDataSize: binsSize,
            pages: pages
        )
        return .entry(entry, size: size)
    }
}
