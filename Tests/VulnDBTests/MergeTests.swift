import Foundation
import MSRCModel
import Testing
import VulnDB

/// How months merge (DOMAIN.md §4), on generated documents.
@Suite("Merging months")
struct MergeTests {
    /// January lists CVE-2099-0001 with KB5000001; a later revision in March retitles it, adds a product and
    /// cites a later KB; an old month republished cites the same KB again.
    static func months() -> [CVRFWriter] {
        let january = CVRFWriter(
            id: "2099-Jan", initialReleaseDate: "2099-01-13T08:00:00", currentReleaseDate: "2099-01-13T08:00:00",
            vulnerabilities: [
                .init(
                    cve: "CVE-2099-0001", title: "Old title", description: "<p>First words.</p>",
                    products: ["11923", "11924"], revisions: ["2099-01-13T08:00:00"],
                    fixes: [
                        .init(
                            kb: "5000001", products: ["11923", "11924"], fixedBuild: "10.0.20348.1001",
                            supersedence: "4999999")
                    ]),
                .init(
                    cve: "CVE-2099-0002", products: ["12079-11923"], severity: "Critical",
                    fixes: [.init(kb: "5000010", products: ["12079-11923"], fixedBuild: "4.8.1.9294.01")]),
            ])
        let march = CVRFWriter(
            id: "2099-Mar", initialReleaseDate: "2099-03-10T07:00:00", currentReleaseDate: "2099-03-10T07:00:00",
            vulnerabilities: [
                .init(
                    cve: "CVE-2099-0001", title: "New title", description: "<p>Revised words.</p>",
                    products: ["11923", "11924", "11571"], severity: "Critical",
                    exploitStatus: "Publicly Disclosed:Yes;Exploited:Yes;Latest Software Release:Exploitation Detected",
                    revisions: ["2099-01-13T08:00:00", "2099-03-10T07:00:00"],
                    fixes: [
                        // The same row as January's (deduplicated), and a later KB with a hotpatch beside it.
                        .init(
                            kb: "5000001", products: ["11923", "11924"], fixedBuild: "10.0.20348.1001",
                            supersedence: "4999999"),
                        .init(
                            kb: "5000003", products: ["11923", "11924"], fixedBuild: "10.0.20348.1003",
                            supersedence: "5000001"),
                        .init(
                            kb: "5000004", products: ["11923"], fixedBuild: "10.0.20348.1002", supersedence: "5000002",
                            subType: "SecurityHotpatchUpdate"),
                        .init(kb: "5000005", products: ["11571"], fixedBuild: "10.0.17763.5000"),
                    ])
            ])
        // January republished in May: it now also lists a KB for a product January did not name.
        var republished = january
        republished.currentReleaseDate = "2099-05-12T07:00:00"
        republished.vulnerabilities[0].fixes.append(
            .init(kb: "5000001", products: ["12436"], fixedBuild: "10.0.26100.1001", supersedence: "4999999"))
        return [january, march, republished]
    }

    /// Builds a database from the given months (each written as `<ID>-<n>.xml`).
    static func database(_ months: [CVRFWriter], in folder: TestFolder) async throws -> VulnDatabase {
        let input = try folder.folder("in")
        for (index, month) in months.enumerated() {
            try folder.write("in/\(month.id)-\(index).xml", month.bytes)
        }
        let path = folder.file("merged.sqlite")
        _ = try await DatabaseBuilder(concurrency: 2).build(from: [input], into: path)
        return try VulnDatabase(contentsOf: path)
    }

    @Test("the newest revision wins CVE-level fields; dates come from the revision history")
    func newestRevisionWins() async throws {
        let folder = try TestFolder()
        let database = try await Self.database(Self.months(), in: folder)
        let advisories = try database.advisories(affecting: ["11923", "11924", "11571", "12436"])
        let cve = try #require(advisories.vulnerability(cve: "CVE-2099-0001"))
        #expect(cve.title == "New title")
        #expect(cve.description == "<p>Revised words.</p>")
        #expect(cve.documentID == "2099-Mar")
        #expect(cve.exploitStatus?.exploited == true)
        #expect(cve.published == ISO8601DateFormatter().date(from: "2099-01-13T08:00:00Z"))
        #expect(cve.revised == ISO8601DateFormatter().date(from: "2099-03-10T07:00:00Z"))
        #expect(cve.cwes == ["CWE-416"])
        #expect(cve.tags == ["Windows Test"])
        #expect(cve.cnas == ["Microsoft"])
        #expect(cve.flags.isEmpty)
        // Per product: the newest occurrence naming the product.
        let statuses = advisories.statuses.filter { $0.cve == "CVE-2099-0001" }
        #expect(statuses.map(\.productID) == ["11571", "11923", "11924"])
        #expect(statuses.allSatisfy { $0.severity == .critical && $0.documentID == "2099-Mar" })
        #expect(statuses.allSatisfy { $0.status == .knownAffected && $0.baseScore == 7.8 })
    }

    @Test("a republished month replaces its earlier revision")
    func republishedMonthReplacesItself() async throws {
        let folder = try TestFolder()
        let database = try await Self.database(Self.months(), in: folder)
        let documents = try database.documents()
        #expect(documents.map(\.id) == ["2099-Jan", "2099-Mar"])
        #expect(documents.first?.currentReleaseDate == ISO8601DateFormatter().date(from: "2099-05-12T07:00:00Z"))
        #expect(documents.first?.source.hasSuffix("2099-Jan-2.xml") == true)
        // Its new row is there (Server 2025 gained the KB).
        let server2025 = try database.advisories(affecting: ["12436"])
        #expect(server2025.fixes(for: "12436").map(\.kb) == [5_000_001])
    }

