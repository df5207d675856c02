import Foundation

/// Writes SARIF 2.1.0 (OASIS, sarif-v2.1.0-os) for GitHub code scanning: one run, one rule per CVE, one result
/// per finding; suppressed findings stay as results carrying `suppressions` (§3.27.23, §3.35).
///
/// A container image has no source file, but GitHub requires a physical location, so every result points at
/// `image/<reference>` (``artifactURI(for:)``: the reference with every character outside `A-Z a-z 0-9 . _ -`
/// replaced by `_`), line 1. The URI is relative and contains no `/` after `image/`, so it is a valid
/// `uri-reference` and one stable "file" per image in the code-scanning UI.
public struct SARIFRenderer: ReportRenderer, Sendable, Hashable {
    /// Where the tool is documented (`tool.driver.informationUri`).
    public static let informationURI = "https://github.com/winscan/winscan"

    /// The `partialFingerprints` key (§3.27.17); its version changes only if the hashed fields do.
    public static let fingerprintKey = "winscanFinding/v1"

    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/sarif``.
    public var format: ReportFormat { .sarif }

    /// The SARIF log as JSON bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        let ordered = report.openFindings + report.suppressedFindings
        var ruleIndex: [String: Int] = [:]
        var rules: [JSONValue] = []
        for finding in ordered where ruleIndex[finding.cve] == nil {
            ruleIndex[finding.cve] = rules.count
            rules.append(Self.rule(for: finding))
        }
        let results = ordered.map { Self.result(for: $0, ruleIndex: ruleIndex[$0.cve] ?? 0, report: report) }
        let driver = JSONValue.object([
            "name": .string(report.scanner.name),
            "version": .string(report.scanner.version),
            "semanticVersion": Self.isSemanticVersion(report.scanner.version) ? .string(report.scanner.version) : nil,
            "informationUri": .string(Self.informationURI),
            "rules": .array(rules),
        ])
        var runProperties: [JSONValue.Member] = [
            .init(key: "imageReference", value: .string(report.image.reference)),
            .init(key: "windowsIdentified", value: .bool(report.windows.identified)),
            .init(key: "policyVerdict", value: .string(report.policy.verdict.rawValue)),
            .init(key: "sampleDatabase", value: .bool(report.database.isSample)),
        ]
        if let digest = report.image.digest { runProperties.append(.init(key: "imageDigest", value: .string(digest))) }
        if let build = report.windows.build { runProperties.append(.init(key: "windowsBuild", value: .string(build))) }
        // An unidentified image comes first: its findings cannot be trusted as complete (§3.58 notifications).
        var notifications = report.warnings.map { Self.notification("warning", $0) }
        if !report.windows.identified {
            notifications.insert(Self.notification("error", report.unidentifiedSentence), at: 0)
        }
        let invocation = JSONValue.object([
            "executionSuccessful": .bool(report.windows.identified),
            "endTimeUtc": .string(ReportDate.iso8601(report.generatedAt)),
            "toolExecutionNotifications": notifications.isEmpty ? nil : .array(notifications),
        ])
        let run = JSONValue.object([
            "tool": .object(["driver": driver]),
            "invocations": .array([invocation]),
            "automationDetails": .object(["id": .string("winscan/\(Self.artifactURI(for: report.image.reference))/")]),
            "results": .array(results),
            "properties": .object(runProperties),
        ])
        let log = JSONValue.object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([run]),
        ])
        return log.renderedBytes()
    }

    /// The artifact URI results point at: `image/` and the reference with every character outside
    /// `A-Z a-z 0-9 . _ -` replaced by `_` (`registry:mcr.microsoft.com/windows/servercore:ltsc2022` →
    /// `image/registry_mcr.microsoft.com_windows_servercore_ltsc2022`).
    public static func artifactURI(for reference: String) -> String {
        var name = String(
            reference.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": Character(scalar)
                default: "_"
                }
            })
        if name.allSatisfy({ $0 == "." }) { name = "_" + name }
        return "image/" + name
    }

    /// The `security-severity` GitHub ranks by: the CVSS base score, else 9.5, 7.5, 5.5 or 2.5 by severity;
    /// `nil` when the severity is unknown too.
    public static func securitySeverity(of finding: ScanReport.Finding) -> String? {
        if let score = finding.cvss?.baseScore, score.isFinite, (0...10).contains(score) {
            return String(format: score)
        }
        switch finding.severity {
        case .critical: return "9.5"
        case .high: return "7.5"
        case .medium: return "5.5"
        case .low: return "2.5"
        case .unknown: return nil
        }
    }

    /// The SARIF level of a severity (§3.27.10): error for critical and high, warning for medium, note below.
    public static func level(of severity: ScanReport.Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .unknown: "note"
        }
    }

    /// The stable fingerprint of a finding: FNV-1a 64 of CVE, product and image reference, as hex.
    public static func fingerprint(of finding: ScanReport.Finding, in report: ScanReport) -> String {
        StableHash.of(finding.cve, finding.productId, report.image.reference).hex
    }

    /// A tool execution notification (§3.58).
    private static func notification(_ level: String, _ text: String) -> JSONValue {
        .object(["level": .string(level), "message": .object(["text": .string(text)])])
    }

    /// The reporting descriptor of a CVE (§3.49).
    private static func rule(for finding: ScanReport.Finding) -> JSONValue {
        var tags = ["security", "vulnerability", "windows", finding.severity.rawValue]
        if let impact = finding.impact { tags.append(impact) }
        if finding.exploited { tags.append("exploited") }
        let title = finding.title ?? finding.cve
        var help = "\(finding.cve): \(title)."
        if let impact = finding.impact { help += " Impact: \(impact)." }
        help += " Fix: \(ScanReport.fixSentence(finding))."
        if let url = finding.url { help += " See \(url)." }
        return .object([
            "id": .string(finding.cve),
            "name": .string(finding.cve.replacingOccurrences(of: "-", with: "")),
            "shortDescription": .object(["text": .string(title)]),
            "fullDescription": .object(["text": .string(help)]),
            "helpUri": .text(finding.url),
            "help": .object(["text": .string(help)]),
            "defaultConfiguration": .object(["level": .string(level(of: finding.severity))]),
            "properties": .object([
                "security-severity": .text(securitySeverity(of: finding)),
                "tags": .array(tags.map { .string($0) }),
                "precision": .string("high"),
            ]),
        ])
    }

    /// The result of one finding (§3.27).
    private static func result(for finding: ScanReport.Finding, ruleIndex: Int, report: ScanReport) -> JSONValue {
        var message = "\(finding.cve)"
        if let title = finding.title { message += " (\(title))" }
        message += ", \(finding.severity.rawValue)"
        if finding.exploited { message += ", exploited in the wild" }
        message += ", in \(finding.productName ?? "product \(finding.productId)"): \(finding.evidence)."
        message += " Fix: \(ScanReport.fixSentence(finding))."
        let location = JSONValue.object([
            "physicalLocation": .object([
                "artifactLocation": .object(["uri": .string(artifactURI(for: report.image.reference))]),
                "region": .object(["startLine": .int(1)]),
            ])
        ])
        var properties: [JSONValue.Member] = [
            .init(key: "productId", value: .string(finding.productId)),
            .init(key: "status", value: .string(finding.status.rawValue)),
            .init(key: "exploited", value: .bool(finding.exploited)),
        ]
        if let kb = finding.fix?.kb { properties.append(.init(key: "fixKb", value: .string(kb))) }
        if let build = finding.fix?.fixedBuild { properties.append(.init(key: "fixedBuild", value: .string(build))) }
        return .object([
            "ruleId": .string(finding.cve),
            "ruleIndex": .int(ruleIndex),
            "level": .string(level(of: finding.severity)),
            "message": .object(["text": .string(message)]),
            "locations": .array([location]),
            "partialFingerprints": .object([fingerprintKey: .string(fingerprint(of: finding, in: report))]),
            "suppressions": finding.suppression.map { .array([suppression($0)]) },
            "properties": .object(properties),
        ])
    }

    /// A suppression (§3.35): always `external`, since it lives in a policy, VEX or ignore file.
    private static func suppression(_ suppression: ScanReport.Suppression) -> JSONValue {
        .object([
            "kind": .string("external"),
            "status": .string("accepted"),
            "justification": .string(ScanReport.suppressionSentence(suppression)),
        ])
    }

    /// Whether `version` is `MAJOR.MINOR.PATCH` (SemVer 2.0.0 core, optionally with a suffix).
    private static func isSemanticVersion(_ version: String) -> Bool {
        let core = version.split(whereSeparator: { $0 == "-" || $0 == "+" }).first ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }
}

extension String {
    /// A score with one decimal (`9.8`, `7.0`).
    fileprivate init(format score: Double) {
        let tenths = Int((score * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

extension Character {
    /// Whether it is `0`–`9`.
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
