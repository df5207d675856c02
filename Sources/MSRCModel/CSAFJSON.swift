import Foundation

/// The CSAF 2.0 advisory shape (the parts the model keeps), as `Decodable` types, and its mapping.
enum CSAFJSON {
    typealias Plain = JSONField.Plain
    typealias IDs = JSONField.IDs

    struct Advisory: Decodable {
        let document: Meta?
        let productTree: ProductTree?
        let vulnerabilities: [Vulnerability]?

        enum CodingKeys: String, CodingKey {
            case document
            case productTree = "product_tree"
            case vulnerabilities
        }

        func document(id: String, meta: Meta) -> MSRCDocument {
            let revisions = (meta.tracking?.revisionHistory ?? []).map(\.revision)
            var products: [Product] = []
            var seen: Set<String> = []
            func add(_ product: Product?) {
                if let product, seen.insert(product.id).inserted { products.append(product) }
            }
            func collect(_ branch: Branch) {
                add(branch.product?.product)
                for child in branch.branches ?? [] { collect(child) }
            }
            for branch in productTree?.branches ?? [] { collect(branch) }
            for product in productTree?.fullProductNames ?? [] { add(product.product) }
            for relationship in productTree?.relationships ?? [] { add(relationship.fullProductName?.product) }
            return MSRCDocument(
                id: id, alias: nil, title: TextField.trimmed(meta.title?.text),
                type: TextField.trimmed(meta.category?.text), status: TextField.trimmed(meta.tracking?.status?.text),
                version: TextField.trimmed(meta.tracking?.version?.text),
                initialReleaseDate: Timestamp.parse(meta.tracking?.initialReleaseDate?.text),
                currentReleaseDate: Timestamp.parse(meta.tracking?.currentReleaseDate?.text),
                aggregateSeverity: TextField.trimmed(meta.aggregateSeverity?.text?.text).map(Severity.init(rawValue:)),
                revisionHistory: revisions, notes: (meta.notes ?? []).map(\.note),
                productTree: MSRCModel.ProductTree(
                    products: products, branches: (productTree?.branches ?? []).map(\.branch)),
                vulnerabilities: (vulnerabilities ?? []).map {
                    $0.vulnerability(revisions: revisions, acknowledgments: meta.acknowledgments ?? [])
                })
        }
    }

    struct Meta: Decodable {
        let title: Plain?
        let category: Plain?
        let aggregateSeverity: AggregateSeverity?
        let notes: [Note]?
        let tracking: Tracking?
        let acknowledgments: [Acknowledgment]?

        enum CodingKeys: String, CodingKey {
            case title, category, notes, tracking, acknowledgments
            case aggregateSeverity = "aggregate_severity"
        }
    }

    struct AggregateSeverity: Decodable {
        let text: Plain?
    }

    struct Tracking: Decodable {
        let id: Plain?
        let status: Plain?
        let version: Plain?
        let initialReleaseDate: Plain?
        let currentReleaseDate: Plain?
        let revisionHistory: [Revision]?

        enum CodingKeys: String, CodingKey {
            case id, status, version
            case initialReleaseDate = "initial_release_date"
            case currentReleaseDate = "current_release_date"
            case revisionHistory = "revision_history"
        }
    }

    struct Revision: Decodable {
        let number: Plain?
        let date: Plain?
        let summary: Plain?

        var revision: MSRCModel.Revision {
            MSRCModel.Revision(
                number: TextField.trimmed(number?.text), date: Timestamp.parse(date?.text),
                description: TextField.nonBlank(summary?.text))
        }
    }

    struct Note: Decodable {
        let category: Plain?
        let title: Plain?
        let text: Plain?

        var note: MSRCModel.Note {
            let title = TextField.trimmed(self.title?.text)
            let category = TextField.trimmed(category?.text) ?? ""
            let type: NoteType =
                switch category {
                case "general" where title == "Assigning CNA": .cna
                case "general": .general
                case "details": .details
                case "description": .description
                case "summary": .summary
                case "faq": .faq
                case "legal_disclaimer": .legalDisclaimer
                case "other": .other
                default: NoteType(rawValue: category)
                }
            return MSRCModel.Note(type: type, title: title, text: text?.text ?? "")
        }
    }

