import Foundation
import Testing

@testable import ReportKit

/// The JSON report's exact bytes for a report that sets every property, with every kind of string the writer
/// must escape or pass through (quotes, backslashes, every control character, DEL, non-ASCII, emoji, U+2028),
/// integers at their limits, scores with and without a fraction and dates before 1970 and with a fraction of a
/// second. The expected text is what the writer wrote before it was rewritten for speed (ReportKit at 7716ed6),
/// so it pins the format whatever Foundation's `JSONEncoder` does.
@Suite("JSON report golden bytes")
struct JSONGoldenTests {
    /// Every control character, then the other characters a JSON string writer can get wrong.
    static let awkward =
        String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        + "quote \" backslash \\ slash / DEL \u{7F} é ß 中 😀 👩\u{200D}👩\u{200D}👧 e\u{301} "
        + "\u{2028}\u{2029} \u{FEFF}\u{FFFD} \u{10FFFF}"

    /// A suppression with every property set.
    static let suppression = ScanReport.Suppression(
        target: "CVE-2024-21408", source: .ignoreFile, reason: "not \"used\" \\ here\tat all — «vraiment»",
        owner: "team/ops 👷", expires: Date(timeIntervalSince1970: 253_402_300_799), expired: true,
        vexStatus: "not_affected", file: "C:\\policies\\ignore.yaml")

    /// Two findings with every property set, and one with nothing optional.
    static let findings = [
        ScanReport.Finding(
            cve: "CVE-2024-21408", title: awkward, severity: .medium, msrcSeverity: "Important",
            cvss: ScanReport.CVSS(baseScore: 5.5, temporalScore: 10, vector: "CVSS:3.1/AV:L/AC:L"),
            impact: "Denial of Service\r\n", exploited: true, publiclyDisclosed: false, productId: "12079-11924",
            productName: "Windows Server 2022 (Server Core installation)", status: .affected,
            fix: ScanReport.Fix(
                kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: Date(timeIntervalSince1970: -0.5),
                url: "https://support.microsoft.com/help/5035857?a=1&b=\"2\"", isHotpatch: true),
            evidence: #"C:\Windows\System32\ntdll.dll "10.0.20348.2227" < "10.0.20348.2340""#,
            url: "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21408", suppression: suppression),
        ScanReport.Finding(
            cve: "CVE-2024-0002", title: "Ünïcödé 🛡\u{FE0F}", severity: .critical, msrcSeverity: "Critical",
            cvss: ScanReport.CVSS(baseScore: 0.1, temporalScore: 123_456.75, vector: ""),
            impact: "Remote Code Execution", exploited: false, publiclyDisclosed: true, productId: "11924",
            productName: "", status: .fixedNotApplied,
            fix: ScanReport.Fix(
                kb: "KB1", fixedBuild: "", released: Date(timeIntervalSince1970: 951_782_400.999), url: "",
                isHotpatch: false),
            evidence: "", url: "", suppression: nil),
        ScanReport.Finding(
            cve: "CVE-2024-0003", title: nil, severity: .unknown, msrcSeverity: nil,
            cvss: ScanReport.CVSS(baseScore: nil, temporalScore: nil, vector: nil), impact: nil, exploited: false,
            publiclyDisclosed: false, productId: "11924", productName: nil, status: .noFix, fix: nil,
            evidence: "no fix\u{0}", url: nil, suppression: nil),
    ]

    /// The report.
    static let report = ScanReport(
        scanner: ScanReport.Scanner(name: "winscan", version: "1.0.0-beta+\"x\""),
        generatedAt: Date(timeIntervalSince1970: 1_773_999_000.75),
        database: ScanReport.Database(
            builtAt: Date(timeIntervalSince1970: -86_400 * 365), documents: Int.min, schemaVersion: Int.max,
            path: "/var/lib/winscan/msrc \"db\".sqlite", isSample: false),
        image: ScanReport.Image(
            reference: "docker-archive:/tmp/imáge\\1.tar", digest: "sha256:" + String(repeating: "3f", count: 32),
            platform: ScanReport.Platform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.2227"),
            layers: ["sha256:" + String(repeating: "a1", count: 32), "\u{1B}[31mred\u{1B}[0m"]),
        windows: ScanReport.Windows(
            identified: true, unidentifiedReason: "identified \"late\"", build: "10.0.20348.2227",
            productId: "11924", productName: "Windows Server 2022", installationType: "Server Core",
            editionId: "ServerDatacenter", displayVersion: "21H2", productApproximated: true,
            approximationReason: "edition\tguessed", kbs: ["KB5034129", "KB5034439", ""],
            dotnet: ScanReport.DotNet(release: 0, version: "4.8.1")),
        findings: findings,
        remediation: ScanReport.Remediation(
            kb: "KB5035857", fixedBuild: "10.0.20348.2340", released: Date(timeIntervalSince1970: 1_710_262_800),
            url: "https://support.microsoft.com/help/5035857", closes: -1, notClosed: ["CVE-2013-3900", "\\"]),
        policy: ScanReport.Policy(
            verdict: .warn, name: "ci \"strict\"",
            violations: [
                ScanReport.Violation(
                    rule: "severity >= high", action: .info, message: "1 finding\n2 lines", cves: ["CVE-2024-21408"]),
                ScanReport.Violation(rule: "exploited", action: .fail, message: "", cves: []),
            ],
            suppressions: [suppression]),
        warnings: ["sample\ndatabase", "🙂", "\u{7F}"])

