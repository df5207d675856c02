public import Foundation

/// One entry of a revision history (CVRF 1.1 `Revision`, CSAF `revision_history[]`).
public struct Revision: Sendable, Hashable, Codable {
    /// The revision number as written (`1.0`, `77`).
    public let number: String?
    /// When the revision was published (UTC; dates without a zone are read as UTC).
    public let date: Date?
    /// What changed, as written (often HTML: `<p>Information published.</p>`).
    public let description: String?

    /// Creates a revision entry.
    public init(number: String?, date: Date?, description: String?) {
        self.number = number
        self.date = date
        self.description = description
    }
}
