import Foundation

/// A minimal PDF 1.7 writer: a catalog, a page tree, the document information dictionary, the three standard
/// fonts and one uncompressed content stream per page, with a cross-reference table of exact byte offsets
/// (PDF 1.7 §7.5). Nothing depends on the clock or the machine: the same pages and information give the same
/// bytes.
struct PDFDocumentWriter: Sendable {
    /// The document information dictionary's entries (§14.3.3).
    struct Info: Sendable, Hashable {
        /// `/Title`.
        var title: String
        /// `/Creator`: the tool whose document it is.
        var creator: String
        /// `/Producer`: the tool that wrote the PDF.
        var producer: String
        /// `/CreationDate`.
        var creationDate: Date
    }

    /// The information dictionary.
    let info: Info
    /// The pages, first to last.
    private(set) var pages: [PDFPage] = []

    /// A writer for a document with `info`.
    init(info: Info) {
        self.info = info
    }

    /// Appends a page.
    mutating func add(_ page: PDFPage) {
        pages.append(page)
    }

    /// The object numbers: 1 catalog, 2 page tree, 3 information, 4 resources, then the fonts, then each page
    /// followed by its content stream.
    private enum Object {
        static let catalog = 1
        static let pages = 2
        static let info = 3
        static let resources = 4
        static func font(_ font: PDFFont) -> Int { 5 + font.rawValue }
        static let firstPage = 5 + PDFFont.allCases.count
        static func page(_ index: Int) -> Int { firstPage + 2 * index }
        static func contents(_ index: Int) -> Int { firstPage + 2 * index + 1 }
    }

    /// The whole file.
    func bytes() -> [UInt8] {
        var file = Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int: Int] = [:]
        func object(_ number: Int, _ body: String) {
            offsets[number] = file.count
            file += Array("\(number) 0 obj\n\(body)\nendobj\n".utf8)
        }

        let kids = pages.indices.map { "\(Object.page($0)) 0 R" }.joined(separator: " ")
        object(Object.catalog, "<< /Type /Catalog /Pages \(Object.pages) 0 R >>")
        object(Object.pages, "<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        object(
            Object.info,
            "<< /Title \(PDFSyntax.textString(info.title)) /Creator \(PDFSyntax.textString(info.creator))"
                + " /Producer \(PDFSyntax.textString(info.producer))"
                + " /CreationDate \(PDFSyntax.textString(PDFSyntax.date(info.creationDate))) >>")
        let fonts = PDFFont.allCases.map { "/\($0.resourceName) \(Object.font($0)) 0 R" }.joined(separator: " ")
        object(Object.resources, "<< /Font << \(fonts) >> /ProcSet [/PDF /Text] >>")
        for font in PDFFont.allCases {
            object(Object.font(font), fontDictionary(font))
        }
        for (index, page) in pages.enumerated() {
            let n = PDFSyntax.number
            object(
                Object.page(index),
                "<< /Type /Page /Parent \(Object.pages) 0 R /MediaBox [0 0 \(n(page.width)) \(n(page.height))]"
                    + " /Resources \(Object.resources) 0 R /Contents \(Object.contents(index)) 0 R >>")
            let stream = Array(page.content.utf8)
            offsets[Object.contents(index)] = file.count
            file += Array("\(Object.contents(index)) 0 obj\n<< /Length \(stream.count) >>\nstream\n".utf8)
            file += stream
            file += Array("\nendstream\nendobj\n".utf8)
        }

        let count = Object.firstPage + 2 * pages.count
        let identifier = Self.identifier(of: file)
        let crossReference = file.count
        var table = "xref\n0 \(count)\n0000000000 65535 f\r\n"
        for number in 1..<count {
            let digits = String(offsets[number] ?? 0)
            table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n\r\n"
        }
        table += "trailer\n<< /Size \(count) /Root \(Object.catalog) 0 R /Info \(Object.info) 0 R"
        table += " /ID [<\(identifier)> <\(identifier)>] >>\nstartxref\n\(crossReference)\n%%EOF\n"
        return file + Array(table.utf8)
    }

    /// A standard Type 1 font (§9.6.2) with WinAnsi encoding and its widths stated, so a reader that
    /// substitutes another font still places every glyph where the layout measured it.
    private func fontDictionary(_ font: PDFFont) -> String {
        let metrics = FontMetrics(font)
        let widths = (32...255).map { String(metrics.advance(UInt8($0))) }.joined(separator: " ")
        return "<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding"
            + " /FirstChar 32 /LastChar 255 /Widths [\(widths)] >>"
    }

    /// The file identifier (§14.4): two FNV-1a 64-bit hashes of the body, as 32 hexadecimal digits, so it
    /// changes with the content and never with the clock.
    private static func identifier(of bytes: [UInt8]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01b3
        }
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(first) + hex(second)
    }
}
