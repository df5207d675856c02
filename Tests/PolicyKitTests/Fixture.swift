import Foundation
import MSRCModel
import PolicyKit
import VulnMatch

/// Builders for the values PolicyKit evaluates: findings, fixes, match results, contexts and dates.
enum Fixture {
    /// A UTC date.
    static func date(_ year: Int, _ month: Int, _ day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: parts) ?? .distantPast
    }

    /// The evaluation instant the tests use unless they say otherwise.
    static let now = date(2026, 3, 20, hour: 12)
    /// The release date of the default fix: eight days before ``now`` at noon, i.e. 8.5 days.
    static let released = date(2026, 3, 12)

    /// A fix reference.
    static func fix(kb: Int = 5_035_857, released: Date? = Fixture.released) -> FixReference {
        FixReference(
            kb: kb, fixedBuild: nil, released: released, url: "https://support.microsoft.com/help/\(kb)",
            subType: "Security Update", isHotpatch: false)
    }

    /// A finding; by default an Important (high) fixed-not-applied CVE with a released fix, not exploited.
    static func finding(
        cve: String = "CVE-2026-0001", product: String = "11924", severity: Severity? = .important,
        score: Double? = 7.8, exploited: Bool = false, disclosed: Bool = false,
        status: Finding.Status = .fixedNotApplied, fix: FixReference? = Fixture.fix(), allFixes: [FixReference]? = nil
    ) -> Finding {
        Finding(
            cve: cve, title: "Test vulnerability \(cve)", productID: product, productName: "Windows Server 2022",
            msrcSeverity: severity, baseScore: score, temporalScore: score.map { $0 - 0.5 },
            vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", impact: "Remote Code Execution",
            exploited: exploited, publiclyDisclosed: disclosed, published: released, status: status, rule: .build,
            fix: fix, allFixes: allFixes ?? (fix.map { [$0] } ?? []), evidence: "build below the fix")
    }

    /// A match result of `findings`.
    static func match(
        _ findings: [Finding], outcome: MatchResult.Outcome = .matched, installed: FixReference? = nil,
        newest: FixReference? = nil
    ) -> MatchResult {
        MatchResult(
            outcome: outcome, productIDs: outcome == .matched ? ["11924"] : [],
            build: outcome == .matched ? "10.0.20348.2227" : nil, findings: findings, remediation: nil,
            installedUpdate: installed, newestUpdate: newest, effectiveKBs: [], notes: [])
    }

    /// A context whose database was built an hour before ``now``.
    static let context = PolicyContext(databaseBuiltAt: now.addingTimeInterval(-3_600), productApproximated: false)

    /// A policy of `rules`, or `nil` when they are not a valid policy.
    static func policy(_ rules: [PolicyRule], allowlist: [AllowlistEntry] = []) -> Policy? {
        try? Policy(name: "test", rules: rules, allowlist: allowlist)
    }
}
