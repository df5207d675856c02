import Foundation
import ReportKit
import Testing

@Suite struct PDFRendererTests {
    private let renderer = PDFRenderer()

    private func render(_ report: ScanReport) throws -> [UInt8] {
        try renderer.render(report, options: RenderOptions())
    }

    @Test func isThePDFFormat() {
        #expect(renderer.format == .pdf)
    }

    @Test func rendersTheSameBytesForTheSameReport() throws {
        let report = PDFReportFixtures.largeReport()
        let first = try render(report)
        #expect(first == (try render(report)))
        #expect(first != (try render(PDFReportFixtures.largeReport(count: 299))))
        #expect(first.starts(with: Array("%PDF-1.7".utf8)))
    }

    @Test(
        .enabled(if: PDFTools.isAvailable, PDFTools.skipReason),
        arguments: ["servercore", "large", "unidentified"])
    func qpdfFindsNoErrors(fixture name: String) throws {
        let report =
            switch name {
            case "servercore": PDFReportFixtures.serverCoreReport()
            case "large": PDFReportFixtures.largeReport()
            default: PDFReportFixtures.unidentifiedReport()
            }
        let check = try PDFTools.qpdfCheck(try render(report))
        #expect(check.status == 0, "\(name): \(check.output)\(check.error)")
        #expect(check.output.contains("No syntax or stream encoding errors found"))
        #expect(check.error.isEmpty, "\(name): \(check.error)")
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func everyFindingOfALargeReportIsInTheText() throws {
        let report = PDFReportFixtures.largeReport()
        let text = try PDFTools.text(of: try render(report))
        let missing = report.findings.map(\.cve).filter { !text.contains($0) }
        #expect(missing.isEmpty, "missing from the PDF text: \(missing)")
        #expect(report.findings.count == 300)
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func aLargeReportRunsOverPagesEachWithItsFooterAndTableHeader() throws {
        let bytes = try render(PDFReportFixtures.largeReport())
        let pages = try #require(try PDFTools.pageCount(of: bytes))
        #expect(pages > 1)
        let text = try PDFTools.text(of: bytes)
        let pageTexts = text.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(pageTexts.count == pages)
        for (index, page) in pageTexts.enumerated() {
            #expect(page.contains("Page \(index + 1) of \(pages)"))
            #expect(page.contains("winscan 0.4.0"))
        }
        let pagesWithTableHeader = pageTexts.filter {
            $0.contains("CVE") && $0.contains("Fixed build") && $0.contains("Exploited")
        }
        #expect(pagesWithTableHeader.count >= pages - 1)
        #expect(text.contains("Findings (continued)"))
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func aServerCoreReportReadsAsAManagerNeedsIt() throws {
        let text = try PDFTools.text(of: try render(PDFReportFixtures.serverCoreReport()))
        let flattened = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in [
            "FAIL", "The policy failed: 2 rules fired.", "[fail] no-exploited", "severity >= high",
            "registry:mcr.microsoft.com/windows/servercore:ltsc2022", "10.0.20348.2227", "ServerDatacenter",
            "Server Core", "MSRC product 11924", "Install KB5035857 (build 10.0.20348.2340): closes 6 of 8 findings",
            "Findings it does not close (2):", "CVE-2024-20666, CVE-2024-26203", "Critical 1", "suppressed",
            "expired", "platform-team@example.com", "Page 1 of",
        ] {
            #expect(flattened.contains(expected), "missing: \(expected)")
        }
        #expect(!flattened.contains("SAMPLE DATABASE"))
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func escapedCharactersRoundTrip() throws {
        let text = try PDFTools.text(of: try render(PDFReportFixtures.serverCoreReport()))
        let flattened = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // The title wraps in its column: compare its words in order.
        let words = PDFReportFixtures.escapedTitle.split(separator: " ").map(String.init)
        var rest = Substring(flattened)
        for word in words {
            let found = try #require(rest.range(of: word), "missing \(word)")
            rest = rest[found.upperBound...]
        }
        #expect(flattened.contains("(msodbcsql)"))
        #expect(flattened.contains(#"C:\Windows\System32"#))
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func anUnidentifiedImageSaysSoLoudlyWithTheReason() throws {
        let report = PDFReportFixtures.unidentifiedReport()
        let text = try PDFTools.text(of: try render(report))
        let flattened = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains("Could not identify Windows in this image"))
        #expect(flattened.contains("no SOFTWARE hive in any layer"))
        #expect(flattened.contains("SAMPLE DATABASE"))
        #expect(flattened.contains("Windows could not be identified: no finding was computed."))
        #expect(!flattened.contains("Fixed build"))
        // Latin-1 survives; a character outside WinAnsi becomes "?".
        #expect(flattened.contains("docker-archive:/tmp/w\u{EF}ndows-?.tar"))
    }

    @Test(
        .enabled(if: PDFTools.isAvailable, PDFTools.skipReason),
        arguments: ["servercore", "large", "unidentified", "long", "clean"])
    func noWordRunsOffThePageOrOverAnother(fixture name: String) throws {
        let report =
            switch name {
            case "servercore": PDFReportFixtures.serverCoreReport()
            case "large": PDFReportFixtures.largeReport()
            case "long": PDFReportFixtures.longTextReport()
            case "clean": PDFReportFixtures.cleanReport()
            default: PDFReportFixtures.unidentifiedReport()
            }
        let words = try PDFTools.words(of: try render(report))
        #expect(words.count > 50)
        // The text area: 42 pt margins left and right, and nothing below the footer.
        let outside = words.filter { $0.xMin < 41.9 || $0.xMax > 595.28 - 41.9 || $0.yMax > 841.89 - 20 }
        #expect(outside.isEmpty, "\(name): off the text area: \(outside.prefix(5).map(\.text))")
        var overlapping: [String] = []
        for page in Set(words.map(\.page)) {
            let onPage = words.filter { $0.page == page }
            for (index, word) in onPage.enumerated() {
                for other in onPage[(index + 1)...]
                where min(word.xMax, other.xMax) - max(word.xMin, other.xMin) > 1
                    && min(word.yMax, other.yMax) - max(word.yMin, other.yMin) > 1
                {
                    overlapping.append("page \(page): \(word.text) / \(other.text)")
                }
            }
        }
        #expect(overlapping.isEmpty, "\(name): \(overlapping.prefix(5))")
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func aPassingApproximatedReportSaysBoth() throws {
        let text = try PDFTools.text(of: try render(PDFReportFixtures.longTextReport()))
        let flattened = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains("PASS"))
        #expect(flattened.contains("The policy passed: no rule that fails or warns fired."))
        #expect(flattened.contains("APPROXIMATED: MSRC lists no Nano Server product"))
        #expect(flattened.contains("Warnings (6)"))
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func aCleanReportSaysThereIsNothingToDo() throws {
        let bytes = try render(PDFReportFixtures.cleanReport())
        #expect(try PDFTools.qpdfCheck(bytes).status == 0)
        #expect(try PDFTools.pageCount(of: bytes) == 1)
        let flattened = try PDFTools.text(of: bytes).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in [
            "PASS", "Findings (0)", "No vulnerabilities found", "Nothing to install: no finding.",
            "Suppressions (0)", "Page 1 of 1",
        ] {
            #expect(flattened.contains(expected), "missing: \(expected)")
        }
        #expect(!flattened.contains("Fixed build"))
    }
}
