import ArgumentParser
import WindowsHive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `winscan hive`: read registry hive files, alone or stacked (a base hive, then differencing hives).
struct HiveCommand: ParsableCommand {
    /// The subcommands.
    static let configuration = CommandConfiguration(
        commandName: "hive",
        abstract: "Read registry hives: one file, or a base hive followed by differencing hives applied in order.",
        subcommands: [HiveDump.self, HiveQuery.self]
    )
}

/// Options shared by the hive subcommands.
struct HiveReadingOptions: ParsableArguments {
    /// Skip damaged parts instead of failing.
    @Flag(name: .long, help: "Skip damaged subtrees and values (reported on stderr) instead of failing.")
    var lenient = false

    /// Transaction logs of the first (base) hive.
    @Option(name: .customLong("log"), help: "A transaction log (.LOG1/.LOG2) of the first hive; repeatable.")
    var logs: [String] = []

    /// Opens the hives, base first.
    func open(_ files: [String]) throws -> [Hive] {
        let options: Hive.Options = lenient ? .lenient : .strict
        var hives: [Hive] = []
        for (index, file) in files.enumerated() {
            do {
                hives.append(try Hive(contentsOf: file, logPaths: index == 0 ? logs : [], options: options))
            } catch {
                throw CommandFailure(error.description)
            }
        }
        return hives
    }
}

/// `winscan hive dump FILE... [--json]`: every key and value, depth first.
struct HiveDump: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every key and value, depth first (the merged view when several files are given).",
        discussion: """
            With --json, one object per line: {"path":"\\\\Sub\\\\Key","values":[{"name":"","type":1,"data":"<hex>"}]}
            """
    )

    /// The hive files.
    @Argument(help: "The hive file, or a base hive followed by differencing hives (oldest first).")
    var files: [String]

    /// One JSON object per key.
    @Flag(name: .long, help: "Print one JSON object per key.")
    var json = false

    /// Shared options.
    @OptionGroup var reading: HiveReadingOptions

    /// Runs the dump.
    func run() throws {
        let hives = try reading.open(files)
        var damage = 0
        do {
            if hives.count == 1, let hive = hives.first {
                var path: [String] = []
                let report = try hive.walk { key, depth in
                    if depth > 0 {
                        path.removeLast(path.count - (depth - 1))
                        path.append(key.name)
                    }
                    let values = try key.values()
                    damage += values.damage.count
                    try emit(path: "\\" + path.joined(separator: "\\"), values: Array(values))
                }
                damage += report.damage.count
            } else {
                try LayeredHive(base: hives[0], deltas: Array(hives.dropFirst())).walk { key, path, _ in
                    try emit(path: path, values: key.values())
                }
            }
        } catch let error as HiveError {
            throw CommandFailure(error.description)
        }
        if damage > 0 {
            Output.standard.flush()
            Output.error("winscan: warning: skipped \(damage) damaged part(s) of the hive (--lenient)")
        }
    }

    /// Prints one key.
    private func emit(path: String, values: [HiveValue]) throws {
        if json {
            var line = "{\"path\":" + JSONText.quoted(path) + ",\"values\":["
            for (index, value) in values.enumerated() {
                if index > 0 { line += "," }
                line += "{\"name\":" + JSONText.quoted(value.name) + ",\"type\":\(value.type.rawValue),\"data\":\""
                line += JSONText.hex(try value.data()) + "\"}"
            }
            Output.standard.line(line + "]}")
        } else {
            Output.standard.line("[" + path + "]")
            for value in values {
                Output.standard.line("  " + ValueText.describe(value))
            }
        }
    }
}

