import Foundation
import Testing
import VulnDB

/// `DatabaseImporter`: checksum verified, schema checked, atomic.
@Suite("Importing")
struct ImportTests {
    /// A prebuilt database in `folder/prebuilt.sqlite`, and its digest.
    static func prebuilt(in folder: TestFolder) async throws -> (path: String, digest: String) {
        let input = try folder.write("in/2099-Jan.xml", BuildTests.month.bytes)
        let path = folder.file("prebuilt.sqlite")
        _ = try await DatabaseBuilder().build(from: [input], into: path)
        return (path, try Files.sha256(path))
    }

    @Test("--sha256 or FILE.sha256 beside it; the copy is byte for byte the file")
    func importVerified() async throws {
        let folder = try TestFolder()
        let (file, digest) = try await Self.prebuilt(in: folder)
        let target = folder.file("data/winscan/msrc.sqlite")
        let status = try DatabaseImporter().importDatabase(from: file, sha256: digest.uppercased(), into: target)
        #expect(status.counts.documents == 1)
        #expect(try Files.sha256(target) == digest)
        // The sha256sum format beside the file.
        try folder.write("prebuilt.sqlite.sha256", "\(digest)  prebuilt.sqlite\n")
        let other = folder.file("other.sqlite")
        _ = try DatabaseImporter().importDatabase(from: file, into: other)
        #expect(try Files.sha256(other) == digest)
        #expect(try folder.names(in: "data/winscan") == ["msrc.sqlite"])
    }

    @Test("a wrong or missing checksum imports nothing and keeps the database")
    func checksumRefused() async throws {
        let folder = try TestFolder()
        let (file, digest) = try await Self.prebuilt(in: folder)
        let target = folder.file("db/msrc.sqlite")
        try folder.write("db/msrc.sqlite", "the old database")
        let wrong = String(repeating: "0", count: 64)
        let mismatch = try #require(
            await failure { try DatabaseImporter().importDatabase(from: file, sha256: wrong, into: target) })
        #expect(mismatch.code == .checksumMismatch)
        #expect(mismatch.description.contains(digest))
        #expect(mismatch.description.hasPrefix(file + ": "))
        let missing = try #require(await failure { try DatabaseImporter().importDatabase(from: file, into: target) })
        #expect(missing.code == .checksumMismatch)
        #expect(missing.message.contains("--sha256"))
        let malformed = try #require(
            await failure { try DatabaseImporter().importDatabase(from: file, sha256: "abc", into: target) })
        #expect(malformed.code == .invalidArgument)
        #expect(String(decoding: try Files.bytes(target), as: UTF8.self) == "the old database")
        #expect(try folder.names(in: "db") == ["msrc.sqlite"])
    }
}
