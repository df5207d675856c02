public import Foundation

/// Decodes an MSRC CSAF 2.0 advisory (one CVE per file, `msrc.microsoft.com/csaf/advisories/…`) into the
/// same model as the CVRF decoders.
///
/// Mapping (CSAF 2.0 §3.1–3.2): `document.tracking` → ID, dates, status, version, revision history (which,
/// since an advisory describes one CVE, is also the vulnerability's); `product_tree` → products from every
/// `full_product_name` (branches, `full_product_names`, relationships), branches by `category`/`name`;
/// `product_status` keys → ``ProductStatusType`` (MSRC's `known_affected` lists advisory-local IDs, `fixed`
/// MSRC product IDs); threats and remediations by category (`vendor_fix` → `Vendor Fix`, `impact` →
/// `Impact`, `exploit_status` → `Exploit Status`); a remediation `details` of the form
/// `FixedBuild:SubType:URL` is split into ``Remediation/fixedBuild``, ``Remediation/subType`` and the URL, and
/// its ``Remediation/description`` is then the KB the URL names (`KB5034129`, `/help/5034129`) or `nil`;
/// other `details` are the description. A general note titled `Assigning CNA` becomes a `CNA` note.
/// `document.aggregate_severity` → ``MSRCDocument/aggregateSeverity``; CVSS v3 scores (v2 when there is no v3).
public struct CSAFDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `data`, a CSAF 2.0 advisory.
    public func decode(_ data: Data) throws(MSRCError) -> MSRCDocument {
        if data.allSatisfy(TextField.isSpace) { throw MSRCError(.empty, "the document is empty") }
        let dto: CSAFJSON.Advisory
        do {
            dto = try JSONDecoder().decode(CSAFJSON.Advisory.self, from: data)
        } catch {
            throw MSRCError(decoding: error, what: "CSAF advisory", data: data)
        }
        guard let meta = dto.document else {
            throw MSRCError(.notMSRCDocument, "the JSON object is not a CSAF advisory (it has no \"document\")")
        }
        guard let id = TextField.trimmed(meta.tracking?.id?.text) else {
            throw MSRCError(
                .missingField, "the CSAF advisory has no document.tracking.id", keyPath: "document.tracking.id")
        }
        return dto.document(id: id, meta: meta)
    }
}
