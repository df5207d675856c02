/// A threat statement for a vulnerability (CVRF 1.1 `Threat`, CSAF `threats[]`): the impact or severity for
/// some products, or the exploit status.
public struct Threat: Sendable, Hashable, Codable {
    /// What the statement is (`Impact`, `Severity`, `Exploit Status`).
    public let type: ThreatType
    /// The statement (`Elevation of Privilege`, `Important`, `Publicly Disclosed:No;…`), or `nil` when empty.
    public let description: String?
    /// The products it applies to; empty means every product of the vulnerability.
    public let productIDs: [String]

    /// Creates a threat statement.
    public init(type: ThreatType, description: String?, productIDs: [String]) {
        self.type = type
        self.description = description
        self.productIDs = productIDs
    }

    /// Whether the statement applies to `productID` (it names it, or names no product at all).
    public func applies(to productID: String) -> Bool {
        productIDs.isEmpty || productIDs.contains(productID)
    }
}
