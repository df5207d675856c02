import Foundation
import MSRCModel
import Testing

/// Input that is not a usable MSRC document gives an ``MSRCError`` with a one-line description, never a trap.
@Suite("Bad input")
struct BadInputTests {
    /// One bad input, the decoder to feed it to, and the code it must give.
    struct Case: Sendable, CustomTestStringConvertible {
        enum Decoder: Sendable { case xml, json, csaf, sniffing, index }
        let name: String
        let decoder: Decoder
        let bytes: Data
        let code: MSRCError.Code
        var testDescription: String { name }

        init(_ name: String, _ decoder: Decoder, _ text: String, _ code: MSRCError.Code) {
            self.init(name, decoder, Data(text.utf8), code)
        }

        init(_ name: String, _ decoder: Decoder, _ bytes: Data, _ code: MSRCError.Code) {
            self.name = name
            self.decoder = decoder
            self.bytes = bytes
            self.code = code
        }

        func decode() throws(MSRCError) {
            switch decoder {
            case .xml: _ = try CVRFXMLDecoder().decode(bytes)
            case .json: _ = try CVRFJSONDecoder().decode(bytes)
            case .csaf: _ = try CSAFDecoder().decode(bytes)
            case .sniffing: _ = try MSRCDocument(decoding: bytes)
            case .index: _ = try UpdateIndex(decoding: bytes)
            }
        }
    }

