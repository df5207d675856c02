import Foundation
import PolicyKit
import Testing
import VulnMatch

@Suite struct PolicyParsingTests {
    static let yaml = """
        # The policy the CI pipeline gates on.
        name: ci-gate
        rules:
          - name: block-exploited
            action: fail
            exploited: true
          - name: block-high-with-fix
            action: fail
            min-severity: Important        # MSRC's word for high
            fix-available: true
            min-days-since-fix: 14
          - name: warn-cvss
            action: warn
            min-cvss: 8.8
            publicly-disclosed: true
            statuses: [fixed-not-applied, no-fix]
          - name: known-bad
            action: fail
            cves: [cve-2024-21338]
            kbs: [KB5035857, "5034439", 5036000]
            products: ["11924", 12079-11924]
          - name: unidentified
            action: fail
            image-unidentified: true
          - name: stale-database
            action: warn
            database-older-than-hours: 48
          - name: old-build
            action: info
            build-behind-days: 60
            product-approximated: false
        allowlist:
          - cve: CVE-2024-30080
            reason: MSMQ is not installed in our images
            owner: platform-team
            expires: 2026-06-30
          - kb: KB5035857
            reason: the KB breaks our app; tracked in JIRA-123
        """

    static let json = """
        {
          "name": "ci-gate",
          "rules": [
            {"name": "block-exploited", "action": "fail", "exploited": true},
            {"name": "block-high-with-fix", "action": "fail", "min-severity": "high", "fix-available": true,
             "min-days-since-fix": 14},
            {"name": "warn-cvss", "action": "warn", "min-cvss": 8.8, "publicly-disclosed": true,
             "statuses": ["fixed-not-applied", "no-fix"]},
            {"name": "known-bad", "action": "fail", "cves": ["CVE-2024-21338"],
             "kbs": [5035857, "KB5034439", "kb5036000"], "products": ["11924", "12079-11924"]},
            {"name": "unidentified", "action": "fail", "image-unidentified": true},
            {"name": "stale-database", "action": "warn", "database-older-than-hours": 48},
            {"name": "old-build", "action": "info", "build-behind-days": 60, "product-approximated": false}
          ],
          "allowlist": [
            {"cve": "CVE-2024-30080", "reason": "MSMQ is not installed in our images", "owner": "platform-team",
             "expires": "2026-06-30"},
            {"kb": "5035857", "reason": "the KB breaks our app; tracked in JIRA-123"}
          ]
        }
        """

    static func expected() throws -> Policy {
        try Policy(
            name: "ci-gate",
            rules: [
                PolicyRule(name: "block-exploited", action: .fail, exploited: true),
                PolicyRule(
                    name: "block-high-with-fix", action: .fail, minSeverity: .high, fixAvailable: true,
                    minDaysSinceFix: 14),
                PolicyRule(
                    name: "warn-cvss", action: .warn, minCVSS: 8.8, publiclyDisclosed: true,
                    statuses: [.fixedNotApplied, .noFix]),
                PolicyRule(
                    name: "known-bad", action: .fail, cves: ["CVE-2024-21338"], kbs: [5_035_857, 5_034_439, 5_036_000],
                    products: ["11924", "12079-11924"]),
                PolicyRule(name: "unidentified", action: .fail, imageUnidentified: true),
                PolicyRule(name: "stale-database", action: .warn, databaseOlderThanHours: 48),
                PolicyRule(name: "old-build", action: .info, buildBehindDays: 60, productApproximated: false),
            ],
            allowlist: [
                AllowlistEntry(
                    target: .cve("CVE-2024-30080"), reason: "MSMQ is not installed in our images",
                    owner: "platform-team",
                    expires: CalendarDay("2026-06-30")),
                AllowlistEntry(target: .kb(5_035_857), reason: "the KB breaks our app; tracked in JIRA-123"),
            ])
    }

    @Test func yamlAndJSONGiveTheSamePolicy() throws {
        let fromYAML = try Policy(yaml: Self.yaml, source: "policy.yaml")
        let fromJSON = try Policy(json: Self.json, source: "policy.json")
        #expect(fromYAML == fromJSON)
        #expect(fromYAML == (try Self.expected()))
        #expect(fromYAML.rules.map(\.isImageLevel) == [false, false, false, false, true, true, true])
    }

