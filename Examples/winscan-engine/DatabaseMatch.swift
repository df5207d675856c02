import ArgumentParser
import Foundation
import MSRCModel
import VulnDB
import VulnMatch
import WindowsInventory
import WinscanShared

/// `winscan db match --build 10.0.20348.2227 [--installation-type T] [--kb N]... [--dotnet-release N]` (hidden):
/// matches a described (not scanned) Windows against the database and times the matching in-process.
struct DatabaseMatch: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match a described Windows build against the database and time it (a benchmark aid).",
        shouldDisplay: false)

    /// The full build.
    @Option(help: "The full Windows build, e.g. 10.0.20348.2227.")
    var build: String

    /// The installation type.
    @Option(help: "Server Core, Server or Nano Server.")
    var installationType = "Server Core"

    /// Installed KBs.
    @Option(name: .customLong("kb"), help: "An installed KB number (repeatable).")
    var kbs: [String] = []

    /// .NET Framework release.
    @Option(help: "The .NET Framework 4.x Release DWORD, e.g. 528449.")
    var dotnetRelease: Int?

    /// Counts only.
    @Flag(help: "Print the summary and timings only.")
    var count = false

    /// Repetitions.
    @Option(help: "Match this many times and report the fastest too.")
    var `repeat` = 1

    /// The database.
    @OptionGroup var database: DatabasePathOption

    /// Runs the match.
    func run() throws {
        let parts = build.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { throw CommandFailure("--build needs four numbers, e.g. 10.0.20348.2227") }
        let isNano = installationType.lowercased().contains("nano")
        let product = MSRCProduct.forBuild(parts[2], installationType: installationType, isNano: isNano)
        let profile = WindowsProfile(
            major: parts[0], minor: parts[1], build: parts[2], revision: parts[3], installationType: installationType,
            editionID: nil, displayVersion: nil, productName: nil, architecture: "amd64", configOSVersion: nil,
            configDisagreement: nil, isNanoServer: isNano, msrcProduct: product,
            identification: product == nil
                ? .unidentified(reason: "build \(build) is not a known server build") : .identified,
            sourceLayers: [:])
        let packages = kbs.map {
            InstalledPackage.parse(
                name: "Package_for_KB\($0.drop { !$0.isNumber })~31bf3856ad364e35~amd64~~\(parts[2]).1.1.1",
                state: .installed, layer: 0)
        }
        let dotNet = dotnetRelease.map {
            DotNetFramework(
                release: $0, version: DotNetFramework.version(forRelease: $0), fullVersion: nil, layer: 0)
        }
        let inventory = Inventory(
            profile: profile, packages: packages, servicingManifests: [], dotNet: dotNet, dotNetUpdates: [:],
            programs: [], softwareLayers: [0], notes: [])
        let clock = ContinuousClock()
        let matcher = VulnMatcher()
        let result: MatchResult
        var load = Duration.zero
        var fastest = Duration.seconds(3600)
        var first = Duration.zero
        var all: [Duration] = []
        do {
            let opened = try VulnDatabase(contentsOf: database.path)
            let loadStart = clock.now
            let advisories = try product.map { try opened.advisories(affecting: [$0.id]) }
            load = clock.now - loadStart
            var last: MatchResult?
            for index in 0..<max(1, `repeat`) {
                let start = clock.now
                last = matcher.match(inventory, advisories: advisories)
                let elapsed = clock.now - start
                if index == 0 { first = elapsed }
                fastest = min(fastest, elapsed)
                all.append(elapsed)
            }
            guard let last else { return }
            result = last
        } catch {
            throw CommandFailure(String(describing: error))
        }
        if !count {
            for finding in result.findings {
                Output.standard.line(
                    "\(finding.cve)\t\(finding.productID)\t\(finding.severity.rawValue)\t\(finding.status.rawValue)\t"
                        + "\(finding.rule.rawValue)\t\(finding.fix?.name ?? "-")\t\(finding.evidence)")
            }
        }
        if case .unidentified(let reason) = result.outcome { Output.standard.line("unidentified: \(reason)") }
        var byRule: [String: Int] = [:]
        for finding in result.findings {
            byRule[finding.status.rawValue + "/" + finding.rule.rawValue, default: 0] += 1
        }
        Output.standard.line(
            "findings \(result.findings.count) ("
                + byRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ") + "), products \(result.productIDs.joined(separator: ","))")
        if let remediation = result.remediation {
            Output.standard.line(
                "remediation \(remediation.update.name) → \(remediation.update.fixedBuild?.rawValue ?? "-"): closes "
                    + "\(remediation.closes.count), leaves \(remediation.notClosed.count)")
        }
        Output.standard.line(
            "installed \(result.installedUpdate?.name ?? "-") newest \(result.newestUpdate?.name ?? "-") "
                + "(\(result.daysBehindNewestUpdate.map { "\($0) days behind" } ?? "-"))")
        for note in result.notes { Output.standard.line("note: \(note)") }
        Output.standard.line(
            "load \(DatabaseQuery.milliseconds(load)) ms, match \(DatabaseQuery.milliseconds(first)) ms"
                + (`repeat` > 1
                    ? "; fastest of \(`repeat`): \(DatabaseQuery.milliseconds(fastest)) ms, median "
                        + "\(DatabaseQuery.milliseconds(all.sorted()[all.count / 2])) ms" : ""))
    }
}
