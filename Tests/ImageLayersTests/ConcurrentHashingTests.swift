import Foundation
import ImageLayers
import TestSupport
import Testing

/// The layer pipeline hashes layers of ``LayerScanner/concurrentHashingThreshold`` compressed bytes or more on
/// two threads of their own (blob digest, diff-id) while it inflates and walks the tar; smaller ones inline.
/// Both paths must give the same digests, the same files and the same errors, and a scan that stops early must
/// stop its threads and return.
@Suite("Concurrent hashing of a layer")
struct ConcurrentHashingTests {
    /// A generated layer: its tar, its blob and the description a manifest and config would give.
    struct Layer: CustomTestStringConvertible {
        /// The uncompressed tar.
        let tar: [UInt8]
        /// The compressed blob.
        let blob: [UInt8]
        /// How `blob` is compressed.
        let compression: LayerCompression

        /// Compresses `tar`.
        init(tar: [UInt8], compression: LayerCompression) {
            self.tar = tar
            self.compression = compression
            switch compression {
            case .gzip: blob = Compression.gzip(tar, level: 1)
            case .zstd: blob = Compression.zstd(tar, level: 1)
            case .none: blob = tar
            }
        }

        /// What a manifest and config would say of this layer, unless told otherwise.
        func info(digest: Digest? = nil, size: Int64? = nil, diffID: Digest? = nil) -> LayerInfo {
            let mediaType =
                switch compression {
                case .gzip: "application/vnd.oci.image.layer.v1.tar+gzip"
                case .zstd: "application/vnd.oci.image.layer.v1.tar+zstd"
                case .none: "application/vnd.oci.image.layer.v1.tar"
                }
            let descriptor = Descriptor(
                mediaType: mediaType, digest: digest ?? Digest.sha256(of: blob), size: size ?? Int64(blob.count))
            return LayerInfo(index: 0, descriptor: descriptor, diffID: diffID ?? Digest.sha256(of: tar))
        }

        /// A short description for test failures (never the bytes).
        var testDescription: String { "\(compression) layer, \(tar.count) bytes of tar, \(blob.count) of blob" }

        /// Whether this layer takes the concurrent path.
        var isConcurrent: Bool { Int64(blob.count) >= LayerScanner.concurrentHashingThreshold }
    }

    /// Where the selected hive sits in the generated tars.
    static let hivePath = "Files/Windows/System32/config/SOFTWARE"
    /// The selector the tests scan with.
    static let selector = EntrySelector(patterns: [hivePath])
    /// The selected file's contents.
    static let hive = noise(96 << 10, seed: 7)

    /// A big tar: incompressible data (so the blob exceeds the threshold), the hive, then runs of zeros (many
    /// output buffers per input buffer, so the output ring wraps and fills while the input ring does not).
    static let bigTar: [UInt8] = {
        let threshold = Int(LayerScanner.concurrentHashingThreshold)
        var tar = TarBuilder()
        tar.file("Files/Windows/System32/kernel32.dll", noise(threshold + (threshold / 2), seed: 1))
        tar.file(hivePath, hive)
        tar.file("Files/Windows/System32/zeros.dat", [UInt8](repeating: 0, count: 9 << 20))
        tar.file("Files/Windows/System32/tail.dll", noise(1 << 20, seed: 2))
        return tar.build()
    }()

    /// A small tar with the same hive (a few hundred KiB: the inline path).
    static let smallTar: [UInt8] = {
        var tar = TarBuilder()
        tar.file("Files/Windows/System32/kernel32.dll", noise(64 << 10, seed: 3))
        tar.file(hivePath, hive)
        return tar.build()
    }()