    struct Acknowledgment: Decodable {
        let names: JSONField.List<Plain>?
        let organization: Plain?
        let urls: JSONField.List<Plain>?

        var acknowledgment: MSRCModel.Acknowledgment {
            MSRCModel.Acknowledgment(
                names: names.texts, organizations: TextField.trimmed(organization?.text).map { [$0] } ?? [],
                urls: urls.texts)
        }
    }

    struct ProductTree: Decodable {
        let branches: [Branch]?
        let fullProductNames: [FullProductName]?
        let relationships: [Relationship]?

        enum CodingKeys: String, CodingKey {
            case branches
            case fullProductNames = "full_product_names"
            case relationships
        }
    }

    struct Branch: Decodable {
        let category: Plain?
        let name: Plain?
        let product: FullProductName?
        let branches: [Branch]?

        var branch: ProductBranch {
            let children = branches ?? []
            return ProductBranch(
                type: TextField.trimmed(category?.text), name: TextField.trimmed(name?.text),
                products: children.compactMap { $0.product?.product } + [product?.product].compactMap { $0 },
                branches: children.filter { $0.product == nil }.map(\.branch))
        }
    }

    struct FullProductName: Decodable {
        let name: Plain?
        let productID: Plain?
        let helper: Helper?

        enum CodingKeys: String, CodingKey {
            case name
            case productID = "product_id"
            case helper = "product_identification_helper"
        }

        struct Helper: Decodable {
            let cpe: Plain?
        }

        var product: Product? {
            TextField.trimmed(productID?.text).map {
                Product(id: $0, name: TextField.trimmed(name?.text) ?? "", cpe: TextField.trimmed(helper?.cpe?.text))
            }
        }
    }

    struct Relationship: Decodable {
        let fullProductName: FullProductName?

        enum CodingKeys: String, CodingKey {
            case fullProductName = "full_product_name"
        }
    }

    struct Vulnerability: Decodable {
        let cve: Plain?
        let title: Plain?
        let cwe: CWE?
        let notes: [Note]?
        let productStatus: [String: IDs]?
        let threats: [Threat]?
        let scores: [Score]?
        let remediations: [Remediation]?
        let acknowledgments: [Acknowledgment]?

        enum CodingKeys: String, CodingKey {
            case cve, title, cwe, notes, threats, scores, remediations, acknowledgments
            case productStatus = "product_status"
        }

        /// CSAF `product_status` keys in the order the model lists them.
        static let statusOrder = [
            "first_affected", "known_affected", "last_affected", "under_investigation", "known_not_affected",
            "first_fixed", "fixed", "recommended",
        ]

        func vulnerability(revisions: [MSRCModel.Revision], acknowledgments documentLevel: [Acknowledgment])
            -> MSRCModel.Vulnerability
        {
            let statuses = productStatus ?? [:]
            let known = Vulnerability.statusOrder.filter { statuses[$0] != nil }
            let unknown = statuses.keys.filter { !Vulnerability.statusOrder.contains($0) }.sorted()
            return MSRCModel.Vulnerability(
                cve: TextField.trimmed(cve?.text) ?? "", title: TextField.trimmed(title?.text),
                notes: (notes ?? []).map(\.note), cwes: [cwe?.cwe].compactMap { $0 },
                productStatuses: (known + unknown).map { key in
                    ProductStatus(
                        type: ProductStatusType(csafKey: key) ?? ProductStatusType(rawValue: key),
                        productIDs: statuses[key]?.ids ?? [])
                },
                threats: (threats ?? []).map(\.threat), scoreSets: (scores ?? []).map(\.scoreSet),
                remediations: (remediations ?? []).map(\.remediation),
                acknowledgments: (acknowledgments ?? documentLevel).map(\.acknowledgment), revisionHistory: revisions)
        }
    }

    struct CWE: Decodable {
        let id: Plain?
        let name: Plain?

        var cwe: MSRCModel.CWE? {
            TextField.trimmed(id?.text).map { MSRCModel.CWE(id: $0, name: TextField.trimmed(name?.text)) }
        }
    }

    struct Threat: Decodable {
        let category: Plain?
        let details: Plain?
        let productIDs: IDs?

        enum CodingKeys: String, CodingKey {
            case category, details
            case productIDs = "product_ids"
        }

