import Foundation
import ImageLayers
import ReportKit
import TestSupport
import Testing
import VulnDB
import WindowsImageScanner

/// Runs a test only where `tools` are installed; under `CI=true` it always runs, so a missing tool fails it.
func requiresTools(_ tools: String...) -> ConditionTrait {
    .enabled(if: Tools.shouldRun(tools), Comment(rawValue: Tools.skipReason(tools)))
}

/// What the scanner tests share: the sample database (built once per test run, in a temporary folder), the
/// example image and what the bundled sample says about it (`Examples/images/README.md`).
enum ScannerFixture {
    /// The example image: Server Core ltsc2022 at 10.0.20348.2227 with an update layer to 2340.
    static func image(update: UInt32 = 2340) -> WindowsImageFixture {
        var fixture = WindowsImageFixture.servercore(base: 2227, update: update)
        fixture.tag = "ltsc2022"
        return fixture
    }

    /// The 9 findings of the example image against the sample: CVE, severity, status and the fixing KB.
    static let expectedFindings: Set<String> = [
        "CVE-2024-38063 critical fixed-not-applied KB5042881",
        "CVE-2024-49112 critical fixed-not-applied KB5048654",
        "CVE-2025-59287 critical fixed-not-applied KB5070884",
        "CVE-2024-38193 high fixed-not-applied KB5041160",
        "CVE-2024-43451 high fixed-not-applied KB5046616",
        "CVE-2025-29824 high fixed-not-applied KB5055526",
        "CVE-2026-20805 high fixed-not-applied KB5073457",
        "CVE-2026-21510 high fixed-not-applied KB5075906",
        "CVE-2013-3900 medium no-fix -",
    ]

    /// A report's findings in the terms of ``expectedFindings``.
    static func findings(_ report: ScanReport) -> Set<String> {
        Set(report.findings.map { "\($0.cve) \($0.severity.rawValue) \($0.status.rawValue) \($0.fix?.kb ?? "-")" })
    }

    /// A fixed scan date, so that reports of different runs compare equal.
    static let now = Date(timeIntervalSince1970: 1_772_000_000)

    /// Options with the fixed date.
    static var options: ScanOptions {
        var options = ScanOptions()
        options.now = now
        return options
    }

    /// The sample database, built once into a temporary folder.
    private static let database = Task { () throws -> VulnDatabase in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winscan-scanner-tests-db")
            .appendingPathComponent(UUID().uuidString)
        return try await SampleDatabase.open(at: folder.appendingPathComponent("sample.sqlite").path)
    }

    /// A scanner on the sample database with `cache`.
    static func scanner(cache: (any LayerCache)? = nil) async throws -> WindowsImageScanner {
        WindowsImageScanner(database: try await database.value, isSampleDatabase: true, cache: cache)
    }

    /// Writes `fixture` as a `docker save` archive into `scratch` and opens it.
    static func dockerArchive(_ fixture: WindowsImageFixture, in scratch: Scratch, name: String = "image.tar") throws
        -> DockerArchiveSource
    {
        try DockerArchiveSource(path: try scratch.write(name, fixture.dockerArchive()))
    }

    /// Writes `fixture` as an OCI layout folder into `scratch` and opens it.
    static func ociLayout(_ fixture: WindowsImageFixture, in scratch: Scratch, name: String = "layout") throws
        -> OCILayoutSource
    {
        try OCILayoutSource.directory(try scratch.writeLayout(fixture.ociLayout(), in: name))
    }
}

/// Every progress event a scan emitted, in order (scans emit from several tasks at once).
final class EventLog: @unchecked Sendable {
    /// Guards `events`.
    private let lock = NSLock()
    /// The events so far.
    private var events: [ScanEvent] = []

    /// Records `event`.
    func record(_ event: ScanEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    /// The events so far.
    var all: [ScanEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}
