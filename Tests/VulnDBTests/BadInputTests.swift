import Foundation
import TestSupport
import Testing

@testable import VulnDB

/// Bad input of every kind: one clear line naming the file, and the existing database as it was.
@Suite("Bad input")
struct BadInputTests {
    /// A folder with a good database built from one generated month.
    final class Fixture {
        let folder: TestFolder
        let database: String
        let digest: String

        init() async throws {
            folder = try TestFolder()
            let input = try folder.write("good/2099-Jan.xml", BuildTests.month.bytes)
            database = folder.file("db/msrc.sqlite")
            _ = try await DatabaseBuilder().build(from: [input], into: database)
            digest = try Files.sha256(database)
        }

        /// The database is byte for byte what it was, still opens, and nothing was left beside it.
        func expectIntact(sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(try Files.sha256(database) == digest, sourceLocation: sourceLocation)
            #expect(
                try VulnDatabase(contentsOf: database).status().counts.documents == 1, sourceLocation: sourceLocation)
            #expect(try folder.names(in: "db") == ["msrc.sqlite"], sourceLocation: sourceLocation)
        }
    }

    /// One bad input file for a build.
    struct BadDocument: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        let bytes: @Sendable () -> [UInt8]
        let code: VulnDBError.Code
        let phrase: String
        var testDescription: String { name }
    }

    static let documents: [BadDocument] = [
        BadDocument(
            name: "truncated zstd", file: "2099-Jan.xml.zst",
            bytes: { Array(Compression.zstd(BuildTests.month.bytes).dropLast(40)) }, code: .badCompression,
            phrase: "truncated"),
        BadDocument(
            name: "garbage with a .zst name", file: "2099-Jan.xml.zst", bytes: { Array("not zstd at all".utf8) },
            code: .badCompression, phrase: "zstd"),
        BadDocument(
            name: "corrupt zstd frame", file: "2099-Jan.xml.zst",
            bytes: {
                var bytes = Compression.zstd(BuildTests.month.bytes)
                for index in 12..<min(bytes.count, 60) { bytes[index] ^= 0x5A }
                return bytes
            }, code: .badCompression, phrase: "zstd"),
        BadDocument(
            name: "XML that is not well-formed", file: "2099-Jan.xml",
            bytes: { Array(BuildTests.month.xml.prefix(1500).utf8) }, code: .badDocument, phrase: "line"),
        BadDocument(
            name: "JSON with wrong types", file: "2099-Jan.json",
            bytes: {
                Array(
                    #"{"DocumentTracking": {"Identification": {"ID": {"Value": "2099-Jan"}}}, "Vulnerability": [{"CVE": {"a": 1}}]}"#
                        .utf8)
            }, code: .badDocument, phrase: "Vulnerability[0].CVE"),
        BadDocument(
            name: "an HTML error page", file: "2099-Jan.xml",
            bytes: { Array("<html><body>Service Unavailable</body></html>".utf8) }, code: .badDocument,
            phrase: "CVRF"),
        BadDocument(name: "an empty file", file: "2099-Jan.json", bytes: { [] }, code: .badDocument, phrase: "empty"),
    ]

    @Test("a bad document fails the build with one line naming it; the database stays", arguments: documents)
    func badDocument(_ bad: BadDocument) async throws {
        let fixture = try await Fixture()
        let path = try fixture.folder.write("bad/" + bad.file, bad.bytes())
        try fixture.folder.write(
            "bad/2099-Mar.xml", BuildTests.month.xml.replacingOccurrences(of: "2099-Jan", with: "2099-Mar"))
        let error = try #require(
            await failure {
                try await DatabaseBuilder().build(from: [fixture.folder.file("bad")], into: fixture.database)
            })
        #expect(error.code == bad.code, "\(error)")
        #expect(error.context == path)
        #expect(error.description.hasPrefix(path + ": "))
        #expect(error.description.contains(bad.phrase), "\(error)")
        #expect(!error.description.contains("\n"))
        try fixture.expectIntact()
    }

    @Test("a database of another schema version is refused by every operation, and kept")
    func otherSchemaVersion() async throws {
        let fixture = try await Fixture()
        let connection = try SQLiteConnection(path: fixture.database, mode: .readWrite)
        try connection.execute("PRAGMA user_version = 7; UPDATE meta SET value = '7' WHERE key = 'schema_version'")
        let digest = try Files.sha256(fixture.database)
        let open = try #require(await failure { try VulnDatabase(contentsOf: fixture.database) })
        #expect(open.code == .schemaMismatch)
        #expect(open.description.hasPrefix(fixture.database + ": "))
        #expect(open.message.contains("schema version 7"))
        let update = try #require(
            await failure { try await DatabaseUpdater(baseURL: "http://127.0.0.1:9").update(fixture.database) })
        #expect(update.code == .schemaMismatch)
        #expect(try Files.sha256(fixture.database) == digest)
        // Importing it elsewhere is refused too.
        let copy = fixture.folder.file("other.sqlite")
        let imported = try #require(
            await failure {
                try DatabaseImporter().importDatabase(
                    from: fixture.database, sha256: digest, into: copy)
            })
        #expect(imported.code == .schemaMismatch)
        #expect(imported.context == fixture.database)
        #expect(!FileManager.default.fileExists(atPath: copy))
    }

    /// Ways a database file can be damaged.
    static let damages: [(name: String, damage: @Sendable ([UInt8]) -> [UInt8])] = [
        ("random bytes", { bytes in (0..<bytes.count).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) } }),
        ("truncated to a third", { bytes in Array(bytes.prefix(bytes.count / 3)) }),
        (
            "pages overwritten",
            { bytes in
                var bytes = bytes
                for index in stride(from: 4096, to: bytes.count, by: 4096) {
                    for offset in 0..<64 where index + offset < bytes.count { bytes[index + offset] = 0xEE }
                }
                return bytes
            }
        ),
        ("an empty file", { _ in [] }),
        ("a SQLite database of another application", { _ in [] }),
    ]

    @Test("a corrupted database file is a clear error, and an update keeps it", arguments: 0..<5)
    func corruptedDatabase(_ which: Int) async throws {
        let fixture = try await Fixture()
        let damage = Self.damages[which]
        if which == 4 {
            try FileManager.default.removeItem(atPath: fixture.database)
            let other = try SQLiteConnection(path: fixture.database, mode: .create)
            try other.execute("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello')")
        } else {
            let bytes = try Files.bytes(fixture.database)
            try Data(damage.damage(bytes)).write(to: URL(fileURLWithPath: fixture.database))
        }
        let digest = try Files.sha256(fixture.database)
        let error = try #require(
            await failure {
                let database = try VulnDatabase(contentsOf: fixture.database)
                try database.verifyIntegrity()
                return try database.advisories(affecting: ["11923"])
            })
        #expect(error.code == .corruptDatabase, "\(damage.name): \(error)")
        #expect(error.description.hasPrefix(fixture.database + ": "), "\(damage.name): \(error)")
        let update = try #require(
            await failure { try await DatabaseUpdater(baseURL: "http://127.0.0.1:9").update(fixture.database) })
        #expect(update.code == .corruptDatabase, "\(damage.name): \(update)")
        #expect(try Files.sha256(fixture.database) == digest)
        // Importing it is refused, and the good database it would replace stays.
        let good = try await Fixture()
        let imported = try #require(
            await failure {
                try DatabaseImporter().importDatabase(from: fixture.database, sha256: digest, into: good.database)
            })
        #expect(imported.code == .corruptDatabase, "\(damage.name): \(imported)")
        #expect(imported.context == fixture.database)
        try good.expectIntact()
    }
}
