import Foundation
import ReportKit
import Testing

/// Writes the 300-finding report's PDF to `$WINSCAN_PDF_SAMPLE` when it is set (scripts/render-sample-pdf.sh
/// sets it to make the page images in docs/); does nothing otherwise.
@Suite struct PDFSampleOutput {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["WINSCAN_PDF_SAMPLE"] != nil, "WINSCAN_PDF_SAMPLE is unset"))
    func writeSamplePDF() throws {
        let path = try #require(ProcessInfo.processInfo.environment["WINSCAN_PDF_SAMPLE"])
        let report =
            ProcessInfo.processInfo.environment["WINSCAN_PDF_SAMPLE_REPORT"] == "servercore"
            ? PDFReportFixtures.serverCoreReport() : PDFReportFixtures.largeReport()
        let bytes = try PDFRenderer().render(report, options: RenderOptions())
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
