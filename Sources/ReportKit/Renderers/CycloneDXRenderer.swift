/// Writes a CycloneDX 1.6 JSON BOM (ECMA-424) with the image, its Windows and the vulnerabilities found.
///
/// - `metadata.component` is the image, type `container`, with its digest as a SHA-256 hash and an `oci` purl.
/// - `components` holds the OS (`operating-system`, version = the full build) with each installed KB nested in it
///   as a `library` (CycloneDX's recommended type when no other fits; a KB has no purl type), bom-ref `kb:KB…`;
///   .NET Framework, when present, is a `framework` that .NET findings (compound products `12079-11924`) affect.
/// - One vulnerability per finding (bom-ref `vuln:CVE…:product`), source MSRC, ratings: the MSRC severity
///   (method `other`) and the CVSS v3 score and vector when present (`CVSSv31` or `CVSSv3` by the vector's prefix).
/// - `analysis` only on suppressed findings: VEX `not_affected` → `not_affected` (OpenVEX justification mapped),
///   VEX `fixed` → `resolved`, VEX `under_investigation` → `in_triage`, an allowlist or ignore-file entry →
///   `exploitable` with response `will_not_fix` (a risk accepted, not disproved).
/// - `serialNumber` is a UUID derived from the report's content, so the same report gives the same bytes.
public struct CycloneDXRenderer: ReportRenderer, Sendable, Hashable {
    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/cyclonedx``.
    public var format: ReportFormat { .cyclonedx }

    /// The bom-ref of the image.
    static let imageRef = "image"
    /// The bom-ref of .NET Framework.
    static let dotnetRef = "dotnet-framework"

