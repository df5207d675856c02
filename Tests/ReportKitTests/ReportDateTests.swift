import Foundation
import Testing

@testable import ReportKit

@Suite("report dates")
struct ReportDateTests {
    /// Foundation's formatting, the reference the hand-written one must equal.
    private func reference(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    @Test("edges: the epoch, leap days, century rules, the last second of a year, before 1970")
    func edges() throws {
        let texts = [
            "1970-01-01T00:00:00Z", "2000-02-29T12:34:56Z", "1900-03-01T00:00:00Z", "2100-02-28T23:59:59Z",
            "2024-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "1601-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        ]
        for text in texts {
            let date = try Date.ISO8601FormatStyle().parse(text)
            #expect(ReportDate.iso8601(date) == text)
        }
    }

    @Test("equals Foundation's ISO 8601 formatting on 20,000 seeded dates from 1601 to 9999, fractions dropped")
    func equalsFoundation() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let low = -11_644_473_600.0  // 1601-01-01
        let high = 253_402_300_799.0  // 9999-12-31T23:59:59
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let fraction = Double(state >> 11) / Double(1 << 53)
            let seconds = (low + fraction * (high - low)).rounded(.down) + 0.25
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ReportDate.iso8601(date) == reference(date), "\(seconds)")
        }
    }
}
