/// The CVRF 1.1 elements the XML decoder reads, each resolved in the context of its parent: an element
/// in an unexpected place (or an unknown one) is ``other``, and so is everything below it.
enum CVRFElement: UInt8 {
    case other
    case cvrfdoc
    case documentTitle, documentType, documentTracking, identification, id, alias
    case status, documentStatus, productStatus
    case version, initialReleaseDate, currentReleaseDate
    case revisionHistory, revision, number, date, description
    case documentNotes, notes, note
    case productTree, branch, fullProductName
    case vulnerability, title, cve, cwe, productStatuses, productID
    case threats, threat
    case scoreSets, scoreSet, baseScore, temporalScore, vector
    case remediations, remediation, url, supersedence, subType, fixedBuild, restartRequired
    case affectedFiles, affectedFile, fileName, fileVersion, filePath, fileLastModified, fileArchitecture
    case acknowledgments, acknowledgment, name, organization

    /// The element a qualified name spells when it uses MSRC's own prefixes (`cvrf:`, `prod:`, `vuln:`), without
    /// building the local name; `nil` otherwise (then ``named(_:)`` is asked with the local name). One integer
    /// switch on the length and four bytes picks the only candidate, which is then compared whole.
    static func named(qualified name: String) -> CVRFElement? {
        let bytes = name.utf8.span
        let count = bytes.count
        guard count > 6 else { return nil }
        let key = count << 32 | Int(bytes[0]) << 24 | Int(bytes[5]) << 16 | Int(bytes[6]) << 8 | Int(bytes[count - 1])
        let candidate: (spelling: String, element: CVRFElement)
        switch key {
        case 0x0763494444: candidate = ("cvrf:ID", .id)
        case 0x0876435645: candidate = ("vuln:CVE", .cve)
        case 0x0876435745: candidate = ("vuln:CWE", .cwe)
        case 0x087655524C: candidate = ("vuln:URL", .url)
        case 0x0963446165: candidate = ("cvrf:Date", .date)
        case 0x09634E6F65: candidate = ("cvrf:Note", .note)
        case 0x09764E6165: candidate = ("vuln:Name", .name)
        case 0x09764E6F65: candidate = ("vuln:Note", .note)
        case 0x0A63416C73: candidate = ("cvrf:Alias", .alias)
        case 0x0A764E6F73: candidate = ("vuln:Notes", .notes)
        case 0x0A76546965: candidate = ("vuln:Title", .title)
        case 0x0B634E7572: candidate = ("cvrf:Number", .number)
        case 0x0B63537473: candidate = ("cvrf:Status", .status)
        case 0x0B70427268: candidate = ("prod:Branch", .branch)
        case 0x0B76537473: candidate = ("vuln:Status", .status)
        case 0x0B76546874: candidate = ("vuln:Threat", .threat)
        case 0x0B76566572: candidate = ("vuln:Vector", .vector)
        case 0x0C6356656E: candidate = ("cvrf:Version", .version)
        case 0x0C63637663: candidate = ("cvrf:cvrfdoc", .cvrfdoc)
        case 0x0C76537565: candidate = ("vuln:SubType", .subType)
        case 0x0C76546873: candidate = ("vuln:Threats", .threats)
        case 0x0D6352656E: candidate = ("cvrf:Revision", .revision)
        case 0x0D76466965: candidate = ("vuln:FileName", .fileName)
        case 0x0D7652656E: candidate = ("vuln:Revision", .revision)
        case 0x0D76536374: candidate = ("vuln:ScoreSet", .scoreSet)
        case 0x0E76426165: candidate = ("vuln:BaseScore", .baseScore)
        case 0x0E76507244: candidate = ("vuln:ProductID", .productID)
        case 0x0F76466964: candidate = ("vuln:FixedBuild", .fixedBuild)
        case 0x106344656E: candidate = ("cvrf:Description", .description)
        case 0x1070507265: candidate = ("prod:ProductTree", .productTree)
        case 0x107644656E: candidate = ("vuln:Description", .description)
        case 0x107652656E: candidate = ("vuln:Remediation", .remediation)
        case 0x1163446F65: candidate = ("cvrf:DocumentType", .documentType)
        case 0x1176416665: candidate = ("vuln:AffectedFile", .affectedFile)
        case 0x1176526573: candidate = ("vuln:Remediations", .remediations)
        case 0x1176537565: candidate = ("vuln:Supercedence", .supersedence)
        case 0x1263446F65: candidate = ("cvrf:DocumentTitle", .documentTitle)
        case 0x1263446F73: candidate = ("cvrf:DocumentNotes", .documentNotes)
        case 0x1276416673: candidate = ("vuln:AffectedFiles", .affectedFiles)
        case 0x1276435673: candidate = ("vuln:CVSSScoreSets", .scoreSets)
        case 0x1276546565: candidate = ("vuln:TemporalScore", .temporalScore)
        case 0x1276567579: candidate = ("vuln:Vulnerability", .vulnerability)
        case 0x136349646E: candidate = ("cvrf:Identification", .identification)
        case 0x1376416374: candidate = ("vuln:Acknowledgment", .acknowledgment)
        case 0x1463526579: candidate = ("cvrf:RevisionHistory", .revisionHistory)
        case 0x1470467565: candidate = ("prod:FullProductName", .fullProductName)
        case 0x1476416373: candidate = ("vuln:Acknowledgments", .acknowledgments)
        case 0x1476507273: candidate = ("vuln:ProductStatuses", .productStatuses)
        case 0x1476526564: candidate = ("vuln:RestartRequired", .restartRequired)
        case 0x1476526579: candidate = ("vuln:RevisionHistory", .revisionHistory)
        case 0x1563446F67: candidate = ("cvrf:DocumentTracking", .documentTracking)
        case 0x1576466964: candidate = ("vuln:FileLastModified", .fileLastModified)
        case 0x1763437565: candidate = ("cvrf:CurrentReleaseDate", .currentReleaseDate)
        case 0x1763496E65: candidate = ("cvrf:InitialReleaseDate", .initialReleaseDate)
        default: return nil
        }
        return name == candidate.spelling ? candidate.element : nil
    }

