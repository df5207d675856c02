import Foundation
import MSRCModel
import ReportKit
import VulnMatch

/// What a scan concluded about an image before its policy: the report's Windows section, the warnings the
/// layers and the inventory gave, and the match. It is what a ``MatchCache`` keeps, so that a rescan of an
/// unchanged image against an unchanged database reads no layer, loads no advisory and matches nothing, while
/// the policy, suppressions and report are still made fresh.
struct ImageAnalysis: Sendable, Hashable {
    /// The report's Windows section.
    var windows: ScanReport.Windows
    /// Remarks from reading the layers and the inventory (a symbolic link not followed, a dirty hive…).
    var readingNotes: [String]
    /// The match.
    var match: MatchResult
}

extension ImageAnalysis {
    /// The first bytes of every encoded analysis; a change of the layout changes them.
    static let magic = Array("WINSCAN-ANALYSIS 1\n".utf8)

    /// The compact binary form (``CacheBytesWriter``).
    func encoded() -> [UInt8] {
        var writer = CacheBytesWriter()
        writer.raw(Self.magic)
        Self.write(windows, to: &writer)
        writer.array(readingNotes) { $0.string($1) }
        Self.write(match, to: &writer)
        return writer.bytes
    }

    /// Decodes what ``encoded()`` wrote; damaged, truncated or foreign bytes throw.
    init(decoding bytes: [UInt8]) throws(CacheBytesError) {
        guard bytes.starts(with: Self.magic) else { throw CacheBytesError(message: "not an encoded analysis") }
        var reader = CacheBytesReader(bytes, from: Self.magic.count)
        windows = try Self.readWindows(&reader)
        readingNotes = try reader.array { reader throws(CacheBytesError) in try reader.string() }
        match = try Self.readMatch(&reader)
        guard reader.isAtEnd else { throw CacheBytesError(message: "bytes left after the analysis") }
    }

    // MARK: Windows section

    private static func write(_ windows: ScanReport.Windows, to writer: inout CacheBytesWriter) {
        writer.bool(windows.identified)
        writer.optional(windows.unidentifiedReason) { $0.string($1) }
        writer.optional(windows.build) { $0.string($1) }
        writer.optional(windows.productId) { $0.string($1) }
        writer.optional(windows.productName) { $0.string($1) }
        writer.optional(windows.installationType) { $0.string($1) }
        writer.optional(windows.editionId) { $0.string($1) }
        writer.optional(windows.displayVersion) { $0.string($1) }
        writer.bool(windows.productApproximated)
        writer.optional(windows.approximationReason) { $0.string($1) }
        writer.array(windows.kbs) { $0.string($1) }
        writer.optional(windows.dotnet) { writer, dotnet in
            writer.int(dotnet.release)
            writer.string(dotnet.version)
        }
    }

    private static func readWindows(_ reader: inout CacheBytesReader) throws(CacheBytesError) -> ScanReport.Windows {
        let identified = try reader.bool()
        let unidentifiedReason = try optionalString(&reader)
        let build = try optionalString(&reader)
        let productId = try optionalString(&reader)
        let productName = try optionalString(&reader)
        let installationType = try optionalString(&reader)
        let editionId = try optionalString(&reader)
        let displayVersion = try optionalString(&reader)
        let productApproximated = try reader.bool()
        let approximationReason = try optionalString(&reader)
        let kbs = try reader.array { reader throws(CacheBytesError) in try reader.string() }
        let dotnet = try reader.optional { reader throws(CacheBytesError) in
            ScanReport.DotNet(release: try reader.int(), version: try reader.string())
        }
        return ScanReport.Windows(
            identified: identified, unidentifiedReason: unidentifiedReason, build: build, productId: productId,
            productName: productName, installationType: installationType, editionId: editionId,
            displayVersion: displayVersion, productApproximated: productApproximated,
            approximationReason: approximationReason, kbs: kbs, dotnet: dotnet)
    }

    // MARK: Match

    private static func write(_ match: MatchResult, to writer: inout CacheBytesWriter) {
        switch match.outcome {
        case .matched: writer.byte(0)
        case .unidentified(let reason):
            writer.byte(1)
            writer.string(reason)
        }
        writer.array(match.productIDs) { $0.string($1) }
        writer.optional(match.build) { $0.string($1) }
        writer.array(match.findings) { write($1, to: &$0) }
        writer.optional(match.remediation) { writer, summary in
            write(summary.update, to: &writer)
            writer.array(summary.closes) { $0.string($1) }
            writer.array(summary.notClosed) { $0.string($1) }
        }
        writer.optional(match.installedUpdate) { write($1, to: &$0) }
        writer.optional(match.newestUpdate) { write($1, to: &$0) }
        writer.array(match.effectiveKBs) { $0.int($1) }
        writer.array(match.notes) { $0.string($1) }
    }

