/// A document's product tree: every product with its name (the root `FullProductName` list, which MSRC
/// fills with every product the document mentions) and the branches that group them.
public struct ProductTree: Sendable, Hashable, Codable {
    /// Every product, in document order; the first entry wins when an ID repeats.
    public let products: [Product]
    /// The branches (vendor → product family → products), in document order.
    public let branches: [ProductBranch]
    /// Product ID → position in ``products``.
    private let positions: [String: Int]

    /// Creates a product tree.
    public init(products: [Product], branches: [ProductBranch] = []) {
        self.products = products
        self.branches = branches
        var positions: [String: Int] = [:]
        positions.reserveCapacity(products.count)
        for (position, product) in products.enumerated() where positions[product.id] == nil {
            positions[product.id] = position
        }
        self.positions = positions
    }

    /// The product with ID `id`, if the tree lists it.
    public func product(id: String) -> Product? {
        positions[id].map { products[$0] }
    }

    /// The name of the product with ID `id` (`11923` → `Windows Server 2022`), if the tree lists it.
    public func name(ofProduct id: String) -> String? {
        product(id: id)?.name
    }

    /// Product ID → name, for every product.
    public var namesByID: [String: String] {
        positions.mapValues { products[$0].name }
    }

    private enum CodingKeys: String, CodingKey {
        case products
        case branches
    }

    /// Decodes the products and branches and rebuilds the index.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            products: try container.decode([Product].self, forKey: .products),
            branches: try container.decodeIfPresent([ProductBranch].self, forKey: .branches) ?? [])
    }

    /// Encodes the products and branches.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(products, forKey: .products)
        try container.encode(branches, forKey: .branches)
    }
}
