import Foundation

/// The CVRF JSON variant's shape, as `Decodable` types, and its mapping to the model.
enum CVRFJSON {
    typealias Plain = JSONField.Plain
    typealias Wrapped = JSONField.Wrapped
    typealias Code = JSONField.Code
    typealias IDs = JSONField.IDs

    struct Document: Decodable {
        let title: Wrapped?
        let type: Wrapped?
        let tracking: Tracking?
        let notes: [Note]?
        let productTree: ProductTree?
        let vulnerabilities: [Vulnerability]?

        enum CodingKeys: String, CodingKey {
            case title = "DocumentTitle"
            case type = "DocumentType"
            case tracking = "DocumentTracking"
            case notes = "DocumentNotes"
            case productTree = "ProductTree"
            case vulnerabilities = "Vulnerability"
        }

        var looksLikeCVRF: Bool { tracking != nil || productTree != nil || vulnerabilities != nil }

        func document(id: String) -> MSRCDocument {
            MSRCDocument(
                id: id, alias: TextField.trimmed(tracking?.identification?.alias?.text),
                title: TextField.trimmed(title?.text), type: TextField.trimmed(type?.text),
                status: tracking?.status?.name(Tracking.statusName),
                version: TextField.trimmed(tracking?.version?.text),
                initialReleaseDate: Timestamp.parse(tracking?.initialReleaseDate?.text),
                currentReleaseDate: Timestamp.parse(tracking?.currentReleaseDate?.text),
                revisionHistory: (tracking?.revisionHistory ?? []).map(\.revision),
                notes: (notes ?? []).map(\.note),
                productTree: MSRCModel.ProductTree(
                    products: (productTree?.products ?? []).compactMap(\.product),
                    branches: (productTree?.branches ?? []).compactMap(\.branch)),
                vulnerabilities: (vulnerabilities ?? []).map(\.vulnerability))
        }
    }

    struct Tracking: Decodable {
        let identification: Identification?
        let status: Code?
        let version: Plain?
        let revisionHistory: [Revision]?
        let initialReleaseDate: Plain?
        let currentReleaseDate: Plain?

        enum CodingKeys: String, CodingKey {
            case identification = "Identification"
            case status = "Status"
            case version = "Version"
            case revisionHistory = "RevisionHistory"
            case initialReleaseDate = "InitialReleaseDate"
            case currentReleaseDate = "CurrentReleaseDate"
        }

        /// CVRF 1.1 document status codes.
        static func statusName(_ code: Int) -> String {
            ["Draft", "Interim", "Final"].indices.contains(code) ? ["Draft", "Interim", "Final"][code] : "\(code)"
        }
    }

    struct Identification: Decodable {
        let id: Wrapped?
        let alias: Wrapped?

        enum CodingKeys: String, CodingKey {
            case id = "ID"
            case alias = "Alias"
        }
    }

    struct Revision: Decodable {
        let number: Plain?
        let date: Plain?
        let description: Wrapped?

        enum CodingKeys: String, CodingKey {
            case number = "Number"
            case date = "Date"
            case description = "Description"
        }

        var revision: MSRCModel.Revision {
            MSRCModel.Revision(
                number: TextField.trimmed(number?.text), date: Timestamp.parse(date?.text),
                description: TextField.nonBlank(description?.text))
        }
    }

    struct Note: Decodable {
        let title: Plain?
        let audience: Plain?
        let type: Code?
        let ordinal: Plain?
        let value: Plain?

        enum CodingKeys: String, CodingKey {
            case title = "Title"
            case audience = "Audience"
            case type = "Type"
            case ordinal = "Ordinal"
            case value = "Value"
        }

        var note: MSRCModel.Note {
            MSRCModel.Note(
                type: NoteType(rawValue: type?.name { NoteType(cvrfJSONCode: $0).rawValue } ?? ""),
                title: TextField.trimmed(title?.text), text: value?.text ?? "",
                ordinal: TextField.integer(ordinal?.text), audience: TextField.trimmed(audience?.text))
        }
    }

