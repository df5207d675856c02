import Foundation

/// Small CVRF 1.1 XML documents written by the tests, in MSRC's layout (`cvrf:`, `prod:`, `vuln:` prefixes).
enum CVRFFixture {
    /// A whole document with `products` in the root list and `vulnerabilities` (raw `vuln:Vulnerability`
    /// elements) after the product tree.
    static func document(
        id: String = "2099-Jan", products: [(id: String, name: String)] = [("11923", "Windows Server 2022")],
        vulnerabilities: [String] = []
    ) -> String {
        let productList = products.map {
            "<prod:FullProductName ProductID=\"\($0.id)\">\(escaped($0.name))</prod:FullProductName>"
        }.joined(separator: "\n    ")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <cvrf:cvrfdoc xmlns:vuln="http://www.icasi.org/CVRF/schema/vuln/1.1" \
            xmlns:prod="http://www.icasi.org/CVRF/schema/prod/1.1" \
            xmlns:cvrf="http://www.icasi.org/CVRF/schema/cvrf/1.1">
              <cvrf:DocumentTitle>Test Security Updates</cvrf:DocumentTitle>
              <cvrf:DocumentType>Security Update</cvrf:DocumentType>
              <cvrf:DocumentTracking>
                <cvrf:Identification><cvrf:ID>\(id)</cvrf:ID><cvrf:Alias>\(id)</cvrf:Alias></cvrf:Identification>
                <cvrf:Status>Final</cvrf:Status>
                <cvrf:Version>1.0</cvrf:Version>
                <cvrf:RevisionHistory><cvrf:Revision><cvrf:Number>1</cvrf:Number>\
            <cvrf:Date>2099-01-13T08:00:00</cvrf:Date><cvrf:Description>Test</cvrf:Description></cvrf:Revision>\
            </cvrf:RevisionHistory>
                <cvrf:InitialReleaseDate>2099-01-13T08:00:00</cvrf:InitialReleaseDate>
                <cvrf:CurrentReleaseDate>2099-01-14T08:00:00Z</cvrf:CurrentReleaseDate>
              </cvrf:DocumentTracking>
              <prod:ProductTree>
                <prod:Branch Type="Vendor" Name="Microsoft"><prod:Branch Type="Product Family" Name="Windows">
                  \(productList)
                </prod:Branch></prod:Branch>
                \(productList)
              </prod:ProductTree>
              \(vulnerabilities.joined(separator: "\n  "))
            </cvrf:cvrfdoc>
            """
    }

    /// A `vuln:Vulnerability` element with `body` inside, after a CVE element (omitted when `cve` is nil).
    static func vulnerability(cve: String? = "CVE-2099-0001", _ body: String = "") -> String {
        let cveElement = cve.map { "<vuln:CVE>\($0)</vuln:CVE>" } ?? ""
        return "<vuln:Vulnerability Ordinal=\"1\">\(cveElement)\(body)</vuln:Vulnerability>"
    }

    /// A `Vendor Fix` remediation element with the given children.
    static func vendorFix(_ children: String) -> String {
        "<vuln:Remediations><vuln:Remediation Type=\"Vendor Fix\">\(children)</vuln:Remediation></vuln:Remediations>"
    }

    /// `text` with XML's special characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The document's bytes.
    static func data(_ xml: String) -> Data { Data(xml.utf8) }
}
