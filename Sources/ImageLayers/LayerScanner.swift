import CArchive

#if canImport(Glibc)
import Glibc
#endif

/// What to do when a blob's bytes do not match its digest.
public enum DigestVerification: Sendable, Hashable {
    /// Fail the layer (the default: a source that lies about digests gets no result).
    case enforce
    /// Read it anyway and say so in the layer's notes (for inspecting damaged or hand-trimmed archives).
    case reportOnly
}

/// What the caller knows about a layer before reading it.
public struct LayerInfo: Sendable, Hashable, Codable {
    /// The layer's position in the image, 0 for the base layer.
    public let index: Int
    /// The layer's descriptor from the manifest (media type, blob digest, size, foreign URLs).
    public let descriptor: Descriptor
    /// The uncompressed digest the config lists for this layer, if it lists one.
    public let diffID: Digest?
    /// The history comment of the step that made the layer (`Install update 10.0.20348.5499`), if any.
    public let comment: String?

    /// Creates a layer description.
    public init(index: Int, descriptor: Descriptor, diffID: Digest?, comment: String? = nil) {
        self.index = index
        self.descriptor = descriptor
        self.diffID = diffID
        self.comment = comment
    }

    /// How the blob is compressed (from the media type; by sniffing when the type does not say).
    public var compression: LayerCompression? { MediaType.compression(ofLayer: descriptor.mediaType) }

    /// Whether the layer is foreign / non-distributable.
    public var isForeign: Bool { MediaType.isForeign(layer: descriptor.mediaType) }
}

/// Reads one layer blob in a single pass: hashes it, inflates it, walks every tar header with libarchive,
/// keeps the selected entries in memory, and verifies the blob digest, size and diff-id at the end.
///
/// Nothing of a layer whose digest does not verify is returned: the whole layer fails.
public enum LayerScanner {
    /// Layers whose descriptor declares at least this many compressed bytes compute their two
    /// digests on threads of their own, concurrently with the inflate and the tar walk; smaller ones hash inline,
    /// where starting two threads would cost more than it saves.
    public static let concurrentHashingThreshold: Int64 = 4 << 20

    /// Scans `source` as the layer `layer`, keeping what `selector` selects plus any exact paths in `extraPaths`
    /// (lowercased; used to fetch hard-link targets on a second pass).
    public static func scan(
        _ source: any BlobReader, layer: LayerInfo, selector: EntrySelector, extraPaths: Set<String> = [],
        verification: DigestVerification = .enforce
    ) throws(ImageLayersError) -> LayerContents {
        do {
            return try scanUnlabelled(
                source, layer: layer, selector: selector, extraPaths: extraPaths, verification: verification
            ).contents
        } catch {
            throw error.within("layer \(layer.index) (\(layer.descriptor.digest.short))")
        }
    }

    /// The scan, with unresolved hard links returned for the caller to fetch in a second pass.
    static func scanUnlabelled(
        _ source: any BlobReader, layer: LayerInfo, selector: EntrySelector, extraPaths: Set<String>,
        verification: DigestVerification
    ) throws(ImageLayersError) -> (contents: LayerContents, unresolvedLinks: [(path: String, target: String)]) {
        let compression = layer.compression ?? .gzip
        let size = layer.descriptor.size
        let decoder = LayerDecoder(
            source: source, compression: compression, byteLimit: size,
            concurrentHashing: size >= concurrentHashingThreshold)
        // Stops and waits for the hashing threads however the scan ends (a no-op once the digests are taken).
        defer { decoder.close() }
        guard let archive = archive_read_new() else {
            throw ImageLayersError(.badArchive, "libarchive could not allocate a reader")
        }
        defer { archive_read_free(archive) }
        archive_read_support_format_tar(archive)
        // libarchive converts pax (UTF-8) names to the thread's locale; make that UTF-8 for this thread only.
        let restore = UTF8Locale.enter()
        defer { UTF8Locale.leave(restore) }
        var walk = Walk(selector: selector, extraPaths: extraPaths)
        try withExtendedLifetime(decoder) { () throws(ImageLayersError) in
            let context = Unmanaged.passUnretained(decoder).toOpaque()
            guard archive_read_open(archive, context, nil, layerReadCallback, nil) == ARCHIVE_OK else {
                throw decoder.pendingError ?? archiveError(archive, "cannot start reading the layer's tar stream")
            }
            try walk.run(archive, decoder: decoder)
            try decoder.drain()
        }
        return (try verify(decoder, layer: layer, walk: walk, verification: verification), walk.unresolvedLinks)
    }

