import Foundation
import MSRCModel

/// Every month's contribution merged into the rows of the database (DOMAIN.md §4: "merge every month per
/// CVE, and date a CVE by its own revision history").
///
/// - CVE-level fields (title, description, CWEs, tags, exploit status) come from the newest revision of the
///   CVE: the occurrence whose own revision history ends latest, then the one with more revisions, then the
///   one in the most recently republished document, then the later month.
/// - Per-product rows (status, severity, impact, CVSS) come from the newest occurrence that names the
///   product; products only older occurrences name are kept.
/// - Remediation rows are the union over every month: identical rows (same fields, whatever their
///   products) merge into one whose product list is the union, remembering every document that cites it.
/// - A CVE is dated by its own revision history (earliest and latest date over every occurrence); when no
///   occurrence has one, by its documents' release dates, and flagged so.
struct MergedDatabase: Sendable {
    /// One document row.
    struct Document: Sendable {
        /// The document's facts.
        let facts: DocumentFacts
        /// How many vulnerabilities it lists.
        let vulnerabilityCount: Int
    }

    /// One vulnerability row.
    struct Vulnerability: Sendable {
        /// The newest occurrence's fields.
        let contribution: VulnerabilityContribution
        /// The document row it came from.
        let document: Int
        /// When it was first published.
        let published: Date?
        /// When it was last revised.
        let revised: Date?
        /// ``VulnerabilityFlags`` raw value.
        let flags: Int
    }

    /// One per-product status row.
    struct Status: Sendable {
        /// The product row.
        let product: Int
        /// The row's fields.
        let contribution: StatusContribution
        /// The vulnerability row.
        let vulnerability: Int
        /// The document row it came from.
        let document: Int
    }

    /// One remediation row.
    struct Remediation: Sendable {
        /// The row's fields (products: the union over every citing document).
        let contribution: RemediationContribution
        /// The vulnerability row.
        let vulnerability: Int
        /// The release date: CSAF's own date, else the KB's attributed month, else the first citing document's.
        let released: Date?
        /// Every document row that cites it, ascending.
        let documents: [Int]
        /// Its product set (see ``MergedDatabase/productSets``).
        let productSet: Int
    }

    /// One KB's release attribution.
    struct KB: Sendable {
        /// The KB number.
        let kb: Int
        /// Its release date.
        let released: Date?
        /// The document row it is attributed to.
        let document: Int
    }

    /// Documents, in row order (by release date, then ID).
    var documents: [Document] = []
    /// Products in row order (by ID): the newest document's name winning; IDs that rows reference but no
    /// product tree names have no name.
    var products: [(id: String, name: String?, cpe: String?)] = []
    /// Vulnerabilities in row order (by CVE).
    var vulnerabilities: [Vulnerability] = []
    /// Status rows, sorted by product and vulnerability row.
    var statuses: [Status] = []
    /// Remediation rows in row order: grouped by product set (each set's rows have consecutive IDs), then by
    /// vulnerability, then first seen.
    var remediations: [Remediation] = []
    /// The distinct product lists of remediations (product rows, ascending) with the range of remediation rows
    /// naming exactly them; set ID = index + 1.
    var productSets: [(products: [Int], first: Int, last: Int)] = []
    /// KBs in ascending order.
    var kbs: [KB] = []
    /// Supersedence edges (KB → superseded KB), sorted.
    var supersedence: [(kb: Int, superseded: Int)] = []
}
