extension ReportFormat {
    /// The renderer that writes this format.
    public var renderer: any ReportRenderer {
        switch self {
        case .json: JSONRenderer()
        case .table: TableRenderer()
        case .sarif: SARIFRenderer()
        case .cyclonedx: CycloneDXRenderer()
        case .openvex: OpenVEXRenderer()
        case .html: HTMLRenderer()
        case .pdf: PDFRenderer()
        case .junit: JUnitRenderer()
        case .markdown: MarkdownRenderer()
        }
    }
}