    /// Checks the blob's size and digest and the diff-id, then assembles the result.
    private static func verify(
        _ decoder: LayerDecoder, layer: LayerInfo, walk: Walk, verification: DigestVerification
    ) throws(ImageLayersError) -> LayerContents {
        let descriptor = layer.descriptor
        let (blobDigest, diffID) = decoder.digests()
        var walk = walk
        func mismatch(_ error: ImageLayersError) throws(ImageLayersError) {
            guard verification == .reportOnly else { throw error }
            walk.notes.append("NOT VERIFIED: " + error.message)
        }
        if descriptor.size >= 0, Int64(decoder.compressedCount) != descriptor.size {
            try mismatch(
                ImageLayersError(
                    .sizeMismatch, "blob has \(decoder.compressedCount) bytes, its descriptor says \(descriptor.size)"))
        }
        if descriptor.digest.algorithm == "sha256", blobDigest != descriptor.digest {
            try mismatch(
                ImageLayersError(
                    .digestMismatch, "blob digest is \(blobDigest), the manifest says \(descriptor.digest)"))
        }
        if let expected = layer.diffID, expected.algorithm == "sha256", expected != diffID {
            try mismatch(
                ImageLayersError(.digestMismatch, "uncompressed digest is \(diffID), the config says \(expected)"))
        }
        return LayerContents(
            index: layer.index, digest: blobDigest, diffID: diffID, compressedSize: Int64(decoder.compressedCount),
            uncompressedSize: Int64(decoder.uncompressedCount), entryCount: walk.entryCount, files: walk.files,
            deletions: walk.deletions, notes: walk.notes)
    }

    /// An error from libarchive's message.
    static func archiveError(_ archive: OpaquePointer, _ fallback: String) -> ImageLayersError {
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? fallback
        return ImageLayersError(.badArchive, "corrupt tar stream: \(detail)")
    }

    /// The state of one walk over a layer's tar entries.
    private struct Walk {
        /// What to keep.
        let selector: EntrySelector
        /// Exact extra paths to keep (lowercased).
        let extraPaths: Set<String>
        /// Entries seen.
        var entryCount = 0
        /// Kept files.
        var files: [SelectedFile] = []
        /// Kept files by lowercased path, to resolve hard links.
        var kept: [String: Int] = [:]
        /// Whiteouts.
        var deletions: [String] = []
        /// Remarks.
        var notes: [String] = []
        /// Selected hard links whose target was not kept.
        var unresolvedLinks: [(path: String, target: String)] = []

        /// Reads every header, keeping selected entries' data.
        mutating func run(_ archive: OpaquePointer, decoder: LayerDecoder) throws(ImageLayersError) {
            var entry: OpaquePointer?
            while true {
                let status = archive_read_next_header(archive, &entry)
                if status == ARCHIVE_EOF { return }
                guard status >= ARCHIVE_WARN, let entry else {
                    throw decoder.pendingError ?? archiveError(archive, "cannot read the next tar header")
                }
                entryCount += 1
                try visit(entry, archive: archive, decoder: decoder)
            }
        }

