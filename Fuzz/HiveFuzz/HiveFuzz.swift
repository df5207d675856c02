// libFuzzer harness for WindowsHive: open + full walk + every value decoded, strict and lenient, and the
// layered merge of the input over itself and over a small valid hive.
//
// Fuzz:   swift build --scratch-path .build-fuzz -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
//             -Xswiftc -DFUZZING --product HiveFuzz
//         SWIFT_BACKTRACE=enable=no .build-fuzz/release/HiveFuzz Fuzz/corpus-hive ../shared/data/hives/...
// Replay: swift run HiveFuzz FILE_OR_DIR...   (runs every file through the same code; used by the tests)
import WindowsHive

#if !FUZZING
import FuzzReplay
#endif

/// Runs one input through every reading path; any trap, hang or sanitizer report is a bug.
func exercise(_ bytes: [UInt8]) {
    for options in [Hive.Options.strict, .lenient] {
        guard let hive = try? Hive(bytes: bytes, options: options) else { continue }
        _ = try? hive.walk { key, _ in
            _ = key.name
            _ = key.layerSemantics
            _ = try? key.className()
            _ = try? key.securityDescriptor()
            _ = try? key.path()
            _ = try? key.subkey(named: "Microsoft")
            guard let values = try? key.values() else { return }
            for value in values {
                _ = value.name
                _ = try? value.data()
                _ = try? value.string()
                _ = try? value.strings()
                _ = try? value.uint32()
                _ = try? value.uint64()
            }
        }
        _ = try? hive.key(at: #"Microsoft\Windows NT\CurrentVersion"#)
        let layered = LayeredHive(base: hive, deltas: [hive])
        _ = try? layered.walk { key, _, _ in
            _ = try? key.className()
            for value in (try? key.values()) ?? [] { _ = try? value.data() }
        }
    }
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
enum HiveFuzzReplay {
    /// Replays the arguments.
    static func main() { replay(Array(CommandLine.arguments.dropFirst()), through: exercise) }
}
#endif
