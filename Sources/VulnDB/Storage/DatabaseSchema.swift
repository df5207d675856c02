/// The database layout, version 1. One SQLite file; dates are Unix seconds (UTC); every row says which
/// document(s) it came from. `PRAGMA application_id` marks the file as this module's, `PRAGMA user_version`
/// and `meta.schema_version` hold the schema version.
enum DatabaseSchema {
    /// The schema version this module writes and reads.
    static let version = 1

    /// `PRAGMA application_id`: "WSDB".
    static let applicationID: Int64 = 0x5753_4442

    /// The tables, created before the rows are inserted. A remediation names its products through a product
    /// set (the distinct product lists, `product_set_members`), and remediation IDs are numbered set by set,
    /// so a set's rows are one ID range (`product_sets`): everything for a product is a few range scans. A
    /// remediation's `document` is the first document citing it, `remediation_citations` the later ones.
    /// Repeated texts (statuses, severities, impacts, CVSS vectors, remediation types, sub-types, URLs, fixed
    /// builds, supersedence lists, exploit statuses, CWE and tag lists) are stored once in `texts` and
    /// referenced by ID; the `*_view` views join them back.
    static let tables = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL UNIQUE,
            title TEXT,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            initial_release_date INTEGER,
            current_release_date INTEGER,
            index_release_date INTEGER,
            etag TEXT,
            last_modified TEXT,
            source TEXT NOT NULL,
            vulnerabilities INTEGER NOT NULL
        );
        CREATE TABLE document_sources (
            document INTEGER PRIMARY KEY REFERENCES documents(id),
            zstd BLOB NOT NULL
        );
        CREATE TABLE texts (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL
        );
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            product_id TEXT NOT NULL,
            name TEXT,
            platform TEXT,
            component TEXT,
            cpe TEXT
        );
        CREATE TABLE vulnerabilities (
            id INTEGER PRIMARY KEY,
            cve TEXT NOT NULL,
            title TEXT,
            description TEXT,
            flags INTEGER NOT NULL,
            published INTEGER,
            revised INTEGER,
            exploit_status INTEGER REFERENCES texts(id),
            publicly_disclosed INTEGER,
            exploited INTEGER,
            cwes INTEGER REFERENCES texts(id),
            tags INTEGER REFERENCES texts(id),
            cnas INTEGER REFERENCES texts(id),
            document INTEGER NOT NULL REFERENCES documents(id)
        );
        CREATE TABLE product_status (
            product INTEGER NOT NULL REFERENCES products(id),
            vulnerability INTEGER NOT NULL REFERENCES vulnerabilities(id),
            status INTEGER REFERENCES texts(id),
            severity INTEGER REFERENCES texts(id),
            impact INTEGER REFERENCES texts(id),
            base_score REAL,
            temporal_score REAL,
            vector INTEGER REFERENCES texts(id),
            document INTEGER NOT NULL REFERENCES documents(id),
            PRIMARY KEY (product, vulnerability)
        ) WITHOUT ROWID;
        CREATE TABLE product_sets (
            id INTEGER PRIMARY KEY,
            first_remediation INTEGER NOT NULL,
            last_remediation INTEGER NOT NULL
        );
        CREATE TABLE product_set_members (
            product INTEGER NOT NULL REFERENCES products(id),
            product_set INTEGER NOT NULL REFERENCES product_sets(id),
            PRIMARY KEY (product, product_set)
        ) WITHOUT ROWID;
        CREATE TABLE remediations (
            id INTEGER PRIMARY KEY,
            product_set INTEGER NOT NULL REFERENCES product_sets(id),
            vulnerability INTEGER NOT NULL REFERENCES vulnerabilities(id),
            type INTEGER NOT NULL REFERENCES texts(id),
            description INTEGER REFERENCES texts(id),
            kb INTEGER,
            sub_type INTEGER REFERENCES texts(id),
            hotpatch INTEGER NOT NULL,
            fixed_build INTEGER REFERENCES texts(id),
            build_major INTEGER,
            build_minor INTEGER,
            build_number INTEGER,
            build_revision INTEGER,
            url INTEGER REFERENCES texts(id),
            restart INTEGER REFERENCES texts(id),
            supersedence INTEGER REFERENCES texts(id),
            released INTEGER,
            document INTEGER NOT NULL REFERENCES documents(id)
        );
        CREATE TABLE remediation_citations (
            remediation INTEGER NOT NULL REFERENCES remediations(id),
            document INTEGER NOT NULL REFERENCES documents(id),
            PRIMARY KEY (remediation, document)
        ) WITHOUT ROWID;
        CREATE TABLE kbs (
            kb INTEGER PRIMARY KEY,
            released INTEGER,
            document INTEGER NOT NULL REFERENCES documents(id)
        );
        CREATE TABLE supersedence (
            kb INTEGER NOT NULL,
            superseded INTEGER NOT NULL,
            PRIMARY KEY (kb, superseded)
        ) WITHOUT ROWID;
        """

    /// The secondary indexes, created after the rows are inserted (faster than maintaining them), and the
    /// views that spell the rows out for people using `sqlite3`.
    static let indexes = """
        CREATE UNIQUE INDEX texts_by_text ON texts(text);
        CREATE UNIQUE INDEX products_by_product_id ON products(product_id);
        CREATE INDEX products_by_platform ON products(platform) WHERE platform IS NOT NULL;
        CREATE UNIQUE INDEX vulnerabilities_by_cve ON vulnerabilities(cve);
        CREATE INDEX product_status_by_vulnerability ON product_status(vulnerability);
        CREATE INDEX product_set_members_by_set ON product_set_members(product_set, product);
        CREATE INDEX remediations_by_vulnerability ON remediations(vulnerability);
        CREATE INDEX remediations_by_kb ON remediations(kb) WHERE kb IS NOT NULL;
        CREATE INDEX supersedence_by_superseded ON supersedence(superseded, kb);
        CREATE VIEW product_status_view AS
            SELECT p.product_id AS product, v.cve, st.text AS status, se.text AS severity, im.text AS impact,
                s.base_score, s.temporal_score, ve.text AS vector, d.document_id AS document
            FROM product_status s JOIN products p ON p.id = s.product JOIN vulnerabilities v ON v.id = s.vulnerability
            JOIN documents d ON d.id = s.document LEFT JOIN texts st ON st.id = s.status
            LEFT JOIN texts se ON se.id = s.severity LEFT JOIN texts im ON im.id = s.impact
            LEFT JOIN texts ve ON ve.id = s.vector;
        CREATE VIEW remediation_view AS
            SELECT r.id, v.cve, ty.text AS type, de.text AS description, r.kb, su.text AS sub_type, r.hotpatch,
                fb.text AS fixed_build, r.build_major, r.build_minor, r.build_number, r.build_revision, ur.text AS url,
                re.text AS restart, sp.text AS supersedence, r.released, d.document_id AS document
            FROM remediations r JOIN vulnerabilities v ON v.id = r.vulnerability JOIN documents d ON d.id = r.document
            JOIN texts ty ON ty.id = r.type LEFT JOIN texts de ON de.id = r.description
            LEFT JOIN texts su ON su.id = r.sub_type LEFT JOIN texts fb ON fb.id = r.fixed_build
            LEFT JOIN texts ur ON ur.id = r.url LEFT JOIN texts re ON re.id = r.restart
            LEFT JOIN texts sp ON sp.id = r.supersedence;
        CREATE VIEW remediation_products_view AS
            SELECT r.id AS remediation, p.product_id AS product FROM remediations r
            JOIN product_set_members m ON m.product_set = r.product_set JOIN products p ON p.id = m.product;
        CREATE VIEW remediation_documents_view AS
            SELECT r.id AS remediation, d.document_id AS document
            FROM remediations r JOIN documents d ON d.id = r.document
            UNION
            SELECT c.remediation, d.document_id FROM remediation_citations c JOIN documents d ON d.id = c.document;
        CREATE VIEW fix_view AS
            SELECT rp.product, r.* FROM remediation_view r JOIN remediation_products_view rp ON rp.remediation = r.id
            WHERE r.type = 'Vendor Fix';
        """

    /// The `meta` keys.
    enum Key {
        /// The schema version (`1`).
        static let schemaVersion = "schema_version"
        /// When the database was built (Unix seconds).
        static let builtAt = "built_at"
        /// The version of the module that built it.
        static let builderVersion = "builder_version"
        /// The builder's name (`VulnDB`).
        static let builder = "builder"
        /// When an update last confirmed the database current (Unix seconds).
        static let checkedAt = "checked_at"
        /// The updates index's `ETag` when the database was last updated.
        static let indexETag = "index_etag"
        /// The updates index's `Last-Modified` when the database was last updated.
        static let indexLastModified = "index_last_modified"
        /// The API base URL of the last update.
        static let baseURL = "base_url"
    }
}
