import Foundation
import TestSupport
import Testing

/// `winscan hive dump` and `winscan hive query`, run as a user would.
@Suite("winscan hive", requiresWinscan)
struct HiveCommandTests {
    /// The example image's two hives, written to a temporary folder.
    static func exampleHives(_ folder: TemporaryFolder) throws -> (base: String, delta: String) {
        (
            try folder.write("SOFTWARE", ExampleHives.baseSoftware().build().bytes),
            try folder.write("Software_Delta", ExampleHives.updateDelta().build().bytes)
        )
    }

    /// `dump --json` prints exactly the documented line format, depth first, and merges the layers.
    @Test func dumpJSONLines() throws {
        let folder = try TemporaryFolder()
        let (base, delta) = try Self.exampleHives(folder)
        let result = try WinscanProcess.run(["hive", "dump", "--json", base, delta])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == #"{"path":"\\","values":[]}"#)
        #expect(lines.dropFirst().first == #"{"path":"\\Microsoft","values":[]}"#)
        let current = try #require(lines.first { $0.contains(#""path":"\\Microsoft\\Windows NT\\CurrentVersion""#) })
        // UBR 5499 = 0x157B, little-endian.
        #expect(current.contains(#"{"name":"UBR","type":4,"data":"7b150000"}"#))
        #expect(current.contains(#"{"name":"CurrentBuildNumber","type":1,"data":"3200300033003400380000"#))
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?.keys.sorted() == ["path", "values"])
        }
        // Depth first: every key's parent comes before it.
        var seen = Set<String>()
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let path = try #require(object["path"] as? String)
            if path != "\\" {
                let parent = path.split(separator: "\\").dropLast().joined(separator: "\\")
                #expect(seen.contains("\\" + parent), "\(path) printed before its parent")
            }
            seen.insert(path)
        }
    }

    /// `query` reads one value, with the base alone and with the update layer.
    @Test func queryValue() throws {
        let folder = try TemporaryFolder()
        let (base, delta) = try Self.exampleHives(folder)
        let path = #"Microsoft\Windows NT\CurrentVersion"#
        #expect(try WinscanProcess.run(["hive", "query", base, path, "UBR"]).output == "4294\n")
        #expect(try WinscanProcess.run(["hive", "query", base, delta, path, "UBR"]).output == "5499\n")
        #expect(
            try WinscanProcess.run(["hive", "query", base, delta, path, "installationtype"]).output == "Server Core\n")
        let json = try WinscanProcess.run(["hive", "query", "--json", base, delta, path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["values"] as? [[String: Any]])?.count == 10)
    }

    /// Each failure is one line on stderr and exit code 2.
    @Test func failuresAreOneLineAndExitTwo() throws {
        let folder = try TemporaryFolder()
        let (base, _) = try Self.exampleHives(folder)
        let good = ExampleHives.baseSoftware().build().bytes
        let truncated = try folder.write("truncated", Array(good.prefix(5000)))
        let garbage = try folder.write("garbage", (0..<9000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let empty = try folder.write("empty", [])
        let cases: [[String]] = [
            ["hive", "dump", truncated],
            ["hive", "dump", "--json", garbage],
            ["hive", "dump", empty],
            ["hive", "dump", folder.url.path + "/missing"],
            ["hive", "query", base, #"No\Such\Key"#],
            ["hive", "query", base, #"Microsoft\Windows NT\CurrentVersion"#, "NoSuchValue"],
            ["hive", "query", truncated, "Microsoft"],
            ["hive", "dump"],
            ["hive", "frobnicate"],
        ]
        for arguments in cases {
            let result = try WinscanProcess.run(arguments)
            #expect(result.status == 2, "\(arguments): exit \(result.status)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.error)")
        }
    }

    /// `--lenient` reads what it can from a damaged hive and says what it skipped.
    @Test func lenientDumpReportsWhatItSkipped() throws {
        let folder = try TemporaryFolder()
        var image = ExampleHives.baseSoftware().build()
        let key = try #require(image.keyOffsets[#"\Microsoft\NET Framework Setup"#])
        image.patchUInt32(at: key + 4 + 28, 0x7FFF_FFF8)  // its subkey list now points outside the bins
        let damaged = try folder.write("damaged", image.bytes)
        let strict = try WinscanProcess.run(["hive", "dump", damaged])
        #expect(strict.status == 2)
        let lenient = try WinscanProcess.run(["hive", "dump", "--lenient", damaged])
        #expect(lenient.status == 0)
        #expect(lenient.output.contains(#"[\Microsoft\Windows NT\CurrentVersion]"#))
        #expect(!lenient.output.contains("NDP"))
        #expect(lenient.errorLines.count == 1)
        #expect(lenient.error.contains("skipped 1 damaged part"))
    }
}