    @Test("a report with every property and awkward strings renders exactly the expected bytes")
    func golden() throws {
        let written = try JSONRenderer().render(Self.report, options: RenderOptions())
        let expected = Array(Self.expected.utf8)
        let same = written == expected
        #expect(same, "\(JSONWriterEquivalenceTests.firstDifference(written, expected))")
    }

    @Test("the interchange formats' JSON writer writes exactly the expected bytes")
    func interchangeGolden() {
        let value = JSONValue.object([
            "string": .string(Self.awkward), "int": .int(Int.min), "double": .double(9.8), "whole": .double(7),
            "big": .double(1e20), "infinite": .double(.infinity), "true": .bool(true), "false": .bool(false),
            "null": .null, "emptyArray": .array([]), "emptyObject": .object([]),
            "nested": .array([.object(["a\"b": .array([.int(0), .string("")])]), .array([.array([])])]),
            "absent": nil,
        ])
        let written = value.renderedBytes()
        let expected = Array(Self.expectedValue.utf8)
        let same = written == expected
        #expect(same, "\(JSONWriterEquivalenceTests.firstDifference(written, expected))")
    }

    /// The expected interchange JSON.
    static let expectedValue = unmarked(
        #"""
        {
          "string": "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\t\n\u000b\u000c\r\u000e\u000f\u0\#
        010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001fquote \\#
        " backslash \\ slash / DEL \u007f é ß 中 😀 👩<ZWJ>👩<ZWJ>👧 e<ACUTE> <LS><PS> <BOM><FFFD> <MAX>",
          "int": -9223372036854775808,
          "double": 9.8,
          "whole": 7,
          "big": 1e+20,
          "infinite": 0,
          "true": true,
          "false": false,
          "null": null,
          "emptyArray": [],
          "emptyObject": {},
          "nested": [
            {
              "a\"b": [
                0,
                ""
              ]
            },
            [
              []
            ]
          ]
        }
        """#)

    /// `text` with the markers that stand for characters better not written raw in source replaced by them.
    static func unmarked(_ text: String) -> String {
        let markers: KeyValuePairs = [
            "<DEL>": "\u{7F}", "<LS>": "\u{2028}", "<PS>": "\u{2029}", "<BOM>": "\u{FEFF}", "<MAX>": "\u{10FFFF}",
            "<ACUTE>": "\u{301}", "<ZWJ>": "\u{200D}", "<VS16>": "\u{FE0F}", "<FFFD>": "\u{FFFD}",
        ]
        var text = text
        for (marker, character) in markers { text = text.replacingOccurrences(of: marker, with: character) }
        return text + "\n"
    }

    /// The expected JSON, as the writer wrote it before it was rewritten for speed.
    static let expected = unmarked(
        #"""
        {
          "database" : {
            "builtAt" : "1969-01-01T00:00:00Z",
            "documents" : -9223372036854775808,
            "isSample" : false,
            "path" : "/var/lib/winscan/msrc \"db\".sqlite",
            "schemaVersion" : 9223372036854775807
          },
          "findings" : [
            {
              "cve" : "CVE-2024-21408",
              "cvss" : {
                "baseScore" : 5.5,
                "temporalScore" : 10,
                "vector" : "CVSS:3.1/AV:L/AC:L"
              },
              "evidence" : "C:\\Windows\\System32\\ntdll.dll \"10.0.20348.2227\" < \"10.0.20348.2340\"",
              "exploited" : true,
              "fix" : {
                "fixedBuild" : "10.0.20348.2340",
                "isHotpatch" : true,
                "kb" : "KB5035857",
                "released" : "1969-12-31T23:59:59Z",
                "url" : "https://support.microsoft.com/help/5035857?a=1&b=\"2\""
              },
              "impact" : "Denial of Service\r\n",
              "msrcSeverity" : "Important",
              "productId" : "12079-11924",
              "productName" : "Windows Server 2022 (Server Core installation)",
              "publiclyDisclosed" : false,
              "severity" : "medium",
              "status" : "affected",
              "suppression" : {
                "expired" : true,
                "expires" : "9999-12-31T23:59:59Z",
                "file" : "C:\\policies\\ignore.yaml",
                "owner" : "team/ops 👷",
                "reason" : "not \"used\" \\ here\tat all — «vraiment»",
                "source" : "ignore-file",
                "target" : "CVE-2024-21408",
                "vexStatus" : "not_affected"
              },
              "title" : "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\\#
        u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001fquote \" ba\#
        ckslash \\ slash / DEL <DEL> é ß 中 😀 👩<ZWJ>👩<ZWJ>👧 e<ACUTE> <LS><PS> <BOM><FFFD> <MAX>",
              "url" : "https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21408"
            },
            {
              "cve" : "CVE-2024-0002",
              "cvss" : {
                "baseScore" : 0.1,
                "temporalScore" : 123456.75,
                "vector" : ""
              },
              "evidence" : "",
              "exploited" : false,
              "fix" : {
                "fixedBuild" : "",
                "isHotpatch" : false,
                "kb" : "KB1",
                "released" : "2000-02-29T00:00:00Z",
                "url" : ""
              },
              "impact" : "Remote Code Execution",
              "msrcSeverity" : "Critical",
              "productId" : "11924",
              "productName" : "",
              "publiclyDisclosed" : true,
              "severity" : "critical",
              "status" : "fixed-not-applied",
              "title" : "Ünïcödé 🛡<VS16>",
              "url" : ""
            },
            {
              "cve" : "CVE-2024-0003",
              "cvss" : {

              },
              "evidence" : "no fix\u0000",
              "exploited" : false,
              "productId" : "11924",
              "publiclyDisclosed" : false,
              "severity" : "unknown",
              "status" : "no-fix"
            }
          ],
          "generatedAt" : "2026-03-20T09:30:00Z",
          "image" : {
            "digest" : "sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f",
            "layers" : [
              "sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
              "\u001b[31mred\u001b[0m"
            ],
            "platform" : {
              "architecture" : "amd64",
              "os" : "windows",
              "osVersion" : "10.0.20348.2227"
            },
            "reference" : "docker-archive:/tmp/imáge\\1.tar"
          },
          "policy" : {
            "name" : "ci \"strict\"",
            "suppressions" : [
              {
                "expired" : true,
                "expires" : "9999-12-31T23:59:59Z",
                "file" : "C:\\policies\\ignore.yaml",
                "owner" : "team/ops 👷",
                "reason" : "not \"used\" \\ here\tat all — «vraiment»",
                "source" : "ignore-file",
                "target" : "CVE-2024-21408",
                "vexStatus" : "not_affected"
              }
            ],
            "verdict" : "warn",
            "violations" : [
              {
                "action" : "info",
                "cves" : [
                  "CVE-2024-21408"
                ],
                "message" : "1 finding\n2 lines",
                "rule" : "severity >= high"
              },
              {
                "action" : "fail",
                "cves" : [

                ],
                "message" : "",
                "rule" : "exploited"
              }
            ]
          },
          "remediation" : {
            "closes" : -1,
            "fixedBuild" : "10.0.20348.2340",
            "kb" : "KB5035857",
            "notClosed" : [
              "CVE-2013-3900",
              "\\"
            ],
            "released" : "2024-03-12T17:00:00Z",
            "url" : "https://support.microsoft.com/help/5035857"
          },
          "scanner" : {
            "name" : "winscan",
            "version" : "1.0.0-beta+\"x\""
          },
          "schemaVersion" : 1,
          "summary" : {
            "critical" : 1,
            "high" : 0,
            "low" : 0,
            "medium" : 0,
            "suppressed" : 1,
            "unknown" : 1
          },
          "warnings" : [
            "sample\ndatabase",
            "🙂",
            "<DEL>"
          ],
          "windows" : {
            "approximationReason" : "edition\tguessed",
            "build" : "10.0.20348.2227",
            "displayVersion" : "21H2",
            "dotnet" : {
              "release" : 0,
              "version" : "4.8.1"
            },
            "editionId" : "ServerDatacenter",
            "identified" : true,
            "installationType" : "Server Core",
            "kbs" : [
              "KB5034129",
              "KB5034439",
              ""
            ],
            "productApproximated" : true,
            "productId" : "11924",
            "productName" : "Windows Server 2022",
            "unidentifiedReason" : "identified \"late\""
          }
        }
        """#)
}
