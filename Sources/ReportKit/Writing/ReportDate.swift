import Foundation

/// The one date format of every report: ISO 8601 in UTC with a `Z` (RFC 3339 §5.6), whole seconds.
enum ReportDate {
    /// `date` as `2026-03-12T08:00:00Z`.
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// `date` as `2026-03-12`.
    static func day(_ date: Date) -> String {
        String(iso8601(date).prefix(10))
    }

    /// Parses an RFC 3339 date-time, with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
