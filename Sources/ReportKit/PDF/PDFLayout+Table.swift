extension PDFLayout {
    /// A table column.
    struct Column: Sendable, Hashable {
        /// The header.
        var title: String
        /// The width in points.
        var width: Double
    }

    /// A table cell.
    struct Cell: Sendable, Hashable {
        /// The text.
        var text: String
        /// The font.
        var font: PDFFont = .helvetica
        /// The text colour (white on a badge).
        var colour: PDFColour = .ink
        /// A coloured badge drawn behind the text, if any.
        var badge: PDFColour?
        /// How many lines the text may wrap to; the last is cut with `…` when more is left.
        var maxLines = 1
    }

    /// The size of table text.
    private static let tableSize = 7.8
    /// The height of one line of table text.
    private static let tableLeading = 9.6
    /// The space between a cell's edge and its text.
    private static let cellPadding = 3.0

    /// Draws a table whose header row is repeated at the top of every page it runs onto, under `continued` (a
    /// caption such as "Findings (continued)"); rows are never split across pages, and every other row is
    /// shaded.
    mutating func table(columns: [Column], rows: [[Cell]], continued: String) {
        let headerHeight = 14.0
        func header() {
            fill(x: Self.left, top: y, width: width, height: headerHeight, colour: .tableHeader)
            var x = Self.left
            for column in columns {
                let bytes = FontMetrics(.helveticaBold).truncated(
                    bytes: WinAnsiEncoding.bytes(column.title), size: 7.5, width: column.width - 2 * Self.cellPadding)
                drawText(
                    bytes, x: x + Self.cellPadding, baseline: y + 9.6, font: .helveticaBold, size: 7.5, colour: .white)
                x += column.width
            }
            y += headerHeight
        }

        var shaded = false
        ensureSpace(headerHeight + 2 * Self.tableLeading + 4)
        header()
        for row in rows {
            let cellLines = zip(columns, row).map { column, cell in
                FontMetrics(cell.font).lines(
                    wrapping: WinAnsiEncoding.bytes(cell.text), size: Self.tableSize,
                    width: column.width - 2 * Self.cellPadding - (cell.badge == nil ? 0 : 4), maxLines: cell.maxLines)
            }
            let lineCount = max(1, cellLines.map(\.count).max() ?? 1)
            let height = Double(lineCount) * Self.tableLeading + 4
            if y + height > Self.bottom {
                rule(at: y, from: Self.left, to: Self.right, colour: .rule, lineWidth: 0.5)
                newPage()
                block([
                    Line(
                        bytes: WinAnsiEncoding.bytes(continued), font: .helveticaBold, size: 10, colour: .heading,
                        height: 16)
                ])
                header()
                shaded = false
            }
            if shaded { fill(x: Self.left, top: y, width: width, height: height, colour: .stripe) }
            shaded.toggle()
            var x = Self.left
            for (column, (cell, lines)) in zip(columns, zip(row, cellLines)) {
                for (number, line) in lines.enumerated() {
                    let baseline = y + 2 + Double(number) * Self.tableLeading + 7.2
                    if let badge = cell.badge {
                        let textWidth = FontMetrics(cell.font).width(ofBytes: line, size: Self.tableSize)
                        fill(
                            x: x + Self.cellPadding, top: baseline - 7.4, width: textWidth + 4, height: 9.6,
                            colour: badge)
                        drawText(
                            line, x: x + Self.cellPadding + 2, baseline: baseline, font: cell.font,
                            size: Self.tableSize, colour: cell.colour)
                    } else {
                        drawText(
                            line, x: x + Self.cellPadding, baseline: baseline, font: cell.font, size: Self.tableSize,
                            colour: cell.colour)
                    }
                }
                x += column.width
            }
            y += height
        }
        rule(at: y, from: Self.left, to: Self.right, colour: .rule, lineWidth: 0.5)
    }
}
