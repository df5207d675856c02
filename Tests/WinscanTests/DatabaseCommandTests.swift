import Foundation
import TestSupport
import Testing

/// `winscan db build|update|import|status`, run as a user would.
@Suite("winscan db", requiresWinscan)
struct DatabaseCommandTests {
    /// A small CVRF month: CVE-2099-0001 on Windows Server 2022, fixed by KB5000001 (which supersedes 4999999).
    static let month = """
        <?xml version="1.0" encoding="utf-8"?>
        <cvrf:cvrfdoc xmlns:vuln="http://www.icasi.org/CVRF/schema/vuln/1.1" \
        xmlns:prod="http://www.icasi.org/CVRF/schema/prod/1.1" xmlns:cvrf="http://www.icasi.org/CVRF/schema/cvrf/1.1">
          <cvrf:DocumentTitle>January 2099 Security Updates</cvrf:DocumentTitle>
          <cvrf:DocumentTracking>
            <cvrf:Identification><cvrf:ID>2099-Jan</cvrf:ID></cvrf:Identification>
            <cvrf:InitialReleaseDate>2099-01-13T08:00:00</cvrf:InitialReleaseDate>
            <cvrf:CurrentReleaseDate>2099-01-14T08:00:00</cvrf:CurrentReleaseDate>
          </cvrf:DocumentTracking>
          <prod:ProductTree>
            <prod:FullProductName ProductID="11923">Windows Server 2022</prod:FullProductName>
            <prod:FullProductName ProductID="12079-11923">Microsoft .NET Framework 3.5 AND 4.8.1 on Windows Server 2022</prod:FullProductName>
          </prod:ProductTree>
          <vuln:Vulnerability Ordinal="1">
            <vuln:Title>Test Elevation of Privilege Vulnerability</vuln:Title>
            <vuln:CVE>CVE-2099-0001</vuln:CVE>
            <vuln:ProductStatuses><vuln:Status Type="Known Affected"><vuln:ProductID>11923</vuln:ProductID>\
        <vuln:ProductID>12079-11923</vuln:ProductID></vuln:Status></vuln:ProductStatuses>
            <vuln:Threats><vuln:Threat Type="Severity"><vuln:Description>Important</vuln:Description>\
        <vuln:ProductID>11923</vuln:ProductID></vuln:Threat></vuln:Threats>
            <vuln:Remediations><vuln:Remediation Type="Vendor Fix"><vuln:Description>5000001</vuln:Description>\
        <vuln:Supercedence>4999999</vuln:Supercedence><vuln:ProductID>11923</vuln:ProductID>\
        <vuln:SubType>Security Update</vuln:SubType><vuln:FixedBuild>10.0.20348.1001</vuln:FixedBuild>\
        </vuln:Remediation></vuln:Remediations>
            <vuln:RevisionHistory><vuln:Revision><cvrf:Number>1.0</cvrf:Number><cvrf:Date>2099-01-13T08:00:00</cvrf:Date>\
        </vuln:Revision></vuln:RevisionHistory>
          </vuln:Vulnerability>
        </cvrf:cvrfdoc>
        """

