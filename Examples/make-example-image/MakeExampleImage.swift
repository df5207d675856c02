// Writes the example material the quick start reads, built only by the project's own writers: a small
// Server Core ltsc2022-shaped image as a docker-archive (a base layer with the full hives at build
// 10.0.20348.2227, January 2024, and an update layer whose Software_Delta moves it to revision 2340, March
// 2024, as Microsoft's two-layer servercore image does), and those two hives as files. The committed copy
// is Examples/images/servercore-sample.tar (`make-example-image Examples/images`); its expected findings
// against the bundled sample database are in Examples/images/README.md.
//
// Usage: make-example-image OUTPUT_DIR
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The example generator.
@main
enum MakeExampleImage {
    /// Writes the files into the folder given as the only argument.
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count == 1, let folder = arguments.first else {
            printError("usage: make-example-image OUTPUT_DIR")
            exit(2)
        }
        mkdir(folder, 0o755)
        do {
            try write(ExampleHives.baseSoftware(ubr: 2227).build().bytes, to: folder + "/SOFTWARE")
            try write(ExampleHives.updateDelta(from: 2227, to: 2340).build().bytes, to: folder + "/Software_Delta")
            var image = WindowsImageFixture.servercore(base: 2227, update: 2340)
            image.tag = "winscan/servercore-sample:ltsc2022"
            try write(image.dockerArchive(), to: folder + "/servercore-sample.tar")
        } catch {
            printError("make-example-image: \(error)")
            exit(2)
        }
        print(
            "wrote \(folder)/servercore-sample.tar (a docker-archive: base layer + update layer), and its hives "
                + "\(folder)/SOFTWARE and \(folder)/Software_Delta")
    }

    /// Writes `bytes` to `path` through a temporary file renamed into place.
    static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let temporary = path + ".partial"
        guard let handle = fopen(temporary, "wb") else { throw WriteError(path: path) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard fclose(handle) == 0, written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw WriteError(path: path)
        }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// A file could not be written.
struct WriteError: Error, CustomStringConvertible {
    /// The file.
    let path: String
    /// One line for the user.
    var description: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
}
