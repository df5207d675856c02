import Foundation
import VulnMatch
import Yams

/// Reads the policy file format (`docs/policy.md`) from YAML or JSON text, strictly: unknown keys at any
/// level, wrong types and values, rules without conditions and duplicate rule names are errors naming the line.
struct PolicyParser {
    /// The keys of a policy.
    static let policyKeys = ["name", "rules", "allowlist"]
    /// The keys of a rule.
    static let ruleKeys = ["name", "action"] + PolicyRule.findingKeys + PolicyRule.imageKeys
    /// The keys of an allowlist entry.
    static let allowlistKeys = ["cve", "kb", "reason", "owner", "expires"]

    /// Reads and checks nodes.
    let reader: NodeReader

    /// A parser whose errors cite `file`.
    init(file: String?) { reader = NodeReader(file: file) }

    /// The policy in `text`.
    func policy(from text: String) throws(PolicyError) -> Policy {
        guard let root = try reader.document(text) else {
            throw PolicyError(
                .missingKey, "empty policy: expected a mapping with \"name\" and \"rules\"", file: reader.file)
        }
        let what = "the policy"
        let pairs = try reader.pairs(root, of: what)
        try reader.checkKeys(pairs, allowed: Self.policyKeys, in: what)
        guard let namePair = pairs.first(where: { $0.key == "name" }) else {
            throw reader.error(.missingKey, "the policy has no \"name\"", at: root)
        }
        let name = try reader.string(namePair, in: what)
        guard !name.isEmpty else {
            throw reader.error(.invalidValue, "the policy's name must not be empty", at: namePair.value)
        }

        var rules: [PolicyRule] = []
        var ruleLines: [String: Int] = [:]
        if let rulesPair = pairs.first(where: { $0.key == "rules" }), !isNull(rulesPair.value) {
            guard case .sequence(let items) = rulesPair.value else {
                throw reader.error(
                    .wrongType, "\"rules\" must be a list of rules, not \(reader.describe(rulesPair.value))",
                    at: rulesPair.value)
            }
            for (index, item) in items.enumerated() {
                let rule = try self.rule(item, number: index + 1)
                if let first = ruleLines[rule.name] {
                    throw reader.error(
                        .duplicate, "duplicate rule name \(quoted(rule.name)) (first used on line \(first))", at: item)
                }
                ruleLines[rule.name] = item.mark?.line ?? 0
                rules.append(rule)
            }
        }

        var allowlist: [AllowlistEntry] = []
        if let allowPair = pairs.first(where: { $0.key == "allowlist" }), !isNull(allowPair.value) {
            guard case .sequence(let items) = allowPair.value else {
                throw reader.error(
                    .wrongType, "\"allowlist\" must be a list of entries, not \(reader.describe(allowPair.value))",
                    at: allowPair.value)
            }
            for (index, item) in items.enumerated() {
                allowlist.append(try entry(item, number: index + 1))
            }
        }
        do {
            return try Policy(name: name, rules: rules, allowlist: allowlist)
        } catch {
            throw error.located(file: reader.file, line: root.mark?.line)
        }
    }

