import ArgumentParser
import Foundation
import ReportKit
import WinscanShared

/// `winscan convert REPORT.json --format F [--output FILE]...`: render a saved JSON report in other formats.
struct ConvertCommand: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Render a saved JSON report (winscan scan --format json) in other formats.")

    /// The saved report.
    @Argument(help: "A report written by `winscan scan --format json`.")
    var report: String

    /// Formats.
    @Option(name: .customLong("format"), help: ArgumentHelp("Output format (repeatable).", valueName: "FORMAT"))
    var formats: [String] = []

    /// Outputs.
    @Option(name: .customLong("output"), help: ArgumentHelp("Where the matching --format goes.", valueName: "FILE"))
    var outputs: [String] = []

    /// Converts.
    func run() throws {
        let targets = try ReportOutputs(formats: formats, outputs: outputs)
        guard let data = FileManager.default.contents(atPath: report) else {
            throw CommandFailure("\(report): cannot read the report")
        }
        let decoded: ScanReport
        do {
            decoded = try ScanReport.decode(from: [UInt8](data), path: report)
        } catch {
            throw CommandFailure(error.description)
        }
        try targets.write(decoded, colourOnTerminal: true)
    }
}
