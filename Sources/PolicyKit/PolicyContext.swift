public import Foundation

/// What a policy needs to know about a scan beyond its ``VulnMatch/MatchResult``: facts about the database
/// and the image that image-level rules test.
public struct PolicyContext: Sendable, Hashable, Codable {
    /// When the vulnerability database was built (its `builtAt`).
    public let databaseBuiltAt: Date
    /// Whether the image's MSRC product was approximated (the inventory's `productApproximated`).
    public let productApproximated: Bool

    /// Creates a context.
    public init(databaseBuiltAt: Date, productApproximated: Bool = false) {
        self.databaseBuiltAt = databaseBuiltAt
        self.productApproximated = productApproximated
    }
}
