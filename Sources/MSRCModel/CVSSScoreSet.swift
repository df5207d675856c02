/// CVSS scores for some products of a vulnerability (CVRF 1.1 `ScoreSet`, CSAF `scores[]`).
public struct CVSSScoreSet: Sendable, Hashable, Codable {
    /// The CVSS base score (0–10), if given.
    public let baseScore: Double?
    /// The CVSS temporal score, if given.
    public let temporalScore: Double?
    /// The CVSS vector (`CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/E:F/RL:O/RC:C`), if given.
    public let vector: String?
    /// The products the scores apply to.
    public let productIDs: [String]

    /// Creates a score set.
    public init(baseScore: Double?, temporalScore: Double?, vector: String?, productIDs: [String]) {
        self.baseScore = baseScore
        self.temporalScore = temporalScore
        self.vector = vector
        self.productIDs = productIDs
    }
}
