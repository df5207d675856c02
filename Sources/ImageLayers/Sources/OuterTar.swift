/// A member of an outer archive (`docker save`, `oci-archive`): where its bytes are.
struct ArchiveMember: Sendable, Hashable {
    /// The normalised path.
    let path: String
    /// Offset of the data in the uncompressed archive stream.
    let offset: Int64
    /// Data size.
    let size: Int64
}

/// A tar header's fields that matter for finding members (POSIX ustar, pax `x` records, GNU `L`/`K` names).
struct TarHeader {
    /// Entry name (after pax/GNU overrides).
    var name: String
    /// Data size.
    var size: Int64
    /// Type flag byte.
    var type: UInt8
    /// Link target, for links.
    var linkName: String

    /// Parses one 512-byte header block; `nil` for an all-zero block (end of archive).
    static func parse(_ block: [UInt8], context: String) throws(ImageLayersError) -> TarHeader? {
        guard block.count == 512 else { throw ImageLayersError(.notAnImage, "truncated tar header", context: context) }
        if block.allSatisfy({ $0 == 0 }) { return nil }
        let stored = Int(octal(block[148..<156]) ?? -1)
        var sum = 0
        for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
        guard stored == sum else {
            throw ImageLayersError(.notAnImage, "not a tar archive (bad header checksum)", context: context)
        }
        var name = text(block[0..<100])
        if block[257..<262].elementsEqual("ustar".utf8) {
            let prefix = text(block[345..<500])
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        guard let size = size(block[124..<136]) else {
            throw ImageLayersError(.notAnImage, "tar header has an invalid size", context: context)
        }
        return TarHeader(name: name, size: size, type: block[156], linkName: text(block[157..<257]))
    }

    /// A NUL-terminated field as text.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// An octal field (spaces and NULs around it ignored).
    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for byte in field {
            if byte == 0 || byte == 32 { if digits > 0 { break } else { continue } }
            guard (48...55).contains(byte), value < Int64.max >> 3 else { return nil }
            value = value << 3 | Int64(byte - 48)
            digits += 1
        }
        return value
    }

    /// A size field: octal, or base-256 when the high bit of the first byte is set.
    static func size(_ field: ArraySlice<UInt8>) -> Int64? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7F)
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        return octal(field)
    }

    /// The `path` (and `size`) records of a pax extended header.
    static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: 32),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count
            else { break }
            let record = data[(space + 1)..<(index + length)].dropLast()  // drop the newline
            if let equals = record.firstIndex(of: 61) {
                records[String(decoding: record[..<equals], as: UTF8.self)] =
                    String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return records
    }
}

/// Reads bytes of an uncompressed archive stream in order.
protocol ArchiveStream {
    /// Reads exactly `count` bytes, or `nil` at a clean end of the stream.
    mutating func read(_ count: Int) throws(ImageLayersError) -> [UInt8]?
    /// Skips `count` bytes.
    mutating func skip(_ count: Int64) throws(ImageLayersError)
    /// The current offset.
    var position: Int64 { get }
}

/// Walks the members of a tar stream, resolving pax and GNU long names, and hands each regular file, symbolic
/// link or hard link to `visit`, which may read the data (and must say so) or leave it to be skipped.
enum TarMembers {
    /// The largest pax/GNU name record accepted.
    static let maximumRecord = 1 << 20

    /// A member as `visit` sees it.
    struct Entry {
        /// The normalised path.
        let path: String
        /// The header.
        let header: TarHeader
        /// The data's offset in the stream.
        let offset: Int64
    }

    /// Walks `stream`; `visit` returns the data bytes it consumed (0 or the whole size).
    static func walk<S: ArchiveStream>(
        _ stream: inout S, context: String, _ visit: (Entry, inout S) throws(ImageLayersError) -> Int64
    ) throws(ImageLayersError) {
        var longName: String?
        var longLink: String?
        var pax: [String: String] = [:]
        while let block = try stream.read(512) {
            guard var header = try TarHeader.parse(block, context: context) else { return }
            let padded = (header.size + 511) / 512 * 512
            switch header.type {
            case UInt8(ascii: "x"), UInt8(ascii: "L"), UInt8(ascii: "K"):
                guard header.size <= maximumRecord, let data = try stream.read(Int(header.size)) else {
                    throw ImageLayersError(.notAnImage, "tar name record too large or truncated", context: context)
                }
                try stream.skip(padded - header.size)
                if header.type == UInt8(ascii: "x") {
                    pax = TarHeader.paxRecords(data)
                } else if header.type == UInt8(ascii: "L") {
                    longName = TarHeader.text(data[...])
                } else {
                    longLink = TarHeader.text(data[...])
                }
                continue
            case UInt8(ascii: "g"):
                try stream.skip(padded)
                continue
            default:
                break
            }
            if let name = pax["path"] ?? longName { header.name = name }
            if let link = pax["linkpath"] ?? longLink { header.linkName = link }
            if let size = pax["size"].flatMap({ Int64($0) }) { header.size = size }
            longName = nil
            longLink = nil
            pax = [:]
            let dataPadded = (header.size + 511) / 512 * 512
            guard let path = TarPath.normalize(header.name) else {
                throw ImageLayersError(
                    .unsafePath, "archive member path escapes the archive: \(header.name)", context: context)
            }
            let offset = stream.position
            let consumed = try visit(Entry(path: path, header: header, offset: offset), &stream)
            try stream.skip(dataPadded - consumed)
        }
    }
}
