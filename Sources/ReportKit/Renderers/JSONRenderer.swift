/// Writes the report itself as JSON (`schemaVersion` 1, published as `Schemas/scan-report.schema.json`):
/// pretty-printed, keys sorted, dates ISO 8601 in UTC, a final newline. ``ScanReport/decode(from:path:)``
/// reads it back.
public struct JSONRenderer: ReportRenderer, Sendable, Hashable {
    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/json``.
    public var format: ReportFormat { .json }

    /// The report as JSON bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        do {
            var bytes = [UInt8](try ScanReport.makeEncoder().encode(report))
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch {
            throw ReportKitError(.renderFailed, "could not encode the report as JSON: \(error)")
        }
    }
}
