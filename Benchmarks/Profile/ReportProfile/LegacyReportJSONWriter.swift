// The JSON report writer and report staging as they were before the `json-speed` work (ReportKit 7716ed6),
// kept here only so ReportProfile can time them against the current ones in the same run and check that the
// bytes are the same. Not used anywhere else.

import Foundation
import ReportKit

/// Writes a ``ScanReport`` as the JSON report (`schemaVersion` 1) straight into bytes.
///
/// The bytes are exactly those Foundation's `JSONEncoder` writes for the report's `Codable` conformance with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and ISO 8601 dates (the tests compare this writer
/// against that encoder): keys in UTF-8 byte order, `"key" : value`, two-space
/// indentation, an empty array as `[`, a blank line and `]`, numbers as Swift prints them without a trailing
/// `.0`, and strings escaped as RFC 8259 requires and no more. The encoder first boxes every value into a tree
/// and sorts each object's keys; for a report of 1,600 findings that was a quarter of a cached scan's time.
///
/// Each type's keys are listed here in sorted order; a property added to a report type must be added here
/// too (the JSON renderer's tests fail until it is, through a report that sets every property).
struct LegacyReportJSONWriter {
    /// Lower-case hexadecimal digits, for `\u00xx` escapes.
    private static let hexDigits = Array("0123456789abcdef".utf8)
    /// The JSON written so far.
    private(set) var bytes: [UInt8] = []
    /// The nesting depth of the value being written.
    private var depth = 0
    /// For each open array or object, whether it has no element yet.
    private var empty: [Bool] = []

    /// The JSON of `report`, with a final newline.
    static func render(_ report: ScanReport) throws(ReportKitError) -> [UInt8] {
        var writer = LegacyReportJSONWriter()
        writer.bytes.reserveCapacity(4_096 + report.findings.count * 1_024)
        try writer.write(report)
        writer.bytes.append(UInt8(ascii: "\n"))
        return writer.bytes
    }

    // MARK: The report's types, keys in byte order

    /// Writes the whole report.
    private mutating func write(_ report: ScanReport) throws(ReportKitError) {
        open("{")
        key("database")
        write(report.database)
        key("findings")
        open("[")
        for finding in report.findings {
            element()
            try write(finding)
        }
        close("]")
        key("generatedAt")
        date(report.generatedAt)
        key("image")
        write(report.image)
        key("policy")
        write(report.policy)
        if let remediation = report.remediation {
            key("remediation")
            write(remediation)
        }
        key("scanner")
        open("{")
        member("name", report.scanner.name)
        member("version", report.scanner.version)
        close("}")
        member("schemaVersion", report.schemaVersion)
        key("summary")
        write(report.summary)
        key("warnings")
        strings(report.warnings)
        key("windows")
        write(report.windows)
        close("}")
    }

    /// Writes the database facts.
    private mutating func write(_ database: ScanReport.Database) {
        open("{")
        key("builtAt")
        date(database.builtAt)
        member("documents", database.documents)
        member("isSample", database.isSample)
        member("path", database.path)
        member("schemaVersion", database.schemaVersion)
        close("}")
    }

    /// Writes one finding.
    private mutating func write(_ finding: ScanReport.Finding) throws(ReportKitError) {
        open("{")
        member("cve", finding.cve)
        if let cvss = finding.cvss {
            key("cvss")
            open("{")
            try member("baseScore", cvss.baseScore)
            try member("temporalScore", cvss.temporalScore)
            member("vector", cvss.vector)
            close("}")
        }
        member("evidence", finding.evidence)
        member("exploited", finding.exploited)
        if let fix = finding.fix {
            key("fix")
            open("{")
            member("fixedBuild", fix.fixedBuild)
            member("isHotpatch", fix.isHotpatch)
            member("kb", fix.kb)
            member("released", fix.released)
            member("url", fix.url)
            close("}")
        }
        member("impact", finding.impact)
        member("msrcSeverity", finding.msrcSeverity)
        member("productId", finding.productId)
        member("productName", finding.productName)
        member("publiclyDisclosed", finding.publiclyDisclosed)
        member("severity", finding.severity.rawValue)
        member("status", finding.status.rawValue)
        if let suppression = finding.suppression {
            key("suppression")
            write(suppression)
        }
        member("title", finding.title)
        member("url", finding.url)
        close("}")
    }

    /// Writes the image facts.
    private mutating func write(_ image: ScanReport.Image) {
        open("{")
        member("digest", image.digest)
        key("layers")
        strings(image.layers)
        key("platform")
        open("{")
        member("architecture", image.platform.architecture)
        member("os", image.platform.os)
        member("osVersion", image.platform.osVersion)
        close("}")
        member("reference", image.reference)
        close("}")
    }

    /// Writes the policy outcome.
    private mutating func write(_ policy: ScanReport.Policy) {
        open("{")
        member("name", policy.name)
        key("suppressions")
        open("[")
        for suppression in policy.suppressions {
            element()
            write(suppression)
        }
        close("]")
        member("verdict", policy.verdict.rawValue)
        key("violations")
        open("[")
        for violation in policy.violations {
            element()
            open("{")
            member("action", violation.action.rawValue)
            key("cves")
            strings(violation.cves)
            member("message", violation.message)
            member("rule", violation.rule)
            close("}")
        }
        close("]")
        close("}")
    }

