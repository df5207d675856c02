import Foundation
import ReportKit
import Testing

@Suite("OpenVEX 0.2.0")
struct OpenVEXRendererTests {
    /// The Server Core sample's document.
    let document: [String: Any]
    /// Its statements.
    let statements: [[String: Any]]

    init() throws {
        document = try Rendering.object(OpenVEXRenderer(), SampleReports.serverCore())
        statements = document.objects("statements")
    }

    /// The statement about `cve`.
    private func statement(_ cve: String) -> [String: Any] {
        statements.first { $0.object("vulnerability").string("name") == cve } ?? [:]
    }

    @Test func documentHeader() throws {
        #expect(document.string("@context") == "https://openvex.dev/ns/v0.2.0")
        #expect(document.string("author") == "winscan")
        #expect(document.string("timestamp") == "2026-03-20T09:30:00Z")
        #expect(document["version"] as? Int == 1)
        let id = try #require(document.string("@id"))
        #expect(id.hasPrefix("urn:uuid:"))
        let again = try Rendering.object(OpenVEXRenderer(), SampleReports.serverCore())
        #expect(again.string("@id") == id)
    }

    @Test func oneStatementPerFindingAboutTheImage() {
        #expect(statements.count == 9)
        let purl =
            "pkg:oci/servercore@sha256%3A\(SampleReports.digest.dropFirst(7))"
            + "?repository_url=mcr.microsoft.com/windows/servercore&tag=ltsc2022"
        for statement in statements {
            #expect(statement.objects("products").first?.string("@id") == purl)
        }
        #expect(Set(statements.compactMap { $0.string("@id") }).count == 9)
    }

    @Test func unfixedFindingsAreAffectedWithAnAction() {
        let kernel = statement("CVE-2024-21338")
        #expect(kernel.string("status") == "affected")
        #expect(kernel.string("action_statement")?.hasPrefix("Install KB5035857 (build 10.0.20348.2340)") == true)
        #expect(kernel.string("status_notes") == "build 10.0.20348.2227 < 10.0.20348.2340")
        #expect(statement("CVE-2024-20666").string("status") == "affected")
        #expect(statement("CVE-2024-20666").string("action_statement")?.hasPrefix("Microsoft lists no fix") == true)
    }

    @Test func undecidedFindingIsUnderInvestigation() {
        let undecided = statement("CVE-2024-26177")
        #expect(undecided.string("status") == "under_investigation")
        #expect(undecided["action_statement"] == nil)
    }

    @Test func suppressedFindingsKeepTheirDecision() {
        let vex = statement("CVE-2024-26173")
        #expect(vex.string("status") == "not_affected")
        #expect(vex.string("justification") == "vulnerable_code_not_in_execute_path")
        let allowlisted = statement("CVE-2024-21408")
        #expect(allowlisted.string("status") == "affected")
        #expect(allowlisted.string("action_statement")?.hasPrefix("Risk accepted (allowlist:") == true)
    }

    @Test func imageWithoutDigestIsNamedByItsReference() throws {
        let report = SampleReports.unidentified()
        let withFinding = ScanReport(
            scanner: report.scanner, generatedAt: report.generatedAt, database: report.database, image: report.image,
            windows: SampleReports.windows, findings: [SampleReports.findings[0]], remediation: nil,
            policy: report.policy, warnings: [])
        let document = try Rendering.object(OpenVEXRenderer(), withFinding)
        let product = document.objects("statements").first?.objects("products").first
        #expect(product?.string("@id") == "docker-archive:/tmp/custom image.tar")
    }

    @Test func reportWithoutFindingsCannotBeRendered() {
        let error = #expect(throws: ReportKitError.self) {
            try OpenVEXRenderer().render(SampleReports.unidentified(), options: RenderOptions())
        }
        #expect(error?.code == .renderFailed)
        #expect(error?.message.contains("at least one statement") == true)
    }
}
