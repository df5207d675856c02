import Foundation
import MSRCModel

/// Lists of short texts (CWE IDs, tags, CNAs) stored in one column, one per line.
enum TextList {
    /// The items joined by newlines, or `nil` when there are none.
    static func join(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: "\n")
    }

    /// The items of a joined column.
    static func split(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