    /// The SHA-256 of a file, as `sha256sum` prints it.
    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    /// A folder with the month as `in/2099-Jan.xml.zst`.
    static func input() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("in"), withIntermediateDirectories: true)
        _ = try folder.write("in/2099-Jan.xml.zst", Compression.zstd(Array(month.utf8)))
        return folder
    }

    @Test("build, then status as text and as JSON")
    func buildAndStatus() throws {
        let folder = try Self.input()
        let database = folder.url.appendingPathComponent("db/msrc.sqlite").path
        let build = try WinscanProcess.run([
            "db", "build", "--from", folder.url.appendingPathComponent("in").path, "--db", database,
        ])
        #expect(build.status == 0, "\(build.error)")
        #expect(build.output.hasPrefix("built \(database) from 1 document(s) in "))
        for label in ["schema version:", "built at:", "CVEs:", "products:", "fix rows:", "KBs:", "supersedence edges:"]
        {
            #expect(build.output.contains(label), "\(label)")
        }
        #expect(build.output.contains("newest document:    2099-Jan"))
        let text = try WinscanProcess.run(["db", "status", "--db", database])
        #expect(text.status == 0)
        #expect(text.output.contains("fix rows:           1\n"))
        #expect(text.output.contains("supersedence edges: 1\n"))
        let json = try WinscanProcess.run(["db", "status", "--json", "--db", database])
        #expect(json.status == 0, "\(json.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["builtAt"] is String)
        #expect((object["ageSeconds"] as? Int).map { $0 >= 0 && $0 < 600 } == true)
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts["vulnerabilities"] == 1 && counts["products"] == 2 && counts["documents"] == 1)
        #expect(counts["fixes"] == 1 && counts["kbs"] == 1 && counts["supersedenceEdges"] == 1)
        #expect((object["newestDocument"] as? [String: Any])?["id"] as? String == "2099-Jan")
        #expect(
            (object["newestDocument"] as? [String: Any])?["currentReleaseDate"] as? String == "2099-01-14T08:00:00Z")
    }

    @Test("the database location: --db, else $WINSCAN_DB, else $XDG_DATA_HOME/winscan/msrc.sqlite")
    func location() throws {
        let folder = try Self.input()
        let input = folder.url.appendingPathComponent("in").path
        let data = folder.url.appendingPathComponent("xdg").path
        let xdg = try WinscanProcess.run(
            ["db", "build", "--from", input], environment: ["WINSCAN_DB": nil, "XDG_DATA_HOME": data])
        #expect(xdg.status == 0, "\(xdg.error)")
        #expect(FileManager.default.fileExists(atPath: data + "/winscan/msrc.sqlite"))
        let named = folder.url.appendingPathComponent("named.sqlite").path
        let environment = try WinscanProcess.run(["db", "build", "--from", input], environment: ["WINSCAN_DB": named])
        #expect(environment.status == 0)
        #expect(FileManager.default.fileExists(atPath: named))
        let status = try WinscanProcess.run(["db", "status"], environment: ["WINSCAN_DB": named])
        #expect(status.output.hasPrefix("database:           \(named)\n"))
    }

    @Test("import checks the checksum; the hidden query command times a load")
    func importAndQuery() throws {
        let folder = try Self.input()
        let prebuilt = folder.url.appendingPathComponent("prebuilt.sqlite").path
        #expect(
            try WinscanProcess.run([
                "db", "build", "--from", folder.url.appendingPathComponent("in").path, "--db", prebuilt,
            ])
            .status == 0)
        let digest = try Self.sha256(prebuilt)
        let target = folder.url.appendingPathComponent("imported.sqlite").path
        let wrong = try WinscanProcess.run([
            "db", "import", prebuilt, "--sha256", String(repeating: "a", count: 64), "--db", target,
        ])
        #expect(wrong.status == 2)
        #expect(wrong.errorLines.count == 1)
        #expect(wrong.error.hasPrefix("winscan: \(prebuilt): SHA-256 is \(digest)"))
        #expect(!FileManager.default.fileExists(atPath: target))
        let imported = try WinscanProcess.run(["db", "import", prebuilt, "--sha256", digest, "--db", target])
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.hasPrefix("imported \(prebuilt) (SHA-256 verified)\n"))
        let query = try WinscanProcess.run(["db", "query", "--product", "11923", "--db", target])
        #expect(query.status == 0, "\(query.error)")
        let lines = query.output.split(separator: "\n")
        #expect(lines.contains("CVE-2099-0001\t11923\tImportant\tKB5000001 10.0.20348.1001"))
        #expect(lines.contains("CVE-2099-0001\t12079-11923\t-\tno fix"))
        #expect(lines.contains { $0.hasPrefix("products 2, vulnerabilities 1, statuses 2, remediations 1 (fixes 1)") })
        #expect(lines.last?.hasPrefix("open ") == true && lines.last?.contains(" ms, load ") == true)
    }

    @Test("every failure is one line on stderr and exit code 2; the database stays")
    func failures() throws {
        let folder = try Self.input()
        let input = folder.url.appendingPathComponent("in").path
        let database = folder.url.appendingPathComponent("msrc.sqlite").path
        #expect(try WinscanProcess.run(["db", "build", "--from", input, "--db", database]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let truncated = try folder.write(
            "2099-Feb.xml.zst", Array(Compression.zstd(Array(Self.month.utf8)).dropLast(30)))
        let garbage = try folder.write("garbage.sqlite", Array(repeating: 0x41, count: 8192))
        let cases: [(arguments: [String], phrase: String)] = [
            (["db", "build", "--from", truncated, "--db", database], truncated + ": truncated zstd data"),
            (["db", "build", "--db", database], "needs --from"),
            (
                ["db", "build", "--from", folder.url.appendingPathComponent("none").path, "--db", database],
                "no such file"
            ),
            (["db", "status", "--db", folder.url.appendingPathComponent("missing.sqlite").path], "no database here"),
            (["db", "status", "--db", garbage], garbage + ": not a usable database"),
            (["db", "import", garbage, "--db", database], "no checksum"),
            (
                ["db", "update", "--base-url", "http://127.0.0.1:9", "--db", garbage],
                garbage + ": not a usable database"
            ),
            (
                ["db", "update", "--base-url", "http://127.0.0.1:9", "--db", database],
                "http://127.0.0.1:9/cvrf/v3.0/updates: "
            ),
            (["db", "query", "--db", database], "needs --product"),
        ]
        for (arguments, phrase) in cases {
            let result = try WinscanProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.error)")
            #expect(result.error.contains(phrase), "\(arguments): \(result.error)")
            #expect(result.error.hasPrefix("winscan: ") || result.error.hasPrefix("Error: "), "\(result.error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }
}
