import Foundation
import ImageLayers
import MSRCModel
import PolicyKit
import ReportKit
import VulnDB
import VulnMatch
import WindowsInventory

extension WindowsImageScanner {
    /// Applies the policy to `analysis` and assembles the report.
    func report(
        image: ResolvedImage, reference: String, analysis: ImageAnalysis, database: DatabaseIdentity, now: Date,
        options: ScanOptions, emit: @Sendable (ScanEvent) -> Void
    ) -> ScanReport {
        emit(.phase(.policy))
        let match = analysis.match
        let evaluation = policy.evaluate(
            match,
            context: PolicyContext(
                databaseBuiltAt: database.metadata.builtAt, productApproximated: analysis.windows.productApproximated),
            now: now)
        emit(.phase(.report))

        var suppressionOf: [String: ScanReport.Suppression] = [:]
        for applied in evaluation.suppressions where suppressionOf[applied.cve + "/" + applied.productID] == nil {
            suppressionOf[applied.cve + "/" + applied.productID] = Self.reportSuppression(
                applied.suppression, expired: false)
        }
        let findings = match.findings.map { finding in
            Self.reportFinding(finding, suppression: suppressionOf[finding.cve + "/" + finding.productID])
        }
        let suppressions =
            evaluation.suppressions.map { Self.reportSuppression($0.suppression, expired: false) }
            + evaluation.expiredSuppressions.map { Self.reportSuppression($0, expired: true) }
        var uniqueSuppressions: [ScanReport.Suppression] = []
        for suppression in suppressions where !uniqueSuppressions.contains(suppression) {
            uniqueSuppressions.append(suppression)
        }

        let remediation = match.remediation.map { summary in
            ScanReport.Remediation(
                kb: summary.update.name, fixedBuild: summary.update.fixedBuild?.rawValue,
                released: summary.update.released, url: summary.update.url, closes: summary.closes.count,
                notClosed: summary.notClosed)
        }
        return ScanReport(
            scanner: options.scanner, generatedAt: now,
            database: ScanReport.Database(
                builtAt: database.metadata.builtAt, documents: database.documents,
                schemaVersion: database.metadata.schemaVersion, path: database.path, isSample: isSampleDatabase),
            image: ScanReport.Image(
                reference: reference, digest: image.manifestDigest?.description,
                platform: ScanReport.Platform(
                    os: image.config.os, architecture: image.config.architecture, osVersion: image.config.osVersion),
                layers: image.layers.compactMap { $0.diffID?.description }),
            windows: analysis.windows,
            findings: findings, remediation: remediation,
            policy: ScanReport.Policy(
                verdict: ScanReport.Policy.Verdict(rawValue: evaluation.verdict.rawValue) ?? .fail,
                name: evaluation.policy,
                violations: evaluation.firedRules.map {
                    ScanReport.Violation(
                        rule: $0.rule, action: ScanReport.Violation.Action(rawValue: $0.action.rawValue) ?? .fail,
                        message: $0.message, cves: $0.cves)
                },
                suppressions: uniqueSuppressions),
            warnings: warnings(image: image, analysis: analysis, database: database, now: now))
    }

    /// The report's Windows section.
    static func reportWindows(inventory: Inventory?, match: MatchResult) -> ScanReport.Windows {
        let profile = inventory?.profile
        var kbs = Set((inventory?.presentKBs ?? []).map { "KB\($0)" })
        if let installed = match.installedUpdate { kbs.insert(installed.name) }
        var reason: String?
        if case .unidentified(let why) = match.outcome { reason = why }
        return ScanReport.Windows(
            identified: match.isIdentified, unidentifiedReason: reason, build: profile?.fullBuild ?? match.build,
            productId: profile?.msrcProduct?.id, productName: profile?.msrcProduct?.name,
            installationType: profile?.installationType, editionId: profile?.editionID,
            displayVersion: profile?.displayVersion,
            productApproximated: profile?.msrcProduct?.isApproximation ?? false,
            approximationReason: profile?.msrcProduct?.reason,
            kbs: kbs.sorted { ($0.count, $0) < ($1.count, $1) },
            dotnet: inventory?.dotNet.map { ScanReport.DotNet(release: $0.release, version: $0.version) })
    }

    /// One finding in the report's terms.
    static func reportFinding(_ finding: Finding, suppression: ScanReport.Suppression?) -> ScanReport.Finding {
        let hasScores = finding.baseScore != nil || finding.temporalScore != nil || finding.vector != nil
        return ScanReport.Finding(
            cve: finding.cve, title: finding.title,
            severity: ScanReport.Severity(rawValue: finding.severity.rawValue) ?? .unknown,
            msrcSeverity: finding.msrcSeverity?.rawValue,
            cvss: hasScores
                ? ScanReport.CVSS(
                    baseScore: finding.baseScore, temporalScore: finding.temporalScore, vector: finding.vector)
                : nil,
            impact: finding.impact, exploited: finding.exploited, publiclyDisclosed: finding.publiclyDisclosed,
            productId: finding.productID, productName: finding.productName,
            status: ScanReport.Finding.Status(rawValue: finding.status.rawValue) ?? .affected,
            fix: finding.fix.map {
                ScanReport.Fix(
                    kb: $0.name, fixedBuild: $0.fixedBuild?.rawValue, released: $0.released, url: $0.url,
                    isHotpatch: $0.isHotpatch)
            },
            evidence: finding.evidence,
            url: "https://msrc.microsoft.com/update-guide/vulnerability/\(finding.cve)", suppression: suppression)
    }

    /// One suppression in the report's terms.
    static func reportSuppression(_ suppression: Suppression, expired: Bool) -> ScanReport.Suppression {
        let source: ScanReport.Suppression.Source =
            switch suppression.source {
            case .allowlist: .allowlist
            case .vex: .vex
            case .ignoreFile: .ignoreFile
            }
        let vexReason = suppression.statement.flatMap { $0.impactStatement ?? $0.justification ?? $0.statusNotes }
        return ScanReport.Suppression(
            target: suppression.target.description, source: source, reason: suppression.reason ?? vexReason,
            owner: suppression.owner, expires: suppression.expires?.start, expired: expired,
            vexStatus: suppression.statement?.status.rawValue, file: suppression.origin)
    }

    /// What the reader must know: the sample database, an unidentified Windows, a stale database, the image's
    /// resolution warnings (the first of several images taken), and every remark made reading the layers and the
    /// inventory and matching, each once. (The other resolution notes — the engine an image was exported from, the
    /// platform picked from an index — are provenance, shown by `winscan image inspect`.)
    func warnings(
        image: ResolvedImage, analysis: ImageAnalysis, database: DatabaseIdentity, now: Date
    ) -> [String] {
        var warnings: [String] = []
        if isSampleDatabase {
            warnings.append(SampleDatabase.warning)
        }
        if case .unidentified(let reason) = analysis.match.outcome {
            warnings.append("could not identify Windows in this image: \(reason); no finding list can be trusted")
        }
        let age = Int(now.timeIntervalSince(database.metadata.builtAt) / 86_400)
        if age > 30 && !isSampleDatabase {
            warnings.append("the vulnerability database is \(age) days old: run `winscan db update`")
        }
        for note in image.warnings + analysis.readingNotes + analysis.match.notes where !warnings.contains(note) {
            warnings.append(note)
        }
        return warnings
    }
}
