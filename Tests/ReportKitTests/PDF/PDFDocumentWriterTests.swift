import Foundation
import Testing

@testable import ReportKit

@Suite struct PDFDocumentWriterTests {
    /// A two-page document with text, rectangles and a line.
    private func document(title: String = "Test (1)") -> [UInt8] {
        var writer = PDFDocumentWriter(
            info: PDFDocumentWriter.Info(
                title: title, creator: "tests", producer: "ReportKit", creationDate: PDFReportFixtures.date()))
        var first = PDFPage()
        first.drawText("Hello (world) \\ back", x: 72, y: 720, font: .helvetica, size: 12, colour: .black)
        first.fillRectangle(x: 72, y: 600, width: 100, height: 20, colour: PDFColour(255, 0, 0))
        first.strokeRectangle(x: 72, y: 560, width: 100, height: 20, colour: .black, lineWidth: 1)
        first.drawLine(fromX: 72, y1: 550, toX: 172, y2: 550, colour: .black, lineWidth: 0.5)
        writer.add(first)
        var second = PDFPage()
        second.drawText("second", x: 72, y: 720, font: .courier, size: 10, colour: .black)
        writer.add(second)
        return writer.bytes()
    }

    /// The file as Latin-1 text (one character a byte, so offsets in it are byte offsets).
    private func text(_ bytes: [UInt8]) -> [Character] {
        bytes.map { Character(UnicodeScalar($0)) }
    }

    @Test func crossReferenceOffsetsPointAtTheirObjects() throws {
        let bytes = document()
        let file = String(text(bytes))
        let tail = try #require(file.range(of: "startxref\n", options: .backwards))
        let offsetText = file[tail.upperBound...].prefix { $0.isNumber }
        let xref = try #require(Int(offsetText))
        let xrefStart = String(text(Array(bytes[xref...])))
        #expect(xrefStart.hasPrefix("xref\n0 "))
        let lines = xrefStart.components(separatedBy: "\n")
        let count = try #require(Int(lines[1].split(separator: " ")[1]))
        #expect(count == 12)  // object 0, 4 fixed objects, 3 fonts, 2 pages with a content stream each
        let entries = Array(xrefStart.utf8.dropFirst("xref\n0 \(count)\n".utf8.count))
        #expect(String(decoding: entries.prefix(20), as: UTF8.self) == "0000000000 65535 f\r\n")
        for number in 1..<count {
            let entry = String(decoding: entries[(20 * number)..<(20 * number + 20)], as: UTF8.self)
            #expect(entry.hasSuffix(" 00000 n\r\n"))
            let offset = try #require(Int(entry.prefix(10)))
            let object = String(decoding: bytes[offset..<(offset + 12)], as: UTF8.self)
            #expect(object.hasPrefix("\(number) 0 obj\n"))
        }
    }

    @Test func streamLengthsAreExact() throws {
        let file = String(text(document()))
        var searchFrom = file.startIndex
        var streams = 0
        while let length = file.range(of: "/Length ", range: searchFrom..<file.endIndex) {
            let value = try #require(Int(file[length.upperBound...].prefix { $0.isNumber }))
            let start = try #require(file.range(of: "stream\n", range: length.upperBound..<file.endIndex))
            let end = file.index(start.upperBound, offsetBy: value)
            #expect(file[end...].hasPrefix("\nendstream"))
            streams += 1
            searchFrom = end
        }
        #expect(streams == 2)
    }

    @Test func writesTheInformationDictionaryAndStandardFonts() {
        let file = String(text(document()))
        #expect(file.hasPrefix("%PDF-1.7\n"))
        #expect(file.hasSuffix("%%EOF\n"))
        #expect(file.contains(#"/Title (Test \(1\))"#))
        #expect(file.contains("/CreationDate (D:20240320093000Z)"))
        #expect(file.contains("/MediaBox [0 0 595.28 841.89]"))
        for font in ["Helvetica", "Helvetica-Bold", "Courier"] {
            #expect(file.contains("/BaseFont /\(font) /Encoding /WinAnsiEncoding"))
        }
        #expect(file.contains(#"(Hello \(world\) \\ back) Tj"#))
    }

    @Test func writesTheSameBytesForTheSameDocument() {
        #expect(document() == document())
        #expect(document() != document(title: "Other"))
    }

    @Test(.enabled(if: PDFTools.isAvailable, PDFTools.skipReason))
    func qpdfFindsNoErrors() throws {
        let check = try PDFTools.qpdfCheck(document())
        #expect(check.status == 0, "\(check.output)\(check.error)")
        #expect(check.output.contains("No syntax or stream encoding errors found"))
        #expect(!check.output.localizedCaseInsensitiveContains("error:"))
        #expect(!check.error.localizedCaseInsensitiveContains("warning"))
    }
}
