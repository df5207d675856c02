/// An error met while reading a policy, an OpenVEX document or an ignore file, or while building a policy in
/// code, with where it happened: the file and the line.
///
/// ``description`` is always one line, `file:line: message`, ready for stderr:
/// `policy.yaml:7: unknown key "min_severty" in rule "block-high" (did you mean "min-severity"? …)`.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file cannot be read, or is not UTF-8 text.
        case unreadable
        /// The text is not well-formed YAML or JSON.
        case syntax
        /// A key the format does not define (keys are kebab-case; nothing else is accepted).
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// A value has the wrong type (a string where a number or `true`/`false` is expected, a list…).
        case wrongType
        /// A value has the right type but is not allowed (an unknown severity or action, a bad date or ID).
        case invalidValue
        /// A name that must be unique is not (two rules with the same name).
        case duplicate
        /// A rule has no condition, or mixes image-level and finding-level conditions.
        case invalidRule
    }

    /// What kind of problem this is.
    public let code: Code
    /// One line, for people.
    public let message: String
    /// The file (or the `source` name the caller gave), when known.
    public let file: String?
    /// The 1-based line in ``file``, when known.
    public let line: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// `file:line: message` (or `file: message`, `line N: message`, `message`), on one line.
    public var description: String {
        let text: String
        switch (file, line) {
        case (let file?, let line?): text = "\(file):\(line): \(message)"
        case (let file?, nil): text = "\(file): \(message)"
        case (nil, let line?): text = "line \(line): \(message)"
        case (nil, nil): text = message
        }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// The same error, placed in `file` at `line` unless it already names a place.
    func located(file: String?, line: Int?) -> PolicyError {
        PolicyError(code, message, file: self.file ?? file, line: self.line ?? line)
    }
}

/// `"text"` with quotes, backslashes and control characters escaped, so user text never breaks a one-line
/// message.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars.prefix(200) {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    if text.unicodeScalars.count > 200 { result += "…" }
    return result + "\""
}
