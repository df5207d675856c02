/// A weakness a vulnerability is classified under (MSRC `CWE` element, CSAF `cwe`).
public struct CWE: Sendable, Hashable, Codable {
    /// The CWE ID as written (`CWE-416`).
    public let id: String
    /// The weakness name (`Use After Free`), if given.
    public let name: String?

    /// Creates a CWE classification.
    public init(id: String, name: String?) {
        self.id = id
        self.name = name
    }
}
