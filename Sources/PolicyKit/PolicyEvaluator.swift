public import Foundation
public import VulnMatch

/// Evaluates scans with a policy and the suppressions from outside it (OpenVEX documents, ignore files).
///
/// Evaluation is a pure function of its arguments: every date is compared with the `now` the caller passes.
///
/// 1. The policy's allowlist and the other suppressions are split into active and expired at `now` (an
///    entry expiring on a day applies through that whole day, UTC).
/// 2. A finding that any active suppression names (by CVE, or by a KB that fixes it) is suppressed, and
///    counts toward no rule.
/// 3. A finding-level rule fires when at least one finding that is not suppressed meets all its conditions;
///    an image-level rule fires when the image meets all its conditions.
/// 4. The verdict is `fail` if a `fail` rule fired, else `warn` if a `warn` rule fired, else `pass`.
public struct PolicyEvaluator: Sendable, Hashable {
    /// The policy.
    public let policy: Policy
    /// Suppressions from outside the policy, applied after its allowlist.
    public let suppressions: [Suppression]

    /// Creates an evaluator from a policy and suppressions from outside it.
    public init(policy: Policy, suppressions: [Suppression] = []) {
        self.policy = policy
        self.suppressions = suppressions
    }

    /// Creates an evaluator from a policy, OpenVEX documents and ignore files (their suppressions in that
    /// order).
    public init(policy: Policy, vex: [OpenVEXDocument], ignoreFiles: [IgnoreFile] = []) {
        self.init(
            policy: policy, suppressions: vex.flatMap(\.suppressions) + ignoreFiles.flatMap(\.suppressions))
    }

    /// Evaluates `match` at `now`.
    public func evaluate(_ match: MatchResult, context: PolicyContext, now: Date) -> PolicyEvaluation {
        let all = policy.allowlist.map { $0.suppression(policyName: policy.name) } + suppressions
        let active = all.filter { $0.isActive(at: now) }
        let expired = all.filter { !$0.isActive(at: now) }

        var outcomes: [PolicyEvaluation.FindingOutcome] = []
        var applied: [PolicyEvaluation.AppliedSuppression] = []
        var matchedByRule: [String: [String]] = [:]
        let findingRules = policy.rules.filter { !$0.isImageLevel }
        for finding in match.findings {
            let suppressedBy = active.filter { $0.target.matches(finding) }
            applied += suppressedBy.map {
                PolicyEvaluation.AppliedSuppression(cve: finding.cve, productID: finding.productID, suppression: $0)
            }
            var ruleNames: [String] = []
            if suppressedBy.isEmpty {
                for rule in findingRules where rule.matches(finding, now: now) {
                    ruleNames.append(rule.name)
                    if matchedByRule[rule.name, default: []].contains(finding.cve) == false {
                        matchedByRule[rule.name, default: []].append(finding.cve)
                    }
                }
            }
            outcomes.append(
                PolicyEvaluation.FindingOutcome(
                    cve: finding.cve, productID: finding.productID, suppressedBy: suppressedBy, rules: ruleNames))
        }

        var fired: [PolicyEvaluation.FiredRule] = []
        for rule in policy.rules {
            let cves: [String]
            if rule.isImageLevel {
                guard rule.matchesImage(match, context: context, now: now) else { continue }
                cves = []
            } else {
                guard let matched = matchedByRule[rule.name], !matched.isEmpty else { continue }
                cves = matched
            }
            fired.append(
                PolicyEvaluation.FiredRule(
                    rule: rule.name, action: rule.action, message: rule.conditionSummary, cves: cves))
        }
        return PolicyEvaluation(
            policy: policy.name, verdict: PolicyEvaluation.verdict(for: fired), firedRules: fired, findings: outcomes,
            suppressions: applied, expiredSuppressions: expired)
    }
}
