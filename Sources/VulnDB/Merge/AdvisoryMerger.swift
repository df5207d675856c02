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
        let slot: Int
        let contribution: RemediationContribution
        var products: [String]
        var documents: [Int]

        /// A row first cited by `document`.
        init(slot: Int, contribution: RemediationContribution, document: Int) {
            self.slot = slot
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
        let slot: Int
        let product: String
    }

    /// A supersedence edge.
    private struct Edge: Hashable, Sendable {
        let kb: Int
        let superseded: Int
    }

    /// A remediation row key.
    private struct RemediationKey: Hashable {
        let slot: Int
        let key: RemediationContribution.Key
    }

    /// The vulnerability half of the merge: CVE states and per-product rows.
    private struct VulnerabilityPart: Sendable {
        var states: [VulnerabilityState] = []
        var statusRows: [(key: StatusKey, rank: Rank, row: StatusContribution, document: Int)] = []
    }

    /// The remediation half of the merge: rows, KB citations and supersedence edges.
    private struct RemediationPart: Sendable {
        var remediations: [RemediationState] = []
        var citations: [Int: [Int: Int]] = [:]
        var edges: Set<Edge> = []
    }

    /// Merges `contributions` (one per document ID). The vulnerability and remediation halves run
    /// concurrently; both number CVEs (slots) the same way, in order of first sight over the ordered documents.
    static func merge(_ contributions: [DocumentContribution]) async -> MergedDatabase {
        let ordered = contributions.sorted { lhs, rhs in
            let left = lhs.facts.initialReleaseDate ?? lhs.facts.currentReleaseDate ?? .distantPast
            let right = rhs.facts.initialReleaseDate ?? rhs.facts.currentReleaseDate ?? .distantPast
            return (left, lhs.facts.id) < (right, rhs.facts.id)
        }
        async let vulnerabilityPart = mergeVulnerabilities(ordered)
        async let remediationPart = mergeRemediations(ordered)
        var names = productNames(ordered)
        let (vulnerabilityHalf, remediationHalf) = await (vulnerabilityPart, remediationPart)
        return await assemble(ordered, names: &names, vulnerabilityHalf, remediationHalf)
    }

    /// CVE states and per-product rows, over the documents in order.
    private static func mergeVulnerabilities(_ ordered: [DocumentContribution]) -> VulnerabilityPart {
        var part = VulnerabilityPart()
        var slots: [String: Int] = [:]
        // Status rows live in a flat array; the dictionary maps (CVE, product) to a position in it.
        var statusIndex: [StatusKey: Int] = [:]
        let statusCount = ordered.reduce(0) { $0 + $1.vulnerabilities.reduce(0) { $0 + $1.statuses.count } }
        statusIndex.reserveCapacity(statusCount)
        part.statusRows.reserveCapacity(statusCount)
        for (index, document) in ordered.enumerated() {
            let row = index + 1
            let current = document.facts.currentReleaseDate ?? .distantPast
            let initial = document.facts.initialReleaseDate ?? document.facts.currentReleaseDate
            for vulnerability in document.vulnerabilities {
                let rank = Rank(
                    lastRevised: vulnerability.lastRevised ?? .distantPast, revisionCount: vulnerability.revisionCount,
                    documentCurrent: current, documentInitial: initial ?? .distantPast, document: row)
                let slot: Int
                if let existing = slots[vulnerability.cve] {
                    slot = existing
                    var state = part.states[slot]
                    if state.rank < rank {
                        state.rank = rank
                        state.best = vulnerability
                        state.document = row
                    }
                    state.firstRevised = earliest(state.firstRevised, vulnerability.firstRevised)
                    state.lastRevised = latest(state.lastRevised, vulnerability.lastRevised)
                    state.firstDocumentDate = earliest(state.firstDocumentDate, initial)
                    state.lastDocumentDate = latest(state.lastDocumentDate, document.facts.currentReleaseDate)
                    part.states[slot] = state
                } else {
                    slot = part.states.count
                    slots[vulnerability.cve] = slot
                    part.states.append(
                        VulnerabilityState(
                            rank: rank, best: vulnerability, document: row, firstRevised: vulnerability.firstRevised,
                            lastRevised: vulnerability.lastRevised, firstDocumentDate: initial,
                            lastDocumentDate: document.facts.currentReleaseDate))
                }
                for status in vulnerability.statuses {
                    let key = StatusKey(slot: slot, product: status.product)
                    if let position = statusIndex[key] {
                        if part.statusRows[position].rank < rank {
                            part.statusRows[position] = (key, rank, status, row)
                        }
                    } else {
                        statusIndex[key] = part.statusRows.count
                        part.statusRows.append((key, rank, status, row))
                    }
                }
            }
        }
        return part
    }

    /// Remediation rows (identical rows merged), KB citations and supersedence edges, over the documents in order.
    private static func mergeRemediations(_ ordered: [DocumentContribution]) -> RemediationPart {
        var part = RemediationPart()
        var slots: [String: Int] = [:]
        var remediationIndex: [RemediationKey: Int] = [:]
        let remediationCount = ordered.reduce(0) { $0 + $1.vulnerabilities.reduce(0) { $0 + $1.remediations.count } }
        remediationIndex.reserveCapacity(remediationCount)
        part.remediations.reserveCapacity(remediationCount)
        for (index, document) in ordered.enumerated() {
            let row = index + 1
            for vulnerability in document.vulnerabilities {
                let slot: Int
                if let existing = slots[vulnerability.cve] {
                    slot = existing
                } else {
                    slot = slots.count
                    slots[vulnerability.cve] = slot
                }
                var citedKBs: Set<Int> = []
                for remediation in vulnerability.remediations {
                    let key = RemediationKey(slot: slot, key: remediation.key)
                    if let position = remediationIndex[key] {
                        part.remediations[position].add(remediation.productIDs, document: row)
                    } else {
                        remediationIndex[key] = part.remediations.count
                        part.remediations.append(RemediationState(slot: slot, contribution: remediation, document: row))
                    }
                    guard remediation.key.type == RemediationType.vendorFix.rawValue, let kb = remediation.kb else {
                        continue
                    }
                    citedKBs.insert(kb)
                    for superseded in remediation.supersededKBs where superseded != kb {
                        part.edges.insert(Edge(kb: kb, superseded: superseded))
                    }
                }
                for kb in citedKBs { part.citations[kb, default: [:]][row, default: 0] += 1 }
            }
        }
        return part
    }

    /// The database rows from the two halves.
    private static func assemble(
        _ ordered: [DocumentContribution], names: inout [String: (name: String?, cpe: String?)],
        _ vulnerabilityHalf: VulnerabilityPart, _ remediationHalf: RemediationPart
    ) async -> MergedDatabase {
        var merged = MergedDatabase()
        merged.documents = ordered.map { .init(facts: $0.facts, vulnerabilityCount: $0.vulnerabilities.count) }
        let states = vulnerabilityHalf.states
        let statusRows = vulnerabilityHalf.statusRows
        let remediations = remediationHalf.remediations
        let citations = remediationHalf.citations
        let edges = remediationHalf.edges

        // Products: every product tree's, and any ID a row names that no tree does.
        for entry in statusRows where names[entry.key.product] == nil { names[entry.key.product] = (nil, nil) }
        for state in remediations {
            for product in state.products where names[product] == nil { names[product] = (nil, nil) }
        }
        merged.products = names.keys.sorted().compactMap { id in names[id].map { (id, $0.name, $0.cpe) } }
        var productRows: [String: Int] = [:]
        productRows.reserveCapacity(merged.products.count)
        for (index, product) in merged.products.enumerated() { productRows[product.id] = index + 1 }

        // Vulnerabilities by CVE.
        let bySlot = states.indices.sorted { states[$0].best.cve < states[$1].best.cve }
        var vulnerabilityRows = [Int](repeating: 0, count: states.count)
        merged.vulnerabilities.reserveCapacity(states.count)
        for slot in bySlot {
            let state = states[slot]
            vulnerabilityRows[slot] = merged.vulnerabilities.count + 1
            var flags: VulnerabilityFlags = []
            if !state.best.cveIsWellFormed { flags.insert(.malformedCVE) }
            var published = state.firstRevised
            var revised = state.lastRevised
            if published == nil && revised == nil {
                flags.insert(.datesFromDocuments)
                published = state.firstDocumentDate
                revised = state.lastDocumentDate
            }
            merged.vulnerabilities.append(
                .init(
                    contribution: state.best, document: state.document, published: published, revised: revised,
                    flags: flags.rawValue))
        }

        // KB release attribution: the document citing the KB for the most CVEs (its own month), earliest on ties.
        var kbs: [Int: MergedDatabase.KB] = [:]
        for (kb, counts) in citations {
            guard let best = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
            let facts = merged.documents[best.key - 1].facts
            kbs[kb] = .init(kb: kb, released: facts.initialReleaseDate ?? facts.currentReleaseDate, document: best.key)
        }
        merged.kbs = kbs.values.sorted { $0.kb < $1.kb }

        // Per-product rows and remediations, ordered concurrently.
        let rows = vulnerabilityRows
        let documents = merged.documents
        async let orderedStatuses = orderStatuses(statusRows, productRows: productRows, vulnerabilityRows: rows)
        async let orderedRemediations = orderRemediations(
            remediations, productRows: productRows, vulnerabilityRows: rows, kbs: kbs, documents: documents)
        merged.statuses = await orderedStatuses
        (merged.remediations, merged.productSets) = await orderedRemediations
        merged.supersedence = edges.sorted { ($0.kb, $0.superseded) < ($1.kb, $1.superseded) }.map {
            ($0.kb, $0.superseded)
        }
        return merged
    }

    /// Status rows in primary-key order (product row, vulnerability row). Small keys are sorted, then the rows
    /// (which are large) taken in that order.
    private static func orderStatuses(
        _ statusRows: [(key: StatusKey, rank: Rank, row: StatusContribution, document: Int)],
        productRows: [String: Int], vulnerabilityRows: [Int]
    ) -> [MergedDatabase.Status] {
        var order = statusRows.indices.map { position in
            let key = statusRows[position].key
            return (
                product: productRows[key.product] ?? 0, vulnerability: vulnerabilityRows[key.slot], position: position
            )
        }
        order.sort { ($0.product, $0.vulnerability) < ($1.product, $1.vulnerability) }
        return order.map { entry in
            .init(
                product: entry.product, contribution: statusRows[entry.position].row,
                vulnerability: entry.vulnerability, document: statusRows[entry.position].document)
        }
    }

    /// Remediation rows in row order: product sets first (so each set's rows are one ID range), then
    /// vulnerability, then first seen; and the product sets with their ranges.
    private static func orderRemediations(
        _ remediations: [RemediationState], productRows: [String: Int], vulnerabilityRows: [Int],
        kbs: [Int: MergedDatabase.KB], documents: [MergedDatabase.Document]
    ) -> ([MergedDatabase.Remediation], [(products: [Int], first: Int, last: Int)]) {
        var sets: [[Int]: Int] = [:]
        var setProducts: [[Int]] = []
        var setOfRemediation = [Int](repeating: 0, count: remediations.count)
        for (position, state) in remediations.enumerated() {
            var products = state.products.compactMap { productRows[$0] }.sorted()
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
            (setOfRemediation[$0], vulnerabilityRows[remediations[$0].slot], $0)
                < (setOfRemediation[$1], vulnerabilityRows[remediations[$1].slot], $1)
        }
        var rows: [MergedDatabase.Remediation] = []
        rows.reserveCapacity(remediations.count)
        var productSets = setProducts.map { (products: $0, first: 0, last: -1) }
        for position in order {
            let state = remediations[position]
            let set = setOfRemediation[position]
            let row = rows.count + 1
            if productSets[set - 1].first == 0 { productSets[set - 1].first = row }
            productSets[set - 1].last = row
            let first = documents[(state.documents.min() ?? 1) - 1].facts
            let released =
                state.contribution.key.date.map { Date(timeIntervalSince1970: Double($0)) }
                ?? state.contribution.kb.flatMap { kbs[$0]?.released }
                ?? first.initialReleaseDate ?? first.currentReleaseDate
            rows.append(
                .init(
                    contribution: state.contribution, vulnerability: vulnerabilityRows[state.slot], released: released,
                    documents: state.documents.sorted(), productSet: set))
        }
        return (rows, productSets)
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
