import Foundation
import ReportKit
import Testing

@Suite("Markdown comment")
struct MarkdownRendererTests {
    /// The Server Core sample's comment.
    let markdown: String

    init() throws {
        markdown = try Rendering.text(MarkdownRenderer(), SampleReports.serverCore())
    }

    @Test func verdictLineAndSummaryTable() {
        #expect(markdown.contains("**Policy: FAIL** (policies/production.yaml) — 7 open findings, 2 suppressed\n"))
        #expect(markdown.contains("| Critical | High | Medium | Low | Unknown | Suppressed |\n"))
        #expect(markdown.contains("| 1 | 3 | 1 | 1 | 1 | 2 |\n"))
        #expect(markdown.unicodeScalars.allSatisfy { !$0.properties.isEmojiPresentation })
    }

    @Test func remediationBeforeFindings() throws {
        let remediation = try #require(
            markdown.range(of: "**Rebase on / install KB5035857 (build 10.0.20348.2340): closes 5 of 7 findings**"))
        let findings = try #require(markdown.range(of: "### Findings"))
        #expect(remediation.lowerBound < findings.lowerBound)
        #expect(
            markdown.contains(
                "| [CVE-2024-21338](https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21338) | high "
                    + "| fixed-not-applied | KB5035857 | 10.0.20348.2340 | **yes** |"))
    }

    @Test func suppressedFindingsAreCollapsed() throws {
        let details = try #require(markdown.range(of: "<details>\n<summary>Suppressed findings (2)</summary>"))
        let end = try #require(markdown.range(of: "</details>"))
        let inside = markdown[details.upperBound..<end.lowerBound]
        #expect(inside.contains("| CVE-2024-21408 | high |"))
        #expect(
            inside.contains(
                "| CVE-2024-26173 | medium | vex not\\_affected: vulnerable\\_code\\_not\\_in\\_execute\\_path |"))
    }

    @Test func escapesPipesAndMarkup() throws {
        let text = try Rendering.text(MarkdownRenderer(), SampleReports.serverCore(title: "a | b <img src=x> *c*"))
        #expect(text.contains("| a \\| b &lt;img src=x&gt; \\*c\\* |"))
        #expect(!text.contains("<img"))
    }

    @Test func listsTheFirstFiftyFindings() {
        let text = (try? Rendering.text(MarkdownRenderer(), SampleReports.large())) ?? ""
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| [CVE-2025-") }
        #expect(rows.count == 50)
        #expect(text.contains("\n… and 220 more\n"))
    }

    @Test func unidentifiedImageWarns() throws {
        let text = try Rendering.text(MarkdownRenderer(), SampleReports.unidentified())
        #expect(text.contains("> **Warning:** could not identify Windows:"))
        #expect(!text.contains("### Findings"))
    }
}
