import Foundation

extension ScanReport {
    /// Unsuppressed findings, most severe first, then by CVE ID and product: the order every renderer lists.
    var openFindings: [Finding] { findings.filter { !$0.isSuppressed }.sorted(by: Self.reportOrder) }

    /// Suppressed findings in the same order.
    var suppressedFindings: [Finding] { findings.filter(\.isSuppressed).sorted(by: Self.reportOrder) }

    /// Severity descending, then CVE, then product.
    static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.cve != rhs.cve { return lhs.cve.compare(rhs.cve, options: .numeric) == .orderedAscending }
        return lhs.productId < rhs.productId
    }

    /// The fired rules of `action` that matched `finding`.
    func violations(matching finding: Finding, action: Violation.Action) -> [Violation] {
        policy.violations.filter { $0.action == action && $0.cves.contains(finding.cve) }
    }

    /// How many findings the remediation was weighed against: those it closes plus those it does not.
    var remediationTotal: Int { remediation.map { $0.closes + $0.notClosed.count } ?? 0 }

    /// The image's OS, in words: `Windows Server 2022 (Server Core) 10.0.20348.2227`.
    var windowsDescription: String {
        guard windows.identified else { return "unidentified Windows" }
        var parts: [String] = [windows.productName ?? "Windows"]
        if let build = windows.build { parts.append(build) }
        return parts.joined(separator: " ")
    }

    /// The remediation sentence every text renderer prints:
    /// `Rebase on / install KB5035857 (build 10.0.20348.2340): closes 5 of 7 findings`.
    var remediationSentence: String? {
        guard let remediation else { return nil }
        let build = remediation.fixedBuild.map { " (build \($0))" } ?? ""
        let noun = remediationTotal == 1 ? "finding" : "findings"
        return
            "Rebase on / install \(remediation.kb)\(build): closes \(remediation.closes) of \(remediationTotal) \(noun)"
    }

    /// The line for an image whose Windows could not be identified.
    var unidentifiedSentence: String {
        let reason = windows.unidentifiedReason ?? "no reason given"
        return "could not identify Windows: \(reason) — findings cannot be trusted as complete"
    }

    /// The sample-database line.
    static let sampleDatabaseSentence =
        "SAMPLE DATABASE: findings come from the bundled sample, not Microsoft's full data — do not rely on them"

    /// The fix of `finding` in words: `install KB5035857 (build 10.0.20348.2340)`, or why there is none.
    static func fixSentence(_ finding: Finding) -> String {
        guard let fix = finding.fix else {
            return finding.status == .noFix ? "Microsoft lists no fix" : "no fix known"
        }
        let build = fix.fixedBuild.map { " (build \($0))" } ?? ""
        return "install \(fix.kb)\(build)"
    }

    /// A suppression in words: `allowlist: accepted until 2026-12-31 (owner: platform-team)`.
    static func suppressionSentence(_ suppression: Suppression) -> String {
        var text = suppression.source.rawValue
        if let status = suppression.vexStatus { text += " \(status)" }
        if let reason = suppression.reason { text += ": \(reason)" }
        if let expires = suppression.expires { text += " until \(ReportDate.day(expires))" }
        if let owner = suppression.owner { text += " (owner: \(owner))" }
        return text
    }
}
