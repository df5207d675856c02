import Foundation
import MSRCModel

/// One remediation row: everything but its products identifies it, so identical rows from several
/// documents merge into one whose product list is their union.
struct RemediationContribution: Sendable, Hashable {
    /// The fields that identify a row.
    struct Key: Sendable, Hashable {
        /// The remediation type as written.
        let type: String
        /// The description (a KB number for Windows fixes).
        let description: String?
        /// The sub-type.
        let subType: String?
        /// The fixed build as written.
        let fixedBuild: String?
        /// The URL.
        let url: String?
        /// `RestartRequired`.
        let restart: String?
        /// `Supercedence` as written.
        let supersedence: String?
        /// The CSAF remediation date (Unix seconds).
        let date: Int64?
    }

    /// The identifying fields.
    let key: Key
    /// The KB number, when the description is one.
    let kb: Int?
    /// Whether it is a hotpatch.
    let isHotpatch: Bool
    /// The numeric components of the fixed build (empty when it is not a dotted number).
    let buildComponents: [UInt64]
    /// The superseded KB numbers.
    let supersededKBs: [Int]
    /// The products it applies to.
    let productIDs: [String]

    /// Reduces `remediation`, mapping its product IDs through `rename`.
    init(_ remediation: Remediation, rename: (String) -> String) {
        key = Key(
            type: remediation.type.rawValue, description: remediation.description, subType: remediation.subType,
            fixedBuild: remediation.fixedBuild?.rawValue, url: remediation.url,
            restart: remediation.restartRequired?.rawValue, supersedence: remediation.supersedence?.rawValue,
            date: remediation.date.map { Int64($0.timeIntervalSince1970.rounded()) })
        kb = remediation.kb
        isHotpatch = remediation.isHotpatch
        buildComponents = remediation.fixedBuild?.components ?? []
        supersededKBs = remediation.supersededKBs
        productIDs = remediation.productIDs.map(rename)
    }
}
