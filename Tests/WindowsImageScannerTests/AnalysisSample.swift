import Foundation
import MSRCModel
import ReportKit
import VulnMatch

@testable import WindowsImageScanner

/// Analyses for the cache codec's tests: one with every field set (and repeated strings, non-ASCII text, odd
/// numbers), one with every optional absent.
enum AnalysisSample {
    /// A URL every fix shares.
    static let repeatedURL = "https://support.microsoft.com/help/5048654"

    /// A fix with every field set.
    static let fix = FixReference(
        kb: 5_048_654, fixedBuild: BuildVersion("10.0.20348.2966"),
        released: Date(timeIntervalSince1970: 1_733_875_200.25),
        url: repeatedURL, subType: "Security Update", isHotpatch: true)

    /// A fix with every optional absent.
    static let bareFix = FixReference(
        kb: 5_046_616, fixedBuild: nil, released: nil, url: nil, subType: nil, isHotpatch: false)

    /// Every field set.
    static let full = ImageAnalysis(
        windows: ScanReport.Windows(
            identified: true, unidentifiedReason: "none", build: "10.0.20348.2340", productId: "11924",
            productName: "Windows Server 2022 (Server Core installation)", installationType: "Server Core",
            editionId: "ServerDatacenter", displayVersion: "21H2", productApproximated: true,
            approximationReason: "Nano Server is matched as Server Core — “approximately”",
            kbs: ["KB5012170", "KB5035857"], dotnet: ScanReport.DotNet(release: 528_449, version: "4.8")),
        readingNotes: ["layer 1: selected path a is a symbolic link to b; links are not followed", "ünïcödé 🪟"],
        match: MatchResult(
            outcome: .unidentified(reason: "a reason\nwith a newline"), productIDs: ["11924", "12079-11924"],
            build: "10.0.20348.2340",
            findings: [
                Finding(
                    cve: "CVE-2024-49112", title: "Windows LDAP Remote Code Execution Vulnerability",
                    productID: "11924", productName: "Windows Server 2022 (Server Core installation)",
                    msrcSeverity: .critical, baseScore: 9.8, temporalScore: -0.0,
                    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C",
                    impact: "Remote Code Execution",
                    exploited: true, publiclyDisclosed: true, published: Date(timeIntervalSince1970: 1_733_875_200),
                    status: .fixedNotApplied, rule: .build, fix: fix, allFixes: [fix, bareFix, fix],
                    evidence: "build 10.0.20348.2340 < 10.0.20348.2966 (KB5048654)"),
                Finding(
                    cve: "CVE-2013-3900", title: nil, productID: "12079-11924", productName: nil, msrcSeverity: nil,
                    baseScore: nil, temporalScore: nil, vector: nil, impact: nil, exploited: false,
                    publiclyDisclosed: false, published: nil, status: .noFix, rule: .noFix, fix: nil, allFixes: [],
                    evidence: ""),
                Finding(
                    cve: "CVE-2024-43451", title: "NTLM Hash Disclosure Spoofing Vulnerability", productID: "11924",
                    productName: "Windows Server 2022 (Server Core installation)",
                    msrcSeverity: Severity(rawValue: "Important"), baseScore: .greatestFiniteMagnitude,
                    temporalScore: 6.1, vector: nil, impact: "Spoofing", exploited: true, publiclyDisclosed: false,
                    published: nil, status: .affected, rule: .undecided, fix: bareFix, allFixes: [bareFix],
                    evidence: "no fix applies to build line 20348"),
            ],
            remediation: RemediationSummary(update: fix, closes: ["CVE-2024-49112"], notClosed: ["CVE-2013-3900"]),
            installedUpdate: bareFix, newestUpdate: fix, effectiveKBs: [5_012_170, 5_035_857, Int.max, -1],
            notes: ["FixedBuild of KB5046399 corrected"]))

    /// Every optional absent, every list empty.
    static let sparse = ImageAnalysis(
        windows: ScanReport.Windows(
            identified: false, unidentifiedReason: nil, build: nil, productId: nil, productName: nil,
            installationType: nil, editionId: nil, displayVersion: nil, productApproximated: false,
            approximationReason: nil, kbs: [], dotnet: nil),
        readingNotes: [],
        match: MatchResult(
            outcome: .matched, productIDs: [], build: nil, findings: [], remediation: nil, installedUpdate: nil,
            newestUpdate: nil, effectiveKBs: [], notes: []))
}
