/// Who is credited for finding a vulnerability (CVRF `Acknowledgment`, also spelled `Acknowledgement`;
/// CSAF `acknowledgments[]`). Empty names and URLs are dropped.
public struct Acknowledgment: Sendable, Hashable, Codable {
    /// The people or teams credited (may contain HTML links or character references, as written).
    public let names: [String]
    /// The organizations credited.
    public let organizations: [String]
    /// Links given with the credit.
    public let urls: [String]

    /// Creates an acknowledgment.
    public init(names: [String], organizations: [String] = [], urls: [String] = []) {
        self.names = names
        self.organizations = organizations
        self.urls = urls
    }
}
