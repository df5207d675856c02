// libFuzzer harness for MSRCModel: the input decoded as an MSRC document (CVRF XML or JSON, or CSAF, picked
// from the bytes), as CSAF explicitly, and as the `/updates` index; then every query a scanner makes of it.
//
// Fuzz:   swift build --scratch-path .build-fuzz -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
//             -Xswiftc -DFUZZING --product MSRCFuzz
//         SWIFT_BACKTRACE=enable=no .build-fuzz/release/MSRCFuzz Fuzz/corpus-msrc
// Replay: swift run MSRCFuzz FILE_OR_DIR...
import Foundation
import MSRCModel

#if !FUZZING
import FuzzReplay
#endif

/// Runs one input through every decoder; any trap, hang or sanitizer report is a bug.
func exercise(_ bytes: [UInt8]) {
    let data = Data(bytes)
    if let document = try? MSRCDocument(decoding: data) {
        for vulnerability in document.vulnerabilities {
            _ = vulnerability.cveIsWellFormed
            _ = vulnerability.descriptionText
            for product in vulnerability.knownAffectedProductIDs {
                _ = vulnerability.severity(for: product)
                _ = vulnerability.impact(for: product)
            }
            for remediation in vulnerability.remediations {
                _ = remediation.kb
                _ = remediation.isHotpatch
                _ = remediation.supersededKBs
                _ = remediation.fixedBuild?.components
            }
        }
    }
    _ = try? CSAFDecoder().decode(data)
    _ = try? UpdateIndex(decoding: data)
}

#if FUZZING
/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
/// Replays files through the harness.
@main
enum MSRCFuzzReplay {
    /// Replays the arguments.
    static func main() { replay(Array(CommandLine.arguments.dropFirst()), through: exercise) }
}
#endif
