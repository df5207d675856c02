import Foundation
import TestSupport
import Testing

/// Runs the built `scanning-inspector` (and `winscan`, to compare) with a private home, so the bundled sample
/// database is used and nothing touches the user's files.
struct InspectorRun {
    /// The `scanning-inspector` binary beside the test bundle.
    static let executable = WinscanProcess.executable.deletingLastPathComponent().appendingPathComponent(
        "scanning-inspector")

    /// Whether the executable was built.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// The example image, `Examples/images/servercore-sample.tar`.
    static let exampleImage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/images/servercore-sample.tar").path

    /// The nine CVEs `Examples/images/README.md` lists for the example image against the sample database.
    static let exampleCVEs: Set<String> = [
        "CVE-2024-38063", "CVE-2024-49112", "CVE-2025-59287", "CVE-2024-38193", "CVE-2024-43451",
        "CVE-2025-29824", "CVE-2026-20805", "CVE-2026-21510", "CVE-2013-3900",
    ]

    /// The private home (and working folder for outputs).
    let folder: TemporaryFolder

    /// A run with a fresh private home.
    init() throws { folder = try TemporaryFolder() }

    /// A path inside the private folder.
    func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    /// Runs `program` with `arguments` and HOME/XDG_* pointed at the private folder, without `WINSCAN_DB` and
    /// `DOCKER_HOST`.
    func run(_ program: URL, _ arguments: [String]) throws -> ChildProcess.Result {
        let environment = [
            "HOME=\(folder.url.path)", "XDG_DATA_HOME=\(path("data"))", "XDG_CACHE_HOME=\(path("cache"))",
            "XDG_CONFIG_HOME=\(path("config"))",
        ]
        return try ChildProcess.run(
            "/usr/bin/env", ["-u", "WINSCAN_DB", "-u", "DOCKER_HOST"] + environment + [program.path] + arguments)
    }

    /// Runs `scanning-inspector`.
    func inspector(_ arguments: [String]) throws -> ChildProcess.Result {
        try run(Self.executable, arguments)
    }

    /// The files in the private folder (outputs and leftovers), without the data and cache folders.
    func files() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.url.path)).subtracting([
            "data", "cache", "config",
        ])
    }
}

/// What the tests compare between two JSON reports.
struct ReportOutcome: Equatable, CustomStringConvertible {
    /// The finding CVEs.
    let findings: Set<String>
    /// `policy.verdict`.
    let verdict: String
    /// The CVEs of each fired rule, by rule name.
    let fired: [String: Set<String>]
    /// What each fired rule checks, in words (`severity ≥ high and fix available`), by rule name.
    let conditions: [String: String]

