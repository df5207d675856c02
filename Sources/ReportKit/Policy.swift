public import Foundation

extension ScanReport {
    /// The policy's outcome in a report.
    public struct Policy: Sendable, Hashable, Codable {
        /// The verdict.
        public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
            /// No `fail` or `warn` rule fired.
            case pass
            /// A `warn` rule fired, no `fail` rule.
            case warn
            /// A `fail` rule fired.
            case fail
        }

        /// The verdict.
        public let verdict: Verdict
        /// The policy's name or file.
        public let name: String?
        /// Every rule that fired.
        public let violations: [Violation]
        /// The suppressions that were considered, applied or expired.
        public let suppressions: [Suppression]

        /// Creates a value.
        public init(verdict: Verdict, name: String?, violations: [Violation], suppressions: [Suppression]) {
            self.verdict = verdict
            self.name = name
            self.violations = violations
            self.suppressions = suppressions
        }
    }

    /// A rule that fired.
    public struct Violation: Sendable, Hashable, Codable {
        /// What a rule does when it fires.
        public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
            /// Fails the policy.
            case fail
            /// Warns.
            case warn
            /// Informs.
            case info
        }

        /// The rule's name.
        public let rule: String
        /// Its action.
        public let action: Action
        /// What it checks, in words (`severity ≥ high and fix available`).
        public let message: String
        /// The CVEs of the findings it matched (empty for image-level rules).
        public let cves: [String]

        /// Creates a value.
        public init(rule: String, action: Action, message: String, cves: [String]) {
            self.rule = rule
            self.action = action
            self.message = message
            self.cves = cves
        }
    }

    /// A suppression: an allowlist entry, a VEX statement or an ignore-file line.
    public struct Suppression: Sendable, Hashable, Codable {
        /// Where a suppression comes from.
        public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
            /// A policy allowlist entry.
            case allowlist
            /// An OpenVEX statement.
            case vex
            /// A `.winscanignore` line.
            case ignoreFile = "ignore-file"
        }

        /// The CVE or KB it names.
        public let target: String
        /// Where it comes from.
        public let source: Source
        /// Why (allowlist reason, VEX justification or status notes).
        public let reason: String?
        /// Who owns it.
        public let owner: String?
        /// When it stops applying.
        public let expires: Date?
        /// Whether it had expired at scan time (then it suppresses nothing).
        public let expired: Bool
        /// The VEX status (`not_affected`, `fixed`), for VEX statements.
        public let vexStatus: String?
        /// The file it was read from.
        public let file: String?

        /// Creates a value.
        public init(
            target: String, source: Source, reason: String?, owner: String?, expires: Date?, expired: Bool,
            vexStatus: String?, file: String?
        ) {
            self.target = target
            self.source = source
            self.reason = reason
            self.owner = owner
            self.expires = expires
            self.expired = expired
            self.vexStatus = vexStatus
            self.file = file
        }
    }
}
