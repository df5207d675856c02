import Foundation
import ReportKit
import Testing

@Suite("HTML page")
struct HTMLRendererTests {
    /// The Server Core sample's page.
    let html: String

    init() throws {
        html = try Rendering.text(HTMLRenderer(), SampleReports.serverCore())
    }

    @Test func isOneSelfContainedDocument() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(html.components(separatedBy: "<table>").count == html.components(separatedBy: "</table>").count)
    }

    @Test func verdictBannerCardsAndRemediationComeFirst() throws {
        let banner = try #require(html.range(of: "<header class=\"banner fail\"><h1>Policy FAIL</h1>"))
        let cards = try #require(html.range(of: "<div class=\"card critical\"><b>1</b>critical</div>"))
        let remediation = try #require(
            html.range(of: "Rebase on / install KB5035857 (build 10.0.20348.2340): closes 5 of 7"))
        let findings = try #require(html.range(of: "<h2>Findings (7)</h2>"))
        #expect(banner.lowerBound < cards.lowerBound)
        #expect(cards.lowerBound < remediation.lowerBound)
        #expect(remediation.lowerBound < findings.lowerBound)
        #expect(html.contains("<div class=\"card high\"><b>3</b>high</div>"))
        #expect(html.contains("<div class=\"card suppressed\"><b>2</b>suppressed</div>"))
    }

    @Test func findingsTableInSeverityOrder() throws {
        let order = ["CVE-2024-21407", "CVE-2024-21338", "CVE-2024-21386", "CVE-2024-21433", "CVE-2024-26185"]
        let positions = try order.map { cve in try #require(html.range(of: ">\(cve)</a>")).lowerBound }
        #expect(positions == positions.sorted())
        #expect(html.contains("<td class=\"exploited\">yes</td>"))
        #expect(html.contains("<h2>Suppressed (2)</h2>"))
        #expect(html.contains("base-image-age"))
    }

    @Test func escapesEveryText() throws {
        let page = try Rendering.text(
            HTMLRenderer(), SampleReports.serverCore(title: "<script>alert('x')</script> & co"))
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
    }

    @Test func warningsAreProminent() throws {
        let sample = try Rendering.text(HTMLRenderer(), SampleReports.serverCore(sampleDatabase: true))
        #expect(sample.contains("<p class=\"alarm\" role=\"alert\">SAMPLE DATABASE:"))
        let unidentified = try Rendering.text(HTMLRenderer(), SampleReports.unidentified())
        #expect(unidentified.contains("<p class=\"alarm\" role=\"alert\">could not identify Windows:"))
        #expect(unidentified.contains("findings cannot be trusted as complete"))
        #expect(!unidentified.contains("<h2>Findings"))
        #expect(!html.contains("class=\"alarm\""))
    }
}
