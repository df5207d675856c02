import Foundation
import ReportKit
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("JUnit XML")
struct JUnitRendererTests {
    /// The Server Core sample parsed.
    let document: XMLDocument
    /// Its test cases.
    let cases: [XMLElement]

    init() throws {
        let bytes = try JUnitRenderer().render(SampleReports.serverCore(), options: RenderOptions())
        document = try XMLDocument(data: Data(bytes), options: [])
        cases = try document.nodes(forXPath: "/testsuites/testsuite/testcase").compactMap { $0 as? XMLElement }
    }

    /// The test case whose name starts with `prefix`.
    private func testCase(_ prefix: String) -> XMLElement? {
        cases.first { $0.attribute(forName: "name")?.stringValue?.hasPrefix(prefix) == true }
    }

    /// The value of `name` on `element`.
    private func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attribute(forName: name)?.stringValue
    }

    @Test func oneSuiteNamedAfterTheImageWithCorrectCounts() throws {
        let suites = try document.nodes(forXPath: "/testsuites/testsuite").compactMap { $0 as? XMLElement }
        #expect(suites.count == 1)
        let suite = suites.first
        #expect(attribute(suite, "name") == SampleReports.reference)
        #expect(cases.count == 9 + 1)
        #expect(attribute(suite, "tests") == "10")
        #expect(attribute(suite, "failures") == "3")
        #expect(attribute(suite, "skipped") == "2")
        #expect(attribute(suite, "errors") == "0")
        let failures = try document.nodes(forXPath: "//testcase/failure")
        let skipped = try document.nodes(forXPath: "//testcase/skipped")
        #expect(failures.count == 3)
        #expect(skipped.count == 2)
        #expect(attribute(document.rootElement(), "tests") == "10")
    }

    @Test func failedFindingNamesTheRuleAndEvidence() throws {
        let critical = try #require(testCase("CVE-2024-21407"))
        #expect(attribute(critical, "name") == "CVE-2024-21407: Windows Hyper-V Remote Code Execution Vulnerability")
        #expect(attribute(critical, "classname") == "Windows Server 2022 (Server Core installation) (11924)")
        let failure = try #require(critical.elements(forName: "failure").first)
        #expect(
            attribute(failure, "message") == "no-critical-or-exploited: build 10.0.20348.2227 < 10.0.20348.2340")
        #expect(failure.stringValue?.contains("Fix: install KB5035857 (build 10.0.20348.2340)") == true)
    }

    @Test func warnedAndUnmatchedFindingsPass() throws {
        let warned = try #require(testCase("CVE-2024-21433"))
        #expect(warned.elements(forName: "failure").isEmpty)
        #expect(warned.elements(forName: "system-out").first?.stringValue?.contains("warned by high-with-fix") == true)
        #expect(try #require(testCase("CVE-2024-26185")).elements(forName: "failure").isEmpty)
    }

    @Test func suppressedFindingsAreSkipped() throws {
        let skipped = try #require(testCase("CVE-2024-21408")?.elements(forName: "skipped").first)
        #expect(attribute(skipped, "message")?.hasPrefix("allowlist: Hyper-V is not used inside containers") == true)
    }

    @Test func imageLevelViolationIsATestCase() throws {
        let rule = try #require(testCase("policy: base-image-age"))
        #expect(attribute(rule, "classname") == "winscan.policy")
        #expect(attribute(rule.elements(forName: "failure").first, "message")?.hasPrefix("base-image-age: ") == true)
    }

    @Test func escapesMarkupInTitles() throws {
        let title = "<script>alert(\"x\")</script> & 'quotes'\nsecond line"
        let bytes = try JUnitRenderer().render(SampleReports.serverCore(title: title), options: RenderOptions())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("<script>"))
        #expect(text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;&#10;second"))
        let parsed = try XMLDocument(data: Data(bytes), options: [])
        let names = try parsed.nodes(forXPath: "//testcase/@name").compactMap(\.stringValue)
        #expect(names.contains("CVE-2024-21407: " + title))
    }

    @Test func unidentifiedImageIsAnError() throws {
        let bytes = try JUnitRenderer().render(SampleReports.unidentified(), options: RenderOptions())
        let parsed = try XMLDocument(data: Data(bytes), options: [])
        let suite = try parsed.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement
        #expect(attribute(suite, "tests") == "2")
        #expect(attribute(suite, "errors") == "1")
        #expect(attribute(suite, "failures") == "1")
        let error = try parsed.nodes(forXPath: "//testcase/error").first as? XMLElement
        #expect(attribute(error, "message")?.hasPrefix("could not identify Windows: no SOFTWARE hive") == true)
    }
}
