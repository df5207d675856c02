import Foundation
import ReportKit

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

    /// Renders every format first (so a failing renderer writes nothing), then writes each file atomically and
    /// standard output last.
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
        for output in rendered {
            if let file = output.file {
                try Self.writeAtomically(output.bytes, to: file)
            } else {
                Output.standard.bytes(output.bytes)
            }
        }
    }

    /// Writes `bytes` to `path` (atomically for a regular file; in place for `/dev/null` and other devices).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
        do {
            try ReportFile.write(bytes, to: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The terminal's width, when standard output is one.
    static var terminalWidth: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
