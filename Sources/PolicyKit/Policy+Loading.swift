import Foundation

extension Policy {
    /// Reads a policy file, YAML or JSON (JSON is YAML), in the format of `docs/policy.md`. Errors cite `path`
    /// as given, with the line.
    public static func load(contentsOf path: String) throws(PolicyError) -> Policy {
        try Policy(yaml: readText(path), source: path)
    }

    /// Reads a policy from YAML text; `source` names it in errors (`policy.yaml:7: …`).
    public init(yaml: String, source: String? = nil) throws(PolicyError) {
        self = try PolicyParser(file: source).policy(from: yaml)
    }

    /// Reads a policy from JSON text, by the same rules as YAML (JSON is YAML); `source` names it in errors.
    public init(json: String, source: String? = nil) throws(PolicyError) {
        try self.init(yaml: json, source: source)
    }

    /// The UTF-8 text of the file at `path`.
    static func readText(_ path: String) throws(PolicyError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyError(.unreadable, "cannot read the file (\(error.localizedDescription))", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(.unreadable, "not UTF-8 text", file: path)
        }
        return text
    }
}
