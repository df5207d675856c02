import Foundation
import MSRCModel

extension VulnDatabase {
    /// Loads everything that affects `productIDs`: their vulnerabilities, per-product status rows, remediation
    /// rows and the supersedence graph. With `includingCompoundProducts` (the default), a plain ID also
    /// brings the compound products on it (`11923` → `12079-11923`, .NET on Windows Server 2022).
    ///
    /// The products are found through `products.product_id` and `products.platform`; every other lookup
    /// goes through the per-product tables' primary keys, in one read transaction.
    public func advisories(
        affecting productIDs: [String], includingCompoundProducts: Bool = true
    ) throws(VulnDBError) -> ProductAdvisories {
        try withConnection { connection throws(VulnDBError) in
            // One read transaction: one shared lock for every statement instead of one each.
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var loader = AdvisoryLoader(connection: connection)
            return try loader.load(productIDs, includingCompoundProducts: includingCompoundProducts)
        }
    }

    /// The whole supersedence graph.
    public func supersedenceGraph() throws(VulnDBError) -> SupersedenceGraph {
        try withConnection { connection throws(VulnDBError) in try Self.supersedenceGraph(connection) }
    }

    /// The whole supersedence graph, read through `connection`.
    static func supersedenceGraph(_ connection: SQLiteConnection) throws(VulnDBError) -> SupersedenceGraph {
        let statement = try connection.prepare("SELECT kb, superseded FROM supersedence ORDER BY kb, superseded")
        var edges: [Int: [Int]] = [:]
        while try statement.step() {
            edges[Int(statement.int64(0)), default: []].append(Int(statement.int64(1)))
        }
        return SupersedenceGraph(edges: edges)
    }
}

