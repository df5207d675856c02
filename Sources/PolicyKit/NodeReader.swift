import Foundation
import Yams

/// Reads YAML nodes (JSON is YAML) into typed values, strictly, with errors naming the file and line.
///
/// Scalars are typed by their spelling, as YAML 1.2's core schema does, and quoting makes a string:
/// `true`/`false` (any of `true`, `True`, `TRUE`…) are booleans, `7` an integer, `7.5` a number, `~`, `null`
/// or nothing a null; `"true"` and `"7"` are strings.
struct NodeReader {
    /// One `key: value` pair of a mapping.
    struct Pair {
        /// The key as written.
        let key: String
        /// The key's node, for its line.
        let keyNode: Node
        /// The value.
        let value: Node
    }

    /// The file name errors cite.
    let file: String?

    /// The single document in `text`, or `nil` for an empty one.
    ///
    /// Anchors and aliases are refused before the text reaches the YAML parser: these formats have no use for
    /// them, and a few lines of nested aliases expand to billions of nodes (the parser hashes mapping keys
    /// whole, so even a refused document could take minutes).
    func document(_ text: String) throws(PolicyError) -> Node? {
        if let line = Self.anchorOrAliasLine(in: text) {
            throw PolicyError(
                .syntax, "anchors and aliases (&name, *name) are not accepted here; write the values out", file: file,
                line: line)
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw PolicyError(.syntax, "syntax error: \(error)", file: file)
        }
    }

    /// An error at `node`'s line.
    func error(_ code: PolicyError.Code, _ message: String, at node: Node?) -> PolicyError {
        PolicyError(code, message, file: file, line: node?.mark?.line)
    }

