/// Writes an OpenVEX 0.2.0 document (openvex/spec, OPENVEX-SPEC.md v0.2.0): one statement per finding about the
/// image (its `oci` purl when it has a digest, else its reference).
///
/// Statuses: a fix the image lacks, or no fix at all → `affected` with an `action_statement`; a finding whose
/// fix cannot be decided applied (status `affected`) → `under_investigation`; a VEX-suppressed finding keeps its
/// VEX status (`not_affected` with its justification or an impact statement, `fixed`…); an allowlist or
/// ignore-file entry accepts a risk, so the image stays `affected` and the statement says who accepted it.
/// The document and statement `@id`s are UUID URNs derived from the report, so output is reproducible.
/// OpenVEX requires at least one statement: a report without findings cannot be rendered and fails with
/// ``ReportKitError/Code/renderFailed``.
public struct OpenVEXRenderer: ReportRenderer, Sendable, Hashable {
    /// The OpenVEX context this renderer writes.
    public static let context = "https://openvex.dev/ns/v0.2.0"

    /// The justifications OpenVEX 0.2.0 defines for `not_affected`.
    static let justifications: Set<String> = [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
    ]

    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/openvex``.
    public var format: ReportFormat { .openvex }

    /// The VEX document as JSON bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        guard !report.findings.isEmpty else {
            throw ReportKitError(
                .renderFailed, "the report has no findings, and an OpenVEX document needs at least one statement",
                context: report.image.reference)
        }
        let documentID = "urn:uuid:" + StableHash.uuid((["openvex"] + report.contentSeed).joined(separator: "\u{1F}"))
        let product = Self.product(report)
        let statements = (report.openFindings + report.suppressedFindings).map { finding in
            var statement: [JSONValue.Member] = [
                .init(
                    key: "@id",
                    value: .string("urn:uuid:" + StableHash.uuid(documentID, finding.cve, finding.productId))),
                .init(
                    key: "vulnerability",
                    value: .object([
                        "@id": .text(finding.url),
                        "name": .string(finding.cve),
                        "description": .text(finding.title),
                    ])),
                .init(key: "products", value: .array([product])),
            ]
            statement += Self.status(of: finding)
            return JSONValue.object(statement)
        }
        let document = JSONValue.object([
            "@context": .string(Self.context),
            "@id": .string(documentID),
            "author": .string(report.scanner.name),
            "role": .string("automated scanner"),
            "timestamp": .string(ReportDate.iso8601(report.generatedAt)),
            "version": .int(1),
            "tooling": .string("\(report.scanner.name) \(report.scanner.version)"),
            "statements": .array(statements),
        ])
        return document.renderedBytes()
    }

    /// The image as an OpenVEX product.
    private static func product(_ report: ScanReport) -> JSONValue {
        guard let purl = report.imagePackageURL else { return .object(["@id": .string(report.image.reference)]) }
        return .object(["@id": .string(purl), "identifiers": .object(["purl": .string(purl)])])
    }

    /// The status members of a finding's statement.
    private static func status(of finding: ScanReport.Finding) -> [JSONValue.Member] {
        let notes = JSONValue.Member(key: "status_notes", value: .string(finding.evidence))
        let action = "\(ScanReport.fixSentence(finding).capitalizedFirst), or rebase on a base image that includes it"
        let fixAction =
            finding.fix == nil ? "Microsoft lists no fix; apply MSRC's mitigations or accept the risk" : action
        guard let suppression = finding.suppression else {
            switch finding.status {
            case .affected:
                return [.init(key: "status", value: .string("under_investigation")), notes]
            case .fixedNotApplied, .noFix:
                return [
                    .init(key: "status", value: .string("affected")), notes,
                    .init(key: "action_statement", value: .string(fixAction)),
                ]
            }
        }
        let sentence = ScanReport.suppressionSentence(suppression)
        if suppression.source == .vex, let vexStatus = suppression.vexStatus {
            switch vexStatus {
            case "not_affected":
                if let reason = suppression.reason, justifications.contains(reason) {
                    return [
                        .init(key: "status", value: .string("not_affected")), notes,
                        .init(key: "justification", value: .string(reason)),
                    ]
                }
                return [
                    .init(key: "status", value: .string("not_affected")), notes,
                    .init(key: "impact_statement", value: .string(sentence)),
                ]
            case "fixed":
                return [
                    .init(key: "status", value: .string("fixed")), .init(key: "status_notes", value: .string(sentence)),
                ]
            case "under_investigation":
                return [
                    .init(key: "status", value: .string("under_investigation")),
                    .init(key: "status_notes", value: .string(sentence)),
                ]
            default:
                break
            }
        }
        return [
            .init(key: "status", value: .string("affected")),
            .init(key: "status_notes", value: .string("\(finding.evidence); risk accepted by \(sentence)")),
            .init(key: "action_statement", value: .string("Risk accepted (\(sentence)); otherwise: \(fixAction)")),
        ]
    }
}

extension String {
    /// The string with its first character uppercased.
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
