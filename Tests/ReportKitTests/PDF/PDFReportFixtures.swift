import Foundation
import ReportKit

/// Reports for the PDF tests, built here: a realistic Windows Server 2022 Server Core scan, a 300-finding scan
/// and an image whose Windows could not be identified.
enum PDFReportFixtures {
    /// A fixed instant (`seconds` after 2024-03-20 09:30:00 UTC), so every fixture is the same on every run.
    static func date(_ seconds: TimeInterval = 0) -> Date {
        Date(timeIntervalSince1970: 1_710_927_000 + seconds)
    }

    /// The scanner of every fixture.
    static let scanner = ScanReport.Scanner(name: "winscan", version: "0.4.0")

    /// The real database of most fixtures.
    static let database = ScanReport.Database(
        builtAt: date(-86_400), documents: 187, schemaVersion: 1, path: "/var/lib/winscan/msrc.sqlite",
        isSample: false)

    /// Windows Server 2022 Server Core at build 10.0.20348.2227 (January 2024), MSRC product 11924.
    static let serverCore = ScanReport.Windows(
        identified: true, unidentifiedReason: nil, build: "10.0.20348.2227", productId: "11924",
        productName: "Windows Server 2022 (Server Core installation)", installationType: "Server Core",
        editionId: "ServerDatacenter", displayVersion: "21H2", productApproximated: false, approximationReason: nil,
        kbs: ["KB5034129", "KB5034439"], dotnet: ScanReport.DotNet(release: 528_449, version: "4.8"))

    /// The March 2024 cumulative update for Server 2022.
    static let marchFix = ScanReport.Fix(
        kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: date(-691_200),
        url: "https://catalog.update.microsoft.com/Search.aspx?q=KB5035857", isHotpatch: false)

