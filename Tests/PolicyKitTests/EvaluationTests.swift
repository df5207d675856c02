import Foundation
import PolicyKit
import Testing
import VulnMatch

@Suite struct EvaluationTests {
    static func rule(_ name: String, _ action: PolicyRule.Action, cve: String) -> PolicyRule? {
        try? PolicyRule(name: name, action: action, cves: [cve])
    }

    /// Which of three rules (fail on CVE 1, warn on CVE 2, info on CVE 3) fire, and the verdict.
    @Test(arguments: [
        ([String](), PolicyEvaluation.Verdict.pass, [String]()),
        (["CVE-2026-0003"], .pass, ["info"]),
        (["CVE-2026-0002"], .warn, ["warn"]),
        (["CVE-2026-0002", "CVE-2026-0003"], .warn, ["warn", "info"]),
        (["CVE-2026-0001"], .fail, ["fail"]),
        (["CVE-2026-0001", "CVE-2026-0002"], .fail, ["fail", "warn"]),
        (["CVE-2026-0001", "CVE-2026-0002", "CVE-2026-0003"], .fail, ["fail", "warn", "info"]),
    ])
    func failBeatsWarnBeatsInfo(cves: [String], verdict: PolicyEvaluation.Verdict, fired: [String]) throws {
        let rules = [
            Self.rule("fail", .fail, cve: "CVE-2026-0001"), Self.rule("warn", .warn, cve: "CVE-2026-0002"),
            Self.rule("info", .info, cve: "CVE-2026-0003"),
        ]
        let policy = try #require(Fixture.policy(rules.compactMap { $0 }))
        #expect(policy.rules.count == 3)
        let match = Fixture.match(cves.map { Fixture.finding(cve: $0) })
        let evaluation = policy.evaluate(match, context: Fixture.context, now: Fixture.now)
        #expect(evaluation.verdict == verdict)
        #expect(evaluation.firedRules.map(\.rule) == fired)
    }