    /// Writes one suppression.
    private mutating func write(_ suppression: ScanReport.Suppression) {
        open("{")
        member("expired", suppression.expired)
        member("expires", suppression.expires)
        member("file", suppression.file)
        member("owner", suppression.owner)
        member("reason", suppression.reason)
        member("source", suppression.source.rawValue)
        member("target", suppression.target)
        member("vexStatus", suppression.vexStatus)
        close("}")
    }

    /// Writes the remediation summary.
    private mutating func write(_ remediation: ScanReport.Remediation) {
        open("{")
        member("closes", remediation.closes)
        member("fixedBuild", remediation.fixedBuild)
        member("kb", remediation.kb)
        key("notClosed")
        strings(remediation.notClosed)
        member("released", remediation.released)
        member("url", remediation.url)
        close("}")
    }

    /// Writes the counts.
    private mutating func write(_ summary: ScanReport.Summary) {
        open("{")
        member("critical", summary.critical)
        member("high", summary.high)
        member("low", summary.low)
        member("medium", summary.medium)
        member("suppressed", summary.suppressed)
        member("unknown", summary.unknown)
        close("}")
    }

    /// Writes what was found of Windows.
    private mutating func write(_ windows: ScanReport.Windows) {
        open("{")
        member("approximationReason", windows.approximationReason)
        member("build", windows.build)
        member("displayVersion", windows.displayVersion)
        if let dotnet = windows.dotnet {
            key("dotnet")
            open("{")
            member("release", dotnet.release)
            member("version", dotnet.version)
            close("}")
        }
        member("editionId", windows.editionId)
        member("identified", windows.identified)
        member("installationType", windows.installationType)
        key("kbs")
        strings(windows.kbs)
        member("productApproximated", windows.productApproximated)
        member("productId", windows.productId)
        member("productName", windows.productName)
        member("unidentifiedReason", windows.unidentifiedReason)
        close("}")
    }

    // MARK: Members (an optional member is left out when `nil`, as the synthesized `Codable` does)

    /// `"name" : "text"`, or nothing for `nil`.
    private mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// `"name" : 12`.
    private mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `"name" : true`.
    private mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `"name" : "2026-03-12T08:00:00Z"`, or nothing for `nil`.
    private mutating func member(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        key(name)
        date(value)
    }

    /// `"name" : 9.8`, or nothing for `nil`; JSON has no NaN or infinity, so those fail as the encoder did.
    private mutating func member(_ name: StaticString, _ value: Double?) throws(ReportKitError) {
        guard let value else { return }
        guard value.isFinite else {
            throw ReportKitError(.renderFailed, "could not encode the report as JSON: \(name) is \(value)")
        }
        key(name)
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    // MARK: Syntax

    /// Opens an array (`[`) or object (`{`).
    private mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        empty.append(true)
        depth += 1
    }

    /// Closes the innermost array or object with `bracket`, on its own line.
    private mutating func close(_ bracket: Unicode.Scalar) {
        depth -= 1
        let wasEmpty = empty.popLast() ?? false
        bytes.append(UInt8(ascii: "\n"))
        if wasEmpty { bytes.append(UInt8(ascii: "\n")) }
        indent()
        bytes.append(UInt8(ascii: bracket))
    }

    /// Starts the next element of the innermost array or object: a comma after the previous one, a new line,
    /// the indentation.
    private mutating func element() {
        if let last = empty.indices.last {
            if empty[last] { empty[last] = false } else { bytes.append(UInt8(ascii: ",")) }
        }
        bytes.append(UInt8(ascii: "\n"))
        indent()
    }

    /// Starts member `name` of the innermost object.
    private mutating func key(_ name: StaticString) {
        element()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\" : ".utf8)
    }

    /// Two spaces per level.
    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    /// An array of strings.
    private mutating func strings(_ values: [String]) {
        open("[")
        for value in values {
            element()
            string(value)
        }
        close("]")
    }

    /// A date as an ISO 8601 string.
    private mutating func date(_ value: Date) {
        string(LegacyReportDate.iso8601(value))
    }

    /// `text` as a JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`,
    /// everything else (slashes, non-ASCII) as it is.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// ReportKit's `ReportDate.iso8601` as it was.
enum LegacyReportDate {
    /// `date` as `2026-03-12T08:00:00Z`.
    ///
    /// Computed by hand (days since 1970 to a proleptic Gregorian date): a report of 1,600 findings formats
    /// thousands of dates, and `Date.ISO8601FormatStyle` spent most of the JSON report's time on them.
    static func iso8601(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var text = ""
        text.reserveCapacity(20)
        func append(_ value: Int64, width: Int) {
            let digits = String(value)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
        }
        if year < 0 { text += "-" }
        append(abs(year), width: 4)
        text += "-"
        append(month, width: 2)
        text += "-"
        append(day, width: 2)
        text += "T"
        append(secondOfDay / 3600, width: 2)
        text += ":"
        append(secondOfDay % 3600 / 60, width: 2)
        text += ":"
        append(secondOfDay % 60, width: 2)
        text += "Z"
        return text
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

}
