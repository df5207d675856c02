import Foundation

/// Runs a program to completion and captures what it prints (for tests that drive CLIs and anchor tools).
public enum ChildProcess {
    /// What one run did.
    public struct Result: Sendable {
        /// The exit status (the signal number for a process killed by a signal).
        public let status: Int32
        /// Standard output.
        public let output: String
        /// Standard error.
        public let error: String

        /// Standard error's non-empty lines.
        public var errorLines: [Substring] { error.split(separator: "\n") }
    }

    /// Runs `executable` with `arguments`; both output streams are drained concurrently, so a child that
    /// fills one pipe while the other is being read cannot deadlock.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorData = ErrorBox()
        let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// The standard error bytes, handed from the reading thread.
    private final class ErrorBox: @unchecked Sendable {
        /// Guards `data`.
        private let condition = NSCondition()
        /// The bytes, once read.
        private var data: Data?

        /// Stores the bytes.
        func set(_ value: Data) {
            condition.lock()
            data = value
            condition.signal()
            condition.unlock()
        }

        /// Waits for the bytes.
        func wait() -> Data {
            condition.lock()
            defer { condition.unlock() }
            while data == nil { condition.wait() }
            return data ?? Data()
        }
    }
}
