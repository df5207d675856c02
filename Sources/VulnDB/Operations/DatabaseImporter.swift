import Crypto
import Foundation

/// Installs a prebuilt database file (built elsewhere, for air-gapped machines): its SHA-256 is checked
/// against the one given or the `FILE.sha256` beside it, its schema version and structure are checked, and
/// it replaces the database in one rename. A file that fails any check leaves the database as it was.
public struct DatabaseImporter: Sendable {
    /// Creates an importer.
    public init() {}

    /// Imports `file` as the database at `database`. `sha256` is the expected lowercase or uppercase hex
    /// digest; when `nil`, the first word of `file.sha256` (the `sha256sum` format) is used, and a missing
    /// checksum is an error.
    public func importDatabase(
        from file: String, sha256: String? = nil, into database: String
    ) throws(VulnDBError) -> DatabaseStatus {
        let expected = try Self.expectedDigest(for: file, given: sha256)
        guard let input = FileHandle(forReadingAtPath: file) else {
            throw VulnDBError(.unreadable, "cannot open the file", context: file)
        }
        defer { try? input.close() }
        try AtomicFile.prepareFolder(for: database)
        let temporary = AtomicFile.temporaryPath(beside: database)
        do throws(VulnDBError) {
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let output = FileHandle(forWritingAtPath: temporary)
            else {
                throw VulnDBError(.storage, "cannot create a file beside the database", context: temporary)
            }
            var hasher = SHA256()
            do {
                defer { try? output.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    hasher.update(data: chunk)
                    try output.write(contentsOf: chunk)
                }
            } catch {
                throw VulnDBError(.unreadable, "cannot copy the file (\(error.localizedDescription))", context: file)
            }
            let actual = DocumentLoader.hex(hasher.finalize())
            guard actual == expected else {
                throw VulnDBError(
                    .checksumMismatch, "SHA-256 is \(actual), expected \(expected): not importing it", context: file)
            }
            do {
                let candidate = try VulnDatabase(contentsOf: temporary)
                try candidate.verifyIntegrity()
                _ = try candidate.status()
            } catch {
                throw VulnDBError(error.code, error.message, context: file)
            }
            try AtomicFile.install(temporary, at: database)
        } catch {
            AtomicFile.remove(temporary)
            throw error
        }
        return try VulnDatabase(contentsOf: database).status()
    }

    /// The expected digest: `given`, else the first word of `file.sha256`.
    static func expectedDigest(for file: String, given: String?) throws(VulnDBError) -> String {
        let text: String
        if let given {
            text = given
        } else {
            let sidecar = file + ".sha256"
            guard let data = FileManager.default.contents(atPath: sidecar) else {
                throw VulnDBError(
                    .checksumMismatch, "no checksum: pass --sha256 HEX or put \(sidecar) beside the file",
                    context: file)
            }
            text =
                String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map(String.init)
                ?? ""
        }
        let digest = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard digest.utf8.count == 64, digest.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else {
            throw VulnDBError(
                .invalidArgument, "not a SHA-256 checksum (64 hex digits): \(text.prefix(80))", context: file)
        }
        return digest
    }
}
