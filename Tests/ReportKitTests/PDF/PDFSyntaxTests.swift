import Foundation
import Testing

@testable import ReportKit

@Suite struct PDFSyntaxTests {
    @Test func escapesParenthesesAndBackslashInLiteralStrings() {
        #expect(PDFSyntax.literal(Array(#"a(b)c\d"#.utf8)) == #"(a\(b\)c\\d)"#)
    }

    @Test func writesBytesOutsidePrintableASCIIAsOctal() {
        #expect(PDFSyntax.literal([65, 133, 233, 10]) == #"(A\205\351\012)"#)
    }

    @Test(arguments: [
        (1.0, "1"), (1.5, "1.5"), (595.28, "595.28"), (0.1234, "0.123"), (-2.25, "-2.25"), (0.0004, "0"),
        (-0.0004, "0"), (Double.nan, "0"), (0.05, "0.05"),
    ])
    func spellsNumbersWithoutExponentOrLocale(value: Double, spelled: String) {
        #expect(PDFSyntax.number(value) == spelled)
    }

    @Test func writesDatesInUTC() {
        #expect(PDFSyntax.date(Date(timeIntervalSince1970: 1_710_927_000)) == "D:20240320093000Z")
    }

    @Test func writesNonASCIITextStringsAsUTF16() {
        #expect(PDFSyntax.textString("a(b)") == #"(a\(b\))"#)
        #expect(PDFSyntax.textString("\u{3A9}") == "<FEFF03A9>")
    }
}
