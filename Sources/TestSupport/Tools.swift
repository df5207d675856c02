import Foundation

/// The external programs the network tests start: found on `PATH` (and the usual system folders).
public enum Tools {
    /// Whether this is the CI run (`CI=true`), where a missing tool fails the tests instead of skipping them.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The full path of `name`, if it is installed.
    public static func path(_ name: String) -> String? {
        let folders =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The Python interpreter for the helper servers (standard library only): Debian's, else the first on `PATH`.
    public static var python: String? {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : path("python3")
    }

    /// Whether every tool is installed.
    public static func available(_ names: [String]) -> Bool {
        names.allSatisfy { $0 == "python3" ? python != nil : path($0) != nil }
    }

    /// The path of `name`, or an error naming the package to install (a test failure where it is thrown).
    public static func require(_ name: String) throws(ServerError) -> String {
        guard let found = name == "python3" ? python : path(name) else {
            throw ServerError(description: "\(name) is not installed (see the packages line of .ci/run)")
        }
        return found
    }

    /// Whether a test needing `names` runs: always under `CI=true` (a missing tool then fails it), else only
    /// where every tool is installed. Each test target wraps this in its `requiresTools` trait.
    public static func shouldRun(_ names: [String]) -> Bool { isCI || available(names) }

    /// Why a test needing `names` was skipped.
    public static func skipReason(_ names: [String]) -> String {
        "needs \(names.joined(separator: ", ")) (Debian packages in .ci/run); with CI=true a missing tool fails"
    }

    /// A helper script of `scripts/test-servers` (this file is `Sources/TestSupport/Tools.swift`).
    public static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/test-servers/" + name).path
    }
}
