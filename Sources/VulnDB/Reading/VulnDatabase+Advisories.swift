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
private struct AdvisoryLoader {
    let connection: SQLiteConnection
    /// Text ID → text.
    private var texts: [Int64: String] = [:]
    /// Document row → document ID.
    private var documents: [Int64: String] = [:]

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    mutating func load(
        _ productIDs: [String], includingCompoundProducts: Bool
    ) throws(VulnDBError) -> ProductAdvisories {
        var requested: [String] = []
        for id in productIDs where !requested.contains(id) { requested.append(id) }
        let products = try loadProducts(requested, compounds: includingCompoundProducts)
        let documentQuery = try connection.prepare("SELECT id, document_id FROM documents")
        while try documentQuery.step() { documents[documentQuery.int64(0)] = documentQuery.text(1) ?? "" }

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
        var vulnerabilityIDs: Set<Int64> = []
        vulnerabilityIDs.reserveCapacity(statusRows.count)
        for row in statusRows { vulnerabilityIDs.insert(row.vulnerability) }
        for row in remediationRows { vulnerabilityIDs.insert(row.vulnerability) }
        let vulnerabilityRows = try loadVulnerabilities(vulnerabilityIDs.sorted())
        var textIDs: Set<Int64> = []
        func note(_ id: Int64?) {
            if let id { textIDs.insert(id) }
        }
        for row in statusRows {
            note(row.status)
            note(row.severity)
            note(row.impact)
            note(row.vector)
        }
        for row in remediationRows {
            note(row.type)
            note(row.description)
            note(row.subType)
            note(row.fixedBuild)
            note(row.url)
            note(row.restart)
            note(row.supersedence)
        }
        for row in vulnerabilityRows {
            note(row.exploitStatus)
            note(row.cwes)
            note(row.tags)
            note(row.cnas)
        }
        try loadTexts(textIDs.sorted())

        // Values, each distinct text parsed once.
        var exploitStatuses: [Int64: ExploitStatus] = [:]
        var lists: [Int64: [String]] = [:]
        var vulnerabilities: [VulnerabilityRecord] = []
        vulnerabilities.reserveCapacity(vulnerabilityRows.count)
        var cves: [Int64: String] = [:]
        for row in vulnerabilityRows {
            cves[row.id] = row.cve
            vulnerabilities.append(
                VulnerabilityRecord(
                    cve: row.cve, title: row.title, description: row.description,
                    flags: VulnerabilityFlags(rawValue: row.flags), published: VulnDatabase.date(row.published),
                    revised: VulnDatabase.date(row.revised),
                    exploitStatus: cached(row.exploitStatus, in: &exploitStatuses, ExploitStatus.init),
                    cwes: cached(row.cwes, in: &lists, TextList.split) ?? [],
                    tags: cached(row.tags, in: &lists, TextList.split) ?? [],
                    cnas: cached(row.cnas, in: &lists, TextList.split) ?? [], documentID: documents[row.document] ?? "")
            )
        }

        var severities: [Int64: Severity] = [:]
        var statusTypes: [Int64: ProductStatusType] = [:]
        statusRows.sort { ($0.vulnerability, $0.productID) < ($1.vulnerability, $1.productID) }
        var statuses: [ProductStatusRecord] = []
        statuses.reserveCapacity(statusRows.count)
        for row in statusRows {
            statuses.append(
                ProductStatusRecord(
                    cve: cves[row.vulnerability] ?? "", productID: row.productID,
                    status: cached(row.status, in: &statusTypes, ProductStatusType.init(rawValue:)),
                    severity: cached(row.severity, in: &severities, Severity.init(rawValue:)),
                    impact: row.impact.flatMap { texts[$0] }, baseScore: row.baseScore,
                    temporalScore: row.temporalScore, vector: row.vector.flatMap { texts[$0] },
                    documentID: documents[row.document] ?? ""))
        }

        var types: [Int64: RemediationType] = [:]
        var builds: [Int64: BuildVersion] = [:]
        var restarts: [Int64: RestartRequirement] = [:]
        var supersedences: [Int64: Supersedence] = [:]
        remediationRows.sort { ($0.vulnerability, $0.id) < ($1.vulnerability, $1.id) }
        var remediations: [RemediationRecord] = []
        remediations.reserveCapacity(remediationRows.count)
        for row in remediationRows {
            remediations.append(
                RemediationRecord(
                    id: row.id, cve: cves[row.vulnerability] ?? "",
                    type: cached(row.type, in: &types, RemediationType.init(rawValue:))
                        ?? RemediationType(rawValue: ""),
                    description: row.description.flatMap { texts[$0] }, kb: row.kb,
                    subType: row.subType.flatMap { texts[$0] }, isHotpatch: row.isHotpatch,
                    fixedBuild: cached(row.fixedBuild, in: &builds, BuildVersion.init),
                    url: row.url.flatMap { texts[$0] },
                    restartRequired: cached(row.restart, in: &restarts, RestartRequirement.init(rawValue:)),
                    supersedence: cached(row.supersedence, in: &supersedences, Supersedence.init),
                    released: VulnDatabase.date(row.released),
                    productIDs: row.products,
                    documentID: documents[row.document] ?? ""))
        }

        return ProductAdvisories(
            requestedProductIDs: requested, products: products.map(\.value), vulnerabilities: vulnerabilities,
            statuses: statuses, remediations: remediations, supersedence: try VulnDatabase.supersedenceGraph(connection)
        )
    }

    /// The parsed value of text `id`, parsing each distinct text once.
    private func cached<Value>(_ id: Int64?, in cache: inout [Int64: Value], _ parse: (String) -> Value) -> Value? {
        guard let id else { return nil }
        if let value = cache[id] { return value }
        guard let text = texts[id] else { return nil }
        let value = parse(text)
        cache[id] = value
        return value
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

    /// The vulnerability rows with the given IDs.
    private func loadVulnerabilities(_ ids: [Int64]) throws(VulnDBError) -> [VulnerabilityRow] {
        let statement = try connection.prepare(
            """
            SELECT cve, title, description, flags, published, revised, exploit_status, cwes, tags, cnas, document
            FROM vulnerabilities WHERE id = ?1
            """)
        var rows: [VulnerabilityRow] = []
        rows.reserveCapacity(ids.count)
        for id in ids {
            statement.bind(id, at: 1)
            if try statement.step() {
                rows.append(
                    VulnerabilityRow(
                        id: id, cve: statement.text(0) ?? "", title: statement.text(1), description: statement.text(2),
                        flags: Int(statement.int64(3)), published: statement.optionalInt64(4),
                        revised: statement.optionalInt64(5), exploitStatus: statement.nonZero(6),
                        cwes: statement.nonZero(7), tags: statement.nonZero(8),
                        cnas: statement.nonZero(9), document: statement.int64(10)))
            }
            statement.reset()
        }
        return rows
    }

    /// Reads the texts with the given IDs (ascending): one pass over the table, making strings of those only.
    private mutating func loadTexts(_ ids: [Int64]) throws(VulnDBError) {
        guard let first = ids.first, let last = ids.last else { return }
        let statement = try connection.prepare("SELECT id, text FROM texts WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
        statement.bind(first, at: 1)
        statement.bind(last, at: 2)
        texts.reserveCapacity(ids.count)
        var next = 0
        while next < ids.count, try statement.step() {
            let id = statement.int64(0)
            while next < ids.count && ids[next] < id { next += 1 }
            if next < ids.count && ids[next] == id {
                texts[id] = statement.text(1) ?? ""
                next += 1
            }
        }
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
