import Foundation

/// The documents an update has fetched so far, kept in a folder beside the database
/// (`msrc.sqlite.cache/`) until the new database is in place, so that an interrupted update continues where
/// it stopped. Each document is `<ID>.zst` (its bytes, zstd-compressed) plus `<ID>.json` (the index date it
/// was fetched for and its HTTP validators), the latter written last: a document counts only once both are
/// complete.
struct UpdateCache {
    /// What the cache knows about one document.
    struct Entry: Codable {
        /// The index date and validators.
        var fetch: FetchRecord
        /// `true` when the server answered 304: the database's copy is current, there is no body file.
        var notModified: Bool
    }

    /// The folder.
    let folder: String

    /// The cache beside `database`.
    init(database: String) {
        folder = database + ".cache"
    }

    /// The entry for `id`, if complete.
    func entry(_ id: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: metaPath(id)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data)
        else { return nil }
        if !entry.notModified && !FileManager.default.fileExists(atPath: bodyPath(id)) { return nil }
        return entry
    }

    /// Whether the folder holds anything (an interrupted update).
    var isEmpty: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty
    }

    /// The path of `id`'s compressed body.
    func bodyPath(_ id: String) -> String { folder + "/" + Self.fileName(id) + ".zst" }

    /// The path of `id`'s entry.
    private func metaPath(_ id: String) -> String { folder + "/" + Self.fileName(id) + ".json" }

    /// Stores a fetched document (body first, then its entry).
    func store(_ id: String, compressedBody: [UInt8]?, entry: Entry) throws(VulnDBError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw VulnDBError(
                .storage, "cannot create the update cache (\(error.localizedDescription))", context: folder)
        }
        if let compressedBody { try AtomicFile.write(compressedBody, to: bodyPath(id)) }
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(entry)
        } catch {
            throw VulnDBError(.storage, "cannot encode a cache entry (\(error))", context: folder)
        }
        try AtomicFile.write(Array(encoded), to: metaPath(id))
    }

    /// Forgets `id` (a fetched document that did not decode is fetched again next time).
    func remove(_ id: String) {
        try? FileManager.default.removeItem(atPath: metaPath(id))
        try? FileManager.default.removeItem(atPath: bodyPath(id))
    }

    /// Removes the folder (after a successful update).
    func clear() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A file name for a document ID: letters, digits, `-` and `_` as they are, anything else as `%XX`
    /// (an ID from the network never names a path outside the folder).
    static func fileName(_ id: String) -> String {
        var name = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                name += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return name.isEmpty ? "%" : name
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
