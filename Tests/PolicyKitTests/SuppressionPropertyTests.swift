import Foundation
import MSRCModel
import PolicyKit
import TestSupport
import Testing
import VulnMatch

/// Random policies, findings and suppressions: suppressed findings never change what a policy decides.
@Suite struct SuppressionPropertyTests {
    static let cvePool = (1...6).map { "CVE-2026-000\($0)" }

    static func randomFinding(_ random: inout SplitMix64) -> Finding {
        let severities: [Severity?] = [.critical, .important, .moderate, .low, nil]
        let hasFix = Bool.random(using: &random)
        let released = Fixture.now.addingTimeInterval(-Double(Int.random(in: 0...40, using: &random)) * 86_400)
        return Fixture.finding(
            cve: cvePool.randomElement(using: &random) ?? "CVE-2026-0001",
            severity: severities.randomElement(using: &random) ?? nil,
            score: Bool.random(using: &random) ? Double(Int.random(in: 0...100, using: &random)) / 10 : nil,
            exploited: Bool.random(using: &random), disclosed: Bool.random(using: &random),
            status: hasFix ? .fixedNotApplied : [.noFix, .affected].randomElement(using: &random) ?? .noFix,
            fix: hasFix ? Fixture.fix(kb: Int.random(in: 1...3, using: &random), released: released) : nil)
    }

    static func randomRule(_ number: Int, _ random: inout SplitMix64) throws -> PolicyRule {
        let action = PolicyRule.Action.allCases.randomElement(using: &random) ?? .fail
        if Int.random(in: 0..<5, using: &random) == 0 {
            return try PolicyRule(
                name: "image-\(number)", action: action, databaseOlderThanHours: Int.random(in: 0...2, using: &random))
        }
        let thresholds = NormalizedSeverity.allCases.filter { $0 != .unknown }
        var severity = Self.oneInThree(&random) ? thresholds.randomElement(using: &random) : nil
        let score = Self.oneInThree(&random) ? Double(Int.random(in: 0...10, using: &random)) : nil
        let fix = Self.oneInThree(&random) ? Bool.random(using: &random) : nil
        let days = Self.oneInThree(&random) ? Int.random(in: 0...30, using: &random) : nil
        let exploited = Self.oneInThree(&random) ? Bool.random(using: &random) : nil
        let kbs = Self.oneInThree(&random) ? [Int.random(in: 1...3, using: &random)] : nil
        if severity == nil && score == nil && fix == nil && days == nil && exploited == nil && kbs == nil {
            severity = .low
        }
        return try PolicyRule(
            name: "rule-\(number)", action: action, minSeverity: severity, minCVSS: score, fixAvailable: fix,
            minDaysSinceFix: days, exploited: exploited, kbs: kbs)
    }

    static func oneInThree(_ random: inout SplitMix64) -> Bool { Int.random(in: 0..<3, using: &random) == 0 }

    @Test(arguments: 1...200)
    func suppressedFindingsNeverChangeTheVerdict(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let rules = try (0..<Int.random(in: 1...4, using: &random)).map { try Self.randomRule($0, &random) }
        let policy = try Policy(name: "generated", rules: rules)
        let findings = (0..<Int.random(in: 0...8, using: &random)).map { _ in Self.randomFinding(&random) }
        let suppressed = Self.cvePool.filter { _ in Bool.random(using: &random) }
        let sources = Suppression.Source.allCases
        let active = suppressed.map {
            Suppression(
                source: sources.randomElement(using: &random) ?? .vex, target: .cve($0), origin: "generated",
                expires: Bool.random(using: &random) ? CalendarDay(containing: Fixture.now) : nil)
        }
        // Expired suppressions of other CVEs must count for nothing.
        let expired = Self.cvePool.filter { !suppressed.contains($0) }.map {
            Suppression(
                source: .ignoreFile, target: .cve($0), origin: "expired",
                expires: CalendarDay(containing: Fixture.now.addingTimeInterval(-86_400)))
        }
        let context = PolicyContext(databaseBuiltAt: Fixture.now.addingTimeInterval(-3_600 * 1.5))

        let withSuppressions = PolicyEvaluator(policy: policy, suppressions: active + expired).evaluate(
            Fixture.match(findings), context: context, now: Fixture.now)
        let kept = findings.filter { !suppressed.contains($0.cve) }
        let withoutSuppressed = PolicyEvaluator(policy: policy).evaluate(
            Fixture.match(kept), context: context, now: Fixture.now)

        #expect(withSuppressions.verdict == withoutSuppressed.verdict)
        #expect(withSuppressions.firedRules == withoutSuppressed.firedRules)
        #expect(withSuppressions.expiredSuppressions == expired)
        for (finding, outcome) in zip(findings, withSuppressions.findings) {
            #expect(outcome.isSuppressed == suppressed.contains(finding.cve))
            #expect(outcome.isSuppressed ? outcome.rules.isEmpty : true)
        }
        // And suppressing everything leaves only the image-level rules.
        let everything = PolicyEvaluator(
            policy: policy,
            suppressions: Self.cvePool.map { Suppression(source: .allowlist, target: .cve($0), origin: "all") }
        ).evaluate(Fixture.match(findings), context: context, now: Fixture.now)
        #expect(everything.firedRules.allSatisfy { $0.rule.hasPrefix("image-") })
    }
}
