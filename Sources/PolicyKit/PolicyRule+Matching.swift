public import Foundation
public import VulnMatch

extension PolicyRule {
    /// Whether `finding` meets every finding-level condition at `now`; always `false` for an image-level rule.
    public func matches(_ finding: Finding, now: Date) -> Bool {
        guard !isImageLevel else { return false }
        if let minSeverity, finding.severity < minSeverity { return false }
        if let minCVSS {
            guard let score = finding.baseScore, score >= minCVSS else { return false }
        }
        if let fixAvailable, finding.hasFix != fixAvailable { return false }
        if let minDaysSinceFix {
            guard let released = finding.fix?.released,
                let days = Self.wholeDays(from: released, to: now), days >= minDaysSinceFix
            else { return false }
        }
        if let exploited, finding.exploited != exploited { return false }
        if let publiclyDisclosed, finding.publiclyDisclosed != publiclyDisclosed { return false }
        if let cves, !cves.contains(finding.cve.uppercased()) { return false }
        if let kbs {
            let findingKBs = Set(finding.allFixes.map(\.kb) + [finding.fix?.kb].compactMap { $0 })
            guard kbs.contains(where: findingKBs.contains) else { return false }
        }
        if let products, !products.contains(finding.productID) { return false }
        if let statuses, !statuses.contains(finding.status) { return false }
        return true
    }

    /// Whether the image meets every image-level condition at `now`; always `false` for a finding-level rule.
    public func matchesImage(_ match: MatchResult, context: PolicyContext, now: Date) -> Bool {
        guard isImageLevel else { return false }
        if let imageUnidentified, match.isIdentified == imageUnidentified { return false }
        if let databaseOlderThanHours {
            let age = now.timeIntervalSince(context.databaseBuiltAt)
            guard age > Double(databaseOlderThanHours) * 3_600 else { return false }
        }
        if let buildBehindDays {
            guard let behind = match.daysBehindNewestUpdate, behind > buildBehindDays else { return false }
        }
        if let productApproximated, context.productApproximated != productApproximated { return false }
        return true
    }

    /// The conditions in words, joined with "and": `severity ≥ high and fix available`.
    public var conditionSummary: String {
        var parts: [String] = []
        if let minSeverity { parts.append("severity ≥ \(minSeverity.rawValue)") }
        if let minCVSS { parts.append("CVSS ≥ \(Self.decimal(minCVSS))") }
        if let fixAvailable { parts.append(fixAvailable ? "fix available" : "no fix available") }
        if let minDaysSinceFix { parts.append("fix released ≥ \(Self.count(minDaysSinceFix, "day")) ago") }
        if let exploited { parts.append(exploited ? "exploited" : "not exploited") }
        if let publiclyDisclosed { parts.append(publiclyDisclosed ? "publicly disclosed" : "not publicly disclosed") }
        if let cves { parts.append("CVE \(Self.oneOf(cves))") }
        if let kbs { parts.append("fixed by \(Self.oneOf(kbs.map { "KB\($0)" }))") }
        if let products { parts.append("product \(Self.oneOf(products))") }
        if let statuses { parts.append("status \(Self.oneOf(statuses.map(\.rawValue)))") }
        if let imageUnidentified { parts.append(imageUnidentified ? "image unidentified" : "image identified") }
        if let databaseOlderThanHours {
            parts.append("database older than \(Self.count(databaseOlderThanHours, "hour"))")
        }
        if let buildBehindDays {
            parts.append("installed update more than \(Self.count(buildBehindDays, "day")) behind the newest")
        }
        if let productApproximated {
            parts.append(productApproximated ? "product approximated" : "product not approximated")
        }
        return parts.joined(separator: " and ")
    }

    /// Whole periods of 24 hours from `start` to `end` (rounded down), `nil` when `end` is before `start`.
    static func wholeDays(from start: Date, to end: Date) -> Int? {
        let seconds = end.timeIntervalSince(start)
        guard seconds >= 0, seconds.isFinite, seconds < 1e15 else { return nil }
        return Int((seconds / 86_400).rounded(.down))
    }

    private static func oneOf(_ values: [String]) -> String {
        values.count == 1 ? values[0] : "one of \(values.joined(separator: ", "))"
    }

    private static func count(_ value: Int, _ unit: String) -> String { "\(value) \(unit)\(value == 1 ? "" : "s")" }

    private static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
