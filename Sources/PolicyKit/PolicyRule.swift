public import VulnMatch

/// One rule of a ``Policy``: conditions, all of which must hold, and what happens when they do.
///
/// A rule is either finding-level — it fires when at least one finding that is not suppressed meets every
/// condition — or image-level — it fires when the image meets every condition — depending on its conditions:
/// any of ``imageUnidentified``, ``databaseOlderThanHours``, ``buildBehindDays`` or ``productApproximated``
/// makes it image-level, and the two kinds cannot be mixed in one rule. A rule with no condition is invalid.
///
/// Encodes to (and decodes from) the keys of the policy file format (`docs/policy.md`).
public struct PolicyRule: Sendable, Hashable, Codable {
    /// What a rule does to the verdict when it fires.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// The verdict is `fail`.
        case fail
        /// The verdict is at least `warn`.
        case warn
        /// Reported only; the verdict is unchanged.
        case info

        /// Orders by weight: `info < warn < fail`.
        public static func < (lhs: Action, rhs: Action) -> Bool { lhs.weight < rhs.weight }

        private var weight: Int {
            switch self {
            case .info: 0
            case .warn: 1
            case .fail: 2
            }
        }
    }

    /// The rule's name, unique in its policy.
    public let name: String
    /// What happens when it fires.
    public let action: Action

    /// The finding's normalized severity is at least this (`min-severity`).
    public let minSeverity: NormalizedSeverity?
    /// The finding's CVSS base score is at least this (`min-cvss`); a finding without one does not match.
    public let minCVSS: Double?
    /// Whether the finding has a fix to apply (`fix-available`, ``Finding/hasFix``).
    public let fixAvailable: Bool?
    /// Whole days (of 24 hours) from the release of the finding's fix to `now` are at least this
    /// (`min-days-since-fix`); a finding without a fix, or whose fix has no release date, does not match.
    public let minDaysSinceFix: Int?
    /// Whether the CVE is exploited in the wild (`exploited`).
    public let exploited: Bool?
    /// Whether the CVE was publicly disclosed (`publicly-disclosed`).
    public let publiclyDisclosed: Bool?
    /// The finding's CVE is one of these (`cves`), in upper case.
    public let cves: [String]?
    /// The finding's fix KB, or any KB of ``Finding/allFixes``, is one of these (`kbs`).
    public let kbs: [Int]?
    /// The finding's MSRC product ID is one of these (`products`).
    public let products: [String]?
    /// The finding's status is one of these (`statuses`).
    public let statuses: [Finding.Status]?

    /// Whether the image could not be identified (`image-unidentified`); image-level.
    public let imageUnidentified: Bool?
    /// The vulnerability database was built more than this many hours before `now`
    /// (`database-older-than-hours`); image-level.
    public let databaseOlderThanHours: Int?
    /// The image's installed cumulative update was released more than this many days before the newest one
    /// (`build-behind-days`, ``MatchResult/daysBehindNewestUpdate``); image-level. An image whose updates are
    /// not both dated does not match.
    public let buildBehindDays: Int?
    /// Whether the image's MSRC product was approximated (`product-approximated`); image-level.
    public let productApproximated: Bool?

    /// Creates a rule, checking it: a non-empty name, at least one condition, image-level and finding-level
    /// conditions not mixed, no empty list, severities other than `unknown`, a CVSS score from 0 to 10,
    /// counts not negative, CVE IDs shaped `CVE-YYYY-N…` (stored in upper case), KB numbers above zero.
    public init(
        name: String, action: Action, minSeverity: NormalizedSeverity? = nil, minCVSS: Double? = nil,
        fixAvailable: Bool? = nil, minDaysSinceFix: Int? = nil, exploited: Bool? = nil,
        publiclyDisclosed: Bool? = nil, cves: [String]? = nil, kbs: [Int]? = nil, products: [String]? = nil,
        statuses: [Finding.Status]? = nil, imageUnidentified: Bool? = nil, databaseOlderThanHours: Int? = nil,
        buildBehindDays: Int? = nil, productApproximated: Bool? = nil
    ) throws(PolicyError) {
        let rule = quoted(name)
        guard !name.isEmpty else { throw PolicyError(.invalidValue, "a rule's name must not be empty") }
        if minSeverity == .unknown {
            throw PolicyError(
                .invalidValue, "\"min-severity\" in rule \(rule) must be one of \(NormalizedSeverity.thresholdWords)")
        }
        if let minCVSS, let problem = Self.cvssProblem(minCVSS) {
            throw PolicyError(.invalidValue, "\"min-cvss\" in rule \(rule) \(problem)")
        }
        for (key, value) in [
            ("min-days-since-fix", minDaysSinceFix), ("database-older-than-hours", databaseOlderThanHours),
            ("build-behind-days", buildBehindDays),
        ] {
            if let value, value < 0 {
                throw PolicyError(.invalidValue, "\"\(key)\" in rule \(rule) must not be negative, not \(value)")
            }
        }
        for (key, isEmpty) in [
            ("cves", cves?.isEmpty), ("kbs", kbs?.isEmpty), ("products", products?.isEmpty),
            ("statuses", statuses?.isEmpty),
        ] where isEmpty == true {
            throw PolicyError(.invalidValue, "\"\(key)\" in rule \(rule) must not be an empty list")
        }
        var normalizedCVEs: [String]?
        if let cves {
            normalizedCVEs = []
            for cve in cves {
                guard let normalized = Self.normalizedCVE(cve) else {
                    throw PolicyError(.invalidValue, "\"cves\" in rule \(rule): \(quoted(cve)) is not a CVE ID")
                }
                normalizedCVEs?.append(normalized)
            }
        }
        if let kbs, let bad = kbs.first(where: { $0 <= 0 }) {
            throw PolicyError(.invalidValue, "\"kbs\" in rule \(rule): \(bad) is not a KB number")
        }
        if let products, products.contains(where: \.isEmpty) {
            throw PolicyError(.invalidValue, "\"products\" in rule \(rule) must not hold an empty product ID")
        }

        self.name = name
        self.action = action
        self.minSeverity = minSeverity
        self.minCVSS = minCVSS
        self.fixAvailable = fixAvailable
        self.minDaysSinceFix = minDaysSinceFix
        self.exploited = exploited
        self.publiclyDisclosed = publiclyDisclosed
        self.cves = normalizedCVEs
        self.kbs = kbs
        self.products = products
        self.statuses = statuses
        self.imageUnidentified = imageUnidentified
        self.databaseOlderThanHours = databaseOlderThanHours
        self.buildBehindDays = buildBehindDays
        self.productApproximated = productApproximated

        let imageKeys = imageConditionKeys
        let findingKeys = findingConditionKeys
        if imageKeys.isEmpty && findingKeys.isEmpty {
            throw PolicyError(
                .invalidRule,
                "rule \(rule) has no conditions (a rule needs at least one of: "
                    + "\((Self.findingKeys + Self.imageKeys).joined(separator: ", ")))")
        }
        if !imageKeys.isEmpty && !findingKeys.isEmpty {
            throw PolicyError(
                .invalidRule,
                "rule \(rule) mixes image conditions (\(imageKeys.joined(separator: ", "))) with finding "
                    + "conditions (\(findingKeys.joined(separator: ", "))); split it into two rules")
        }
    }

    /// Whether the rule is about the image rather than its findings (see the type's overview).
    public var isImageLevel: Bool { !imageConditionKeys.isEmpty }

    /// The file-format keys of the finding-level conditions, in the order the format lists them.
    static let findingKeys = [
        "min-severity", "min-cvss", "fix-available", "min-days-since-fix", "exploited", "publicly-disclosed",
        "cves", "kbs", "products", "statuses",
    ]
    /// The file-format keys of the image-level conditions.
    static let imageKeys = [
        "image-unidentified", "database-older-than-hours", "build-behind-days", "product-approximated",
    ]

    /// The keys of the finding-level conditions this rule sets.
    var findingConditionKeys: [String] {
        let set: [Bool] = [
            minSeverity != nil, minCVSS != nil, fixAvailable != nil, minDaysSinceFix != nil, exploited != nil,
            publiclyDisclosed != nil, cves != nil, kbs != nil, products != nil, statuses != nil,
        ]
        return zip(Self.findingKeys, set).filter { $0.1 }.map { $0.0 }
    }

    /// The keys of the image-level conditions this rule sets.
    var imageConditionKeys: [String] {
        let set = [
            imageUnidentified != nil, databaseOlderThanHours != nil, buildBehindDays != nil,
            productApproximated != nil,
        ]
        return zip(Self.imageKeys, set).filter { $0.1 }.map { $0.0 }
    }

    /// Why a CVSS threshold is not usable, or `nil` when it is.
    static func cvssProblem(_ score: Double) -> String? {
        score.isFinite && (0...10).contains(score) ? nil : "must be a number from 0 to 10, not \(score)"
    }

    /// `CVE-2024-21338` in upper case when `text` is shaped `CVE-YYYY-NNNN…` (any case), else `nil`.
    static func normalizedCVE(_ text: String) -> String? {
        let upper = text.uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "CVE", parts[1].count == 4, parts[2].count >= 4,
            parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            parts[2].utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return upper
    }

    /// The KB number of `KB5035857`, `kb5035857` or `5035857`, or `nil`.
    static func kbNumber(_ text: String) -> Int? {
        let digits = text.uppercased().hasPrefix("KB") ? text.dropFirst(2) : Substring(text)
        guard !digits.isEmpty, digits.count <= 9, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let number = Int(digits), number > 0
        else { return nil }
        return number
    }

    // MARK: Codable, in the policy file's keys

    enum CodingKeys: String, CodingKey {
        case name, action
        case minSeverity = "min-severity"
        case minCVSS = "min-cvss"
        case fixAvailable = "fix-available"
        case minDaysSinceFix = "min-days-since-fix"
        case exploited
        case publiclyDisclosed = "publicly-disclosed"
        case cves, kbs, products, statuses
        case imageUnidentified = "image-unidentified"
        case databaseOlderThanHours = "database-older-than-hours"
        case buildBehindDays = "build-behind-days"
        case productApproximated = "product-approximated"
    }

    /// Decodes a rule from the policy file's keys and checks it as ``init(name:action:minSeverity:minCVSS:fixAvailable:minDaysSinceFix:exploited:publiclyDisclosed:cves:kbs:products:statuses:imageUnidentified:databaseOlderThanHours:buildBehindDays:productApproximated:)``
    /// does (throwing ``PolicyError``). Reading files goes through ``Policy/init(yaml:source:)``, which also
    /// rejects unknown keys and names lines.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let severity = try values.decodeIfPresent(String.self, forKey: .minSeverity)
        var minSeverity: NormalizedSeverity?
        if let severity {
            guard let parsed = NormalizedSeverity(threshold: severity) else {
                throw PolicyError(
                    .invalidValue,
                    "\"min-severity\" must be one of \(NormalizedSeverity.thresholdWords), not \(quoted(severity))")
            }
            minSeverity = parsed
        }
        try self.init(
            name: values.decode(String.self, forKey: .name), action: values.decode(Action.self, forKey: .action),
            minSeverity: minSeverity, minCVSS: values.decodeIfPresent(Double.self, forKey: .minCVSS),
            fixAvailable: values.decodeIfPresent(Bool.self, forKey: .fixAvailable),
            minDaysSinceFix: values.decodeIfPresent(Int.self, forKey: .minDaysSinceFix),
            exploited: values.decodeIfPresent(Bool.self, forKey: .exploited),
            publiclyDisclosed: values.decodeIfPresent(Bool.self, forKey: .publiclyDisclosed),
            cves: values.decodeIfPresent([String].self, forKey: .cves),
            kbs: values.decodeIfPresent([Int].self, forKey: .kbs),
            products: values.decodeIfPresent([String].self, forKey: .products),
            statuses: values.decodeIfPresent([Finding.Status].self, forKey: .statuses),
            imageUnidentified: values.decodeIfPresent(Bool.self, forKey: .imageUnidentified),
            databaseOlderThanHours: values.decodeIfPresent(Int.self, forKey: .databaseOlderThanHours),
            buildBehindDays: values.decodeIfPresent(Int.self, forKey: .buildBehindDays),
            productApproximated: values.decodeIfPresent(Bool.self, forKey: .productApproximated))
    }
}
