/// A product of a document's product tree (CVRF 1.1 `FullProductName`, CSAF `full_product_name`).
public struct Product: Sendable, Hashable, Codable {
    /// The MSRC product ID (`11923`), or a compound one for .NET (`12079-11923`); in CSAF, IDs may be
    /// local to the advisory (`1`).
    public let id: String
    /// The product's name (`Windows Server 2022`). Names drift in case and spacing between documents: key on IDs.
    public let name: String
    /// The product's CPE (`cpe:2.3:a:microsoft:.net:4.8:*:*:*:*:*:*:*`), when the root list gives one.
    public let cpe: String?

    /// Creates a product.
    public init(id: String, name: String, cpe: String? = nil) {
        self.id = id
        self.name = name
        self.cpe = cpe
    }
}