    @Test("remediation rows are the union over months, identical rows once")
    func remediationsUnion() async throws {
        let folder = try TestFolder()
        let database = try await Self.database(Self.months(), in: folder)
        let advisories = try database.advisories(affecting: ["11923"], includingCompoundProducts: false)
        let fixes = advisories.fixes(for: "11923").filter { $0.cve == "CVE-2099-0001" }
        #expect(fixes.map(\.kb) == [5_000_001, 5_000_003, 5_000_004])
        let first = try #require(fixes.first)
        #expect(first.documentID == "2099-Jan")
        #expect(first.fixedBuild == BuildVersion("10.0.20348.1001"))
        #expect(first.supersededKBs == [4_999_999])
        #expect(first.released == ISO8601DateFormatter().date(from: "2099-01-13T08:00:00Z"))
        let hotpatch = try #require(fixes.last)
        #expect(hotpatch.isHotpatch)
        #expect(hotpatch.subType == "SecurityHotpatchUpdate")
        #expect(hotpatch.released == ISO8601DateFormatter().date(from: "2099-03-10T07:00:00Z"))
        #expect(hotpatch.restartRequired == .yes)
        #expect(hotpatch.url == "https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB5000004")
        // The supersedence graph holds every edge.
        #expect(advisories.supersedence.superseded(by: 5_000_003) == [5_000_001])
        #expect(advisories.supersedence.supersededTransitively(by: 5_000_003) == [5_000_001, 4_999_999])
        let status = try database.status()
        #expect(status.counts.kbs == 5)
        #expect(status.counts.supersedenceEdges == 3)
        #expect(status.counts.fixes == 6)
        // The identity agrees with the status, and names the file as it is.
        let identity = try database.identity()
        #expect(identity.documents == status.counts.documents)
        #expect(identity.metadata == status.metadata)
        #expect(identity.path == status.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: database.path)
        #expect(identity.fileSize == (attributes[.size] as? NSNumber)?.int64Value)
        let modified = try #require(attributes[.modificationDate] as? Date)
        #expect(abs(Double(identity.modifiedNanoseconds) / 1e9 - modified.timeIntervalSince1970) < 0.001)
    }

    @Test("compound products are found through their platform")
    func compoundProducts() async throws {
        let folder = try TestFolder()
        let database = try await Self.database(Self.months(), in: folder)
        let withCompounds = try database.advisories(affecting: ["11923"])
        #expect(withCompounds.products.map(\.id) == ["11923", "12079-11923"])
        #expect(withCompounds.statuses.contains { $0.cve == "CVE-2099-0002" && $0.productID == "12079-11923" })
        let dotnet = try #require(withCompounds.fixes(for: "12079-11923").first)
        #expect(dotnet.kb == 5_000_010)
        #expect(dotnet.fixedBuild?.components == [4, 8, 1, 9294, 1])
        let plain = try database.advisories(affecting: ["11923"], includingCompoundProducts: false)
        #expect(plain.products.map(\.id) == ["11923"])
        #expect(plain.vulnerability(cve: "CVE-2099-0002") == nil)
        let compoundOnly = try database.advisories(affecting: ["12079-11923"])
        #expect(compoundOnly.products.map(\.id) == ["12079-11923"])
        #expect(compoundOnly.vulnerabilities.map(\.cve) == ["CVE-2099-0002"])
        #expect(withCompounds.products.first?.name == "Windows Server 2022")
    }

    @Test("merging does not depend on input order or concurrency")
    func deterministic() async throws {
        let folder = try TestFolder()
        let months = Self.months()
        let forward = try await Self.database(months, in: folder)
        let other = try TestFolder()
        let backward = try await Self.database(months.reversed(), in: other)
        let products = ["11923", "11924", "11571", "12436"]
        let left = try forward.advisories(affecting: products)
        let right = try backward.advisories(affecting: products)
        #expect(left.vulnerabilities == right.vulnerabilities)
        #expect(left.statuses == right.statuses)
        #expect(left.remediations.map(\.kb) == right.remediations.map(\.kb))
    }

    @Test("a CVE without any revision history is dated by its documents, and flagged")
    func datesFromDocuments() async throws {
        var month = CVRFWriter(
            id: "2099-Jun", initialReleaseDate: "2099-06-09T07:00:00", currentReleaseDate: "2099-06-20T07:00:00",
            vulnerabilities: [.init(cve: "ADV990001", products: ["11923"], revisions: [])])
        month.products = CVRFWriter.serverProducts
        let folder = try TestFolder()
        let database = try await Self.database([month], in: folder)
        let record = try #require(try database.advisories(affecting: ["11923"]).vulnerability(cve: "ADV990001"))
        #expect(record.flags == [.malformedCVE, .datesFromDocuments])
        #expect(!record.cveIsWellFormed)
        #expect(record.published == ISO8601DateFormatter().date(from: "2099-06-09T07:00:00Z"))
        #expect(record.revised == ISO8601DateFormatter().date(from: "2099-06-20T07:00:00Z"))
    }
}
