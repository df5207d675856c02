/// Lays content out on A4 pages from the top down, starting a new page when the next piece does not fit.
///
/// Its coordinates run from the top left corner downwards (as a reader reads); it turns them into the PDF's
/// bottom-left coordinates when it draws.
struct PDFLayout: Sendable {
    /// A line of text in a block: what, how, and how much height it takes.
    struct Line: Sendable, Hashable {
        /// The WinAnsi bytes drawn.
        var bytes: [UInt8]
        /// The font.
        var font: PDFFont
        /// The size in points.
        var size: Double
        /// The colour.
        var colour: PDFColour
        /// How far from the block's left edge it starts.
        var indent: Double = 0
        /// The height it takes, baseline spacing included.
        var height: Double
    }

    /// How a block is boxed.
    struct BoxStyle: Sendable, Hashable {
        /// The fill.
        var fill: PDFColour
        /// The outline, if any.
        var stroke: PDFColour?
        /// The space between the box's edge and its text.
        var padding: Double = 7
    }

    /// The left margin.
    static let left = 42.0
    /// The right edge of the text area.
    static let right = PDFPage.a4Width - 42
    /// Where content starts below the top edge.
    static let top = 48.0
    /// Where content must end, above the footer.
    static let bottom = PDFPage.a4Height - 54

    /// The width of the text area.
    var width: Double { Self.right - Self.left }
    /// The pages so far; the last is being filled.
    private(set) var pages: [PDFPage] = [PDFPage()]
    /// The distance of the next piece from the top of the current page.
    var y = PDFLayout.top

    /// Starts a new page.
    mutating func newPage() {
        pages.append(PDFPage())
        y = Self.top
    }

    /// Starts a new page unless `height` more points fit on this one (a page never starts with a break).
    mutating func ensureSpace(_ height: Double) {
        if y + height > Self.bottom, y > Self.top { newPage() }
    }

    /// The index of the current page.
    private var current: Int { pages.count - 1 }

    /// Draws text on page `page` (the current one unless told) with its baseline `baseline` points from the top.
    mutating func drawText(
        _ bytes: [UInt8], x: Double, baseline: Double, font: PDFFont, size: Double, colour: PDFColour,
        page: Int? = nil
    ) {
        let index = page ?? current
        pages[index].drawText(
            bytes: bytes, x: x, y: PDFPage.a4Height - baseline, font: font, size: size, colour: colour)
    }

    /// Draws `text` right-aligned so that it ends at `right`.
    mutating func drawTextRightAligned(
        _ text: String, right: Double, baseline: Double, font: PDFFont, size: Double, colour: PDFColour,
        page: Int? = nil
    ) {
        let bytes = WinAnsiEncoding.bytes(text)
        let width = FontMetrics(font).width(ofBytes: bytes, size: size)
        drawText(bytes, x: right - width, baseline: baseline, font: font, size: size, colour: colour, page: page)
    }

    /// Fills a rectangle whose top left corner is `top` points from the top.
    mutating func fill(x: Double, top: Double, width: Double, height: Double, colour: PDFColour) {
        pages[current].fillRectangle(
            x: x, y: PDFPage.a4Height - top - height, width: width, height: height, colour: colour)
    }

    /// Outlines a rectangle whose top left corner is `top` points from the top.
    mutating func stroke(x: Double, top: Double, width: Double, height: Double, colour: PDFColour, lineWidth: Double) {
        pages[current].strokeRectangle(
            x: x, y: PDFPage.a4Height - top - height, width: width, height: height, colour: colour,
            lineWidth: lineWidth)
    }

    /// A horizontal rule `at` points from the top of page `page` (the current one unless told).
    mutating func rule(
        at top: Double, from x1: Double, to x2: Double, colour: PDFColour, lineWidth: Double, page: Int? = nil
    ) {
        let y = PDFPage.a4Height - top
        pages[page ?? current].drawLine(fromX: x1, y1: y, toX: x2, y2: y, colour: colour, lineWidth: lineWidth)
    }

    /// Lines of `text` wrapped to `width` points (the text area less `indent` unless told).
    func wrapped(
        _ text: String, font: PDFFont, size: Double, colour: PDFColour, indent: Double = 0, width: Double? = nil,
        leading: Double = 1.3, maxLines: Int = .max
    ) -> [Line] {
        let lines = FontMetrics(font).lines(
            wrapping: WinAnsiEncoding.bytes(text), size: size, width: width ?? (self.width - indent),
            maxLines: maxLines)
        return lines.map {
            Line(bytes: $0, font: font, size: size, colour: colour, indent: indent, height: size * leading)
        }
    }

    /// Draws `lines` one under the other, boxed when a style is given, carried over to as many pages as they
    /// need (each page's part gets its own box).
    mutating func block(_ lines: [Line], box: BoxStyle? = nil) {
        let padding = box?.padding ?? 0
        var start = 0
        while start < lines.count {
            ensureSpace(lines[start].height + 2 * padding)
            var end = start
            var height = 0.0
            while end < lines.count, y + 2 * padding + height + lines[end].height <= Self.bottom {
                height += lines[end].height
                end += 1
            }
            if end == start {
                height = lines[start].height
                end = start + 1
            }
            if let box {
                fill(x: Self.left, top: y, width: width, height: height + 2 * padding, colour: box.fill)
                if let stroke = box.stroke {
                    self.stroke(
                        x: Self.left, top: y, width: width, height: height + 2 * padding, colour: stroke,
                        lineWidth: 1.2)
                }
            }
            var cursor = y + padding
            for line in lines[start..<end] {
                let baseline = cursor + (line.height - line.size) / 2 + line.size * 0.8
                drawText(
                    line.bytes, x: Self.left + padding + line.indent, baseline: baseline, font: line.font,
                    size: line.size, colour: line.colour)
                cursor += line.height
            }
            y += height + 2 * padding
            start = end
        }
    }
}