    /// The BOM as JSON bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        let osRef = Self.osRef(report)
        var components: [JSONValue] = []
        if report.windows.identified { components.append(Self.operatingSystem(report, ref: osRef)) }
        if let dotnet = report.windows.dotnet {
            components.append(
                .object([
                    "type": .string("framework"),
                    "bom-ref": .string(Self.dotnetRef),
                    "supplier": .object(["name": .string("Microsoft")]),
                    "name": .string(".NET Framework"),
                    "version": .string(dotnet.version),
                    "properties": Self.properties([("winscan:dotnet:release", String(dotnet.release))]),
                ]))
        }
        let ordered = report.openFindings + report.suppressedFindings
        let vulnerabilities = ordered.map { finding in
            let target: String
            if finding.productId.contains("-"), report.windows.dotnet != nil {
                target = Self.dotnetRef
            } else {
                target = report.windows.identified ? osRef : Self.imageRef
            }
            return Self.vulnerability(finding, affects: target)
        }
        var metadataProperties: [(String, String)] = [
            ("winscan:policy:verdict", report.policy.verdict.rawValue),
            ("winscan:database:builtAt", ReportDate.iso8601(report.database.builtAt)),
            ("winscan:database:isSample", String(report.database.isSample)),
            ("winscan:windows:identified", String(report.windows.identified)),
        ]
        if let reason = report.windows.unidentifiedReason {
            metadataProperties.append(("winscan:windows:unidentifiedReason", reason))
        }
        metadataProperties += report.warnings.map { ("winscan:warning", $0) }
        let metadata = JSONValue.object([
            "timestamp": .string(ReportDate.iso8601(report.generatedAt)),
            "tools": .object([
                "components": .array([
                    .object([
                        "type": .string("application"),
                        "name": .string(report.scanner.name),
                        "version": .string(report.scanner.version),
                        "externalReferences": .array([
                            .object([
                                "type": .string("website"), "url": .string(SARIFRenderer.informationURI),
                            ])
                        ]),
                    ])
                ])
            ]),
            "component": Self.image(report),
            "properties": Self.properties(metadataProperties),
        ])
        let bom = JSONValue.object([
            "$schema": .string("http://cyclonedx.org/schema/bom-1.6.schema.json"),
            "bomFormat": .string("CycloneDX"),
            "specVersion": .string("1.6"),
            "serialNumber": .string("urn:uuid:" + Self.serialUUID(report)),
            "version": .int(1),
            "metadata": metadata,
            "components": .array(components),
            "dependencies": .array(Self.dependencies(report, osRef: osRef)),
            "vulnerabilities": .array(vulnerabilities),
        ])
        return bom.renderedBytes()
    }

    /// The UUID in `serialNumber`, derived from the report's content.
    static func serialUUID(_ report: ScanReport) -> String {
        var seed = ["cyclonedx"]
        seed += report.contentSeed
        return StableHash.uuid(seed.joined(separator: "\u{1F}"))
    }

    /// The bom-ref of the OS: `windows:<product>:<build>`.
    static func osRef(_ report: ScanReport) -> String {
        "windows:\(report.windows.productId ?? "unknown"):\(report.windows.build ?? "unknown")"
    }

    /// The image as a `container` component.
    private static func image(_ report: ScanReport) -> JSONValue {
        var hashes: JSONValue?
        if let digest = report.image.digest, digest.hasPrefix("sha256:") {
            let hex = String(digest.dropFirst("sha256:".count))
            if hex.count == 64, hex.allSatisfy(\.isHexDigit) {
                hashes = .array([.object(["alg": .string("SHA-256"), "content": .string(hex.lowercased())])])
            }
        }
        let platform = report.image.platform
        var properties = [("winscan:image:os", platform.os), ("winscan:image:architecture", platform.architecture)]
        if let version = platform.osVersion { properties.append(("winscan:image:osVersion", version)) }
        properties += report.image.layers.map { ("winscan:image:layer", $0) }
        return .object([
            "type": .string("container"),
            "bom-ref": .string(imageRef),
            "name": .string(report.image.reference),
            "version": .text(report.image.digest),
            "hashes": hashes,
            "purl": .text(report.imagePackageURL),
            "properties": Self.properties(properties),
        ])
    }

    /// The OS component with the installed KBs inside.
    private static func operatingSystem(_ report: ScanReport, ref: String) -> JSONValue {
        let windows = report.windows
        var properties: [(String, String)] = []
        if let id = windows.productId { properties.append(("winscan:msrc:productId", id)) }
        if let value = windows.installationType { properties.append(("winscan:windows:installationType", value)) }
        if let value = windows.editionId { properties.append(("winscan:windows:editionId", value)) }
        if let value = windows.displayVersion { properties.append(("winscan:windows:displayVersion", value)) }
        if windows.productApproximated {
            properties.append(("winscan:msrc:productApproximated", windows.approximationReason ?? "true"))
        }
        let kbs = windows.kbs.map { kb in
            JSONValue.object([
                "type": .string("library"),
                "bom-ref": .string("kb:\(kb)"),
                "supplier": .object(["name": .string("Microsoft")]),
                "name": .string(kb),
                "description": .string("Windows update \(kb), installed in the image"),
            ])
        }
        return .object([
            "type": .string("operating-system"),
            "bom-ref": .string(ref),
            "supplier": .object(["name": .string("Microsoft")]),
            "name": .string(windows.productName ?? "Windows"),
            "version": .text(windows.build),
            "properties": Self.properties(properties),
            "components": kbs.isEmpty ? nil : .array(kbs),
        ])
    }

    /// The image depends on its OS and .NET.
    private static func dependencies(_ report: ScanReport, osRef: String) -> [JSONValue] {
        var parts: [String] = []
        if report.windows.identified { parts.append(osRef) }
        if report.windows.dotnet != nil { parts.append(dotnetRef) }
        var entries = [JSONValue.object(["ref": .string(imageRef), "dependsOn": .array(parts.map { .string($0) })])]
        entries += parts.map { JSONValue.object(["ref": .string($0), "dependsOn": .array([])]) }
        return entries
    }

    /// One finding as a vulnerability.
    private static func vulnerability(_ finding: ScanReport.Finding, affects target: String) -> JSONValue {
        let msrc = JSONValue.object(["name": .string("MSRC"), "url": .text(finding.url)])
        var ratings: [JSONValue] = [
            .object([
                "source": msrc,
                "severity": .string(finding.severity.rawValue),
                "method": .string("other"),
                "justification": .text(finding.msrcSeverity.map { "MSRC severity \($0)" }),
            ])
        ]
        if let cvss = finding.cvss, cvss.baseScore != nil || cvss.vector != nil {
            let method = cvss.vector.map { $0.hasPrefix("CVSS:3.0/") ? "CVSSv3" : "CVSSv31" } ?? "CVSSv31"
            ratings.append(
                .object([
                    "source": msrc,
                    "score": cvss.baseScore.map { .double($0) },
                    "severity": cvss.baseScore.map { .string(cvssSeverity($0)) },
                    "method": .string(method),
                    "vector": .text(cvss.vector),
                ]))
        }
        var properties: [(String, String)] = [
            ("winscan:status", finding.status.rawValue), ("winscan:exploited", String(finding.exploited)),
            ("winscan:publiclyDisclosed", String(finding.publiclyDisclosed)),
            ("winscan:msrc:productId", finding.productId),
        ]
        if let impact = finding.impact { properties.append(("winscan:impact", impact)) }
        var advisories: [JSONValue] = []
        if let fix = finding.fix, let url = fix.url {
            advisories.append(.object(["title": .string(fix.kb), "url": .string(url)]))
        }
        return .object([
            "bom-ref": .string("vuln:\(finding.cve):\(finding.productId)"),
            "id": .string(finding.cve),
            "source": msrc,
            "ratings": .array(ratings),
            "description": .text(finding.title),
            "detail": .string(finding.evidence),
            "recommendation": .string(recommendation(finding)),
            "advisories": advisories.isEmpty ? nil : .array(advisories),
            "analysis": finding.suppression.map(analysis),
            "affects": .array([.object(["ref": .string(target)])]),
            "properties": Self.properties(properties),
        ])
    }

    /// What to do about a finding.
    private static func recommendation(_ finding: ScanReport.Finding) -> String {
        guard let fix = finding.fix else { return "Microsoft lists no fix; mitigate or accept the risk." }
        let build = fix.fixedBuild.map { " (build \($0))" } ?? ""
        return "Install \(fix.kb)\(build), or rebase on a base image that includes it."
    }

    /// The impact analysis of a suppressed finding.
    private static func analysis(_ suppression: ScanReport.Suppression) -> JSONValue {
        let detail = ScanReport.suppressionSentence(suppression)
        if suppression.source == .vex {
            switch suppression.vexStatus {
            case "not_affected":
                return .object([
                    "state": .string("not_affected"),
                    "justification": .text(suppression.reason.flatMap(justification)),
                    "detail": .string(detail),
                ])
            case "fixed":
                return .object(["state": .string("resolved"), "detail": .string(detail)])
            case "under_investigation":
                return .object(["state": .string("in_triage"), "detail": .string(detail)])
            default:
                break
            }
        }
        return .object([
            "state": .string("exploitable"),
            "response": .array([.string("will_not_fix")]),
            "detail": .string(detail),
        ])
    }

    /// The CycloneDX justification matching an OpenVEX one, when `reason` is an OpenVEX justification.
    private static func justification(_ reason: String) -> String? {
        switch reason {
        case "component_not_present", "vulnerable_code_not_present": "code_not_present"
        case "vulnerable_code_not_in_execute_path": "code_not_reachable"
        case "vulnerable_code_cannot_be_controlled_by_adversary": "protected_at_runtime"
        case "inline_mitigations_already_exist": "protected_by_mitigating_control"
        default: nil
        }
    }

    /// The CVSS v3 qualitative rating of a score (CVSS v3.1 specification §5).
    private static func cvssSeverity(_ score: Double) -> String {
        switch score {
        case 9.0...: "critical"
        case 7.0..<9.0: "high"
        case 4.0..<7.0: "medium"
        case 0.1..<4.0: "low"
        default: "none"
        }
    }

    /// Name–value properties, or `nil` when there are none.
    private static func properties(_ pairs: [(String, String)]) -> JSONValue? {
        pairs.isEmpty
            ? nil : .array(pairs.map { JSONValue.object(["name": .string($0.0), "value": .string($0.1)]) })
    }
}