        var threat: MSRCModel.Threat {
            let category = TextField.trimmed(category?.text) ?? ""
            let type: ThreatType =
                switch category {
                case "impact": .impact
                case "exploit_status": .exploitStatus
                case "target_set": .targetSet
                default: ThreatType(rawValue: category)
                }
            return MSRCModel.Threat(
                type: type, description: TextField.trimmed(details?.text), productIDs: productIDs?.ids ?? [])
        }
    }

    struct Score: Decodable {
        let cvssV3: CVSS?
        let cvssV2: CVSS?
        let products: IDs?

        enum CodingKeys: String, CodingKey {
            case cvssV3 = "cvss_v3"
            case cvssV2 = "cvss_v2"
            case products
        }

        struct CVSS: Decodable {
            let baseScore: JSONField.Number?
            let temporalScore: JSONField.Number?
            let vectorString: Plain?
        }

        var scoreSet: CVSSScoreSet {
            let cvss = cvssV3 ?? cvssV2
            return CVSSScoreSet(
                baseScore: cvss?.baseScore?.value, temporalScore: cvss?.temporalScore?.value,
                vector: TextField.trimmed(cvss?.vectorString?.text), productIDs: products?.ids ?? [])
        }
    }

    struct Remediation: Decodable {
        let category: Plain?
        let details: Plain?
        let productIDs: IDs?
        let url: Plain?
        let date: Plain?
        let restartRequired: Restart?

        enum CodingKeys: String, CodingKey {
            case category, details, url, date
            case productIDs = "product_ids"
            case restartRequired = "restart_required"
        }

        struct Restart: Decodable {
            let category: Plain?
        }

        var remediation: MSRCModel.Remediation {
            let category = TextField.trimmed(category?.text) ?? ""
            let type: RemediationType =
                switch category {
                case "vendor_fix": .vendorFix
                case "mitigation": .mitigation
                case "workaround": .workaround
                case "none_available": .noneAvailable
                case "no_fix_planned": .willNotFix
                default: RemediationType(rawValue: category)
                }
            let restart: RestartRequirement? =
                switch TextField.trimmed(restartRequired?.category?.text) {
                case nil: nil
                case "none"?: .no
                default: .yes
                }
            var url = TextField.trimmed(self.url?.text)
            var description = TextField.trimmed(details?.text)
            var fixedBuild: BuildVersion?
            var subType: String?
            if let details = description, let split = CSAFJSON.splitDetails(details) {
                fixedBuild = TextField.trimmed(String(split.fixedBuild)).map(BuildVersion.init)
                subType = TextField.trimmed(String(split.subType))
                url = url ?? TextField.trimmed(String(split.url))
                description = url.flatMap(CSAFJSON.kbNamed(by:)).map(String.init)
            }
            return MSRCModel.Remediation(
                type: type, description: description, url: url, subType: subType, fixedBuild: fixedBuild,
                restartRequired: restart, productIDs: productIDs?.ids ?? [], date: Timestamp.parse(date?.text))
        }
    }

    /// `FixedBuild:SubType:URL` → its three parts, when the third is a URL (or empty).
    static func splitDetails(_ details: String) -> (fixedBuild: Substring, subType: Substring, url: Substring)? {
        let parts = details.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let url = parts[2].trimmingWhitespace()
        guard url.isEmpty || url.hasPrefix("http") else { return nil }
        return (parts[0], parts[1], url)
    }

    /// The KB number a URL names: `…?q=KB5034129`, `…/help/5034129`, `…/kb/5034129` (6–8 digits).
    static func kbNamed(by url: String) -> Int? {
        let bytes = url.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let rest = bytes[index...]
            var digitsStart: String.UTF8View.Index?
            if rest.count > 2, rest.first.map({ $0 | 0x20 == UInt8(ascii: "k") }) == true,
                rest.dropFirst().first.map({ $0 | 0x20 == UInt8(ascii: "b") }) == true
            {
                digitsStart = bytes.index(index, offsetBy: 2)
            } else if rest.starts(with: "help/".utf8) {
                digitsStart = bytes.index(index, offsetBy: 5)
            }
            if let start = digitsStart {
                let digits = bytes[start...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                if (6...8).contains(digits.count), let kb = Supersedence.decimalKB(Substring(digits).utf8) {
                    return kb
                }
            }
            index = bytes.index(after: index)
        }
        return nil
    }
}
