import MSRCModel
import PolicyKit
import Testing
import VulnMatch

@Suite struct LegacyFlagsTests {
    @Test func sysdigFlagsMapToOneFailRule() throws {
        let policy = try Policy.sysdigCompatible(minSeverity: "HIGH", fixAvailable: true, minDaysFix: 7)
        #expect(
            policy.rules == [
                try PolicyRule(
                    name: "sysdig-inspector", action: .fail, minSeverity: .high, fixAvailable: true, minDaysSinceFix: 7)
            ])
        #expect(
            policy.rules.first?.conditionSummary == "severity ≥ high and fix available and fix released ≥ 7 days ago")
        let fresh = Fixture.finding(fix: Fixture.fix(released: Fixture.date(2026, 3, 19)))
        let old = Fixture.finding(cve: "CVE-2026-0002")
        #expect(policy.evaluate(Fixture.match([fresh]), context: Fixture.context, now: Fixture.now).verdict == .pass)
        #expect(
            policy.evaluate(Fixture.match([fresh, old]), context: Fixture.context, now: Fixture.now).verdict == .fail)
    }

    @Test(arguments: [
        ("low", NormalizedSeverity.low), ("Medium", .medium), ("high", .high), ("CRITICAL", .critical),
    ])
    func sysdigSeverityAlone(word: String, severity: NormalizedSeverity) throws {
        let policy = try Policy.sysdigCompatible(minSeverity: word, fixAvailable: false, minDaysFix: nil)
        #expect(policy.rules == [try PolicyRule(name: "sysdig-inspector", action: .fail, minSeverity: severity)])
    }

    @Test func sysdigFlagsEachAlone() throws {
        let fix = try Policy.sysdigCompatible(minSeverity: nil, fixAvailable: true, minDaysFix: nil)
        #expect(fix.rules == [try PolicyRule(name: "sysdig-inspector", action: .fail, fixAvailable: true)])
        let days = try Policy.sysdigCompatible(minSeverity: nil, fixAvailable: false, minDaysFix: 0)
        #expect(days.rules == [try PolicyRule(name: "sysdig-inspector", action: .fail, minDaysSinceFix: 0)])
        #expect(try Policy.sysdigCompatible(minSeverity: nil, fixAvailable: false, minDaysFix: nil) == .default)
    }

    @Test(arguments: ["important", "severe", "", "unknown"])
    func sysdigRejectsWhatTheLegacyToolDid(word: String) {
        let error = #expect(throws: PolicyError.self) {
            try Policy.sysdigCompatible(minSeverity: word, fixAvailable: false, minDaysFix: nil)
        }
        #expect(error?.description.hasPrefix("-min_severity: ") == true)
        #expect(throws: PolicyError.self) {
            try Policy.sysdigCompatible(minSeverity: nil, fixAvailable: true, minDaysFix: -1)
        }
    }

    @Test(arguments: [
        ("critical", NormalizedSeverity.critical), ("Important", .high), ("MEDIUM", .medium), ("low", .low),
    ])
    func failOnSeverity(word: String, severity: NormalizedSeverity) throws {
        let policy = try Policy.failOn(severity: word)
        #expect(policy == (try Policy.failOn(severity: severity)))
        #expect(
            policy.rules == [try PolicyRule(name: "fail-on-\(severity.rawValue)", action: .fail, minSeverity: severity)]
        )
        let below = NormalizedSeverity.allCases.filter { $0 < severity }
        let findings = below.map { Fixture.finding(severity: Self.msrc($0)) }
        #expect(policy.evaluate(Fixture.match(findings), context: Fixture.context, now: Fixture.now).verdict == .pass)
        let atThreshold = findings + [Fixture.finding(cve: "CVE-2026-0009", severity: Self.msrc(severity))]
        let evaluation = policy.evaluate(Fixture.match(atThreshold), context: Fixture.context, now: Fixture.now)
        #expect(evaluation.verdict == .fail)
        #expect(evaluation.firedRules.first?.cves == ["CVE-2026-0009"])
    }

    @Test func failOnRejectsUnknownWords() {
        let error = #expect(throws: PolicyError.self) { try Policy.failOn(severity: "none") }
        #expect(error?.description.hasPrefix("--fail-on: \"none\" is not a severity") == true)
    }

    static func msrc(_ severity: NormalizedSeverity) -> MSRCModel.Severity? {
        switch severity {
        case .critical: .critical
        case .high: .important
        case .medium: .moderate
        case .low: .low
        case .unknown: nil
        }
    }
}
