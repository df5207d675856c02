public import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Decodes a CVRF 1.1 XML document as the MSRC API serves it by default (`GET /cvrf/v3.0/cvrf/{id}`).
///
/// Streams the bytes through `XMLParser` (libxml2's SAX parser) and keeps only what the model holds, so a
/// document of any size costs one pass and no tree. Elements are matched by local name whatever their
/// namespace prefix; unknown elements and their contents are skipped. Bytes that are not well-formed XML give
/// ``MSRCError/Code-swift.enum/malformed`` with the line and column; a well-formed document whose root is not
/// `cvrfdoc` gives ``MSRCError/Code-swift.enum/notMSRCDocument``; a document without an ID gives
/// ``MSRCError/Code-swift.enum/missingField``.
public struct CVRFXMLDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `data`, a CVRF 1.1 XML document.
    public func decode(_ data: Data) throws(MSRCError) -> MSRCDocument {
        if data.allSatisfy(TextField.isSpace) { throw MSRCError(.empty, "the document is empty") }
        if let offset = UTF8Validation.firstInvalidOffset(in: data) {
            let position = UTF8Validation.position(of: offset, in: data)
            throw MSRCError(
                .malformed, "the XML is not valid UTF-8 (byte \(offset))", line: position.line, column: position.column)
        }
        // Fed as a stream, in chunks: given as one buffer (`XMLParser(data:)`), libxml2 rejects documents over
        // 10,000,000 bytes at their very end ("huge input lookup", XMLParser error 1) unless XML_PARSE_HUGE is
        // set, which XMLParser cannot do, and 2024-Oct and 2024-Dec are larger than that.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let handler = CVRFXMLHandler()
        parser.delegate = handler
        let finished = parser.parse()
        if let error = handler.error { throw error }
        if !finished || parser.parserError != nil {
            let failure = handler.failure
            throw CVRFXMLDecoder.error(
                code: failure?.code ?? ((parser.parserError as? NSError)?.code ?? 0),
                line: failure?.line ?? parser.lineNumber, column: failure?.column ?? parser.columnNumber, data: data,
                documentID: handler.reader.documentID)
        }
        return try handler.reader.document()
    }

    /// The error for a failed parse, from libxml2's error code (`xmlParserErrors`; Apple's `XMLParser.ErrorCode`
    /// uses the same numbers, swift-corelibs-foundation's enumeration does not, so the numbers are matched here).
    static func error(code: Int, line: Int, column: Int, data: Data, documentID: String?) -> MSRCError {
        let reason: String
        switch code {
        case 76: reason = "the XML is not well-formed: an end tag does not match its start tag"
        case 72, 73, 74, 77, 85:
            reason = "the XML is not well-formed or is truncated: an element is not finished"
        case 5, 86: reason = "the XML has content after the end of its root element"
        case 3, 4: reason = "the document does not start with XML (\(Preview.of(data)))"
        case 6, 7, 8, 9: reason = "the XML contains an invalid character or character reference"
        case 14, 15, 16, 23, 26, 27, 28, 29, 30, 89, 104:
            reason = "the XML refers to an undeclared or disallowed entity"
        case 31, 32, 79, 81: reason = "the XML is in an unsupported or invalid encoding"
        case 37, 38, 39, 40, 41, 44, 45, 47, 63:
            reason = "the XML is not well-formed or is truncated: a string, comment or section is not finished"
        case 1: reason = "the XML parser stopped with an internal error"
        default: reason = "the XML is not well-formed (libxml2 error \(code))"
        }
        return MSRCError(.malformed, reason, line: line, column: column, documentID: documentID)
    }
}
