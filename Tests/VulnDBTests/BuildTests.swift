import Foundation
import MSRCModel
import TestSupport
import Testing
import VulnDB

/// `DatabaseBuilder`: inputs of every format, the schema and metadata, and the all-or-nothing swap.
@Suite("Building")
struct BuildTests {
    /// A small month for format tests.
    static let month = CVRFWriter(
        id: "2099-Jan", initialReleaseDate: "2099-01-13T08:00:00", currentReleaseDate: "2099-01-14T08:00:00Z",
        vulnerabilities: [
            .init(
                cve: "CVE-2099-0001", products: ["11923"],
                fixes: [.init(kb: "5000001", products: ["11923"], fixedBuild: "10.0.20348.1001")])
        ])

    @Test("plain and zstd-compressed XML give the same rows; the document's sha256 is of its bytes")
    func xmlAndCompressedXML() async throws {
        let folder = try TestFolder()
        let plain = try folder.write("plain/2099-Jan.xml", Self.month.bytes)
        let compressed = try folder.write("zst/2099-Jan.xml.zst", Compression.zstd(Self.month.bytes))
        let first = try await DatabaseBuilder().build(from: [plain], into: folder.file("a.sqlite"))
        let second = try await DatabaseBuilder().build(from: [compressed], into: folder.file("b.sqlite"))
        #expect(first.documents == 1 && second.documents == 1)
        #expect(first.status.counts == second.status.counts)
        let documents = try VulnDatabase(contentsOf: folder.file("b.sqlite")).documents()
        #expect(documents.first?.sha256 == (try Files.sha256(plain)))
        #expect(documents.first?.format == "cvrfXML")
        #expect(documents.first?.size == Self.month.bytes.count)
        let a = try VulnDatabase(contentsOf: folder.file("a.sqlite")).advisories(affecting: ["11923"])
        let b = try VulnDatabase(contentsOf: folder.file("b.sqlite")).advisories(affecting: ["11923"])
        #expect(a == b)
    }

    @Test("the schema version, build date and builder are recorded")
    func metadata() async throws {
        let folder = try TestFolder()
        let input = try folder.write("2099-Jan.xml", Self.month.bytes)
        let before = Date()
        let report = try await DatabaseBuilder().build(from: [input], into: folder.file("db/nested/v.sqlite"))
        let database = try VulnDatabase(contentsOf: folder.file("db/nested/v.sqlite"))
        #expect(database.metadata.schemaVersion == VulnDatabase.schemaVersion)
        #expect(database.metadata.builderVersion == VulnDBModule.version)
        #expect(abs(database.metadata.builtAt.timeIntervalSince(before)) < 60)
        #expect(database.metadata.checkedAt == nil)
        #expect(report.status.newestDocument?.id == "2099-Jan")
        #expect(report.status.newestDocumentDate == ISO8601DateFormatter().date(from: "2099-01-14T08:00:00Z"))
        #expect(report.status.age(at: database.metadata.builtAt.addingTimeInterval(86_400)) == 86_400)
        #expect(report.status.counts.vulnerabilities == 1)
        #expect(report.status.counts.products == CVRFWriter.serverProducts.count)
    }

