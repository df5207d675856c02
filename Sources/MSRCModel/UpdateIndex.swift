public import Foundation

/// MSRC's `/updates` index (`GET /cvrf/v3.0/updates`): every monthly document with its release dates.
public struct UpdateIndex: Sendable, Hashable, Codable {
    /// The entries, in the index's order.
    public let updates: [MSRCUpdate]

    /// Creates an index.
    public init(updates: [MSRCUpdate]) {
        self.updates = updates
    }

    /// Decodes the index as the API serves it (`{"@odata.context": …, "value": [ … ]}`) or as a bare array
    /// of entries. Entries without an `ID` give ``MSRCError/Code-swift.enum/missingField``.
    public init(decoding data: Data) throws(MSRCError) {
        if data.allSatisfy(TextField.isSpace) { throw MSRCError(.empty, "the updates index is empty") }
        let entries: [Entry]
        do {
            let format = MSRCDocumentFormat.detect(data)
            if format == nil, data.first(where: { !TextField.isSpace($0) }) == UInt8(ascii: "[") {
                entries = try JSONDecoder().decode([Entry].self, from: data)
            } else {
                let envelope = try JSONDecoder().decode(Envelope.self, from: data)
                guard let value = envelope.value else {
                    throw MSRCError(.notMSRCDocument, "the JSON object is not an updates index (it has no \"value\")")
                }
                entries = value
            }
        } catch let error as MSRCError {
            throw error
        } catch {
            throw MSRCError(decoding: error, what: "updates index", data: data)
        }
        var updates: [MSRCUpdate] = []
        updates.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            guard let id = TextField.trimmed(entry.id?.text) else {
                throw MSRCError(.missingField, "an updates index entry has no ID", keyPath: "value[\(position)].ID")
            }
            updates.append(
                MSRCUpdate(
                    id: id, alias: TextField.trimmed(entry.alias?.text),
                    documentTitle: TextField.trimmed(entry.documentTitle?.text),
                    severity: TextField.trimmed(entry.severity?.text).map(Severity.init(rawValue:)),
                    initialReleaseDate: Timestamp.parse((entry.initialReleaseDate ?? entry.initialReleaseData)?.text),
                    currentReleaseDate: Timestamp.parse(entry.currentReleaseDate?.text),
                    cvrfURL: TextField.trimmed(entry.cvrfURL?.text)))
        }
        self.updates = updates
    }

    /// The entry for document `id`, if the index lists it.
    public func update(id: String) -> MSRCUpdate? {
        updates.first { $0.id == id }
    }

    private struct Envelope: Decodable {
        let value: [Entry]?
    }

    private struct Entry: Decodable {
        let id: JSONField.Plain?
        let alias: JSONField.Plain?
        let documentTitle: JSONField.Plain?
        let severity: JSONField.Plain?
        let initialReleaseDate: JSONField.Plain?
        let initialReleaseData: JSONField.Plain?
        let currentReleaseDate: JSONField.Plain?
        let cvrfURL: JSONField.Plain?

        enum CodingKeys: String, CodingKey {
            case id = "ID"
            case alias = "Alias"
            case documentTitle = "DocumentTitle"
            case severity = "Severity"
            case initialReleaseDate = "InitialReleaseDate"
            case initialReleaseData = "InitialReleaseData"
            case currentReleaseDate = "CurrentReleaseDate"
            case cvrfURL = "CvrfUrl"
        }
    }
}