    /// Deterministic incompressible bytes.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[index] = UInt8(truncatingIfNeeded: state >> 56)
            }
            initialized = count
        }
    }

    /// Scans `blob` (through `reader` when given) and returns the error it throws, or `nil`.
    static func scanError(
        _ layer: Layer, info: LayerInfo? = nil, reader: (any BlobReader)? = nil, selector: EntrySelector = selector
    ) -> ImageLayersError? {
        do {
            _ = try LayerScanner.scan(
                reader ?? MemoryBlobReader(layer.blob), layer: info ?? layer.info(), selector: selector)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [LayerCompression.gzip, .zstd, .none], [true, false])
    func bothPathsGiveTheDigestsAndTheFiles(compression: LayerCompression, big: Bool) throws {
        let layer = Layer(tar: big ? Self.bigTar : Self.smallTar, compression: compression)
        #expect(layer.isConcurrent == big, "the layer must take the path under test")
        let contents = try LayerScanner.scan(MemoryBlobReader(layer.blob), layer: layer.info(), selector: Self.selector)
        #expect(contents.digest == Digest.sha256(of: layer.blob))
        #expect(contents.diffID == Digest.sha256(of: layer.tar))
        #expect(contents.compressedSize == Int64(layer.blob.count))
        #expect(contents.uncompressedSize == Int64(layer.tar.count))
        #expect(contents.entryCount == (big ? 4 : 2))
        #expect(contents.files.map(\.path) == [Self.hivePath])
        #expect(contents.files.first?.data == Self.hive)
        #expect(contents.notes.isEmpty)
    }

    @Test(arguments: [true, false])
    func aCorruptedByteFailsTheBlobDigest(big: Bool) throws {
        let layer = Layer(tar: big ? Self.bigTar : Self.smallTar, compression: .none)
        var damaged = layer.blob
        damaged[4096] ^= 0x01  // inside the first file's data: the tar still parses
        let errorOutcome = Self.scanError(layer, reader: MemoryBlobReader(damaged))
        let error = try #require(errorOutcome)
        #expect(error.code == .digestMismatch, "\(error)")
        #expect(error.message.hasPrefix("blob digest is "), "\(error)")
        #expect(error.description.contains("layer 0"))
    }

    @Test func aCorruptedGzipByteFailsTheLayer() throws {
        let layer = Layer(tar: Self.bigTar, compression: .gzip)
        var damaged = layer.blob
        damaged[damaged.count / 2] ^= 0x01
        let errorOutcome = Self.scanError(layer, reader: MemoryBlobReader(damaged))
        let error = try #require(errorOutcome)
        #expect([.badCompression, .digestMismatch].contains(error.code), "\(error)")
    }

    @Test func wrongDigestsInTheManifestAndConfigFailTheLayer() throws {
        let layer = Layer(tar: Self.bigTar, compression: .gzip)
        let other = Digest.sha256(of: [1, 2, 3])
        let blobErrorOutcome = Self.scanError(layer, info: layer.info(digest: other))
        let blobError = try #require(blobErrorOutcome)
        #expect(blobError.code == .digestMismatch)
        #expect(blobError.message == "blob digest is \(Digest.sha256(of: layer.blob)), the manifest says \(other)")
        let diffErrorOutcome = Self.scanError(layer, info: layer.info(diffID: other))
        let diffError = try #require(diffErrorOutcome)
        #expect(diffError.code == .digestMismatch)
        #expect(diffError.message == "uncompressed digest is \(Digest.sha256(of: layer.tar)), the config says \(other)")

        // Reported, not failed, when asked: both digests are still the real ones.
        let contents = try LayerScanner.scan(
            MemoryBlobReader(layer.blob), layer: layer.info(digest: other, diffID: other), selector: Self.selector,
            verification: .reportOnly)
        #expect(contents.digest == Digest.sha256(of: layer.blob))
        #expect(contents.diffID == Digest.sha256(of: layer.tar))
        #expect(contents.notes.count == 2)
        #expect(contents.files.first?.data == Self.hive)
    }

    @Test func aBlobLongerThanItsDescriptorFails() throws {
        let layer = Layer(tar: Self.bigTar, compression: .gzip)
        let declared = Int64(layer.blob.count - 100)
        let errorOutcome = Self.scanError(layer, info: layer.info(size: declared))
        let error = try #require(errorOutcome)
        #expect(error.code == .sizeMismatch, "\(error)")
        #expect(error.message == "blob is longer than the \(declared) bytes its descriptor declares")
    }

    @Test(arguments: [LayerCompression.gzip, .zstd], [true, false])
    func aTruncatedBlobFails(compression: LayerCompression, big: Bool) throws {
        let layer = Layer(tar: big ? Self.bigTar : Self.smallTar, compression: compression)
        let truncated = Array(layer.blob.prefix(layer.blob.count * 3 / 5))
        let errorOutcome = Self.scanError(layer, reader: MemoryBlobReader(truncated))
        let error = try #require(errorOutcome)
        #expect(error.code == .badCompression, "\(error)")
        #expect(error.message == "\(compression.rawValue) stream is truncated", "\(error)")
    }

    /// A reader that fails after handing out `limit` bytes, as a network source does when the connection drops.
    final class FailingReader: BlobReader {
        /// Where the bytes come from.
        private let inner: MemoryBlobReader
        /// Bytes left before the failure.
        private var left: Int
        /// What to throw.
        private let error: ImageLayersError

        /// Reads `bytes`, then fails with `error` after `limit` of them.
        init(_ bytes: [UInt8], failingAfter limit: Int, with error: ImageLayersError) {
            inner = MemoryBlobReader(bytes)
            left = limit
            self.error = error
        }

        /// The next bytes, or the error once `limit` bytes have been read.
        func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
            guard left > 0 else { throw error }
            let count = try inner.read(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, left)]))
            left -= count
            return count
        }
    }

    @Test(arguments: [true, false])
    func aReaderErrorSurfacesUnchanged(big: Bool) throws {
        let layer = Layer(tar: big ? Self.bigTar : Self.smallTar, compression: .gzip)
        let failure = ImageLayersError(.network, "connection reset by peer", context: "https://registry.test/v2/x")
        let reader = FailingReader(layer.blob, failingAfter: layer.blob.count / 2, with: failure)
        let errorOutcome = Self.scanError(layer, reader: reader)
        let error = try #require(errorOutcome)
        #expect(error.code == .network)
        #expect(error.message == "connection reset by peer")
        #expect(error.context?.hasSuffix("https://registry.test/v2/x") == true, "\(error)")
        #expect(error.description.contains("layer 0"))
    }

    /// The consumer stops at the first entry (selected, too large) while both hashing threads have full rings
    /// ahead of it: the scan returns the error (it does not hang) and leaves no hashing thread behind.
    @Test func aScanThatStopsEarlyReturns() throws {
        let layer = Layer(tar: Self.bigTar, compression: .gzip)
        #expect(layer.isConcurrent)
        let strict = EntrySelector(patterns: ["**/*.dll"], maximumFileSize: 1 << 20)
        let rounds = 12
        for _ in 0..<rounds {
            let errorOutcome = Self.scanError(layer, selector: strict)
            let error = try #require(errorOutcome)
            #expect(error.code == .tooLarge, "\(error)")
        }
        // Every hashing thread was told to stop and has ended its work; a leaked one would wait forever.
        #expect(Self.hashingThreadCount() < 2 * rounds)
    }

    /// The consumer stops at an entry whose path escapes the layer, after one ring's worth of data.
    @Test func anUnsafeEntryStopsTheScan() throws {
        var tar = TarBuilder()
        tar.file(
            "Files/Windows/System32/kernel32.dll", Self.noise(Int(LayerScanner.concurrentHashingThreshold), seed: 4))
        tar.file("Files/../../escape.dll", Self.noise(1 << 20, seed: 5))
        tar.file("Files/Windows/System32/zeros.dat", [UInt8](repeating: 0, count: 9 << 20))
        let layer = Layer(tar: tar.build(), compression: .gzip)
        #expect(layer.isConcurrent)
        let errorOutcome = Self.scanError(layer)
        let error = try #require(errorOutcome)
        #expect(error.code == .unsafePath, "\(error)")
    }

    /// A reader that cancels its own task after the first read, then sees the cancellation as file readers do.
    final class CancellingReader: BlobReader {
        /// Where the bytes come from.
        private let inner: MemoryBlobReader
        /// Reads so far.
        private var reads = 0

        /// Reads `bytes`.
        init(_ bytes: [UInt8]) { inner = MemoryBlobReader(bytes) }

        /// The next bytes; cancels the current task after the first call.
        func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
            if Task.isCancelled { throw ImageLayersError(.cancelled, "cancelled") }
            reads += 1
            if reads == 2 { withUnsafeCurrentTask { $0?.cancel() } }
            return try inner.read(into: buffer)
        }
    }

    @Test func aCancelledScanStops() async throws {
        let layer = Layer(tar: Self.bigTar, compression: .gzip)
        let outcome = await Task { Self.scanError(layer, reader: CancellingReader(layer.blob)) }.value
        #expect(outcome?.code == .cancelled, "\(String(describing: outcome))")
    }

    /// A reader that counts the pipeline's hashing threads once it is a few buffers into the blob.
    final class ProbingReader: BlobReader {
        /// Where the bytes come from.
        private let inner: MemoryBlobReader
        /// Reads so far.
        private var reads = 0
        /// The hashing threads seen at the third read.
        private(set) var threadsSeen = 0

        /// Reads `bytes`.
        init(_ bytes: [UInt8]) { inner = MemoryBlobReader(bytes) }

        /// The next bytes; counts the hashing threads at the third call. A thread names itself when it first
        /// runs, which on a busy machine can be later than the third read: the count is retried for up to 30 s
        /// (a bound against hanging, not a timing expectation) — the threads live until the layer is finished.
        func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLayersError) -> Int {
            reads += 1
            if reads == 3 {
                for _ in 0..<3_000 {
                    threadsSeen = ConcurrentHashingTests.hashingThreadCount()
                    if threadsSeen >= 2 { break }
                    usleep(10_000)
                }
            }
            return try inner.read(into: buffer)
        }
    }

    /// The big layer really is hashed on two threads of its own (where `/proc` lets us see them).
    @Test func bigLayersAreHashedOnTwoThreads() throws {
        try #require(FileManager.default.fileExists(atPath: "/proc/self/task"), "needs /proc")
        let layer = Layer(tar: Self.bigTar, compression: .gzip)
        let reader = ProbingReader(layer.blob)
        let contents = try LayerScanner.scan(reader, layer: layer.info(), selector: Self.selector)
        #expect(contents.diffID == Digest.sha256(of: layer.tar))
        #expect(reader.threadsSeen >= 2)
    }

    /// The threads of this process named like the pipeline's hashing threads (0 where `/proc` is absent).
    static func hashingThreadCount() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return name?.hasPrefix("winscan-sha256") == true
        }.count
    }
}
