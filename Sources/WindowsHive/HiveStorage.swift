import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one hive file and the index of its hive bins, shared by every handle into the hive.
///
/// This is the only place that holds a raw pointer: the bytes are either a private read-only `mmap` of
/// the file (a C boundary) or one allocation holding a copy of caller-provided bytes, and the bin index is one
/// allocation of atomics. Everything else reads through bounds-checked `RawSpan` loads after its own range
/// checks.
///
/// It is `Sendable` because nothing in it changes once the opener has configured it, except the bin index,
/// whose entries are atomics filled in idempotently as pages are first used
/// (``HiveStorage/indexBin(containingPage:in:)``).
@usableFromInline
final class HiveStorage: @unchecked Sendable {
    /// The hive's bytes, immutable for the storage's lifetime.
    @usableFromInline let base: UnsafeRawBufferPointer
    /// Whether `base` is a mapping (unmapped on deinit) or an allocation (deallocated on deinit).
    private let isMapped: Bool
    /// The number of 4096-byte pages of hive bins data the file holds (and the bin index covers).
    private(set) var pageCount = 0
    /// Per page of the hive bins data, its ``BinEntry``: ``BinEntry/unknown`` until a cell there is first used.
    /// A `calloc`ed table (zero bytes are an `Atomic<UInt64>` holding 0), so a large one costs no memory page
    /// until it is used; `nil` until the opener configures the storage.
    private(set) var binTable: UnsafeMutablePointer<Atomic<UInt64>>?

    /// Maps the file at `path` read-only.
    init(mapping path: String) throws(HiveError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw HiveError(.fileUnreadable, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw HiveError(.fileUnreadable, "cannot stat: \(String(cString: strerror(errno)))", file: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw HiveError(.fileUnreadable, "not a regular file", file: path)
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            throw HiveError(.notAHive, "empty file, not a registry hive", file: path)
        }
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw HiveError(.fileUnreadable, "cannot map: \(String(cString: strerror(errno)))", file: path)
        }
        base = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: size)
        isMapped = true
    }

    /// Copies `bytes` into storage owned by the hive.
    init(copying bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        buffer.copyBytes(from: bytes)
        base = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<bytes.count])
        isMapped = false
    }

    /// The whole contents of the file at `path` (empty for an empty file), as transaction logs are read.
    static func contents(of path: String) throws(HiveError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw HiveError(.fileUnreadable, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            guard count > 0 else {
                throw HiveError(.fileUnreadable, "cannot read: \(String(cString: strerror(errno)))", file: path)
            }
            bytes += chunk[0..<count]
        }
    }

    deinit {
        free(binTable)
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base.baseAddress), base.count)
        } else {
            base.deallocate()
        }
    }

    /// The number of bytes in the file.
    var count: Int { base.count }

    /// The whole file as a span.
    @inlinable
    var bytes: RawSpan {
        @_lifetime(borrow self) get {
            let span = RawSpan(_unsafeBytes: base)
            return _overrideLifetime(span, borrowing: self)
        }
    }

    /// The hive's minor format version (big data records exist from 1.4 on).
    private(set) var minorVersion: UInt32 = 0

    /// Sizes the (empty) bin index to `pageCount` pages and records the format version; called by the opener
    /// once, before the storage is shared.
    func configure(pageCount: Int, minorVersion: UInt32) throws(HiveError) {
        let stride = MemoryLayout<Atomic<UInt64>>.stride
        guard let raw = calloc(max(pageCount, 1), stride) else {
            throw HiveError(.tooLarge, "cannot allocate the index of \(pageCount) hive-bin pages", offset: 40)
        }
        free(binTable)
        binTable = raw.bindMemory(to: Atomic<UInt64>.self, capacity: max(pageCount, 1))
        self.pageCount = pageCount
        self.minorVersion = minorVersion
    }

    /// A little-endian `UInt32` at file offset `offset`; the caller has checked the range.
    @inlinable @inline(__always)
    func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A little-endian `UInt16` at file offset `offset`; the caller has checked the range.
    @inline(__always)
    func u16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// A little-endian `UInt64` at file offset `offset`; the caller has checked the range.
    @inline(__always)
    func u64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The byte at file offset `offset`; the caller has checked the range.
    @inline(__always)
    func u8(_ offset: Int) -> UInt8 {
        bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt8.self)
    }

    /// Copies `count` bytes from file offset `offset`; the caller has checked the range.
    func copy(_ offset: Int, _ count: Int) -> [UInt8] {
        let span = bytes.extracting(offset..<(offset + count))
        return span.withUnsafeBytes { Array($0) }
    }

    /// Appends `count` bytes from file offset `offset` to `array`; the caller has checked the range.
    func append(_ offset: Int, _ count: Int, to array: inout [UInt8]) {
        let span = bytes.extracting(offset..<(offset + count))
        span.withUnsafeBytes { array.append(contentsOf: $0) }
    }
}