    /// Reads a JSON report.
    init(json bytes: Data) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        self.findings = Set(findings.compactMap { $0["cve"] as? String })
        let policy = try #require(object["policy"] as? [String: Any])
        verdict = try #require(policy["verdict"] as? String)
        let violations = try #require(policy["violations"] as? [[String: Any]])
        var fired: [String: Set<String>] = [:]
        var conditions: [String: String] = [:]
        for violation in violations {
            let rule = try #require(violation["rule"] as? String)
            fired[rule] = Set(violation["cves"] as? [String] ?? [])
            conditions[rule] = violation["message"] as? String
        }
        self.fired = fired
        self.conditions = conditions
    }

    /// Reads a JSON report file.
    init(file: String) throws {
        try self.init(json: try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    /// The verdict and the fired rules.
    var description: String { "\(verdict) \(fired.mapValues { $0.sorted() })" }
}

/// Skips a test when the executables were not built beside the tests.
let requiresInspector = Testing.ConditionTrait.enabled(
    if: InspectorRun.isAvailable && WinscanProcess.isAvailable,
    "scanning-inspector or winscan is not beside the test bundle (run swift build first)")

/// `scanning-inspector`, the legacy inspector's flags on winscan, run as a pipeline would.
@Suite("scanning-inspector", requiresInspector)
struct ScanningInspectorTests {
    /// Without policy flags: winscan's JSON report with the example image's nine findings, exit 0.
    @Test func jsonReportWithoutPolicyPasses() throws {
        let run = try InspectorRun()
        let report = run.path("report.json")
        let result = try run.inspector(["-t", "tar", "-i", InspectorRun.exampleImage, "-f", "json", "-o", report])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.isEmpty)
        #expect(result.error.contains("SAMPLE"), "the sample database is used loudly: \(result.error)")
        let outcome = try ReportOutcome(file: report)
        #expect(outcome.findings == InspectorRun.exampleCVEs)
        #expect(outcome.verdict == "pass")
        #expect(outcome.fired.isEmpty)
        #expect(try run.files() == ["report.json"], "no temporary file is left beside the report")
    }

    /// The long single-dash spellings, the JSON default and standard output.
    @Test func longFlagsAndStandardOutput() throws {
        let run = try InspectorRun()
        let result = try run.inspector(["-t", "TAR", "-image_identifier", InspectorRun.exampleImage])
        #expect(result.status == 0, "\(result.error)")
        let outcome = try ReportOutcome(json: Data(result.output.utf8))
        #expect(outcome.findings == InspectorRun.exampleCVEs)
        #expect(try run.files().isEmpty)
    }

    /// The policy flags give the verdict and exit status winscan gives with the same policy as a file.
    @Test(arguments: [
        (["-min_severity", "high", "-fix_available"], ["min-severity: high", "fix-available: true"], Int32(1)),
        (
            ["-min_severity", "critical", "-min_days_fix", "100000"],
            ["min-severity: critical", "min-days-since-fix: 100000"], Int32(0)
        ),
        (["-min_severity", "MEDIUM"], ["min-severity: medium"], Int32(1)),
        (["-fix_available"], ["fix-available: true"], Int32(1)),
        (["-fix_available", "-min_days_fix", "0"], ["fix-available: true", "min-days-since-fix: 0"], Int32(1)),
    ])
    func policyMatchesWinscan(flags: [String], conditions: [String], status: Int32) throws {
        let run = try InspectorRun()
        let report = run.path("inspector.json")
        let result = try run.inspector(["-t", "tar", "-i", InspectorRun.exampleImage, "-o", report] + flags)
        #expect(result.status == status, "\(flags): \(result.error)")
        let inspector = try ReportOutcome(file: report)

        let policy = try run.folder.write(
            "policy.yaml",
            Array(
                """
                name: sysdig-inspector
                rules:
                  - name: sysdig-inspector
                    action: fail
                    \(conditions.joined(separator: "\n    "))

                """.utf8))
        // An empty ignore file, so that a .winscanignore in the working folder cannot change winscan's verdict.
        let ignore = try run.folder.write("empty.winscanignore", Array("# nothing ignored\n".utf8))
        let winscanReport = run.path("winscan.json")
        let winscan = try run.run(
            WinscanProcess.executable,
            [
                "scan", "docker-archive:" + InspectorRun.exampleImage, "--no-cache", "--policy", policy,
                "--ignore-file", ignore, "--format", "json", "--output", winscanReport,
            ])
        #expect(winscan.status == status, "\(winscan.error)")
        #expect(inspector == (try ReportOutcome(file: winscanReport)))
        #expect(inspector.findings == InspectorRun.exampleCVEs)
        #expect(inspector.verdict == (status == 0 ? "pass" : "fail"))
    }

    /// `-min_severity high -fix_available` fires on exactly the eight high and critical findings with a fix.
    @Test func highWithFixFiresOnEight() throws {
        let run = try InspectorRun()
        let result = try run.inspector([
            "-t", "tar", "-i", InspectorRun.exampleImage, "-min_severity", "high", "-fix_available",
        ])
        #expect(result.status == 1, "\(result.error)")
        let outcome = try ReportOutcome(json: Data(result.output.utf8))
        #expect(outcome.fired == ["sysdig-inspector": InspectorRun.exampleCVEs.subtracting(["CVE-2013-3900"])])
    }

    /// `-f pdf -o FILE` writes a valid PDF whose verdict is the JSON report's; without `-o` it is an error.
    @Test(arguments: [(["-min_severity", "high", "-fix_available"], Int32(1)), ([], Int32(0))])
    func pdfReport(flags: [String], status: Int32) throws {
        let run = try InspectorRun()
        let pdf = run.path("report.pdf")
        let result = try run.inspector(["-t", "tar", "-i", InspectorRun.exampleImage, "-f", "pdf", "-o", pdf] + flags)
        #expect(result.status == status, "\(result.error)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/qpdf") {
            let check = try ChildProcess.run("/usr/bin/qpdf", ["--check", pdf])
            #expect(check.status == 0, "\(check.output) \(check.error)")
        }
        let json = try run.inspector(["-t", "tar", "-i", InspectorRun.exampleImage] + flags)
        #expect(json.status == status)
        let verdict = try ReportOutcome(json: Data(json.output.utf8)).verdict
        // The PDF's content streams are not compressed: the verdict banner's sentence is in the bytes.
        let sentence = verdict == "pass" ? "The policy passed: no rule" : "The policy failed: 1 rule fired."
        #expect(bytes.range(of: Data(sentence.utf8)) != nil, "\(verdict)")
        #expect(try run.files() == ["report.pdf"])
    }

    /// Errors: exit 2, exactly one line on stderr, nothing on stdout and no output file left behind.
    @Test func errorsExitTwoWithOneLine() throws {
        let run = try InspectorRun()
        let output = run.path("out.json")
        let corrupt = try run.folder.write("corrupt.tar", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        let image = InspectorRun.exampleImage
        let cases: [[String]] = [
            ["-t", "tar", "-i", image, "-o", output, "-bogus"],
            ["-t", "tar", "-i", image, "-o", output, "--fail-on", "high"],
            ["-t", "bogus", "-i", image, "-o", output],
            ["-t", "tar", "-o", output],
            ["-i", image, "-o", output],
            ["-t", "tar", "-i", run.path("missing.tar"), "-o", output],
            ["-t", "tar", "-i", corrupt, "-o", output],
            ["-t", "tar", "-i", image, "-f", "pdf"],
            ["-t", "tar", "-i", image, "-f", "html", "-o", output],
            ["-t", "tar", "-i", image, "-o", output, "-min_severity", "severe"],
            ["-t", "tar", "-i", image, "-o", output, "-min_days_fix", "soon"],
            ["-t", "tar", "-i", image, "-o", output, "-db", run.path("no-such.sqlite")],
            ["-t", "tar", "-i", image, "-o", run.path("no-such-folder/out.json")],
        ]
        for arguments in cases {
            let result = try run.inspector(arguments)
            #expect(result.status == 2, "\(arguments): \(result.error)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.error)")
            #expect(result.error.hasPrefix("scanning-inspector: "), "\(arguments): \(result.error)")
            #expect(result.output.isEmpty, "\(arguments)")
            #expect(try run.files() == ["corrupt.tar"], "\(arguments) left a file behind")
        }
    }

    /// A failed scan leaves an existing report as it was: `-o` is replaced only by a complete report.
    @Test func failedScanKeepsTheExistingReport() throws {
        let run = try InspectorRun()
        let previous = Array("{\"previous\": true}\n".utf8)
        let report = try run.folder.write("report.json", previous)
        let corrupt = try run.folder.write("corrupt.tar", Array(repeating: 0x41, count: 3000))
        let result = try run.inspector(["-t", "tar", "-i", corrupt, "-o", report])
        #expect(result.status == 2, "\(result.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: report)) == Data(previous))
        #expect(try run.files() == ["report.json", "corrupt.tar"])
    }

    /// An image whose Windows cannot be identified (here: a Linux image) exits 2 with one line, and its report
    /// is still written and says why, as `winscan scan` does.
    @Test func unidentifiedWindowsExitsTwo() throws {
        let run = try InspectorRun()
        var fixture = WindowsImageFixture.servercore()
        fixture.os = "linux"
        let archive = try run.folder.write("linux.tar", fixture.dockerArchive())
        let report = run.path("report.json")
        let result = try run.inspector(["-t", "tar", "-i", archive, "-o", report, "-min_severity", "low"])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.errorLines.count == 1, "\(result.error)")
        #expect(result.error.contains("could not identify Windows"), "\(result.error)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let windows = try #require(object["windows"] as? [String: Any])
        #expect(windows["identified"] as? Bool == false)
        #expect((object["findings"] as? [Any])?.isEmpty == true)
    }

    /// `-db PATH` (and `$WINSCAN_DB`) name a real database: no sample warning, the same findings.
    @Test func explicitDatabaseIsNotTheSample() throws {
        let run = try InspectorRun()
        let first = try run.inspector(["-t", "tar", "-i", InspectorRun.exampleImage])
        #expect(first.status == 0, "\(first.error)")
        // The sample the first run built is an ordinary database file: name it explicitly.
        let database = run.path("msrc.sqlite")
        try FileManager.default.copyItem(atPath: run.path("data/winscan/sample-msrc.sqlite"), toPath: database)
        let result = try run.inspector(["-t", "tar", "-i", InspectorRun.exampleImage, "-db", database])
        #expect(result.status == 0, "\(result.error)")
        #expect(!result.error.contains("no vulnerability database"), "\(result.error)")
        #expect(try ReportOutcome(json: Data(result.output.utf8)).findings == InspectorRun.exampleCVEs)
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((object?["database"] as? [String: Any])?["isSample"] as? Bool == false)
        let environment = try run.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["WINSCAN_DB=\(database)", InspectorRun.executable.path, "-t", "tar", "-i", InspectorRun.exampleImage])
        #expect(environment.status == 0, "\(environment.error)")
        #expect(!environment.error.contains("no vulnerability database"), "\(environment.error)")
    }

    /// `-h` and `-help` print the legacy flags on stdout and exit 0.
    @Test(arguments: ["-h", "-help"])
    func help(flag: String) throws {
        let result = try InspectorRun().inspector([flag])
        #expect(result.status == 0, "\(result.error)")
        for name in ["-t", "-image_identifier", "-output_format", "-min_severity", "-min_days_fix", "-fix_available"] {
            #expect(result.output.contains(name), "\(name)")
        }
    }
}
