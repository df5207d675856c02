public import Foundation

/// One entry of MSRC's `/updates` index: a monthly document and when it last changed.
public struct MSRCUpdate: Sendable, Hashable, Codable {
    /// The document ID (`2024-Mar`, `2017-May-B`, Mariner's `1999-Sep`).
    public let id: String
    /// The document alias, if given.
    public let alias: String?
    /// The document title (`Mariner Release Notes`), if given.
    public let documentTitle: String?
    /// The month's severity, if given (always `null` in the real index).
    public let severity: Severity?
    /// When the document was first released.
    public let initialReleaseDate: Date?
    /// When the document was last republished: an update is needed when this moves.
    public let currentReleaseDate: Date?
    /// Where the CVRF document is served (`https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/2024-Mar`), if given.
    public let cvrfURL: String?

    /// Creates an index entry.
    public init(
        id: String, alias: String? = nil, documentTitle: String? = nil, severity: Severity? = nil,
        initialReleaseDate: Date? = nil, currentReleaseDate: Date? = nil, cvrfURL: String? = nil
    ) {
        self.id = id
        self.alias = alias
        self.documentTitle = documentTitle
        self.severity = severity
        self.initialReleaseDate = initialReleaseDate
        self.currentReleaseDate = currentReleaseDate
        self.cvrfURL = cvrfURL
    }
}
