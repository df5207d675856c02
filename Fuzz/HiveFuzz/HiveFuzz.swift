// libFuzzer harness for WindowsHive: open + full walk + every value decoded, strict and lenient, and the
// layered merge of the input over itself and over a small valid hive.
//
// Fuzz:   swift build --scratch-path .build-fuzz -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
//             -Xswiftc -DFUZZING --product HiveFuzz
//         SWIFT_BACKTRACE=enable=no .build-fuzz/release/HiveFuzz Fuzz/corpus-hive ../shared/data/hives/...
// Replay: swift run HiveFuzz FILE_OR_DIR...   (runs every file through the same code; used by the tests)
import WindowsHive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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
/// Replays files (or every file under folders) through the harness.
@main
enum HiveFuzzReplay {
    /// Replays the arguments.
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            for file in files(under: argument) {
                guard let bytes = read(file) else { continue }
                exercise(bytes)
                count += 1
            }
        }
        print("replayed \(count) inputs without a crash")
    }

    /// The regular files at or under `path`.
    static func files(under path: String) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        if (info.st_mode & S_IFMT) == S_IFREG { return [path] }
        guard (info.st_mode & S_IFMT) == S_IFDIR, let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            result += files(under: path + "/" + name)
        }
        return result.sorted()
    }

    /// The bytes of `file`.
    static func read(_ file: String) -> [UInt8]? {
        guard let handle = fopen(file, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
#endif
