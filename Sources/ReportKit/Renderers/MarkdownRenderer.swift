/// Writes GitHub-flavoured Markdown for a pull-request comment: a bold verdict line, a summary table, the
/// remediation, the findings table (the first ``findingLimit``, then "… and N more"), suppressed findings in a
/// collapsed `<details>` block and the fired rules. Cells are escaped (pipes, emphasis, HTML), and no emoji.
public struct MarkdownRenderer: ReportRenderer, Sendable, Hashable {
    /// How many findings the table lists.
    public static let findingLimit = 50

    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/markdown``.
    public var format: ReportFormat { .markdown }

    /// The comment as UTF-8 bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        let m = MarkupEscaping.markdown
        var text = "## \(m(report.scanner.name)) scan: `\(Self.code(report.image.reference))`\n\n"
        let summary = report.summary
        text += "**Policy: \(report.policy.verdict.rawValue.uppercased())**"
        text += report.policy.name.map { " (\(m($0)))" } ?? ""
        text += " — \(summary.total) open finding\(summary.total == 1 ? "" : "s"), \(summary.suppressed) suppressed\n\n"
        if report.database.isSample { text += "> **Warning:** \(m(ScanReport.sampleDatabaseSentence))\n\n" }
        if !report.windows.identified { text += "> **Warning:** \(m(report.unidentifiedSentence))\n\n" }
        for warning in report.warnings { text += "> \(m(warning))\n\n" }
        if report.windows.identified {
            text += "Windows: \(m(report.windowsDescription))"
            text += " · database built \(ReportDate.day(report.database.builtAt))\n\n"
        }
        text += "| Critical | High | Medium | Low | Unknown | Suppressed |\n|---:|---:|---:|---:|---:|---:|\n"
        text += "| \(summary.critical) | \(summary.high) | \(summary.medium) | \(summary.low) | \(summary.unknown) "
        text += "| \(summary.suppressed) |\n\n"
        if report.windows.identified {
            text += Self.remediation(report)
            text += Self.findings(report)
        }
        text += Self.suppressed(report)
        text += Self.violations(report)
        return Array(text.utf8)
    }

    /// The remediation paragraph.
    private static func remediation(_ report: ScanReport) -> String {
        let m = MarkupEscaping.markdown
        guard let sentence = report.remediationSentence, let remediation = report.remediation else { return "" }
        var text = "### Remediation\n\n**\(m(sentence))**\n"
        if !remediation.notClosed.isEmpty {
            text += "\nNot closed by \(m(remediation.kb)): \(m(remediation.notClosed.joined(separator: ", ")))\n"
        }
        return text + "\n"
    }

    /// The findings table.
    private static func findings(_ report: ScanReport) -> String {
        let m = MarkupEscaping.markdown
        let open = report.openFindings
        guard !open.isEmpty else { return "No open findings.\n\n" }
        var text = "### Findings\n\n| CVE | Severity | Status | Fix KB | Fixed build | Exploited | Title |\n"
        text += "|---|---|---|---|---|---|---|\n"
        for finding in open.prefix(findingLimit) {
            let cve = finding.url.map { "[\(m(finding.cve))](\(Self.link($0)))" } ?? m(finding.cve)
            text += "| \(cve) | \(finding.severity.rawValue) | \(finding.status.rawValue) "
            text += "| \(m(finding.fix?.kb ?? "-")) | \(m(finding.fix?.fixedBuild ?? "-")) "
            text += "| \(finding.exploited ? "**yes**" : "no") | \(m(finding.title ?? "")) |\n"
        }
        if open.count > findingLimit { text += "\n… and \(open.count - findingLimit) more\n" }
        return text + "\n"
    }

    /// The suppressed findings, collapsed.
    private static func suppressed(_ report: ScanReport) -> String {
        let m = MarkupEscaping.markdown
        let suppressed = report.suppressedFindings
        guard !suppressed.isEmpty else { return "" }
        var text = "<details>\n<summary>Suppressed findings (\(suppressed.count))</summary>\n\n"
        text += "| CVE | Severity | Suppressed by |\n|---|---|---|\n"
        for finding in suppressed {
            let why = finding.suppression.map(ScanReport.suppressionSentence) ?? ""
            text += "| \(m(finding.cve)) | \(finding.severity.rawValue) | \(m(why)) |\n"
        }
        return text + "\n</details>\n\n"
    }

    /// The fired rules.
    private static func violations(_ report: ScanReport) -> String {
        let m = MarkupEscaping.markdown
        guard !report.policy.violations.isEmpty else { return "" }
        var text = "### Policy rules that fired\n\n"
        for violation in report.policy.violations {
            let cves = violation.cves.isEmpty ? "image" : violation.cves.joined(separator: ", ")
            text += "- **\(violation.action.rawValue)** \(m(violation.rule)): \(m(violation.message)) (\(m(cves)))\n"
        }
        return text + "\n"
    }

    /// Text for an inline code span: backticks and line breaks replaced, since a span cannot escape them.
    private static func code(_ text: String) -> String {
        String(text.map { $0 == "`" ? "'" : ($0.isNewline ? " " : $0) })
    }

    /// A link destination: spaces, parentheses and angle brackets percent-encoded.
    private static func link(_ url: String) -> String {
        var output = ""
        for character in url {
            switch character {
            case " ": output += "%20"
            case "(": output += "%28"
            case ")": output += "%29"
            case "<": output += "%3C"
            case ">": output += "%3E"
            case "|": output += "%7C"
            default: output.append(character)
            }
        }
        return output
    }
}
