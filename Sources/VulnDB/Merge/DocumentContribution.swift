import Foundation
import MSRCModel

/// What one document contributes to the database: only the fields the tables keep, computed per product
/// right after decoding so that the decoded document can be released.
struct DocumentContribution: Sendable {
    /// The document's facts.
    let facts: DocumentFacts
    /// Every product of the document's product tree.
    let products: [Product]
    /// The vulnerabilities, in document order.
    let vulnerabilities: [VulnerabilityContribution]

    /// Reduces `document`. CSAF advisories name their affected products with advisory-local IDs (`1`), so
    /// every CSAF product ID that no `fixed` list names is qualified with the document ID
    /// (`msrc_CVE-2025-29795/1`) and can never be taken for an MSRC product ID.
    init(_ document: MSRCDocument, facts: DocumentFacts, format: MSRCDocumentFormat) {
        self.facts = facts
        var rename: (String) -> String = { $0 }
        if format == .csaf {
            let global = Set(document.vulnerabilities.flatMap(\.fixedProductIDs))
            let prefix = document.id + "/"
            rename = { global.contains($0) ? $0 : prefix + $0 }
        }
        products = document.productTree.products.map { Product(id: rename($0.id), name: $0.name, cpe: $0.cpe) }
        vulnerabilities = document.vulnerabilities.map { VulnerabilityContribution($0, rename: rename) }
    }
}
