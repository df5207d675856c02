public import Foundation

/// A remediation for some products of a vulnerability (CVRF 1.1 `Remediation`, CSAF `remediations[]`):
/// most often a `Vendor Fix` naming a KB, the OS build it brings and the KBs it supersedes.
public struct Remediation: Sendable, Hashable, Codable {
    /// What the remediation is (`Vendor Fix`, `Known Issue`, `Release Notes`…).
    public let type: RemediationType
    /// The `Description` as written: a KB number (`5022291`) for Windows fixes, else text
    /// (`Release Notes`, `CBL-Mariner Releases`, a package name); `nil` when absent or empty.
    public let description: String?
    /// The update's URL (Microsoft Update Catalog, support article), if given.
    public let url: String?
    /// The superseded updates (`Supercedence`), if given.
    public let supersedence: Supersedence?
    /// The sub-type as written (`Security Update`, `Monthly Rollup`, `Security Only`, `SecurityHotpatchUpdate`,
    /// `Security Hotpatch Update`, `IE Cumulative`…), if given. See ``isHotpatch``.
    public let subType: String?
    /// The build (or product version) the fix brings (`10.0.20348.1487`), if given. MSRC fills it on Windows
    /// OS rows since late 2020; .NET rows carry framework versions, Mariner rows package versions.
    public let fixedBuild: BuildVersion?
    /// Whether installing the fix needs a restart, if given.
    public let restartRequired: RestartRequirement?
    /// The products the remediation applies to.
    public let productIDs: [String]
    /// The files the remediation replaces (filled for Mariner packages).
    public let affectedFiles: [AffectedFile]
    /// When the remediation was published (CSAF only), if given.
    public let date: Date?

    /// Creates a remediation.
    public init(
        type: RemediationType, description: String?, url: String? = nil, supersedence: Supersedence? = nil,
        subType: String? = nil, fixedBuild: BuildVersion? = nil, restartRequired: RestartRequirement? = nil,
        productIDs: [String], affectedFiles: [AffectedFile] = [], date: Date? = nil
    ) {
        self.type = type
        self.description = description
        self.url = url
        self.supersedence = supersedence
        self.subType = subType
        self.fixedBuild = fixedBuild
        self.restartRequired = restartRequired
        self.productIDs = productIDs
        self.affectedFiles = affectedFiles
        self.date = date
    }

    /// The KB number, when ``description`` is all digits (1–10 of them, not 0): `5022291`.
    public var kb: Int? {
        guard let description else { return nil }
        return Supersedence.decimalKB(description.utf8[...])
    }

    /// Whether this is a hotpatch (`SecurityHotpatchUpdate` or `Security Hotpatch Update`, in any case or
    /// spacing): hotpatch KBs share product IDs with the monthly update but bring a lower build.
    public var isHotpatch: Bool {
        guard let subType else { return false }
        return subType.lowercased().contains("hotpatch")
    }

    /// The superseded KB numbers (empty when there is no `Supercedence`).
    public var supersededKBs: [Int] { supersedence?.kbs ?? [] }
}
