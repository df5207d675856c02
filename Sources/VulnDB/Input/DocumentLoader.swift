import Crypto
import Foundation
import MSRCModel

/// Reads one input: its bytes (decompressed when zstd), their SHA-256, the decoded document reduced to what
/// the database keeps, and the compressed copy the database stores.
enum DocumentLoader {
    /// Loads and decodes `input`. Every failure names the input's origin.
    static func load(_ input: DocumentInput) throws(VulnDBError) -> DocumentContribution {
        let raw: [UInt8]
        switch input.bytes {
        case .file(let path): raw = try readFile(path)
        case .compressed(let bytes): raw = bytes
        }
        let compressed: [UInt8]
        let plain: [UInt8]
        if Zstd.isCompressed(raw) {
            plain = try Zstd.decompress(raw, origin: input.origin)
            compressed = raw
        } else {
            if input.origin.lowercased().hasSuffix(".zst") {
                throw VulnDBError(
                    .badCompression, "not zstd data (the file does not start with a zstd frame)",
                    context: input.origin)
            }
            plain = raw
            compressed = try Zstd.compress(raw)
        }
        let data = Data(plain)
        let document: MSRCDocument
        do {
            document = try MSRCDocument(decoding: data)
        } catch {
            throw VulnDBError(.badDocument, error.description, context: input.origin)
        }
        guard let format = MSRCDocumentFormat.detect(data) else {
            throw VulnDBError(.badDocument, "not an MSRC document", context: input.origin)
        }
        let digest = sha256Hex(plain)
        if let expected = input.expectedSHA256, expected != digest {
            throw VulnDBError(
                .corruptDatabase, "the stored copy of \(document.id) does not match its SHA-256", context: input.origin)
        }
        let facts = DocumentFacts(
            id: document.id, title: document.title, format: format.rawValue, sha256: digest,
            size: plain.count, initialReleaseDate: document.initialReleaseDate,
            currentReleaseDate: document.currentReleaseDate, origin: input.origin, fetch: input.fetch,
            position: input.position, compressed: compressed)
        return DocumentContribution(document, facts: facts, format: format)
    }

    /// The whole file at `path`.
    static func readFile(_ path: String) throws(VulnDBError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VulnDBError(.unreadable, "cannot open the file", context: path)
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw VulnDBError(.unreadable, "cannot read the file (\(error.localizedDescription))", context: path)
        }
    }

    /// The lowercase hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
