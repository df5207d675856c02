import Testing

@testable import ReportKit

@Suite struct PDFFontMetricsTests {
    private let helvetica = FontMetrics(.helvetica)

    @Test func measuresWithTheAFMWidths() {
        // H 722, e 556, l 222, l 222, o 556 (Helvetica); W 944, ! 333 (Helvetica-Bold).
        #expect(abs(helvetica.width(of: "Hello", size: 10) - 22.78) < 1e-9)
        #expect(abs(FontMetrics(.helveticaBold).width(of: "W!", size: 1000) - 1277) < 1e-9)
        #expect(FontMetrics(.courier).width(of: "CVE-2024-21338", size: 10) == 84)
    }

    @Test func measuresAReplacedCharacterAsItsQuestionMark() {
        #expect(helvetica.width(of: "\u{6F22}", size: 10) == helvetica.width(of: "?", size: 10))
    }

    @Test(arguments: [40.0, 90.0, 200.0])
    func wrapsAtSpacesWithinTheWidth(width: Double) {
        let text = "Windows Routing and Remote Access Service (RRAS) Remote Code Execution Vulnerability"
        let lines = helvetica.lines(wrapping: text, size: 9, width: width)
        #expect(lines.count > 1)
        for line in lines {
            #expect(helvetica.width(of: line, size: 9) <= width)
        }
        // Nothing is lost: the lines hold the text's characters in order (a word wider than a line is broken).
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        if width >= 90 { #expect(lines.joined(separator: " ") == text) }
    }

    @Test func breaksAWordLongerThanALine() {
        let lines = FontMetrics(.courier).lines(wrapping: "sha256:0123456789abcdef", size: 10, width: 60)
        #expect(lines == ["sha256:012", "3456789abc", "def"])
    }

    @Test func endsTheLastAllowedLineWithAnEllipsis() {
        let lines = helvetica.lines(
            wrapping: "one two three four five six seven eight", size: 10, width: 50, maxLines: 2)
        #expect(lines.count == 2)
        #expect(lines[1].hasSuffix("\u{2026}"))
        #expect(helvetica.width(of: lines[1], size: 10) <= 50)
    }

    @Test func truncatesWithAnEllipsisOnlyWhenNeeded() {
        #expect(helvetica.truncated("short", size: 10, width: 100) == "short")
        let cut = helvetica.truncated("Windows Kernel Elevation of Privilege Vulnerability", size: 10, width: 80)
        #expect(cut.hasSuffix("\u{2026}"))
        #expect(helvetica.width(of: cut, size: 10) <= 80)
        #expect("Windows Kernel Elevation of Privilege Vulnerability".hasPrefix(String(cut.dropLast())))
    }

    @Test func wrapsNothingToNoLines() {
        #expect(helvetica.lines(wrapping: "   ", size: 10, width: 50).isEmpty)
    }
}
