/// A list of products in one status for a vulnerability (CVRF 1.1 `Status`, CSAF `product_status`).
public struct ProductStatus: Sendable, Hashable, Codable {
    /// The status (`Known Affected`, `Fixed`).
    public let type: ProductStatusType
    /// The product IDs in that status, in document order.
    public let productIDs: [String]

    /// Creates a status list.
    public init(type: ProductStatusType, productIDs: [String]) {
        self.type = type
        self.productIDs = productIDs
    }
}