    private static func readMatch(_ reader: inout CacheBytesReader) throws(CacheBytesError) -> MatchResult {
        let outcome: MatchResult.Outcome
        switch try reader.byte() {
        case 0: outcome = .matched
        case 1: outcome = .unidentified(reason: try reader.string())
        case let other: throw CacheBytesError(message: "outcome \(other)")
        }
        let productIDs = try reader.array { reader throws(CacheBytesError) in try reader.string() }
        let build = try optionalString(&reader)
        let findings = try reader.array { reader throws(CacheBytesError) in try readFinding(&reader) }
        let remediation = try reader.optional { reader throws(CacheBytesError) in
            RemediationSummary(
                update: try readFix(&reader),
                closes: try reader.array { reader throws(CacheBytesError) in try reader.string() },
                notClosed: try reader.array { reader throws(CacheBytesError) in try reader.string() })
        }
        let installedUpdate = try reader.optional { reader throws(CacheBytesError) in try readFix(&reader) }
        let newestUpdate = try reader.optional { reader throws(CacheBytesError) in try readFix(&reader) }
        let effectiveKBs = try reader.array { reader throws(CacheBytesError) in try reader.int() }
        let notes = try reader.array { reader throws(CacheBytesError) in try reader.string() }
        return MatchResult(
            outcome: outcome, productIDs: productIDs, build: build, findings: findings, remediation: remediation,
            installedUpdate: installedUpdate, newestUpdate: newestUpdate, effectiveKBs: effectiveKBs, notes: notes)
    }

    private static func write(_ finding: Finding, to writer: inout CacheBytesWriter) {
        writer.string(finding.cve)
        writer.optional(finding.title) { $0.string($1) }
        writer.string(finding.productID)
        writer.optional(finding.productName) { $0.string($1) }
        writer.optional(finding.msrcSeverity) { $0.string($1.rawValue) }
        writer.optional(finding.baseScore) { $0.double($1) }
        writer.optional(finding.temporalScore) { $0.double($1) }
        writer.optional(finding.vector) { $0.string($1) }
        writer.optional(finding.impact) { $0.string($1) }
        writer.bool(finding.exploited)
        writer.bool(finding.publiclyDisclosed)
        writer.optional(finding.published) { $0.double($1.timeIntervalSinceReferenceDate) }
        writer.string(finding.status.rawValue)
        writer.string(finding.rule.rawValue)
        writer.optional(finding.fix) { write($1, to: &$0) }
        writer.array(finding.allFixes) { write($1, to: &$0) }
        writer.string(finding.evidence)
    }

    private static func readFinding(_ reader: inout CacheBytesReader) throws(CacheBytesError) -> Finding {
        let cve = try reader.string()
        let title = try optionalString(&reader)
        let productID = try reader.string()
        let productName = try optionalString(&reader)
        let msrcSeverity = try optionalString(&reader).map { Severity(rawValue: $0) }
        let baseScore = try reader.optional { reader throws(CacheBytesError) in try reader.double() }
        let temporalScore = try reader.optional { reader throws(CacheBytesError) in try reader.double() }
        let vector = try optionalString(&reader)
        let impact = try optionalString(&reader)
        let exploited = try reader.bool()
        let publiclyDisclosed = try reader.bool()
        let published = try reader.optional { reader throws(CacheBytesError) in
            Date(timeIntervalSinceReferenceDate: try reader.double())
        }
        let status = try reader.raw(Finding.Status.self)
        let rule = try reader.raw(Finding.Rule.self)
        let fix = try reader.optional { reader throws(CacheBytesError) in try readFix(&reader) }
        let allFixes = try reader.array { reader throws(CacheBytesError) in try readFix(&reader) }
        let evidence = try reader.string()
        return Finding(
            cve: cve, title: title, productID: productID, productName: productName, msrcSeverity: msrcSeverity,
            baseScore: baseScore, temporalScore: temporalScore, vector: vector, impact: impact, exploited: exploited,
            publiclyDisclosed: publiclyDisclosed, published: published, status: status, rule: rule, fix: fix,
            allFixes: allFixes, evidence: evidence)
    }

    private static func write(_ fix: FixReference, to writer: inout CacheBytesWriter) {
        writer.int(fix.kb)
        writer.optional(fix.fixedBuild) { $0.string($1.rawValue) }
        writer.optional(fix.released) { $0.double($1.timeIntervalSinceReferenceDate) }
        writer.optional(fix.url) { $0.string($1) }
        writer.optional(fix.subType) { $0.string($1) }
        writer.bool(fix.isHotpatch)
    }

    private static func readFix(_ reader: inout CacheBytesReader) throws(CacheBytesError) -> FixReference {
        FixReference(
            kb: try reader.int(),
            fixedBuild: try optionalString(&reader).map { BuildVersion($0) },
            released: try reader.optional { reader throws(CacheBytesError) in
                Date(timeIntervalSinceReferenceDate: try reader.double())
            },
            url: try optionalString(&reader), subType: try optionalString(&reader), isHotpatch: try reader.bool())
    }

    private static func optionalString(_ reader: inout CacheBytesReader) throws(CacheBytesError) -> String? {
        try reader.optional { reader throws(CacheBytesError) in try reader.string() }
    }
}
