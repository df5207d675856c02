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
        let json = try JSONEncoder().encode(header)
        var bytes = magic
        var length = UInt32(json.count).littleEndian
        withUnsafeBytes(of: &length) { bytes += $0 }
        bytes += json
        for file in contents.files { bytes += file.data }
        return bytes
    }

    /// Decodes an entry for `layer`, or `nil` when it is damaged, of another analyzer version or another layer.
    static func decode(
        _ bytes: [UInt8], layer: LayerInfo, diffID: Digest, analyzerVersion: String
    ) -> LayerContents? {
        let headerStart = magic.count + 4
        guard bytes.count >= headerStart, Array(bytes[0..<magic.count]) == magic else { return nil }
        var length: UInt32 = 0
        for (shift, byte) in bytes[magic.count..<headerStart].enumerated() { length |= UInt32(byte) << (8 * shift) }
        let headerEnd = headerStart + Int(length)
        guard headerEnd <= bytes.count,
            let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[headerStart..<headerEnd])),
            header.analyzerVersion == analyzerVersion, header.diffID == diffID.description
        else { return nil }
        var offset = headerEnd
        var files: [SelectedFile] = []
        for file in header.files {
            guard file.length >= 0, file.length <= bytes.count - offset else { return nil }
            files.append(
                SelectedFile(
                    path: file.path, data: Array(bytes[offset..<offset + file.length]), modified: file.modified,
                    linkedFrom: file.linkedFrom))
            offset += file.length
        }
        guard offset == bytes.count else { return nil }
        return LayerContents(
            // The blob is this image's (the entry may come from the same layer compressed otherwise).
            index: layer.index, digest: layer.descriptor.digest, diffID: diffID, compressedSize: layer.descriptor.size,
            uncompressedSize: header.uncompressedSize, entryCount: header.entryCount, files: files,
            deletions: header.deletions, notes: header.notes)
    }
}
