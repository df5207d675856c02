import Foundation

/// The state of one CVRF XML parse: a stack of open elements, the text of the one being read, and drafts of
/// the values being built. A value type mutated in place, so each SAX callback costs one access check.
struct CVRFXMLReader {
    private var stack: [CVRFElement] = []
    private var text = ""
    private var capturing = false

    private(set) var documentID: String?
    private var alias: String?
    private var title: String?
    private var type: String?
    private var status: String?
    private var version: String?
    private var initialReleaseDate: Date?
    private var currentReleaseDate: Date?
    private var revisions: [Revision] = []
    private var notes: [Note] = []
    private var products: [Product] = []
    private var branches: [ProductBranch] = []
    private var vulnerabilities: [Vulnerability] = []

    private var branchDrafts: [BranchDraft] = []
    private var productDraft = ProductDraft()
    private var noteDraft = NoteDraft()
    private var revisionDraft = RevisionDraft()
    private var vulnerability: VulnerabilityDraft?
    private var statusDraft = StatusDraft()
    private var threatDraft = ThreatDraft()
    private var scoreDraft = ScoreDraft()
    private var remediationDraft = RemediationDraft()
    private var fileDraft = FileDraft()
    private var acknowledgmentDraft = AcknowledgmentDraft()

    init() {
        stack.reserveCapacity(16)
    }

    /// The decoded document, once parsing has finished without error.
    func document() throws(MSRCError) -> MSRCDocument {
        guard let documentID else {
            throw MSRCError(.missingField, "the CVRF document has no DocumentTracking/Identification/ID")
        }
        return MSRCDocument(
            id: documentID, alias: alias, title: title, type: type, status: status, version: version,
            initialReleaseDate: initialReleaseDate, currentReleaseDate: currentReleaseDate,
            revisionHistory: revisions, notes: notes, productTree: ProductTree(products: products, branches: branches),
            vulnerabilities: vulnerabilities)
    }

    /// Opens an element; `false` when it is a root element other than `cvrfdoc`.
    mutating func start(_ qualifiedName: String, attributes attributeDict: [String: String]) -> Bool {
        let element = CVRFElement.resolve(qualifiedName, parent: stack.last)
        if stack.isEmpty && element != .cvrfdoc { return false }
        stack.append(element)
        capturing = element.capturesText
        if capturing { text = "" }
        switch element {
        case .note:
            noteDraft = NoteDraft(
                type: attributeDict["Type"], title: attributeDict["Title"], ordinal: attributeDict["Ordinal"],
                audience: attributeDict["Audience"])
        case .revision: revisionDraft = RevisionDraft()
        case .branch: branchDrafts.append(BranchDraft(type: attributeDict["Type"], name: attributeDict["Name"]))
        case .fullProductName:
            productDraft = ProductDraft(id: attributeDict["ProductID"], cpe: attributeDict["CPE"])
        case .vulnerability: vulnerability = VulnerabilityDraft(ordinal: attributeDict["Ordinal"])
        case .cwe: vulnerability?.cweID = attributeDict["ID"]
        case .productStatus: statusDraft = StatusDraft(type: attributeDict["Type"])
        case .threat: threatDraft = ThreatDraft(type: attributeDict["Type"])
        case .scoreSet: scoreDraft = ScoreDraft()
        case .remediation: remediationDraft = RemediationDraft(type: attributeDict["Type"])
        case .affectedFile: fileDraft = FileDraft()
        case .acknowledgment: acknowledgmentDraft = AcknowledgmentDraft()
        default: break
        }
        return true
    }

    /// Appends text to the element being read, if its text is kept.
    mutating func characters(_ string: String) {
        guard capturing else { return }
        if text.isEmpty { text = string } else { text += string }
    }

    /// Closes the innermost open element.
    mutating func end() {
        guard let element = stack.popLast() else { return }
        let parent = stack.last ?? .other
        capturing = parent.capturesText
        if element.capturesText {
            takeText(of: element, in: parent)
        } else {
            finish(element, in: parent)
        }
    }

