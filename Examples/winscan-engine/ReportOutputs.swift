import Foundation
import ReportKit
import WinscanShared

#if canImport(Glibc)
import Glibc
#endif

/// The `--format F`/`--output FILE` pairs of `scan` and `convert`: the i-th format goes to the i-th output; a
/// format without an output goes to standard output (at most one may).
struct ReportOutputs {
    /// Format → file (`nil` = standard output).
    let targets: [(format: ReportFormat, file: String?)]

    /// Pairs `formats` with `outputs`.
    init(formats: [String], outputs: [String]) throws(CommandFailure) {
        var parsed: [ReportFormat] = []
        for name in formats.isEmpty ? ["table"] : formats {
            guard let format = ReportFormat(rawValue: name.lowercased()) else {
                throw CommandFailure(
                    "unknown --format \(name): use one of "
                        + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            parsed.append(format)
        }
        guard outputs.count <= parsed.count else {
            throw CommandFailure(
                "\(outputs.count) --output but \(parsed.count) --format: give a format for each output")
        }
        let targets = parsed.enumerated().map { ($0.element, $0.offset < outputs.count ? outputs[$0.offset] : nil) }
        guard targets.filter({ $0.1 == nil }).count <= 1 else {
            throw CommandFailure("several formats would go to standard output: give each but one an --output FILE")
        }
        self.targets = targets
    }

    /// Renders every format first (so a failing renderer writes nothing), then writes every file to a temporary
    /// beside it, renames them all into place once all are written (so an output that cannot be written leaves no
    /// other behind), and writes standard output last.
    func write(_ report: ScanReport, colourOnTerminal: Bool) throws(CommandFailure) {
        var rendered: [(bytes: [UInt8], file: String?)] = []
        for target in targets {
            let terminal = target.file == nil && isatty(1) == 1
            let options = RenderOptions(
                colour: terminal && colourOnTerminal, width: terminal ? Self.terminalWidth : nil)
            do {
                rendered.append((try target.format.renderer.render(report, options: options), target.file))
            } catch {
                throw CommandFailure("\(target.format.rawValue): \(error.description)")
            }
        }
        var staged: [ReportFile.Staged] = []
        do throws(ReportKitError) {
            for output in rendered {
                guard let file = output.file else { continue }
                staged.append(try ReportFile.stage(output.bytes, for: file))
            }
            for (index, entry) in staged.enumerated() {
                do {
                    try entry.commit()
                } catch {
                    for later in staged[(index + 1)...] { later.discard() }
                    staged = []
                    throw error
                }
            }
        } catch {
            for entry in staged { entry.discard() }
            throw CommandFailure(error.description)
        }
        for output in rendered where output.file == nil {
            Output.standard.bytes(output.bytes)
        }
    }

    /// The terminal's width, when standard output is one.
    static var terminalWidth: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
