public import MSRCModel

/// One product's status for one vulnerability: status list, severity, impact, CVSS.
public struct ProductStatusRecord: Sendable, Hashable, Codable {
    /// The CVE ID.
    public let cve: String
    /// The product ID (plain or compound).
    public let productID: String
    /// The status list naming the product (`Known Affected`), if any.
    public let status: ProductStatusType?
    /// Its severity.
    public let severity: Severity?
    /// Its impact (`Remote Code Execution`).
    public let impact: String?
    /// CVSS base score.
    public let baseScore: Double?
    /// CVSS temporal score.
    public let temporalScore: Double?
    /// CVSS vector.
    public let vector: String?
    /// The document the row comes from (the newest naming the product for this CVE).
    public let documentID: String

    /// Creates a record.
    public init(
        cve: String, productID: String, status: ProductStatusType?, severity: Severity?, impact: String?,
        baseScore: Double?, temporalScore: Double?, vector: String?, documentID: String
    ) {
        self.cve = cve
        self.productID = productID
        self.status = status
        self.severity = severity
        self.impact = impact
        self.baseScore = baseScore
        self.temporalScore = temporalScore
        self.vector = vector
        self.documentID = documentID
    }
}
