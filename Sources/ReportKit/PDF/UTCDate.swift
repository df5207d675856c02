import Foundation

/// Calendar fields of a date in UTC, spelled the few ways the PDF report needs (never the machine's time zone
/// or locale, so the same report renders the same everywhere).
enum UTCDate {
    /// The fields of `date` in UTC.
    private static func fields(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// Zero-padded to `width` digits.
    private static func padded(_ value: Int?, _ width: Int) -> String {
        let digits = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `YYYYMMDDHHmmSS`.
    static func compact(_ date: Date) -> String {
        let f = fields(date)
        return padded(f.year, 4) + padded(f.month, 2) + padded(f.day, 2) + padded(f.hour, 2)
            + padded(f.minute, 2) + padded(f.second, 2)
    }

    /// `YYYY-MM-DD`.
    static func day(_ date: Date) -> String {
        let f = fields(date)
        return padded(f.year, 4) + "-" + padded(f.month, 2) + "-" + padded(f.day, 2)
    }

    /// `YYYY-MM-DD HH:mm UTC`.
    static func minute(_ date: Date) -> String {
        let f = fields(date)
        return day(date) + " " + padded(f.hour, 2) + ":" + padded(f.minute, 2) + " UTC"
    }
}
