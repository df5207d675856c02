import Foundation
import MSRCModel

/// Merges contributions into a ``MergedDatabase``.
enum AdvisoryMerger {
    /// How new one occurrence of a CVE is; greater is newer.
    private struct Rank: Comparable, Sendable {
        let lastRevised: Date
        let revisionCount: Int
        let documentCurrent: Date
        let documentInitial: Date
        let document: Int

        static func < (lhs: Rank, rhs: Rank) -> Bool {
            (lhs.lastRevised, lhs.revisionCount, lhs.documentCurrent, lhs.documentInitial, lhs.document)
                < (rhs.lastRevised, rhs.revisionCount, rhs.documentCurrent, rhs.documentInitial, rhs.document)
        }
    }

    /// The merge state of one CVE.
    private struct VulnerabilityState: Sendable {
        var rank: Rank
        var best: VulnerabilityContribution
        var document: Int
        var firstRevised: Date?
        var lastRevised: Date?
        var firstDocumentDate: Date?
        var lastDocumentDate: Date?
    }

    /// The merge state of one remediation row.
    private struct RemediationState: Sendable {
        /// The vulnerability row.
        let vulnerability: Int
        let contribution: RemediationContribution
        var products: [String]
        var documents: [Int]

        /// A row first cited by `document`.
        init(vulnerability: Int, contribution: RemediationContribution, document: Int) {
            self.vulnerability = vulnerability
            self.contribution = contribution
            products = contribution.productIDs
            documents = [document]
        }

        /// Adds the products and the document of one more citation (rows are rarely cited twice: a linear
        /// search beats hashing here).
        mutating func add(_ productIDs: [String], document: Int) {
            for product in productIDs where !products.contains(product) { products.append(product) }
            if documents.last != document { documents.append(document) }
        }
    }

    /// A per-product status key.
    private struct StatusKey: Hashable, Sendable {
        let vulnerability: Int
        let product: String
    }

    /// A supersedence edge.
    private struct Edge: Hashable, Sendable {
        let kb: Int
        let superseded: Int
    }

    /// A remediation row key.
    private struct RemediationKey: Hashable {
        let vulnerability: Int
        let key: RemediationContribution.Key
    }

    /// What the vulnerability half produces: vulnerability rows, and status rows ordered by product ID (the
    /// order of product rows) and vulnerability row.
    private struct VulnerabilityHalf: Sendable {
        var vulnerabilities: [MergedDatabase.Vulnerability] = []
        var statuses: [(productID: String, row: StatusContribution, vulnerability: Int, document: Int)] = []
    }

    /// What the remediation half produces: remediation rows in row order, product sets (as sorted product
    /// IDs) with their row ranges, KB attributions and supersedence edges.
    private struct RemediationHalf: Sendable {
        var remediations: [MergedDatabase.Remediation] = []
        var productSets: [(products: [String], first: Int, last: Int)] = []
        var kbs: [MergedDatabase.KB] = []
        var supersedence: [(kb: Int, superseded: Int)] = []
    }

    /// Merges `contributions` (one per document ID). CVEs are numbered first (rows by CVE ID); then the
    /// vulnerability half (CVE fields, per-product rows) and the remediation half (rows, KBs, supersedence)
    /// run concurrently, each through to its final order.
    static func merge(_ contributions: [DocumentContribution]) async -> MergedDatabase {
        let ordered = contributions.sorted { lhs, rhs in
            let left = lhs.facts.initialReleaseDate ?? lhs.facts.currentReleaseDate ?? .distantPast
            let right = rhs.facts.initialReleaseDate ?? rhs.facts.currentReleaseDate ?? .distantPast
            return (left, lhs.facts.id) < (right, rhs.facts.id)
        }
        var merged = MergedDatabase()
        merged.documents = ordered.map { .init(facts: $0.facts, vulnerabilityCount: $0.vulnerabilities.count) }
        var cves: Set<String> = []
        for document in ordered {
            for vulnerability in document.vulnerabilities { cves.insert(vulnerability.cve) }
        }
        var vulnerabilityRows: [String: Int] = [:]
        vulnerabilityRows.reserveCapacity(cves.count)
        for (index, cve) in cves.sorted().enumerated() { vulnerabilityRows[cve] = index + 1 }

        let rows = vulnerabilityRows
        let documents = merged.documents
        async let vulnerabilityHalf = mergeVulnerabilities(ordered, vulnerabilityRows: rows)
        async let remediationHalf = mergeRemediations(ordered, vulnerabilityRows: rows, documents: documents)
        var names = productNames(ordered)
        let (vulnerabilityPart, remediationPart) = await (vulnerabilityHalf, remediationHalf)

        // Products: every product tree's, and any ID a row names that no tree does.
        for status in vulnerabilityPart.statuses where names[status.productID] == nil {
            names[status.productID] = (nil, nil)
        }
        for set in remediationPart.productSets {
            for product in set.products where names[product] == nil { names[product] = (nil, nil) }
        }
        merged.products = names.keys.sorted().compactMap { id in names[id].map { (id, $0.name, $0.cpe) } }
        var productRows: [String: Int] = [:]
        productRows.reserveCapacity(merged.products.count)
        for (index, product) in merged.products.enumerated() { productRows[product.id] = index + 1 }

        merged.vulnerabilities = vulnerabilityPart.vulnerabilities
        merged.statuses = vulnerabilityPart.statuses.map {
            .init(
                product: productRows[$0.productID] ?? 0, contribution: $0.row, vulnerability: $0.vulnerability,
                document: $0.document)
        }
        merged.remediations = remediationPart.remediations
        merged.productSets = remediationPart.productSets.map { set in
            (set.products.compactMap { productRows[$0] }, set.first, set.last)
        }
        merged.kbs = remediationPart.kbs
        merged.supersedence = remediationPart.supersedence
        return merged
    }

