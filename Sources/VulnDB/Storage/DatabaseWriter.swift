import Foundation
import MSRCModel

/// Writes a ``MergedDatabase`` into a new SQLite file, in one transaction, indexes last.
enum DatabaseWriter {
    /// Writes `merged` to the new file `path` (which must not exist), with `meta` entries beside the
    /// schema version, build date and builder version.
    static func write(
        _ merged: MergedDatabase, to path: String, builtAt: Date, meta extra: [String: String]
    ) throws(VulnDBError) {
        let connection = try SQLiteConnection(path: path, mode: .create)
        // A new file that is renamed into place only when complete needs no journal (DESIGN: atomic swap).
        try connection.execute(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
            PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA page_size = 4096;
            PRAGMA application_id = \(DatabaseSchema.applicationID); PRAGMA user_version = \(DatabaseSchema.version);
            """)
        try connection.execute("BEGIN")
        try connection.execute(DatabaseSchema.tables)
        var meta = extra
        meta[DatabaseSchema.Key.schemaVersion] = String(DatabaseSchema.version)
        meta[DatabaseSchema.Key.builtAt] = String(seconds(builtAt))
        meta[DatabaseSchema.Key.builderVersion] = VulnDBModule.version
        meta[DatabaseSchema.Key.builder] = "VulnDB"
        let insertMeta = try connection.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
        for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
            insertMeta.bind(key, at: 1)
            insertMeta.bind(value, at: 2)
            try insertMeta.run()
        }
        let texts = TextTable()
        try writeDocuments(merged, connection)
        try writeProducts(merged, connection)
        try writeVulnerabilities(merged, connection, texts)
        try writeStatuses(merged, connection, texts)
        try writeRemediations(merged, connection, texts)
        try writeGraph(merged, connection)
        try texts.write(connection)
        try connection.execute(DatabaseSchema.indexes)
        try connection.execute("COMMIT")
    }

    /// Unix seconds.
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded()) }

    /// Unix seconds, or `nil`.
    static func seconds(_ date: Date?) -> Int64? { date.map(seconds) }

    private static func writeDocuments(_ merged: MergedDatabase, _ connection: SQLiteConnection) throws(VulnDBError) {
        let insert = try connection.prepare(
            """
            INSERT INTO documents (id, document_id, title, format, sha256, size, initial_release_date,
                current_release_date, index_release_date, etag, last_modified, source, vulnerabilities)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let source = try connection.prepare("INSERT INTO document_sources (document, zstd) VALUES (?, ?)")
        for (index, document) in merged.documents.enumerated() {
            let facts = document.facts
            let row = Int64(index + 1)
            insert.bind(row, at: 1)
            insert.bind(facts.id, at: 2)
            insert.bind(facts.title, at: 3)
            insert.bind(facts.format, at: 4)
            insert.bind(facts.sha256, at: 5)
            insert.bind(facts.size, at: 6)
            insert.bind(seconds(facts.initialReleaseDate), at: 7)
            insert.bind(seconds(facts.currentReleaseDate), at: 8)
            insert.bind(facts.fetch?.indexReleaseDate, at: 9)
            insert.bind(facts.fetch?.etag, at: 10)
            insert.bind(facts.fetch?.lastModified, at: 11)
            insert.bind(facts.origin, at: 12)
            insert.bind(document.vulnerabilityCount, at: 13)
            try insert.run()
            source.bind(row, at: 1)
            source.bind(facts.compressed, at: 2)
            try source.run()
        }
    }

    private static func writeProducts(_ merged: MergedDatabase, _ connection: SQLiteConnection) throws(VulnDBError) {
        let insert = try connection.prepare(
            "INSERT INTO products (id, product_id, name, platform, component, cpe) VALUES (?, ?, ?, ?, ?, ?)")
        for (index, product) in merged.products.enumerated() {
            insert.bind(Int64(index + 1), at: 1)
            insert.bind(product.id, at: 2)
            insert.bind(product.name, at: 3)
            insert.bind(ProductKey.compoundPlatform(of: product.id), at: 4)
            insert.bind(ProductKey.compoundComponent(of: product.id), at: 5)
            insert.bind(product.cpe, at: 6)
            try insert.run()
        }
    }

    private static func writeVulnerabilities(
        _ merged: MergedDatabase, _ connection: SQLiteConnection, _ texts: TextTable
    ) throws(VulnDBError) {
        let insert = try connection.prepare(
            """
            INSERT INTO vulnerabilities (id, cve, title, description, flags, published, revised, exploit_status,
                publicly_disclosed, exploited, cwes, tags, cnas, document)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (index, vulnerability) in merged.vulnerabilities.enumerated() {
            let fields = vulnerability.contribution
            let exploit = fields.exploitStatus.map(ExploitStatus.init)
            insert.bind(Int64(index + 1), at: 1)
            insert.bind(fields.cve, at: 2)
            insert.bind(fields.title, at: 3)
            insert.bind(fields.description, at: 4)
            insert.bind(vulnerability.flags, at: 5)
            insert.bind(seconds(vulnerability.published), at: 6)
            insert.bind(seconds(vulnerability.revised), at: 7)
            insert.bind(texts.id(fields.exploitStatus), at: 8)
            insert.bind(exploit?.publiclyDisclosed.map { $0 ? 1 : 0 }, at: 9)
            insert.bind(exploit?.exploited.map { $0 ? 1 : 0 }, at: 10)
            insert.bind(texts.id(TextList.join(fields.cwes)), at: 11)
            insert.bind(texts.id(TextList.join(fields.tags)), at: 12)
            insert.bind(texts.id(TextList.join(fields.cnas)), at: 13)
            insert.bind(vulnerability.document, at: 14)
            try insert.run()
        }
    }

    private static func writeStatuses(
        _ merged: MergedDatabase, _ connection: SQLiteConnection, _ texts: TextTable
    ) throws(VulnDBError) {
        let insert = try connection.prepare(
            """
            INSERT INTO product_status (product, vulnerability, status, severity, impact, base_score, temporal_score,
                vector, document)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for status in merged.statuses {
            let row = status.contribution
            insert.bind(status.product, at: 1)
            insert.bind(status.vulnerability, at: 2)
            insert.bind(texts.id(row.status), at: 3)
            insert.bind(texts.id(row.severity), at: 4)
            insert.bind(texts.id(row.impact), at: 5)
            insert.bind(row.baseScore, at: 6)
            insert.bind(row.temporalScore, at: 7)
            insert.bind(texts.id(row.vector), at: 8)
            insert.bind(status.document, at: 9)
            try insert.run()
        }
    }

    private static func writeRemediations(
        _ merged: MergedDatabase, _ connection: SQLiteConnection, _ texts: TextTable
    ) throws(VulnDBError) {
        let insert = try connection.prepare(
            """
            INSERT INTO remediations (id, product_set, vulnerability, type, description, kb, sub_type, hotpatch,
                fixed_build, build_major, build_minor, build_number, build_revision, url, restart, supersedence,
                released, document)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var citations: [(remediation: Int, document: Int)] = []
        for (index, remediation) in merged.remediations.enumerated() {
            let row = index + 1
            let fields = remediation.contribution
            let components = fields.buildComponents
            func component(_ position: Int) -> Int64? {
                components.count > position ? Int64(clamping: components[position]) : nil
            }
            insert.bind(row, at: 1)
            insert.bind(remediation.productSet, at: 2)
            insert.bind(remediation.vulnerability, at: 3)
            insert.bind(texts.id(fields.key.type), at: 4)
            insert.bind(texts.id(fields.key.description), at: 5)
            insert.bind(fields.kb, at: 6)
            insert.bind(texts.id(fields.key.subType), at: 7)
            insert.bind(fields.isHotpatch ? 1 : 0, at: 8)
            insert.bind(texts.id(fields.key.fixedBuild), at: 9)
            insert.bind(component(0), at: 10)
            insert.bind(component(1), at: 11)
            insert.bind(component(2), at: 12)
            insert.bind(component(3), at: 13)
            insert.bind(texts.id(fields.key.url), at: 14)
            insert.bind(texts.id(fields.key.restart), at: 15)
            insert.bind(texts.id(fields.key.supersedence), at: 16)
            insert.bind(seconds(remediation.released), at: 17)
            insert.bind(remediation.documents.first ?? 1, at: 18)
            try insert.run()
            for document in remediation.documents.dropFirst() { citations.append((row, document)) }
        }
        let citation = try connection.prepare(
            "INSERT INTO remediation_citations (remediation, document) VALUES (?, ?)")
        for entry in citations {
            citation.bind(entry.remediation, at: 1)
            citation.bind(entry.document, at: 2)
            try citation.run()
        }
        let set = try connection.prepare(
            "INSERT INTO product_sets (id, first_remediation, last_remediation) VALUES (?, ?, ?)")
        var members: [(product: Int, set: Int)] = []
        for (index, entry) in merged.productSets.enumerated() {
            set.bind(index + 1, at: 1)
            set.bind(entry.first, at: 2)
            set.bind(entry.last, at: 3)
            try set.run()
            for product in entry.products { members.append((product, index + 1)) }
        }
        members.sort { ($0.product, $0.set) < ($1.product, $1.set) }
        let member = try connection.prepare("INSERT INTO product_set_members (product, product_set) VALUES (?, ?)")
        for entry in members {
            member.bind(entry.product, at: 1)
            member.bind(entry.set, at: 2)
            try member.run()
        }
    }

    private static func writeGraph(_ merged: MergedDatabase, _ connection: SQLiteConnection) throws(VulnDBError) {
        let kb = try connection.prepare("INSERT INTO kbs (kb, released, document) VALUES (?, ?, ?)")
        for entry in merged.kbs {
            kb.bind(entry.kb, at: 1)
            kb.bind(seconds(entry.released), at: 2)
            kb.bind(entry.document, at: 3)
            try kb.run()
        }
        let edge = try connection.prepare("INSERT INTO supersedence (kb, superseded) VALUES (?, ?)")
        for entry in merged.supersedence {
            edge.bind(entry.kb, at: 1)
            edge.bind(entry.superseded, at: 2)
            try edge.run()
        }
    }
}
