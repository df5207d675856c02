public import MSRCModel

/// Everything a database holds about a set of products: what the matcher needs, loaded at once.
public struct ProductAdvisories: Sendable, Hashable, Codable {
    /// The product IDs asked for.
    public let requestedProductIDs: [String]
    /// The products loaded: those asked for and, unless excluded, the compound products on them
    /// (`12079-11923` for `11923`), with their names; sorted by ID.
    public let products: [Product]
    /// The vulnerabilities with a status or remediation row for a loaded product, sorted by CVE.
    public let vulnerabilities: [VulnerabilityRecord]
    /// Per-product status rows of the loaded products, by CVE then product.
    public let statuses: [ProductStatusRecord]
    /// Remediation rows naming a loaded product, by CVE then row; their ``RemediationRecord/productIDs`` hold
    /// only loaded products.
    public let remediations: [RemediationRecord]
    /// The whole supersedence graph (it is small, and installed KBs may be of any product).
    public let supersedence: SupersedenceGraph

    /// Creates a value.
    public init(
        requestedProductIDs: [String], products: [Product], vulnerabilities: [VulnerabilityRecord],
        statuses: [ProductStatusRecord], remediations: [RemediationRecord], supersedence: SupersedenceGraph
    ) {
        self.requestedProductIDs = requestedProductIDs
        self.products = products
        self.vulnerabilities = vulnerabilities
        self.statuses = statuses
        self.remediations = remediations
        self.supersedence = supersedence
    }

    /// The vulnerability with ID `cve`, if loaded.
    public func vulnerability(cve: String) -> VulnerabilityRecord? {
        var low = 0
        var high = vulnerabilities.count
        while low < high {
            let middle = (low + high) / 2
            if vulnerabilities[middle].cve < cve { low = middle + 1 } else { high = middle }
        }
        return low < vulnerabilities.count && vulnerabilities[low].cve == cve ? vulnerabilities[low] : nil
    }

    /// The `Vendor Fix` rows with a KB for `productID`.
    public func fixes(for productID: String) -> [RemediationRecord] {
        remediations.filter { $0.isFix && $0.productIDs.contains(productID) }
    }
}
