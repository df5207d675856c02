import Foundation
import MSRCModel
import Testing

/// What real data does that a strict reader would reject: every case decodes, keeping what it can.
@Suite("Tolerated quirks")
struct ToleranceTests {
    private func decode(_ vulnerabilities: [String], products: [(id: String, name: String)]? = nil) throws
        -> MSRCDocument
    {
        let xml =
            products.map { CVRFFixture.document(products: $0, vulnerabilities: vulnerabilities) }
            ?? CVRFFixture.document(vulnerabilities: vulnerabilities)
        return try CVRFXMLDecoder().decode(CVRFFixture.data(xml))
    }

    @Test("document fields, both date forms, and the branch tree")
    func document() throws {
        let document = try decode([])
        #expect(document.id == "2099-Jan")
        #expect(document.alias == "2099-Jan")
        #expect(document.title == "Test Security Updates")
        #expect(document.type == "Security Update")
        #expect(document.status == "Final")
        #expect(document.initialReleaseDate == ISO8601DateFormatter().date(from: "2099-01-13T08:00:00Z"))
        #expect(document.currentReleaseDate == ISO8601DateFormatter().date(from: "2099-01-14T08:00:00Z"))
        #expect(
            document.revisionHistory == [Revision(number: "1", date: document.initialReleaseDate, description: "Test")])
        #expect(document.productTree.products == [Product(id: "11923", name: "Windows Server 2022")])
        #expect(document.productTree.branches.first?.name == "Microsoft")
        #expect(document.productTree.branches.first?.branches.first?.type == "Product Family")
        #expect(document.productTree.branches.first?.branches.first?.products.map(\.id) == ["11923"])
    }

    @Test("Supersedence and Acknowledgements spellings")
    func spellings() throws {
        let document = try decode([
            CVRFFixture.vulnerability(
                CVRFFixture.vendorFix(
                    "<vuln:Description>5022291</vuln:Description><vuln:Supersedence>5021249; 5021250</vuln:Supersedence>"
                        + "<vuln:ProductID>11923</vuln:ProductID>")
                    + "<vuln:Acknowledgements><vuln:Acknowledgement><vuln:Name>A. Finder</vuln:Name><vuln:Name/>"
                    + "<vuln:URL/></vuln:Acknowledgement></vuln:Acknowledgements>")
        ])
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.vendorFixes.first?.supersededKBs == [5_021_249, 5_021_250])
        #expect(vulnerability.acknowledgments == [Acknowledgment(names: ["A. Finder"])])
    }

    @Test("missing and empty fields")
    func missing() throws {
        let document = try decode([
            CVRFFixture.vulnerability(
                cve: nil,
                "<vuln:Title/><vuln:Notes><vuln:Note Type=\"Description\" Title=\"Description\"/></vuln:Notes>"
                    + CVRFFixture.vendorFix(
                        "<vuln:Description/><vuln:URL/><vuln:FixedBuild/><vuln:SubType> </vuln:SubType>")
                    + "<vuln:CVSSScoreSets><vuln:ScoreSet><vuln:BaseScore/></vuln:ScoreSet></vuln:CVSSScoreSets>"
                    + "<vuln:Threats><vuln:Threat Type=\"Severity\"><vuln:Description/>"
                    + "<vuln:ProductID>11923</vuln:ProductID></vuln:Threat></vuln:Threats>")
        ])
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.cve == "")
        #expect(!vulnerability.cveIsWellFormed)
        #expect(vulnerability.title == nil)
        #expect(vulnerability.descriptionText == nil)
        #expect(vulnerability.notes == [Note(type: .description, title: "Description", text: "")])
        let fix = try #require(vulnerability.remediations.first)
        #expect(
            fix.description == nil && fix.kb == nil && fix.url == nil && fix.fixedBuild == nil && fix.subType == nil)
        #expect(fix.productIDs.isEmpty)
        #expect(
            vulnerability.scoreSets == [CVSSScoreSet(baseScore: nil, temporalScore: nil, vector: nil, productIDs: [])])
        #expect(vulnerability.severity(for: "11923") == nil)
    }

    @Test("non-numeric fix descriptions, .NET and package versions, Mariner rows")
    func nonNumeric() throws {
        let document = try decode(
            [
                CVRFFixture.vulnerability(
                    "<vuln:Remediations>"
                        + "<vuln:Remediation Type=\"Vendor Fix\"><vuln:Description>CBL-Mariner Releases</vuln:Description>"
                        + "<vuln:ProductID>18007-16820</vuln:ProductID><vuln:SubType>CBL-Mariner</vuln:SubType>"
                        + "<vuln:FixedBuild>1.2.3-4.cm2</vuln:FixedBuild><vuln:AffectedFiles><vuln:AffectedFile>"
                        + "<vuln:FileName>etcd-3.5.0-9.cm1.x86_64.rpm</vuln:FileName>"
                        + "<vuln:FileLastModified>0001-01-01T00:00:00</vuln:FileLastModified>"
                        + "</vuln:AffectedFile></vuln:AffectedFiles></vuln:Remediation>"
                        + "<vuln:Remediation Type=\"Vendor Fix\"><vuln:Description>5022729</vuln:Description>"
                        + "<vuln:ProductID>12079-11923</vuln:ProductID><vuln:FixedBuild>4.8.1.09294.01</vuln:FixedBuild>"
                        + "<vuln:SubType>Security Hotpatch Update</vuln:SubType></vuln:Remediation>"
                        + "</vuln:Remediations>")
            ], products: [("18007-16820", "CBL Mariner 2.0 x64 etcd"), ("12079-11923", ".NET on Server 2022")])
        let fixes = try #require(document.vulnerabilities.first?.remediations)
        #expect(fixes[0].description == "CBL-Mariner Releases")
        #expect(fixes[0].kb == nil)
        #expect(fixes[0].fixedBuild?.isNumeric == false)
        #expect(fixes[0].fixedBuild?.rawValue == "1.2.3-4.cm2")
        #expect(fixes[0].affectedFiles == [AffectedFile(fileName: "etcd-3.5.0-9.cm1.x86_64.rpm")])
        #expect(fixes[1].kb == 5_022_729)
        #expect(fixes[1].fixedBuild?.components == [4, 8, 1, 9294, 1])
        #expect(fixes[1].isHotpatch)
    }

    @Test("unknown elements are skipped, with everything below them")
    func unknownElements() throws {
        let document = try decode([
            CVRFFixture.vulnerability(
                "<vuln:Future Type=\"x\"><vuln:ProductID>99999</vuln:ProductID><vuln:CVE>CVE-0000-0000</vuln:CVE>"
                    + "</vuln:Future><vuln:ProductStatuses><vuln:Status Type=\"Known Affected\">"
                    + "<vuln:ProductID>11923</vuln:ProductID><other:Thing xmlns:other=\"urn:x\">text</other:Thing>"
                    + "</vuln:Status></vuln:ProductStatuses><vuln:DiscoveryDate>2099-01-01</vuln:DiscoveryDate>")
        ])
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.cve == "CVE-2099-0001")
        #expect(vulnerability.knownAffectedProductIDs == ["11923"])
    }

    @Test("other namespace prefixes, a default namespace, CDATA and character references")
    func namespaces() throws {
        let xml = """
            <cvrfdoc xmlns="http://www.icasi.org/CVRF/schema/cvrf/1.1" xmlns:v="http://www.icasi.org/CVRF/schema/vuln/1.1">
              <DocumentTracking><Identification><ID>2099-Feb</ID></Identification></DocumentTracking>
              <ProductTree><FullProductName ProductID="1">Caf&#233; &amp; Co</FullProductName></ProductTree>
              <v:Vulnerability><v:CVE>CVE-2099-0002</v:CVE><v:Title><![CDATA[A <b>bold</b> title]]></v:Title>
              <v:Notes><v:Note Type="FAQ" Ordinal="10">&lt;p&gt;Q?&lt;/p&gt;
            </v:Note></v:Notes></v:Vulnerability>
            </cvrfdoc>
            """
        let document = try CVRFXMLDecoder().decode(Data(xml.utf8))
        #expect(document.id == "2099-Feb")
        #expect(document.productTree.name(ofProduct: "1") == "Café & Co")
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.title == "A <b>bold</b> title")
        #expect(vulnerability.notes == [Note(type: .faq, title: nil, text: "<p>Q?</p>\n", ordinal: 10)])
        #expect(vulnerability.faqs == ["<p>Q?</p>\n"])
    }

    @Test("per-product severity and impact; exploit status without products applies to all")
    func threats() throws {
        let document = try decode(
            [
                CVRFFixture.vulnerability(
                    "<vuln:Threats>"
                        + "<vuln:Threat Type=\"Impact\"><vuln:Description>Remote Code Execution</vuln:Description>"
                        + "<vuln:ProductID>1</vuln:ProductID></vuln:Threat>"
                        + "<vuln:Threat Type=\"Severity\"><vuln:Description>Critical</vuln:Description>"
                        + "<vuln:ProductID>1</vuln:ProductID></vuln:Threat>"
                        + "<vuln:Threat Type=\"Severity\"><vuln:Description>Important</vuln:Description>"
                        + "<vuln:ProductID>2</vuln:ProductID></vuln:Threat>"
                        + "<vuln:Threat Type=\"Exploit Status\"><vuln:Description>Publicly Disclosed:Yes;Exploited:No"
                        + "</vuln:Description></vuln:Threat></vuln:Threats>")
            ], products: [("1", "One"), ("2", "Two")])
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.severity(for: "1") == .critical)
        #expect(vulnerability.severity(for: "2") == .important)
        #expect(vulnerability.highestSeverity == .critical)
        #expect(vulnerability.impact(for: "1") == "Remote Code Execution")
        #expect(vulnerability.impact(for: "2") == nil)
        #expect(vulnerability.exploitStatus(for: "2")?.publiclyDisclosed == true)
        #expect(vulnerability.exploitStatus(for: "1")?.exploited == false)
    }

    @Test("the JSON variant accepts both enum forms, both spellings and bare values")
    func jsonVariants() throws {
        let json = """
            {"DocumentTracking": {"Identification": {"ID": "2099-Mar", "Alias": {"Value": "2099-Mar"}}, "Status": "Final"},
             "ProductTree": {"FullProductName": [{"ProductID": 11923, "Value": "Windows Server 2022", "CPE": "cpe:x"}]},
             "Vulnerability": [{"CVE": "CVE-2099-0003", "Title": "bare title", "CWE": {"ID": "CWE-20", "Value": null},
               "Threats": [{"Type": "Severity", "Description": {"Value": "Low"}, "ProductID": "11923"}],
               "Remediations": [{"Type": 2, "Description": {"Value": "5000001"}, "Supersedence": "4999999",
                 "ProductID": ["11923"], "RestartRequired": {}, "FixedBuild": "10.0.20348.1", "Extra": [1, 2]}],
               "Acknowledgements": [{"Name": {"Value": "Someone"}, "URL": "https://example.com"}],
               "CVSSScoreSets": [{"BaseScore": "7.5", "ProductID": ["11923"]}],
               "Unknown": {"deep": [1, {"x": null}]}}]}
            """
        let document = try CVRFJSONDecoder().decode(Data(json.utf8))
        #expect(document.status == "Final")
        #expect(document.productTree.products == [Product(id: "11923", name: "Windows Server 2022", cpe: "cpe:x")])
        let vulnerability = try #require(document.vulnerabilities.first)
        #expect(vulnerability.title == "bare title")
        #expect(vulnerability.cwes == [CWE(id: "CWE-20", name: nil)])
        #expect(vulnerability.severity(for: "11923") == .low)
        let fix = try #require(vulnerability.vendorFixes.first)
        #expect(fix.kb == 5_000_001 && fix.supersededKBs == [4_999_999] && fix.restartRequired == nil)
        #expect(vulnerability.acknowledgments == [Acknowledgment(names: ["Someone"], urls: ["https://example.com"])])
        #expect(vulnerability.scoreSet(for: "11923")?.baseScore == 7.5)
    }

    @Test("a document survives a Codable round trip")
    func codableRoundTrip() throws {
        let document = try decode(
            [
                CVRFFixture.vulnerability(
                    CVRFFixture.vendorFix(
                        "<vuln:Description>5022291</vuln:Description><vuln:Supercedence>MS16-016, 3124280</vuln:Supercedence>"
                            + "<vuln:FixedBuild>10.0.20348.1487</vuln:FixedBuild><vuln:ProductID>11923</vuln:ProductID>"
                    ))
            ])
        let decoded = try JSONDecoder().decode(MSRCDocument.self, from: try JSONEncoder().encode(document))
        #expect(decoded == document)
        #expect(decoded.productTree.name(ofProduct: "11923") == "Windows Server 2022")
    }

    @Test("a real month survives a Codable round trip", .enabled(if: RealData.isAvailable, RealData.skipReason))
    func realRoundTrip() throws {
        let document = try CVRFXMLDecoder().decode(try RealData.cvrfXML("2024-Mar"))
        #expect(try JSONDecoder().decode(MSRCDocument.self, from: try JSONEncoder().encode(document)) == document)
    }
}
