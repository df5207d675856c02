import Foundation
import MSRCModel

/// One product's status row for one vulnerability.
struct StatusContribution: Sendable, Hashable {
    /// The product ID.
    let product: String
    /// The status list it is in (`Known Affected`), if any.
    let status: String?
    /// Its severity.
    let severity: String?
    /// Its impact.
    let impact: String?
    /// CVSS base score.
    let baseScore: Double?
    /// CVSS temporal score.
    let temporalScore: Double?
    /// CVSS vector.
    let vector: String?
}
