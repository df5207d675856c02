import Foundation
import ImageLayers
import TestSupport
import Testing
import VulnDB
import WindowsImageScanner

/// The README's "Embed the scanner in a Swift tool" example, compiled and run as written (only the paths differ).
@Suite("the README's embedding example")
struct EmbeddingExampleTests {
    @Test("scans an image in a handful of lines")
    func readmeExample() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let databasePath = folder.appendingPathComponent("msrc.sqlite").path
        _ = try await SampleDatabase.open(at: databasePath)
        let imagePath = folder.appendingPathComponent("servercore.tar").path
        try Data(WindowsImageFixture.servercore(base: 2227, update: 2340).dockerArchive()).write(
            to: URL(fileURLWithPath: imagePath))
        var printed: [String] = []
        func print(_ line: String) { printed.append(line) }

        // --- the README's lines, verbatim but for the two paths ---
        let database = try VulnDatabase(contentsOf: databasePath)
        let scanner = WindowsImageScanner(database: database)
        let report = try await scanner.scan(try DockerArchiveSource(path: imagePath))
        print("\(report.windows.build ?? "?"): \(report.summary.critical) critical, \(report.summary.high) high")
        if let fix = report.remediation { print("install \(fix.kb): closes \(fix.closes)") }
        // ---

        #expect(printed == ["10.0.20348.2340: 3 critical, 5 high", "install KB5075906: closes 8"])
    }
}