    /// The element a local name spells, before context is considered (`nil` for unknown names). Both
    /// spellings MSRC and CVRF use are accepted (`Supercedence`, `Acknowledgements`). Matches on length, then
    /// on the whole string (names up to 15 bytes are small strings, compared in two words): no hashing.
    static func named(_ name: String) -> CVRFElement? {
        switch name.utf8.count {
        case 2:
            if name == "ID" { return .id }
        case 3:
            if name == "CVE" { return .cve }
            if name == "CWE" { return .cwe }
            if name == "URL" { return .url }
        case 4:
            if name == "Date" { return .date }
            if name == "Name" { return .name }
            if name == "Note" { return .note }
        case 5:
            if name == "Alias" { return .alias }
            if name == "Notes" { return .notes }
            if name == "Title" { return .title }
        case 6:
            if name == "Branch" { return .branch }
            if name == "Number" { return .number }
            if name == "Status" { return .status }
            if name == "Threat" { return .threat }
            if name == "Vector" { return .vector }
        case 7:
            if name == "SubType" { return .subType }
            if name == "Threats" { return .threats }
            if name == "Version" { return .version }
            if name == "cvrfdoc" { return .cvrfdoc }
        case 8:
            if name == "FileName" { return .fileName }
            if name == "FilePath" { return .filePath }
            if name == "Revision" { return .revision }
            if name == "ScoreSet" { return .scoreSet }
        case 9:
            if name == "BaseScore" { return .baseScore }
            if name == "ProductID" { return .productID }
        case 10:
            if name == "FixedBuild" { return .fixedBuild }
        case 11:
            if name == "Description" { return .description }
            if name == "FileVersion" { return .fileVersion }
            if name == "ProductTree" { return .productTree }
            if name == "Remediation" { return .remediation }
        case 12:
            if name == "AffectedFile" { return .affectedFile }
            if name == "DocumentType" { return .documentType }
            if name == "Organization" { return .organization }
            if name == "Remediations" { return .remediations }
            if name == "Supercedence" { return .supersedence }
            if name == "Supersedence" { return .supersedence }
        case 13:
            if name == "AffectedFiles" { return .affectedFiles }
            if name == "CVSSScoreSets" { return .scoreSets }
            if name == "DocumentNotes" { return .documentNotes }
            if name == "DocumentTitle" { return .documentTitle }
            if name == "TemporalScore" { return .temporalScore }
            if name == "Vulnerability" { return .vulnerability }
        case 14:
            if name == "Acknowledgment" { return .acknowledgment }
            if name == "Identification" { return .identification }
        case 15:
            if name == "Acknowledgement" { return .acknowledgment }
            if name == "Acknowledgments" { return .acknowledgments }
            if name == "FullProductName" { return .fullProductName }
            if name == "ProductStatuses" { return .productStatuses }
            if name == "RestartRequired" { return .restartRequired }
            if name == "RevisionHistory" { return .revisionHistory }
        case 16:
            if name == "Acknowledgements" { return .acknowledgments }
            if name == "DocumentTracking" { return .documentTracking }
            if name == "FileArchitecture" { return .fileArchitecture }
            if name == "FileLastModified" { return .fileLastModified }
        case 18:
            if name == "CurrentReleaseDate" { return .currentReleaseDate }
            if name == "InitialReleaseDate" { return .initialReleaseDate }
        default: break
        }
        return nil
    }