    /// CVE-level fields (newest revision wins) and per-product rows (newest occurrence naming the product wins).
    private static func mergeVulnerabilities(
        _ ordered: [DocumentContribution], vulnerabilityRows: [String: Int]
    ) -> VulnerabilityHalf {
        var states: [VulnerabilityState?] = Array(repeating: nil, count: vulnerabilityRows.count + 1)
        // Status rows live in a flat array; the dictionary maps (CVE, product) to a position in it.
        var statusIndex: [StatusKey: Int] = [:]
        var statusRows: [(key: StatusKey, rank: Rank, row: StatusContribution, document: Int)] = []
        let statusCount = ordered.reduce(0) { $0 + $1.vulnerabilities.reduce(0) { $0 + $1.statuses.count } }
        statusIndex.reserveCapacity(statusCount)
        statusRows.reserveCapacity(statusCount)
        for (index, document) in ordered.enumerated() {
            let row = index + 1
            let current = document.facts.currentReleaseDate ?? .distantPast
            let initial = document.facts.initialReleaseDate ?? document.facts.currentReleaseDate
            for vulnerability in document.vulnerabilities {
                guard let vulnerabilityRow = vulnerabilityRows[vulnerability.cve] else { continue }
                let rank = Rank(
                    lastRevised: vulnerability.lastRevised ?? .distantPast, revisionCount: vulnerability.revisionCount,
                    documentCurrent: current, documentInitial: initial ?? .distantPast, document: row)
                if var state = states[vulnerabilityRow] {
                    if state.rank < rank {
                        state.rank = rank
                        state.best = vulnerability
                        state.document = row
                    }
                    state.firstRevised = earliest(state.firstRevised, vulnerability.firstRevised)
                    state.lastRevised = latest(state.lastRevised, vulnerability.lastRevised)
                    state.firstDocumentDate = earliest(state.firstDocumentDate, initial)
                    state.lastDocumentDate = latest(state.lastDocumentDate, document.facts.currentReleaseDate)
                    states[vulnerabilityRow] = state
                } else {
                    states[vulnerabilityRow] = VulnerabilityState(
                        rank: rank, best: vulnerability, document: row, firstRevised: vulnerability.firstRevised,
                        lastRevised: vulnerability.lastRevised, firstDocumentDate: initial,
                        lastDocumentDate: document.facts.currentReleaseDate)
                }
                for status in vulnerability.statuses {
                    let key = StatusKey(vulnerability: vulnerabilityRow, product: status.product)
                    if let position = statusIndex[key] {
                        if statusRows[position].rank < rank { statusRows[position] = (key, rank, status, row) }
                    } else {
                        statusIndex[key] = statusRows.count
                        statusRows.append((key, rank, status, row))
                    }
                }
            }
        }

        var half = VulnerabilityHalf()
        half.vulnerabilities.reserveCapacity(vulnerabilityRows.count)
        for state in states.dropFirst() {
            guard let state else { continue }
            var flags: VulnerabilityFlags = []
            if !state.best.cveIsWellFormed { flags.insert(.malformedCVE) }
            var published = state.firstRevised
            var revised = state.lastRevised
            if published == nil && revised == nil {
                flags.insert(.datesFromDocuments)
                published = state.firstDocumentDate
                revised = state.lastDocumentDate
            }
            half.vulnerabilities.append(
                .init(
                    contribution: state.best, document: state.document, published: published, revised: revised,
                    flags: flags.rawValue))
        }
        // Primary-key order; product rows follow product IDs. Small keys are sorted, then the (large) rows
        // taken in that order.
        let order = statusRows.indices.sorted {
            (statusRows[$0].key.product, statusRows[$0].key.vulnerability)
                < (statusRows[$1].key.product, statusRows[$1].key.vulnerability)
        }
        half.statuses = order.map { position in
            let entry = statusRows[position]
            return (entry.key.product, entry.row, entry.key.vulnerability, entry.document)
        }
        return half
    }

