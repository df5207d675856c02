/// A branch of a product tree (CVRF 1.1 `Branch`, CSAF `branches[]`): a vendor or product family and the
/// products and branches below it.
public struct ProductBranch: Sendable, Hashable, Codable {
    /// The branch type as CVRF XML spells it (`Vendor`, `Product Family`) or as CSAF writes its category.
    public let type: String?
    /// The branch's name (`Microsoft`, `Windows`, `ESU`).
    public let name: String?
    /// The products listed directly in this branch.
    public let products: [Product]
    /// The branches below this one.
    public let branches: [ProductBranch]

    /// Creates a branch.
    public init(type: String?, name: String?, products: [Product], branches: [ProductBranch]) {
        self.type = type
        self.name = name
        self.products = products
        self.branches = branches
    }

    /// CVRF 1.1 branch types in the order of their integer codes in the CVRF JSON variant.
    static let jsonCodes = [
        "Vendor", "Product Family", "Product Name", "Product Version", "Patch Level", "Service Pack",
        "Architecture", "Language", "Legacy", "Specification",
    ]

    /// The CVRF XML spelling of a branch type given as an integer code (unknown codes as decimal text).
    static func typeName(cvrfJSONCode code: Int) -> String {
        jsonCodes.indices.contains(code) ? jsonCodes[code] : "\(code)"
    }
}
