import Foundation
import ReportKit

/// Reports built in code for the renderer tests: a realistic Windows Server 2022 Core scan, an image whose
/// Windows could not be identified, and a large generated report.
enum SampleReports {
    /// 2026-03-20T09:30:00Z, when the sample scans ran.
    static let scanDate = Date(timeIntervalSince1970: 1_773_999_000)
    /// 2026-03-15T00:00:00Z, when the sample database was built.
    static let databaseDate = Date(timeIntervalSince1970: 1_773_532_800)
    /// 2024-03-12T17:00:00Z, Patch Tuesday of KB5035857.
    static let marchRelease = Date(timeIntervalSince1970: 1_710_262_800)
    /// 2024-02-13T18:00:00Z, Patch Tuesday of the .NET update.
    static let februaryRelease = Date(timeIntervalSince1970: 1_707_847_200)
    /// 2026-12-31T00:00:00Z, when the allowlist entry expires.
    static let allowlistExpiry = Date(timeIntervalSince1970: 1_798_675_200)

    /// The image reference of the sample scans.
    static let reference = "registry:mcr.microsoft.com/windows/servercore:ltsc2022"
    /// Its manifest digest.
    static let digest = "sha256:" + String(repeating: "3f5a09c1", count: 8)
    /// The KB that closes most findings.
    static let remediationKB = "KB5035857"
    /// The build it brings.
    static let remediationBuild = "10.0.20348.2340"

    /// The OS product of Windows Server 2022 Server Core.
    static let product = "11924"
    /// Its name.
    static let productName = "Windows Server 2022 (Server Core installation)"

    /// The scanner.
    static let scanner = ScanReport.Scanner(name: "winscan", version: "0.4.0")

    /// The database; `isSample` marks the bundled sample.
    static func database(isSample: Bool = false) -> ScanReport.Database {
        ScanReport.Database(
            builtAt: databaseDate, documents: isSample ? 3 : 1_287, schemaVersion: 2,
            path: isSample ? nil : "/var/lib/winscan/msrc.sqlite", isSample: isSample)
    }

    /// The image.
    static let image = ScanReport.Image(
        reference: reference, digest: digest,
        platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.2227"),
        layers: ["sha256:" + String(repeating: "a1", count: 32), "sha256:" + String(repeating: "b2", count: 32)])

    /// Windows Server 2022 Datacenter, Server Core, build 10.0.20348.2227 with the January 2024 updates.
    static let windows = ScanReport.Windows(
        identified: true, unidentifiedReason: nil, build: "10.0.20348.2227", productId: product,
        productName: productName, installationType: "Server Core", editionId: "ServerDatacenter",
        displayVersion: "21H2", productApproximated: false, approximationReason: nil,
        kbs: ["KB5034129", "KB5034439"], dotnet: ScanReport.DotNet(release: 528_449, version: "4.8"))

    /// The March 2024 cumulative update.
    static let marchFix = ScanReport.Fix(
        kb: remediationKB, fixedBuild: remediationBuild, released: marchRelease,
        url: "https://support.microsoft.com/help/5035857", isHotpatch: false)

    /// A finding of the OS product fixed by the March update.
    static func osFinding(
        _ cve: String, _ title: String, _ severity: ScanReport.Severity, msrc: String?, score: Double?,
        vector: String? = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", impact: String, exploited: Bool = false,
        status: ScanReport.Finding.Status = .fixedNotApplied, suppression: ScanReport.Suppression? = nil
    ) -> ScanReport.Finding {
        ScanReport.Finding(
            cve: cve, title: title, severity: severity, msrcSeverity: msrc,
            cvss: score.map {
                ScanReport.CVSS(baseScore: $0, temporalScore: ($0 * 0.9 * 10).rounded() / 10, vector: vector)
            },
            impact: impact, exploited: exploited, publiclyDisclosed: false, productId: product,
            productName: productName, status: status, fix: marchFix,
            evidence: "build 10.0.20348.2227 < \(remediationBuild)",
            url: "https://msrc.microsoft.com/update-guide/vulnerability/\(cve)", suppression: suppression)
    }

    /// The allowlist entry of CVE-2024-21408.
    static let allowlisted = ScanReport.Suppression(
        target: "CVE-2024-21408", source: .allowlist, reason: "Hyper-V is not used inside containers",
        owner: "platform-team", expires: allowlistExpiry, expired: false, vexStatus: nil,
        file: "policies/production.yaml")

    /// The VEX statement about CVE-2024-26173.
    static let vexNotAffected = ScanReport.Suppression(
        target: "CVE-2024-26173", source: .vex, reason: "vulnerable_code_not_in_execute_path", owner: nil,
        expires: nil, expired: false, vexStatus: "not_affected", file: "vex/servercore.openvex.json")

