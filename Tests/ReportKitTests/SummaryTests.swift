import ReportKit
import Testing

@Suite struct SummaryTests {
    private func finding(_ cve: String, _ severity: ScanReport.Severity, suppressed: Bool = false) -> ScanReport.Finding
    {
        ScanReport.Finding(
            cve: cve, title: nil, severity: severity, msrcSeverity: nil, cvss: nil, impact: nil, exploited: false,
            publiclyDisclosed: false, productId: "11924", productName: nil, status: .fixedNotApplied, fix: nil,
            evidence: "", url: nil,
            suppression: suppressed
                ? ScanReport.Suppression(
                    target: cve, source: .allowlist, reason: "accepted", owner: nil, expires: nil, expired: false,
                    vexStatus: nil, file: nil)
                : nil)
    }

    @Test func countsUnsuppressedFindingsPerSeverity() {
        let summary = ScanReport.Summary(counting: [
            finding("CVE-1", .critical), finding("CVE-2", .high), finding("CVE-3", .high),
            finding("CVE-4", .medium, suppressed: true), finding("CVE-5", .unknown),
        ])
        #expect(summary.critical == 1)
        #expect(summary.high == 2)
        #expect(summary.medium == 0)
        #expect(summary.unknown == 1)
        #expect(summary.suppressed == 1)
        #expect(summary.total == 4)
    }
}
