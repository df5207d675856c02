// A plain executable that renders one saved JSON report over and over, for timing and for profilers (perf,
// valgrind --tool=callgrind). It decodes the report once (`ScanReport.decode`), then runs one workload N times.
//
// Usage: ReportProfile WORKLOAD REPORT [ITERATIONS] [STAGE-PATH]
//   WORKLOAD: render | render-legacy | stage | stage-legacy | compare.
//   render and render-legacy render the report with `JSONRenderer` or with the writer as it was before the
//   json-speed work (LegacyReportJSONWriter.swift); stage and stage-legacy write the rendered bytes to a
//   temporary beside STAGE-PATH (default /tmp/report-profile.json) and remove it; compare runs each of the four
//   N times, alternating, checks that both writers give the same bytes, and prints the medians and the ratios.
// Every workload prints a checksum of the bytes it wrote, so nothing is optimized away.

import BenchSupport
import Foundation
import ReportKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct ReportProfile {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3 else {
            print("usage: ReportProfile render|render-legacy|stage|stage-legacy|compare REPORT [N] [STAGE-PATH]")
            exit(2)
        }
        let (workload, path) = (arguments[1], arguments[2])
        let iterations = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
        let stagePath = arguments.count > 4 ? arguments[4] : "/tmp/report-profile.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            print("cannot read \(path)")
            exit(1)
        }
        let report = try ScanReport.decode(from: [UInt8](data), path: path)
        let renderer = JSONRenderer()
        let options = RenderOptions()
        let rendered = try renderer.render(report, options: options)
        var sum: UInt64 = 0
        switch workload {
        case "render":
            for _ in 0..<iterations { sum &+= fold(try renderer.render(report, options: options)) }
        case "render-legacy":
            for _ in 0..<iterations { sum &+= fold(try LegacyReportJSONWriter.render(report)) }
        case "stage":
            for _ in 0..<iterations {
                let staged = try ReportFile.stage(rendered, for: stagePath)
                staged.discard()
            }
            sum = fold(rendered)
        case "stage-legacy":
            for _ in 0..<iterations {
                let temporary = try LegacyReportFile.stage(rendered, for: stagePath)
                unlink(temporary)
            }
            sum = fold(rendered)
        case "compare":
            sum = try compare(report, rendered: rendered, iterations: iterations, stagePath: stagePath)
        default:
            print("unknown workload \(workload)")
            exit(2)
        }
        print("\(report.findings.count) findings, \(rendered.count) bytes, checksum \(String(sum, radix: 16))")
    }

    /// The checksum of `bytes`; a function of its own, as Swift 6.3.1's optimizer crashes on
    /// `checksum(try f().span.bytes)`.
    @inline(never)
    static func fold(_ bytes: [UInt8]) -> UInt64 {
        checksum(bytes.span.bytes)
    }

    /// Times the four workloads in turn, `iterations` rounds, and prints each one's median and the ratios.
    static func compare(_ report: ScanReport, rendered: [UInt8], iterations: Int, stagePath: String) throws -> UInt64 {
        let legacy = try LegacyReportJSONWriter.render(report)
        guard legacy == rendered else {
            let index =
                zip(legacy, rendered).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(legacy.count, rendered.count)
            print("DIFFERENT BYTES: legacy \(legacy.count), current \(rendered.count), first difference at \(index)")
            exit(1)
        }
        let renderer = JSONRenderer()
        let clock = ContinuousClock()
        var times: [String: [Duration]] = [:]
        var sum: UInt64 = 0
        for _ in 0..<max(iterations, 1) {
            var start = clock.now
            sum &+= fold(try LegacyReportJSONWriter.render(report))
            times["render-legacy", default: []].append(clock.now - start)
            start = clock.now
            sum &+= fold(try renderer.render(report, options: RenderOptions()))
            times["render", default: []].append(clock.now - start)
            start = clock.now
            unlink(try LegacyReportFile.stage(rendered, for: stagePath))
            times["stage-legacy", default: []].append(clock.now - start)
            start = clock.now
            try ReportFile.stage(rendered, for: stagePath).discard()
            times["stage", default: []].append(clock.now - start)
        }
        func median(_ name: String) -> Double {
            let sorted = (times[name] ?? []).sorted()
            guard !sorted.isEmpty else { return 0 }
            let middle = sorted[sorted.count / 2]
            return Double(middle.components.seconds) * 1e3 + Double(middle.components.attoseconds) * 1e-15
        }
        for (old, new) in [("render-legacy", "render"), ("stage-legacy", "stage")] {
            let (before, after) = (median(old), median(new))
            let line = String(format: "%@: %.3f ms → %.3f ms (%.2f× faster)", new, before, after, before / after)
            print(line + " (medians of \(iterations))")
        }
        return sum
    }
}