/// One load of ``ProductAdvisories``: rows are read with their texts as IDs, each distinct text is read
/// (and parsed, for exploit statuses, builds and supersedence lists) once.
///
/// Texts, documents and vulnerabilities are looked up by their row ID in dense tables rather than
/// dictionaries: a load makes ~100,000 such look-ups (every text column of ~19,000 rows), and hashing them
/// was a tenth of its time. The tables are sized by the largest row ID (`max(id)`, read from the B-tree's
/// last entry), a few hundred KB for the full MSRC history.
private struct AdvisoryLoader {
    let connection: SQLiteConnection
    /// Text row ID → text, for the texts this load uses.
    private var texts: [String?] = []
    /// Document row ID → document ID.
    private var documents: [String?] = []

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    mutating func load(
        _ productIDs: [String], includingCompoundProducts: Bool
    ) throws(VulnDBError) -> ProductAdvisories {
        var requested: [String] = []
        for id in productIDs where !requested.contains(id) { requested.append(id) }
        let products = try loadProducts(requested, compounds: includingCompoundProducts)
        documents = try denseTable("SELECT id, document_id FROM documents", size: "SELECT max(id) FROM documents")

        // Per-product status rows.
        var statusRows: [StatusRow] = []
        let statusQuery = try connection.prepare(
            """
            SELECT vulnerability, status, severity, impact, base_score, temporal_score, vector, document
            FROM product_status WHERE product = ?1
            """)
        for product in products {
            statusQuery.bind(product.row, at: 1)
            while try statusQuery.step() {
                statusRows.append(
                    StatusRow(
                        productID: product.value.id, vulnerability: statusQuery.int64(0),
                        status: statusQuery.nonZero(1), severity: statusQuery.nonZero(2),
                        impact: statusQuery.nonZero(3), baseScore: statusQuery.double(4),
                        temporalScore: statusQuery.double(5), vector: statusQuery.nonZero(6),
                        document: statusQuery.int64(7)))
            }
            statusQuery.reset()
        }

        // Remediation rows naming a loaded product: the product sets holding one, then each set's rows (one ID
        // range each); a row's products are the loaded members of its set.
        var setProducts: [Int64: [String]] = [:]
        var setRanges: [Int64: (first: Int64, last: Int64)] = [:]
        let memberQuery = try connection.prepare(
            """
            SELECT m.product_set, s.first_remediation, s.last_remediation
            FROM product_set_members m JOIN product_sets s ON s.id = m.product_set WHERE m.product = ?1
            """)
        for product in products {
            memberQuery.bind(product.row, at: 1)
            while try memberQuery.step() {
                let set = memberQuery.int64(0)
                setProducts[set, default: []].append(product.value.id)
                setRanges[set] = (memberQuery.int64(1), memberQuery.int64(2))
            }
            memberQuery.reset()
        }
        var remediationRows: [RemediationRow] = []
        remediationRows.reserveCapacity(setRanges.values.reduce(0) { $0 + Int($1.last - $1.first + 1) })
        let remediationQuery = try connection.prepare(
            """
            SELECT id, vulnerability, type, description, kb, sub_type, hotpatch, fixed_build, url, restart,
                supersedence, released, document
            FROM remediations WHERE id BETWEEN ?1 AND ?2
            """)
        for (set, named) in setProducts.sorted(by: { $0.key < $1.key }) {
            guard let range = setRanges[set] else { continue }
            let named = named.sorted()
            remediationQuery.bind(range.first, at: 1)
            remediationQuery.bind(range.last, at: 2)
            while try remediationQuery.step() {
                remediationRows.append(
                    RemediationRow(
                        id: remediationQuery.int64(0), vulnerability: remediationQuery.int64(1),
                        type: remediationQuery.int64(2), description: remediationQuery.nonZero(3),
                        kb: remediationQuery.nonZero(4).map { Int($0) }, subType: remediationQuery.nonZero(5),
                        isHotpatch: remediationQuery.int64(6) != 0, fixedBuild: remediationQuery.nonZero(7),
                        url: remediationQuery.nonZero(8), restart: remediationQuery.nonZero(9),
                        supersedence: remediationQuery.nonZero(10), released: remediationQuery.nonZero(11),
                        document: remediationQuery.int64(12), products: named))
            }
            remediationQuery.reset()
        }

        // The vulnerabilities, and every text the rows name.
        var vulnerabilityIDs = RowSet(capacity: try largestID("vulnerabilities"))
        for row in statusRows { vulnerabilityIDs.insert(row.vulnerability) }
        for row in remediationRows { vulnerabilityIDs.insert(row.vulnerability) }
        let vulnerabilityRows = try loadVulnerabilities(vulnerabilityIDs)
        var textIDs = RowSet(capacity: try largestID("texts"))
        for row in statusRows {
            textIDs.insert(row.status)
            textIDs.insert(row.severity)
            textIDs.insert(row.impact)
            textIDs.insert(row.vector)
        }
        for row in remediationRows {
            textIDs.insert(row.type)
            textIDs.insert(row.description)
            textIDs.insert(row.subType)
            textIDs.insert(row.fixedBuild)
            textIDs.insert(row.url)
            textIDs.insert(row.restart)
            textIDs.insert(row.supersedence)
        }
        for row in vulnerabilityRows {
            textIDs.insert(row.exploitStatus)
            textIDs.insert(row.cwes)
            textIDs.insert(row.tags)
            textIDs.insert(row.cnas)
        }
        try loadTexts(textIDs)

        // Values, each distinct text parsed once (the plain wrappers — severity, status, type, restart — only
        // hold the text, so they are made per row).
        var exploitStatuses = ParsedTexts<ExploitStatus>(capacity: texts.count)
        var lists = ParsedTexts<[String]>(capacity: texts.count)
        var vulnerabilities: [VulnerabilityRecord] = []
        vulnerabilities.reserveCapacity(vulnerabilityRows.count)
        var cves = [String?](repeating: nil, count: vulnerabilityIDs.capacity)
        for row in vulnerabilityRows {
            cves[Int(row.id)] = row.cve
            vulnerabilities.append(
                VulnerabilityRecord(
                    cve: row.cve, title: row.title, description: row.description,
                    flags: VulnerabilityFlags(rawValue: row.flags), published: VulnDatabase.date(row.published),
                    revised: VulnDatabase.date(row.revised),
                    exploitStatus: exploitStatuses.value(row.exploitStatus, texts, ExploitStatus.init),
                    cwes: lists.value(row.cwes, texts, TextList.split) ?? [],
                    tags: lists.value(row.tags, texts, TextList.split) ?? [],
                    cnas: lists.value(row.cnas, texts, TextList.split) ?? [], documentID: document(row.document))
            )
        }

        statusRows.sort { ($0.vulnerability, $0.productID) < ($1.vulnerability, $1.productID) }
        var statuses: [ProductStatusRecord] = []
        statuses.reserveCapacity(statusRows.count)
        for row in statusRows {
            statuses.append(
                ProductStatusRecord(
                    cve: cve(row.vulnerability, cves), productID: row.productID,
                    status: text(row.status).map(ProductStatusType.init(rawValue:)),
                    severity: text(row.severity).map(Severity.init(rawValue:)),
                    impact: text(row.impact), baseScore: row.baseScore,
                    temporalScore: row.temporalScore, vector: text(row.vector),
                    documentID: document(row.document)))
        }

        var builds = ParsedTexts<BuildVersion>(capacity: texts.count)
        var supersedences = ParsedTexts<Supersedence>(capacity: texts.count)
        remediationRows.sort { ($0.vulnerability, $0.id) < ($1.vulnerability, $1.id) }
        var remediations: [RemediationRecord] = []
        remediations.reserveCapacity(remediationRows.count)
        for row in remediationRows {
            remediations.append(
                RemediationRecord(
                    id: row.id, cve: cve(row.vulnerability, cves),
                    type: RemediationType(rawValue: text(row.type) ?? ""),
                    description: text(row.description), kb: row.kb,
                    subType: text(row.subType), isHotpatch: row.isHotpatch,
                    fixedBuild: builds.value(row.fixedBuild, texts, BuildVersion.init),
                    url: text(row.url),
                    restartRequired: text(row.restart).map(RestartRequirement.init(rawValue:)),
                    supersedence: supersedences.value(row.supersedence, texts, Supersedence.init),
                    released: VulnDatabase.date(row.released),
                    productIDs: row.products,
                    documentID: document(row.document)))
        }

        return ProductAdvisories(
            requestedProductIDs: requested, products: products.map(\.value), vulnerabilities: vulnerabilities,
            statuses: statuses, remediations: remediations, supersedence: try VulnDatabase.supersedenceGraph(connection)
        )
    }

