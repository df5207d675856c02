/// What a policy made of one scan: the verdict, the rules that fired and why, and which findings were
/// suppressed by what.
public struct PolicyEvaluation: Sendable, Hashable, Codable {
    /// What a pipeline gates on.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        /// No `fail` or `warn` rule fired.
        case pass
        /// A `warn` rule fired and no `fail` rule did.
        case warn
        /// A `fail` rule fired.
        case fail
    }

    /// A rule that fired.
    public struct FiredRule: Sendable, Hashable, Codable {
        /// The rule's name.
        public let rule: String
        /// Its action.
        public let action: PolicyRule.Action
        /// Its conditions in words (``PolicyRule/conditionSummary``): `severity ≥ high and fix available`.
        public let message: String
        /// The CVEs of the findings it matched, each once, in the findings' order; empty for an image-level
        /// rule.
        public let cves: [String]

        /// Creates a value.
        public init(rule: String, action: PolicyRule.Action, message: String, cves: [String]) {
            self.rule = rule
            self.action = action
            self.message = message
            self.cves = cves
        }
    }

    /// How one finding fared.
    public struct FindingOutcome: Sendable, Hashable, Codable {
        /// The finding's CVE.
        public let cve: String
        /// The finding's MSRC product ID.
        public let productID: String
        /// The active suppressions that apply to it, in order: the policy's allowlist, then the others in
        /// the order the evaluator was given them. Empty when it counts toward the rules.
        public let suppressedBy: [Suppression]
        /// The names of the finding-level rules it matched (empty when suppressed).
        public let rules: [String]

        /// Creates a value.
        public init(cve: String, productID: String, suppressedBy: [Suppression], rules: [String]) {
            self.cve = cve
            self.productID = productID
            self.suppressedBy = suppressedBy
            self.rules = rules
        }

        /// Whether a suppression left it out of the rules.
        public var isSuppressed: Bool { !suppressedBy.isEmpty }
    }

    /// A suppression that left a finding out.
    public struct AppliedSuppression: Sendable, Hashable, Codable {
        /// The finding's CVE.
        public let cve: String
        /// The finding's MSRC product ID.
        public let productID: String
        /// The suppression.
        public let suppression: Suppression

        /// Creates a value.
        public init(cve: String, productID: String, suppression: Suppression) {
            self.cve = cve
            self.productID = productID
            self.suppression = suppression
        }
    }

    /// The policy's name.
    public let policy: String
    /// The verdict.
    public let verdict: Verdict
    /// The rules that fired, in the policy's order (`info` rules included).
    public let firedRules: [FiredRule]
    /// One outcome per finding, in the match result's order.
    public let findings: [FindingOutcome]
    /// Every (finding, suppression) pair that applied.
    public let suppressions: [AppliedSuppression]
    /// Suppressions whose last day is over: they no longer apply, and a report should say so.
    public let expiredSuppressions: [Suppression]

    /// Creates a value.
    public init(
        policy: String, verdict: Verdict, firedRules: [FiredRule], findings: [FindingOutcome],
        suppressions: [AppliedSuppression], expiredSuppressions: [Suppression]
    ) {
        self.policy = policy
        self.verdict = verdict
        self.firedRules = firedRules
        self.findings = findings
        self.suppressions = suppressions
        self.expiredSuppressions = expiredSuppressions
    }

    /// The verdict for a set of fired rules: `fail` if any `fail` rule fired, else `warn` if any `warn` rule
    /// did, else `pass`.
    public static func verdict(for fired: [FiredRule]) -> Verdict {
        switch fired.map(\.action).max() {
        case .fail: .fail
        case .warn: .warn
        case .info, nil: .pass
        }
    }
}
