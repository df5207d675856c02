/// Writes JUnit XML (the Ant/Surefire `testsuites` dialect CI systems read): one `testsuite` named after the image,
/// one `testcase` per finding and one per image-level rule that fired (a violation with no CVEs).
///
/// A finding fails when it is unsuppressed and a fired `fail` rule matched it (the message names the rules and
/// the evidence); a suppressed finding is `skipped`; any other finding passes, with its details in `system-out`.
/// An image whose Windows could not be identified adds an `error` test case, since the scan is incomplete.
public struct JUnitRenderer: ReportRenderer, Sendable, Hashable {
    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/junit``.
    public var format: ReportFormat { .junit }

    /// The XML as UTF-8 bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        let x = MarkupEscaping.xml
        var cases: [String] = []
        var failures = 0
        var skipped = 0
        var errors = 0
        if !report.windows.identified {
            errors += 1
            cases.append(
                "    <testcase name=\"identify Windows\" classname=\"winscan.image\">\n"
                    + "      <error message=\"\(x(report.unidentifiedSentence))\" type=\"unidentified\"/>\n"
                    + "    </testcase>\n")
        }
        for finding in report.openFindings + report.suppressedFindings {
            let name = finding.cve + (finding.title.map { ": \($0)" } ?? "")
            let classname = finding.productName.map { "\($0) (\(finding.productId))" } ?? finding.productId
            var body = ""
            let fixSentence = ScanReport.fixSentence(finding)
            if let suppression = finding.suppression {
                skipped += 1
                body = "      <skipped message=\"\(x(ScanReport.suppressionSentence(suppression)))\"/>\n"
            } else {
                let rules = report.violations(matching: finding, action: .fail)
                if rules.isEmpty {
                    let warned = report.violations(matching: finding, action: .warn).map(\.rule)
                    var out = "\(finding.severity.rawValue): \(finding.evidence); fix: \(fixSentence)"
                    if !warned.isEmpty { out += "; warned by \(warned.joined(separator: ", "))" }
                    body = "      <system-out>\(x(out))</system-out>\n"
                } else {
                    failures += 1
                    let ruleNames = rules.map(\.rule).joined(separator: ", ")
                    let message = "\(ruleNames): \(finding.evidence)"
                    var detail = rules.map { "\($0.rule): \($0.message)" }.joined(separator: "\n")
                    detail += "\n\(finding.cve) (\(finding.severity.rawValue)"
                    detail += finding.exploited ? ", exploited)" : ")"
                    detail += "\nEvidence: \(finding.evidence)\nFix: \(fixSentence)"
                    if let url = finding.url { detail += "\n\(url)" }
                    body = "      <failure message=\"\(x(message))\" type=\"\(finding.severity.rawValue)\">"
                    body += "\(x(detail))</failure>\n"
                }
            }
            cases.append(
                "    <testcase name=\"\(x(name))\" classname=\"\(x(classname))\">\n\(body)    </testcase>\n")
        }
        for violation in report.policy.violations where violation.cves.isEmpty {
            var body = ""
            if violation.action == .fail {
                failures += 1
                body = "      <failure message=\"\(x("\(violation.rule): \(violation.message)"))\" type=\"policy\">"
                body += "\(x(violation.message))</failure>\n"
            } else {
                body = "      <system-out>\(x("\(violation.action.rawValue): \(violation.message)"))</system-out>\n"
            }
            cases.append(
                "    <testcase name=\"\(x("policy: \(violation.rule)"))\" classname=\"winscan.policy\">\n"
                    + "\(body)    </testcase>\n")
        }
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\""
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(x(report.scanner.name))\" \(counts)>\n"
        xml += "  <testsuite name=\"\(x(report.image.reference))\" \(counts) "
        xml += "timestamp=\"\(ReportDate.iso8601(report.generatedAt))\">\n"
        xml += "    <properties>\n"
        var properties = [
            ("verdict", report.policy.verdict.rawValue), ("windows.build", report.windows.build ?? "unidentified"),
            ("database.builtAt", ReportDate.iso8601(report.database.builtAt)),
            ("database.isSample", String(report.database.isSample)),
        ]
        if let digest = report.image.digest { properties.append(("image.digest", digest)) }
        for (name, value) in properties {
            xml += "      <property name=\"\(x(name))\" value=\"\(x(value))\"/>\n"
        }
        xml += "    </properties>\n"
        xml += cases.joined()
        xml += "  </testsuite>\n</testsuites>\n"
        return Array(xml.utf8)
    }
}