    /// Text `id`, when loaded.
    private func text(_ id: Int64?) -> String? {
        guard let id, id >= 0, id < texts.count else { return nil }
        return texts[Int(id)]
    }

    /// The document ID of document row `id` ("" when unknown).
    private func document(_ id: Int64) -> String {
        guard id >= 0, id < documents.count else { return "" }
        return documents[Int(id)] ?? ""
    }

    /// The CVE of vulnerability row `id` ("" when unknown).
    private func cve(_ id: Int64, _ cves: [String?]) -> String {
        guard id >= 0, id < cves.count else { return "" }
        return cves[Int(id)] ?? ""
    }

    /// The largest row ID of `table` plus one (0 for an empty table): the size of a dense table over its IDs.
    private func largestID(_ table: String) throws(VulnDBError) -> Int {
        Int(try connection.integer("SELECT max(id) FROM \(table)") ?? 0) + 1
    }

    /// A dense table (row ID → text) of the `(id, text)` rows `sql` returns, sized by `size`'s `max(id)`.
    private func denseTable(_ sql: String, size: String) throws(VulnDBError) -> [String?] {
        let count = Int(try connection.integer(size) ?? 0) + 1
        var table = [String?](repeating: nil, count: count)
        let statement = try connection.prepare(sql)
        while try statement.step() {
            let id = statement.int64(0)
            if id >= 0 && id < count { table[Int(id)] = statement.text(1) ?? "" }
        }
        return table
    }

    /// The product rows `requested` selects (with compound products on plain IDs when `compounds`), by ID.
    private func loadProducts(
        _ requested: [String], compounds: Bool
    ) throws(VulnDBError) -> [(row: Int64, value: Product)] {
        let exact = try connection.prepare("SELECT id, product_id, name, cpe FROM products WHERE product_id = ?1")
        let onPlatform = try connection.prepare(
            "SELECT id, product_id, name, cpe FROM products WHERE platform = ?1 ORDER BY product_id")
        var rows: [Int64: Product] = [:]
        func read(_ statement: SQLiteStatement) throws(VulnDBError) {
            while try statement.step() {
                let id = statement.text(1) ?? ""
                rows[statement.int64(0)] = Product(id: id, name: statement.text(2) ?? "", cpe: statement.text(3))
            }
            statement.reset()
        }
        for id in requested {
            exact.bind(id, at: 1)
            try read(exact)
            if compounds && ProductKey.compoundPlatform(of: id) == nil {
                onPlatform.bind(id, at: 1)
                try read(onPlatform)
            }
        }
        return rows.map { ($0.key, $0.value) }.sorted { $0.value.id < $1.value.id }
    }

