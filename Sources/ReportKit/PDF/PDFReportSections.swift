/// The sections of the PDF report, each drawn in turn on a ``PDFLayout``, and the header and footer every page
/// gets once the page count is known.
struct PDFReportSections: Sendable {
    /// The report drawn.
    let report: ScanReport

    /// The size of body text.
    static let bodySize = 9.0
    /// The width of the label column of key/value rows.
    static let labelWidth = 112.0

    /// Draws the whole report, then the page header and footer.
    func draw(on layout: inout PDFLayout) {
        title(on: &layout)
        alerts(on: &layout)
        verdict(on: &layout)
        image(on: &layout)
        windows(on: &layout)
        database(on: &layout)
        if report.windows.identified {
            severities(on: &layout)
            remediation(on: &layout)
        }
        findings(on: &layout)
        suppressions(on: &layout)
        pageFurniture(on: &layout)
    }

    // MARK: Building blocks

    /// A section heading with a rule under it, kept with at least `keep` points of what follows.
    func heading(_ text: String, on layout: inout PDFLayout, keep: Double = 48) {
        layout.ensureSpace(30 + keep)
        layout.y += 8
        layout.block([
            PDFLayout.Line(
                bytes: WinAnsiEncoding.bytes(text), font: .helveticaBold, size: 12.5, colour: .heading, height: 17)
        ])
        layout.rule(at: layout.y, from: PDFLayout.left, to: PDFLayout.right, colour: .rule, lineWidth: 0.7)
        layout.y += 5
    }

    /// A value of a key/value row.
    struct Value: Sendable {
        /// The text.
        var text: String
        /// The font.
        var font: PDFFont = .helvetica
        /// The colour.
        var colour: PDFColour = .ink
    }

    /// Rows of a label and a value (wrapped beside it); a row is never split across pages.
    func keyValues(_ rows: [(String, Value)], on layout: inout PDFLayout) {
        let size = Self.bodySize
        let valueWidth = layout.width - Self.labelWidth
        for (label, value) in rows {
            let lines = FontMetrics(value.font).lines(
                wrapping: WinAnsiEncoding.bytes(value.text), size: size, width: valueWidth, maxLines: 12)
            let height = Double(max(1, lines.count)) * size * 1.35
            layout.ensureSpace(height)
            let firstBaseline = layout.y + size
            layout.drawText(
                WinAnsiEncoding.bytes(label), x: PDFLayout.left, baseline: firstBaseline, font: .helveticaBold,
                size: size, colour: .muted)
            for (number, line) in lines.enumerated() {
                layout.drawText(
                    line, x: PDFLayout.left + Self.labelWidth, baseline: firstBaseline + Double(number) * size * 1.35,
                    font: value.font, size: size, colour: value.colour)
            }
            layout.y += height + 1.5
        }
    }

    /// A boxed block: a bold first line, then paragraphs, wrapped to the box.
    func box(
        title: String, paragraphs: [String], style: PDFLayout.BoxStyle, titleColour: PDFColour,
        textColour: PDFColour, on layout: inout PDFLayout, titleSize: Double = 11
    ) {
        let width = layout.width - 2 * style.padding
        var lines = layout.wrapped(
            title, font: .helveticaBold, size: titleSize, colour: titleColour, width: width, leading: 1.35)
        for paragraph in paragraphs {
            lines += layout.wrapped(paragraph, font: .helvetica, size: Self.bodySize, colour: textColour, width: width)
        }
        layout.block(lines, box: style)
        layout.y += 8
    }

    /// `count` and the noun, singular or plural (`1 finding`, `3 findings`).
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// Up to `limit` items, then how many more (`a, b, c and 7 more`).
    static func list(_ items: [String], limit: Int) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    // MARK: Sections

    /// The document title and when and by what the scan ran.
    func title(on layout: inout PDFLayout) {
        layout.block([
            PDFLayout.Line(
                bytes: WinAnsiEncoding.bytes("Windows container image vulnerability report"), font: .helveticaBold,
                size: 18, colour: .heading, height: 24)
        ])
        let reference = layout.wrapped(
            report.image.reference, font: .helveticaBold, size: 11, colour: .ink, leading: 1.35, maxLines: 3)
        layout.block(reference)
        layout.block(
            layout.wrapped(
                "Scanned \(UTCDate.minute(report.generatedAt)) by \(report.scanner.name) \(report.scanner.version)",
                font: .helvetica, size: Self.bodySize, colour: .muted))
        layout.y += 10
    }

