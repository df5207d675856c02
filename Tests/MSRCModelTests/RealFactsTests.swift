import Foundation
import MSRCModel
import Testing

/// Decodes one real month (cached per test run is not needed: each is a few MB).
private func month(_ id: String) throws -> MSRCDocument {
    try CVRFXMLDecoder().decode(try RealData.cvrfXML(id))
}

/// The facts `../shared/data/README.md` states about the real documents, checked exactly.
@Suite("Facts about real MSRC months", .enabled(if: RealData.isAvailable, RealData.skipReason))
struct RealFactsTests {
    @Test("2023-Jan CVE-2023-21674: KB5022291 for Server 2022, superseding 5021249, build 10.0.20348.1487")
    func january2023() throws {
        let document = try month("2023-Jan")
        #expect(document.id == "2023-Jan")
        #expect(document.title == "January 2023 Security Updates")
        #expect(document.productTree.name(ofProduct: "11923") == "Windows Server 2022")
        #expect(document.productTree.name(ofProduct: "11924") == "Windows Server 2022 (Server Core installation)")

        let cve = try #require(document.vulnerability(cve: "CVE-2023-21674"))
        #expect(cve.cveIsWellFormed)
        #expect(cve.title == "Windows Advanced Local Procedure Call (ALPC) Elevation of Privilege Vulnerability")
        #expect(cve.knownAffectedProductIDs.contains("11923") && cve.knownAffectedProductIDs.contains("11924"))
        #expect(cve.cwes == [CWE(id: "CWE-416", name: "Use After Free")])
        #expect(cve.tags == ["Windows ALPC"])
        #expect(cve.cnas == ["Microsoft"])
        #expect(cve.severity(for: "11923") == .important)
        #expect(cve.impact(for: "11924") == "Elevation of Privilege")
        let scores = try #require(cve.scoreSet(for: "11923"))
        #expect(scores.baseScore == 8.8 && scores.temporalScore == 8.2)
        #expect(scores.vector == "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/E:F/RL:O/RC:C")

        let fixes = cve.vendorFixes(for: "11923")
        #expect(fixes.count == 1)
        let fix = try #require(fixes.first)
        #expect(fix.kb == 5_022_291)
        #expect(fix.productIDs == ["11923", "11924"])
        #expect(fix.supersedence?.rawValue == "5021249")
        #expect(fix.supersededKBs == [5_021_249])
        #expect(fix.fixedBuild == BuildVersion("10.0.20348.1487"))
        #expect(fix.fixedBuild?.components == [10, 0, 20348, 1487])
        #expect(fix.subType == "Security Update")
        #expect(!fix.isHotpatch)
        #expect(fix.restartRequired == .yes)
        #expect(fix.url == "https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB5022291")

        // Exploited in the wild: the exploit status has no product ID and applies to every product.
        let status = try #require(cve.exploitStatus)
        #expect(status.publiclyDisclosed == false)
        #expect(status.exploited == true)
        #expect(status.latestSoftwareRelease == "Exploitation Detected")
        #expect(status.olderSoftwareRelease == nil)
        #expect(status.denialOfService == "N/A")
        #expect(cve.exploitStatus(for: "11923") == status)

        // Dated by its own history, not by the month's (republished 2026) revision.
        #expect(cve.firstPublished == ISO8601DateFormatter().date(from: "2023-01-10T08:00:00Z"))
        let republished = try #require(ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z"))
        #expect(try #require(document.currentReleaseDate) > republished)
    }

    /// One Windows Server line's fix in 2026-Jan.
    struct ServerFix: Sendable, CustomTestStringConvertible {
        let server: String
        let productIDs: [String]
        let kb: Int
        let build: String
        let supersedes: Int
        var testDescription: String { "\(server): KB\(kb) → \(build)" }
    }

    static let january2026Fixes = [
        ServerFix(
            server: "Server 2019", productIDs: ["11571", "11572"], kb: 5_073_723, build: "10.0.17763.8276",
            supersedes: 5_071_544),
        ServerFix(
            server: "Server 2022", productIDs: ["11923", "11924"], kb: 5_073_457, build: "10.0.20348.4648",
            supersedes: 5_071_547),
        ServerFix(
            server: "Server 2025", productIDs: ["12436", "12437"], kb: 5_073_379, build: "10.0.26100.32230",
            supersedes: 5_072_033),
    ]

    @Test("2026-Jan Windows Server fixes", arguments: january2026Fixes)
    func january2026(_ expected: ServerFix) throws {
        let document = try month("2026-Jan")
        let rows = document.vulnerabilities.flatMap(\.vendorFixes).filter {
            $0.productIDs.contains(expected.productIDs[0]) && !$0.isHotpatch && $0.kb == expected.kb
        }
        #expect(rows.count > 50, "every CVE for the line cites the month's cumulative update")
        for row in rows {
            #expect(Set(expected.productIDs).isSubset(of: row.productIDs))
            #expect(row.fixedBuild?.rawValue == expected.build)
            #expect(row.supersededKBs == [expected.supersedes])
        }
        #expect(document.productTree.name(ofProduct: "12436") == "Windows Server 2025")
        #expect(document.productTree.name(ofProduct: "12437") == "Windows Server 2025 (Server Core installation)")
    }

    @Test("2024-Mar Server 2022: LCU KB5035857 → .2340 and hotpatch KB5035959 → .2333 on the same products")
    func march2024Hotpatch() throws {
        let document = try month("2024-Mar")
        let fixes = document.vulnerabilities.flatMap { $0.vendorFixes(for: "11923") }
        let lcu = fixes.filter { $0.kb == 5_035_857 }
        let hotpatch = fixes.filter { $0.kb == 5_035_959 }
        try #require(!lcu.isEmpty && !hotpatch.isEmpty)
        for row in lcu {
            #expect(row.fixedBuild == BuildVersion("10.0.20348.2340"))
            #expect(!row.isHotpatch)
            #expect(row.productIDs == ["11923", "11924"])
        }
        for row in hotpatch {
            #expect(row.fixedBuild == BuildVersion("10.0.20348.2333"))
            #expect(row.isHotpatch)
            #expect(row.subType == "SecurityHotpatchUpdate")
            #expect(row.productIDs == ["11923", "11924"])
        }
        // The hotpatch brings a lower build than the cumulative update on the same products.
        let hotpatchBuild = try #require(hotpatch.first?.fixedBuild)
        let lcuBuild = try #require(lcu.first?.fixedBuild)
        #expect(hotpatchBuild < lcuBuild)
        #expect(hotpatchBuild.build == 20348 && hotpatchBuild.revision == 2333)
    }

    @Test("odd and Mariner documents decode with their IDs", arguments: ["1999-Sep", "2017-May-B", "2018-FEB"])
    func oddDocuments(_ id: String) throws {
        let document = try month(id)
        #expect(document.id == id)
        #expect(document.alias == id)
        #expect(document.initialReleaseDate != nil)
    }

    @Test("malformed CVE IDs are kept and flagged")
    func malformedCVEs() throws {
        let document = try month("2016-Apr")
        let advisories = document.vulnerabilities.filter { !$0.cveIsWellFormed }
        #expect(advisories.map(\.cve).contains("ADV160001"))
        #expect(document.vulnerabilities.contains { $0.cveIsWellFormed })
    }

    @Test("republished months cite later KBs: 2019-Jul carries a 2021 Server 2022 build")
    func republishedMonth() throws {
        let document = try month("2019-Jul")
        let builds = document.vulnerabilities.flatMap(\.vendorFixes).compactMap(\.fixedBuild)
        #expect(builds.contains(BuildVersion("10.0.20348.400")))
    }
}