    /// The vulnerability rows in `ids`, in ID order: one pass over their ID range when the set is dense
    /// enough (a step is cheaper than a B-tree descent), else a look-up each.
    private func loadVulnerabilities(_ ids: RowSet) throws(VulnDBError) -> [VulnerabilityRow] {
        guard let first = ids.first, let last = ids.last else { return [] }
        let columns =
            "id, cve, title, description, flags, published, revised, exploit_status, cwes, tags, cnas, document"
        var rows: [VulnerabilityRow] = []
        rows.reserveCapacity(ids.count)
        func row(_ statement: SQLiteStatement) -> VulnerabilityRow {
            VulnerabilityRow(
                id: statement.int64(0), cve: statement.text(1) ?? "", title: statement.text(2),
                description: statement.text(3), flags: Int(statement.int64(4)), published: statement.optionalInt64(5),
                revised: statement.optionalInt64(6), exploitStatus: statement.nonZero(7), cwes: statement.nonZero(8),
                tags: statement.nonZero(9), cnas: statement.nonZero(10), document: statement.int64(11))
        }
        if last - first < 4 * Int64(ids.count) {
            let statement = try connection.prepare(
                "SELECT \(columns) FROM vulnerabilities WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
            statement.bind(first, at: 1)
            statement.bind(last, at: 2)
            while try statement.step() {
                if ids.contains(statement.int64(0)) { rows.append(row(statement)) }
            }
        } else {
            let statement = try connection.prepare("SELECT \(columns) FROM vulnerabilities WHERE id = ?1")
            for id in ids.members {
                statement.bind(id, at: 1)
                if try statement.step() { rows.append(row(statement)) }
                statement.reset()
            }
        }
        return rows
    }

    /// Reads the texts in `ids` into ``texts``: one pass over their ID range, making strings of those only.
    private mutating func loadTexts(_ ids: RowSet) throws(VulnDBError) {
        texts = [String?](repeating: nil, count: ids.capacity)
        guard let first = ids.first, let last = ids.last else { return }
        let statement = try connection.prepare("SELECT id, text FROM texts WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
        statement.bind(first, at: 1)
        statement.bind(last, at: 2)
        while try statement.step() {
            let id = statement.int64(0)
            if ids.contains(id) { texts[Int(id)] = statement.text(1) ?? "" }
        }
    }
}

/// A set of row IDs below a known bound, as one flag per ID: inserting and testing cost an index, not a hash.
private struct RowSet {
    /// One past the largest ID the set can hold.
    let capacity: Int
    /// Whether each ID is in the set.
    private var flags: [Bool]
    /// How many IDs are in the set.
    private(set) var count = 0
    /// The smallest ID in the set.
    private(set) var first: Int64?
    /// The largest ID in the set.
    private(set) var last: Int64?

    /// An empty set for IDs `0..<capacity`.
    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        flags = [Bool](repeating: false, count: self.capacity)
    }

    /// Adds `id` (ignoring `nil` and IDs outside the bound, which no row of the table can have).
    mutating func insert(_ id: Int64?) {
        guard let id, id >= 0, id < capacity, !flags[Int(id)] else { return }
        flags[Int(id)] = true
        count += 1
        first = min(first ?? id, id)
        last = max(last ?? id, id)
    }

    /// Whether `id` is in the set.
    func contains(_ id: Int64) -> Bool { id >= 0 && id < capacity && flags[Int(id)] }

    /// The IDs in ascending order.
    var members: [Int64] {
        guard let first, let last else { return [] }
        return (first...last).filter { flags[Int($0)] }
    }
}

/// Each distinct text's parsed value, computed on first use: a dense slot per text row ID.
private struct ParsedTexts<Value> {
    /// Text row ID → 1 + index into ``values`` (0: not parsed yet).
    private var slots: [Int32]
    /// The parsed values.
    private var values: [Value] = []

    /// An empty cache for text IDs `0..<capacity`.
    init(capacity: Int) { slots = [Int32](repeating: 0, count: capacity) }

    /// The parsed value of text `id` (`nil` when `id` is `nil` or the text was not loaded).
    mutating func value(_ id: Int64?, _ texts: [String?], _ parse: (String) -> Value) -> Value? {
        guard let id, id >= 0, id < slots.count else { return nil }
        let slot = slots[Int(id)]
        if slot > 0 { return values[Int(slot) - 1] }
        guard let text = texts[Int(id)] else { return nil }
        let value = parse(text)
        values.append(value)
        slots[Int(id)] = Int32(values.count)
        return value
    }
}

/// A vulnerability row as stored.
private struct VulnerabilityRow {
    let id: Int64
    let cve: String
    let title: String?
    let description: String?
    let flags: Int
    let published: Int64?
    let revised: Int64?
    let exploitStatus: Int64?
    let cwes: Int64?
    let tags: Int64?
    let cnas: Int64?
    let document: Int64
}

/// A status row as stored.
private struct StatusRow {
    let productID: String
    let vulnerability: Int64
    let status: Int64?
    let severity: Int64?
    let impact: Int64?
    let baseScore: Double?
    let temporalScore: Double?
    let vector: Int64?
    let document: Int64
}

/// A remediation row as stored, with the loaded products that name it.
private struct RemediationRow {
    let id: Int64
    let vulnerability: Int64
    let type: Int64
    let description: Int64?
    let kb: Int?
    let subType: Int64?
    let isHotpatch: Bool
    let fixedBuild: Int64?
    let url: Int64?
    let restart: Int64?
    let supersedence: Int64?
    let released: Int64?
    let document: Int64
    let products: [String]
}
