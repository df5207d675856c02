import Foundation
import TestSupport
import Testing

/// `winscan scan` and `winscan convert`, run as a user would, with HOME and the XDG folders in a temporary folder
/// (so the bundled sample database is built there and used): every exit code of the contract, each error as one
/// line on stderr with no report file left behind.
@Suite("winscan scan", requiresWinscan)
struct ScanCommandTests {
    /// A user's home in a temporary folder, with the example image written in it.
    final class Home {
        /// The folder (removed when released).
        let folder: TemporaryFolder
        /// The example image as a `docker save` archive.
        let archive: String

        /// Makes the home and writes the image.
        init() throws {
            folder = try TemporaryFolder()
            archive = try folder.write(
                "image.tar", WindowsImageFixture.servercore(base: 2227, update: 2340).dockerArchive())
        }

        /// A path in the home.
        func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

        /// Runs `winscan` as a user whose home is this folder, with no database of their own.
        func winscan(_ arguments: [String]) throws -> ChildProcess.Result {
            try WinscanProcess.run(
                arguments,
                environment: [
                    "HOME": folder.url.path, "XDG_DATA_HOME": path("data"), "XDG_CACHE_HOME": path("cache"),
                    "WINSCAN_DB": nil, "DOCKER_HOST": nil, "CI": nil,
                ])
        }
    }

    /// What each run must show: its status; for errors, one line on stderr and no report file.
    static func expectError(_ result: ChildProcess.Result, output: String, _ what: String) {
        #expect(result.status == 2, "\(what): \(result.error)")
        #expect(result.errorLines.count == 1, "\(what): \(result.error)")
        #expect(result.errorLines.first?.hasPrefix("winscan: ") == true, "\(what): \(result.error)")
        #expect(!FileManager.default.fileExists(atPath: output), "\(what): \(output) was left behind")
    }

    /// The findings of a JSON report: `cve → status`.
    static func findings(_ path: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        var result: [String: String] = [:]
        for finding in findings {
            result[finding["cve"] as? String ?? "?"] = finding["status"] as? String ?? "?"
        }
        return result
    }

    /// Pass (default policy): exit 0, the report has the 9 findings. `--fail-on high`: exit 1 with the same
    /// report.
    @Test func policyExitCodes() throws {
        let home = try Home()
        let report = home.path("report.json")
        let pass = try home.winscan(["scan", "docker-archive:" + home.archive, "--format", "json", "--output", report])
        #expect(pass.status == 0, "\(pass.error)")
        #expect(try Self.findings(report).count == 9)
        #expect(try Self.findings(report)["CVE-2013-3900"] == "no-fix")
        #expect(pass.error.contains("SAMPLE"), "the sample database is used, and said so: \(pass.error)")

        let failing = home.path("failing.json")
        let fail = try home.winscan([
            "scan", "docker-archive:" + home.archive, "--format", "json", "--output", failing, "--fail-on", "high",
        ])
        #expect(fail.status == 1, "\(fail.error)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: failing)))
        #expect(((object as? [String: Any])?["policy"] as? [String: Any])?["verdict"] as? String == "fail")
    }

    /// A policy that only warns: exit 0; with `--fail-on-warn`: exit 1.
    @Test func warnOnlyPolicy() throws {
        let home = try Home()
        let policy = try home.folder.write(
            "policy.yaml",
            Array(
                """
                name: warn-only
                rules:
                  - name: warn-high
                    action: warn
                    min-severity: high

                """.utf8))
        let arguments = ["scan", home.archive, "--policy", policy, "--format", "json", "--output", home.path("r.json")]
        let warned = try home.winscan(arguments)
        #expect(warned.status == 0, "\(warned.error)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: home.path("r.json"))))
        #expect(((object as? [String: Any])?["policy"] as? [String: Any])?["verdict"] as? String == "warn")
        let strict = try home.winscan(arguments + ["--fail-on-warn"])
        #expect(strict.status == 1, "\(strict.error)")
    }

