import Testing

@testable import ReportKit

@Suite struct PDFWinAnsiEncodingTests {
    @Test func keepsLatin1Codes() {
        #expect(WinAnsiEncoding.bytes("Az~ \u{E9}\u{FF}\u{A0}") == [65, 122, 126, 32, 233, 255, 160])
    }

    @Test func placesTypographicCharactersAt128To159() {
        #expect(
            WinAnsiEncoding.bytes("\u{20AC}\u{2026}\u{201C}\u{201D}\u{2013}\u{2122}") == [128, 133, 147, 148, 150, 153])
    }

    @Test func replacesCharactersOutsideWinAnsiWithQuestionMarks() {
        #expect(WinAnsiEncoding.bytes("\u{3A9}\u{6F22}\u{1F600}") == Array("???".utf8))
    }

    @Test func spellsComparisonsInASCIIAndControlsAsSpaces() {
        #expect(WinAnsiEncoding.bytes("a \u{2265} b\tc\n") == Array("a >= b c ".utf8))
    }

    @Test func composesDecomposedLettersFirst() {
        #expect(WinAnsiEncoding.bytes("e\u{301}") == [233])
    }

    @Test func decodesWhatItEncodes() {
        let text = "Caf\u{E9} \u{201C}quoted\u{201D} \u{2026} \u{20AC}5"
        #expect(WinAnsiEncoding.string(WinAnsiEncoding.bytes(text)) == text)
    }
}