    @Test("a failed build leaves the existing database byte for byte, and no file behind")
    func failureLeavesDatabaseIntact() async throws {
        let folder = try TestFolder()
        let good = try folder.write("in/2099-Jan.xml", Self.month.bytes)
        let path = folder.file("out/msrc.sqlite")
        _ = try await DatabaseBuilder().build(from: [good], into: path)
        let before = try Files.sha256(path)
        var broken = Self.month
        broken.id = "2099-Feb"
        try folder.write("in/2099-Feb.xml", String(broken.xml.prefix(2000)))
        await #expect(throws: VulnDBError.self) {
            _ = try await DatabaseBuilder().build(from: [folder.file("in")], into: path)
        }
        #expect(try Files.sha256(path) == before)
        #expect(try folder.names(in: "out") == ["msrc.sqlite"])
        // The database still opens and answers.
        #expect(try VulnDatabase(contentsOf: path).status().counts.documents == 1)
    }

    @Test("a folder's updates index must list only documents the folder holds")
    func indexPointingAtMissingDocument() async throws {
        let folder = try TestFolder()
        try folder.write("in/2099-Jan.xml", Self.month.bytes)
        try folder.write(
            "in/updates-index.json",
            #"{"value":[{"ID":"2099-Jan","CurrentReleaseDate":"2099-01-14T08:00:00Z"},{"ID":"2099-Feb","CurrentReleaseDate":"2099-02-14T08:00:00Z"}]}"#
        )
        let path = folder.file("msrc.sqlite")
        let error = try #require(
            await failure { try await DatabaseBuilder().build(from: [folder.file("in")], into: path) })
        #expect(error.code == .missingDocument)
        #expect(error.description.contains("updates-index.json"))
        #expect(error.description.contains("2099-Feb"))
        #expect(!FileManager.default.fileExists(atPath: path))
        // With the index fixed, its dates are recorded with the documents.
        try folder.write(
            "in/updates-index.json", #"{"value":[{"ID":"2099-Jan","CurrentReleaseDate":"2099-01-15T00:00:00Z"}]}"#)
        _ = try await DatabaseBuilder().build(from: [folder.file("in")], into: path)
        let document = try #require(try VulnDatabase(contentsOf: path).documents().first)
        #expect(document.indexReleaseDate == ISO8601DateFormatter().date(from: "2099-01-15T00:00:00Z"))
    }

    @Test("duplicate document IDs: the newest CurrentReleaseDate wins, the other is reported")
    func duplicates() async throws {
        let folder = try TestFolder()
        var newer = Self.month
        newer.currentReleaseDate = "2099-02-01T00:00:00Z"
        newer.vulnerabilities[0].title = "Newer"
        let old = try folder.write("a/2099-Jan.xml", Self.month.bytes)
        let new = try folder.write("b/2099-Jan.xml.zst", Compression.zstd(newer.bytes))
        let report = try await DatabaseBuilder().build(from: [old, new], into: folder.file("d.sqlite"))
        #expect(report.documents == 1)
        #expect(report.skippedDuplicates == [old])
        let advisories = try VulnDatabase(contentsOf: folder.file("d.sqlite")).advisories(affecting: ["11923"])
        #expect(advisories.vulnerabilities.first?.title == "Newer")
    }

    @Test("nothing to build from is an error")
    func noInput() async throws {
        let folder = try TestFolder()
        let empty = try folder.folder("empty")
        try folder.write("empty/readme.txt", "not a document")
        for sources in [[], [empty], [folder.file("missing")]] {
            let error = await failure {
                try await DatabaseBuilder().build(from: sources, into: folder.file("x.sqlite"))
            }
            #expect(error.map { [.noInput, .unreadable].contains($0.code) } == true)
        }
    }

    @Test("CVRF JSON and CSAF inputs", requiresRealData)
    func jsonAndCSAF() async throws {
        let folder = try TestFolder()
        let sources = [
            RealData.file("cvrf-json-reconstructed/2023-Jan.json.zst"),
            RealData.file("csaf/msrc_cve-2025-29795.json"), RealData.file("csaf/msrc_cve-2025-29806.json"),
        ]
        let report = try await DatabaseBuilder().build(from: sources, into: folder.file("j.sqlite"))
        #expect(report.documents == 3)
        let database = try VulnDatabase(contentsOf: folder.file("j.sqlite"))
        #expect(try database.documents().map(\.format).sorted() == ["csaf", "csaf", "cvrfJSON"])
        // CSAF's advisory-local product IDs are qualified; the MSRC product ID of `fixed` is kept.
        let edge = try database.advisories(affecting: ["msrc_CVE-2025-29795/1"])
        let fix = try #require(edge.remediations.first { $0.cve == "CVE-2025-29795" && $0.type == .vendorFix })
        #expect(fix.fixedBuild == BuildVersion("1.3.195.45"))
        #expect(fix.released == ISO8601DateFormatter().date(from: "2025-03-21T07:00:00Z"))
        #expect(edge.statuses.first?.baseScore == 7.8)
        let fixed = try database.advisories(affecting: ["12470"])
        #expect(fixed.products.first?.name == "Microsoft Edge Update Setup 1.3.195.45")
        #expect(fixed.statuses.first?.status == .fixed)
        // The JSON month holds CVE-2023-21674's fix.
        let server = try database.advisories(affecting: ["11923"], includingCompoundProducts: false)
        #expect(server.fixes(for: "11923").contains { $0.cve == "CVE-2023-21674" && $0.kb == 5_022_291 })
    }
}
