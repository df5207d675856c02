import Foundation
import MSRCModel
import Testing

/// The reconstructed CVRF JSON months decode to the same model as their XML months.
@Suite("Reconstructed CVRF JSON = CVRF XML", .enabled(if: RealData.isAvailable, RealData.skipReason))
struct RealJSONEquivalenceTests {
    /// What the XML → JSON reconstruction did not carry over: the root products' `CPE` attribute, the
    /// contents of `AffectedFiles` (every `AffectedFiles` is `[]` in the JSON), and every `CWE` after a
    /// vulnerability's first (the JSON `CWE` arrays hold one entry; 17 vulnerabilities of 2025-Jun and 2026-Jan
    /// have two in the XML). The XML model is compared without them; everything else must be equal.
    static func withoutReconstructionLosses(_ document: MSRCDocument) -> MSRCDocument {
        MSRCDocument(
            id: document.id, alias: document.alias, title: document.title, type: document.type,
            status: document.status, version: document.version, initialReleaseDate: document.initialReleaseDate,
            currentReleaseDate: document.currentReleaseDate, aggregateSeverity: document.aggregateSeverity,
            revisionHistory: document.revisionHistory, notes: document.notes,
            productTree: ProductTree(
                products: document.productTree.products.map { Product(id: $0.id, name: $0.name) },
                branches: document.productTree.branches),
            vulnerabilities: document.vulnerabilities.map { vulnerability in
                Vulnerability(
                    cve: vulnerability.cve, ordinal: vulnerability.ordinal, title: vulnerability.title,
                    notes: vulnerability.notes, cwes: Array(vulnerability.cwes.prefix(1)),
                    productStatuses: vulnerability.productStatuses, threats: vulnerability.threats,
                    scoreSets: vulnerability.scoreSets,
                    remediations: vulnerability.remediations.map { remediation in
                        Remediation(
                            type: remediation.type, description: remediation.description, url: remediation.url,
                            supersedence: remediation.supersedence, subType: remediation.subType,
                            fixedBuild: remediation.fixedBuild, restartRequired: remediation.restartRequired,
                            productIDs: remediation.productIDs, affectedFiles: [], date: remediation.date)
                    },
                    acknowledgments: vulnerability.acknowledgments, revisionHistory: vulnerability.revisionHistory)
            })
    }

    @Test("JSON month equals XML month", arguments: ["2023-Jan", "2024-Mar", "2025-Jun", "2026-Jan"])
    func sameModel(_ id: String) throws {
        let xml = RealJSONEquivalenceTests.withoutReconstructionLosses(
            try CVRFXMLDecoder().decode(try RealData.cvrfXML(id)))
        let json = try CVRFJSONDecoder().decode(try RealData.cvrfJSON(id))
        #expect(json.id == id)
        #expect(json.vulnerabilities.count == xml.vulnerabilities.count)
        #expect(json.productTree == xml.productTree)
        let metadataEqual =
            json.alias == xml.alias && json.title == xml.title && json.type == xml.type && json.status == xml.status
            && json.version == xml.version && json.initialReleaseDate == xml.initialReleaseDate
            && json.currentReleaseDate == xml.currentReleaseDate && json.revisionHistory == xml.revisionHistory
            && json.notes == xml.notes
        #expect(metadataEqual)
        for (fromJSON, fromXML) in zip(json.vulnerabilities, xml.vulnerabilities) where fromJSON != fromXML {
            Issue.record("\(id) \(fromXML.cve) differs: \(RealJSONEquivalenceTests.difference(fromJSON, fromXML))")
            break
        }
        #expect(json == xml)
        // Through the format-sniffing entry point too.
        #expect(try MSRCDocument(decoding: try RealData.cvrfJSON(id)) == json)
    }

    /// The first field that differs, for a readable failure.
    static func difference(_ json: Vulnerability, _ xml: Vulnerability) -> String {
        let fields: [(String, Bool)] = [
            ("cve", json.cve == xml.cve), ("ordinal", json.ordinal == xml.ordinal), ("title", json.title == xml.title),
            ("notes", json.notes == xml.notes), ("cwes", json.cwes == xml.cwes),
            ("productStatuses", json.productStatuses == xml.productStatuses), ("threats", json.threats == xml.threats),
            ("scoreSets", json.scoreSets == xml.scoreSets), ("remediations", json.remediations == xml.remediations),
            ("acknowledgments", json.acknowledgments == xml.acknowledgments),
            ("revisionHistory", json.revisionHistory == xml.revisionHistory),
        ]
        guard let field = fields.first(where: { !$0.1 })?.0 else { return "no field differs" }
        switch field {
        case "notes":
            for (a, b) in zip(json.notes, xml.notes) where a != b { return "note JSON \(a) vs XML \(b)" }
        case "remediations":
            for (a, b) in zip(json.remediations, xml.remediations) where a != b {
                return "remediation JSON \(a) vs XML \(b)"
            }
        case "acknowledgments":
            return "JSON \(json.acknowledgments) vs XML \(xml.acknowledgments)"
        case "cwes": return "JSON \(json.cwes) vs XML \(xml.cwes)"
        case "threats":
            for (a, b) in zip(json.threats, xml.threats) where a != b { return "threat JSON \(a) vs XML \(b)" }
        case "scoreSets":
            for (a, b) in zip(json.scoreSets, xml.scoreSets) where a != b { return "score JSON \(a) vs XML \(b)" }
        case "revisionHistory":
            return "JSON \(json.revisionHistory) vs XML \(xml.revisionHistory)"
        default: break
        }
        return field
    }
}
