/// Writes the report itself as JSON (`schemaVersion` 1, published as `Schemas/scan-report.schema.json`):
/// pretty-printed, keys sorted, dates ISO 8601 in UTC, a final newline. ``ScanReport/decode(from:path:)``
/// reads it back. The bytes are those of the report's `Codable` conformance through `JSONEncoder` with those
/// options, written directly (``ReportJSONWriter``).
public struct JSONRenderer: ReportRenderer, Sendable, Hashable {
    /// Creates a renderer.
    public init() {}

    /// ``ReportFormat/json``.
    public var format: ReportFormat { .json }

    /// The report as JSON bytes; `options` do not apply.
    public func render(_ report: ScanReport, options: RenderOptions) throws(ReportKitError) -> [UInt8] {
        try ReportJSONWriter.render(report)
    }
}
