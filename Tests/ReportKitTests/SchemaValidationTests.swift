import Foundation
import ReportKit
import Testing

@Suite(
    "Rendered documents validate against their published schemas",
    .enabled(if: SchemaValidator.isAvailable, SchemaValidator.skipReason))
struct SchemaValidationTests {
    /// Each JSON renderer with the schema kind that checks it.
    static let renderers: [(String, any ReportRenderer)] = [
        ("report", JSONRenderer()), ("sarif", SARIFRenderer()), ("cyclonedx", CycloneDXRenderer()),
        ("openvex", OpenVEXRenderer()),
    ]

    /// Every format with every sample, except OpenVEX of the report without findings (it cannot be rendered:
    /// OpenVEXRendererTests checks that it fails).
    static let cases: [(kind: String, name: String)] = renderers.flatMap { kind, _ in
        SampleReports.names.filter { !(kind == "openvex" && $0 == "unidentified") }.map { (kind, $0) }
    }

    @Test("valid", arguments: cases)
    func validates(kind: String, name: String) throws {
        let renderer = try #require(Self.renderers.first { $0.0 == kind }?.1)
        let report = SampleReports.named(name)
        let bytes = try renderer.render(report, options: RenderOptions())
        let outcome = try SchemaValidator.validate(kind, bytes)
        #expect(outcome.status == 0, "\(kind) of \(name): \(outcome.output)")
        #expect(outcome.output.contains("valid \(kind)"))
    }

    /// Documents broken on purpose, each with the words the validator must report.
    static let broken: [(kind: String, renderer: any ReportRenderer, from: String, to: String, says: String)] = [
        (
            "report", JSONRenderer(), "\"severity\" : \"critical\"", "\"severity\" : \"severe\"",
            "'severe' is not one of"
        ),
        (
            "report", JSONRenderer(), "\"schemaVersion\" : 1,\n  \"summary\"", "\"schemaVersion\" : 2,\n  \"summary\"",
            "1 was expected"
        ),
        (
            "report", JSONRenderer(), "\"generatedAt\" : \"2026-03-20T09:30:00Z\"", "\"generatedAt\" : \"yesterday\"",
            "date-time"
        ),
        ("sarif", SARIFRenderer(), "\"level\": \"error\"", "\"level\": \"fatal\"", "'fatal' is not one of"),
        (
            "cyclonedx", CycloneDXRenderer(), "\"state\": \"exploitable\"", "\"state\": \"ignored\"",
            "'ignored' is not one of"
        ),
        (
            "openvex", OpenVEXRenderer(), "\"status\": \"affected\"", "\"status\": \"unknown\"",
            "'unknown' is not one of"
        ),
    ]

    @Test("a broken document is rejected", arguments: 0..<broken.count)
    func rejects(index: Int) throws {
        let broken = Self.broken[index]
        let text = try Rendering.text(broken.renderer, SampleReports.serverCore())
        #expect(text.contains(broken.from))
        let bytes = Array(text.replacingOccurrences(of: broken.from, with: broken.to).utf8)
        let outcome = try SchemaValidator.validate(broken.kind, bytes)
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("INVALID \(broken.kind)"))
        #expect(outcome.output.contains(broken.says), "\(outcome.output)")
    }

    @Test func rejectsADocumentMissingRequiredKeys() throws {
        let outcome = try SchemaValidator.validate("report", Array("{\"schemaVersion\": 1}".utf8))
        #expect(outcome.status == 1)
        for key in ["scanner", "findings", "policy", "summary", "windows"] {
            #expect(outcome.output.contains("'\(key)' is a required property"), "\(outcome.output)")
        }
    }
}