/// `winscan hive query FILE... PATH [VALUE]`: one key, or one value of it.
struct HiveQuery: ParsableCommand {
    /// The command's help.
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Print one key (its subkeys and values) or one value's data.",
        discussion: "Arguments are the hive files (base first), then the key path, then optionally a value name."
    )

    /// Files, then the key path, then an optional value name.
    @Argument(help: "FILE... 'Path\\To\\Key' [VALUE]")
    var arguments: [String]

    /// JSON output.
    @Flag(name: .long, help: "Print JSON.")
    var json = false

    /// Shared options.
    @OptionGroup var reading: HiveReadingOptions

    /// Splits the arguments: leading existing files, then the path, then the optional value name.
    func split() throws -> (files: [String], path: String, value: String?) {
        var files: [String] = []
        for argument in arguments {
            var info = stat()
            guard files.count < arguments.count - 1, stat(argument, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG
            else { break }
            files.append(argument)
        }
        let rest = arguments.dropFirst(files.count)
        guard !files.isEmpty else {
            throw CommandFailure("no readable hive file among the arguments (usage: hive query FILE... PATH [VALUE])")
        }
        guard (1...2).contains(rest.count), let path = rest.first else {
            throw CommandFailure("expected a key path and at most one value name after the hive files")
        }
        return (files, path, rest.count == 2 ? rest.last : nil)
    }

    /// Runs the query.
    func run() throws {
        let (files, path, valueName) = try split()
        let hives = try reading.open(files)
        do {
            let values: [HiveValue]
            let subkeys: [String]
            if hives.count == 1, let hive = hives.first {
                guard let key = try hive.key(at: path) else { throw CommandFailure("key not found: \(path)") }
                if let valueName {
                    return try print(value: key.value(named: valueName), named: valueName, path: path)
                }
                values = Array(try key.values())
                subkeys = try key.subkeys().map(\.name)
            } else {
                let stack = LayeredHive(base: hives[0], deltas: Array(hives.dropFirst()))
                guard let key = try stack.key(at: path) else { throw CommandFailure("key not found: \(path)") }
                if let valueName {
                    return try print(value: key.value(named: valueName), named: valueName, path: path)
                }
                values = try key.values()
                subkeys = try key.subkeys().map(\.name)
            }
            try printKey(path: path, subkeys: subkeys, values: values)
        } catch let error as HiveError {
            throw CommandFailure(error.description)
        }
    }

    /// Prints a key's subkeys and values.
    private func printKey(path: String, subkeys: [String], values: [HiveValue]) throws {
        if json {
            let names = subkeys.map(JSONText.quoted).joined(separator: ",")
            var items: [String] = []
            for value in values { items.append(try ValueText.json(value)) }
            Output.standard.line(
                "{\"path\":" + JSONText.quoted(path) + ",\"subkeys\":[" + names + "],\"values\":["
                    + items.joined(separator: ",") + "]}")
            return
        }
        Output.standard.line(path)
        for name in subkeys { Output.standard.line("  [" + name + "]") }
        for value in values { Output.standard.line("  " + ValueText.describe(value)) }
    }

    /// Prints one value's data.
    private func print(value: HiveValue?, named name: String, path: String) throws {
        guard let value else { throw CommandFailure("value not found: \(path) \(name)") }
        if json {
            Output.standard.line(try ValueText.json(value))
        } else {
            Output.standard.line(ValueText.plain(value))
        }
    }
}

/// Renders values for people.
enum ValueText {
    /// `Name (REG_SZ) = text`, decoding what the type says and falling back to hex.
    static func describe(_ value: HiveValue) -> String {
        let name = value.name.isEmpty ? "(default)" : value.name
        return "\(name) (\(value.type)) = \(plain(value))"
    }

    /// The data alone: text for strings, decimal for numbers, hex otherwise.
    static func plain(_ value: HiveValue) -> String {
        do {
            switch value.type {
            case .string, .expandString, .link: return try value.string()
            case .multiString: return try value.strings().joined(separator: "\n")
            case .dword, .dwordBigEndian: return String(try value.uint32())
            case .qword: return String(try value.uint64())
            default: return JSONText.hex(try value.data())
            }
        } catch {
            return "<unreadable: \(error.description)>"
        }
    }

    /// `{"name":…,"type":N,"data":"<hex>"}`.
    static func json(_ value: HiveValue) throws -> String {
        "{\"name\":" + JSONText.quoted(value.name) + ",\"type\":\(value.type.rawValue),\"data\":\""
            + JSONText.hex(try value.data()) + "\"}"
    }
}
