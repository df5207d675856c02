import Foundation
import TestSupport
import Testing

/// The poppler and qpdf tools the PDF tests check the renderer's output with; CI installs them, elsewhere the
/// tests that need them skip.
enum PDFTools {
    /// Where the tools are.
    static let qpdf = "/usr/bin/qpdf"
    /// pdftotext.
    static let pdftotext = "/usr/bin/pdftotext"
    /// pdfinfo.
    static let pdfinfo = "/usr/bin/pdfinfo"

    /// Whether all three are installed.
    static let isAvailable = [qpdf, pdftotext, pdfinfo].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why the tests that need them are skipped.
    static let skipReason: Comment = "qpdf, pdftotext or pdfinfo is missing (apt-get install qpdf poppler-utils)"

    /// Writes `bytes` to a new temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("winscan-pdf-\(UUID().uuidString).pdf").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The text of the PDF `bytes` as `pdftotext -layout` extracts it.
    static func text(of bytes: [UInt8]) throws -> String {
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ChildProcess.run(pdftotext, ["-layout", path, "-"]).output
    }

    /// What `qpdf --check` says of the PDF `bytes`.
    static func qpdfCheck(_ bytes: [UInt8]) throws -> ChildProcess.Result {
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ChildProcess.run(qpdf, ["--check", path])
    }

    /// The page count `pdfinfo` reads.
    static func pageCount(of bytes: [UInt8]) throws -> Int? {
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try ChildProcess.run(pdfinfo, [path]).output
        for line in info.split(separator: "\n") where line.hasPrefix("Pages:") {
            return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// A word `pdftotext -bbox` found, with its box in points from the page's top left corner.
    struct Word: Sendable {
        /// The page, from 1.
        let page: Int
        /// The text.
        let text: String
        /// Left edge.
        let xMin: Double
        /// Top edge.
        let yMin: Double
        /// Right edge.
        let xMax: Double
        /// Bottom edge.
        let yMax: Double
    }

    /// Every word of the PDF `bytes` with its box, as `pdftotext -bbox` places it.
    static func words(of bytes: [UInt8]) throws -> [Word] {
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try ChildProcess.run(pdftotext, ["-bbox", path, "-"]).output
        var words: [Word] = []
        var page = 0
        for line in html.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("<page ") { page += 1 }
            guard trimmed.hasPrefix("<word "), let close = trimmed.firstIndex(of: ">") else { continue }
            func attribute(_ name: String) -> Double? {
                guard let start = trimmed.range(of: name + "=\"") else { return nil }
                return Double(trimmed[start.upperBound...].prefix { $0 != "\"" })
            }
            guard let xMin = attribute("xMin"), let yMin = attribute("yMin"), let xMax = attribute("xMax"),
                let yMax = attribute("yMax")
            else { continue }
            let text = trimmed[trimmed.index(after: close)...].replacingOccurrences(of: "</word>", with: "")
            words.append(Word(page: page, text: text, xMin: xMin, yMin: yMin, xMax: xMax, yMax: yMax))
        }
        return words
    }
}
