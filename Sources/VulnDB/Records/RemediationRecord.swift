public import Foundation
public import MSRCModel

/// One remediation row: the union over every month citing it.
public struct RemediationRecord: Sendable, Hashable, Codable {
    /// The row's ID in the database.
    public let id: Int64
    /// The CVE it remediates.
    public let cve: String
    /// `Vendor Fix`, `Known Issue`, `Release Notes`, `Workaround`, `Mitigation`…
    public let type: RemediationType
    /// The description as written (a KB number for Windows fixes).
    public let description: String?
    /// The KB number, when the description is one.
    public let kb: Int?
    /// The sub-type as written (`Security Update`, `SecurityHotpatchUpdate`…).
    public let subType: String?
    /// Whether it is a hotpatch.
    public let isHotpatch: Bool
    /// The build or version the fix brings, comparable.
    public let fixedBuild: BuildVersion?
    /// The update's URL.
    public let url: String?
    /// Whether installing it needs a restart.
    public let restartRequired: RestartRequirement?
    /// The KBs it supersedes, as written and parsed.
    public let supersedence: Supersedence?
    /// When it was released: CSAF's own date; for CVRF rows (which carry none) the Patch Tuesday of the
    /// month that cites the KB for the most CVEs (its own month; republished months cite later KBs and late
    /// CVEs earlier ones); for rows without a KB, the first citing month's.
    public let released: Date?
    /// The products it applies to (in a ``ProductAdvisories``, only the loaded ones).
    public let productIDs: [String]
    /// The earliest document citing the row.
    public let documentID: String

    /// Creates a record.
    public init(
        id: Int64, cve: String, type: RemediationType, description: String?, kb: Int?, subType: String?,
        isHotpatch: Bool, fixedBuild: BuildVersion?, url: String?, restartRequired: RestartRequirement?,
        supersedence: Supersedence?, released: Date?, productIDs: [String], documentID: String
    ) {
        self.id = id
        self.cve = cve
        self.type = type
        self.description = description
        self.kb = kb
        self.subType = subType
        self.isHotpatch = isHotpatch
        self.fixedBuild = fixedBuild
        self.url = url
        self.restartRequired = restartRequired
        self.supersedence = supersedence
        self.released = released
        self.productIDs = productIDs
        self.documentID = documentID
    }

    /// Whether this is a `Vendor Fix` row with a KB number (a fix the matcher can apply).
    public var isFix: Bool { type == .vendorFix && kb != nil }

    /// The superseded KB numbers.
    public var supersededKBs: [Int] { supersedence?.kbs ?? [] }
}
