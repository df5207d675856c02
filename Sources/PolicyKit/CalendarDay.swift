public import Foundation

/// A calendar day in UTC, written `YYYY-MM-DD`: when an allowlist or ignore-file entry expires.
///
/// An entry that expires on a day applies through that whole day, UTC: it stops applying at midnight UTC
/// that starts the next day.
public struct CalendarDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The year (1–9999).
    public let year: Int
    /// The month (1–12).
    public let month: Int
    /// The day of the month (1–31, valid for the month and year).
    public let day: Int

    /// Creates a day from its parts, or `nil` when they do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (four, two and two ASCII digits); `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The UTC day `date` falls on.
    public init(containing date: Date) {
        let parts = Self.utcCalendar.dateComponents([.year, .month, .day], from: date)
        // The calendar always yields these parts; the fallbacks only keep this initializer total.
        year = min(max(parts.year ?? 1970, 1), 9999)
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    /// Midnight UTC at the start of this day.
    public var start: Date {
        let parts = DateComponents(year: year, month: month, day: day)
        return Self.utcCalendar.date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }

    /// Midnight UTC at the start of the next day: the first instant this day is over.
    public var end: Date { start.addingTimeInterval(86_400) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let digits = { (value: Int, width: Int) in
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }

    /// Orders days in time.
    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a date YYYY-MM-DD: \(quoted(text))")
        }
        self = day
    }

    /// Encodes `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
