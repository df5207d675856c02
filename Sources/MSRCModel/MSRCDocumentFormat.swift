public import Foundation

/// The formats MSRC serves a document in.
public enum MSRCDocumentFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// CVRF 1.1 XML (`GET /cvrf/v3.0/cvrf/{id}` with no `Accept` header).
    case cvrfXML
    /// The CVRF JSON variant (`Accept: application/json`: `{"Value":…}` wrappers, integer enums).
    case cvrfJSON
    /// A CSAF 2.0 advisory (`msrc.microsoft.com/csaf/advisories/…`).
    case csaf

    /// The format `data` looks like, from its first non-blank byte (`<` or `{`) and, for JSON, whether it
    /// has a `"csaf_version"` key; `nil` when it is neither. Does not check that the document is valid.
    public static func detect(_ data: Data) -> MSRCDocumentFormat? {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { !TextField.isSpace($0) }) else { return nil }
        switch first {
        case UInt8(ascii: "<"): return .cvrfXML
        case UInt8(ascii: "{"):
            return data.range(of: Data("\"csaf_version\"".utf8)) == nil ? .cvrfJSON : .csaf
        default: return nil
        }
    }
}
