import Foundation
import ReportKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("writing report files")
struct ReportFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a regular file is replaced whole, and no temporary file stays beside it")
    func regularFile() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        try ReportFile.write(Array("old, longer content".utf8), to: path)
        try ReportFile.write(Array("new".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])
    }

    @Test("a FIFO (like /dev/null or /dev/stdout, not a regular file) is written to, never replaced")
    func fifoIsNotReplaced() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pipe").path
        try #require(mkfifo(path, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [path]
        let output = Pipe()
        reader.standardOutput = output
        try reader.run()
        try ReportFile.write(Array("through the pipe".utf8), to: path)
        let received = output.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(received == Data("through the pipe".utf8))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test("a folder that does not exist is one clear error")
    func missingFolder() {
        #expect(throws: ReportKitError.self) {
            try ReportFile.write([1, 2, 3], to: "/nonexistent-\(UUID().uuidString)/report.json")
        }
    }
}
