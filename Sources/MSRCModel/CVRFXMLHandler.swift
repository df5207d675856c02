import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SAX delegate behind ``CVRFXMLDecoder``: forwards each callback to a ``CVRFXMLReader``. Used by one
/// parse, on one thread.
final class CVRFXMLHandler: NSObject, XMLParserDelegate {
    /// The parse state and, once finished, the document. One parse on one thread uses it, so the dynamic
    /// exclusivity checks on every SAX callback are skipped.
    @exclusivity(unchecked) var reader = CVRFXMLReader()
    /// The first problem met; parsing stops there.
    private(set) var error: MSRCError?
    /// The parser's first error, with the position where it was reported.
    private(set) var failure: (code: Int, line: Int, column: Int)?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String]
    ) {
        if !reader.start(elementName, attributes: attributeDict) {
            error = MSRCError(
                .notMSRCDocument, "the root element is <\(elementName)>, not a CVRF <cvrfdoc>",
                line: parser.lineNumber, column: parser.columnNumber)
            parser.abortParsing()
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil {
            failure = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        reader.characters(string)
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        reader.characters(String(decoding: block, as: UTF8.self))
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        reader.end()
    }
}