    @Test func encodedPolicyReadsBackEqual() throws {
        let policy = try Self.expected()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try encoder.encode(policy), as: UTF8.self)
        #expect(text.contains("\"min-days-since-fix\" : 14"))
        #expect(try Policy(json: text) == policy)
        #expect(try JSONDecoder().decode(Policy.self, from: Data(text.utf8)) == policy)
    }

    @Test func loadsFromAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).yaml")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Policy.load(contentsOf: path) == (try Self.expected()))
        let error = #expect(throws: PolicyError.self) { try Policy.load(contentsOf: path + ".missing") }
        #expect(error?.code == .unreadable)
        #expect(error?.description.hasPrefix("\(path).missing: ") == true)
    }

    @Test func minimalPolicyHasNoRules() throws {
        let policy = try Policy(yaml: "name: empty\n")
        #expect(policy.rules.isEmpty && policy.allowlist.isEmpty)
        #expect(
            policy.evaluate(Fixture.match([Fixture.finding()]), context: Fixture.context, now: Fixture.now).verdict
                == .pass)
    }

    @Test func msrcSeverityWordsMapToNormalized() throws {
        for (word, severity) in [
            ("Critical", NormalizedSeverity.critical), ("important", .high), ("MODERATE", .medium), ("low", .low),
            ("High", .high), ("medium", .medium),
        ] {
            let policy = try Policy(yaml: "name: p\nrules:\n  - {name: r, action: fail, min-severity: \(word)}\n")
            #expect(policy.rules.first?.minSeverity == severity)
        }
    }

    /// Each invalid policy: the text, the line the error must name, its code and part of the message.
    @Test(arguments: [
        (
            "name: p\nrules:\n  - name: block-high\n    action: fail\n    min_severty: high\n", 5,
            PolicyError.Code.unknownKey,
            "policy.yaml:5: unknown key \"min_severty\" in rule \"block-high\" (did you mean \"min-severity\"? expected one of: name, action, min-severity"
        ),
        ("name: p\nrule: []\n", 2, .unknownKey, "unknown key \"rule\" at the top level (did you mean \"rules\"?"),
        (
            "name: p\nallowlist:\n  - cve: CVE-2024-1111\n    reason: r\n    expiry: 2026-01-01\n", 5, .unknownKey,
            "unknown key \"expiry\" in allowlist entry 1 (CVE-2024-1111) (did you mean \"expires\"?"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    minSeverity: high\n", 5, .unknownKey,
            "(did you mean \"min-severity\"?"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    min-severity: severe\n", 5, .invalidValue,
            "\"min-severity\" in rule \"r\" must be one of critical, high, medium, low"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    min-severity: unknown\n", 5, .invalidValue,
            "not \"unknown\""
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: block\n    exploited: true\n", 4, .invalidValue,
            "\"action\" in rule \"r\" must be fail, warn or info, not \"block\""
        ),
        (
            "name: p\nallowlist:\n  - cve: CVE-2024-1111\n    reason: r\n    expires: 2026-02-30\n", 5, .invalidValue,
            "\"expires\" in allowlist entry 1 (CVE-2024-1111) must be a date YYYY-MM-DD, not \"2026-02-30\""
        ),
        (
            "name: p\nallowlist:\n  - cve: CVE-2024-1111\n    reason: r\n    expires: 30/06/2026\n", 5, .invalidValue,
            "must be a date YYYY-MM-DD"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: warn\n", 3, .invalidRule,
            "rule \"r\" has no conditions (a rule needs at least one of: min-severity"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    fix-available: yes\n", 5, .wrongType,
            "\"fix-available\" in rule \"r\" must be true or false, not \"yes\""
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    fix-available: \"true\"\n", 5, .wrongType,
            "must be true or false"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    min-cvss: high\n", 5, .wrongType,
            "\"min-cvss\" in rule \"r\" must be a number, not \"high\""
        ),
        ("name: p\nrules:\n  - name: r\n    action: fail\n    min-cvss: 11\n", 5, .invalidValue, "from 0 to 10"),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    min-days-since-fix: 7.5\n", 5, .wrongType,
            "must be a whole number"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    min-days-since-fix: -1\n", 5, .invalidValue,
            "must not be negative"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    cves: CVE-2024-1111\n", 5, .wrongType,
            "\"cves\" in rule \"r\" must be a list"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    cves: []\n", 5, .invalidValue,
            "must not be an empty list"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    cves:\n      - CVE-2024-1\n", 6, .invalidValue,
            "\"CVE-2024-1\" is not a CVE ID"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    kbs: [KB12x]\n", 5, .invalidValue,
            "\"KB12x\" is not a KB"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    statuses: [fixed]\n", 5, .invalidValue,
            "\"fixed\" is not a status (expected affected, fixed-not-applied, no-fix)"
        ),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    exploited: true\n  - name: r\n    action: warn\n"
                + "    exploited: true\n", 6, .duplicate, "duplicate rule name \"r\" (first used on line 3)"
        ),
        ("name: p\nrules:\n  - action: fail\n    exploited: true\n", 3, .missingKey, "rule 1 has no \"name\""),
        ("name: p\nrules:\n  - name: r\n    exploited: true\n", 3, .missingKey, "rule \"r\" has no \"action\""),
        (
            "name: p\nrules:\n  - name: r\n    action: fail\n    exploited: true\n    image-unidentified: true\n", 3,
            .invalidRule, "rule \"r\" mixes image conditions (image-unidentified) with finding conditions (exploited)"
        ),
        ("name: p\nrules:\n  name: r\n", 3, .wrongType, "\"rules\" must be a list of rules, not a mapping"),
        ("name: p\nallowlist:\n  - cve: CVE-2024-1111\n", 3, .missingKey, "has no \"reason\""),
        (
            "name: p\nallowlist:\n  - cve: CVE-2024-1111\n    kb: KB1\n    reason: r\n", 3, .invalidValue,
            "needs exactly one of \"cve\" and \"kb\""
        ),
        ("rules: []\n", 1, .missingKey, "the policy has no \"name\""),
        ("name: p\nrules:\n  - name: [r\n", 4, .syntax, "syntax error"),
        ("name: p\nname: q\n", 1, .duplicate, "key \"name\" is written twice in one mapping"),
        ("- name: p\n", 1, .wrongType, "the policy must be a mapping"),
        (
            "{\"name\": \"p\",\n \"rules\": [{\"name\": \"r\", \"action\": \"fail\",\n \"exploited\": 1}]}", 3,
            .wrongType,
            "\"exploited\" in rule \"r\" must be true or false, not \"1\""
        ),
    ])
    func invalidPoliciesNameTheLine(text: String, line: Int, code: PolicyError.Code, message: String) {
        let error = #expect(throws: PolicyError.self) { try Policy(yaml: text, source: "policy.yaml") }
        #expect(error?.code == code)
        #expect(error?.line == line)
        #expect(error?.description.hasPrefix("policy.yaml:\(line): ") == true)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func anchorsAndAliasesAreRefusedBeforeParsing() {
        // Eight lines that would expand to 10^8 nodes.
        var laughs = "name: p\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            laughs +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        laughs += "? *a7\n: 1\n"
        let error = #expect(throws: PolicyError.self) { try Policy(yaml: laughs, source: "policy.yaml") }
        #expect(error?.description.hasPrefix("policy.yaml:2: anchors and aliases") == true)
        let alias = "name: p\nrules:\n  - &r {name: a, action: fail, exploited: true}\n  - *r\n"
        #expect(throws: PolicyError.self) { try Policy(yaml: alias) }
    }

    @Test func ampersandsAndAsterisksInTextAreText() throws {
        let text = """
            name: "R&D *gate*"
            rules:
              - name: see *this* & that   # a comment with *x and &y
                action: warn
                exploited: true
            allowlist:
              - {cve: CVE-2024-1111, reason: "*not* [*an* alias]", owner: 'it''s *mine*'}
              - {"kb": "KB1", "reason":"&also, *text"}
            """
        let policy = try Policy(yaml: text)
        #expect(policy.name == "R&D *gate*")
        #expect(policy.rules.first?.name == "see *this* & that")
        #expect(policy.allowlist.map(\.reason) == ["*not* [*an* alias]", "&also, *text"])
        #expect(policy.allowlist.first?.owner == "it's *mine*")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = "name: p\nrules: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: PolicyError.self) { try Policy(yaml: deep, source: "policy.yaml") }
        #expect(error?.code == .syntax)
        #expect(error?.line == 2)
    }

    @Test func errorsWithoutASourceNameTheLine() {
        let error = #expect(throws: PolicyError.self) { try Policy(yaml: "name: p\nbogus: 1\n") }
        #expect(error?.description.hasPrefix("line 2: unknown key \"bogus\"") == true)
        let empty = #expect(throws: PolicyError.self) { try Policy(yaml: "") }
        #expect(empty?.code == .missingKey)
    }

    @Test func rulesBuiltInCodeAreCheckedToo() {
        #expect(throws: PolicyError.self) { try PolicyRule(name: "r", action: .fail) }
        #expect(throws: PolicyError.self) { try PolicyRule(name: "", action: .fail, exploited: true) }
        #expect(throws: PolicyError.self) { try PolicyRule(name: "r", action: .fail, minSeverity: .unknown) }
        #expect(throws: PolicyError.self) { try PolicyRule(name: "r", action: .fail, minCVSS: .nan) }
        #expect(throws: PolicyError.self) { try PolicyRule(name: "r", action: .fail, cves: ["nope"]) }
        #expect(throws: PolicyError.self) { try PolicyRule(name: "r", action: .fail, kbs: []) }
        #expect(throws: PolicyError.self) {
            try PolicyRule(name: "r", action: .fail, exploited: true, databaseOlderThanHours: 1)
        }
        #expect(throws: PolicyError.self) {
            let rule = try PolicyRule(name: "r", action: .fail, exploited: true)
            return try Policy(name: "p", rules: [rule, rule])
        }
    }
}
