import Foundation
import ReportKit
import TestSupport
import Testing

/// The JSON renderer writes bytes by hand; these tests hold it to exactly what Foundation's `JSONEncoder` writes
/// for the report's `Codable` conformance, which is what defines the format (and what `decode` reads).
@Suite("JSON writer equals JSONEncoder")
struct JSONWriterEquivalenceTests {
    /// The reference: the synthesized `Codable` conformance through `JSONEncoder`, with the report's options.
    static func encoded(_ report: ScanReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601))
        }
        return [UInt8](try encoder.encode(report)) + [UInt8(ascii: "\n")]
    }

    /// The first line where `written` and `expected` differ, for a readable failure.
    static func firstDifference(_ written: [UInt8], _ expected: [UInt8]) -> String {
        let left = String(decoding: written, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let right = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (line, reference)) in zip(left, right).enumerated() where line != reference {
            return "line \(index + 1): wrote «\(line)», JSONEncoder «\(reference)»"
        }
        return "lengths differ: \(left.count) against \(right.count) lines"
    }

    /// Checks one report.
    static func check(_ report: ScanReport, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try JSONRenderer().render(report, options: RenderOptions())
        let expected = try encoded(report)
        let same = written == expected
        #expect(same, "\(firstDifference(written, expected))", sourceLocation: sourceLocation)
    }

    @Test("every sample report", arguments: SampleReports.names)
    func samples(name: String) throws {
        try Self.check(SampleReports.named(name))
    }

    @Test("a report that sets every property, with awkward strings and numbers")
    func complete() throws {
        try Self.check(Self.complete)
    }

    @Test("the complete report really sets every property (a new property must be added to it and the writer)")
    func completeIsComplete() {
        var unset: [String] = []
        Self.collectUnset(Self.complete, path: "report", into: &unset)
        #expect(unset.isEmpty, "left nil or empty: \(unset)")
    }

    @Test("empty and nil everywhere they may be")
    func sparse() throws {
        let windows = ScanReport.Windows(
            identified: false, unidentifiedReason: "no hive", build: nil, productId: nil, productName: nil,
            installationType: nil, editionId: nil, displayVersion: nil, productApproximated: false,
            approximationReason: nil, kbs: [], dotnet: nil)
        let finding = ScanReport.Finding(
            cve: "CVE-2024-0001", title: nil, severity: .unknown, msrcSeverity: nil,
            cvss: ScanReport.CVSS(baseScore: nil, temporalScore: nil, vector: nil), impact: nil, exploited: false,
            publiclyDisclosed: false, productId: "11924", productName: nil, status: .noFix, fix: nil,
            evidence: "", url: nil, suppression: nil)
        let report = ScanReport(
            scanner: SampleReports.scanner, generatedAt: SampleReports.scanDate,
            database: ScanReport.Database(
                builtAt: SampleReports.databaseDate, documents: 0, schemaVersion: 1, path: nil, isSample: true),
            image: ScanReport.Image(
                reference: "oci-dir:x", digest: nil,
                platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: nil), layers: []),
            windows: windows, findings: [finding], remediation: nil,
            policy: ScanReport.Policy(verdict: .pass, name: nil, violations: [], suppressions: []), warnings: [])
        try Self.check(report)
        let empty = ScanReport(
            scanner: report.scanner, generatedAt: report.generatedAt, database: report.database, image: report.image,
            windows: windows, findings: [], remediation: nil, policy: report.policy, warnings: [])
        try Self.check(empty)
    }

    @Test("every ASCII character and 500 random Unicode strings escape as JSONEncoder escapes them")
    func strings() throws {
        let ascii = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        try Self.check(SampleReports.serverCore(title: ascii))
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet: [Unicode.Scalar] =
            (0..<0x80).compactMap(Unicode.Scalar.init)
            + ["é", "ß", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "😀", "中", "\u{0301}", "\u{10FFFF}"]
        for _ in 0..<500 {
            let length = Int(generator.next() % 40)
            let scalars = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            try Self.check(SampleReports.serverCore(title: String(String.UnicodeScalarView(scalars))))
        }
    }

    @Test(
        "numbers print as JSONEncoder prints them",
        arguments: [
            9.8, 7.0, 0.1, 10.0, 1e-7, 1e20, 2.5e15, 1e16, -0.0, 1.0 / 3.0, 123_456_789.125, .leastNonzeroMagnitude,
            1e308,
        ])
    func numbers(score: Double) throws {
        let finding = ScanReport.Finding(
            cve: "CVE-2024-0001", title: "t", severity: .high, msrcSeverity: "Important",
            cvss: ScanReport.CVSS(baseScore: score, temporalScore: -score, vector: nil), impact: nil,
            exploited: true, publiclyDisclosed: true, productId: "11924", productName: nil, status: .affected,
            fix: nil, evidence: "e", url: nil, suppression: nil)
        try Self.check(SampleReports.serverCore(findings: [finding]))
    }

    @Test("every tenth up to 100, tenths near a million and 2,000 seeded doubles print as JSONEncoder prints them")
    func manyNumbers() throws {
        var scores = (0...1_000).map { Double($0) / 10 }
        scores += [999_999.8, 999_999.9, 1_000_000, 1_000_000.1, 0.05, 0.15, 1e-4, 5e-5, 0.30000000000000004]
        var generator = SplitMix64(seed: 0x5C0E)
        for index in 0..<2_000 {
            let unit = Double(generator.next() >> 11) / Double(1 << 53)
            let magnitude = [1.0, 10, 1_000, 1e6, 1e-3][index % 5]
            scores.append(index % 2 == 0 ? (unit * magnitude * 10).rounded() / 10 : unit * magnitude)
        }
        let findings = stride(from: 0, to: scores.count, by: 2).map { index in
            ScanReport.Finding(
                cve: "CVE-2024-\(index)", title: nil, severity: .high, msrcSeverity: nil,
                cvss: ScanReport.CVSS(
                    baseScore: scores[index], temporalScore: scores[min(index + 1, scores.count - 1)], vector: nil),
                impact: nil, exploited: false, publiclyDisclosed: false, productId: "11924", productName: nil,
                status: .affected, fix: nil, evidence: "", url: nil, suppression: nil)
        }
        try Self.check(SampleReports.serverCore(findings: findings))
    }

    @Test("a score JSON cannot hold fails to render, as with JSONEncoder")
    func nonFinite() {
        let finding = ScanReport.Finding(
            cve: "CVE-2024-0001", title: nil, severity: .high, msrcSeverity: nil,
            cvss: ScanReport.CVSS(baseScore: .nan, temporalScore: nil, vector: nil), impact: nil, exploited: false,
            publiclyDisclosed: false, productId: "11924", productName: nil, status: .affected, fix: nil,
            evidence: "", url: nil, suppression: nil)
        let report = SampleReports.serverCore(findings: [finding])
        #expect(throws: ReportKitError.self) { try JSONRenderer().render(report, options: RenderOptions()) }
        #expect(throws: (any Error).self) { try Self.encoded(report) }
    }

    /// A report with every optional property set and every array non-empty.
    static let complete: ScanReport = {
        let suppression = ScanReport.Suppression(
            target: "CVE-2024-21408", source: .ignoreFile, reason: "not \"used\"\\here\tat all", owner: "team/ops",
            expires: SampleReports.allowlistExpiry, expired: true, vexStatus: "not_affected",
            file: "/etc/winscan/ignore.yaml")
        let finding = ScanReport.Finding(
            cve: "CVE-2024-21408", title: "Hyper-V Denial of Service — «quoted»\u{1}", severity: .medium,
            msrcSeverity: "Important",
            cvss: ScanReport.CVSS(baseScore: 5.5, temporalScore: 4.8, vector: "CVSS:3.1/AV:L"),
            impact: "Denial of Service", exploited: true, publiclyDisclosed: true, productId: "11924",
            productName: SampleReports.productName, status: .affected,
            fix: ScanReport.Fix(
                kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: SampleReports.marchRelease,
                url: "https://support.microsoft.com/help/5035857", isHotpatch: true),
            evidence: "build 10.0.20348.2227 < 10.0.20348.2340", url: "https://msrc.microsoft.com/x",
            suppression: suppression)
        return ScanReport(
            scanner: SampleReports.scanner, generatedAt: SampleReports.scanDate,
            database: ScanReport.Database(
                builtAt: SampleReports.databaseDate, documents: 190, schemaVersion: 1, path: "/var/lib/db.sqlite",
                isSample: false),
            image: ScanReport.Image(
                reference: SampleReports.reference, digest: SampleReports.digest,
                platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.2227"),
                layers: ["sha256:" + String(repeating: "a1", count: 32)]),
            windows: ScanReport.Windows(
                identified: true, unidentifiedReason: "identified late", build: "10.0.20348.2227",
                productId: "11924", productName: SampleReports.productName, installationType: "Server Core",
                editionId: "ServerDatacenter", displayVersion: "21H2", productApproximated: true,
                approximationReason: "edition guessed", kbs: ["KB5034129"],
                dotnet: ScanReport.DotNet(release: 533_320, version: "4.8.1")),
            findings: [finding],
            remediation: ScanReport.Remediation(
                kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: SampleReports.marchRelease,
                url: "https://support.microsoft.com/help/5035857", closes: 41, notClosed: ["CVE-2013-3900"]),
            policy: ScanReport.Policy(
                verdict: .fail, name: "ci",
                violations: [
                    ScanReport.Violation(
                        rule: "severity >= high", action: .fail, message: "1 finding", cves: ["CVE-2024-21408"])
                ],
                suppressions: [suppression]),
            warnings: ["sample\ndatabase"])
    }()

    /// Appends to `unset` the path of every `nil` optional and empty array inside `value`.
    static func collectUnset(_ value: Any, path: String, into unset: inout [String]) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else {
                unset.append(path)
                return
            }
            collectUnset(wrapped, path: path, into: &unset)
        case .collection:
            if mirror.children.isEmpty { unset.append(path) }
            for (index, child) in mirror.children.enumerated() {
                collectUnset(child.value, path: "\(path)[\(index)]", into: &unset)
            }
        case .struct:
            for child in mirror.children {
                collectUnset(child.value, path: "\(path).\(child.label ?? "?")", into: &unset)
            }
        default: break
        }
    }
}
