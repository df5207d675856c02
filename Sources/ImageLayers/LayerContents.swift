/// What one layer holds for the caller: the selected files, and facts about the whole layer.
public struct LayerContents: Sendable, Hashable {
    /// The layer's position in the image, 0 for the base layer.
    public let index: Int
    /// The layer's blob digest (verified).
    public let digest: Digest
    /// The digest of the uncompressed tar (verified against the config when the config lists it).
    public let diffID: Digest
    /// The compressed size read.
    public let compressedSize: Int64
    /// The uncompressed size read.
    public let uncompressedSize: Int64
    /// Tar entries walked.
    public let entryCount: Int
    /// The selected files, in tar order.
    public let files: [SelectedFile]
    /// Paths deleted by this layer (`.wh.` whiteouts), normalised, without the `.wh.` prefix.
    public let deletions: [String]
    /// Things the reader noticed and the caller should know (a selected path that was a symbolic link…).
    public let notes: [String]

    /// Creates a value (readers make these; caches and tests rebuild them).
    public init(
        index: Int, digest: Digest, diffID: Digest, compressedSize: Int64, uncompressedSize: Int64, entryCount: Int,
        files: [SelectedFile], deletions: [String], notes: [String]
    ) {
        self.index = index
        self.digest = digest
        self.diffID = diffID
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.entryCount = entryCount
        self.files = files
        self.deletions = deletions
        self.notes = notes
    }

    /// The selected file at `path` (case-insensitive), if any.
    public func file(at path: String) -> SelectedFile? {
        let folded = path.lowercased()
        return files.first { $0.path.lowercased() == folded }
    }
}

/// A selected file's path and contents.
public struct SelectedFile: Sendable, Hashable {
    /// The path inside the layer, `/`-separated, as the tar names it (e.g. `Hives/Software_Delta`).
    public let path: String
    /// The contents.
    public let data: [UInt8]
    /// Modification time (seconds since 1970), when the tar records it.
    public let modified: Int64?

    /// Creates a value (readers make these; caches and tests rebuild them).
    public init(path: String, data: [UInt8], modified: Int64?, linkedFrom: String?) {
        self.path = path
        self.data = data
        self.modified = modified
        self.linkedFrom = linkedFrom
    }
    /// The path this entry hard-links to, when it was a hard link.
    public let linkedFrom: String?
}