    /// A finding.
    static func finding(
        _ cve: String, _ title: String, _ severity: ScanReport.Severity, exploited: Bool = false,
        status: ScanReport.Finding.Status = .fixedNotApplied, fix: ScanReport.Fix? = marchFix,
        suppression: ScanReport.Suppression? = nil
    ) -> ScanReport.Finding {
        ScanReport.Finding(
            cve: cve, title: title, severity: severity, msrcSeverity: nil,
            cvss: ScanReport.CVSS(
                baseScore: 7.8, temporalScore: 6.8, vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"),
            impact: "Elevation of Privilege", exploited: exploited, publiclyDisclosed: false, productId: "11924",
            productName: serverCore.productName, status: status, fix: status == .noFix ? nil : fix,
            evidence: "build 10.0.20348.2227 < \(fix?.fixedBuild ?? "no fixed build")",
            url: "https://msrc.microsoft.com/update-guide/vulnerability/\(cve)", suppression: suppression)
    }

    /// An applied allowlist entry.
    static let accepted = ScanReport.Suppression(
        target: "CVE-2024-21408", source: .allowlist, reason: "Hyper-V is not enabled in containers",
        owner: "platform-team@example.com", expires: date(86_400 * 90), expired: false, vexStatus: nil,
        file: "policy.yaml")

    /// An expired VEX statement.
    static let expiredVEX = ScanReport.Suppression(
        target: "CVE-2024-21351", source: .vex, reason: "vulnerable_code_not_in_execute_path", owner: nil,
        expires: date(-86_400 * 2), expired: true, vexStatus: "not_affected", file: "servercore.openvex.json")

    /// The title that carries the characters a PDF string must escape.
    static let escapedTitle = #"Windows ODBC (msodbcsql) Remote Code Execution \ C:\Windows\System32 (x64)"#

    /// A realistic scan of the Server Core 2022 image at build 10.0.20348.2227.
    static func serverCoreReport() -> ScanReport {
        let findings = [
            finding("CVE-2024-21407", "Windows Hyper-V Remote Code Execution Vulnerability", .critical),
            finding(
                "CVE-2024-21338", "Windows Kernel Elevation of Privilege Vulnerability", .high, exploited: true),
            finding(
                "CVE-2024-21412", "Internet Shortcut Files Security Feature Bypass Vulnerability", .high,
                exploited: true),
            finding("CVE-2024-26169", "Windows Error Reporting Service Elevation of Privilege Vulnerability", .high),
            finding("CVE-2024-21372", escapedTitle, .high),
            finding(
                "CVE-2024-20666", "BitLocker Security Feature Bypass Vulnerability", .medium, status: .affected,
                fix: ScanReport.Fix(
                    kb: "KB5034439", fixedBuild: nil, released: date(-5_875_200), url: nil, isHotpatch: false)),
            finding("CVE-2024-21351", "Windows SmartScreen Security Feature Bypass Vulnerability", .medium),
            finding("CVE-2024-21408", "Windows Hyper-V Denial of Service Vulnerability", .high, suppression: accepted),
            finding("CVE-2024-26203", "Azure Data Studio Elevation of Privilege Vulnerability", .low, status: .noFix),
        ]
        return ScanReport(
            scanner: scanner, generatedAt: date(), database: database,
            image: ScanReport.Image(
                reference: "registry:mcr.microsoft.com/windows/servercore:ltsc2022",
                digest: "sha256:3f1c6f3a0b2e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c",
                platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.2227"),
                layers: ["sha256:aa", "sha256:bb"]),
            windows: serverCore, findings: findings,
            remediation: ScanReport.Remediation(
                kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: marchFix.released, url: marchFix.url,
                closes: 6, notClosed: ["CVE-2024-20666", "CVE-2024-26203"]),
            policy: ScanReport.Policy(
                verdict: .fail, name: "policy.yaml",
                violations: [
                    ScanReport.Violation(
                        rule: "no-exploited", action: .fail, message: "exploited in the wild and a fix is available",
                        cves: ["CVE-2024-21338", "CVE-2024-21412"]),
                    ScanReport.Violation(
                        rule: "high-with-fix", action: .warn, message: "severity \u{2265} high and fix available",
                        cves: ["CVE-2024-21407", "CVE-2024-21338", "CVE-2024-21412", "CVE-2024-26169"]),
                ],
                suppressions: [accepted, expiredVEX]),
            warnings: [])
    }

    /// The CVE IDs of the large fixture: CVE-2024-20000, CVE-2024-20001, …
    static func generatedCVE(_ index: Int) -> String {
        let digits = String(index)
        return "CVE-2024-2" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A scan with `count` findings of every severity and status, titles short and long.
    static func largeReport(count: Int = 300) -> ScanReport {
        let severities: [ScanReport.Severity] = [.critical, .high, .high, .medium, .medium, .low, .unknown]
        let titles = [
            "Windows Kernel Elevation of Privilege Vulnerability",
            "Win32k Elevation of Privilege Vulnerability",
            "Microsoft WDAC OLE DB provider for SQL Server Remote Code Execution Vulnerability",
            "Windows Remote Access Connection Manager Information Disclosure Vulnerability",
            "DHCP Server Service Denial of Service Vulnerability",
            "Windows Routing and Remote Access Service (RRAS) Remote Code Execution Vulnerability - a deliberately "
                + "long title that has to be cut with an ellipsis",
        ]
        let findings = (0..<count).map { index in
            finding(
                generatedCVE(index), titles[index % titles.count], severities[index % severities.count],
                exploited: index % 11 == 0, status: index % 37 == 5 ? .noFix : .fixedNotApplied,
                suppression: index % 53 == 7
                    ? ScanReport.Suppression(
                        target: generatedCVE(index), source: .ignoreFile, reason: "accepted risk", owner: "secops",
                        expires: nil, expired: false, vexStatus: nil, file: ".winscanignore")
                    : nil)
        }
        let notClosed = findings.filter { $0.status == .noFix }.map(\.cve)
        let suppressions = findings.compactMap(\.suppression)
        return ScanReport(
            scanner: scanner, generatedAt: date(), database: database,
            image: ScanReport.Image(
                reference: "oci-archive:/srv/images/legacy-app-servercore-ltsc2022.tar",
                digest: "sha256:9d2f0c41e8b7a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1",
                platform:
                    ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.2227"),
                layers: ["sha256:aa", "sha256:bb", "sha256:cc"]),
            windows: serverCore, findings: findings,
            remediation: ScanReport.Remediation(
                kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: marchFix.released, url: marchFix.url,
                closes: count - notClosed.count, notClosed: notClosed),
            policy: ScanReport.Policy(
                verdict: .warn, name: "warn-only.yaml",
                violations: [
                    ScanReport.Violation(
                        rule: "critical", action: .warn, message: "severity = critical",
                        cves: findings.filter { $0.severity == .critical }.map(\.cve))
                ],
                suppressions: suppressions),
            warnings: [])
    }

    /// A scan of an image whose Windows could not be identified, made with the sample database.
    static func unidentifiedReport() -> ScanReport {
        ScanReport(
            scanner: scanner, generatedAt: date(),
            database: ScanReport.Database(
                builtAt: date(-86_400 * 30), documents: 3, schemaVersion: 1, path: nil, isSample: true),
            image: ScanReport.Image(
                reference: "docker-archive:/tmp/w\u{EF}ndows-\u{03A9}.tar", digest: nil,
                platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: nil),
                layers: ["sha256:aa"]),
            windows: ScanReport.Windows(
                identified: false, unidentifiedReason: "no SOFTWARE hive in any layer (Files/Windows/System32/config)",
                build: nil, productId: nil, productName: nil, installationType: nil, editionId: nil,
                displayVersion: nil, productApproximated: false, approximationReason: nil, kbs: [], dotnet: nil),
            findings: [], remediation: nil,
            policy: ScanReport.Policy(
                verdict: .fail, name: nil,
                violations: [
                    ScanReport.Violation(
                        rule: "identified", action: .fail, message: "the image's Windows must be identified", cves: [])
                ],
                suppressions: []),
            warnings: [
                "Windows could not be identified: no finding was computed.",
                "The sample database holds a few facts only.",
            ])
    }

    /// A report of everything long at once, to check that nothing runs off the page or over its neighbour: a
    /// Nano Server image (an approximated product) with a very long reference, many KBs and warnings, long
    /// rule messages, owners and reasons, and a passing verdict.
    static func longTextReport() -> ScanReport {
        let base = serverCoreReport()
        let long = String(repeating: "very-long-path-segment/", count: 12)
        let owner = "a.very.long.owner.address.for.the.exception@security-operations.example.com"
        let suppressions = (0..<4).map { index in
            ScanReport.Suppression(
                target: "CVE-2024-2140\(index)", source: .vex,
                reason: String(repeating: "justification text that goes on ", count: 6), owner: owner,
                expires: date(86_400 * Double(index)), expired: index == 0, vexStatus: "not_affected",
                file: "/etc/winscan/\(long)statements.openvex.json")
        }
        return ScanReport(
            scanner: scanner, generatedAt: date(), database: database,
            image: ScanReport.Image(
                reference: "registry:registry.example.com:5000/\(long)nanoserver:ltsc2022-with-a-long-tag",
                digest: base.image.digest, platform: base.image.platform, layers: base.image.layers),
            windows: ScanReport.Windows(
                identified: true, unidentifiedReason: nil, build: "10.0.20348.2227", productId: "11924",
                productName: "Windows Server 2022 (Server Core installation)", installationType: "Nano Server",
                editionId: "ServerDatacenterNano", displayVersion: "21H2", productApproximated: true,
                approximationReason:
                    "MSRC lists no Nano Server product for Windows Server 2022: matched as Server Core",
                kbs: (0..<40).map { "KB50\(34_100 + $0 * 7)" }, dotnet: nil),
            findings: base.findings.map { finding in
                ScanReport.Finding(
                    cve: finding.cve, title: (finding.title ?? "") + " " + long, severity: finding.severity,
                    msrcSeverity: nil, cvss: nil, impact: nil, exploited: finding.exploited, publiclyDisclosed: false,
                    productId: finding.productId, productName: nil, status: finding.status, fix: finding.fix,
                    evidence: finding.evidence, url: nil, suppression: finding.suppression)
            },
            remediation: base.remediation,
            policy: ScanReport.Policy(
                verdict: .pass, name: "/etc/winscan/\(long)policy.yaml",
                violations: [
                    ScanReport.Violation(
                        rule: "informational-\(long)", action: .info,
                        message: String(repeating: "an informational rule with a long message ", count: 8),
                        cves: base.findings.map(\.cve))
                ],
                suppressions: suppressions),
            warnings: (0..<6).map { "Warning \($0): " + String(repeating: "this warning is long and wraps ", count: 7) }
        )
    }

    /// A scan of the Server Core image after its updates: no finding, a passing policy, nothing to install.
    static func cleanReport() -> ScanReport {
        let base = serverCoreReport()
        return ScanReport(
            scanner: scanner, generatedAt: date(), database: database, image: base.image, windows: serverCore,
            findings: [], remediation: nil,
            policy: ScanReport.Policy(verdict: .pass, name: "policy.yaml", violations: [], suppressions: []),
            warnings: [])
    }
}
