public import Foundation

extension ScanReport {
    /// One vulnerability the image has.
    public struct Finding: Sendable, Hashable, Codable {
        /// How a finding stands.
        public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
            /// Known affected; a fix exists but cannot be decided applied or not (it is reported, not dropped).
            case affected
            /// A fix exists and the image lacks it.
            case fixedNotApplied = "fixed-not-applied"
            /// Known affected and Microsoft lists no fix.
            case noFix = "no-fix"
        }

        /// The CVE ID.
        public let cve: String
        /// Its title.
        public let title: String?
        /// The normalized severity.
        public let severity: Severity
        /// The MSRC severity as written (`Important`).
        public let msrcSeverity: String?
        /// CVSS scores, when MSRC gives them.
        public let cvss: CVSS?
        /// The impact (`Remote Code Execution`).
        public let impact: String?
        /// Whether it is exploited in the wild.
        public let exploited: Bool
        /// Whether it was publicly disclosed.
        public let publiclyDisclosed: Bool
        /// The MSRC product matched (`11924`, or a compound .NET product `12079-11924`).
        public let productId: String
        /// The product's name.
        public let productName: String?
        /// How the finding stands.
        public let status: Status
        /// The fix, when there is one.
        public let fix: Fix?
        /// Why the image is affected, in words (`build 10.0.20348.2227 < 10.0.20348.2340`).
        public let evidence: String
        /// The MSRC page of the CVE.
        public let url: String?
        /// The suppression that applies, if any: a suppressed finding never counts toward the verdict.
        public let suppression: Suppression?

        /// Creates a value.
        public init(
            cve: String, title: String?, severity: Severity, msrcSeverity: String?, cvss: CVSS?, impact: String?,
            exploited: Bool, publiclyDisclosed: Bool, productId: String, productName: String?, status: Status,
            fix: Fix?, evidence: String, url: String?, suppression: Suppression?
        ) {
            self.cve = cve
            self.title = title
            self.severity = severity
            self.msrcSeverity = msrcSeverity
            self.cvss = cvss
            self.impact = impact
            self.exploited = exploited
            self.publiclyDisclosed = publiclyDisclosed
            self.productId = productId
            self.productName = productName
            self.status = status
            self.fix = fix
            self.evidence = evidence
            self.url = url
            self.suppression = suppression
        }

        /// Whether a suppression applies.
        public var isSuppressed: Bool { suppression != nil }
    }

    /// Normalized severity: MSRC Critical → critical, Important → high, Moderate → medium, Low → low.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// Critical.
        case critical
        /// High (MSRC Important).
        case high
        /// Medium (MSRC Moderate).
        case medium
        /// Low.
        case low
        /// No severity given.
        case unknown

        /// Rank, 4 for critical down to 0 for unknown.
        public var rank: Int {
            switch self {
            case .critical: 4
            case .high: 3
            case .medium: 2
            case .low: 1
            case .unknown: 0
            }
        }

        /// Orders by rank (`low < critical`).
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// CVSS scores of a finding.
    public struct CVSS: Sendable, Hashable, Codable {
        /// Base score.
        public let baseScore: Double?
        /// Temporal score.
        public let temporalScore: Double?
        /// Vector string.
        public let vector: String?

        /// Creates a value.
        public init(baseScore: Double?, temporalScore: Double?, vector: String?) {
            self.baseScore = baseScore
            self.temporalScore = temporalScore
            self.vector = vector
        }
    }

    /// The update that fixes a finding.
    public struct Fix: Sendable, Hashable, Codable {
        /// The KB (`KB5035857`).
        public let kb: String
        /// The build it brings (`10.0.20348.2340`), when MSRC states one.
        public let fixedBuild: String?
        /// When it was released.
        public let released: Date?
        /// Its URL.
        public let url: String?
        /// Whether it is a hotpatch.
        public let isHotpatch: Bool

        /// Creates a value.
        public init(kb: String, fixedBuild: String?, released: Date?, url: String?, isHotpatch: Bool) {
            self.kb = kb
            self.fixedBuild = fixedBuild
            self.released = released
            self.url = url
            self.isHotpatch = isHotpatch
        }
    }

    /// The one update that closes the most findings.
    public struct Remediation: Sendable, Hashable, Codable {
        /// The KB.
        public let kb: String
        /// The build it brings.
        public let fixedBuild: String?
        /// When it was released.
        public let released: Date?
        /// Its URL.
        public let url: String?
        /// How many findings it closes.
        public let closes: Int
        /// The CVEs of findings it does not close.
        public let notClosed: [String]

        /// Creates a value.
        public init(kb: String, fixedBuild: String?, released: Date?, url: String?, closes: Int, notClosed: [String]) {
            self.kb = kb
            self.fixedBuild = fixedBuild
            self.released = released
            self.url = url
            self.closes = closes
            self.notClosed = notClosed
        }
    }

    /// Counts of unsuppressed findings per severity.
    public struct Summary: Sendable, Hashable, Codable {
        /// Critical findings.
        public let critical: Int
        /// High findings.
        public let high: Int
        /// Medium findings.
        public let medium: Int
        /// Low findings.
        public let low: Int
        /// Findings without a severity.
        public let unknown: Int
        /// Findings a suppression applies to (counted in none of the above).
        public let suppressed: Int

        /// Counts `findings`.
        public init(counting findings: [Finding]) {
            var counts: [Severity: Int] = [:]
            var suppressed = 0
            for finding in findings {
                if finding.isSuppressed { suppressed += 1 } else { counts[finding.severity, default: 0] += 1 }
            }
            critical = counts[.critical] ?? 0
            high = counts[.high] ?? 0
            medium = counts[.medium] ?? 0
            low = counts[.low] ?? 0
            unknown = counts[.unknown] ?? 0
            self.suppressed = suppressed
        }

        /// Unsuppressed findings in all.
        public var total: Int { critical + high + medium + low + unknown }
    }
}
