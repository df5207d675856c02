/// Where the database lives when no path is given: `$WINSCAN_DB`, else `$XDG_DATA_HOME/winscan/msrc.sqlite`,
/// else `~/.local/share/winscan/msrc.sqlite` (the XDG Base Directory default).
public enum DatabaseLocation {
    /// The database file name inside the data folder.
    public static let fileName = "msrc.sqlite"

    /// The path to use: `explicit` when given, else from `environment` (`WINSCAN_DB`, `XDG_DATA_HOME`, `HOME`).
    public static func resolve(explicit: String? = nil, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment["WINSCAN_DB"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return trimmed(data) + "/winscan/" + fileName
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return trimmed(home) + "/.local/share/winscan/" + fileName
    }

    /// `path` without trailing slashes (but `/` stays).
    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path == "/" ? "" : path
    }
}
