import ArgumentParser
import WinscanShared

#if canImport(Glibc)
import Glibc
#endif

/// Reading the common `scan` command lines without ArgumentParser.
///
/// Before it reads an argument, ArgumentParser reflects on every argument definition and on its own completion-script
/// options (`Mirror`, then dozens of protocol-conformance lookups, each a linear pass over the 10,000 conformance
/// records of this static binary): about three fifths of the instructions `winscan-engine scan` ran before the scan
/// itself started. Scripts that scan one image after another pay that every time, so the well-formed command lines
/// they write are read here directly, and everything else — help, `--version`, completions, a misspelt or repeated
/// option, a missing value, `--`, combined short flags — is left to ArgumentParser, whose messages, help and exit
/// statuses stay the only ones.
///
/// Accepted: one `SOURCE` not starting with `-`; the options of ``ScanCommand`` by their long names, with the value
/// as the next argument or after `=`, each single-value option and flag at most once, `--format`, `--output`,
/// `--ignore-file`, `--vex` and `--allow-foreign-host` repeatable; `-q`. No argument or value may be empty or start
/// with `-`. For those, ArgumentParser reads exactly the same values; debug builds check that on every quick read.
extension ScanCommand {
    /// Reads `arguments` (what follows `scan`), or returns nil for anything outside the accepted forms.
    init?(quickParsing arguments: ArraySlice<String>) {
        var source: String?
        var formats: [String] = []
        var outputs: [String] = []
        var ignoreFiles: [String] = []
        var vexFiles: [String] = []
        var allowForeignHost: [String] = []
        var failOn: String?
        var policy: String?
        var databasePath: String?
        var platform: String?
        var username: String?
        var host: String?
        var cacheDir: String?
        var flags: Set<String> = []

        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard !argument.isEmpty else { return nil }
            guard argument.hasPrefix("-") else {
                guard source == nil else { return nil }
                source = argument
                continue
            }
            if argument == "-q" {
                guard flags.insert("quiet").inserted else { return nil }
                continue
            }
            guard argument.hasPrefix("--") else { return nil }
            let body = argument.dropFirst(2)
            let name: Substring
            let attached: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                attached = String(body[body.index(after: equals)...])
            } else {
                name = body
                attached = nil
            }
            switch name {
            case "fail-on-warn", "password-stdin", "plain-http", "no-cache",
                "quiet", "no-progress", "progress", "debug":
                guard attached == nil, flags.insert(String(name)).inserted else { return nil }
                continue
            default:
                break
            }
            // Every other accepted name takes a value.
            let value: String
            if let attached {
                value = attached
            } else {
                guard index < arguments.endIndex else { return nil }
                value = arguments[index]
                index += 1
            }
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            switch name {
            case "format": formats.append(value)
            case "output": outputs.append(value)
            case "ignore-file": ignoreFiles.append(value)
            case "vex": vexFiles.append(value)
            case "allow-foreign-host": allowForeignHost.append(value)
            case "fail-on": guard Self.setOnce(&failOn, value) else { return nil }
            case "policy": guard Self.setOnce(&policy, value) else { return nil }
            case "db": guard Self.setOnce(&databasePath, value) else { return nil }
            case "platform": guard Self.setOnce(&platform, value) else { return nil }
            case "username": guard Self.setOnce(&username, value) else { return nil }
            case "host": guard Self.setOnce(&host, value) else { return nil }
            case "cache-dir": guard Self.setOnce(&cacheDir, value) else { return nil }
            default: return nil
            }
        }
        guard let source else { return nil }

        // Every property is set, as ArgumentParser's decoding sets them: a property left unset would trap when read.
        self.init()
        self.source = source
        self.formats = formats
        self.outputs = outputs
        self.failOn = failOn
        self.failOnWarn = flags.contains("fail-on-warn")
        self.policy = policy
        self.ignoreFiles = ignoreFiles
        self.vexFiles = vexFiles
        self.databasePath = databasePath
        self.platform = platform ?? "windows/amd64"
        self.username = username
        self.passwordStdin = flags.contains("password-stdin")
        self.plainHTTP = flags.contains("plain-http")
        self.allowForeignHost = allowForeignHost
        self.host = host
        self.cacheDir = cacheDir
        self.noCache = flags.contains("no-cache")
        self.quiet = flags.contains("quiet")
        self.noProgress = flags.contains("no-progress")
        self.progress = flags.contains("progress")
        self.debug = flags.contains("debug")
    }

    /// Stores `value` in `slot` unless it already holds one (a repeated single-value option is left to
    /// ArgumentParser).
    private static func setOnce(_ slot: inout String?, _ value: String) -> Bool {
        guard slot == nil else { return false }
        slot = value
        return true
    }

    #if DEBUG
    /// Debug builds only: exits with status 70 and one line on stderr unless ArgumentParser reads `scan` followed by
    /// `arguments` into this very command, property by property (a new option of ``ScanCommand`` that the quick
    /// parser does not know yet shows up here on the first scan a test runs).
    func checkAgainstArgumentParser(_ arguments: ArraySlice<String>) {
        let reference: String
        do {
            let command = try Winscan.parseAsRoot(["scan"] + arguments)
            reference = (command as? ScanCommand).map(Self.fields) ?? "\(type(of: command))"
        } catch {
            reference = "error: \(Winscan.message(for: error))"
        }
        let quick = Self.fields(self)
        guard quick == reference else {
            Output.error(
                "winscan: internal error: the quick scan parser read \(Array(arguments)) as \(quick), "
                    + "ArgumentParser as \(reference)")
            Output.standard.flush()
            Glibc.exit(70)
        }
    }

    /// Every stored property with its value, as ArgumentParser's property wrappers describe them.
    private static func fields(_ command: ScanCommand) -> String {
        Mirror(reflecting: command).children.map { "\($0.label ?? "?")=\($0.value)" }.joined(separator: " ")
    }
    #endif
}
