// The replay side of every fuzz harness: runs files (or every file under folders) through a harness's
// `exercise` function, so that inputs that once crashed or hung stay fixed (`.ci/run` replays them).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the files named by `arguments` (files or folders, recursively) through `exercise` and prints a count.
public func replay(_ arguments: [String], through exercise: ([UInt8]) -> Void) {
    var count = 0
    for argument in arguments {
        for file in files(under: argument) {
            guard let bytes = read(file) else { continue }
            exercise(bytes)
            count += 1
        }
    }
    print("replayed \(count) inputs without a crash")
}

/// The regular files at or under `path`, sorted.
func files(under path: String) -> [String] {
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
func read(_ file: String) -> [UInt8]? {
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
