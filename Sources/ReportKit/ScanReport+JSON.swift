import Foundation

extension ScanReport {
    /// Reads a report that `JSONRenderer` (or `winscan scan --format json`) wrote.
    ///
    /// Dates are ISO 8601 (`2026-03-12T08:00:00Z`, fractional seconds and offsets accepted). Anything that is
    /// not a `schemaVersion` 1 report fails with one ``ReportKitError/Code/invalidReport`` error naming `path`.
    public static func decode(from bytes: [UInt8], path: String?) throws(ReportKitError) -> ScanReport {
        let data = Data(bytes)
        let version: Int?
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).schemaVersion
        } catch {
            throw ReportKitError(.invalidReport, "not a winscan JSON report (\(Self.reason(error)))", context: path)
        }
        guard let version else {
            throw ReportKitError(.invalidReport, "not a winscan JSON report (no schemaVersion)", context: path)
        }
        guard version == currentSchemaVersion else {
            throw ReportKitError(
                .invalidReport,
                "report schemaVersion \(version) is not supported (this winscan reads version \(currentSchemaVersion))",
                context: path)
        }
        do {
            return try makeDecoder().decode(ScanReport.self, from: data)
        } catch {
            throw ReportKitError(.invalidReport, "not a winscan JSON report (\(Self.reason(error)))", context: path)
        }
    }

    /// The decoder for what ``JSONRenderer`` writes (ISO 8601 dates, with or without fractions and offsets).
    private static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ReportDate.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\"\(text)\" is not an ISO 8601 date")
            }
            return date
        }
        return decoder
    }

    /// A decoding error in one phrase, with the JSON path where it happened.
    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "invalid JSON" : "bad value\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context): return "wrong type\(path(context))"
        case .valueNotFound(_, let context): return "null value\(path(context))"
        @unknown default: return "invalid JSON"
        }
    }

    /// Just the version, read first so a future report fails with a version message, not a missing key.
    private struct VersionProbe: Decodable {
        /// The report's schema version, if it has one.
        let schemaVersion: Int?
    }
}
