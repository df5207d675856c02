// libFuzzer harness for PolicyKit's readers: the input read as a YAML policy, a JSON policy, an OpenVEX
// document and an ignore file (each must answer with a value or a PolicyError, never trap or hang).
//
// Fuzz:   swift build --scratch-path .build-fuzz -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
//             -Xswiftc -DFUZZING --product PolicyFuzz
//         SWIFT_BACKTRACE=enable=no .build-fuzz/release/PolicyFuzz Fuzz/corpus-policy
// Replay: swift run PolicyFuzz FILE_OR_DIR...
import PolicyKit

#if !FUZZING
import FuzzReplay
#endif

/// Runs one input through every reader; any trap, hang or sanitizer report is a bug.
func exercise(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? Policy(yaml: text, source: "fuzz.yaml")
    _ = try? Policy(json: text, source: "fuzz.json")
    if let vex = try? OpenVEXDocument(json: text, source: "fuzz.vex.json") { _ = vex.suppressions }
    _ = try? IgnoreFile(text: text, source: ".winscanignore")
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
enum PolicyFuzzReplay {
    /// Replays the arguments.
    static func main() { replay(Array(CommandLine.arguments.dropFirst()), through: exercise) }
}
#endif
