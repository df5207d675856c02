import Foundation
import MSRCModel
import Testing
import VulnDB

/// Facts from `../shared/data/README.md`, through a database built from real months.
@Suite("Real MSRC data", requiresRealData)
struct RealDataTests {
    /// The sample months' database, built once for the suite.
    static func database() async throws -> VulnDatabase {
        try VulnDatabase(contentsOf: try await SampleDatabase.shared.path())
    }

    @Test("2023-Jan, CVE-2023-21674: KB5022291 → 10.0.20348.1487 on 11923 and 11924, superseding 5021249")
    func january2023() async throws {
        let advisories = try await Self.database().advisories(affecting: ["11923", "11924"])
        for product in ["11923", "11924"] {
            let fix = try #require(advisories.fixes(for: product).first { $0.cve == "CVE-2023-21674" })
            #expect(fix.kb == 5_022_291)
            #expect(fix.fixedBuild == BuildVersion("10.0.20348.1487"))
            #expect(fix.supersededKBs == [5_021_249])
            #expect(fix.subType == "Security Update")
            #expect(!fix.isHotpatch)
            #expect(fix.documentID == "2023-Jan")
            #expect(fix.released == ISO8601DateFormatter().date(from: "2023-01-10T08:00:00Z"))
            let status = try #require(
                advisories.statuses.first { $0.cve == "CVE-2023-21674" && $0.productID == product })
            #expect(status.severity == .important)
            #expect(status.impact == "Elevation of Privilege")
            #expect(status.baseScore == 8.8)
            #expect(status.status == .knownAffected)
        }
        let cve = try #require(advisories.vulnerability(cve: "CVE-2023-21674"))
        #expect(cve.title == "Windows Advanced Local Procedure Call (ALPC) Elevation of Privilege Vulnerability")
        #expect(cve.exploitStatus?.exploited == true)
        #expect(cve.cwes == ["CWE-416"])
        #expect(cve.published == ISO8601DateFormatter().date(from: "2023-01-10T08:00:00Z"))
        #expect(advisories.supersedence.superseded(by: 5_022_291).contains(5_021_249))
    }

    @Test(
        "2026-Jan: the Windows Server cumulative updates and what they supersede",
        arguments: [
            ("11571", 5_073_723, "10.0.17763.8276", 5_071_544), ("11923", 5_073_457, "10.0.20348.4648", 5_071_547),
            ("12436", 5_073_379, "10.0.26100.32230", 5_072_033),
        ])
    func january2026(product: String, kb: Int, build: String, superseded: Int) async throws {
        let advisories = try await Self.database().advisories(affecting: [product], includingCompoundProducts: false)
        let fixes = advisories.fixes(for: product).filter { $0.kb == kb }
        #expect(!fixes.isEmpty)
        #expect(fixes.allSatisfy { $0.fixedBuild == BuildVersion(build) && $0.supersededKBs.contains(superseded) })
        #expect(advisories.supersedence.superseded(by: kb).contains(superseded))
        #expect(fixes.allSatisfy { $0.released == ISO8601DateFormatter().date(from: "2026-01-13T08:00:00Z") })
    }

    @Test("2024-Mar, Server 2022: the LCU and the hotpatch on the same products")
    func hotpatch() async throws {
        let advisories = try await Self.database().advisories(affecting: ["11923"], includingCompoundProducts: false)
        let march = advisories.fixes(for: "11923").filter { [5_035_857, 5_035_959].contains($0.kb ?? 0) }
        let lcu = try #require(march.first { $0.kb == 5_035_857 })
        let hotpatch = try #require(march.first { $0.kb == 5_035_959 })
        #expect(lcu.fixedBuild == BuildVersion("10.0.20348.2340") && !lcu.isHotpatch)
        #expect(hotpatch.fixedBuild == BuildVersion("10.0.20348.2333") && hotpatch.isHotpatch)
        #expect(try #require(hotpatch.fixedBuild) < (try #require(lcu.fixedBuild)))
    }

    @Test("Windows Server 2022 brings its compound .NET products")
    func compoundDotNet() async throws {
        let advisories = try await Self.database().advisories(affecting: ["11923", "11924"])
        let compounds = advisories.products.map(\.id).filter { $0.contains("-") }
        #expect(compounds.contains("12079-11923") || compounds.contains("11676-11923"))
        #expect(compounds.allSatisfy { $0.hasSuffix("-11923") || $0.hasSuffix("-11924") })
        #expect(advisories.statuses.contains { $0.productID.contains("-") })
        #expect(advisories.remediations.contains { $0.productIDs.contains(where: { $0.contains("-") }) && $0.isFix })
    }

    @Test("every sample month is recorded, with its hash, dates and format")
    func documents() async throws {
        let database = try await Self.database()
        let documents = try database.documents()
        #expect(Set(documents.map(\.id)) == Set(RealData.sampleMonths))
        #expect(documents.allSatisfy { $0.format == "cvrfXML" && $0.sha256.count == 64 })
        #expect(documents.first { $0.id == "2017-May-B" }?.vulnerabilityCount == 0)
        #expect(documents.first { $0.id == "1999-Sep" }?.title == "Mariner Release Notes")
        let status = try database.status()
        #expect(status.counts.documents == 5)
        #expect(status.latestMonth?.id == "2026-Jan")
        #expect(status.counts.vulnerabilities > 600)
        #expect(status.counts.kbs > 50)
    }

    /// The whole history (about 20 s in a debug build; `VULNDB_SKIP_FULL_BUILD=1` skips it).
    @Test(
        "all 190 months build into one database",
        .enabled(
            if: ProcessInfo.processInfo.environment["VULNDB_SKIP_FULL_BUILD"] != "1", "VULNDB_SKIP_FULL_BUILD is set"))
    func fullHistory() async throws {
        let folder = try TestFolder()
        let path = folder.file("full.sqlite")
        let report = try await DatabaseBuilder().build(from: [RealData.cvrfXML], into: path)
        #expect(report.documents == 190)
        let counts = report.status.counts
        #expect(counts.documents == 190)
        #expect(counts.vulnerabilities == 23_310)
        #expect(counts.products == 7_355)
        #expect(counts.kbs == 5_234)
        #expect(counts.fixes == 104_860)
        #expect(counts.supersedenceEdges == 4_200)
        #expect(report.status.newestDocument?.id == "2026-Jun")
        #expect(report.status.latestMonth?.id == "2026-Jul")
        // The folder's updates index was read: every document carries its index date.
        let documents = try VulnDatabase(contentsOf: path).documents()
        #expect(documents.allSatisfy { $0.indexReleaseDate != nil && $0.indexReleaseDate == $0.currentReleaseDate })
        let advisories = try VulnDatabase(contentsOf: path).advisories(affecting: ["11923", "11924"])
        #expect(advisories.products.count == 12)
        #expect(advisories.products.contains { $0.id == "12079-11923" })
        #expect(advisories.vulnerabilities.count == 3_067)
        #expect(advisories.fixes(for: "11923").contains { $0.kb == 5_022_291 })
        // KB5022291 is cited by later months too; its release is still January 2023's Patch Tuesday.
        let january = try #require(advisories.fixes(for: "11923").first { $0.kb == 5_022_291 })
        #expect(january.released == ISO8601DateFormatter().date(from: "2023-01-10T08:00:00Z"))
    }
}

/// The folder the shared sample database lives in, removed when the test process exits.
private let sampleFolder = FileManager.default.temporaryDirectory
    .appendingPathComponent("vulndb-tests-sample-\(ProcessInfo.processInfo.processIdentifier)").path

/// The database of ``RealData/sampleMonths``, built on first use and shared by the tests that read it.
actor SampleDatabase {
    /// The one instance.
    static let shared = SampleDatabase()

    /// The build, started by the first caller.
    private var build: Task<String, any Error>?

    /// The database's path, building it the first time.
    func path() async throws -> String {
        if let build { return try await build.value }
        try FileManager.default.createDirectory(atPath: sampleFolder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: sampleFolder) }
        let path = sampleFolder + "/sample.sqlite"
        let task = Task {
            _ = try await DatabaseBuilder().build(from: RealData.sampleMonths.map(RealData.month), into: path)
            return path
        }
        build = task
        return try await task.value
    }
}