    /// The sample-database box and the warnings box, before anything else, so nobody misses them.
    func alerts(on layout: inout PDFLayout) {
        if report.database.isSample {
            box(
                title: "SAMPLE DATABASE: these results are NOT based on Microsoft's full data",
                paragraphs: [
                    "This report was made with the bundled sample database (\(Self.counted(report.database.documents, "MSRC document"))): a few facts for trying the scanner out. Findings are missing. Build or update the real database (winscan db update) and scan again before relying on this report."
                ],
                style: PDFLayout.BoxStyle(fill: .alarm, stroke: nil, padding: 9), titleColour: .white,
                textColour: .white, on: &layout, titleSize: 12)
        }
        if !report.warnings.isEmpty {
            box(
                title: report.warnings.count == 1 ? "Warning" : "Warnings (\(report.warnings.count))",
                paragraphs: report.warnings.map { "\u{2022} \($0)" },
                style: PDFLayout.BoxStyle(fill: .alarmTint, stroke: .alarm), titleColour: .alarm,
                textColour: .alarmText, on: &layout)
        }
    }

    /// The verdict banner, coloured by the verdict, with every rule that fired.
    func verdict(on layout: inout PDFLayout) {
        let policy = report.policy
        let (fill, tint, text, word): (PDFColour, PDFColour, PDFColour, String) =
            switch policy.verdict {
            case .pass: (.pass, .passTint, .white, "PASS")
            case .warn: (.warn, .warnTint, .ink, "WARN")
            case .fail: (.alarm, .alarmTint, .white, "FAIL")
            }
        let fired = policy.violations.filter { $0.action != .info }.count
        let sentence =
            switch policy.verdict {
            case .pass: "The policy passed: no rule that fails or warns fired."
            case .warn: "The policy passed with warnings: \(Self.counted(fired, "rule")) fired."
            case .fail: "The policy failed: \(Self.counted(fired, "rule")) fired."
            }
        let bannerHeight = 38.0
        layout.ensureSpace(bannerHeight + 20)
        layout.fill(x: PDFLayout.left, top: layout.y, width: layout.width, height: bannerHeight, colour: fill)
        layout.drawText(
            WinAnsiEncoding.bytes(word), x: PDFLayout.left + 12, baseline: layout.y + 26, font: .helveticaBold,
            size: 22, colour: text)
        let textX = PDFLayout.left + 90
        let available = PDFLayout.right - textX - 10
        layout.drawText(
            FontMetrics(.helveticaBold).truncated(bytes: WinAnsiEncoding.bytes(sentence), size: 11, width: available),
            x: textX, baseline: layout.y + 17, font: .helveticaBold, size: 11, colour: text)
        let name = "Policy: " + (policy.name ?? "default")
        layout.drawText(
            FontMetrics(.helvetica).truncated(bytes: WinAnsiEncoding.bytes(name), size: 8.5, width: available),
            x: textX, baseline: layout.y + 30, font: .helvetica, size: 8.5, colour: text)
        layout.y += bannerHeight
        guard !policy.violations.isEmpty else {
            layout.y += 10
            return
        }
        let style = PDFLayout.BoxStyle(fill: tint, stroke: nil)
        let width = layout.width - 2 * style.padding
        var lines: [PDFLayout.Line] = []
        for violation in policy.violations {
            lines += layout.wrapped(
                "[\(violation.action.rawValue)] \(violation.rule)", font: .helveticaBold, size: Self.bodySize,
                colour: .ink, width: width)
            var detail = violation.message
            if !violation.cves.isEmpty {
                detail +=
                    " \u{2013} \(Self.counted(violation.cves.count, "finding")): \(Self.list(violation.cves, limit: 8))"
            }
            lines += layout.wrapped(
                detail, font: .helvetica, size: Self.bodySize, colour: .ink, indent: 10, width: width - 10,
                maxLines: 4)
        }
        layout.block(lines, box: style)
        layout.y += 10
    }

