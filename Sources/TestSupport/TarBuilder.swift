/// Builds tar archives in the POSIX pax format, the way Windows layer tars are written (hcsshim/Go), with
/// pax records such as `MSWINDOWS.fileattr`, hard links, symbolic links and whiteouts.
public struct TarBuilder: Sendable {
    /// What an entry is.
    public enum Kind: Sendable, Hashable {
        /// A regular file with its contents.
        case file([UInt8])
        /// A folder.
        case directory
        /// A symbolic link to a path.
        case symlink(String)
        /// A hard link to an earlier entry's path.
        case hardlink(String)
    }

    /// One entry.
    public struct Entry: Sendable, Hashable {
        /// The path inside the archive.
        public var path: String
        /// What it is.
        public var kind: Kind
        /// Extra pax records (e.g. `MSWINDOWS.fileattr`).
        public var pax: [String: String]
        /// Modification time, seconds since 1970.
        public var modified: Int
    }

    /// The entries, in order.
    public var entries: [Entry] = []
    /// Whether to end with the two zero blocks of a well-formed archive.
    public var writesEndOfArchive = true

    /// An empty archive.
    public init() {}

    /// Adds a regular file.
    public mutating func file(_ path: String, _ data: [UInt8], pax: [String: String] = [:]) {
        entries.append(Entry(path: path, kind: .file(data), pax: pax, modified: 1_700_000_000))
    }

    /// Adds a folder.
    public mutating func directory(_ path: String, pax: [String: String] = [:]) {
        entries.append(Entry(path: path, kind: .directory, pax: pax, modified: 1_700_000_000))
    }

    /// Adds a symbolic link.
    public mutating func symlink(_ path: String, to target: String) {
        entries.append(Entry(path: path, kind: .symlink(target), pax: [:], modified: 1_700_000_000))
    }

    /// Adds a hard link to an earlier entry.
    public mutating func hardlink(_ path: String, to target: String) {
        entries.append(Entry(path: path, kind: .hardlink(target), pax: [:], modified: 1_700_000_000))
    }

    /// The archive's bytes.
    public func build() -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            var records = entry.pax
            let needsPath = entry.path.utf8.count > 99 || entry.path.utf8.contains { $0 >= 0x80 }
            if needsPath { records["path"] = entry.path }
            let linkTarget: String
            switch entry.kind {
            case .symlink(let target), .hardlink(let target): linkTarget = target
            default: linkTarget = ""
            }
            if linkTarget.utf8.count > 99 { records["linkpath"] = linkTarget }
            if !records.isEmpty {
                let body = TarBuilder.paxBody(records)
                out += TarBuilder.header(
                    name: "PaxHeaders/" + String(entry.path.suffix(80)), size: body.count, type: "x", link: "",
                    mode: 0o644, modified: entry.modified)
                out += TarBuilder.padded(body)
            }
            let shortName =
                needsPath
                ? String(decoding: entry.path.utf8.prefix(99).filter { $0 < 0x80 }, as: UTF8.self) : entry.path
            let shortLink = String(linkTarget.prefix(99))
            switch entry.kind {
            case .file(let data):
                out += TarBuilder.header(
                    name: shortName, size: data.count, type: "0", link: "", mode: 0o644, modified: entry.modified)
                out += TarBuilder.padded(data)
            case .directory:
                out += TarBuilder.header(
                    name: shortName + "/", size: 0, type: "5", link: "", mode: 0o755, modified: entry.modified)
            case .symlink:
                out += TarBuilder.header(
                    name: shortName, size: 0, type: "2", link: shortLink, mode: 0o777, modified: entry.modified)
            case .hardlink:
                out += TarBuilder.header(
                    name: shortName, size: 0, type: "1", link: shortLink, mode: 0o644, modified: entry.modified)
            }
        }
        if writesEndOfArchive { out += [UInt8](repeating: 0, count: 1024) }
        return out
    }

    /// The body of a pax extended header: `"<length> <key>=<value>\n"` records, sorted by key.
    static func paxBody(_ records: [String: String]) -> [UInt8] {
        var body: [UInt8] = []
        for (key, value) in records.sorted(by: { $0.key < $1.key }) {
            let rest = " \(key)=\(value)\n".utf8.count
            var length = rest + 1
            while String(length).utf8.count + rest != length { length = String(length).utf8.count + rest }
            body += Array("\(length) \(key)=\(value)\n".utf8)
        }
        return body
    }

    /// `bytes` padded with zeros to a multiple of 512.
    static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
    }

    /// A ustar header block with a correct checksum.
    static func header(name: String, size: Int, type: Character, link: String, mode: Int, modified: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(modified, at: 136, width: 12)
        put(String(type), at: 156, width: 1)
        put(link, at: 157, width: 100)
        put("ustar\u{0}00", at: 257, width: 8)
        for index in 148..<156 { block[index] = 32 }
        let sum = block.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        block[155] = 32
        return block
    }
}
