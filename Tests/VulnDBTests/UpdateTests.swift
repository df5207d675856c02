import Foundation
import Testing

@testable import VulnDB

/// `DatabaseUpdater` against a local stand-in for the MSRC API serving the real documents.
@Suite("Updating from the API", requiresRealData, requiresAPIServer)
struct UpdateTests {
    /// A served folder with the sample months, a server over it, and a database path.
    final class Setup {
        let folder: TestFolder
        let root: String
        let server: MSRCAPIServer
        let database: String

        init(months: [String] = RealData.sampleMonths) throws {
            folder = try TestFolder()
            root = try folder.folder("api")
            try RealData.stage(months, in: root)
            server = try MSRCAPIServer(root: root)
            database = folder.file("data/msrc.sqlite")
        }

        /// An updater for the server, fetching one document at a time (a deterministic order).
        var updater: DatabaseUpdater { DatabaseUpdater(baseURL: server.baseURL + "/", concurrency: 1) }

        /// Serves `id` as modified XML: `change` applied to the real document's text.
        func republish(_ id: String, date: String, change: (String) -> String) throws {
            let bytes = try Zstd.decompress(try Files.bytes(RealData.month(id)), origin: id)
            var text = String(decoding: bytes, as: UTF8.self)
            let start = try #require(text.range(of: "<cvrf:CurrentReleaseDate>"))
            let end = try #require(text[start.upperBound...].firstIndex(of: "<"))
            text.replaceSubrange(start.upperBound..<end, with: date)
            try folder.write("api/\(id).xml", change(text))
        }

        /// Rewrites the index with new dates for some months.
        func redate(_ dates: [String: String]) throws {
            try RealData.writeIndex(RealData.sampleMonths, to: root + "/updates-index.json", dates: dates)
        }
    }

    @Test("the first update builds from scratch; the second downloads nothing")
    func firstAndSecondUpdate() async throws {
        let setup = try Setup()
        let first = try await setup.updater.update(setup.database)
        #expect(first.fetched == RealData.sampleMonths)
        #expect(first.rebuilt)
        #expect(first.status.counts.documents == 5)
        #expect(first.status.metadata.baseURL == setup.server.baseURL)
        let requests = setup.server.requests()
        #expect(requests.count == 6)
        #expect(requests.first?.path == "/cvrf/v3.0/updates")
        // Documents are asked for as XML: no Accept header at all.
        #expect(requests.allSatisfy { $0.accept == "-" && $0.status == 200 })
        #expect(!FileManager.default.fileExists(atPath: setup.database + ".cache"))
        let documents = try VulnDatabase(contentsOf: setup.database).documents()
        #expect(documents.allSatisfy { $0.source.hasPrefix(setup.server.baseURL + "/cvrf/v3.0/cvrf/") })
        #expect(documents.allSatisfy { $0.indexReleaseDate == $0.currentReleaseDate })

        // Second run: the index answers 304, nothing else is asked for.
        setup.server.clearLog()
        let second = try await setup.updater.update(setup.database)
        #expect(second.indexNotModified)
        #expect(!second.rebuilt && second.fetched.isEmpty)
        #expect(setup.server.requests().map(\.description) == ["GET /cvrf/v3.0/updates 304"])
        #expect(second.status.metadata.checkedAt != nil)
        #expect(try VulnDatabase(contentsOf: setup.database).status().counts == first.status.counts)

        // Third run: the index is rewritten (new ETag) with the same dates: still no document is fetched.
        setup.server.clearLog()
        let index = setup.root + "/updates-index.json"
        try setup.folder.write("api/updates-index.json", try Files.bytes(index) + Array("\n\n".utf8))
        let third = try await setup.updater.update(setup.database)
        #expect(!third.indexNotModified && !third.rebuilt)
        #expect(third.unchanged == 5)
        #expect(setup.server.requests().map(\.description) == ["GET /cvrf/v3.0/updates 200"])
        #expect(try VulnDatabase(contentsOf: setup.database).documents().map(\.sha256) == documents.map(\.sha256))
        // Only the meta table's check date changed in place; the rows are the first update's.
        #expect(try VulnDatabase(contentsOf: setup.database).advisories(affecting: ["11923"]).statuses.count > 0)
    }

    @Test("a moved CurrentReleaseDate refetches only that month; 304 keeps the stored copy")
    func changedDate() async throws {
        let setup = try Setup()
        _ = try await setup.updater.update(setup.database)
        setup.server.clearLog()
        try setup.republish("2023-Jan", date: "2026-07-01T00:00:00") {
            $0.replacingOccurrences(
                of: "<cvrf:DocumentTitle>January 2023 Security Updates<",
                with: "<cvrf:DocumentTitle>January 2023 Security Updates, republished<")
        }
        try setup.redate(["2023-Jan": "2026-07-01T00:00:00Z"])
        let report = try await setup.updater.update(setup.database)
        #expect(report.fetched == ["2023-Jan"])
        #expect(report.notModified.isEmpty && report.resumed.isEmpty)
        #expect(report.unchanged == 4)
        #expect(setup.server.documentRequests() == ["2023-Jan 200"])
        let january = try #require(
            try VulnDatabase(contentsOf: setup.database).documents().first { $0.id == "2023-Jan" })
        #expect(january.title == "January 2023 Security Updates, republished")
        #expect(january.currentReleaseDate == ISO8601DateFormatter().date(from: "2026-07-01T00:00:00Z"))

