import Foundation
import ReportKit
import Testing

@Suite("SARIF 2.1.0")
struct SARIFRendererTests {
    /// The only run of the Server Core sample's log.
    let run: [String: Any]
    /// Its results.
    let results: [[String: Any]]
    /// Its rules.
    let rules: [[String: Any]]

    init() throws {
        let log = try Rendering.object(SARIFRenderer(), SampleReports.serverCore())
        #expect(log.string("version") == "2.1.0")
        let runs = log.objects("runs")
        #expect(runs.count == 1)
        run = runs.first ?? [:]
        results = run.objects("results")
        rules = run.object("tool").object("driver").objects("rules")
    }

    /// The result of `cve`.
    private func result(_ cve: String) -> [String: Any] { results.first { $0.string("ruleId") == cve } ?? [:] }

    /// The rule of `cve`.
    private func rule(_ cve: String) -> [String: Any] { rules.first { $0.string("id") == cve } ?? [:] }

    @Test func driverNamesTheTool() {
        let driver = run.object("tool").object("driver")
        #expect(driver.string("name") == "winscan")
        #expect(driver.string("version") == "0.4.0")
        #expect(driver.string("informationUri") == "https://github.com/winscan/winscan")
    }

    @Test func oneRulePerCVEAndOneResultPerFinding() {
        #expect(rules.count == 9)
        #expect(Set(rules.compactMap { $0.string("id") }).count == 9)
        #expect(results.count == 9)
        for (index, result) in results.enumerated() {
            let ruleIndex = result["ruleIndex"] as? Int ?? -1
            #expect(rules.indices.contains(ruleIndex))
            #expect(rules[ruleIndex].string("id") == result.string("ruleId"), "result \(index)")
        }
    }

    @Test func rulesCarryTitleHelpAndSecuritySeverity() {
        let kernel = rule("CVE-2024-21338")
        #expect(
            kernel.object("shortDescription").string("text") == "Windows Kernel Elevation of Privilege Vulnerability")
        #expect(kernel.string("helpUri") == "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21338")
        #expect(kernel.object("properties").string("security-severity") == "7.8")
        let tags = kernel.object("properties")["tags"] as? [String] ?? []
        #expect(tags.contains("security"))
        #expect(tags.contains("exploited"))
        #expect(rule("CVE-2024-21433").object("properties").string("security-severity") == "7.5")
        #expect(rule("CVE-2024-20666").object("properties").string("security-severity") == "2.5")
        #expect(rule("CVE-2024-21407").object("properties").string("security-severity") == "8.1")
        #expect(rule("CVE-2024-26177").object("properties")["security-severity"] == nil)
    }

    @Test func levelsFollowSeverity() {
        #expect(result("CVE-2024-21407").string("level") == "error")
        #expect(result("CVE-2024-21338").string("level") == "error")
        #expect(result("CVE-2024-26185").string("level") == "warning")
        #expect(result("CVE-2024-20666").string("level") == "note")
        #expect(result("CVE-2024-26177").string("level") == "note")
    }

    @Test func messageHasEvidenceAndFix() throws {
        let text = try #require(result("CVE-2024-21338").object("message").string("text"))
        #expect(text.contains("exploited in the wild"))
        #expect(text.contains("build 10.0.20348.2227 < 10.0.20348.2340"))
        #expect(text.contains("Fix: install KB5035857 (build 10.0.20348.2340)."))
        let noFix = try #require(result("CVE-2024-20666").object("message").string("text"))
        #expect(noFix.contains("Fix: Microsoft lists no fix."))
    }

    @Test func everyResultHasAPhysicalLocationLineOne() {
        for result in results {
            let physical = result.objects("locations").first?.object("physicalLocation") ?? [:]
            #expect(
                physical.object("artifactLocation").string("uri")
                    == "image/registry_mcr.microsoft.com_windows_servercore_ltsc2022")
            #expect(physical.object("region")["startLine"] as? Int == 1)
        }
    }

    @Test(
        "artifact URIs are safe relative paths",
        arguments: [
            ("registry:host:5000/a/b:tag", "image/registry_host_5000_a_b_tag"),
            ("docker-archive:/tmp/my image.tar", "image/docker-archive__tmp_my_image.tar"),
            ("..", "image/_.."), ("", "image/_"), ("café", "image/caf_"),
        ])
    func artifactURI(reference: String, uri: String) {
        #expect(SARIFRenderer.artifactURI(for: reference) == uri)
    }

    @Test func fingerprintsAreStableAndDistinct() throws {
        let again = try Rendering.object(SARIFRenderer(), SampleReports.serverCore())
        let secondResults = again.objects("runs").first?.objects("results") ?? []
        let first = results.map { $0.object("partialFingerprints").string("winscanFinding/v1") ?? "" }
        let second = secondResults.map { $0.object("partialFingerprints").string("winscanFinding/v1") ?? "" }
        #expect(first == second)
        #expect(Set(first).count == results.count)
        #expect(first.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
        let finding = SampleReports.findings[0]
        #expect(SARIFRenderer.fingerprint(of: finding, in: SampleReports.serverCore()) == first[0])
        #expect(
            SARIFRenderer.fingerprint(of: finding, in: SampleReports.serverCore())
                != SARIFRenderer.fingerprint(of: finding, in: SampleReports.unidentified()))
    }

    @Test func suppressedFindingsAreExternalSuppressions() throws {
        let allowlisted = result("CVE-2024-21408")
        let suppression = try #require(allowlisted.objects("suppressions").first)
        #expect(suppression.string("kind") == "external")
        #expect(suppression.string("justification")?.contains("Hyper-V is not used inside containers") == true)
        #expect(
            result("CVE-2024-26173").objects("suppressions").first?.string("justification")?.hasPrefix("vex") == true)
        #expect(result("CVE-2024-21338")["suppressions"] == nil)
        #expect(results.filter { $0["suppressions"] != nil }.count == 2)
    }

    @Test func oneCVEInTwoProductsIsOneRuleAndTwoResults() throws {
        let log = try Rendering.object(SARIFRenderer(), SampleReports.twoProducts())
        let run = log.objects("runs").first ?? [:]
        #expect(run.object("tool").object("driver").objects("rules").count == 9)
        let results = run.objects("results").filter { $0.string("ruleId") == "CVE-2024-21386" }
        #expect(results.count == 2)
        #expect(Set(results.map { $0["ruleIndex"] as? Int ?? -1 }).count == 1)
        let fingerprints = results.map { $0.object("partialFingerprints").string("winscanFinding/v1") }
        #expect(fingerprints[0] != fingerprints[1])
    }

    @Test func unidentifiedImageIsAnUnsuccessfulRun() throws {
        let log = try Rendering.object(SARIFRenderer(), SampleReports.unidentified())
        let run = log.objects("runs").first ?? [:]
        #expect(run.objects("results").isEmpty)
        let invocation = run.objects("invocations").first ?? [:]
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let first = invocation.objects("toolExecutionNotifications").first?.object("message").string("text")
        #expect(first?.hasPrefix("could not identify Windows:") == true)
    }
}
