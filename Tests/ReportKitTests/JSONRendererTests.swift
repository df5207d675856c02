import Foundation
import ReportKit
import Testing

@Suite("JSON report and reading it back")
struct JSONRendererTests {
    @Test("a report survives JSON and back unchanged", arguments: SampleReports.names)
    func roundTrip(name: String) throws {
        let report = SampleReports.named(name)
        let bytes = try JSONRenderer().render(report, options: RenderOptions())
        let decoded = try ScanReport.decode(from: bytes, path: "report.json")
        #expect(decoded == report)
        #expect(try JSONRenderer().render(decoded, options: RenderOptions()) == bytes)
    }

    @Test func writesPrettySortedKeysUTCDatesAndANewline() throws {
        let text = try Rendering.text(JSONRenderer(), SampleReports.serverCore())
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"generatedAt\" : \"2026-03-20T09:30:00Z\""))
        #expect(text.contains("\"released\" : \"2024-03-12T17:00:00Z\""))
        #expect(text.contains("\"schemaVersion\" : 1"))
        #expect(text.contains("\"status\" : \"fixed-not-applied\""))
        let topLevel = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            $0.dropFirst(3).prefix { $0 != "\"" }
        }
        #expect(topLevel.map(String.init) == topLevel.map(String.init).sorted())
        #expect(topLevel.first == "database")
        #expect(!text.contains("\\/"))
    }

    @Test func readsFractionalSecondsAndOffsets() throws {
        let text = try Rendering.text(JSONRenderer(), SampleReports.serverCore())
            .replacingOccurrences(of: "2026-03-20T09:30:00Z", with: "2026-03-20T10:30:00.250+01:00")
        let decoded = try ScanReport.decode(from: Array(text.utf8), path: nil)
        #expect(decoded.generatedAt == SampleReports.scanDate.addingTimeInterval(0.25))
    }

    @Test func rejectsAnotherSchemaVersion() throws {
        let text = try Rendering.text(JSONRenderer(), SampleReports.serverCore())
            .replacingOccurrences(
                of: "\"schemaVersion\" : 1,\n  \"summary\"", with: "\"schemaVersion\" : 2,\n  \"summary\"")
        #expect(text.contains("\"schemaVersion\" : 2"))
        let error = #expect(throws: ReportKitError.self) {
            try ScanReport.decode(from: Array(text.utf8), path: "future.json")
        }
        #expect(error?.code == .invalidReport)
        #expect(
            error?.description == "future.json: report schemaVersion 2 is not supported (this winscan reads version 1)")
    }

    @Test(
        "non-report JSON fails with one clear message",
        arguments: [
            ("{\"bomFormat\": \"CycloneDX\"}", "no schemaVersion"), ("[1, 2, 3]", "not a winscan JSON report"),
            ("not json at all", "invalid JSON"), ("{\"schemaVersion\": 1}", "missing \""),
            ("{\"schemaVersion\": \"one\"}", "not a winscan JSON report"),
        ])
    func rejectsNonReports(input: String, phrase: String) {
        let error = #expect(throws: ReportKitError.self) {
            try ScanReport.decode(from: Array(input.utf8), path: "other.json")
        }
        #expect(error?.code == .invalidReport)
        #expect(error?.context == "other.json")
        #expect(error?.description.hasPrefix("other.json: not a winscan JSON report") == true)
        #expect(error?.description.contains(phrase) == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func namesTheMissingKeyOfABrokenReport() throws {
        let text = try Rendering.text(JSONRenderer(), SampleReports.serverCore())
            .replacingOccurrences(of: "\"evidence\"", with: "\"proof\"")
        let error = #expect(throws: ReportKitError.self) { try ScanReport.decode(from: Array(text.utf8), path: nil) }
        #expect(error?.message.contains("missing \"evidence\" at findings[0]") == true)
    }
}
