public import Foundation

/// Decodes the CVRF JSON variant the MSRC API serves with `Accept: application/json`: the CVRF 1.1 structure
/// with `{"Value": …}` wrappers and integer enumerations (Threat 0 Impact, 1 Exploit Status, 3 Severity;
/// Remediation 0 Workaround, 1 Mitigation, 2 Vendor Fix, 5 Known Issue, 6 Release Notes; ProductStatus
/// 3 Known Affected; Note 1 Details, 2 Description, 4 FAQ, 5 Legal Disclaimer, 6 Other, 7 Tag, 8 CNA).
///
/// Produces the same values as ``CVRFXMLDecoder`` for the same document: texts are cleaned the same way,
/// integer codes become the XML spellings. Wrappers and bare values are both accepted, as are integer codes
/// and XML spellings, `Supercedence` and `Supersedence`, `Acknowledgments` and `Acknowledgements`; unknown
/// keys are ignored. A field of a type the format does not allow (an object where the CVE belongs,
/// `Vulnerability` that is not an array) gives ``MSRCError/Code-swift.enum/wrongType`` with its key path.
public struct CVRFJSONDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `data`, a CVRF JSON document.
    public func decode(_ data: Data) throws(MSRCError) -> MSRCDocument {
        if data.allSatisfy(TextField.isSpace) { throw MSRCError(.empty, "the document is empty") }
        let dto: CVRFJSON.Document
        do {
            dto = try JSONDecoder().decode(CVRFJSON.Document.self, from: data)
        } catch {
            throw MSRCError(decoding: error, what: "CVRF JSON document", data: data)
        }
        guard dto.looksLikeCVRF else {
            throw MSRCError(
                .notMSRCDocument,
                "the JSON object is not a CVRF document (it has none of DocumentTracking, ProductTree, Vulnerability)")
        }
        guard let id = TextField.trimmed(dto.tracking?.identification?.id?.text) else {
            throw MSRCError(
                .missingField, "the CVRF document has no DocumentTracking.Identification.ID",
                keyPath: "DocumentTracking.Identification.ID")
        }
        return dto.document(id: id)
    }
}