    /// Stores the text just read for `element`.
    private mutating func takeText(of element: CVRFElement, in parent: CVRFElement) {
        let value = text
        text = ""
        switch element {
        case .documentTitle: title = TextField.trimmed(value)
        case .documentType: type = TextField.trimmed(value)
        case .id: documentID = TextField.trimmed(value)
        case .alias: alias = TextField.trimmed(value)
        case .documentStatus: status = TextField.trimmed(value)
        case .version: version = TextField.trimmed(value)
        case .initialReleaseDate: initialReleaseDate = Timestamp.parse(value)
        case .currentReleaseDate: currentReleaseDate = Timestamp.parse(value)
        case .number: revisionDraft.number = TextField.trimmed(value)
        case .date: revisionDraft.date = Timestamp.parse(value)
        case .description:
            switch parent {
            case .revision: revisionDraft.description = TextField.nonBlank(value)
            case .threat: threatDraft.description = TextField.trimmed(value)
            case .remediation: remediationDraft.description = TextField.trimmed(value)
            default: break
            }
        case .note:
            let note = noteDraft.note(text: value)
            if parent == .documentNotes { notes.append(note) } else { vulnerability?.notes.append(note) }
        case .fullProductName:
            guard let id = TextField.trimmed(productDraft.id) else { return }
            let product = Product(
                id: id, name: TextField.trimmed(value) ?? "", cpe: TextField.trimmed(productDraft.cpe))
            if parent == .productTree {
                products.append(product)
            } else if !branchDrafts.isEmpty {
                branchDrafts[branchDrafts.count - 1].products.append(product)
            }
        case .title: vulnerability?.title = TextField.trimmed(value)
        case .cve: vulnerability?.cve = TextField.trimmed(value)
        case .cwe:
            if let id = TextField.trimmed(vulnerability?.cweID) {
                vulnerability?.cwes.append(CWE(id: id, name: TextField.trimmed(value)))
            }
        case .productID:
            guard let id = TextField.trimmed(value) else { return }
            switch parent {
            case .productStatus: statusDraft.productIDs.append(id)
            case .threat: threatDraft.productIDs.append(id)
            case .scoreSet: scoreDraft.productIDs.append(id)
            case .remediation: remediationDraft.productIDs.append(id)
            default: break
            }
        case .baseScore: scoreDraft.baseScore = TextField.number(value)
        case .temporalScore: scoreDraft.temporalScore = TextField.number(value)
        case .vector: scoreDraft.vector = TextField.trimmed(value)
        case .url:
            let url = TextField.trimmed(value)
            if parent == .remediation {
                remediationDraft.url = url
            } else if let url {
                acknowledgmentDraft.urls.append(url)
            }
        case .supersedence: remediationDraft.supersedence = TextField.nonBlank(value)
        case .subType: remediationDraft.subType = TextField.trimmed(value)
        case .fixedBuild: remediationDraft.fixedBuild = TextField.trimmed(value)
        case .restartRequired: remediationDraft.restartRequired = TextField.trimmed(value)
        case .fileName: fileDraft.fileName = TextField.trimmed(value)
        case .fileVersion: fileDraft.fileVersion = TextField.trimmed(value)
        case .filePath: fileDraft.filePath = TextField.trimmed(value)
        case .fileArchitecture: fileDraft.architecture = TextField.trimmed(value)
        case .fileLastModified: fileDraft.lastModified = Timestamp.parse(value)
        case .name: if let name = TextField.trimmed(value) { acknowledgmentDraft.names.append(name) }
        case .organization:
            if let organization = TextField.trimmed(value) { acknowledgmentDraft.organizations.append(organization) }
        default: break
        }
    }

    /// Finishes a container element.
    private mutating func finish(_ element: CVRFElement, in parent: CVRFElement) {
        switch element {
        case .revision:
            let revision = revisionDraft.revision
            if vulnerability != nil { vulnerability?.revisions.append(revision) } else { revisions.append(revision) }
        case .branch:
            guard let draft = branchDrafts.popLast() else { return }
            let branch = draft.branch
            if branchDrafts.isEmpty {
                branches.append(branch)
            } else {
                branchDrafts[branchDrafts.count - 1].branches.append(branch)
            }
        case .vulnerability:
            if let draft = vulnerability { vulnerabilities.append(draft.vulnerability) }
            vulnerability = nil
        case .productStatus: vulnerability?.statuses.append(statusDraft.status)
        case .threat: vulnerability?.threats.append(threatDraft.threat)
        case .scoreSet: vulnerability?.scoreSets.append(scoreDraft.scoreSet)
        case .remediation: vulnerability?.remediations.append(remediationDraft.remediation)
        case .affectedFile: remediationDraft.affectedFiles.append(fileDraft.file)
        case .acknowledgment: vulnerability?.acknowledgments.append(acknowledgmentDraft.acknowledgment)
        default: break
        }
    }
}