    /// The nine findings of the Server Core sample: seven open (one critical, three high, one medium, one low,
    /// one unknown; two exploited or not, one without a fix, one .NET), two suppressed.
    static let findings: [ScanReport.Finding] = [
        osFinding(
            "CVE-2024-21407", "Windows Hyper-V Remote Code Execution Vulnerability", .critical, msrc: "Critical",
            score: 8.1, vector: "CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H", impact: "Remote Code Execution"),
        osFinding(
            "CVE-2024-21338", "Windows Kernel Elevation of Privilege Vulnerability", .high, msrc: "Important",
            score: 7.8, impact: "Elevation of Privilege", exploited: true),
        osFinding(
            "CVE-2024-21433", "Windows Print Spooler Elevation of Privilege Vulnerability", .high, msrc: "Important",
            score: nil, impact: "Elevation of Privilege"),
        osFinding(
            "CVE-2024-26185", "Windows Compressed Folder Tampering Vulnerability", .medium, msrc: "Moderate",
            score: 6.5, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", impact: "Tampering"),
        osFinding(
            "CVE-2024-26177", "Windows Kernel Information Disclosure Vulnerability", .unknown, msrc: nil, score: nil,
            impact: "Information Disclosure", status: .affected),
        ScanReport.Finding(
            cve: "CVE-2024-21386", title: ".NET Framework Denial of Service Vulnerability", severity: .high,
            msrcSeverity: "Important",
            cvss: ScanReport.CVSS(
                baseScore: 7.5, temporalScore: 6.5, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
            impact: "Denial of Service", exploited: false, publiclyDisclosed: false, productId: "12079-11924",
            productName: "Microsoft .NET Framework 4.8 on Windows Server 2022", status: .fixedNotApplied,
            fix: ScanReport.Fix(
                kb: "KB5034612", fixedBuild: nil, released: februaryRelease,
                url: "https://support.microsoft.com/help/5034612", isHotpatch: false),
            evidence: "KB5034612 is not installed (.NET Framework 4.8, release 528449)",
            url: "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21386", suppression: nil),
        ScanReport.Finding(
            cve: "CVE-2024-20666", title: "BitLocker Security Feature Bypass Vulnerability", severity: .low,
            msrcSeverity: "Low", cvss: nil, impact: "Security Feature Bypass", exploited: false,
            publiclyDisclosed: true, productId: product, productName: productName, status: .noFix, fix: nil,
            evidence: "Microsoft lists no update for Server Core; WinRE is not serviced in container images",
            url: "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-20666", suppression: nil),
        osFinding(
            "CVE-2024-21408", "Windows Hyper-V Denial of Service Vulnerability", .high, msrc: "Important", score: 5.5,
            vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", impact: "Denial of Service",
            suppression: allowlisted),
        osFinding(
            "CVE-2024-26173", "Windows Kernel Elevation of Privilege Vulnerability", .medium, msrc: "Important",
            score: 7.8, impact: "Elevation of Privilege", suppression: vexNotAffected),
    ]

    /// The CVEs the remediation leaves open.
    static let notClosed = ["CVE-2024-21386", "CVE-2024-20666"]

    /// The fail verdict: a CVE rule and an image-level rule fired `fail`, one rule `warn`.
    static let failPolicy = ScanReport.Policy(
        verdict: .fail, name: "policies/production.yaml",
        violations: [
            ScanReport.Violation(
                rule: "no-critical-or-exploited", action: .fail,
                message: "severity ≥ critical or exploited in the wild",
                cves: ["CVE-2024-21407", "CVE-2024-21338"]),
            ScanReport.Violation(
                rule: "high-with-fix", action: .warn, message: "severity ≥ high and a fix is available",
                cves: ["CVE-2024-21433", "CVE-2024-21386"]),
            ScanReport.Violation(
                rule: "base-image-age", action: .fail,
                message: "the base image is more than 60 days behind its latest cumulative update", cves: []),
        ],
        suppressions: [allowlisted, vexNotAffected])

    /// The realistic Server Core scan; `sampleDatabase` marks it as read from the bundled sample database.
    static func serverCore(sampleDatabase: Bool = false, findings: [ScanReport.Finding] = findings) -> ScanReport {
        ScanReport(
            scanner: scanner, generatedAt: scanDate, database: database(isSample: sampleDatabase), image: image,
            windows: windows, findings: findings,
            remediation: ScanReport.Remediation(
                kb: remediationKB, fixedBuild: remediationBuild, released: marchRelease,
                url: "https://support.microsoft.com/help/5035857", closes: 5, notClosed: notClosed),
            policy: failPolicy,
            warnings: sampleDatabase ? ["the bundled sample database holds 3 MSRC documents"] : [])
    }

    /// The Server Core scan with one finding's title replaced by `title` (for escaping tests).
    static func serverCore(title: String) -> ScanReport {
        var changed = findings
        let first = changed[0]
        changed[0] = ScanReport.Finding(
            cve: first.cve, title: title, severity: first.severity, msrcSeverity: first.msrcSeverity, cvss: first.cvss,
            impact: first.impact, exploited: first.exploited, publiclyDisclosed: first.publiclyDisclosed,
            productId: first.productId, productName: first.productName, status: first.status, fix: first.fix,
            evidence: first.evidence, url: first.url, suppression: first.suppression)
        return serverCore(findings: changed)
    }

    /// The names of the reports every renderer is checked with, for ``named(_:)``.
    static let names = ["server core", "sample database", "300 findings", "unidentified", "one CVE, two products"]

    /// The report called `name` in ``names``.
    static func named(_ name: String) -> ScanReport {
        switch name {
        case "sample database": serverCore(sampleDatabase: true)
        case "300 findings": large()
        case "unidentified": unidentified()
        case "one CVE, two products": twoProducts()
        default: serverCore()
        }
    }

    /// The Server Core scan plus a second finding of CVE-2024-21386 for another .NET product: one CVE, two
    /// findings, as MSRC lists a .NET CVE once per framework version.
    static func twoProducts() -> ScanReport {
        let dotnet = findings[5]
        let other = ScanReport.Finding(
            cve: dotnet.cve, title: dotnet.title, severity: dotnet.severity, msrcSeverity: dotnet.msrcSeverity,
            cvss: dotnet.cvss, impact: dotnet.impact, exploited: false, publiclyDisclosed: false,
            productId: "11926-11924", productName: "Microsoft .NET Framework 3.5 AND 4.8 on Windows Server 2022",
            status: .fixedNotApplied, fix: dotnet.fix, evidence: dotnet.evidence, url: dotnet.url, suppression: nil)
        return serverCore(findings: findings + [other])
    }

    /// The reason the unidentified sample gives.
    static let unidentifiedReason = "no SOFTWARE hive in any layer (Files/Windows/System32/config/SOFTWARE)"

    /// An image whose Windows could not be identified: no findings, and a fail verdict saying so.
    static func unidentified() -> ScanReport {
        ScanReport(
            scanner: scanner, generatedAt: scanDate, database: database(),
            image: ScanReport.Image(
                reference: "docker-archive:/tmp/custom image.tar", digest: nil,
                platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: nil), layers: []),
            windows: ScanReport.Windows(
                identified: false, unidentifiedReason: unidentifiedReason, build: nil, productId: nil,
                productName: nil, installationType: nil, editionId: nil, displayVersion: nil,
                productApproximated: false, approximationReason: nil, kbs: [], dotnet: nil),
            findings: [], remediation: nil,
            policy: ScanReport.Policy(
                verdict: .fail, name: nil,
                violations: [
                    ScanReport.Violation(
                        rule: "identified-windows", action: .fail, message: "the image's Windows must be identified",
                        cves: [])
                ],
                suppressions: []),
            warnings: ["Windows could not be identified: " + unidentifiedReason])
    }

    /// A report with `count` generated findings of every severity and status, every tenth one suppressed.
    static func large(count: Int = 300) -> ScanReport {
        let severities = ScanReport.Severity.allCases
        let generated = (0..<count).map { index in
            let severity = severities[index % severities.count]
            let cve = "CVE-2025-\(21_000 + index)"
            return ScanReport.Finding(
                cve: cve, title: "Generated vulnerability \(index) in Windows component \(index % 17)",
                severity: severity, msrcSeverity: nil,
                cvss: index % 3 == 0
                    ? nil : ScanReport.CVSS(baseScore: Double(index % 100) / 10, temporalScore: nil, vector: nil),
                impact: "Elevation of Privilege", exploited: index % 29 == 0, publiclyDisclosed: false,
                productId: product, productName: productName,
                status: index % 11 == 0 ? .noFix : .fixedNotApplied, fix: index % 11 == 0 ? nil : marchFix,
                evidence: "build 10.0.20348.2227 < \(remediationBuild)",
                url: "https://msrc.microsoft.com/update-guide/vulnerability/\(cve)",
                suppression: index % 10 == 5
                    ? ScanReport.Suppression(
                        target: cve, source: .ignoreFile, reason: "generated", owner: nil, expires: nil,
                        expired: false, vexStatus: nil, file: ".winscanignore")
                    : nil)
        }
        let open = generated.filter { !$0.isSuppressed }
        let closes = open.filter { $0.fix != nil }.count
        return ScanReport(
            scanner: scanner, generatedAt: scanDate, database: database(), image: image, windows: windows,
            findings: generated,
            remediation: ScanReport.Remediation(
                kb: remediationKB, fixedBuild: remediationBuild, released: marchRelease, url: nil, closes: closes,
                notClosed: open.filter { $0.fix == nil }.map(\.cve)),
            policy: ScanReport.Policy(verdict: .warn, name: nil, violations: [], suppressions: []), warnings: [])
    }
}
