import Foundation
import MSRCModel
import Testing

/// The two real MSRC CSAF advisories (Edge products).
@Suite("Real CSAF 2.0 advisories", .enabled(if: RealData.isAvailable, RealData.skipReason))
struct RealCSAFTests {
    /// What each advisory must decode to.
    struct Expected: Sendable, CustomTestStringConvertible {
        let file: String
        let cve: String
        let localProduct: String
        let fixedProduct: String
        let fixedProductName: String
        let fixedBuild: String
        let baseScore: Double
        var testDescription: String { cve }
    }

    static let advisories = [
        Expected(
            file: "msrc_cve-2025-29795.json", cve: "CVE-2025-29795", localProduct: "1", fixedProduct: "12470",
            fixedProductName: "Microsoft Edge Update Setup 1.3.195.45", fixedBuild: "1.3.195.45", baseScore: 7.8),
        Expected(
            file: "msrc_cve-2025-29806.json", cve: "CVE-2025-29806", localProduct: "1", fixedProduct: "11655",
            fixedProductName: "Microsoft Edge (Chromium-based) 129.0.2792.52", fixedBuild: "129.0.2792.52",
            baseScore: 6.5),
    ]

    @Test("advisory decodes", arguments: advisories)
    func advisory(_ expected: Expected) throws {
        let data = try RealData.file("csaf/\(expected.file)")
        #expect(MSRCDocumentFormat.detect(data) == .csaf)
        let document = try CSAFDecoder().decode(data)
        #expect(try MSRCDocument(decoding: data) == document)
        #expect(document.id == "msrc_\(expected.cve)")
        #expect(document.status == "final")
        #expect(document.aggregateSeverity == .important)
        #expect(document.initialReleaseDate == ISO8601DateFormatter().date(from: "2025-03-11T07:00:00Z"))
        #expect(document.productTree.name(ofProduct: expected.fixedProduct) == expected.fixedProductName)
        #expect(document.productTree.product(id: expected.localProduct) != nil)

        try #require(document.vulnerabilities.count == 1)
        let vulnerability = document.vulnerabilities[0]
        #expect(vulnerability.cve == expected.cve)
        #expect(vulnerability.cveIsWellFormed)
        // known_affected uses advisory-local IDs, fixed the MSRC product ID.
        #expect(vulnerability.knownAffectedProductIDs == [expected.localProduct])
        #expect(vulnerability.fixedProductIDs == [expected.fixedProduct])
        #expect(vulnerability.cnas == ["Microsoft"])
        #expect(vulnerability.impact(for: expected.localProduct) != nil)
        #expect(vulnerability.exploitStatus?.exploited == false)
        #expect(vulnerability.exploitStatus?.publiclyDisclosed == false)
        #expect(vulnerability.scoreSet(for: expected.localProduct)?.baseScore == expected.baseScore)
        #expect(vulnerability.revisionHistory == document.revisionHistory)

        // details "FixedBuild:SubType:URL" split into its parts.
        let fix = try #require(vulnerability.vendorFixes.first)
        #expect(fix.fixedBuild == BuildVersion(expected.fixedBuild))
        #expect(fix.subType == "Security Update")
        #expect(fix.url == "https://docs.microsoft.com/en-us/DeployEdge/microsoft-edge-relnotes-security")
        #expect(fix.description == nil)
        #expect(fix.productIDs == [expected.localProduct])
        #expect(fix.date == ISO8601DateFormatter().date(from: "2025-03-21T07:00:00Z"))
    }

    @Test("CVE-2025-29795 has its CWE and acknowledgment")
    func details() throws {
        let document = try CSAFDecoder().decode(try RealData.file("csaf/msrc_cve-2025-29795.json"))
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.cwes.map(\.id) == ["CWE-59"])
        #expect(vulnerability.acknowledgments.first?.names.first?.contains("sim0nsecurity") == true)
        #expect(vulnerability.exploitStatus?.latestSoftwareRelease == "Exploitation Less Likely")
    }
}