    /// The pairs of a mapping, keys as strings; `what` names the mapping in the error when it is not one.
    func pairs(_ node: Node, of what: String) throws(PolicyError) -> [Pair] {
        guard case .mapping(let mapping) = node else {
            throw error(.wrongType, "\(what) must be a mapping of keys to values, not \(describe(node))", at: node)
        }
        var pairs: [Pair] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error(.wrongType, "a key \(place(what)) must be a plain word, not \(describe(key))", at: key)
            }
            pairs.append(Pair(key: scalar.string, keyNode: key, value: value))
        }
        return pairs
    }

    /// Throws on the first key of `pairs` that `allowed` does not list, suggesting the key meant.
    func checkKeys(_ pairs: [Pair], allowed: [String], in what: String) throws(PolicyError) {
        for pair in pairs where !allowed.contains(pair.key) {
            let suggestion = Self.suggestion(for: pair.key, among: allowed).map { "did you mean \(quoted($0))? " } ?? ""
            throw error(
                .unknownKey,
                "unknown key \(quoted(pair.key)) \(place(what)) (\(suggestion)expected one of: "
                    + "\(allowed.joined(separator: ", ")))",
                at: pair.keyNode)
        }
    }

    /// The text of a scalar that is not null.
    func string(_ pair: Pair, in what: String) throws(PolicyError) -> String {
        guard case .scalar(let scalar) = pair.value, !Self.isNull(scalar) else {
            throw wrongType(pair, in: what, expected: "text")
        }
        return scalar.string
    }

    /// A boolean scalar.
    func bool(_ pair: Pair, in what: String) throws(PolicyError) -> Bool {
        guard case .scalar(let scalar) = pair.value, scalar.style == .plain || scalar.style == .any else {
            throw wrongType(pair, in: what, expected: "true or false")
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw wrongType(pair, in: what, expected: "true or false")
        }
    }

    /// A non-negative integer scalar.
    func count(_ pair: Pair, in what: String) throws(PolicyError) -> Int {
        guard case .scalar(let scalar) = pair.value, scalar.style == .plain || scalar.style == .any,
            let value = Self.integer(scalar.string)
        else { throw wrongType(pair, in: what, expected: "a whole number") }
        guard value >= 0 else {
            throw error(
                .invalidValue, "\(quoted(pair.key)) \(place(what)) must not be negative, not \(value)", at: pair.value)
        }
        return value
    }

    /// A finite number scalar.
    func number(_ pair: Pair, in what: String) throws(PolicyError) -> Double {
        guard case .scalar(let scalar) = pair.value, scalar.style == .plain || scalar.style == .any,
            Self.isDecimal(scalar.string), let value = Double(scalar.string), value.isFinite
        else { throw wrongType(pair, in: what, expected: "a number") }
        return value
    }

    /// The items of a non-empty list.
    func list(_ pair: Pair, in what: String) throws(PolicyError) -> [Node] {
        guard case .sequence(let sequence) = pair.value else { throw wrongType(pair, in: what, expected: "a list") }
        let items = Array(sequence)
        guard !items.isEmpty else {
            throw error(.invalidValue, "\(quoted(pair.key)) \(place(what)) must not be an empty list", at: pair.value)
        }
        return items
    }

    /// The text of each item of a non-empty list of scalars.
    func strings(_ pair: Pair, in what: String) throws(PolicyError) -> [(text: String, node: Node)] {
        var result: [(text: String, node: Node)] = []
        for item in try list(pair, in: what) {
            guard case .scalar(let scalar) = item, !Self.isNull(scalar) else {
                throw error(
                    .wrongType, "\(quoted(pair.key)) \(place(what)) must list text values, not \(describe(item))",
                    at: item)
            }
            result.append((scalar.string, item))
        }
        return result
    }

    /// `in rule "x"` from `rule "x"`, `at the top level` from `the policy`.
    func place(_ what: String) -> String { what == "the policy" ? "at the top level" : "in \(what)" }

    /// A short description of a node for messages: a quoted scalar, `a list`, `a mapping`, `nothing`.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): Self.isNull(scalar) ? "nothing" : quoted(scalar.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private func wrongType(_ pair: Pair, in what: String, expected: String) -> PolicyError {
        error(
            .wrongType, "\(quoted(pair.key)) \(place(what)) must be \(expected), not \(describe(pair.value))",
            at: pair.value)
    }

    private func syntaxError(_ yamlError: YamlError) -> PolicyError {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return PolicyError(.syntax, "syntax error: \(problem)\(detail)", file: file, line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map(quoted).joined(separator: ", ")
            return PolicyError(
                .duplicate, "key \(keys) is written twice in one mapping (first here)", file: file,
                line: context.mark.line)
        case .reader(let problem, _, _, _):
            return PolicyError(.unreadable, "not readable text: \(problem)", file: file)
        default:
            return PolicyError(.syntax, "syntax error: \(yamlError)", file: file)
        }
    }

    /// The line of the first YAML anchor (`&name`) or alias (`*name`) in `text`, or `nil`.
    ///
    /// A lexical scan, not a parser: `&` or `*` followed by a name counts where a node can start — at the start
    /// of a line, after `[`, `{`, `,`, or after `:`, `-` or `?` and a space — outside quoted scalars and comments.
    /// `R&D`, `see *this*` and `"*x"` are text. It errs, rarely, toward refusing (a block scalar line starting
    /// with `*word`).
    static func anchorOrAliasLine(in text: String) -> Int? {
        var line = 1
        var quote: UInt8?
        var atNodeStart = true
        var previous: UInt8 = 0x0A
        let bytes = Array(text.utf8)
        var index = 0
        var inComment = false
        while index < bytes.count {
            let byte = bytes[index]
            defer { index += 1 }
            if byte == 0x0A {
                line += 1
                inComment = false
                atNodeStart = true
                previous = byte
                continue
            }
            if let open = quote {
                if open == 0x22 && byte == 0x5C {
                    index += 1  // skip the escaped character (never a newline in valid YAML)
                } else if byte == open {
                    if open == 0x27 && index + 1 < bytes.count && bytes[index + 1] == 0x27 {
                        index += 1  // '' inside a single-quoted scalar
                    } else {
                        quote = nil
                        atNodeStart = false
                    }
                }
                previous = byte
                continue
            }
            if inComment { continue }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0D
            if isSpace {
                if previous == 0x3A || previous == 0x2D || previous == 0x3F { atNodeStart = true }  // ": ", "- ", "? "
                previous = byte
                continue
            }
            if byte == 0x23 && (previous == 0x20 || previous == 0x09 || previous == 0x0A) {  // " #"
                inComment = true
                continue
            }
            let startsNode = atNodeStart || previous == 0x3A && (byte == 0x22 || byte == 0x27)  // "key":"value"
            if startsNode && (byte == 0x22 || byte == 0x27) {
                quote = byte
            } else if startsNode && (byte == 0x26 || byte == 0x2A) {  // & or *
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0x20
                if ![0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5D, 0x7D].contains(next) { return line }
            }
            atNodeStart = byte == 0x5B || byte == 0x7B || byte == 0x2C  // [ { ,
            previous = byte
        }
        return nil
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        (scalar.style == .plain || scalar.style == .any) && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// An optionally signed run of ASCII digits that fits an `Int`.
    static func integer(_ text: String) -> Int? {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// Digits with an optional sign, fraction and exponent (no `inf`, `nan` or hexadecimal).
    static func isDecimal(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { (0x30...0x39).contains($0) || [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains($0) }
            && text.utf8.contains { (0x30...0x39).contains($0) }
    }

    /// The allowed key closest to `key`: the same words in kebab-case, or within two edits.
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        let kebab = key.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if allowed.contains(kebab) { return kebab }
        let camel = key.reduce(into: "") { text, character in
            if character.isUppercase { text += "-" + character.lowercased() } else { text.append(character) }
        }
        if allowed.contains(camel) { return camel }
        let scored = allowed.map { ($0, editDistance(kebab, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.utf8.prefix(64))
        let b = Array(rhs.utf8.prefix(64))
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
