import Synchronization

/// The hive-bin index, built lazily (regf §hive bins).
///
/// Every 4096-byte page of the hive bins data belongs to at most one bin. A page's bin is the nearest page at
/// or before it whose hbin header is valid — signature `hbin`, an offset field equal to the page's own offset,
/// a size that is a nonzero multiple of 4096 and stays inside the hive bins data — provided that bin's size
/// reaches the page; otherwise the page is in no valid bin and no cell may live there. This is a function of
/// the bytes alone, so it can be computed for one page when a cell there is first used, in any order and on
/// any thread, and always gives the same answer. On a hive whose bins form the usual contiguous chain it is
/// the bin the chain assigns; it differs from walking the chain from the start only where a valid-looking
/// header with its own correct offset sits inside another bin's data (hostile bytes), and then cells are still
/// checked against a valid header's extent.
///
/// Opening reads the header of the first bin and of the root cell's bin only; the rest of the file is read
/// as it is used, so opening no longer faults in every page of a mapped file.
extension HiveStorage {
    /// The bin holding the cell at relative offset `relative` (whose page the caller has checked is below
    /// ``pageCount``): its relative start and end, or `nil` when the page lies in no valid bin.
    @inline(__always)
    func bin(containing relative: UInt32) -> (start: UInt32, end: UInt32)? {
        guard let table = binTable else { return nil }  // not configured: no page is in a bin
        let page = Int(relative / 4096)
        var entry = table[page].load(ordering: .relaxed)
        if entry == BinEntry.unknown {
            entry = indexBin(containingPage: page, in: table)
        }
        return BinEntry.decode(entry)
    }

    /// Finds and records the bin of `page` (and of the pages scanned on the way), returning `page`'s entry.
    ///
    /// Scans back from `page` to the first page that is either indexed already or starts with a valid header.
    /// Every page scanned gets its entry, so each page's header is read about once over the hive's life
    /// whatever the order of the look-ups. Racing threads compute the same entries and store the same values,
    /// so relaxed atomics suffice: an entry carries everything it means and publishes nothing else.
    @inline(never)
    func indexBin(containingPage page: Int, in table: UnsafeMutablePointer<Atomic<UInt64>>) -> UInt64 {
        var scan = page
        var start = BinEntry.noBin
        var end: UInt32 = 0
        while true {
            let entry = table[scan].load(ordering: .relaxed)
            if entry != BinEntry.unknown {
                // The nearest valid header at or before `scan` is that entry's bin (or none reaches it), and the
                // pages after `scan` up to `page` start with no valid header: they share that answer.
                if let bin = BinEntry.decode(entry) { (start, end) = (bin.start, bin.end) }
                break
            }
            if let pages = validBinPages(at: scan) {
                start = UInt32(scan * 4096)
                end = UInt32((scan + pages) * 4096)
                break
            }
            guard scan > 0 else { break }
            scan -= 1
        }
        for indexed in scan...page {
            let inBin = start != BinEntry.noBin && indexed * 4096 < Int(end)
            let entry = inBin ? BinEntry.encode(start: start, end: end) : BinEntry.outsideBins
            table[indexed].store(entry, ordering: .relaxed)
        }
        return table[page].load(ordering: .relaxed)
    }

    /// The number of pages of the bin whose header starts page `page`, or `nil` when that header is not a
    /// valid hbin header (signature, offset field, size; regf §hive bin header).
    func validBinPages(at page: Int) -> Int? {
        let fileOffset = BaseBlock.size + page * 4096
        let size = Int(u32(fileOffset + 8))
        guard u32(fileOffset) == 0x6E69_6268,  // "hbin"
            Int(u32(fileOffset + 4)) == page * 4096,
            size >= 4096, size % 4096 == 0, page + size / 4096 <= pageCount
        else { return nil }
        return size / 4096
    }

    /// One error per page that lies in no valid bin, in file order; indexes every page not indexed yet, so the
    /// first call reads every bin header of the file.
    func invalidBins() -> [HiveError] {
        var errors: [HiveError] = []
        for page in 0..<pageCount where bin(containing: UInt32(page * 4096)) == nil {
            errors.append(HiveError(.badBin, "invalid hive bin header", offset: BaseBlock.size + page * 4096))
        }
        return errors
    }
}

/// How one page's bin is stored in the index: one `UInt64`, so that a page's entry is read and written whole.
enum BinEntry {
    /// The entry of a page not indexed yet.
    static let unknown: UInt64 = 0
    /// The start recorded for a page in no valid bin.
    static let noBin = UInt32.max
    /// The entry of a page in no valid bin (nonzero, so it is not ``unknown``).
    static let outsideBins = UInt64(noBin) << 32 | 1

    /// The entry of a page in the bin from `start` to `end` (relative offsets; `end` is at least 4096, so the
    /// entry is never ``unknown``).
    @inline(__always)
    static func encode(start: UInt32, end: UInt32) -> UInt64 { UInt64(start) << 32 | UInt64(end) }

    /// The bin an indexed entry records, `nil` for a page in no valid bin.
    @inline(__always)
    static func decode(_ entry: UInt64) -> (start: UInt32, end: UInt32)? {
        let start = UInt32(truncatingIfNeeded: entry >> 32)
        guard start != noBin else { return nil }
        return (start, UInt32(truncatingIfNeeded: entry))
    }
}
