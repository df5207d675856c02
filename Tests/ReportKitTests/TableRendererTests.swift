import Foundation
import ReportKit
import Testing

@Suite("Terminal table")
struct TableRendererTests {
    /// The plain rendering of the Server Core sample.
    let plain: String
    /// Its lines.
    let lines: [Substring]

    init() throws {
        plain = try Rendering.text(TableRenderer(), SampleReports.serverCore())
        lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The index of the first line starting with `prefix`.
    private func index(of prefix: String) -> Int? { lines.firstIndex { $0.hasPrefix(prefix) } }

    @Test func headerNamesImageWindowsAndDatabase() {
        #expect(plain.hasPrefix("winscan 0.4.0 — registry:mcr.microsoft.com/windows/servercore:ltsc2022\n"))
        #expect(plain.contains("Platform: windows/amd64 10.0.20348.2227\n"))
        #expect(plain.contains("Windows:  10.0.20348.2227  Server Core  ServerDatacenter  21H2\n"))
        #expect(plain.contains("Product:  Windows Server 2022 (Server Core installation) (MSRC product 11924)\n"))
        #expect(plain.contains("Database: built 2026-03-15T00:00:00Z, 1287 MSRC documents\n"))
        #expect(!plain.contains("SAMPLE DATABASE"))
    }

    @Test func remediationComesBeforeTheFindings() throws {
        let remediation = try #require(index(of: "  Rebase on / install KB5035857 (build 10.0.20348.2340)"))
        let findings = try #require(index(of: "FINDINGS (7)"))
        #expect(remediation < findings)
        #expect(lines[remediation] == "  Rebase on / install KB5035857 (build 10.0.20348.2340): closes 5 of 7 findings")
        #expect(lines[remediation + 1] == "  Not closed by KB5035857: CVE-2024-21386, CVE-2024-20666")
    }

    @Test func findingsAreSortedBySeverityThenCVE() throws {
        let header = try #require(index(of: "CVE "))
        #expect(lines[header].contains("SEVERITY"))
        #expect(lines[header].hasSuffix("TITLE"))
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }.map { String($0.prefix { $0 != " " }) }
        #expect(
            rows == [
                "CVE-2024-21407", "CVE-2024-21338", "CVE-2024-21386", "CVE-2024-21433", "CVE-2024-26185",
                "CVE-2024-20666", "CVE-2024-26177",
            ])
        let exploited = try #require(lines.first { $0.hasPrefix("CVE-2024-21338") })
        #expect(exploited.contains(" high "))
        #expect(exploited.contains(" fixed-not-applied "))
        #expect(exploited.contains(" KB5035857 "))
        #expect(exploited.contains(" 10.0.20348.2340 "))
        #expect(exploited.contains(" yes "))
        #expect(exploited.hasSuffix(" Windows Kernel Elevation of Privile…"))
        #expect(exploited.count == TableRenderer.defaultWidth)
        let wide = try Rendering.text(TableRenderer(), SampleReports.serverCore(), options: RenderOptions(width: 160))
        #expect(wide.contains(" yes        Windows Kernel Elevation of Privilege Vulnerability\n"))
        let noFix = try #require(lines.first { $0.hasPrefix("CVE-2024-20666") })
        #expect(noFix.contains(" no-fix "))
    }

    @Test func suppressedFindingsHaveTheirOwnSection() throws {
        let section = try #require(index(of: "SUPPRESSED (2)"))
        #expect(lines[section + 1].hasPrefix("  CVE-2024-21408  high"))
        #expect(
            lines[section + 1].hasSuffix(
                "allowlist: Hyper-V is not used inside containers until 2026-12-31 (owner: platform-team)"))
        #expect(lines[section + 2].hasSuffix("vex not_affected: vulnerable_code_not_in_execute_path"))
        let findings = try #require(index(of: "FINDINGS"))
        let table = lines[findings..<section]
        #expect(!table.contains { $0.hasPrefix("CVE-2024-21408") })
    }

    @Test func verdictRulesAndSummaryClose() throws {
        let policy = try #require(index(of: "POLICY: FAIL"))
        #expect(lines[policy] == "POLICY: FAIL (policies/production.yaml)")
        #expect(
            lines[policy + 1]
                == "  [fail] no-critical-or-exploited: severity ≥ critical or exploited in the wild — "
                + "CVE-2024-21407, CVE-2024-21338"
        )
        #expect(lines[policy + 3].hasPrefix("  [fail] base-image-age: "))
        #expect(lines[policy + 3].hasSuffix("— image"))
        #expect(plain.hasSuffix("SUMMARY: 1 critical, 3 high, 1 medium, 1 low, 1 unknown (2 suppressed)\n"))
    }

    @Test("lines fit the width", arguments: [80, 100, 120, 200])
    func fitsTheWidth(width: Int) throws {
        let text = try Rendering.text(TableRenderer(), SampleReports.large(), options: RenderOptions(width: width))
        let findings = text.split(separator: "\n").filter { $0.hasPrefix("CVE-2025-") }
        #expect(findings.count == 270)
        #expect(findings.allSatisfy { $0.count <= width })
        if width < 120 { #expect(findings.contains { $0.hasSuffix("…") }) }
        let header = text.split(separator: "\n").first { $0.hasPrefix("CVE ") } ?? ""
        #expect(header.contains("FIXED BUILD") == (width >= 120))
        #expect(header.contains("STATUS") == (width >= 100))
    }

    @Test func noEscapeCodesWithoutColour() {
        #expect(!plain.contains("\u{1B}"))
    }

    @Test func coloursSeveritiesWhenAsked() throws {
        let coloured = try Rendering.text(
            TableRenderer(), SampleReports.serverCore(), options: RenderOptions(colour: true))
        #expect(coloured.contains("\u{1B}[1;91mcritical"))
        #expect(coloured.contains("\u{1B}[31mhigh"))
        #expect(coloured.contains("\u{1B}[33mmedium"))
        #expect(coloured.contains("\u{1B}[1;31mPOLICY: FAIL\u{1B}[0m"))
        let stripped = coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }

    @Test func sampleDatabaseIsLoud() throws {
        let text = try Rendering.text(TableRenderer(), SampleReports.serverCore(sampleDatabase: true))
        #expect(text.contains("!!! SAMPLE DATABASE: findings come from the bundled sample"))
        #expect(text.contains("Warning: the bundled sample database holds 3 MSRC documents\n"))
    }

    @Test func unidentifiedImageSaysFindingsCannotBeTrusted() throws {
        let text = try Rendering.text(TableRenderer(), SampleReports.unidentified())
        #expect(
            text.contains(
                "!!! could not identify Windows: \(SampleReports.unidentifiedReason) — "
                    + "findings cannot be trusted as complete"
            ))
        #expect(!text.contains("FINDINGS"))
        #expect(!text.contains("REMEDIATION"))
        #expect(text.contains("Windows:  not identified\n"))
        #expect(text.contains("POLICY: FAIL\n  [fail] identified-windows"))
    }
}
