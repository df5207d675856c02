public import Foundation
public import VulnMatch

/// What a CI pipeline gates on: named rules over an image's findings and the image itself, and an allowlist
/// of findings the rules leave out.
///
/// Read one from a file with ``load(contentsOf:)``, ``init(yaml:source:)`` or ``init(json:source:)`` (the
/// format is in `docs/policy.md`), or build one in code; ``default`` has no rule and always passes.
/// ``evaluate(_:context:now:)`` gives the verdict; ``PolicyEvaluator`` adds OpenVEX documents and ignore files.
///
/// Encodes to (and decodes from) the policy file format's keys, so an encoded policy reads back as an equal
/// value.
public struct Policy: Sendable, Hashable, Codable {
    /// The policy's name, as reports show it.
    public let name: String
    /// The rules, in the order they were written.
    public let rules: [PolicyRule]
    /// Findings the rules leave out.
    public let allowlist: [AllowlistEntry]

    /// Creates a policy, checking that its name is not empty and no two rules share a name.
    public init(name: String, rules: [PolicyRule] = [], allowlist: [AllowlistEntry] = []) throws(PolicyError) {
        guard !name.isEmpty else { throw PolicyError(.invalidValue, "a policy's name must not be empty") }
        var seen: Set<String> = []
        for rule in rules where !seen.insert(rule.name).inserted {
            throw PolicyError(.duplicate, "duplicate rule name \(quoted(rule.name))")
        }
        self.init(checkedName: name, rules: rules, allowlist: allowlist)
    }

    private init(checkedName: String, rules: [PolicyRule], allowlist: [AllowlistEntry]) {
        self.name = checkedName
        self.rules = rules
        self.allowlist = allowlist
    }

    /// The policy used when none is given: no rule, no allowlist; every image passes.
    public static let `default` = Policy(checkedName: "default", rules: [], allowlist: [])

    /// winscan's `--fail-on SEVERITY`: one `fail` rule, `severity ≥ severity`, named `fail-on-<severity>`.
    public static func failOn(severity: NormalizedSeverity) throws(PolicyError) -> Policy {
        let rule = try PolicyRule(name: "fail-on-\(severity.rawValue)", action: .fail, minSeverity: severity)
        return try Policy(name: "fail-on \(severity.rawValue)", rules: [rule])
    }

    /// winscan's `--fail-on SEVERITY` as typed: a severity ``NormalizedSeverity/init(threshold:)`` accepts.
    public static func failOn(severity: String) throws(PolicyError) -> Policy {
        guard let parsed = NormalizedSeverity(threshold: severity) else {
            throw PolicyError(
                .invalidValue,
                "--fail-on: \(quoted(severity)) is not a severity (expected \(NormalizedSeverity.thresholdWords))")
        }
        return try failOn(severity: parsed)
    }

    /// The legacy Sysdig inspector's flags, exactly: one `fail` rule, named `sysdig-inspector`, combining the
    /// conditions given — `-min_severity S` (`low`, `medium`, `high` or `critical`, case-insensitive, as the
    /// legacy tool took them) → `severity ≥ S`, `-fix_available` → `fix available`, `-min_days_fix N` →
    /// `fix released ≥ N days ago`.
    ///
    /// With none of the three given there is nothing to fail on, and the result is ``default`` (always
    /// passes).
    public static func sysdigCompatible(minSeverity: String?, fixAvailable: Bool, minDaysFix: Int?)
        throws(PolicyError) -> Policy
    {
        var severity: NormalizedSeverity?
        if let minSeverity {
            let legacy: [String: NormalizedSeverity] = [
                "low": .low, "medium": .medium, "high": .high, "critical": .critical,
            ]
            guard let parsed = legacy[minSeverity.lowercased()] else {
                throw PolicyError(
                    .invalidValue,
                    "-min_severity: \(quoted(minSeverity)) is not a severity (expected low, medium, high or critical)")
            }
            severity = parsed
        }
        if let minDaysFix, minDaysFix < 0 {
            throw PolicyError(.invalidValue, "-min_days_fix: must not be negative, not \(minDaysFix)")
        }
        guard severity != nil || fixAvailable || minDaysFix != nil else { return .default }
        let rule = try PolicyRule(
            name: "sysdig-inspector", action: .fail, minSeverity: severity, fixAvailable: fixAvailable ? true : nil,
            minDaysSinceFix: minDaysFix)
        return try Policy(name: "sysdig-inspector", rules: [rule])
    }

    /// Evaluates `match` with this policy and its allowlist at `now` (see ``PolicyEvaluator``).
    public func evaluate(_ match: MatchResult, context: PolicyContext, now: Date) -> PolicyEvaluation {
        PolicyEvaluator(policy: self).evaluate(match, context: context, now: now)
    }

    // MARK: Codable, in the policy file's keys

    enum CodingKeys: String, CodingKey {
        case name, rules, allowlist
    }

    /// Decodes a policy from the file format's keys, checked as ``init(name:rules:allowlist:)`` does. Reading
    /// files goes through ``init(yaml:source:)``, which also rejects unknown keys and names lines.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: values.decode(String.self, forKey: .name),
            rules: values.decodeIfPresent([PolicyRule].self, forKey: .rules) ?? [],
            allowlist: values.decodeIfPresent([AllowlistEntry].self, forKey: .allowlist) ?? [])
    }
}
