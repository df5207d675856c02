/// Renders a report as a PDF document a reader who never opens a terminal can act on: the verdict first, then
/// the image and its Windows, the database, the findings by severity, the one update to install, every finding
/// in a table that runs over as many A4 pages as it needs, and the suppressions; "Page n of N" on every page.
///
/// The PDF is written by the module's own small writer (standard fonts, nothing embedded, no compression), so
/// the module needs nothing but Foundation, and the same report always gives the same bytes.
public struct PDFRenderer: ReportRenderer {
    /// ``ReportFormat/pdf``.
    public var format: ReportFormat { .pdf }

    /// Creates a renderer.
    public init() {}

    /// The PDF file's bytes. `options` are ignored: a PDF has neither terminal colours nor a terminal width.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        var layout = PDFLayout()
        PDFReportSections(report: report).draw(on: &layout)
        var writer = PDFDocumentWriter(
            info: PDFDocumentWriter.Info(
                title: "Vulnerability report: \(report.image.reference)",
                creator: "\(report.scanner.name) \(report.scanner.version)",
                producer: "ReportKit \(ReportKitModule.version) PDF writer",
                creationDate: report.generatedAt))
        for page in layout.pages {
            writer.add(page)
        }
        return writer.bytes()
    }
}
