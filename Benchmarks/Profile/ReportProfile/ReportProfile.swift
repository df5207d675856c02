// A plain executable that renders one saved JSON report over and over, for timing and for profilers (perf,
// valgrind --tool=callgrind). It decodes the report once (`ScanReport.decode`), then runs one workload N times.
//
// Usage: ReportProfile WORKLOAD REPORT [ITERATIONS] [STAGE-PATH]
//   WORKLOAD: render | stage | time.
//   render renders the report with `JSONRenderer`; stage writes the rendered bytes to a temporary beside
//   STAGE-PATH (default /tmp/report-profile.json) with `ReportFile.stage` and removes it; time runs both N times,
//   alternating, and prints their medians.
// Every workload prints a checksum of the bytes it wrote, so nothing is optimized away.
//
// The json-speed work (docs/performance.md) compared these against the writer and stage as they were before, in
// the same run; that copy of the old code lives in git history (commit da7f0bc,
// Benchmarks/Profile/ReportProfile/Legacy*.swift), not here.

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
            print("usage: ReportProfile render|stage|time REPORT [N] [STAGE-PATH]")
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
        case "stage":
            for _ in 0..<iterations { try ReportFile.stage(rendered, for: stagePath).discard() }
            sum = fold(rendered)
        case "time":
            sum = try time(report, rendered: rendered, iterations: iterations, stagePath: stagePath)
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

    /// Times rendering and staging in turn, `iterations` rounds, and prints each one's median.
    static func time(_ report: ScanReport, rendered: [UInt8], iterations: Int, stagePath: String) throws -> UInt64 {
        let renderer = JSONRenderer()
        let clock = ContinuousClock()
        var renders: [Duration] = []
        var stages: [Duration] = []
        var sum: UInt64 = 0
        for _ in 0..<max(iterations, 1) {
            var start = clock.now
            sum &+= fold(try renderer.render(report, options: RenderOptions()))
            renders.append(clock.now - start)
            start = clock.now
            try ReportFile.stage(rendered, for: stagePath).discard()
            stages.append(clock.now - start)
        }
        func median(_ times: [Duration]) -> Double {
            let middle = times.sorted()[times.count / 2]
            return Double(middle.components.seconds) * 1e3 + Double(middle.components.attoseconds) * 1e-15
        }
        print(
            String(
                format: "render: %.3f ms, stage: %.3f ms (medians of %d)", median(renders), median(stages),
                renders.count))
        return sum
    }
}
