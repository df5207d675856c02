import Foundation

/// Small monthly CVRF 1.1 documents in MSRC's XML layout, written by the tests.
struct CVRFWriter {
    /// A product of the root `FullProductName` list.
    struct Product {
        let id: String
        let name: String
    }

    /// A `Vendor Fix` remediation.
    struct Fix {
        var kb: String
        var products: [String]
        var fixedBuild: String? = nil
        var supersedence: String? = nil
        var subType: String = "Security Update"
        var url: String? = nil
    }

    /// A vulnerability.
    struct Vulnerability {
        var cve: String
        var title: String = "Test Vulnerability"
        var description: String? = nil
        var products: [String]
        var severity: String = "Important"
        var impact: String = "Elevation of Privilege"
        var exploitStatus: String? = "Publicly Disclosed:No;Exploited:No;Latest Software Release:N/A"
        var baseScore: Double? = 7.8
        var revisions: [String] = ["2099-01-13T08:00:00"]
        var fixes: [Fix] = []
    }

    /// The document ID.
    var id: String
    /// `InitialReleaseDate`.
    var initialReleaseDate: String
    /// `CurrentReleaseDate`.
    var currentReleaseDate: String
    /// The root product list.
    var products: [Product] = CVRFWriter.serverProducts
    /// The vulnerabilities.
    var vulnerabilities: [Vulnerability] = []

    /// Windows Server 2022 and its Core installation, with a compound .NET product on each.
    static let serverProducts = [
        Product(id: "11923", name: "Windows Server 2022"),
        Product(id: "11924", name: "Windows Server 2022 (Server Core installation)"),
        Product(id: "12079-11923", name: "Microsoft .NET Framework 3.5 AND 4.8.1 on Windows Server 2022"),
        Product(
            id: "12079-11924",
            name: "Microsoft .NET Framework 3.5 AND 4.8.1 on Windows Server 2022 (Server Core installation)"),
        Product(id: "11571", name: "Windows Server 2019"),
    ]

