import ArgumentParser
import WinscanShared

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

    /// The options as the shared hive tool takes them.
    var reading: HiveTool.Reading { HiveTool.Reading(lenient: lenient, logs: logs) }
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
        try HiveTool.dump(files: files, json: json, reading: reading.reading)
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

    /// Runs the query.
    func run() throws {
        try HiveTool.query(arguments: arguments, json: json, reading: reading.reading)
    }
}
