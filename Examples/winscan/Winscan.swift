import WinscanShared

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `winscan`: the command people type. A small executable that answers `hive dump`, `hive query` and
/// `--version` itself, and hands every other command line, unchanged, to `winscan-engine` beside it.
///
/// Why two executables: the full command set links Foundation, SwiftNIO, libarchive, libxml2 with ICU and SQLite,
/// and loading and relocating those costs several milliseconds before `main` runs — longer than `hivexsh` takes
/// for a whole query. Scripts that call `winscan hive query` once per value should not pay for a scanner they
/// do not use. See README.md in this folder.
@main
enum Winscan {
    /// Runs a fast-path command or replaces this process with `winscan-engine`.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = FastCommand(arguments) else { Engine.replaceProcess(arguments: arguments) }
        do throws(CommandFailure) {
            switch command {
            case .version:
                Output.standard.line(WinscanVersion.line)
            case .dump(let files, let json, let reading):
                try HiveTool.dump(files: files, json: json, reading: reading)
            case .query(let arguments, let json, let reading):
                try HiveTool.query(arguments: arguments, json: json, reading: reading)
            }
            Output.standard.flush()
        } catch {
            Output.standard.flush()
            Output.error("winscan: \(error.message)")
            exit(2)
        }
    }
}

/// A command line the front answers itself. Anything it does not recognise exactly — help, a misspelt or
/// unknown option, a missing argument — is left to `winscan-engine`, whose ArgumentParser commands define the
/// same `hive` commands and so give the same help, completions and usage errors.
enum FastCommand {
    /// `winscan --version`.
    case version
    /// `winscan hive dump FILE... [--json] [--lenient] [--log LOG]...`.
    case dump(files: [String], json: Bool, reading: HiveTool.Reading)
    /// `winscan hive query FILE... PATH [VALUE] [--json] [--lenient] [--log LOG]...`.
    case query(arguments: [String], json: Bool, reading: HiveTool.Reading)

    /// Recognises `arguments` (without the program name), or returns `nil` to leave them to the engine.
    init?(_ arguments: [String]) {
        if arguments == ["--version"] {
            self = .version
            return
        }
        guard arguments.count >= 3, arguments[0] == "hive", ["dump", "query"].contains(arguments[1]) else {
            return nil
        }
        var positional: [String] = []
        var json = false
        var lenient = false
        var logs: [String] = []
        var onlyPositional = false
        var rest = arguments.dropFirst(2)
        while let argument = rest.popFirst() {
            if onlyPositional || !argument.hasPrefix("-") {
                positional.append(argument)
                continue
            }
            switch argument {
            case "--":
                onlyPositional = true
            case "--json":
                guard !json else { return nil }
                json = true
            case "--lenient":
                guard !lenient else { return nil }
                lenient = true
            case "--log":
                guard let value = rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
                logs.append(value)
            default:
                // `--log=FILE`; any other dash-argument (including `-` and `-h`) goes to the engine.
                guard argument.hasPrefix("--log="), argument.count > 6 else { return nil }
                logs.append(String(argument.dropFirst(6)))
            }
        }
        guard !positional.isEmpty else { return nil }
        let reading = HiveTool.Reading(lenient: lenient, logs: logs)
        self =
            arguments[1] == "dump"
            ? .dump(files: positional, json: json, reading: reading)
            : .query(arguments: positional, json: json, reading: reading)
    }
}

/// Finds and executes `winscan-engine`.
enum Engine {
    /// The file name looked for beside the `winscan` executable.
    static let fileName = "winscan-engine"

    /// `WINSCAN_ENGINE` when set (for packages that install the engine elsewhere), else `winscan-engine` in the
    /// directory of this executable; `nil` when that directory cannot be found (never a bare name, which `execv`
    /// would resolve against the working directory).
    static func path() -> String? {
        if let variable = getenv("WINSCAN_ENGINE"), variable.pointee != 0 { return String(cString: variable) }
        guard let executable = executablePath(), let slash = executable.lastIndex(of: "/") else { return nil }
        return String(executable[...slash]) + fileName
    }

    /// The absolute path of the running executable.
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        #if os(Linux)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        #else
        var size = UInt32(buffer.count)
        guard _NSGetExecutablePath(&buffer, &size) == 0 else { return nil }
        let count = buffer.firstIndex(of: 0) ?? buffer.count
        #endif
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Replaces this process with the engine, passing `arguments` unchanged; exits with 2 and one line on
    /// stderr when it cannot.
    static func replaceProcess(arguments: [String]) -> Never {
        guard let engine = path() else {
            Output.error(
                "winscan: cannot find the directory of this executable to run winscan-engine from; set WINSCAN_ENGINE")
            exit(2)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([engine] + arguments).map { strdup($0) }
        argv.append(nil)
        execv(engine, argv)
        let reason = String(cString: strerror(errno))
        Output.error(
            "winscan: cannot run \(engine) (\(reason)); every command but `hive` needs winscan-engine beside winscan "
                + "(build it with: swift build --product winscan-engine) or WINSCAN_ENGINE naming it")
        exit(2)
    }
}
