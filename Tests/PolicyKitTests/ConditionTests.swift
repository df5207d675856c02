import Foundation
import MSRCModel
import PolicyKit
import Testing
import VulnMatch

/// One finding-level condition with a finding it matches and one it does not.
struct ConditionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let rule: PolicyRule?
    let matching: Finding
    let notMatching: Finding

    var testDescription: String { name }

    init(_ name: String, _ rule: PolicyRule?, matches: Finding, not notMatching: Finding) {
        self.name = name
        self.rule = rule
        self.matching = matches
        self.notMatching = notMatching
    }

    static func rule(
        minSeverity: NormalizedSeverity? = nil, minCVSS: Double? = nil, fixAvailable: Bool? = nil,
        minDaysSinceFix: Int? = nil, exploited: Bool? = nil, publiclyDisclosed: Bool? = nil, cves: [String]? = nil,
        kbs: [Int]? = nil, products: [String]? = nil, statuses: [Finding.Status]? = nil
    ) -> PolicyRule? {
        try? PolicyRule(
            name: "r", action: .fail, minSeverity: minSeverity, minCVSS: minCVSS, fixAvailable: fixAvailable,
            minDaysSinceFix: minDaysSinceFix, exploited: exploited, publiclyDisclosed: publiclyDisclosed, cves: cves,
            kbs: kbs, products: products, statuses: statuses)
    }
}

@Suite struct ConditionTests {
    static let cases: [ConditionCase] = [
        ConditionCase(
            "min-severity high", ConditionCase.rule(minSeverity: .high),
            matches: Fixture.finding(severity: .important), not: Fixture.finding(severity: .moderate)),
        ConditionCase(
            "min-severity high takes critical", ConditionCase.rule(minSeverity: .high),
            matches: Fixture.finding(severity: .critical), not: Fixture.finding(severity: .low)),
        ConditionCase(
            "min-severity low skips unknown", ConditionCase.rule(minSeverity: .low),
            matches: Fixture.finding(severity: .low), not: Fixture.finding(severity: nil)),
        ConditionCase(
            "min-severity critical", ConditionCase.rule(minSeverity: .critical),
            matches: Fixture.finding(severity: .critical), not: Fixture.finding(severity: .important)),
        ConditionCase(
            "min-cvss 7.5 at the boundary", ConditionCase.rule(minCVSS: 7.5),
            matches: Fixture.finding(score: 7.5), not: Fixture.finding(score: 7.4)),
        ConditionCase(
            "min-cvss without a score", ConditionCase.rule(minCVSS: 0),
            matches: Fixture.finding(score: 0), not: Fixture.finding(score: nil)),
        ConditionCase(
            "fix-available true", ConditionCase.rule(fixAvailable: true),
            matches: Fixture.finding(), not: Fixture.finding(status: .noFix, fix: nil)),
        ConditionCase(
            "fix-available false", ConditionCase.rule(fixAvailable: false),
            matches: Fixture.finding(status: .noFix, fix: nil), not: Fixture.finding()),
        ConditionCase(
            "min-days-since-fix 8 (8.5 days)", ConditionCase.rule(minDaysSinceFix: 8),
            matches: Fixture.finding(), not: Fixture.finding(fix: Fixture.fix(released: Fixture.date(2026, 3, 13)))),
        ConditionCase(
            "min-days-since-fix without a fix", ConditionCase.rule(minDaysSinceFix: 0),
            matches: Fixture.finding(), not: Fixture.finding(status: .noFix, fix: nil)),
        ConditionCase(
            "min-days-since-fix without a release date", ConditionCase.rule(minDaysSinceFix: 0),
            matches: Fixture.finding(), not: Fixture.finding(fix: Fixture.fix(released: nil))),
        ConditionCase(
            "min-days-since-fix with a fix released after now", ConditionCase.rule(minDaysSinceFix: 0),
            matches: Fixture.finding(), not: Fixture.finding(fix: Fixture.fix(released: Fixture.date(2026, 4, 1)))),
        ConditionCase(
            "exploited true", ConditionCase.rule(exploited: true),
            matches: Fixture.finding(exploited: true), not: Fixture.finding(exploited: false)),
        ConditionCase(
            "exploited false", ConditionCase.rule(exploited: false),
            matches: Fixture.finding(exploited: false), not: Fixture.finding(exploited: true)),
        ConditionCase(
            "publicly-disclosed true", ConditionCase.rule(publiclyDisclosed: true),
            matches: Fixture.finding(disclosed: true), not: Fixture.finding(disclosed: false)),
        ConditionCase(
            "publicly-disclosed false", ConditionCase.rule(publiclyDisclosed: false),
            matches: Fixture.finding(disclosed: false), not: Fixture.finding(disclosed: true)),
        ConditionCase(
            "cves, any case", ConditionCase.rule(cves: ["cve-2026-0002", "CVE-2026-0003"]),
            matches: Fixture.finding(cve: "CVE-2026-0002"), not: Fixture.finding(cve: "CVE-2026-0001")),
        ConditionCase(
            "kbs: the fix", ConditionCase.rule(kbs: [5_035_857]),
            matches: Fixture.finding(), not: Fixture.finding(fix: Fixture.fix(kb: 5_034_000))),
        ConditionCase(
            "kbs: an alternative fix", ConditionCase.rule(kbs: [5_036_000]),
            matches: Fixture.finding(allFixes: [Fixture.fix(), Fixture.fix(kb: 5_036_000)]),
            not: Fixture.finding(allFixes: [Fixture.fix()])),
        ConditionCase(
            "kbs without any fix", ConditionCase.rule(kbs: [5_035_857]),
            matches: Fixture.finding(), not: Fixture.finding(status: .noFix, fix: nil)),
        ConditionCase(
            "products", ConditionCase.rule(products: ["11924", "12079-11924"]),
            matches: Fixture.finding(product: "12079-11924"), not: Fixture.finding(product: "11923")),
        ConditionCase(
            "statuses", ConditionCase.rule(statuses: [.noFix, .affected]),
            matches: Fixture.finding(status: .affected), not: Fixture.finding(status: .fixedNotApplied)),
    ]

