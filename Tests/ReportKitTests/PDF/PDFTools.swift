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
}
