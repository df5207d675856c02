import Foundation

/// Values under construction while their elements are open.
extension CVRFXMLReader {
    struct BranchDraft {
        var type: String?
        var name: String?
        var products: [Product] = []
        var branches: [ProductBranch] = []

        var branch: ProductBranch {
            ProductBranch(
                type: TextField.trimmed(type), name: TextField.trimmed(name), products: products, branches: branches)
        }
    }

    struct ProductDraft {
        var id: String?
        var cpe: String?
    }

    struct NoteDraft {
        var type: String?
        var title: String?
        var ordinal: String?
        var audience: String?

        func note(text: String) -> Note {
            Note(
                type: NoteType(rawValue: TextField.trimmed(type) ?? ""), title: TextField.trimmed(title), text: text,
                ordinal: TextField.integer(ordinal), audience: TextField.trimmed(audience))
        }
    }

    struct RevisionDraft {
        var number: String?
        var date: Date?
        var description: String?

        var revision: Revision { Revision(number: number, date: date, description: description) }
    }

    struct VulnerabilityDraft {
        var ordinal: String?
        var cve: String?
        var title: String?
        var cweID: String?
        var notes: [Note] = []
        var cwes: [CWE] = []
        var statuses: [ProductStatus] = []
        var threats: [Threat] = []
        var scoreSets: [CVSSScoreSet] = []
        var remediations: [Remediation] = []
        var acknowledgments: [Acknowledgment] = []
        var revisions: [Revision] = []

        init(ordinal: String?) { self.ordinal = ordinal }

        var vulnerability: Vulnerability {
            Vulnerability(
                cve: cve ?? "", ordinal: TextField.integer(ordinal), title: title, notes: notes, cwes: cwes,
                productStatuses: statuses, threats: threats, scoreSets: scoreSets, remediations: remediations,
                acknowledgments: acknowledgments, revisionHistory: revisions)
        }
    }

    struct StatusDraft {
        var type: String?
        var productIDs: [String] = []

        var status: ProductStatus {
            ProductStatus(type: ProductStatusType(rawValue: TextField.trimmed(type) ?? ""), productIDs: productIDs)
        }
    }

    struct ThreatDraft {
        var type: String?
        var description: String?
        var productIDs: [String] = []

        var threat: Threat {
            Threat(
                type: ThreatType(rawValue: TextField.trimmed(type) ?? ""), description: description,
                productIDs: productIDs)
        }
    }

    struct ScoreDraft {
        var baseScore: Double?
        var temporalScore: Double?
        var vector: String?
        var productIDs: [String] = []

        var scoreSet: CVSSScoreSet {
            CVSSScoreSet(baseScore: baseScore, temporalScore: temporalScore, vector: vector, productIDs: productIDs)
        }
    }

    struct RemediationDraft {
        var type: String?
        var description: String?
        var url: String?
        var supersedence: String?
        var subType: String?
        var fixedBuild: String?
        var restartRequired: String?
        var productIDs: [String] = []
        var affectedFiles: [AffectedFile] = []

        var remediation: Remediation {
            Remediation(
                type: RemediationType(rawValue: TextField.trimmed(type) ?? ""), description: description, url: url,
                supersedence: supersedence.map(Supersedence.init), subType: subType,
                fixedBuild: fixedBuild.map(BuildVersion.init),
                restartRequired: restartRequired.map(RestartRequirement.init(rawValue:)), productIDs: productIDs,
                affectedFiles: affectedFiles)
        }
    }

    struct FileDraft {
        var fileName: String?
        var fileVersion: String?
        var filePath: String?
        var architecture: String?
        var lastModified: Date?

        var file: AffectedFile {
            AffectedFile(
                fileName: fileName, fileVersion: fileVersion, filePath: filePath, architecture: architecture,
                lastModified: lastModified)
        }
    }

    struct AcknowledgmentDraft {
        var names: [String] = []
        var organizations: [String] = []
        var urls: [String] = []

        var acknowledgment: Acknowledgment { Acknowledgment(names: names, organizations: organizations, urls: urls) }
    }
}
