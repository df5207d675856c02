/// The formats a ``ScanReport`` renders to.
public enum ReportFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// The report itself, JSON (`schemaVersion` 1).
    case json
    /// A terminal table.
    case table
    /// SARIF 2.1.0, for GitHub code scanning.
    case sarif
    /// CycloneDX 1.6 JSON.
    case cyclonedx
    /// OpenVEX 0.2.0.
    case openvex
    /// One self-contained HTML file.
    case html
    /// A PDF document.
    case pdf
    /// JUnit XML.
    case junit
    /// Markdown, for a pull-request comment.
    case markdown

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .table: "txt"
        case .sarif: "sarif"
        case .cyclonedx: "cdx.json"
        case .openvex: "openvex.json"
        case .html: "html"
        case .pdf: "pdf"
        case .junit: "xml"
        case .markdown: "md"
        }
    }
}

/// How a renderer should render: what differs between a terminal and a file.
public struct RenderOptions: Sendable, Hashable {
    /// Whether to use ANSI colour (only on a TTY).
    public var colour: Bool
    /// The terminal width, when known.
    public var width: Int?

    /// Creates options; plain text by default.
    public init(colour: Bool = false, width: Int? = nil) {
        self.colour = colour
        self.width = width
    }
}

/// Renders a report in one format.
public protocol ReportRenderer: Sendable {
    /// The format it writes.
    var format: ReportFormat { get }
    /// The rendered bytes.
    func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8]
}
