import Foundation
import MSRCModel

/// The `texts` table being written: each distinct text once, numbered in first-use order.
final class TextTable {
    private var ids: [String: Int64] = [:]
    private var texts: [String] = []

    /// The ID of `text`, assigning the next one on first use; `nil` for `nil`.
    func id(_ text: String?) -> Int64? {
        guard let text else { return nil }
        if let id = ids[text] { return id }
        texts.append(text)
        let id = Int64(texts.count)
        ids[text] = id
        return id
    }

    /// Inserts every text.
    func write(_ connection: SQLiteConnection) throws(VulnDBError) {
        let insert = try connection.prepare("INSERT INTO texts (id, text) VALUES (?, ?)")
        for (index, text) in texts.enumerated() {
            insert.bind(Int64(index + 1), at: 1)
            insert.bind(text, at: 2)
            try insert.run()
        }
    }
}