    /// Remediation rows (identical rows merged), KB release attribution and supersedence edges.
    private static func mergeRemediations(
        _ ordered: [DocumentContribution], vulnerabilityRows: [String: Int], documents: [MergedDatabase.Document]
    ) -> RemediationHalf {
        var remediationIndex: [RemediationKey: Int] = [:]
        var remediations: [RemediationState] = []
        var citations: [Int: [Int: Int]] = [:]
        var edges: Set<Edge> = []
        let remediationCount = ordered.reduce(0) { $0 + $1.vulnerabilities.reduce(0) { $0 + $1.remediations.count } }
        remediationIndex.reserveCapacity(remediationCount)
        remediations.reserveCapacity(remediationCount)
        for (index, document) in ordered.enumerated() {
            let row = index + 1
            for vulnerability in document.vulnerabilities {
                guard let vulnerabilityRow = vulnerabilityRows[vulnerability.cve] else { continue }
                var citedKBs: Set<Int> = []
                for remediation in vulnerability.remediations {
                    let key = RemediationKey(vulnerability: vulnerabilityRow, key: remediation.key)
                    if let position = remediationIndex[key] {
                        remediations[position].add(remediation.productIDs, document: row)
                    } else {
                        remediationIndex[key] = remediations.count
                        remediations.append(
                            RemediationState(vulnerability: vulnerabilityRow, contribution: remediation, document: row))
                    }
                    guard remediation.key.type == RemediationType.vendorFix.rawValue, let kb = remediation.kb else {
                        continue
                    }
                    citedKBs.insert(kb)
                    for superseded in remediation.supersededKBs where superseded != kb {
                        edges.insert(Edge(kb: kb, superseded: superseded))
                    }
                }
                for kb in citedKBs { citations[kb, default: [:]][row, default: 0] += 1 }
            }
        }

        var half = RemediationHalf()
        // KB release attribution: the document citing the KB for the most CVEs (its own month), earliest on ties.
        var kbs: [Int: MergedDatabase.KB] = [:]
        for (kb, counts) in citations {
            guard let best = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
            let facts = documents[best.key - 1].facts
            kbs[kb] = .init(kb: kb, released: facts.initialReleaseDate ?? facts.currentReleaseDate, document: best.key)
        }
        half.kbs = kbs.values.sorted { $0.kb < $1.kb }
        half.supersedence = edges.sorted { ($0.kb, $0.superseded) < ($1.kb, $1.superseded) }.map {
            ($0.kb, $0.superseded)
        }

        // Row order: product sets first (so each set's rows are one ID range), then vulnerability, then first seen.
        var sets: [[String]: Int] = [:]
        var setProducts: [[String]] = []
        var setOfRemediation = [Int](repeating: 0, count: remediations.count)
        for (position, state) in remediations.enumerated() {
            var products = state.products.sorted()
            products.removeAdjacentDuplicates()
            if let existing = sets[products] {
                setOfRemediation[position] = existing
            } else {
                setProducts.append(products)
                sets[products] = setProducts.count
                setOfRemediation[position] = setProducts.count
            }
        }
        let order = remediations.indices.sorted {
            (setOfRemediation[$0], remediations[$0].vulnerability, $0)
                < (setOfRemediation[$1], remediations[$1].vulnerability, $1)
        }
        half.remediations.reserveCapacity(remediations.count)
        half.productSets = setProducts.map { (products: $0, first: 0, last: -1) }
        for position in order {
            let state = remediations[position]
            let set = setOfRemediation[position]
            let row = half.remediations.count + 1
            if half.productSets[set - 1].first == 0 { half.productSets[set - 1].first = row }
            half.productSets[set - 1].last = row
            let first = documents[(state.documents.min() ?? 1) - 1].facts
            let released =
                state.contribution.key.date.map { Date(timeIntervalSince1970: Double($0)) }
                ?? state.contribution.kb.flatMap { kbs[$0]?.released }
                ?? first.initialReleaseDate ?? first.currentReleaseDate
            half.remediations.append(
                .init(
                    contribution: state.contribution, vulnerability: state.vulnerability, released: released,
                    documents: state.documents.sorted(), productSet: set))
        }
        return half
    }

    /// Product ID → name and CPE, the most recently republished document's spelling winning.
    private static func productNames(_ ordered: [DocumentContribution]) -> [String: (name: String?, cpe: String?)] {
        let byRecency = ordered.indices.sorted {
            (ordered[$0].facts.currentReleaseDate ?? .distantPast, $0)
                < (ordered[$1].facts.currentReleaseDate ?? .distantPast, $1)
        }
        var names: [String: (name: String?, cpe: String?)] = [:]
        for index in byRecency {
            for product in ordered[index].products {
                let previous = names[product.id]
                names[product.id] = (product.name, product.cpe ?? previous?.cpe)
            }
        }
        return names
    }

    /// The earlier of two optional dates.
    private static func earliest(_ lhs: Date?, _ rhs: Date?) -> Date? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return min(lhs, rhs)
    }

    /// The later of two optional dates.
    private static func latest(_ lhs: Date?, _ rhs: Date?) -> Date? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return max(lhs, rhs)
    }
}

extension Array where Element: Equatable {
    /// Removes elements equal to the one before them (on a sorted array: every duplicate).
    fileprivate mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeSubrange(kept...)
    }
}
