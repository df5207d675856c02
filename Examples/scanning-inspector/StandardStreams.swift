#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writing to standard output (a rendered report) and one-line messages on standard error.
enum StandardStreams {
    /// Writes all of `bytes` to standard output, retrying short writes.
    static func output(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = write(1, raw.baseAddress.map { $0 + written }, raw.count - written)
                if result < 0 && errno == EINTR { continue }
                if result <= 0 { break }
                written += result
            }
        }
    }

    /// Prints the first line of `text` on standard error: every message is exactly one line.
    static func error(_ text: String) {
        let first = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        let line = Array(first.utf8) + [0x0A]
        line.withUnsafeBytes { raw in _ = write(2, raw.baseAddress, raw.count) }
    }

    /// Ends the process with `status`.
    static func terminate(_ status: Int32) -> Never {
        exit(status)
    }
}
