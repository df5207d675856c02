public import WindowsHive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The work of `winscan hive dump` and `winscan hive query`, without argument parsing.
///
/// Both executables call it: the lean `winscan` front with arguments it split itself, and `winscan-engine`'s
/// ArgumentParser commands (which also give the help, the completions and every usage error). Output goes to
/// ``Output/standard``; failures are ``CommandFailure``s.
public enum HiveTool {
    /// How to open the hives.
    public struct Reading: Sendable {
        /// Skip damaged subtrees and values instead of failing.
        public var lenient: Bool
        /// Transaction logs (.LOG1/.LOG2) of the first (base) hive.
        public var logs: [String]

        /// Options for opening hives.
        public init(lenient: Bool = false, logs: [String] = []) {
            self.lenient = lenient
            self.logs = logs
        }

        /// Opens the hives, base first.
        public func open(_ files: [String]) throws(CommandFailure) -> [Hive] {
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

    /// `hive dump FILE...`: every key and value, depth first (the merged view when several files are given).
    public static func dump(files: [String], json: Bool, reading: Reading) throws(CommandFailure) {
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
                    try emit(path: "\\" + path.joined(separator: "\\"), values: Array(values), json: json)
                }
                damage += report.damage.count
            } else {
                try LayeredHive(base: hives[0], deltas: Array(hives.dropFirst())).walk { key, path, _ in
                    try emit(path: path, values: key.values(), json: json)
                }
            }
        } catch {
            throw failure(error)
        }
        if damage > 0 {
            Output.standard.flush()
            Output.error("winscan: warning: skipped \(damage) damaged part(s) of the hive (--lenient)")
        }
    }

    /// `error` as the one line the CLI prints: a hive error's description, a failure as it is.
    private static func failure(_ error: any Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure: failure
        case let error as HiveError: CommandFailure(error.description)
        default: CommandFailure("\(error)")
        }
    }

    /// Prints one key of a dump.
    private static func emit(path: String, values: [HiveValue], json: Bool) throws {
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

    /// Splits `hive query` arguments: the leading regular files, then the key path, then an optional value name.
    public static func splitQuery(_ arguments: [String]) throws(CommandFailure) -> (
        files: [String], path: String, value: String?
    ) {
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

    /// `hive query FILE... PATH [VALUE]`: one key (its subkeys and values), or one value's data.
    public static func query(arguments: [String], json: Bool, reading: Reading) throws(CommandFailure) {
        let (files, path, valueName) = try splitQuery(arguments)
        let hives = try reading.open(files)
        do {
            let values: [HiveValue]
            let subkeys: [String]
            if hives.count == 1, let hive = hives.first {
                guard let key = try hive.key(at: path) else { throw CommandFailure("key not found: \(path)") }
                if let valueName {
                    return try printValue(key.value(named: valueName), named: valueName, path: path, json: json)
                }
                values = Array(try key.values())
                subkeys = try key.subkeys().map(\.name)
            } else {
                let stack = LayeredHive(base: hives[0], deltas: Array(hives.dropFirst()))
                guard let key = try stack.key(at: path) else { throw CommandFailure("key not found: \(path)") }
                if let valueName {
                    return try printValue(key.value(named: valueName), named: valueName, path: path, json: json)
                }
                values = try key.values()
                subkeys = try key.subkeys().map(\.name)
            }
            try printKey(path: path, subkeys: subkeys, values: values, json: json)
        } catch {
            throw failure(error)
        }
    }

    /// Prints a key's subkeys and values.
    private static func printKey(path: String, subkeys: [String], values: [HiveValue], json: Bool) throws {
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
    private static func printValue(_ value: HiveValue?, named name: String, path: String, json: Bool) throws {
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