    /// Rule number `number` (1-based), from its node.
    private func rule(_ node: Node, number: Int) throws(PolicyError) -> PolicyRule {
        var what = "rule \(number)"
        let pairs = try reader.pairs(node, of: what)
        var name: String?
        if let namePair = pairs.first(where: { $0.key == "name" }) {
            let text = try reader.string(namePair, in: what)
            guard !text.isEmpty else {
                throw reader.error(.invalidValue, "\(what) has an empty name", at: namePair.value)
            }
            name = text
            what = "rule \(quoted(text))"
        }
        try reader.checkKeys(pairs, allowed: Self.ruleKeys, in: what)
        guard let name else { throw reader.error(.missingKey, "\(what) has no \"name\"", at: node) }
        guard let actionPair = pairs.first(where: { $0.key == "action" }) else {
            throw reader.error(.missingKey, "\(what) has no \"action\" (expected fail, warn or info)", at: node)
        }
        let actionText = try reader.string(actionPair, in: what)
        guard let action = PolicyRule.Action(rawValue: actionText) else {
            throw reader.error(
                .invalidValue, "\"action\" in \(what) must be fail, warn or info, not \(quoted(actionText))",
                at: actionPair.value)
        }

        var minSeverity: NormalizedSeverity?
        var minCVSS: Double?
        var fixAvailable: Bool?
        var minDaysSinceFix: Int?
        var exploited: Bool?
        var publiclyDisclosed: Bool?
        var cves: [String]?
        var kbs: [Int]?
        var products: [String]?
        var statuses: [Finding.Status]?
        var imageUnidentified: Bool?
        var databaseOlderThanHours: Int?
        var buildBehindDays: Int?
        var productApproximated: Bool?
        for pair in pairs {
            switch pair.key {
            case "min-severity":
                let text = try reader.string(pair, in: what)
                guard let severity = NormalizedSeverity(threshold: text) else {
                    throw reader.error(
                        .invalidValue,
                        "\"min-severity\" in \(what) must be one of \(NormalizedSeverity.thresholdWords), not \(quoted(text))",
                        at: pair.value)
                }
                minSeverity = severity
            case "min-cvss":
                let score = try reader.number(pair, in: what)
                if let problem = PolicyRule.cvssProblem(score) {
                    throw reader.error(.invalidValue, "\"min-cvss\" in \(what) \(problem)", at: pair.value)
                }
                minCVSS = score
            case "fix-available": fixAvailable = try reader.bool(pair, in: what)
            case "min-days-since-fix": minDaysSinceFix = try reader.count(pair, in: what)
            case "exploited": exploited = try reader.bool(pair, in: what)
            case "publicly-disclosed": publiclyDisclosed = try reader.bool(pair, in: what)
            case "cves":
                cves = []
                for (text, item) in try reader.strings(pair, in: what) {
                    guard let cve = PolicyRule.normalizedCVE(text) else {
                        throw reader.error(
                            .invalidValue, "\"cves\" in \(what): \(quoted(text)) is not a CVE ID", at: item)
                    }
                    cves?.append(cve)
                }
            case "kbs":
                kbs = []
                for (text, item) in try reader.strings(pair, in: what) {
                    guard let kb = PolicyRule.kbNumber(text) else {
                        throw reader.error(
                            .invalidValue, "\"kbs\" in \(what): \(quoted(text)) is not a KB (KB5035857 or 5035857)",
                            at: item)
                    }
                    kbs?.append(kb)
                }
            case "products":
                products = try reader.strings(pair, in: what).map(\.text)
            case "statuses":
                statuses = []
                for (text, item) in try reader.strings(pair, in: what) {
                    guard let status = Finding.Status(rawValue: text) else {
                        let known = Finding.Status.allCases.map(\.rawValue).joined(separator: ", ")
                        throw reader.error(
                            .invalidValue,
                            "\"statuses\" in \(what): \(quoted(text)) is not a status (expected \(known))",
                            at: item)
                    }
                    statuses?.append(status)
                }
            case "image-unidentified": imageUnidentified = try reader.bool(pair, in: what)
            case "database-older-than-hours": databaseOlderThanHours = try reader.count(pair, in: what)
            case "build-behind-days": buildBehindDays = try reader.count(pair, in: what)
            case "product-approximated": productApproximated = try reader.bool(pair, in: what)
            default: break  // name and action, read above
            }
        }
        do {
            return try PolicyRule(
                name: name, action: action, minSeverity: minSeverity, minCVSS: minCVSS, fixAvailable: fixAvailable,
                minDaysSinceFix: minDaysSinceFix, exploited: exploited, publiclyDisclosed: publiclyDisclosed,
                cves: cves, kbs: kbs, products: products, statuses: statuses, imageUnidentified: imageUnidentified,
                databaseOlderThanHours: databaseOlderThanHours, buildBehindDays: buildBehindDays,
                productApproximated: productApproximated)
        } catch {
            throw error.located(file: reader.file, line: node.mark?.line)
        }
    }

    /// Allowlist entry number `number` (1-based), from its node.
    private func entry(_ node: Node, number: Int) throws(PolicyError) -> AllowlistEntry {
        var what = "allowlist entry \(number)"
        let pairs = try reader.pairs(node, of: what)
        let cvePair = pairs.first { $0.key == "cve" }
        let kbPair = pairs.first { $0.key == "kb" }
        var target: Suppression.Target?
        if let cvePair {
            let text = try reader.string(cvePair, in: what)
            guard let cve = PolicyRule.normalizedCVE(text) else {
                throw reader.error(
                    .invalidValue, "\"cve\" in \(what): \(quoted(text)) is not a CVE ID", at: cvePair.value)
            }
            target = .cve(cve)
        }
        if let kbPair {
            let text = try reader.string(kbPair, in: what)
            guard let kb = PolicyRule.kbNumber(text) else {
                throw reader.error(
                    .invalidValue, "\"kb\" in \(what): \(quoted(text)) is not a KB (KB5035857 or 5035857)",
                    at: kbPair.value)
            }
            target = .kb(kb)
        }
        if let target { what += " (\(target))" }
        try reader.checkKeys(pairs, allowed: Self.allowlistKeys, in: what)
        guard let target, cvePair == nil || kbPair == nil else {
            throw reader.error(.invalidValue, "\(what) needs exactly one of \"cve\" and \"kb\"", at: node)
        }
        guard let reasonPair = pairs.first(where: { $0.key == "reason" }) else {
            throw reader.error(.missingKey, "\(what) has no \"reason\" (say why it is allowed)", at: node)
        }
        let reason = try reader.string(reasonPair, in: what)
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw reader.error(.invalidValue, "\"reason\" in \(what) must not be empty", at: reasonPair.value)
        }
        let owner = try pairs.first { $0.key == "owner" }.map { (pair) throws(PolicyError) in
            try reader.string(pair, in: what)
        }
        var expires: CalendarDay?
        if let expiresPair = pairs.first(where: { $0.key == "expires" }) {
            let text = try reader.string(expiresPair, in: what)
            guard let day = CalendarDay(text) else {
                throw reader.error(
                    .invalidValue, "\"expires\" in \(what) must be a date YYYY-MM-DD, not \(quoted(text))",
                    at: expiresPair.value)
            }
            expires = day
        }
        do {
            return try AllowlistEntry(target: target, reason: reason, owner: owner, expires: expires)
        } catch {
            throw error.located(file: reader.file, line: node.mark?.line)
        }
    }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return NodeReader.isNull(scalar)
    }
}
