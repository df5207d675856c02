import Foundation

/// Reads the ISO 8601 timestamps MSRC writes: `2023-01-10T08:00:00`, `2025-10-01T23:10:48Z`,
/// `2025-03-21T07:00:00.000Z`, with an optional `±hh:mm` offset; a timestamp without a zone is UTC.
/// `0001-01-01T00:00:00` (.NET's `DateTime.MinValue`, meaning "unset") reads as `nil`.
enum Timestamp {
    /// The instant `text` names, or `nil` when it is absent, malformed or the .NET "unset" value.
    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        var scanner = DigitScanner(text.utf8)
        scanner.skipSpace()
        guard let year = scanner.number(digits: 4), scanner.take(UInt8(ascii: "-")),
            let month = scanner.number(digits: 2), scanner.take(UInt8(ascii: "-")),
            let day = scanner.number(digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if year <= 1 { return nil }
        var seconds = 0.0
        if scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: " ")) {
            guard let hour = scanner.number(digits: 2), scanner.take(UInt8(ascii: ":")),
                let minute = scanner.number(digits: 2), hour < 24, minute < 60
            else { return nil }
            var second = 0
            if scanner.take(UInt8(ascii: ":")) {
                guard let value = scanner.number(digits: 2), value < 61 else { return nil }
                second = value
            }
            seconds = Double(hour * 3600 + minute * 60 + second)
            if scanner.take(UInt8(ascii: ".")) {
                seconds += scanner.fraction()
            }
            if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            } else if let sign = scanner.sign() {
                guard let offsetHours = scanner.number(digits: 2) else { return nil }
                _ = scanner.take(UInt8(ascii: ":"))
                let offsetMinutes = scanner.number(digits: 2) ?? 0
                seconds -= Double(sign * (offsetHours * 3600 + offsetMinutes * 60))
            }
        }
        scanner.skipSpace()
        guard scanner.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days) * 86_400 + seconds)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A cursor over ASCII digits and punctuation.
private struct DigitScanner {
    let bytes: String.UTF8View
    var index: String.UTF8View.Index

    init(_ bytes: String.UTF8View) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }

    /// Consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index = bytes.index(after: index)
        return true
    }

    /// Consumes exactly `digits` ASCII digits and returns their value.
    mutating func number(digits: Int) -> Int? {
        var value = 0
        for _ in 0..<digits {
            guard index < bytes.endIndex, let digit = Self.digit(bytes[index]) else { return nil }
            value = value * 10 + digit
            index = bytes.index(after: index)
        }
        return value
    }

    /// Consumes a run of digits after a decimal point and returns it as a fraction of a second.
    mutating func fraction() -> Double {
        var value = 0.0
        var scale = 0.1
        while index < bytes.endIndex, let digit = Self.digit(bytes[index]) {
            value += Double(digit) * scale
            scale /= 10
            index = bytes.index(after: index)
        }
        return value
    }

    /// Consumes `+` or `-` and returns 1 or -1.
    mutating func sign() -> Int? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }

    /// Skips XML whitespace.
    mutating func skipSpace() {
        while index < bytes.endIndex, TextField.isSpace(bytes[index]) { index = bytes.index(after: index) }
    }

    static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
