/// Writes the report for a terminal: a header block, the remediation first, the findings table (most severe
/// first), suppressed findings apart, the policy verdict and the severity summary.
///
/// ANSI colour (SGR, ECMA-48 §8.3.117) only when ``RenderOptions/colour`` is set; otherwise the output holds no
/// escape codes. Titles are truncated so lines fit ``RenderOptions/width`` (120 columns when unknown, 60 at least);
/// on narrow terminals the fixed-build and then the status columns are left out first.
public struct TableRenderer: ReportRenderer, Sendable, Hashable {
    /// The width used when the terminal's is unknown.
    public static let defaultWidth = 120

    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/table``.
    public var format: ReportFormat { .table }

    /// The report as UTF-8 text.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        var writer = TextWriter(colour: options.colour, width: max(60, options.width ?? Self.defaultWidth))
        writer.header(report)
        if report.windows.identified {
            writer.remediation(report)
            writer.findings(report)
        } else {
            writer.line(writer.paint("!!! " + report.unidentifiedSentence, .alarm))
            writer.blank()
        }
        writer.suppressed(report)
        writer.policy(report)
        writer.summary(report)
        return Array(writer.text.utf8)
    }
}

/// Builds the table text line by line.
private struct TextWriter {
    /// The styles the text uses.
    enum Style {
        case critical, high, medium, low, unknown, heading, alarm, pass, warn, fail, dim

        /// The SGR parameters.
        var sgr: String {
            switch self {
            case .critical: "1;91"
            case .high: "31"
            case .medium: "33"
            case .low: "34"
            case .unknown, .dim: "2"
            case .heading: "1"
            case .alarm, .fail: "1;31"
            case .pass: "1;32"
            case .warn: "1;33"
            }
        }

        /// The style of a severity.
        init(_ severity: ScanReport.Severity) {
            switch severity {
            case .critical: self = .critical
            case .high: self = .high
            case .medium: self = .medium
            case .low: self = .low
            case .unknown: self = .unknown
            }
        }
    }

    /// Whether to colour.
    let colour: Bool
    /// The line width.
    let width: Int
    /// The text so far.
    var text = ""

    /// `text` in `style`, when colouring.
    func paint(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.sgr)m\(text)\u{1B}[0m" : text
    }

    /// Appends a line.
    mutating func line(_ content: String) { text += content + "\n" }

    /// Appends an empty line.
    mutating func blank() { text += "\n" }

    /// Appends a section heading.
    mutating func heading(_ title: String) { line(paint(title, .heading)) }

    /// The image, platform, Windows, database and warnings.
    mutating func header(_ report: ScanReport) {
        heading("\(report.scanner.name) \(report.scanner.version) — \(report.image.reference)")
        field("Image", report.image.reference + (report.image.digest.map { " @ \($0)" } ?? ""))
        let platform = report.image.platform
        field("Platform", "\(platform.os)/\(platform.architecture)" + (platform.osVersion.map { " \($0)" } ?? ""))
        let windows = report.windows
        if windows.identified {
            let parts = [windows.build, windows.installationType, windows.editionId, windows.displayVersion]
            field("Windows", parts.compactMap { $0 }.joined(separator: "  "))
            var product = windows.productName ?? "unknown product"
            if let id = windows.productId { product += " (MSRC product \(id))" }
            if windows.productApproximated {
                product += " — approximated" + (windows.approximationReason.map { ": \($0)" } ?? "")
            }
            field("Product", product)
            if let dotnet = windows.dotnet { field(".NET", "\(dotnet.version) (release \(dotnet.release))") }
            field("KBs", windows.kbs.isEmpty ? "none found" : windows.kbs.joined(separator: ", "))
        } else {
            field("Windows", paint("not identified", .alarm))
        }
        let database = report.database
        field("Database", "built \(ReportDate.iso8601(database.builtAt)), \(database.documents) MSRC documents")
        field("Scanned", ReportDate.iso8601(report.generatedAt))
        if database.isSample { line(paint("!!! " + ScanReport.sampleDatabaseSentence, .alarm)) }
        for warning in report.warnings { line(paint("Warning: ", .warn) + warning) }
        blank()
    }

    /// One `Label:   value` line.
    mutating func field(_ label: String, _ value: String) {
        line((label + ":").padded(to: 10) + value)
    }

