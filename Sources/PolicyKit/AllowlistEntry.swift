import Foundation

/// An entry of a policy's allowlist: findings of a CVE, or fixed by a KB, that the policy's rules leave out,
/// with why, who answers for it, and until when.
///
/// Encodes to (and decodes from) the keys of the policy file format: `cve` or `kb`, `reason`, `owner`,
/// `expires` (`YYYY-MM-DD`).
public struct AllowlistEntry: Sendable, Hashable, Codable {
    /// The CVE or KB it applies to.
    public let target: Suppression.Target
    /// Why (required, not empty).
    public let reason: String
    /// Who answers for it.
    public let owner: String?
    /// The last day it applies, through that whole day UTC; `nil` for never expiring.
    public let expires: CalendarDay?

    /// Creates an entry, checking that the reason is not empty, the CVE is shaped `CVE-YYYY-N…` (stored in
    /// upper case) and the KB number is above zero.
    public init(target: Suppression.Target, reason: String, owner: String? = nil, expires: CalendarDay? = nil)
        throws(PolicyError)
    {
        switch target {
        case .cve(let cve):
            guard let normalized = PolicyRule.normalizedCVE(cve) else {
                throw PolicyError(.invalidValue, "allowlist entry: \(quoted(cve)) is not a CVE ID")
            }
            self.target = .cve(normalized)
        case .kb(let kb):
            guard kb > 0 else { throw PolicyError(.invalidValue, "allowlist entry: \(kb) is not a KB number") }
            self.target = target
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PolicyError(.missingKey, "allowlist entry for \(self.target) needs a reason")
        }
        self.reason = reason
        self.owner = owner
        self.expires = expires
    }

    /// The entry as a suppression from the policy named `policyName`.
    public func suppression(policyName: String) -> Suppression {
        Suppression(
            source: .allowlist, target: target, origin: "policy \(quoted(policyName))", reason: reason, owner: owner,
            expires: expires)
    }

    enum CodingKeys: String, CodingKey {
        case cve, kb, reason, owner, expires
    }

    /// Decodes an entry from the policy file's keys (exactly one of `cve` and `kb`), checked as
    /// ``init(target:reason:owner:expires:)`` does.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let cve = try values.decodeIfPresent(String.self, forKey: .cve)
        let kb = try values.decodeIfPresent(Int.self, forKey: .kb)
        let target: Suppression.Target
        switch (cve, kb) {
        case (let cve?, nil): target = .cve(cve)
        case (nil, let kb?): target = .kb(kb)
        default: throw PolicyError(.invalidValue, "an allowlist entry needs exactly one of \"cve\" and \"kb\"")
        }
        try self.init(
            target: target, reason: values.decode(String.self, forKey: .reason),
            owner: values.decodeIfPresent(String.self, forKey: .owner),
            expires: values.decodeIfPresent(CalendarDay.self, forKey: .expires))
    }

    /// Encodes the entry in the policy file's keys.
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        switch target {
        case .cve(let cve): try values.encode(cve, forKey: .cve)
        case .kb(let kb): try values.encode(kb, forKey: .kb)
        }
        try values.encode(reason, forKey: .reason)
        try values.encodeIfPresent(owner, forKey: .owner)
        try values.encodeIfPresent(expires, forKey: .expires)
    }
}
