import Foundation
import TestSupport
import Testing

/// `Examples/images/servercore-sample.tar`, as its README promises: the project's builders regenerate it byte for
/// byte, and a scan against the bundled sample database finds exactly the 9 listed findings.
@Suite("The example image", requiresWinscan)
struct ExampleImageTests {
    /// The committed example image.
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/images/servercore-sample.tar").path

    /// The README's table: CVE → severity, status, fixing KB.
    static let expected: [String: String] = [
        "CVE-2024-38063": "critical fixed-not-applied KB5042881",
        "CVE-2024-49112": "critical fixed-not-applied KB5048654",
        "CVE-2025-59287": "critical fixed-not-applied KB5070884",
        "CVE-2024-38193": "high fixed-not-applied KB5041160",
        "CVE-2024-43451": "high fixed-not-applied KB5046616",
        "CVE-2025-29824": "high fixed-not-applied KB5055526",
        "CVE-2026-20805": "high fixed-not-applied KB5073457",
        "CVE-2026-21510": "high fixed-not-applied KB5075906",
        "CVE-2013-3900": "medium no-fix -",
    ]

    /// `make-example-image` writes the same bytes as the committed file.
    @Test func regeneratesByteForByte() throws {
        var image = WindowsImageFixture.servercore(base: 2227, update: 2340)
        image.tag = "winscan/servercore-sample:ltsc2022"
        let committed = try Data(contentsOf: URL(fileURLWithPath: Self.path))
        #expect(Array(committed) == image.dockerArchive())
    }

    /// The README's scan: build .2340, product 11924, the 9 findings, KB5075906 closing 8.
    @Test func findingsMatchTheReadme() throws {
        let folder = try TemporaryFolder()
        let report = folder.url.appendingPathComponent("report.json").path
        let result = try WinscanProcess.run(
            ["scan", "docker-archive:" + Self.path, "--format", "json", "--output", report],
            environment: [
                "HOME": folder.url.path, "XDG_DATA_HOME": folder.url.path + "/data",
                "XDG_CACHE_HOME": folder.url.path + "/cache", "WINSCAN_DB": nil,
            ])
        #expect(result.status == 0, "\(result.error)")
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let windows = object["windows"] as? [String: Any]
        #expect(windows?["build"] as? String == "10.0.20348.2340")
        #expect(windows?["productId"] as? String == "11924")
        var findings: [String: String] = [:]
        for finding in object["findings"] as? [[String: Any]] ?? [] {
            let fix = (finding["fix"] as? [String: Any])?["kb"] as? String ?? "-"
            let line = "\(finding["severity"] as? String ?? "?") \(finding["status"] as? String ?? "?") \(fix)"
            findings[finding["cve"] as? String ?? "?"] = line
        }
        #expect(findings == Self.expected)
        let remediation = object["remediation"] as? [String: Any]
        #expect(remediation?["kb"] as? String == "KB5075906")
        #expect(remediation?["fixedBuild"] as? String == "10.0.20348.4773")
        #expect(remediation?["closes"] as? Int == 8)
    }
}