        // A date that moves while the bytes do not: the conditional request gets 304.
        setup.server.clearLog()
        try setup.redate(["2023-Jan": "2026-07-01T00:00:00Z", "2024-Mar": "2026-08-01T00:00:00Z"])
        let again = try await setup.updater.update(setup.database)
        #expect(again.fetched.isEmpty)
        #expect(again.notModified == ["2024-Mar"])
        #expect(setup.server.documentRequests() == ["2024-Mar 304"])
        let march = try #require(try VulnDatabase(contentsOf: setup.database).documents().first { $0.id == "2024-Mar" })
        #expect(march.indexReleaseDate == ISO8601DateFormatter().date(from: "2026-08-01T00:00:00Z"))
        #expect(again.status.counts == report.status.counts)
    }

    @Test("a server error mid-way leaves the database intact; the next run resumes")
    func interruptedUpdateResumes() async throws {
        let setup = try Setup()
        _ = try await setup.updater.update(setup.database)
        let digest = try Files.sha256(setup.database)
        let moved = [
            "2023-Jan": "2026-07-01T00:00:00", "2024-Mar": "2026-07-02T00:00:00", "2026-Jan": "2026-07-03T00:00:00",
        ]
        for (id, date) in moved {
            try setup.republish(id, date: date) {
                $0.replacingOccurrences(of: "Security Updates<", with: "Security Updates (v2)<")
            }
        }
        try setup.redate(moved.mapValues { $0 + "Z" })
        try setup.folder.write("api/fail.txt", "2024-Mar\n")
        setup.server.clearLog()
        let error = try #require(await failure { try await setup.updater.update(setup.database) })
        #expect(error.code == .network)
        #expect(error.description == setup.server.baseURL + "/cvrf/v3.0/cvrf/2024-Mar: HTTP 500")
        #expect(setup.server.documentRequests() == ["2023-Jan 200", "2024-Mar 500"])
        #expect(try Files.sha256(setup.database) == digest)
        #expect(
            try VulnDatabase(contentsOf: setup.database).documents().allSatisfy { !($0.title ?? "").contains("(v2)") })
        #expect(try setup.folder.names(in: "data") == ["msrc.sqlite", "msrc.sqlite.cache"])

        try FileManager.default.removeItem(atPath: setup.root + "/fail.txt")
        setup.server.clearLog()
        let report = try await setup.updater.update(setup.database)
        #expect(report.resumed == ["2023-Jan"])
        #expect(report.fetched == ["2024-Mar", "2026-Jan"])
        #expect(setup.server.documentRequests() == ["2024-Mar 200", "2026-Jan 200"])
        let titles = try VulnDatabase(contentsOf: setup.database).documents().filter { moved[$0.id] != nil }.map(
            \.title)
        #expect(titles.allSatisfy { $0?.hasSuffix("(v2)") == true })
        #expect(try setup.folder.names(in: "data") == ["msrc.sqlite"])
    }

    @Test("an index naming a document the server does not have is an error; the database stays")
    func indexPointsAtMissingDocument() async throws {
        let setup = try Setup()
        _ = try await setup.updater.update(setup.database)
        let digest = try Files.sha256(setup.database)
        try FileManager.default.removeItem(atPath: setup.root + "/2024-Mar.xml.zst")
        try setup.redate(["2024-Mar": "2026-09-01T00:00:00Z"])
        let error = try #require(await failure { try await setup.updater.update(setup.database) })
        #expect(error.code == .missingDocument)
        #expect(error.context == setup.server.baseURL + "/cvrf/v3.0/cvrf/2024-Mar")
        #expect(error.message.contains("2024-Mar") && error.message.contains("404"))
        #expect(try Files.sha256(setup.database) == digest)
    }

    @Test("an unreachable API or a broken index is an error naming the URL")
    func unreachable() async throws {
        let setup = try Setup()
        try setup.folder.write("api/updates-index.json", "<html>maintenance</html>")
        let broken = try #require(await failure { try await setup.updater.update(setup.database) })
        #expect(broken.code == .badDocument)
        #expect(broken.context == setup.server.baseURL + "/cvrf/v3.0/updates")
        #expect(!FileManager.default.fileExists(atPath: setup.database))
        let refused = try #require(
            await failure { try await DatabaseUpdater(baseURL: "http://127.0.0.1:9").update(setup.database) })
        #expect(refused.code == .network)
        #expect(refused.description.hasPrefix("http://127.0.0.1:9/cvrf/v3.0/updates: "))
        let invalid = try #require(
            await failure { try await DatabaseUpdater(baseURL: "ftp://x").update(setup.database) })
        #expect(invalid.code == .invalidArgument)
    }
}
