import Foundation

/// The one date format of every report: ISO 8601 in UTC with a `Z` (RFC 3339 §5.6), whole seconds.
enum ReportDate {
    /// The most bytes ``writeISO8601(_:to:)`` writes: a sign, a year of up to twelve digits (all an `Int64` of
    /// seconds can reach) and `-MM-DDTHH:MM:SSZ`.
    static let maximumLength = 1 + 12 + 16

    /// `date` as `2026-03-12T08:00:00Z`.
    ///
    /// Computed by hand (days since 1970 to a proleptic Gregorian date): a report of 1,600 findings formats
    /// thousands of dates, and `Date.ISO8601FormatStyle` spent most of the JSON report's time on them.
    static func iso8601(_ date: Date) -> String {
        String(decoding: [UInt8](capacity: maximumLength) { writeISO8601(date, to: &$0) }, as: UTF8.self)
    }

    /// Writes `date` as ``iso8601(_:)`` spells it, as UTF-8, without making a `String` (the JSON report writes
    /// two dates per finding); at most ``maximumLength`` bytes.
    static func writeISO8601(_ date: Date, to output: inout OutputSpan<UInt8>) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        if year < 0 { output.append(UInt8(ascii: "-")) }
        writeDigits(abs(year), width: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        writeDigits(month, width: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        writeDigits(day, width: 2, to: &output)
        output.append(UInt8(ascii: "T"))
        writeDigits(secondOfDay / 3600, width: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        writeDigits(secondOfDay % 3600 / 60, width: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        writeDigits(secondOfDay % 60, width: 2, to: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// Writes the decimal digits of `value` (not negative), with leading zeros up to `width` digits.
    private static func writeDigits(_ value: Int64, width: Int, to output: inout OutputSpan<UInt8>) {
        var digits = 1
        var limit: Int64 = 10
        while digits < 19, value >= limit {
            digits += 1
            limit &*= 10
        }
        if width > digits { output.append(repeating: UInt8(ascii: "0"), count: width - digits) }
        var divisor: Int64 = 1
        for _ in 1..<digits { divisor &*= 10 }
        while divisor > 0 {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / divisor % 10))
            divisor /= 10
        }
    }

    /// The year, month and day of the day `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
