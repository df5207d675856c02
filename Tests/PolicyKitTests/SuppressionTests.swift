import Foundation
import PolicyKit
import Testing
import VulnMatch

@Suite struct SuppressionTests {
    static let failOnHigh = Fixture.policy(
        [(try? PolicyRule(name: "high", action: .fail, minSeverity: .high))].compactMap { $0 })

    /// An allowlist entry that expires on 2026-03-20 applies through that whole day (UTC) and not after.
    @Test(arguments: [
        (Fixture.date(2026, 3, 19, hour: 12), true),
        (Fixture.date(2026, 3, 20), true),
        (Fixture.date(2026, 3, 20, hour: 23, minute: 59, second: 59), true),
        (Fixture.date(2026, 3, 21), false),
        (Fixture.date(2026, 3, 21, hour: 12), false),
    ])
    func allowlistExpiry(now: Date, suppresses: Bool) throws {
        let expires = try #require(CalendarDay("2026-03-20"))
        let entry = try AllowlistEntry(
            target: .cve("cve-2026-0001"), reason: "accepted risk", owner: "secops", expires: expires)
        let base = try #require(Self.failOnHigh)
        let policy = try Policy(name: base.name, rules: base.rules, allowlist: [entry])
        let evaluation = policy.evaluate(Fixture.match([Fixture.finding()]), context: Fixture.context, now: now)
        let suppression = entry.suppression(policyName: policy.name)
        #expect(suppression.target == .cve("CVE-2026-0001"))
        #expect(suppression.source == .allowlist)
        if suppresses {
            #expect(evaluation.verdict == .pass)
            #expect(evaluation.findings.first?.suppressedBy == [suppression])
            #expect(
                evaluation.suppressions == [
                    PolicyEvaluation.AppliedSuppression(
                        cve: "CVE-2026-0001", productID: "11924", suppression: suppression)
                ])
            #expect(evaluation.expiredSuppressions.isEmpty)
        } else {
            #expect(evaluation.verdict == .fail)
            #expect(evaluation.findings.first?.isSuppressed == false)
            #expect(evaluation.suppressions.isEmpty)
            #expect(evaluation.expiredSuppressions == [suppression])
        }
    }

    @Test func kbEntrySuppressesFindingsThatKBFixes() throws {
        let base = try #require(Self.failOnHigh)
        let policy = try Policy(
            name: "p", rules: base.rules,
            allowlist: [AllowlistEntry(target: .kb(5_036_000), reason: "rollout of KB5036000 pending")])
        let findings = [
            Fixture.finding(cve: "CVE-2026-0001", fix: Fixture.fix(kb: 5_036_000)),
            Fixture.finding(cve: "CVE-2026-0002", allFixes: [Fixture.fix(), Fixture.fix(kb: 5_036_000)]),
            Fixture.finding(cve: "CVE-2026-0003"),
        ]
        let evaluation = policy.evaluate(Fixture.match(findings), context: Fixture.context, now: Fixture.now)
        #expect(evaluation.findings.map(\.isSuppressed) == [true, true, false])
        #expect(evaluation.firedRules.map(\.cves) == [["CVE-2026-0003"]])
        #expect(evaluation.verdict == .fail)
    }

    @Test func targetsMatchCVEsInAnyCaseAndKBsOfAnyFix() {
        let finding = Fixture.finding(cve: "CVE-2026-0001", allFixes: [Fixture.fix(), Fixture.fix(kb: 7)])
        #expect(Suppression.Target.cve("cve-2026-0001").matches(finding))
        #expect(!Suppression.Target.cve("CVE-2026-0002").matches(finding))
        #expect(Suppression.Target.kb(5_035_857).matches(finding))
        #expect(Suppression.Target.kb(7).matches(finding))
        #expect(!Suppression.Target.kb(8).matches(finding))
        #expect(!Suppression.Target.kb(5_035_857).matches(Fixture.finding(status: .noFix, fix: nil)))
    }

    @Test func allowlistNeedsAReasonAndAValidTarget() {
        #expect(throws: PolicyError.self) { try AllowlistEntry(target: .cve("CVE-2026-0001"), reason: "  ") }
        #expect(throws: PolicyError.self) { try AllowlistEntry(target: .cve("2026-0001"), reason: "x") }
        #expect(throws: PolicyError.self) { try AllowlistEntry(target: .kb(0), reason: "x") }
    }

    @Test func evaluatorAppliesEverySourceAndRecordsEach() throws {
        let base = try #require(Self.failOnHigh)
        let policy = try Policy(
            name: "p", rules: base.rules, allowlist: [AllowlistEntry(target: .cve("CVE-2026-0001"), reason: "r")])
        let vex = try OpenVEXDocument(
            json: OpenVEXTests.document(("CVE-2026-0001", "fixed"), ("CVE-2026-0002", "fixed")))
        let ignore = try IgnoreFile(text: "CVE-2026-0003\n", source: ".winscanignore")
        let evaluator = PolicyEvaluator(policy: policy, vex: [vex], ignoreFiles: [ignore])
        let findings = ["CVE-2026-0001", "CVE-2026-0002", "CVE-2026-0003", "CVE-2026-0004"].map {
            Fixture.finding(cve: $0)
        }
        let evaluation = evaluator.evaluate(Fixture.match(findings), context: Fixture.context, now: Fixture.now)
        #expect(
            evaluation.findings.map { $0.suppressedBy.map(\.source) } == [
                [.allowlist, .vex], [.vex], [.ignoreFile], [],
            ])
        #expect(
            evaluation.suppressions.map(\.cve) == ["CVE-2026-0001", "CVE-2026-0001", "CVE-2026-0002", "CVE-2026-0003"])
        #expect(evaluation.findings[2].suppressedBy.first?.origin == ".winscanignore:1")
        #expect(evaluation.firedRules.map(\.cves) == [["CVE-2026-0004"]])
    }
}
