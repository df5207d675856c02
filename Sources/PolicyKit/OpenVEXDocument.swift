import Foundation
import Yams

/// An OpenVEX 0.2.0 document (JSON): statements of whether products are affected by vulnerabilities.
///
/// Statements whose status is `not_affected` or `fixed` suppress the findings of their CVE; `affected` and
/// `under_investigation` do not. When a document states more than once about one CVE, its last statement
/// (in document order) is the one that counts. The statement's `products` are kept but not compared with the
/// image: a document passed to a scan is taken to be about that image.
///
/// Reading is strict where the meaning depends on it (`@context`, `statements`, each statement's
/// `vulnerability`, `status`, `justification`, and OpenVEX's rule that `not_affected` carries a justification
/// or an impact statement) and lenient elsewhere: other keys are ignored.
public struct OpenVEXDocument: Sendable, Hashable, Codable {
    /// A statement's status (OpenVEX 0.2.0, "Status Labels").
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// No remediation is required: the product is not affected.
        case notAffected = "not_affected"
        /// The product is affected.
        case affected
        /// The product contains a fix.
        case fixed
        /// Not yet known.
        case underInvestigation = "under_investigation"

        /// Whether a statement with this status suppresses findings.
        public var suppresses: Bool { self == .notAffected || self == .fixed }
    }

    /// One statement.
    public struct Statement: Sendable, Hashable, Codable {
        /// The vulnerability: its CVE ID in upper case when `name`, `@id` or an alias carries one, else its name
        /// as written.
        public let vulnerability: String
        /// The status.
        public let status: Status
        /// The `justification` label, for `not_affected`.
        public let justification: String?
        /// The `impact_statement`.
        public let impactStatement: String?
        /// The `status_notes`.
        public let statusNotes: String?
        /// The `@id` of each product named (not compared with the image).
        public let products: [String]

        /// Creates a value.
        public init(
            vulnerability: String, status: Status, justification: String? = nil, impactStatement: String? = nil,
            statusNotes: String? = nil, products: [String] = []
        ) {
            self.vulnerability = vulnerability
            self.status = status
            self.justification = justification
            self.impactStatement = impactStatement
            self.statusNotes = statusNotes
            self.products = products
        }
    }

    /// The justification labels OpenVEX 0.2.0 defines.
    public static let justifications = [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
    ]

    /// The document's `@id`.
    public let id: String?
    /// The document's `author`.
    public let author: String?
    /// Where it was read from (a path), when known.
    public let source: String?
    /// The statements, in document order.
    public let statements: [Statement]

    /// Creates a document.
    public init(id: String?, author: String?, source: String?, statements: [Statement]) {
        self.id = id
        self.author = author
        self.source = source
        self.statements = statements
    }

    /// Reads an OpenVEX JSON file; errors cite `path` as given, with the line.
    public static func load(contentsOf path: String) throws(PolicyError) -> OpenVEXDocument {
        try OpenVEXDocument(json: Policy.readText(path), source: path)
    }

    /// Reads an OpenVEX document from JSON text; `source` names it in errors and suppressions.
    public init(json: String, source: String? = nil) throws(PolicyError) {
        let reader = NodeReader(file: source)
        guard let root = try reader.document(json) else {
            throw PolicyError(.syntax, "empty file: expected an OpenVEX JSON document", file: source)
        }
        let what = "the VEX document"
        let pairs = try reader.pairs(root, of: what)
        guard let contextPair = pairs.first(where: { $0.key == "@context" }) else {
            throw reader.error(.missingKey, "not an OpenVEX document: no \"@context\"", at: root)
        }
        let context = try reader.string(contextPair, in: what)
        guard context.hasPrefix("https://openvex.dev/ns") else {
            throw reader.error(
                .invalidValue,
                "not an OpenVEX document: \"@context\" is \(quoted(context)), not https://openvex.dev/ns…",
                at: contextPair.value)
        }
        guard let statementsPair = pairs.first(where: { $0.key == "statements" }) else {
            throw reader.error(.missingKey, "the VEX document has no \"statements\"", at: root)
        }
        guard case .sequence(let items) = statementsPair.value else {
            throw reader.error(
                .wrongType, "\"statements\" must be a list, not \(reader.describe(statementsPair.value))",
                at: statementsPair.value)
        }
        var statements: [Statement] = []
        for (index, item) in items.enumerated() {
            statements.append(try Self.statement(item, number: index + 1, reader: reader))
        }
        self.init(
            id: try pairs.first { $0.key == "@id" }.map { (pair) throws(PolicyError) in
                try reader.string(pair, in: what)
            },
            author: try pairs.first { $0.key == "author" }.map { (pair) throws(PolicyError) in
                try reader.string(pair, in: what)
            },
            source: source, statements: statements)
    }

    /// The suppressions the document makes: for each CVE, its last statement, when its status suppresses.
    public var suppressions: [Suppression] {
        var last: [String: Statement] = [:]
        var order: [String] = []
        for statement in statements {
            guard let cve = PolicyRule.normalizedCVE(statement.vulnerability) else { continue }
            if last.updateValue(statement, forKey: cve) == nil { order.append(cve) }
        }
        let origin = source ?? id ?? "OpenVEX document"
        return order.compactMap { cve in
            guard let statement = last[cve], statement.status.suppresses else { return nil }
            let reason =
                statement.impactStatement ?? statement.justification ?? statement.statusNotes
                ?? statement.status.rawValue
            return Suppression(
                source: .vex, target: .cve(cve), origin: origin, reason: reason, owner: author, statement: statement)
        }
    }

    private static func statement(_ node: Node, number: Int, reader: NodeReader) throws(PolicyError) -> Statement {
        var what = "statement \(number)"
        let pairs = try reader.pairs(node, of: what)
        guard let vulnerabilityPair = pairs.first(where: { $0.key == "vulnerability" }) else {
            throw reader.error(.missingKey, "\(what) has no \"vulnerability\"", at: node)
        }
        let vulnerability = try Self.vulnerability(vulnerabilityPair, in: what, reader: reader)
        what += " (\(vulnerability))"
        guard let statusPair = pairs.first(where: { $0.key == "status" }) else {
            throw reader.error(.missingKey, "\(what) has no \"status\"", at: node)
        }
        let statusText = try reader.string(statusPair, in: what)
        guard let status = Status(rawValue: statusText) else {
            let known = Status.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(
                .invalidValue, "\(what): unknown status \(quoted(statusText)) (expected one of: \(known))",
                at: statusPair.value)
        }
        func text(_ key: String) throws(PolicyError) -> String? {
            guard let pair = pairs.first(where: { $0.key == key }) else { return nil }
            return try reader.string(pair, in: what)
        }
        let justification = try text("justification")
        if let justification, !justifications.contains(justification) {
            throw reader.error(
                .invalidValue,
                "\(what): unknown justification \(quoted(justification)) (expected one of: "
                    + "\(justifications.joined(separator: ", ")))",
                at: pairs.first { $0.key == "justification" }?.value)
        }
        let impactStatement = try text("impact_statement")
        if status == .notAffected && justification == nil && impactStatement == nil {
            throw reader.error(
                .missingKey, "\(what): not_affected needs a \"justification\" or an \"impact_statement\"", at: node)
        }
        var products: [String] = []
        if let productsPair = pairs.first(where: { $0.key == "products" }) {
            guard case .sequence(let items) = productsPair.value else {
                throw reader.error(
                    .wrongType, "\"products\" in \(what) must be a list, not \(reader.describe(productsPair.value))",
                    at: productsPair.value)
            }
            for item in items {
                switch item {
                case .scalar(let scalar): products.append(scalar.string)
                case .mapping:
                    let itemPairs = try reader.pairs(item, of: "a product of \(what)")
                    if let idPair = itemPairs.first(where: { $0.key == "@id" }) {
                        products.append(try reader.string(idPair, in: "a product of \(what)"))
                    }
                default:
                    throw reader.error(.wrongType, "a product of \(what) must be an object, not a list", at: item)
                }
            }
        }
        return Statement(
            vulnerability: vulnerability, status: status, justification: justification,
            impactStatement: impactStatement, statusNotes: try text("status_notes"), products: products)
    }

    /// The CVE a statement's `vulnerability` names (`name`, `@id`, then `aliases`), else its name or `@id`.
    private static func vulnerability(_ pair: NodeReader.Pair, in what: String, reader: NodeReader) throws(PolicyError)
        -> String
    {
        if case .scalar = pair.value {
            let text = try reader.string(pair, in: what)
            return PolicyRule.normalizedCVE(text) ?? text
        }
        let inner = "the vulnerability of \(what)"
        let pairs = try reader.pairs(pair.value, of: inner)
        var candidates: [String] = []
        for key in ["name", "@id"] {
            if let found = pairs.first(where: { $0.key == key }) {
                candidates.append(try reader.string(found, in: inner))
            }
        }
        let named = candidates
        if let aliases = pairs.first(where: { $0.key == "aliases" }), case .sequence(let items) = aliases.value {
            for case .scalar(let scalar) in items { candidates.append(scalar.string) }
        }
        for candidate in candidates {
            if let cve = PolicyRule.normalizedCVE(candidate) { return cve }
            // An `@id` such as https://nvd.nist.gov/vuln/detail/CVE-2024-21338 ends with the CVE.
            if let last = candidate.split(separator: "/").last, let cve = PolicyRule.normalizedCVE(String(last)) {
                return cve
            }
        }
        guard let first = named.first else {
            throw reader.error(.missingKey, "\(inner) has no \"name\" or \"@id\"", at: pair.value)
        }
        return first
    }
}