    /// The document as XML text.
    var xml: String {
        let productList = products.map {
            "<prod:FullProductName ProductID=\"\($0.id)\">\(Self.escaped($0.name))</prod:FullProductName>"
        }.joined(separator: "\n    ")
        let body = vulnerabilities.enumerated().map { Self.vulnerability($1, ordinal: $0) }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <cvrf:cvrfdoc xmlns:vuln="http://www.icasi.org/CVRF/schema/vuln/1.1" \
            xmlns:prod="http://www.icasi.org/CVRF/schema/prod/1.1" \
            xmlns:cvrf="http://www.icasi.org/CVRF/schema/cvrf/1.1">
              <cvrf:DocumentTitle>\(id) Security Updates</cvrf:DocumentTitle>
              <cvrf:DocumentType>Security Update</cvrf:DocumentType>
              <cvrf:DocumentTracking>
                <cvrf:Identification><cvrf:ID>\(id)</cvrf:ID><cvrf:Alias>\(id)</cvrf:Alias></cvrf:Identification>
                <cvrf:Status>Final</cvrf:Status>
                <cvrf:Version>1.0</cvrf:Version>
                <cvrf:RevisionHistory><cvrf:Revision><cvrf:Number>1</cvrf:Number>\
            <cvrf:Date>\(currentReleaseDate)</cvrf:Date><cvrf:Description>Test</cvrf:Description></cvrf:Revision>\
            </cvrf:RevisionHistory>
                <cvrf:InitialReleaseDate>\(initialReleaseDate)</cvrf:InitialReleaseDate>
                <cvrf:CurrentReleaseDate>\(currentReleaseDate)</cvrf:CurrentReleaseDate>
              </cvrf:DocumentTracking>
              <prod:ProductTree>
                \(productList)
              </prod:ProductTree>
            \(body)
            </cvrf:cvrfdoc>
            """
    }

    /// The document as UTF-8 bytes.
    var bytes: [UInt8] { Array(xml.utf8) }

    /// One `vuln:Vulnerability` element.
    private static func vulnerability(_ vulnerability: Vulnerability, ordinal: Int) -> String {
        func ids(_ products: [String]) -> String {
            products.map { "<vuln:ProductID>\($0)</vuln:ProductID>" }.joined()
        }
        var parts: [String] = ["<vuln:Vulnerability Ordinal=\"\(ordinal)\">"]
        parts.append("<vuln:Title>\(escaped(vulnerability.title))</vuln:Title>")
        var notes = "<vuln:Notes>"
        if let description = vulnerability.description {
            notes +=
                "<vuln:Note Title=\"Description\" Type=\"Description\" Ordinal=\"0\">\(escaped(description))</vuln:Note>"
        }
        notes += "<vuln:Note Title=\"Windows Test\" Type=\"Tag\" Ordinal=\"20\">Windows Test</vuln:Note>"
        notes += "<vuln:Note Title=\"Microsoft\" Type=\"CNA\" Ordinal=\"30\">Microsoft</vuln:Note></vuln:Notes>"
        parts.append(notes)
        parts.append("<vuln:CVE>\(vulnerability.cve)</vuln:CVE>")
        parts.append("<vuln:CWE ID=\"CWE-416\">Use After Free</vuln:CWE>")
        parts.append(
            "<vuln:ProductStatuses><vuln:Status Type=\"Known Affected\">\(ids(vulnerability.products))</vuln:Status></vuln:ProductStatuses>"
        )
        var threats = "<vuln:Threats>"
        for product in vulnerability.products {
            threats +=
                "<vuln:Threat Type=\"Impact\"><vuln:Description>\(vulnerability.impact)</vuln:Description>\(ids([product]))</vuln:Threat>"
            threats +=
                "<vuln:Threat Type=\"Severity\"><vuln:Description>\(vulnerability.severity)</vuln:Description>\(ids([product]))</vuln:Threat>"
        }
        if let exploit = vulnerability.exploitStatus {
            threats +=
                "<vuln:Threat Type=\"Exploit Status\"><vuln:Description>\(exploit)</vuln:Description></vuln:Threat>"
        }
        parts.append(threats + "</vuln:Threats>")
        if let score = vulnerability.baseScore {
            parts.append(
                "<vuln:CVSSScoreSets><vuln:ScoreSet><vuln:BaseScore>\(score)</vuln:BaseScore>"
                    + "<vuln:TemporalScore>\(score - 0.5)</vuln:TemporalScore>"
                    + "<vuln:Vector>CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H</vuln:Vector>"
                    + "\(ids(vulnerability.products))</vuln:ScoreSet></vuln:CVSSScoreSets>")
        }
        var remediations = "<vuln:Remediations>"
        for fix in vulnerability.fixes {
            remediations += "<vuln:Remediation Type=\"Vendor Fix\"><vuln:Description>\(fix.kb)</vuln:Description>"
            remediations +=
                "<vuln:URL>\(fix.url ?? "https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB\(fix.kb)")</vuln:URL>"
            if let supersedence = fix.supersedence {
                remediations += "<vuln:Supercedence>\(supersedence)</vuln:Supercedence>"
            }
            remediations += ids(fix.products)
            remediations +=
                "<vuln:RestartRequired>Yes</vuln:RestartRequired><vuln:SubType>\(fix.subType)</vuln:SubType>"
            if let build = fix.fixedBuild { remediations += "<vuln:FixedBuild>\(build)</vuln:FixedBuild>" }
            remediations += "</vuln:Remediation>"
        }
        parts.append(remediations + "</vuln:Remediations>")
        var history = "<vuln:RevisionHistory>"
        for (number, date) in vulnerability.revisions.enumerated() {
            history += "<vuln:Revision><cvrf:Number>\(number + 1).0</cvrf:Number><cvrf:Date>\(date)</cvrf:Date>"
            history += "<cvrf:Description>&lt;p&gt;Revision \(number + 1).&lt;/p&gt;</cvrf:Description></vuln:Revision>"
        }
        parts.append(history + "</vuln:RevisionHistory>")
        parts.append("</vuln:Vulnerability>")
        return parts.joined(separator: "\n")
    }

    /// `text` with XML's special characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
