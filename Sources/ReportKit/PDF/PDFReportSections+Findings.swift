extension PDFReportSections {
    /// The unsuppressed findings per severity, with a bar each.
    func severities(on layout: inout PDFLayout) {
        let summary = report.summary
        heading("Findings by severity", on: &layout, keep: 100)
        let counts: [(ScanReport.Severity, Int)] = [
            (.critical, summary.critical), (.high, summary.high), (.medium, summary.medium), (.low, summary.low),
            (.unknown, summary.unknown),
        ]
        let largest = max(1, counts.map(\.1).max() ?? 1)
        let rowHeight = 15.0
        let barX = PDFLayout.left + 110
        let barSpace = PDFLayout.right - barX - 10
        layout.ensureSpace(rowHeight * Double(counts.count) + 30)
        for (severity, count) in counts {
            let baseline = layout.y + 10.5
            layout.drawText(
                WinAnsiEncoding.bytes(Self.label(severity)), x: PDFLayout.left, baseline: baseline,
                font: .helveticaBold,
                size: Self.bodySize, colour: .ink)
            layout.drawTextRightAligned(
                "\(count)", right: barX - 12, baseline: baseline, font: .helveticaBold, size: Self.bodySize,
                colour: .ink)
            layout.fill(x: barX, top: layout.y + 3, width: barSpace, height: 10, colour: .stripe)
            if count > 0 {
                let length = max(2, barSpace * Double(count) / Double(largest))
                layout.fill(x: barX, top: layout.y + 3, width: length, height: 10, colour: .severity(severity))
            }
            layout.y += rowHeight
        }
        let exploited = report.findings.filter { $0.exploited && !$0.isSuppressed }.count
        var total = "\(Self.counted(summary.total, "finding")) counted"
        if summary.suppressed > 0 { total += "; \(summary.suppressed) suppressed (not counted)" }
        if exploited > 0 { total += "; \(exploited) exploited in the wild" }
        layout.y += 3
        layout.block(layout.wrapped(total + ".", font: .helvetica, size: Self.bodySize, colour: .muted))
    }

    /// The one update that closes the most findings, and the findings it leaves open.
    func remediation(on layout: inout PDFLayout) {
        heading("Remediation", on: &layout)
        guard let remediation = report.remediation else {
            let text =
                report.findings.isEmpty
                ? "Nothing to install: no finding."
                : "No update closes these findings: Microsoft lists no fix for them."
            layout.block(layout.wrapped(text, font: .helvetica, size: Self.bodySize, colour: .ink))
            return
        }
        let all = remediation.closes + remediation.notClosed.count
        var action = "Install \(remediation.kb)"
        if let build = remediation.fixedBuild { action += " (build \(build))" }
        action += ": closes \(remediation.closes) of \(Self.counted(all, "finding"))"
        var details: [String] = []
        if let released = remediation.released { details.append("Released \(UTCDate.day(released)).") }
        if let url = remediation.url { details.append(url) }
        let style = PDFLayout.BoxStyle(fill: .passTint, stroke: nil)
        let width = layout.width - 2 * style.padding
        var lines = layout.wrapped(action, font: .helveticaBold, size: 11, colour: .ink, width: width, leading: 1.35)
        for detail in details {
            lines += layout.wrapped(detail, font: .helvetica, size: Self.bodySize, colour: .muted, width: width)
        }
        layout.block(lines, box: style)
        layout.y += 6
        guard !remediation.notClosed.isEmpty else {
            layout.block(
                layout.wrapped("It closes every finding.", font: .helvetica, size: Self.bodySize, colour: .pass))
            return
        }
        layout.block(
            layout.wrapped(
                "Findings it does not close (\(remediation.notClosed.count)):", font: .helveticaBold,
                size: Self.bodySize, colour: .ink))
        layout.block(
            layout.wrapped(
                remediation.notClosed.joined(separator: ", "), font: .courier, size: 8, colour: .ink, indent: 10))
    }

    /// Every finding, most severe first, in a table that repeats its header row on every page.
    func findings(on layout: inout PDFLayout) {
        guard report.windows.identified else {
            heading("Findings", on: &layout)
            box(
                title: "Could not identify Windows in this image: no findings could be computed",
                paragraphs: [
                    "Reason: " + (report.windows.unidentifiedReason ?? "no reason was recorded"),
                    "An empty findings list here does NOT mean the image is free of vulnerabilities.",
                ],
                style: PDFLayout.BoxStyle(fill: .alarm, stroke: nil, padding: 9), titleColour: .white,
                textColour: .white, on: &layout, titleSize: 12)
            return
        }
        heading("Findings (\(report.findings.count))", on: &layout, keep: 60)
        guard !report.findings.isEmpty else {
            box(
                title: "No vulnerabilities found",
                paragraphs: ["The database lists no vulnerability that applies to this Windows build."],
                style: PDFLayout.BoxStyle(fill: .passTint, stroke: nil), titleColour: .pass, textColour: .ink,
                on: &layout)
            return
        }
        let columns = [
            PDFLayout.Column(title: "CVE", width: 76), PDFLayout.Column(title: "Severity", width: 48),
            PDFLayout.Column(title: "Status", width: 56), PDFLayout.Column(title: "Fix KB", width: 52),
            PDFLayout.Column(title: "Fixed build", width: 66), PDFLayout.Column(title: "Exploited", width: 42),
            PDFLayout.Column(title: "Title", width: layout.width - 340),
        ]
        let rows = report.findings.map { finding in
            let muted = finding.isSuppressed
            let text: PDFColour = muted ? .muted : .ink
            let status = muted ? "suppressed" : Self.label(finding.status)
            return [
                PDFLayout.Cell(text: finding.cve, font: .courier, colour: text),
                PDFLayout.Cell(
                    text: Self.label(finding.severity), font: .helveticaBold, colour: .white,
                    badge: muted ? .muted : .severity(finding.severity)),
                PDFLayout.Cell(text: status, colour: text),
                PDFLayout.Cell(text: finding.fix?.kb ?? "-", font: .courier, colour: text),
                PDFLayout.Cell(text: finding.fix?.fixedBuild ?? "-", colour: text),
                PDFLayout.Cell(
                    text: finding.exploited ? "Yes" : "No", font: finding.exploited ? .helveticaBold : .helvetica,
                    colour: finding.exploited && !muted ? .alarm : text),
                PDFLayout.Cell(text: finding.title ?? "(no title)", colour: text, maxLines: 2),
            ]
        }
        layout.table(columns: columns, rows: rows, continued: "Findings (continued)")
    }

    /// The suppressions the policy considered: applied or expired.
    func suppressions(on layout: inout PDFLayout) {
        let suppressions = report.policy.suppressions
        heading("Suppressions (\(suppressions.count))", on: &layout)
        guard !suppressions.isEmpty else {
            layout.block(
                layout.wrapped(
                    "No suppression (allowlist entry, VEX statement or ignore-file line) was considered.",
                    font: .helvetica, size: Self.bodySize, colour: .muted))
            return
        }
        let columns = [
            PDFLayout.Column(title: "Target", width: 76), PDFLayout.Column(title: "Source", width: 52),
            PDFLayout.Column(title: "State", width: 44), PDFLayout.Column(title: "Expires", width: 50),
            PDFLayout.Column(title: "Owner", width: 112), PDFLayout.Column(title: "Reason", width: layout.width - 334),
        ]
        let rows = suppressions.map { suppression in
            var reason = suppression.reason ?? "-"
            if let status = suppression.vexStatus { reason = "VEX \(status): \(reason)" }
            if let file = suppression.file { reason += " (\(file))" }
            return [
                PDFLayout.Cell(text: suppression.target, font: .courier),
                PDFLayout.Cell(text: suppression.source.rawValue),
                PDFLayout.Cell(
                    text: suppression.expired ? "expired" : "applied", font: .helveticaBold,
                    colour: suppression.expired ? .alarm : .pass),
                PDFLayout.Cell(text: suppression.expires.map(UTCDate.day) ?? "never"),
                PDFLayout.Cell(text: suppression.owner ?? "-", maxLines: 2),
                PDFLayout.Cell(text: reason, maxLines: 3),
            ]
        }
        layout.table(columns: columns, rows: rows, continued: "Suppressions (continued)")
    }

    /// A severity as a word in the report (`Critical`).
    static func label(_ severity: ScanReport.Severity) -> String {
        switch severity {
        case .critical: "Critical"
        case .high: "High"
        case .medium: "Medium"
        case .low: "Low"
        case .unknown: "Unknown"
        }
    }

    /// A finding's status in the table's few words.
    static func label(_ status: ScanReport.Finding.Status) -> String {
        switch status {
        case .affected: "affected"
        case .fixedNotApplied: "not applied"
        case .noFix: "no fix"
        }
    }
}
