extension TransactionLogRecovery {
    /// The dirty pages of an old-format log (regf §Old format → Dirty vector, Dirty pages).
    struct DirtyVector: Sendable {
        /// `DIRT`, the dirty vector signature, at offset 512 of the log.
        static let signature: [UInt8] = Array("DIRT".utf8)
        /// Each bit of the bitmap stands for a page of this size in the hive bins data.
        static let sectorSize = 512

        /// The pages to write: an offset in the hive bins data and the bytes' range in the log file.
        let pages: [(hiveBinsOffset: Int, source: Range<Int>)]

        /// Reads the bitmap that follows the base block and locates each dirty page.
        init(_ log: LogFile) throws(HiveError) {
            let bytes = log.bytes
            let bitmapStart = Layout.logBaseBlockSize + Self.signature.count
            let bitmapLength = Int(log.header.hiveBinsDataSize) / Self.sectorSize / 8
            guard bitmapStart + bitmapLength <= bytes.count else {
                throw HiveError(
                    .truncated,
                    "\(log.label): ends inside its dirty vector (\(bitmapLength) bitmap bytes declared)",
                    offset: bytes.count
                )
            }
            guard slice(bytes, Layout.logBaseBlockSize..<bitmapStart) == Self.signature else {
                throw HiveError(
                    .badLog,
                    "\(log.label): no 'DIRT' dirty vector after the base block",
                    offset: Layout.logBaseBlockSize
                )
            }
            let bitmapEnd = bitmapStart + bitmapLength
            // Dirty pages start at the first sector boundary after the bitmap.
            let firstPage = (bitmapEnd + Self.sectorSize - 1) / Self.sectorSize * Self.sectorSize
            var pages: [(hiveBinsOffset: Int, source: Range<Int>)] = []
            var source = firstPage
            for byteIndex in bitmapStart..<bitmapEnd where bytes[byteIndex] != 0 {
                let bits = bytes[byteIndex]
                for bit in 0..<8 where bits >> UInt8(bit) & 1 == 1 {
                    guard source + Self.sectorSize <= bytes.count else {
                        throw HiveError(
                            .truncated,
                            "\(log.label): ends before its dirty page \(pages.count + 1)",
                            offset: bytes.count
                        )
                    }
                    let sector = (byteIndex - bitmapStart) * 8 + bit
                    pages.append((sector * Self.sectorSize, source..<(source + Self.sectorSize)))
                    source += Self.sectorSize
                }
            }
            self.pages = pages
        }
    }

    /// Replays one old-format log (regf §Multiple transaction log files → Old format).
    ///
    /// Every log's dirty vector is checked. Logs older than the primary (by *Last written timestamp*, or by the
    /// first hive bin's timestamp when the primary base block is invalid) are skipped; of the rest, the one with
    /// the latest timestamp, then the latest sequence number, is replayed whole.
    static func replayOldFormat(
        _ logs: [LogFile],
        into replay: inout Replay,
        primary: BaseBlockFields,
        notes: inout [String]
    ) throws(HiveError) {
        var candidates: [(log: LogFile, vector: DirtyVector)] = []
        for log in logs {
            candidates.append((log, try DirtyVector(log)))
        }
        let reference = primary.hasValidChecksum ? primary.lastWritten : firstBinTimestamp(replay.bytes)
        var eligible: [(log: LogFile, vector: DirtyVector)] = []
        for candidate in candidates {
            if let reference, candidate.log.header.lastWritten < reference {
                notes.append("\(candidate.log.label): old format, written before the primary; not replayed")
            } else {
                eligible.append(candidate)
            }
        }
        var best: (log: LogFile, vector: DirtyVector)? = nil
        for candidate in eligible {
            let header = candidate.log.header
            if let current = best?.log.header {
                let newer =
                    header.lastWritten > current.lastWritten
                    || (header.lastWritten == current.lastWritten
                        && precedes(current.primarySequence, header.primarySequence))
                guard newer else { continue }
            }
            best = candidate
        }
        for candidate in eligible where candidate.log.number != best?.log.number {
            notes.append("\(candidate.log.label): old format, another log is more recent; not replayed")
        }
        guard let (log, vector) = best else { return }
        let pageBytes = vector.pages.count * DirtyVector.sectorSize
        guard replay.canGrow(toHiveBinsDataSize: log.header.hiveBinsDataSize, pageBytes: pageBytes) else {
            throw HiveError(
                .badLog,
                "\(log.label): declares \(log.header.hiveBinsDataSize) bytes of hive bins, more than its "
                    + "\(vector.pages.count) dirty pages can fill",
                offset: Layout.hiveBinsDataSize
            )
        }
        replay.grow(toHiveBinsDataSize: log.header.hiveBinsDataSize)
        for page in vector.pages {
            replay.write(log.bytes, page.source, atHiveBinsOffset: page.hiveBinsOffset)
        }
        let logged = log.header.primarySequence
        if primary.hasValidChecksum, precedes(logged, primary.primarySequence) {
            replay.sequence = primary.primarySequence
        } else {
            replay.sequence = logged
        }
        replay.flags = log.header.flags
        replay.appliedEntries += 1
        replay.source = log
        notes.append(
            "\(log.label): old format, sequence \(logged): replayed \(vector.pages.count) dirty pages of 512 bytes"
        )
    }

    /// The timestamp of the first hive bin, which stands in for the primary's when its base block is invalid.
    static func firstBinTimestamp(_ primary: [UInt8]) -> UInt64? {
        let bin = Layout.baseBlockSize
        guard slice(primary, bin..<(bin + 4)) == Array("hbin".utf8), primary.count >= bin + 28 else { return nil }
        return loadUInt64(primary, at: bin + 20)
    }
}