    @Test func firedRuleCarriesMessageActionAndEachCVEOnce() throws {
        let rule = try PolicyRule(name: "block-high", action: .fail, minSeverity: .high, fixAvailable: true)
        let policy = try Policy(name: "ci", rules: [rule])
        let findings = [
            Fixture.finding(cve: "CVE-2026-0005", severity: .critical),
            Fixture.finding(cve: "CVE-2026-0005", product: "12079-11924", severity: .critical),
            Fixture.finding(cve: "CVE-2026-0006", severity: .low),
            Fixture.finding(cve: "CVE-2026-0007"),
        ]
        let evaluation = policy.evaluate(Fixture.match(findings), context: Fixture.context, now: Fixture.now)
        #expect(evaluation.policy == "ci")
        #expect(
            evaluation.firedRules == [
                PolicyEvaluation.FiredRule(
                    rule: "block-high", action: .fail, message: "severity ≥ high and fix available",
                    cves: ["CVE-2026-0005", "CVE-2026-0007"])
            ])
        #expect(evaluation.findings.map(\.rules) == [["block-high"], ["block-high"], [], ["block-high"]])
        #expect(evaluation.findings.allSatisfy { !$0.isSuppressed })
    }

    @Test func defaultPolicyPassesEverything() {
        let findings = [Fixture.finding(severity: .critical, exploited: true)]
        let evaluation = Policy.default.evaluate(
            Fixture.match(findings, outcome: .unidentified(reason: "no SOFTWARE hive")), context: Fixture.context,
            now: Fixture.now)
        #expect(Policy.default.rules.isEmpty && Policy.default.allowlist.isEmpty)
        #expect(evaluation.verdict == .pass)
        #expect(evaluation.firedRules.isEmpty)
        #expect(evaluation.findings.count == 1)
    }

    // MARK: Image-level rules

    @Test func unidentifiedImageFiresImageUnidentified() throws {
        let rule = try PolicyRule(name: "unknown-image", action: .fail, imageUnidentified: true)
        let policy = try Policy(name: "p", rules: [rule])
        #expect(rule.isImageLevel)
        let unidentified = Fixture.match([], outcome: .unidentified(reason: "no SOFTWARE hive"))
        let evaluation = policy.evaluate(unidentified, context: Fixture.context, now: Fixture.now)
        #expect(evaluation.verdict == .fail)
        #expect(
            evaluation.firedRules == [
                PolicyEvaluation.FiredRule(
                    rule: "unknown-image", action: .fail, message: "image unidentified", cves: [])
            ])
        #expect(policy.evaluate(Fixture.match([]), context: Fixture.context, now: Fixture.now).verdict == .pass)
    }

    @Test(arguments: [(47, true), (48, false), (49, false)])
    func databaseOlderThanHours(hours: Int, fires: Bool) throws {
        let rule = try PolicyRule(name: "stale-db", action: .warn, databaseOlderThanHours: hours)
        let policy = try Policy(name: "p", rules: [rule])
        let context = PolicyContext(databaseBuiltAt: Fixture.now.addingTimeInterval(-48 * 3_600))
        let evaluation = policy.evaluate(Fixture.match([Fixture.finding()]), context: context, now: Fixture.now)
        #expect(evaluation.verdict == (fires ? .warn : .pass))
        #expect(evaluation.firedRules.first?.cves == (fires ? [] : nil))
    }

    @Test(arguments: [(29, true), (30, false)])
    func buildBehindDays(days: Int, fires: Bool) throws {
        let rule = try PolicyRule(name: "old-build", action: .fail, buildBehindDays: days)
        let policy = try Policy(name: "p", rules: [rule])
        let match = Fixture.match(
            [], installed: Fixture.fix(kb: 1, released: Fixture.date(2026, 1, 13)),
            newest: Fixture.fix(kb: 2, released: Fixture.date(2026, 2, 12)))
        #expect(match.daysBehindNewestUpdate == 30)
        #expect(policy.evaluate(match, context: Fixture.context, now: Fixture.now).verdict == (fires ? .fail : .pass))
    }

    @Test func buildBehindDaysNeedsBothUpdatesDated() throws {
        let policy = try Policy(name: "p", rules: [PolicyRule(name: "old-build", action: .fail, buildBehindDays: 0)])
        let match = Fixture.match([], installed: nil, newest: Fixture.fix(kb: 2, released: Fixture.date(2026, 2, 12)))
        #expect(policy.evaluate(match, context: Fixture.context, now: Fixture.now).verdict == .pass)
    }

    @Test(arguments: [(true, true, true), (true, false, false), (false, false, true), (false, true, false)])
    func productApproximated(condition: Bool, approximated: Bool, fires: Bool) throws {
        let rule = try PolicyRule(name: "approx", action: .warn, productApproximated: condition)
        let policy = try Policy(name: "p", rules: [rule])
        let context = PolicyContext(databaseBuiltAt: Fixture.now, productApproximated: approximated)
        #expect(
            policy.evaluate(Fixture.match([]), context: context, now: Fixture.now).verdict == (fires ? .warn : .pass))
    }

    @Test func imageLevelRulesIgnoreFindingsAndFindingRulesIgnoreTheImage() throws {
        let image = try PolicyRule(name: "image", action: .warn, imageUnidentified: true)
        let finding = try PolicyRule(name: "finding", action: .fail, minSeverity: .low)
        #expect(!image.matches(Fixture.finding(), now: Fixture.now))
        let unidentified = Fixture.match([], outcome: .unidentified(reason: "x"))
        #expect(!finding.matchesImage(unidentified, context: Fixture.context, now: Fixture.now))
        let policy = try Policy(name: "p", rules: [finding, image])
        let evaluation = policy.evaluate(
            Fixture.match([Fixture.finding()], outcome: .unidentified(reason: "x")), context: Fixture.context,
            now: Fixture.now)
        #expect(evaluation.firedRules.map(\.rule) == ["finding", "image"])
        #expect(evaluation.findings.map(\.rules) == [["finding"]])
        #expect(evaluation.verdict == .fail)
    }

    @Test func evaluationIsAValueThatRoundTrips() throws {
        let policy = try Policy(
            name: "p", rules: [PolicyRule(name: "r", action: .fail, minSeverity: .high)],
            allowlist: [AllowlistEntry(target: .cve("CVE-2026-0002"), reason: "accepted", owner: "sec")])
        let match = Fixture.match([Fixture.finding(), Fixture.finding(cve: "CVE-2026-0002")])
        let evaluation = policy.evaluate(match, context: Fixture.context, now: Fixture.now)
        let data = try JSONEncoder().encode(evaluation)
        #expect(try JSONDecoder().decode(PolicyEvaluation.self, from: data) == evaluation)
        #expect(policy.evaluate(match, context: Fixture.context, now: Fixture.now) == evaluation)
    }
}
