import MSRCModel
import Testing
import VulnMatch

@Suite struct NormalizedSeverityTests {
    @Test(arguments: [
        ("Critical", NormalizedSeverity.critical), ("Important", .high), ("Moderate", .medium), ("Low", .low),
        ("critical", .critical), ("None", .unknown), ("", .unknown),
    ])
    func mapsMSRCSeverities(_ msrc: String, _ expected: NormalizedSeverity) {
        #expect(NormalizedSeverity(Severity(rawValue: msrc)) == expected)
    }

    @Test func missingSeverityIsUnknownAndRanksLowest() {
        #expect(NormalizedSeverity(nil) == .unknown)
        #expect(NormalizedSeverity.allCases.sorted() == [.unknown, .low, .medium, .high, .critical])
    }
}
