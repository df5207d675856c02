import Foundation
import ReportKit
import Testing

@Suite("CycloneDX 1.6")
struct CycloneDXRendererTests {
    /// The Server Core sample's BOM.
    let bom: [String: Any]
    /// Its vulnerabilities.
    let vulnerabilities: [[String: Any]]

    init() throws {
        bom = try Rendering.object(CycloneDXRenderer(), SampleReports.serverCore())
        vulnerabilities = bom.objects("vulnerabilities")
    }

    /// The vulnerability of `cve`.
    private func vulnerability(_ cve: String) -> [String: Any] {
        vulnerabilities.first { $0.string("id") == cve } ?? [:]
    }

    @Test func headerAndReproducibleSerialNumber() throws {
        #expect(bom.string("bomFormat") == "CycloneDX")
        #expect(bom.string("specVersion") == "1.6")
        #expect(bom["version"] as? Int == 1)
        let serial = try #require(bom.string("serialNumber"))
        #expect(
            serial.wholeMatch(of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil
        )
        let again = try CycloneDXRenderer().render(SampleReports.serverCore(), options: RenderOptions())
        #expect(again == (try CycloneDXRenderer().render(SampleReports.serverCore(), options: RenderOptions())))
        let other = try Rendering.object(CycloneDXRenderer(), SampleReports.serverCore(sampleDatabase: true))
        #expect(other.string("serialNumber") != serial)
        let large = try Rendering.object(CycloneDXRenderer(), SampleReports.large())
        #expect(large.string("serialNumber") != serial)
    }

    @Test func metadataDescribesTheImageAndTheTool() {
        let metadata = bom.object("metadata")
        #expect(metadata.string("timestamp") == "2026-03-20T09:30:00Z")
        let tool = metadata.object("tools").objects("components").first ?? [:]
        #expect(tool.string("name") == "winscan")
        #expect(tool.string("version") == "0.4.0")
        let image = metadata.object("component")
        #expect(image.string("type") == "container")
        #expect(image.string("name") == SampleReports.reference)
        #expect(image.string("version") == SampleReports.digest)
        #expect(image.objects("hashes").first?.string("content") == String(SampleReports.digest.dropFirst(7)))
        #expect(
            image.string("purl")
                == "pkg:oci/servercore@sha256%3A\(SampleReports.digest.dropFirst(7))"
                + "?repository_url=mcr.microsoft.com/windows/servercore&tag=ltsc2022")
    }

    @Test func componentsAreTheOSWithItsKBsAndDotNet() throws {
        let components = bom.objects("components")
        let os = try #require(components.first { $0.string("type") == "operating-system" })
        #expect(os.string("name") == SampleReports.productName)
        #expect(os.string("version") == "10.0.20348.2227")
        #expect(os.string("bom-ref") == "windows:11924:10.0.20348.2227")
        let kbs = os.objects("components")
        #expect(kbs.compactMap { $0.string("bom-ref") } == ["kb:KB5034129", "kb:KB5034439"])
        #expect(kbs.allSatisfy { $0.string("type") == "library" })
        let dotnet = try #require(components.first { $0.string("type") == "framework" })
        #expect(dotnet.string("version") == "4.8")
    }

    @Test func vulnerabilitiesCarryRatingsSourceAndRecommendation() throws {
        #expect(vulnerabilities.count == 9)
        let kernel = vulnerability("CVE-2024-21338")
        #expect(kernel.object("source").string("name") == "MSRC")
        #expect(
            kernel.object("source").string("url")
                == "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21338")
        let ratings = kernel.objects("ratings")
        #expect(ratings.count == 2)
        #expect(ratings.first?.string("method") == "other")
        #expect(ratings.first?.string("severity") == "high")
        #expect(ratings.last?.string("method") == "CVSSv31")
        #expect(ratings.last?["score"] as? Double == 7.8)
        #expect(ratings.last?.string("vector") == "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
        #expect(kernel.string("description") == "Windows Kernel Elevation of Privilege Vulnerability")
        #expect(kernel.string("recommendation")?.hasPrefix("Install KB5035857 (build 10.0.20348.2340)") == true)
        #expect(kernel.objects("affects").first?.string("ref") == "windows:11924:10.0.20348.2227")
        #expect(kernel["analysis"] == nil)
        #expect(kernel["cwes"] == nil)
        #expect(kernel["published"] == nil)
        #expect(vulnerability("CVE-2024-21433").objects("ratings").count == 1)
        #expect(vulnerability("CVE-2024-21386").objects("affects").first?.string("ref") == "dotnet-framework")
        #expect(vulnerability("CVE-2024-20666").string("recommendation")?.hasPrefix("Microsoft lists no fix") == true)
    }

    @Test func suppressedFindingsHaveAnAnalysis() {
        let vex = vulnerability("CVE-2024-26173").object("analysis")
        #expect(vex.string("state") == "not_affected")
        #expect(vex.string("justification") == "code_not_reachable")
        let allowlisted = vulnerability("CVE-2024-21408").object("analysis")
        #expect(allowlisted.string("state") == "exploitable")
        #expect(allowlisted["response"] as? [String] == ["will_not_fix"])
        #expect(allowlisted.string("detail")?.contains("owner: platform-team") == true)
    }

    @Test func bomRefsAreUnique() {
        var refs = vulnerabilities.compactMap { $0.string("bom-ref") }
        refs += bom.objects("components").compactMap { $0.string("bom-ref") }
        refs += bom.objects("components").flatMap { $0.objects("components") }.compactMap { $0.string("bom-ref") }
        refs.append(bom.object("metadata").object("component").string("bom-ref") ?? "")
        #expect(refs.count == 9 + 2 + 2 + 1)
        #expect(Set(refs).count == refs.count)
    }

    @Test func unidentifiedImageHasNoOSComponent() throws {
        let bom = try Rendering.object(CycloneDXRenderer(), SampleReports.unidentified())
        #expect(bom.objects("components").isEmpty)
        #expect(bom.objects("vulnerabilities").isEmpty)
        let properties = bom.object("metadata").objects("properties")
        #expect(
            properties.contains { $0.string("name") == "winscan:windows:identified" && $0.string("value") == "false" })
        #expect(bom.object("metadata").object("component")["purl"] == nil)
    }
}
