/// One of the standard Type 1 fonts every PDF reader has (PDF 1.7 §9.6.2.2), so nothing is embedded.
enum PDFFont: Int, Sendable, Hashable, CaseIterable {
    /// Helvetica, for body text.
    case helvetica
    /// Helvetica-Bold, for headings and emphasis.
    case helveticaBold
    /// Courier, for identifiers (CVE IDs, KBs, digests): every glyph is 600/1000 em wide.
    case courier

    /// The `/BaseFont` name.
    var baseFont: String {
        switch self {
        case .helvetica: "Helvetica"
        case .helveticaBold: "Helvetica-Bold"
        case .courier: "Courier"
        }
    }

    /// The name pages use for it in their `/Font` resources (`/F1`…).
    var resourceName: String { "F\(rawValue + 1)" }
}