    /// The element a start tag named `qualifiedName` opens below `parent` (`nil` parent: the root). Elements
    /// are matched by local name, whatever their prefix.
    static func resolve(_ qualifiedName: String, parent: CVRFElement?) -> CVRFElement {
        guard let element = named(qualified: qualifiedName) ?? named(localName(of: qualifiedName)) else {
            return .other
        }
        guard let parent else { return element == .cvrfdoc ? .cvrfdoc : .other }
        if element.isValid(below: parent) { return element }
        if element == .status {
            if parent == .documentTracking { return .documentStatus }
            if parent == .productStatuses { return .productStatus }
        }
        return .other
    }

    /// Whether this element belongs directly below `parent` in a CVRF 1.1 document as MSRC writes it.
    func isValid(below parent: CVRFElement) -> Bool {
        switch self {
        case .documentTitle, .documentType, .documentTracking, .documentNotes, .productTree, .vulnerability:
            parent == .cvrfdoc
        case .identification, .version, .initialReleaseDate, .currentReleaseDate:
            parent == .documentTracking
        case .id, .alias: parent == .identification
        case .revisionHistory: parent == .documentTracking || parent == .vulnerability
        case .revision: parent == .revisionHistory
        case .number, .date: parent == .revision
        case .description:
            parent == .revision || parent == .threat || parent == .remediation || parent == .acknowledgment
        case .note: parent == .documentNotes || parent == .notes
        case .branch, .fullProductName: parent == .productTree || parent == .branch
        case .title, .notes, .cve, .cwe, .productStatuses, .threats, .scoreSets, .remediations, .acknowledgments:
            parent == .vulnerability
        case .productID:
            parent == .productStatus || parent == .threat || parent == .scoreSet || parent == .remediation
        case .threat: parent == .threats
        case .scoreSet: parent == .scoreSets
        case .baseScore, .temporalScore, .vector: parent == .scoreSet
        case .remediation: parent == .remediations
        case .url: parent == .remediation || parent == .acknowledgment
        case .supersedence, .subType, .fixedBuild, .restartRequired, .affectedFiles: parent == .remediation
        case .affectedFile: parent == .affectedFiles
        case .fileName, .fileVersion, .filePath, .fileLastModified, .fileArchitecture: parent == .affectedFile
        case .acknowledgment: parent == .acknowledgments
        case .name, .organization: parent == .acknowledgment
        case .other, .cvrfdoc, .status, .documentStatus, .productStatus: false
        }
    }

    /// Whether the decoder keeps this element's text.
    var capturesText: Bool {
        switch self {
        case .documentTitle, .documentType, .id, .alias, .documentStatus, .version, .initialReleaseDate,
            .currentReleaseDate, .number, .date, .description, .note, .fullProductName, .title, .cve, .cwe,
            .productID, .baseScore, .temporalScore, .vector, .url, .supersedence, .subType, .fixedBuild,
            .restartRequired, .fileName, .fileVersion, .filePath, .fileLastModified, .fileArchitecture, .name,
            .organization:
            true
        default: false
        }
    }

    /// The part of a qualified name after its prefix (`vuln:CVE` → `CVE`).
    static func localName(of name: String) -> String {
        let bytes = name.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[bytes.index(after: colon)...])
    }
}
