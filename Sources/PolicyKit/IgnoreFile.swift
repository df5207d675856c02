/// An ignore file (`.winscanignore`): CVEs and KBs whose findings a scan leaves out of the policy's rules.
///
/// One ID per line — `CVE-2024-21338` or `KB5035857`, any case — optionally followed by `exp:YYYY-MM-DD` (the
/// entry applies through that whole day, UTC) and a comment (`# why`, kept as the reason). Lines that are
/// blank or start with `#` are skipped. Anything else is an error naming the line.
///
/// ```
/// # Accepted until the February update lands.
/// CVE-2024-21338 exp:2026-02-28  # no exploit path in containers
/// KB5035857
/// ```
public struct IgnoreFile: Sendable, Hashable, Codable {
    /// One line that names a CVE or KB.
    public struct Entry: Sendable, Hashable, Codable {
        /// The CVE or KB.
        public let target: Suppression.Target
        /// The last day it applies, through that whole day UTC; `nil` for never expiring.
        public let expires: CalendarDay?
        /// The comment after the ID, if any.
        public let reason: String?
        /// The 1-based line it is on.
        public let line: Int

        /// Creates a value.
        public init(target: Suppression.Target, expires: CalendarDay?, reason: String?, line: Int) {
            self.target = target
            self.expires = expires
            self.reason = reason
            self.line = line
        }
    }

    /// Where it was read from (a path), when known.
    public let source: String?
    /// The entries, in file order.
    public let entries: [Entry]

    /// Creates a value.
    public init(source: String?, entries: [Entry]) {
        self.source = source
        self.entries = entries
    }

    /// Reads an ignore file; errors cite `path` as given, with the line.
    public static func load(contentsOf path: String) throws(PolicyError) -> IgnoreFile {
        try IgnoreFile(text: Policy.readText(path), source: path)
    }

    /// Reads an ignore file's text; `source` names it in errors and suppressions.
    public init(text: String, source: String? = nil) throws(PolicyError) {
        var entries: [Entry] = []
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (index, rawLine) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            var content = Substring(rawLine)
            var comment: String?
            if let hash = Self.commentStart(in: content) {
                let note = Self.trimmingSpaces(content[content.index(after: hash)...])
                comment = note.isEmpty ? nil : String(note)
                content = content[..<hash]
            }
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first else { continue }
            let id = String(first)
            let target: Suppression.Target
            if let cve = PolicyRule.normalizedCVE(id) {
                target = .cve(cve)
            } else if id.uppercased().hasPrefix("KB"), let kb = PolicyRule.kbNumber(id) {
                target = .kb(kb)
            } else {
                throw PolicyError(
                    .invalidValue, "\(quoted(id)) is not a CVE or KB ID (expected CVE-2024-21338 or KB5035857)",
                    file: source, line: number)
            }
            var expires: CalendarDay?
            for word in words.dropFirst() {
                guard word.lowercased().hasPrefix("exp:"), expires == nil else {
                    throw PolicyError(
                        .invalidValue,
                        "unexpected \(quoted(String(word))) after \(target) (only one exp:YYYY-MM-DD and a # comment "
                            + "may follow the ID)",
                        file: source, line: number)
                }
                let date = String(word.dropFirst(4))
                guard let day = CalendarDay(date) else {
                    throw PolicyError(
                        .invalidValue, "\(quoted(String(word))): the expiry must be a date exp:YYYY-MM-DD",
                        file: source, line: number)
                }
                expires = day
            }
            entries.append(Entry(target: target, expires: expires, reason: comment, line: number))
        }
        self.init(source: source, entries: entries)
    }

    /// The suppressions the file makes, one per entry.
    public var suppressions: [Suppression] {
        entries.map { entry in
            Suppression(
                source: .ignoreFile, target: entry.target, origin: "\(source ?? "ignore file"):\(entry.line)",
                reason: entry.reason, expires: entry.expires)
        }
    }

    /// Where a comment starts: a `#` first on the line or after a space or tab.
    private static func commentStart(in line: Substring) -> Substring.Index? {
        var previous: Character?
        for index in line.indices {
            let character = line[index]
            if character == "#" && (previous == nil || previous == " " || previous == "\t") { return index }
            if character != " " && character != "\t" || previous != nil { previous = character }
        }
        return nil
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmingSpaces(_ text: Substring) -> Substring {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[start...end]
    }
}