    /// The remediation, with the findings it leaves open.
    mutating func remediation(_ report: ScanReport) {
        heading("REMEDIATION")
        guard let sentence = report.remediationSentence, let remediation = report.remediation else {
            line(report.openFindings.isEmpty ? "  Nothing to do." : "  No update closes these findings.")
            blank()
            return
        }
        line("  " + sentence)
        if !remediation.notClosed.isEmpty {
            line("  Not closed by \(remediation.kb): " + remediation.notClosed.joined(separator: ", "))
        }
        blank()
    }

    /// The columns of the findings table, without the title.
    private static let headers = ["CVE", "SEVERITY", "STATUS", "FIX KB", "FIXED BUILD", "EXPLOITED"]

    /// The columns left out, in this order, when the title would get fewer than 20 columns.
    private static let droppableColumns = [4, 2]

    /// The unsuppressed findings as a table.
    mutating func findings(_ report: ScanReport) {
        let open = report.openFindings
        heading("FINDINGS (\(open.count))")
        guard !open.isEmpty else {
            line("  No unsuppressed findings.")
            blank()
            return
        }
        let rows = open.map { finding in
            [
                finding.cve, finding.severity.rawValue, finding.status.rawValue, finding.fix?.kb ?? "-",
                finding.fix?.fixedBuild ?? "-", finding.exploited ? "yes" : "no",
            ]
        }
        var widths = Self.headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        // Narrow terminals lose the fixed build, then the status, before the title shrinks below 20 columns.
        var shown = Array(Self.headers.indices)
        func fixedWidth() -> Int { shown.reduce(0) { $0 + widths[$1] + 2 } }
        for droppable in Self.droppableColumns where fixedWidth() + 20 > width {
            shown.removeAll { $0 == droppable }
        }
        let titleWidth = max(10, width - fixedWidth())
        line(paint(shown.map { Self.headers[$0].padded(to: widths[$0] + 2) }.joined() + "TITLE", .heading))
        for (finding, row) in zip(open, rows) {
            var rendered = ""
            for index in shown {
                let padded = row[index].padded(to: widths[index] + 2)
                if index == 1 {
                    rendered += paint(padded, Style(finding.severity))
                } else if index == 5, finding.exploited {
                    rendered += paint(padded, .alarm)
                } else {
                    rendered += padded
                }
            }
            line(rendered + (finding.title ?? "").truncated(to: titleWidth))
        }
        blank()
    }

    /// Suppressed findings, each with why.
    mutating func suppressed(_ report: ScanReport) {
        let suppressed = report.suppressedFindings
        guard !suppressed.isEmpty else { return }
        heading("SUPPRESSED (\(suppressed.count))")
        let cveWidth = suppressed.map(\.cve.count).max() ?? 0
        for finding in suppressed {
            let why = finding.suppression.map(ScanReport.suppressionSentence) ?? ""
            let prefix = "  " + finding.cve.padded(to: cveWidth + 2) + finding.severity.rawValue.padded(to: 10)
            line(prefix + why.truncated(to: max(10, width - prefix.count)))
        }
        blank()
    }

    /// The verdict and the fired rules.
    mutating func policy(_ report: ScanReport) {
        let verdict = report.policy.verdict
        let style: Style =
            switch verdict {
            case .pass: .pass
            case .warn: .warn
            case .fail: .fail
            }
        let name = report.policy.name.map { " (\($0))" } ?? ""
        line(paint("POLICY: \(verdict.rawValue.uppercased())", style) + name)
        for violation in report.policy.violations {
            let cves = violation.cves.isEmpty ? "image" : violation.cves.joined(separator: ", ")
            line("  [\(violation.action.rawValue)] \(violation.rule): \(violation.message) — \(cves)")
        }
        blank()
    }

    /// The counts per severity.
    mutating func summary(_ report: ScanReport) {
        let summary = report.summary
        let counts: [(ScanReport.Severity, Int)] = [
            (.critical, summary.critical), (.high, summary.high), (.medium, summary.medium), (.low, summary.low),
            (.unknown, summary.unknown),
        ]
        let parts = counts.map { severity, count in
            count > 0 ? paint("\(count) \(severity.rawValue)", Style(severity)) : "\(count) \(severity.rawValue)"
        }
        line("SUMMARY: " + parts.joined(separator: ", ") + " (\(summary.suppressed) suppressed)")
    }
}

extension String {
    /// The string padded with spaces to `width` characters (never cut).
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// The string cut to `width` characters, with `…` when cut; line breaks become spaces.
    fileprivate func truncated(to width: Int) -> String {
        let flat = String(map { $0.isNewline ? " " : $0 })
        guard flat.count > width else { return flat }
        return String(flat.prefix(max(0, width - 1))) + "…"
    }
}