    @Test(arguments: cases)
    func conditionMatchesAndDoesNot(_ testCase: ConditionCase) throws {
        let rule = try #require(testCase.rule)
        #expect(rule.matches(testCase.matching, now: Fixture.now))
        #expect(!rule.matches(testCase.notMatching, now: Fixture.now))

        let policy = try #require(Fixture.policy([rule]))
        let firing = policy.evaluate(Fixture.match([testCase.matching]), context: Fixture.context, now: Fixture.now)
        #expect(firing.verdict == .fail)
        #expect(firing.firedRules.map(\.cves) == [[testCase.matching.cve]])
        let quiet = policy.evaluate(Fixture.match([testCase.notMatching]), context: Fixture.context, now: Fixture.now)
        #expect(quiet.verdict == .pass)
        #expect(quiet.firedRules.isEmpty)
    }

    /// The fix is released at midnight UTC on 2026-03-12; seven whole days have passed from 2026-03-19 00:00.
    @Test(arguments: [
        (Fixture.date(2026, 3, 18, hour: 23, minute: 59, second: 59), false),
        (Fixture.date(2026, 3, 19), true),
        (Fixture.date(2026, 3, 19, hour: 0, minute: 0, second: 1), true),
    ])
    func minDaysSinceFixBoundary(now: Date, matches: Bool) throws {
        let rule = try PolicyRule(name: "stale-fix", action: .fail, minDaysSinceFix: 7)
        #expect(rule.matches(Fixture.finding(), now: now) == matches)
    }

    @Test func conditionsCombineWithAnd() throws {
        let rule = try PolicyRule(
            name: "and", action: .fail, minSeverity: .high, fixAvailable: true, minDaysSinceFix: 7, exploited: true)
        let all = Fixture.finding(severity: .critical, exploited: true)
        #expect(rule.matches(all, now: Fixture.now))
        // Each finding breaks exactly one condition.
        let oneMissing = [
            Fixture.finding(severity: .moderate, exploited: true),
            Fixture.finding(exploited: true, status: .noFix, fix: nil),
            Fixture.finding(exploited: true, fix: Fixture.fix(released: Fixture.date(2026, 3, 18))),
            Fixture.finding(severity: .critical, exploited: false),
        ]
        for finding in oneMissing {
            #expect(!rule.matches(finding, now: Fixture.now))
        }
        let policy = try #require(Fixture.policy([rule]))
        #expect(policy.evaluate(Fixture.match(oneMissing), context: Fixture.context, now: Fixture.now).verdict == .pass)
        #expect(
            policy.evaluate(Fixture.match(oneMissing + [all]), context: Fixture.context, now: Fixture.now).verdict
                == .fail)
    }

    @Test func summariesDescribeConditions() throws {
        let rule = try PolicyRule(name: "r", action: .fail, minSeverity: .high, fixAvailable: true, minDaysSinceFix: 7)
        #expect(rule.conditionSummary == "severity ≥ high and fix available and fix released ≥ 7 days ago")
        let lists = try PolicyRule(
            name: "l", action: .warn, minCVSS: 9, exploited: false, cves: ["CVE-2026-0001"], kbs: [1, 2],
            statuses: [.noFix])
        #expect(
            lists.conditionSummary
                == "CVSS ≥ 9 and not exploited and CVE CVE-2026-0001 and fixed by one of KB1, KB2 and status no-fix")
        let image = try PolicyRule(name: "i", action: .warn, databaseOlderThanHours: 1, buildBehindDays: 30)
        #expect(
            image.conditionSummary
                == "database older than 1 hour and installed update more than 30 days behind the newest")
    }
}