    struct ProductTree: Decodable {
        let branches: [BranchItem]?
        let products: [BranchItem]?

        enum CodingKeys: String, CodingKey {
            case branches = "Branch"
            case products = "FullProductName"
        }
    }

    /// A branch or a product: the JSON variant nests both in `Items`.
    struct BranchItem: Decodable {
        let type: Code?
        let name: Plain?
        let items: [BranchItem]?
        let productID: Plain?
        let value: Plain?
        let cpe: Plain?

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case name = "Name"
            case items = "Items"
            case productID = "ProductID"
            case value = "Value"
            case cpe = "CPE"
        }

        var product: Product? {
            guard let id = TextField.trimmed(productID?.text) else { return nil }
            return Product(id: id, name: TextField.trimmed(value?.text) ?? "", cpe: TextField.trimmed(cpe?.text))
        }

        var branch: ProductBranch? {
            if productID != nil { return nil }
            let items = self.items ?? []
            return ProductBranch(
                type: type?.name(ProductBranch.typeName(cvrfJSONCode:)), name: TextField.trimmed(name?.text),
                products: items.compactMap(\.product), branches: items.compactMap(\.branch))
        }
    }

    struct Vulnerability: Decodable {
        let title: Wrapped?
        let notes: [Note]?
        let cve: Plain?
        let cwes: JSONField.List<CWE>?
        let statuses: [Status]?
        let threats: [Threat]?
        let scoreSets: [ScoreSet]?
        let remediations: [Remediation]?
        let acknowledgments: [Acknowledgment]?
        let acknowledgements: [Acknowledgment]?
        let ordinal: Plain?
        let revisionHistory: [Revision]?

        enum CodingKeys: String, CodingKey {
            case title = "Title"
            case notes = "Notes"
            case cve = "CVE"
            case cwes = "CWE"
            case statuses = "ProductStatuses"
            case threats = "Threats"
            case scoreSets = "CVSSScoreSets"
            case remediations = "Remediations"
            case acknowledgments = "Acknowledgments"
            case acknowledgements = "Acknowledgements"
            case ordinal = "Ordinal"
            case revisionHistory = "RevisionHistory"
        }

        var vulnerability: MSRCModel.Vulnerability {
            MSRCModel.Vulnerability(
                cve: TextField.trimmed(cve?.text) ?? "", ordinal: TextField.integer(ordinal?.text),
                title: TextField.trimmed(title?.text), notes: (notes ?? []).map(\.note),
                cwes: (cwes?.elements ?? []).compactMap(\.cwe), productStatuses: (statuses ?? []).map(\.status),
                threats: (threats ?? []).map(\.threat), scoreSets: (scoreSets ?? []).map(\.scoreSet),
                remediations: (remediations ?? []).map(\.remediation),
                acknowledgments: (acknowledgments ?? acknowledgements ?? []).map(\.acknowledgment),
                revisionHistory: (revisionHistory ?? []).map(\.revision))
        }
    }

    struct CWE: Decodable {
        let id: Plain?
        let value: Plain?

        enum CodingKeys: String, CodingKey {
            case id = "ID"
            case value = "Value"
        }

        var cwe: MSRCModel.CWE? {
            TextField.trimmed(id?.text).map { MSRCModel.CWE(id: $0, name: TextField.trimmed(value?.text)) }
        }
    }

    struct Status: Decodable {
        let productIDs: IDs?
        let type: Code?

        enum CodingKeys: String, CodingKey {
            case productIDs = "ProductID"
            case type = "Type"
        }

        var status: ProductStatus {
            ProductStatus(
                type: ProductStatusType(rawValue: type?.name { ProductStatusType(cvrfJSONCode: $0).rawValue } ?? ""),
                productIDs: productIDs?.ids ?? [])
        }
    }

    struct Threat: Decodable {
        let description: Wrapped?
        let productIDs: IDs?
        let type: Code?

        enum CodingKeys: String, CodingKey {
            case description = "Description"
            case productIDs = "ProductID"
            case type = "Type"
        }

        var threat: MSRCModel.Threat {
            MSRCModel.Threat(
                type: ThreatType(rawValue: type?.name { ThreatType(cvrfJSONCode: $0).rawValue } ?? ""),
                description: TextField.trimmed(description?.text), productIDs: productIDs?.ids ?? [])
        }
    }

    struct ScoreSet: Decodable {
        let baseScore: JSONField.Number?
        let temporalScore: JSONField.Number?
        let vector: Plain?
        let productIDs: IDs?

        enum CodingKeys: String, CodingKey {
            case baseScore = "BaseScore"
            case temporalScore = "TemporalScore"
            case vector = "Vector"
            case productIDs = "ProductID"
        }

        var scoreSet: CVSSScoreSet {
            CVSSScoreSet(
                baseScore: baseScore?.value, temporalScore: temporalScore?.value,
                vector: TextField.trimmed(vector?.text), productIDs: productIDs?.ids ?? [])
        }
    }

    struct Remediation: Decodable {
        let description: Wrapped?
        let url: Plain?
        let supercedence: Plain?
        let supersedence: Plain?
        let productIDs: IDs?
        let type: Code?
        let affectedFiles: [AffectedFile]?
        let restartRequired: Wrapped?
        let subType: Plain?
        let fixedBuild: Plain?

        enum CodingKeys: String, CodingKey {
            case description = "Description"
            case url = "URL"
            case supercedence = "Supercedence"
            case supersedence = "Supersedence"
            case productIDs = "ProductID"
            case type = "Type"
            case affectedFiles = "AffectedFiles"
            case restartRequired = "RestartRequired"
            case subType = "SubType"
            case fixedBuild = "FixedBuild"
        }

        var remediation: MSRCModel.Remediation {
            MSRCModel.Remediation(
                type: RemediationType(rawValue: type?.name { RemediationType(cvrfJSONCode: $0).rawValue } ?? ""),
                description: TextField.trimmed(description?.text), url: TextField.trimmed(url?.text),
                supersedence: TextField.nonBlank(supercedence?.text ?? supersedence?.text).map(Supersedence.init),
                subType: TextField.trimmed(subType?.text),
                fixedBuild: TextField.trimmed(fixedBuild?.text).map(BuildVersion.init),
                restartRequired: TextField.trimmed(restartRequired?.text).map(RestartRequirement.init(rawValue:)),
                productIDs: productIDs?.ids ?? [], affectedFiles: (affectedFiles ?? []).map(\.file))
        }
    }

    struct AffectedFile: Decodable {
        let productID: Plain?
        let fileName: Plain?
        let fileVersion: Plain?
        let filePath: Plain?
        let lastModified: Plain?
        let architecture: Plain?

        enum CodingKeys: String, CodingKey {
            case productID = "ProductId"
            case fileName = "FileName"
            case fileVersion = "FileVersion"
            case filePath = "FilePath"
            case lastModified = "FileLastModified"
            case architecture = "FileArchitecture"
        }

        var file: MSRCModel.AffectedFile {
            MSRCModel.AffectedFile(
                fileName: TextField.trimmed(fileName?.text), fileVersion: TextField.trimmed(fileVersion?.text),
                filePath: TextField.trimmed(filePath?.text), architecture: TextField.trimmed(architecture?.text),
                productID: TextField.trimmed(productID?.text), lastModified: Timestamp.parse(lastModified?.text))
        }
    }

    struct Acknowledgment: Decodable {
        let names: JSONField.List<Wrapped>?
        let organizations: JSONField.List<Wrapped>?
        let urls: JSONField.List<Plain>?

        enum CodingKeys: String, CodingKey {
            case names = "Name"
            case organizations = "Organization"
            case urls = "URL"
        }

        var acknowledgment: MSRCModel.Acknowledgment {
            MSRCModel.Acknowledgment(names: names.texts, organizations: organizations.texts, urls: urls.texts)
        }
    }
}
