import Foundation

/// The outcome of matching one image against the database.
public struct MatchResult: Sendable, Hashable, Codable {
    /// Whether the image could be matched at all.
    public enum Outcome: Sendable, Hashable, Codable {
        /// Matched against `products`: the finding list is complete for them.
        case matched
        /// Not matched, with the reason: never read as "no vulnerabilities".
        case unidentified(reason: String)
    }

    /// Whether the image could be matched.
    public let outcome: Outcome
    /// The product IDs matched (the OS product first, then compound products found present).
    public let productIDs: [String]
    /// The image's full build, when known.
    public let build: String?
    /// The findings, most severe first, then by CVE.
    public let findings: [Finding]
    /// The update that closes the most findings, and what it leaves open.
    public let remediation: RemediationSummary?
    /// The cumulative update the image's build corresponds to (the newest LCU with FixedBuild ≤ the build).
    public let installedUpdate: FixReference?
    /// The newest cumulative update for the product in the database.
    public let newestUpdate: FixReference?
    /// KBs the image is treated as having: CBS packages plus the LCUs its build implies.
    public let effectiveKBs: [Int]
    /// Remarks on how matching went (a corrected FixedBuild, an approximated product…).
    public let notes: [String]

    /// Creates a value.
    public init(
        outcome: Outcome, productIDs: [String], build: String?, findings: [Finding], remediation: RemediationSummary?,
        installedUpdate: FixReference?, newestUpdate: FixReference?, effectiveKBs: [Int], notes: [String]
    ) {
        self.outcome = outcome
        self.productIDs = productIDs
        self.build = build
        self.findings = findings
        self.remediation = remediation
        self.installedUpdate = installedUpdate
        self.newestUpdate = newestUpdate
        self.effectiveKBs = effectiveKBs
        self.notes = notes
    }

    /// Whether the image was matched.
    public var isIdentified: Bool { outcome == .matched }

    /// Days between the installed cumulative update's release and the newest one's, when both are known.
    public var daysBehindNewestUpdate: Int? {
        guard let installed = installedUpdate?.released, let newest = newestUpdate?.released else { return nil }
        return max(0, Int((newest.timeIntervalSince(installed) / 86_400).rounded(.down)))
    }
}

/// The one update that closes the most findings.
public struct RemediationSummary: Sendable, Hashable, Codable {
    /// The update.
    public let update: FixReference
    /// The CVEs it closes.
    public let closes: [String]
    /// The CVEs of findings it does not close.
    public let notClosed: [String]

    /// Creates a value.
    public init(update: FixReference, closes: [String], notClosed: [String]) {
        self.update = update
        self.closes = closes
        self.notClosed = notClosed
    }
}