        /// Handles one entry.
        private mutating func visit(_ entry: OpaquePointer, archive: OpaquePointer, decoder: LayerDecoder)
            throws(ImageLayersError)
        {
            let raw = archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? ""
            guard let path = TarPath.normalize(raw) else {
                throw ImageLayersError(.unsafePath, "tar entry path escapes the layer: \(raw)")
            }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if name.hasPrefix(".wh.") {
                let parent = path.dropLast(name.count)
                deletions.append(name == ".wh..wh..opq" ? String(parent) : String(parent) + name.dropFirst(4))
                return
            }
            let folded = path.lowercased()
            guard selector.selects(path) || extraPaths.contains(folded) else { return }
            if let link = archive_entry_hardlink_utf8(entry) {
                let target = TarPath.normalize(String(cString: link)) ?? ""
                if let index = kept[target.lowercased()] {
                    keep(
                        SelectedFile(
                            path: path, data: files[index].data, modified: files[index].modified, linkedFrom: target))
                } else {
                    unresolvedLinks.append((path, target))
                }
                return
            }
            let type = archive_entry_filetype(entry) & 0o170000
            if type == 0o120000 {
                let target = archive_entry_symlink_utf8(entry).map { String(cString: $0) } ?? "?"
                notes.append("selected path \(path) is a symbolic link to \(target); links are not followed")
                return
            }
            guard type == 0o100000 else { return }
            let size = Int(archive_entry_size(entry))
            guard size <= selector.maximumFileSize else {
                throw ImageLayersError(
                    .tooLarge, "\(path) is \(size) bytes, above the \(selector.maximumFileSize)-byte limit")
            }
            let data = try readData(archive, size: size, decoder: decoder, path: path)
            let modified = archive_entry_mtime_is_set(entry) != 0 ? Int64(archive_entry_mtime(entry)) : nil
            keep(SelectedFile(path: path, data: data, modified: modified, linkedFrom: nil))
        }

        /// Records a kept file.
        private mutating func keep(_ file: SelectedFile) {
            kept[file.path.lowercased()] = files.count
            files.append(file)
        }

        /// Reads the current entry's `size` bytes.
        private func readData(_ archive: OpaquePointer, size: Int, decoder: LayerDecoder, path: String)
            throws(ImageLayersError) -> [UInt8]
        {
            var failure: ImageLayersError?
            let data = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while initialized < size {
                    let count = archive_read_data(
                        archive, buffer.baseAddress.map { $0 + initialized }, size - initialized)
                    guard count > 0 else {
                        failure =
                            decoder.pendingError
                            ?? LayerScanner.archiveError(archive, "\(path) ends after \(initialized) of \(size) bytes")
                        return
                    }
                    initialized += count
                }
            }
            if let failure { throw failure }
            return data
        }
    }
}

/// libarchive's read callback: hands out the decoder's next output buffer (a C function: no captures).
private func layerReadCallback(
    _ archive: OpaquePointer?, _ clientData: UnsafeMutableRawPointer?,
    _ buffer: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> la_ssize_t {
    guard let clientData, let buffer else { return -1 }
    let decoder = Unmanaged<LayerDecoder>.fromOpaque(clientData).takeUnretainedValue()
    do throws(ImageLayersError) {
        let chunk = try decoder.produce()
        buffer.pointee = chunk.count > 0 ? chunk.baseAddress.map { UnsafeRawPointer($0) } : nil
        return chunk.count
    } catch {
        decoder.pendingError = error
        return -1
    }
}

/// A thread-local UTF-8 `LC_CTYPE`, so libarchive hands out UTF-8 names whatever the process locale is.
enum UTF8Locale {
    #if canImport(Glibc)
    /// The C.UTF-8 locale, made once.
    nonisolated(unsafe) static let utf8: locale_t? = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)

    /// Switches this thread to UTF-8; returns what to restore.
    static func enter() -> locale_t? {
        guard let utf8 else { return nil }
        return uselocale(utf8)
    }

    /// Restores the thread's previous locale.
    static func leave(_ previous: locale_t?) {
        if let previous { uselocale(previous) }
    }
    #else
    /// Nothing to do where the locale is UTF-8 already.
    static func enter() -> Int { 0 }
    /// Nothing to do.
    static func leave(_ previous: Int) {}
    #endif
}

/// Path handling for tar entries.
enum TarPath {
    /// Resolves `.` and `..` lexically (for link targets inside an archive); `nil` if it climbs above the root.
    static func resolve(_ raw: String) -> String? {
        var stack: [Substring] = []
        for component in raw.replacingOccurrences(of: "\\", with: "/").split(separator: "/") {
            if component == "." { continue }
            if component == ".." {
                guard stack.popLast() != nil else { return nil }
                continue
            }
            stack.append(component)
        }
        return stack.joined(separator: "/")
    }

    /// `./a/b/` → `a/b`; backslashes become slashes; `nil` when a component is `..` (the entry escapes).
    static func normalize(_ raw: String) -> String? {
        let components = raw.replacingOccurrences(of: "\\", with: "/").split(separator: "/")
            .filter { $0 != "." }
        guard !components.contains("..") else { return nil }
        return components.joined(separator: "/")
    }
}