    static let validXML = CVRFFixture.document(vulnerabilities: [CVRFFixture.vulnerability()])
    static let validJSON =
        #"{"DocumentTracking": {"Identification": {"ID": {"Value": "2099-Jan"}}}, "Vulnerability": []}"#
    static let randomBytes = Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })

    static let cases: [Case] = [
        Case("empty XML", .xml, "", .empty),
        Case("whitespace-only XML", .xml, "  \n\t ", .empty),
        Case("empty file, sniffed", .sniffing, "", .empty),
        Case("empty JSON", .json, "", .empty),
        Case("truncated XML", .xml, String(validXML.prefix(validXML.count / 2)), .malformed),
        Case("truncated in a tag", .xml, String(validXML.prefix(600)), .malformed),
        Case("mismatched end tag", .xml, "<cvrfdoc>\n  <DocumentTitle>x</Title>\n</cvrfdoc>", .malformed),
        Case("two root elements", .xml, validXML + "<cvrfdoc/>", .malformed),
        Case("undefined entity", .xml, "<cvrfdoc><DocumentTitle>&nbsp;</DocumentTitle></cvrfdoc>", .malformed),
        Case(
            "HTML error page", .xml,
            "<!DOCTYPE html>\n<html><head><title>503</title></head><body><p>Service Unavailable</p></body></html>",
            .notMSRCDocument),
        Case(
            "HTML page that is not XML, sniffed", .sniffing, "<html><body><br><p>Error</body></html>", .notMSRCDocument),
        Case("another XML vocabulary", .xml, "<rss version=\"2.0\"><channel/></rss>", .notMSRCDocument),
        Case(
            "CVRF without an ID", .xml,
            "<cvrf:cvrfdoc xmlns:cvrf=\"urn:x\"><cvrf:DocumentTitle>x</cvrf:DocumentTitle></cvrf:cvrfdoc>",
            .missingField),
        Case("random bytes, sniffed", .sniffing, randomBytes, .notMSRCDocument),
        Case("random bytes as XML", .xml, randomBytes, .malformed),
        Case("random bytes as JSON", .json, randomBytes, .malformed),
        Case("JSON array", .json, "[1, 2, 3]", .notMSRCDocument),
        Case("JSON object that is not CVRF", .json, #"{"hello": "world"}"#, .notMSRCDocument),
        Case("truncated JSON", .json, String(validJSON.prefix(40)), .malformed),
        Case(
            "CVE of the wrong type", .json,
            #"{"DocumentTracking": {"Identification": {"ID": {"Value": "2099-Jan"}}}, "Vulnerability": [{"CVE": {"a": 1}}]}"#,
            .wrongType),
        Case(
            "Threat type of the wrong type", .json,
            #"{"DocumentTracking": {"Identification": {"ID": "x"}}, "Vulnerability": [{"Threats": [{"Type": [3]}]}]}"#,
            .wrongType),
        Case(
            "BaseScore of the wrong type", .json,
            #"{"DocumentTracking": {"Identification": {"ID": "x"}}, "Vulnerability": [{"CVSSScoreSets": [{"BaseScore": true}]}]}"#,
            .wrongType),
        Case(
            "Vulnerability is an object", .json,
            #"{"DocumentTracking": {"Identification": {"ID": {"Value": "2099-Jan"}}}, "Vulnerability": {"CVE": "CVE-2099-0001"}}"#,
            .wrongType),
        Case(
            "Vulnerability is a string", .json,
            #"{"DocumentTracking": {"Identification": {"ID": {"Value": "2099-Jan"}}}, "Vulnerability": "none"}"#,
            .wrongType),
        Case("CVRF JSON without an ID", .json, #"{"DocumentTracking": {}, "Vulnerability": []}"#, .missingField),
        Case("CVRF JSON given to the CSAF decoder", .csaf, validJSON, .notMSRCDocument),
        Case("CSAF advisory without tracking", .csaf, #"{"document": {"csaf_version": "2.0"}}"#, .missingField),
        Case(
            "CSAF vulnerabilities of the wrong type", .csaf,
            #"{"document": {"tracking": {"id": "x"}}, "vulnerabilities": 5}"#, .wrongType),
        Case("index that is a CVRF document", .index, validJSON, .notMSRCDocument),
        Case("index entry without an ID", .index, #"{"value": [{"Alias": "x"}]}"#, .missingField),
        Case("index with entries of the wrong type", .index, #"{"value": [1, 2]}"#, .wrongType),
        // Found by MSRCFuzz: XMLParser traps on an element name that is not UTF-8, so it must never see one.
        Case(
            "an element name that is not UTF-8", .xml,
            Data(#"<cvrf:cvrfdoc xmlns:cvrf="http://www.icasi.org/CVRF/schema/cvrf/1.1"><a><"#.utf8) + Data([0xE1])
                + Data("></a></cvrf:cvrfdoc>".utf8), .malformed),
        Case("an overlong UTF-8 slash", .xml, Data("<cvrf:cvrfdoc>".utf8) + Data([0xC0, 0xAF]), .malformed),
        Case("a UTF-8 surrogate", .sniffing, Data("<cvrf:cvrfdoc>".utf8) + Data([0xED, 0xA0, 0x80]), .malformed),
        Case("a truncated UTF-8 sequence", .xml, Data("<cvrf:cvrfdoc>x".utf8) + Data([0xF0, 0x9F]), .malformed),
    ]

    @Test("valid UTF-8 of every length still decodes; invalid UTF-8 names its line and column")
    func utf8() throws {
        let name = "Ünïcödé — 漢字 — 🛡️ Windows"
        let document = try CVRFXMLDecoder().decode(
            Data(CVRFFixture.document(products: [("11923", name)], vulnerabilities: [CVRFFixture.vulnerability()]).utf8)
        )
        #expect(document.productTree.products.first?.name == name)
        let bad = Data("<cvrf:cvrfdoc>\n  <x>ok</x>\n  <y>".utf8) + Data([0xFF]) + Data("</y></cvrf:cvrfdoc>".utf8)
        #expect {
            try CVRFXMLDecoder().decode(bad)
        } throws: { error in
            guard let error = error as? MSRCError else { return false }
            return error.code == .malformed && error.line == 3 && error.column == 6
        }
    }

    @Test("bad input gives a one-line MSRCError", arguments: cases)
    func badInput(_ badInput: Case) {
        #expect {
            try badInput.decode()
        } throws: { error in
            guard let error = error as? MSRCError else { return false }
            let description = error.description
            #expect(error.code == badInput.code, "\(description)")
            #expect(!description.isEmpty && !description.contains("\n"), "\(description)")
            return true
        }
    }

    @Test("XML errors carry the line and column; JSON errors the key path")
    func context() throws {
        do {
            _ = try CVRFXMLDecoder().decode(Data("<cvrfdoc>\n  <DocumentTitle>x</Title>\n</cvrfdoc>".utf8))
            Issue.record("decoded a mismatched document")
        } catch {
            #expect(error.line == 2)
            #expect(error.column != nil)
            #expect(error.description.contains("line 2"))
        }
        do {
            _ = try CVRFJSONDecoder().decode(
                Data(#"{"DocumentTracking": {}, "Vulnerability": [{}, {"CVE": {"a": 1}}]}"#.utf8))
            Issue.record("decoded a CVE of the wrong type")
        } catch {
            #expect(error.keyPath == "Vulnerability[1].CVE")
            #expect(error.description.hasSuffix("(at Vulnerability[1].CVE)"))
        }
        do {
            _ = try CVRFJSONDecoder().decode(
                Data(#"{"DocumentTracking": {"Identification": {"ID": "x"}}, "Vulnerability": {}}"#.utf8))
            Issue.record("decoded a Vulnerability object")
        } catch {
            #expect(error.keyPath == "Vulnerability")
        }
        let attributed = MSRCError(.malformed, "bad", line: 3, column: 4, documentID: "2099-Jan").attributed(
            to: "a.xml")
        #expect(attributed.description == "a.xml: 2099-Jan: bad (at line 3, column 4)")
    }

    @Test("external entities are not resolved")
    func externalEntity() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE cvrfdoc [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
            <cvrfdoc><DocumentTracking><Identification><ID>&secret;</ID></Identification></DocumentTracking></cvrfdoc>
            """
        do {
            let document = try CVRFXMLDecoder().decode(Data(xml.utf8))
            #expect(document.id.isEmpty || !document.id.contains("\n"))
        } catch {
            #expect(error.code == .missingField || error.code == .malformed)
        }
    }

    @Test("a truncated real document", .enabled(if: RealData.isAvailable, RealData.skipReason))
    func truncatedReal() throws {
        let data = try RealData.cvrfXML("2023-Jan")
        #expect {
            _ = try CVRFXMLDecoder().decode(data.prefix(data.count / 3))
        } throws: { error in
            guard let error = error as? MSRCError else { return false }
            return error.code == .malformed && (error.line ?? 0) > 1_000 && error.documentID == "2023-Jan"
        }
    }

    @Test("every prefix of a small document fails cleanly or decodes")
    func everyPrefix() {
        let data = Data(BadInputTests.validXML.utf8)
        for length in stride(from: 0, to: data.count, by: 7) {
            do {
                _ = try CVRFXMLDecoder().decode(data.prefix(length))
            } catch {
                #expect(!error.description.contains("\n"))
            }
        }
    }
}
