public import Foundation
public import VulnMatch

/// One reason to leave findings out of a policy's rules: an allowlist entry, an OpenVEX statement or an
/// ignore-file line, in one shape.
public struct Suppression: Sendable, Hashable, Codable {
    /// Where a suppression comes from.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        /// The policy's `allowlist`.
        case allowlist
        /// An OpenVEX statement whose status is `not_affected` or `fixed`.
        case vex
        /// A line of an ignore file (`.winscanignore`).
        case ignoreFile = "ignore-file"
    }

    /// What a suppression applies to.
    public enum Target: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Findings of this CVE (compared case-insensitively).
        case cve(String)
        /// Findings this KB fixes: the finding's fix, or any of its ``VulnMatch/Finding/allFixes``.
        case kb(Int)

        /// Whether `finding` is one this target names.
        public func matches(_ finding: Finding) -> Bool {
            switch self {
            case .cve(let cve): finding.cve.uppercased() == cve.uppercased()
            case .kb(let kb): finding.fix?.kb == kb || finding.allFixes.contains { $0.kb == kb }
            }
        }

        /// `CVE-2024-21338` or `KB5035857`.
        public var description: String {
            switch self {
            case .cve(let cve): cve
            case .kb(let kb): "KB\(kb)"
            }
        }
    }

    /// Where it comes from.
    public let source: Source
    /// What it applies to.
    public let target: Target
    /// Where exactly: `policy "ci-gate"`, `vex.json` (the document's path or `@id`), `.winscanignore:4`.
    public let origin: String
    /// Why, in the author's words (the allowlist `reason`, the VEX impact statement or justification, an
    /// ignore-file comment).
    public let reason: String?
    /// Who answers for it (the allowlist `owner`, the VEX document's `author`).
    public let owner: String?
    /// The last day it applies (through that whole day, UTC); `nil` for never expiring.
    public let expires: CalendarDay?
    /// The OpenVEX statement it comes from, for ``Source/vex``.
    public let statement: OpenVEXDocument.Statement?

    /// Creates a suppression.
    public init(
        source: Source, target: Target, origin: String, reason: String? = nil, owner: String? = nil,
        expires: CalendarDay? = nil, statement: OpenVEXDocument.Statement? = nil
    ) {
        self.source = source
        self.target = target
        self.origin = origin
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.statement = statement
    }

    /// Whether it still applies at `now`: it never expires, or `now` is before the end of its last day (UTC).
    public func isActive(at now: Date) -> Bool {
        guard let expires else { return true }
        return now < expires.end
    }
}
