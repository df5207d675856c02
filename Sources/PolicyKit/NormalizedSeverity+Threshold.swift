public import VulnMatch

extension NormalizedSeverity {
    /// Reads a severity threshold as policies and command-line flags write it, case-insensitively: a
    /// normalized name (`critical`, `high`, `medium`, `low`) or an MSRC rating (`Critical`, `Important`,
    /// `Moderate`, `Low`), mapped to its normalized severity. `nil` for anything else, `unknown` included.
    public init?(threshold: String) {
        switch threshold.lowercased() {
        case "critical": self = .critical
        case "high", "important": self = .high
        case "medium", "moderate": self = .medium
        case "low": self = .low
        default: return nil
        }
    }

    /// The words ``init(threshold:)`` accepts, for messages.
    static let thresholdWords = "critical, high, medium, low (or MSRC's Critical, Important, Moderate, Low)"
}