    /// The image: reference, digest, platform.
    func image(on layout: inout PDFLayout) {
        let image = report.image
        heading("Image", on: &layout)
        var platform = "\(image.platform.os)/\(image.platform.architecture)"
        if let version = image.platform.osVersion { platform += ", OS version \(version)" }
        keyValues(
            [
                ("Reference", Value(text: image.reference)),
                ("Digest", Value(text: image.digest ?? "(none: the source has no manifest digest)", font: .courier)),
                ("Platform", Value(text: platform)),
                ("Layers", Value(text: "\(image.layers.count)")),
            ], on: &layout)
    }

    /// The Windows found in the image, or why none was.
    func windows(on layout: inout PDFLayout) {
        let windows = report.windows
        heading("Windows", on: &layout)
        guard windows.identified else {
            keyValues(
                [
                    (
                        "Identified",
                        Value(
                            text: "No \u{2013} " + (windows.unidentifiedReason ?? "no reason was recorded"),
                            font: .helveticaBold, colour: .alarm)
                    )
                ], on: &layout)
            return
        }
        var rows: [(String, Value)] = [
            ("Build", Value(text: windows.build ?? "unknown", font: .helveticaBold)),
            ("Edition", Value(text: windows.editionId ?? "unknown")),
            ("Installation type", Value(text: windows.installationType ?? "unknown")),
        ]
        if let version = windows.displayVersion { rows.append(("Version", Value(text: version))) }
        var product = windows.productName ?? "unnamed product"
        if let id = windows.productId { product += " (MSRC product \(id))" }
        rows.append(("MSRC product", Value(text: product)))
        if windows.productApproximated {
            rows.append(
                (
                    "Product match",
                    Value(
                        text: "APPROXIMATED: "
                            + (windows.approximationReason ?? "MSRC lists no product for this exact installation type"),
                        font: .helveticaBold, colour: .warn)
                ))
        }
        rows.append(
            ("Installed updates", Value(text: windows.kbs.isEmpty ? "none found" : windows.kbs.joined(separator: ", ")))
        )
        if let dotnet = windows.dotnet {
            rows.append((".NET Framework", Value(text: "\(dotnet.version) (release \(dotnet.release))")))
        }
        keyValues(rows, on: &layout)
    }

    /// The vulnerability database the findings come from.
    func database(on layout: inout PDFLayout) {
        let database = report.database
        heading("Vulnerability database", on: &layout)
        var rows: [(String, Value)] = [
            ("Built", Value(text: UTCDate.minute(database.builtAt), font: .helveticaBold)),
            (
                "Contents",
                Value(text: Self.counted(database.documents, "MSRC document") + ", schema \(database.schemaVersion)")
            ),
        ]
        if let path = database.path { rows.append(("File", Value(text: path))) }
        if database.isSample {
            rows.append(
                (
                    "Sample",
                    Value(
                        text: "YES \u{2013} the bundled sample, not Microsoft's full data", font: .helveticaBold,
                        colour: .alarm)
                ))
        }
        keyValues(rows, on: &layout)
    }

    /// "Page n of N" and the scanner on every page; the image reference at the top of every page after the first.
    func pageFurniture(on layout: inout PDFLayout) {
        let count = layout.pages.count
        let footer =
            "\(report.scanner.name) \(report.scanner.version) \u{2013} report generated \(UTCDate.minute(report.generatedAt))"
        let footerBaseline = PDFPage.a4Height - 32
        let header = FontMetrics(.helvetica).truncated(
            bytes: WinAnsiEncoding.bytes("Vulnerability report: \(report.image.reference)"), size: 7.5,
            width: layout.width)
        for page in 0..<count {
            layout.rule(
                at: footerBaseline - 11, from: PDFLayout.left, to: PDFLayout.right, colour: .rule, lineWidth: 0.5,
                page: page)
            layout.drawText(
                FontMetrics(.helvetica).truncated(
                    bytes: WinAnsiEncoding.bytes(footer), size: 7.5, width: layout.width - 80),
                x: PDFLayout.left, baseline: footerBaseline, font: .helvetica, size: 7.5, colour: .muted, page: page)
            layout.drawTextRightAligned(
                "Page \(page + 1) of \(count)", right: PDFLayout.right, baseline: footerBaseline, font: .helveticaBold,
                size: 8, colour: .ink, page: page)
            if page > 0 {
                layout.drawText(
                    header, x: PDFLayout.left, baseline: 30, font: .helvetica, size: 7.5, colour: .muted, page: page)
            }
        }
    }
}
