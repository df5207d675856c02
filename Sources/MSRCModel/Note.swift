/// A note on a document or a vulnerability (CVRF 1.1 `Note`, CSAF `notes[]`): a description, an FAQ entry,
/// a tag naming the product area, the CNA, release notes.
public struct Note: Sendable, Hashable, Codable {
    /// What the note is (`Description`, `FAQ`, `Tag`, `CNA`…).
    public let type: NoteType
    /// The note's title (for a `Tag` or `CNA` note, the same as its text; for CSAF FAQs, the question).
    public let title: String?
    /// The note's text as written, usually HTML; empty when the note has none.
    public let text: String
    /// The note's `Ordinal`, if it has one.
    public let ordinal: Int?
    /// The note's `Audience` (`Public`), if it has one.
    public let audience: String?

    /// Creates a note.
    public init(type: NoteType, title: String?, text: String, ordinal: Int? = nil, audience: String? = nil) {
        self.type = type
        self.title = title
        self.text = text
        self.ordinal = ordinal
        self.audience = audience
    }
}
