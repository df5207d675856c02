/// One page being drawn: its size and its content stream (PDF 1.7 §7.8.2), in the PDF's own coordinates
/// (points, origin at the bottom left).
struct PDFPage: Sendable, Hashable {
    /// The width of an A4 page (210 mm) in points.
    static let a4Width = 595.28
    /// The height of an A4 page (297 mm) in points.
    static let a4Height = 841.89

    /// The media box width.
    let width: Double
    /// The media box height.
    let height: Double
    /// The content stream's operators so far, ASCII only.
    private(set) var content = ""

    /// An empty page, A4 unless told.
    init(width: Double = PDFPage.a4Width, height: Double = PDFPage.a4Height) {
        self.width = width
        self.height = height
    }

    /// Draws `text` with its baseline starting at (`x`, `y`): `BT … Tf … Td … Tj ET` (§9.4).
    mutating func drawText(_ text: String, x: Double, y: Double, font: PDFFont, size: Double, colour: PDFColour) {
        drawText(bytes: WinAnsiEncoding.bytes(text), x: x, y: y, font: font, size: size, colour: colour)
    }

    /// Draws text already encoded in WinAnsi.
    mutating func drawText(bytes: [UInt8], x: Double, y: Double, font: PDFFont, size: Double, colour: PDFColour) {
        guard !bytes.isEmpty else { return }
        let n = PDFSyntax.number
        content += "BT \(colour.operands) rg /\(font.resourceName) \(n(size)) Tf \(n(x)) \(n(y)) Td "
        content += PDFSyntax.literal(bytes) + " Tj ET\n"
    }

    /// Fills a rectangle whose lower left corner is (`x`, `y`): `re f` (§8.5.2, §8.5.3).
    mutating func fillRectangle(x: Double, y: Double, width: Double, height: Double, colour: PDFColour) {
        let n = PDFSyntax.number
        content += "\(colour.operands) rg \(n(x)) \(n(y)) \(n(width)) \(n(height)) re f\n"
    }

    /// Strokes a rectangle's outline: `re S`.
    mutating func strokeRectangle(
        x: Double, y: Double, width: Double, height: Double, colour: PDFColour, lineWidth: Double
    ) {
        let n = PDFSyntax.number
        content += "\(colour.operands) RG \(n(lineWidth)) w \(n(x)) \(n(y)) \(n(width)) \(n(height)) re S\n"
    }

    /// Strokes a straight line: `m l S`.
    mutating func drawLine(
        fromX x1: Double, y1: Double, toX x2: Double, y2: Double, colour: PDFColour, lineWidth: Double
    ) {
        let n = PDFSyntax.number
        content += "\(colour.operands) RG \(n(lineWidth)) w \(n(x1)) \(n(y1)) m \(n(x2)) \(n(y2)) l S\n"
    }
}
