import Foundation
import ImageLayers

/// The on-disk form of one cached layer: a magic line, a JSON header (analyzer version, diff ID, sizes,
/// whiteouts, notes, and each file's path, length and metadata), then the files' bytes back to back.
enum LayerCacheCodec {
    /// The first bytes of every entry.
    static let magic = Array("WINSCAN-LAYER-CACHE 1\n".utf8)

    struct Header: Codable {
        struct File: Codable {
            let path: String
            let length: Int
            let modified: Int64?
            let linkedFrom: String?
        }

        let analyzerVersion: String
        let diffID: String
        let compressedSize: Int64
        let uncompressedSize: Int64
        let entryCount: Int
        let deletions: [String]
        let notes: [String]
        let files: [File]
    }

    /// Encodes `contents`.
    static func encode(_ contents: LayerContents, analyzerVersion: String) throws -> [UInt8] {
        let header = Header(
            analyzerVersion: analyzerVersion, diffID: contents.diffID.description,
            compressedSize: contents.compressedSize, uncompressedSize: contents.uncompressedSize,
            entryCount: contents.entryCount, deletions: contents.deletions, notes: contents.notes,
            files: contents.files.map {
                Header.File(path: $0.path, length: $0.data.count, modified: $0.modified, linkedFrom: $0.linkedFrom)
            })
        let json = [UInt8](try JSONEncoder().encode(header))
        var writer = CacheBytesWriter()
        writer.raw(magic)
        writer.uint32(UInt32(json.count))
        writer.raw(json)
        for file in contents.files { writer.raw(file.data) }
        return writer.bytes
    }

    /// Decodes an entry for `layer`, or `nil` when it is damaged, of another analyzer version or another layer.
    static func decode(
        _ bytes: [UInt8], layer: LayerInfo, diffID: Digest, analyzerVersion: String
    ) -> LayerContents? {
        var reader = CacheBytesReader(bytes, from: magic.count)
        guard bytes.starts(with: magic), let length = try? reader.uint32(),
            let headerRange = try? reader.raw(Int(length))
        else { return nil }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[headerRange])),
            header.analyzerVersion == analyzerVersion, header.diffID == diffID.description
        else { return nil }
        var files: [SelectedFile] = []
        for file in header.files {
            guard let range = try? reader.raw(file.length) else { return nil }
            files.append(
                SelectedFile(
                    path: file.path, data: Array(bytes[range]), modified: file.modified, linkedFrom: file.linkedFrom))
        }
        guard reader.isAtEnd else { return nil }
        return LayerContents(
            // The blob is this image's (the entry may come from the same layer compressed otherwise).
            index: layer.index, digest: layer.descriptor.digest, diffID: diffID, compressedSize: layer.descriptor.size,
            uncompressedSize: header.uncompressedSize, entryCount: header.entryCount, files: files,
            deletions: header.deletions, notes: header.notes)
    }
}
