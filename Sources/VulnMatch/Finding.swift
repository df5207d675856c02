public import Foundation
public import MSRCModel

/// One CVE the image is affected by, for one MSRC product, with the fix that would close it and the evidence.
public struct Finding: Sendable, Hashable, Codable {
    /// How a finding stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Known affected; fixes exist but none applies to the image's build line or KBs (reported, never
        /// dropped).
        case affected
        /// A fix exists and the image lacks it.
        case fixedNotApplied = "fixed-not-applied"
        /// Known affected and Microsoft lists no fix for the product.
        case noFix = "no-fix"
    }

    /// Which rule decided a finding.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// The image's build is below the fix's FixedBuild on the same build line.
        case build
        /// No fix KB is installed or superseded by an installed KB.
        case kb
        /// No fix row: known affected only.
        case noFix = "no-fix"
        /// Fix rows exist, but none could be compared with the image.
        case undecided
    }

    /// The CVE ID.
    public let cve: String
    /// Its title.
    public let title: String?
    /// The MSRC product matched (`11924`, or compound `12079-11924`).
    public let productID: String
    /// The product's name.
    public let productName: String?
    /// The MSRC severity for the product, as written.
    public let msrcSeverity: Severity?
    /// The normalized severity.
    public let severity: NormalizedSeverity
    /// CVSS base score.
    public let baseScore: Double?
    /// CVSS temporal score.
    public let temporalScore: Double?
    /// CVSS vector.
    public let vector: String?
    /// The impact (`Remote Code Execution`).
    public let impact: String?
    /// Exploited in the wild.
    public let exploited: Bool
    /// Publicly disclosed.
    public let publiclyDisclosed: Bool
    /// When the CVE was first published.
    public let published: Date?
    /// How the finding stands.
    public let status: Status
    /// The rule that decided it.
    public let rule: Rule
    /// The fix to apply (the earliest that closes it on the image's build line), if any.
    public let fix: FixReference?
    /// Every fix row for the product (alternatives, hotpatches, re-releases).
    public let allFixes: [FixReference]
    /// Why the image is affected, in words.
    public let evidence: String

    /// Creates a value.
    public init(
        cve: String, title: String?, productID: String, productName: String?, msrcSeverity: Severity?,
        baseScore: Double?, temporalScore: Double?, vector: String?, impact: String?, exploited: Bool,
        publiclyDisclosed: Bool, published: Date?, status: Status, rule: Rule, fix: FixReference?,
        allFixes: [FixReference], evidence: String
    ) {
        self.cve = cve
        self.title = title
        self.productID = productID
        self.productName = productName
        self.msrcSeverity = msrcSeverity
        self.severity = NormalizedSeverity(msrcSeverity)
        self.baseScore = baseScore
        self.temporalScore = temporalScore
        self.vector = vector
        self.impact = impact
        self.exploited = exploited
        self.publiclyDisclosed = publiclyDisclosed
        self.published = published
        self.status = status
        self.rule = rule
        self.fix = fix
        self.allFixes = allFixes
        self.evidence = evidence
    }

    /// Whether a fix exists.
    public var hasFix: Bool { fix != nil }
}

/// A fix update as a finding cites it.
public struct FixReference: Sendable, Hashable, Codable {
    /// The KB number.
    public let kb: Int
    /// The build it brings, when MSRC states one.
    public let fixedBuild: BuildVersion?
    /// When it was released.
    public let released: Date?
    /// Its URL.
    public let url: String?
    /// The sub-type as written (`Security Update`, `Security Hotpatch Update`…).
    public let subType: String?
    /// Whether it is a hotpatch.
    public let isHotpatch: Bool

    /// Creates a value.
    public init(kb: Int, fixedBuild: BuildVersion?, released: Date?, url: String?, subType: String?, isHotpatch: Bool) {
        self.kb = kb
        self.fixedBuild = fixedBuild
        self.released = released
        self.url = url
        self.subType = subType
        self.isHotpatch = isHotpatch
    }

    /// `KB5035857`.
    public var name: String { "KB\(kb)" }
}

/// Severity normalized across sources: MSRC Critical → critical, Important → high, Moderate → medium,
/// Low → low; anything else → unknown.
public enum NormalizedSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Critical.
    case critical
    /// High (MSRC Important).
    case high
    /// Medium (MSRC Moderate).
    case medium
    /// Low.
    case low
    /// No usable severity.
    case unknown

    /// Normalizes an MSRC severity.
    public init(_ severity: Severity?) {
        switch severity?.rawValue.lowercased() {
        case "critical": self = .critical
        case "important", "high": self = .high
        case "moderate", "medium": self = .medium
        case "low": self = .low
        default: self = .unknown
        }
    }

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
    public static func < (lhs: NormalizedSeverity, rhs: NormalizedSeverity) -> Bool { lhs.rank < rhs.rank }
}