    /// Every kind of error: exit 2, exactly one line on stderr, no report file.
    @Test func errorsExitTwoWithOneLine() throws {
        let home = try Home()
        let output = home.path("report.json")
        let scan = ["scan", "--format", "json", "--output", output]

        let missing = try home.winscan(scan + ["docker-archive:" + home.path("absent.tar")])
        Self.expectError(missing, output: output, "nonexistent file")
        #expect(missing.error.contains("absent.tar"), "\(missing.error)")

        let corrupt = try home.folder.write("corrupt.tar", (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        Self.expectError(try home.winscan(scan + ["docker-archive:" + corrupt]), output: output, "corrupt tar")

        // An OCI layout whose update layer's gzip stream is cut in half.
        let image = WindowsImageFixture.servercore(base: 2227, update: 2340)
        var files = image.ociLayout()
        let blob = image.blob(ofLayer: 1)
        let blobPath = "blobs/sha256/" + WindowsImageFixture.digest(blob).dropFirst("sha256:".count)
        files[blobPath] = Array(blob.prefix(blob.count / 2))
        for (path, bytes) in files {
            let url = home.folder.url.appendingPathComponent("layout/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let truncated = try home.winscan(scan + ["--no-cache", "oci-dir:" + home.path("layout")])
        Self.expectError(truncated, output: output, "truncated gzip layer")

        let port = try Readiness.freePort()
        let unreachable = try home.winscan(scan + ["--plain-http", "registry:127.0.0.1:\(port)/win/test:1"])
        Self.expectError(unreachable, output: output, "registry with nothing listening")
        #expect(unreachable.error.contains("127.0.0.1:\(port)"), "\(unreachable.error)")

        let format = try home.winscan(["scan", home.archive, "--format", "yaml", "--output", output])
        Self.expectError(format, output: output, "bad --format")
        #expect(format.error.contains("yaml"), "\(format.error)")

        let badPolicy = try home.folder.write(
            "bad-policy.yaml",
            Array(
                """
                name: gate
                rules:
                  - name: block-high
                    action: fail
                    min_severty: high

                """.utf8))
        let policy = try home.winscan(scan + ["--policy", badPolicy, home.archive])
        Self.expectError(policy, output: output, "bad policy file")
        #expect(policy.error.contains("bad-policy.yaml:5"), "the message names the line: \(policy.error)")

        // The second of two outputs cannot be written: the first is not left behind either.
        let unwritable = try home.winscan([
            "scan", home.archive, "--format", "json", "--output", output, "--format", "sarif", "--output",
            home.path("no/such/folder/report.sarif"),
        ])
        Self.expectError(unwritable, output: output, "unwritable second output")
        #expect(unwritable.error.contains("report.sarif"), "\(unwritable.error)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.folder.url.path)
        #expect(!leftovers.contains { $0.hasSuffix(".tmp") }, "\(leftovers)")

        let database = try home.winscan(scan + ["--db", home.path("no/such.sqlite"), home.archive])
        Self.expectError(database, output: output, "missing --db")
        #expect(database.error.contains("no/such.sqlite"), "\(database.error)")
        #expect(!FileManager.default.fileExists(atPath: home.path("no/such.sqlite")))
    }

    /// An image whose Windows cannot be identified: exit 2 and one line on stderr, but the report is written (and
    /// says why).
    @Test func unidentifiedImageWritesItsReport() throws {
        let home = try Home()
        var linux = WindowsImageFixture.servercore(base: 2227, update: 2340)
        linux.os = "linux"
        let archive = try home.folder.write("linux.tar", linux.dockerArchive())
        let output = home.path("linux.json")
        let result = try home.winscan(["scan", "docker-archive:" + archive, "--format", "json", "--output", output])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.errorLines.count == 1, "\(result.error)")
        #expect(result.error.contains("could not identify Windows"), "\(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
        let windows = (object as? [String: Any])?["windows"] as? [String: Any]
        #expect(windows?["identified"] as? Bool == false)
        #expect(
            (windows?["unidentifiedReason"] as? String)?.contains("linux") == true, "\(String(describing: windows))")
        #expect(try Self.findings(output).isEmpty)
    }

    /// The JSON report at `path` with what names the source or the moment masked (reference, digest, date).
    static func comparable(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var image = try #require(object["image"] as? [String: Any])
        image["reference"] = "masked"
        image["digest"] = "masked"
        object["image"] = image
        object["generatedAt"] = "masked"
        let masked = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: masked, as: UTF8.self)
    }

    /// `registry:` with `--plain-http` against a real `docker-registry` on 127.0.0.1 and `daemon:` with `--host`
    /// against podman's API give the docker-archive's report, and take its analysis from the cache it filled.
    @Test(requiresTools("docker-registry", "skopeo", "podman"), .timeLimit(.minutes(3)))
    func registryAndDaemonGiveTheSameReport() async throws {
        let home = try Home()
        let scratch = try Scratch()
        var image = WindowsImageFixture.servercore(base: 2227, update: 2340)
        image.tag = "ltsc2022"
        let layout = try scratch.writeLayout(image.ociLayout(), in: "layout")
        let reference = home.path("archive.json")
        let archived = try home.winscan(["scan", home.archive, "--format", "json", "--output", reference])
        #expect(archived.status == 0, "\(archived.error)")
        let expected = try Self.comparable(reference)

        let registry = try await RegistryServer(auth: .none, in: scratch)
        defer { registry.stop() }
        try await registry.push("oci:\(layout):ltsc2022", to: "win/servercore:ltsc2022", in: scratch)
        let fromRegistry = home.path("registry.json")
        let pulled = try home.winscan([
            "scan", "registry:\(registry.host)/win/servercore:ltsc2022", "--plain-http", "--debug", "--format", "json",
            "--output", fromRegistry,
        ])
        #expect(pulled.status == 0, "\(pulled.error)")
        // The same image (its config) against the same database: the match cache answers, no layer is read.
        #expect(pulled.error.contains("match cache hits 1, misses 0"), "\(pulled.error)")
        #expect(pulled.error.contains("layer cache hits 0, misses 0, stores 0"), "\(pulled.error)")
        #expect(try Self.comparable(fromRegistry) == expected)

        let podman = try await PodmanService(in: scratch)
        defer { podman.stop() }
        try await podman.load(home.archive)  // tagged example/servercore:ltsc2022
        let fromDaemon = home.path("daemon.json")
        let exported = try home.winscan([
            "scan", "daemon:example/servercore:ltsc2022", "--host", "unix://" + podman.socket, "--no-cache", "--format",
            "json", "--output", fromDaemon,
        ])
        #expect(exported.status == 0, "\(exported.error)")
        #expect(try Self.comparable(fromDaemon) == expected)
    }

    /// Several `--format`/`--output` pairs in one run write every file; `convert` renders the JSON report again in
    /// other formats, and refuses JSON that is not a report with one line.
    @Test func severalOutputsAndConvert() throws {
        let home = try Home()
        let names = ["json": "r.json", "sarif": "r.sarif", "markdown": "r.md", "html": "r.html", "junit": "r.xml"]
        var arguments = ["scan", "docker-archive:" + home.archive]
        for (format, name) in names.sorted(by: { $0.key < $1.key }) {
            arguments += ["--format", format, "--output", home.path(name)]
        }
        let result = try home.winscan(arguments)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.isEmpty)
        for name in names.values {
            let text = (try? String(contentsOfFile: home.path(name), encoding: .utf8)) ?? ""
            #expect(text.contains("CVE-2026-21510"), "\(name)")
        }
        #expect(try Self.findings(home.path("r.json")).count == 9)

        let table = try home.winscan(["convert", home.path("r.json"), "--format", "table"])
        #expect(table.status == 0, "\(table.error)")
        #expect(table.output.contains("CVE-2024-38063"))
        #expect(table.output.contains("KB5075906"))
        let sarif = try home.winscan(["convert", home.path("r.json"), "--format", "sarif"])
        #expect(sarif.status == 0, "\(sarif.error)")
        let log = try JSONSerialization.jsonObject(with: Data(sarif.output.utf8)) as? [String: Any]
        #expect(log?["version"] as? String == "2.1.0")
        let results = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 9)
        let markdown = try home.winscan(["convert", home.path("r.json"), "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.error)")
        #expect(markdown.output.contains("CVE-2025-59287"))
        #expect(markdown.output == (try String(contentsOfFile: home.path("r.md"), encoding: .utf8)))

        let notAReport = try home.folder.write("other.json", Array(#"{"name":"not a report","findings":3}"#.utf8))
        let refused = try home.winscan(["convert", notAReport, "--format", "table", "--output", home.path("t.txt")])
        Self.expectError(refused, output: home.path("t.txt"), "convert of a non-report")
    }
}
