import Foundation
import PolicyKit
import Testing

/// The examples in docs/policy.md are real: they parse, and the YAML one is the policy the tests use.
@Suite struct DocumentationExampleTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/policy.md")

    /// The fenced blocks of `language` in the page, in order.
    static func blocks(_ language: String) throws -> [String] {
        let text = try String(contentsOf: page, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append((current ?? []).joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func yamlExampleIsTheFullPolicy() throws {
        let yaml = try #require(try Self.blocks("yaml").first)
        let policy = try Policy(yaml: yaml, source: "docs/policy.md")
        #expect(policy.name == "ci-gate")
        #expect(policy.rules.count == 7)
        #expect(policy.allowlist.count == 2)
        let keys = Set(
            policy.rules.flatMap { rule in
                let data = (try? JSONEncoder().encode(rule)) ?? Data()
                let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
                return Array(object.keys)
            })
        // Every condition the format has appears in the example.
        let conditions = [
            "min-severity", "min-cvss", "fix-available", "min-days-since-fix", "exploited", "publicly-disclosed",
            "cves",
            "kbs", "products", "statuses", "image-unidentified", "database-older-than-hours", "build-behind-days",
            "product-approximated",
        ]
        #expect(Set(conditions).subtracting(keys).isEmpty)
    }

    @Test func jsonExampleParses() throws {
        let json = try #require(try Self.blocks("json").first)
        let policy = try Policy(json: json, source: "docs/policy.md")
        #expect(policy.rules.map(\.name) == ["block-high-with-fix", "unidentified"])
        #expect(policy.allowlist.first?.expires == CalendarDay("2026-06-30"))
    }
}
