import Foundation
import PolicyKit
import Testing
import VulnMatch

@Suite struct OpenVEXTests {
    /// An OpenVEX 0.2.0 document with one statement per (CVE, status); not_affected ones get a justification.
    static func document(_ statements: (String, String)...) -> String {
        let body = statements.map { cve, status in
            let justification =
                status == "not_affected" ? ",\n      \"justification\": \"vulnerable_code_not_in_execute_path\"" : ""
            return """
                    {
                      "vulnerability": {"name": "\(cve)"},
                      "products": [{"@id": "pkg:oci/app@sha256%3Aabc"}],
                      "status": "\(status)"\(justification)
                    }
                """
        }
        return """
            {
              "@context": "https://openvex.dev/ns/v0.2.0",
              "@id": "https://example.com/vex/app-1",
              "author": "Example Security",
              "timestamp": "2026-03-01T00:00:00Z",
              "version": 1,
              "statements": [
            \(body.joined(separator: ",\n"))
              ]
            }
            """
    }

    @Test(arguments: [("not_affected", true), ("fixed", true), ("affected", false), ("under_investigation", false)])
    func statusDecidesSuppression(status: String, suppresses: Bool) throws {
        let vex = try OpenVEXDocument(json: Self.document(("CVE-2026-0001", status)), source: "app.vex.json")
        #expect(vex.statements.map(\.status.rawValue) == [status])
        #expect(vex.statements.first?.products == ["pkg:oci/app@sha256%3Aabc"])
        let policy = try #require(
            Fixture.policy([(try? PolicyRule(name: "any", action: .fail, minSeverity: .low))].compactMap { $0 }))
        let evaluation = PolicyEvaluator(policy: policy, vex: [vex]).evaluate(
            Fixture.match([Fixture.finding()]), context: Fixture.context, now: Fixture.now)
        #expect(evaluation.verdict == (suppresses ? .pass : .fail))
        #expect(evaluation.findings.first?.suppressedBy.map(\.origin) == (suppresses ? ["app.vex.json"] : []))
    }

    @Test func keepsJustificationImpactAndNotes() throws {
        let json = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "author": "Sec Team", "statements": [
              {"vulnerability": {"@id": "https://nvd.nist.gov/vuln/detail/CVE-2026-0009"},
               "status": "not_affected", "justification": "component_not_present",
               "impact_statement": "The print spooler is not in Server Core images.",
               "status_notes": "checked 2026-03-01"}
            ]}
            """
        let vex = try OpenVEXDocument(json: json)
        let suppression = try #require(vex.suppressions.first)
        #expect(suppression.target == .cve("CVE-2026-0009"))
        #expect(suppression.reason == "The print spooler is not in Server Core images.")
        #expect(suppression.owner == "Sec Team")
        #expect(suppression.statement?.justification == "component_not_present")
        #expect(suppression.statement?.statusNotes == "checked 2026-03-01")
    }

    @Test func lastStatementForACVEWins() throws {
        let vex = try OpenVEXDocument(
            json: Self.document(
                ("CVE-2026-0001", "not_affected"), ("CVE-2026-0001", "affected"),
                ("CVE-2026-0002", "under_investigation"), ("CVE-2026-0002", "fixed")))
        #expect(vex.suppressions.map(\.target) == [.cve("CVE-2026-0002")])
    }

    @Test(arguments: [
        ("[]", 1, "the VEX document must be a mapping"),
        ("{\"statements\": []}", 1, "not an OpenVEX document: no \"@context\""),
        ("{\"@context\": \"https://example.com\", \"statements\": []}", 1, "not an OpenVEX document"),
        ("{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n \"statements\": {}}", 2, "\"statements\" must be a list"),
        (
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [\n {\"status\": \"fixed\"}]}", 2,
            "statement 1 has no \"vulnerability\""
        ),
        (
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [\n"
                + " {\"vulnerability\": {\"name\": \"CVE-2026-0001\"},\n  \"status\": \"notaffected\"}]}", 3,
            "statement 1 (CVE-2026-0001): unknown status \"notaffected\""
        ),
        (
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [\n"
                + " {\"vulnerability\": {\"name\": \"CVE-2026-0001\"}, \"status\": \"not_affected\"}]}", 2,
            "not_affected needs a \"justification\" or an \"impact_statement\""
        ),
        (
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [\n"
                + " {\"vulnerability\": {\"name\": \"CVE-2026-0001\"}, \"status\": \"not_affected\",\n"
                + "  \"justification\": \"trust_me\"}]}", 3, "unknown justification \"trust_me\""
        ),
        ("{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n\n \"statements\": [", 4, "syntax error"),
        (
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [\n &s {\"status\": \"fixed\"}, *s]}", 2,
            "anchors and aliases (&name, *name) are not accepted"
        ),
    ])
    func malformedDocumentsGiveOneLineWithTheLine(json: String, line: Int, message: String) {
        let error = #expect(throws: PolicyError.self) { try OpenVEXDocument(json: json, source: "app.vex.json") }
        #expect(error?.line == line)
        #expect(error?.description.hasPrefix("app.vex.json:\(line): ") == true)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func loadsFromAFileAndReportsMissingFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policykit-vex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.vex.json").path
        try Self.document(("CVE-2026-0001", "fixed")).write(toFile: path, atomically: true, encoding: .utf8)
        let vex = try OpenVEXDocument.load(contentsOf: path)
        #expect(vex.source == path)
        #expect(vex.id == "https://example.com/vex/app-1")
        #expect(vex.suppressions.map(\.origin) == [path])
        #expect(throws: PolicyError.self) { try OpenVEXDocument.load(contentsOf: path + ".missing") }
    }
}
