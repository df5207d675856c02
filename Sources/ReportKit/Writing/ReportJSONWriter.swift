import Foundation

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
///
/// It makes no `String` on the way (numbers and dates are written digit by digit), and it asks the output array
/// for room once per member: each member (its comma, line break, indentation, key and value) is written into an
/// `OutputSpan` of at most as many bytes as it can take (a string at most six bytes per byte, `\u00xx`).
struct ReportJSONWriter {
    /// Lower-case hexadecimal digits, for `\u00xx` escapes.
    private static let hexDigits: StaticString = "0123456789abcdef"
    /// The JSON written so far.
    private(set) var bytes: [UInt8] = []
    /// The nesting depth of the value being written.
    private var depth = 0
    /// Whether the innermost open array or object has no element yet. Only the innermost one needs this: when a
    /// nested value closes, the one around it has at least that element.
    private var first = false

    /// The JSON of `report`, with a final newline.
    static func render(_ report: ScanReport) throws(ReportKitError) -> [UInt8] {
        var writer = ReportJSONWriter()
        writer.bytes.reserveCapacity(4_096 + report.findings.count * 1_536)
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
        member("generatedAt", report.generatedAt)
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
        member("builtAt", database.builtAt)
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
        let lead = lead()
        Self.withUTF8(value) { utf8 in
            bytes.append(addingCapacity: Self.capacity(lead, name) + Self.capacity(utf8)) { output in
                Self.write(lead, name, to: &output)
                Self.write(utf8, to: &output)
            }
        }
    }

    /// `"name" : 12`.
    private mutating func member(_ name: StaticString, _ value: Int) {
        let lead = lead()
        bytes.append(addingCapacity: Self.capacity(lead, name) + 20) { output in
            Self.write(lead, name, to: &output)
            Self.write(value, to: &output)
        }
    }

    /// `"name" : true`.
    private mutating func member(_ name: StaticString, _ value: Bool) {
        let lead = lead()
        bytes.append(addingCapacity: Self.capacity(lead, name) + 5) { output in
            Self.write(lead, name, to: &output)
            Self.write(value ? "true" : "false", to: &output)
        }
    }

    /// `"name" : "2026-03-12T08:00:00Z"`, or nothing for `nil`.
    private mutating func member(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        let lead = lead()
        bytes.append(addingCapacity: Self.capacity(lead, name) + 2 + ReportDate.maximumLength) { output in
            Self.write(lead, name, to: &output)
            output.append(UInt8(ascii: "\""))
            ReportDate.writeISO8601(value, to: &output)
            output.append(UInt8(ascii: "\""))
        }
    }

    /// `"name" : 9.8`, or nothing for `nil`; JSON has no NaN or infinity, so those fail as the encoder did.
    private mutating func member(_ name: StaticString, _ value: Double?) throws(ReportKitError) {
        guard let value else { return }
        guard value.isFinite else {
            throw ReportKitError(.renderFailed, "could not encode the report as JSON: \(name) is \(value)")
        }
        let lead = lead()
        bytes.append(addingCapacity: Self.capacity(lead, name) + 32) { output in
            Self.write(lead, name, to: &output)
            Self.write(value, to: &output)
        }
    }

    /// Starts member `name` of the innermost object, for an array or object value.
    private mutating func key(_ name: StaticString) {
        let lead = lead()
        bytes.append(addingCapacity: Self.capacity(lead, name)) { Self.write(lead, name, to: &$0) }
    }

    /// Starts the next element of the innermost array, for an array or object value.
    private mutating func element() {
        let lead = lead()
        bytes.append(addingCapacity: Self.capacity(lead)) { Self.write(lead, to: &$0) }
    }

    /// An array of strings.
    private mutating func strings(_ values: [String]) {
        open("[")
        for value in values {
            let lead = lead()
            Self.withUTF8(value) { utf8 in
                bytes.append(addingCapacity: Self.capacity(lead) + Self.capacity(utf8)) { output in
                    Self.write(lead, to: &output)
                    Self.write(utf8, to: &output)
                }
            }
        }
        close("]")
    }

    // MARK: Containers

    /// Opens an array (`[`) or object (`{`).
    private mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        first = true
        depth += 1
    }

    /// Closes the innermost array or object with `bracket`, on its own line; an empty one gets a blank line.
    private mutating func close(_ bracket: Unicode.Scalar) {
        depth -= 1
        let blank = first
        first = true
        let lead = lead()
        bytes.append(addingCapacity: 1 + Self.capacity(lead) + 1) { output in
            if blank { output.append(UInt8(ascii: "\n")) }
            Self.write(lead, to: &output)
            output.append(UInt8(ascii: bracket))
        }
    }

    /// How the next element of the innermost array or object starts: with a comma after the previous one, then a
    /// line break and the indentation.
    private struct Lead {
        /// Whether a comma comes first.
        let comma: Bool
        /// How many spaces.
        let indent: Int
    }

    /// The start of the next element; from now on the innermost array or object has one.
    private mutating func lead() -> Lead {
        defer { first = false }
        return Lead(comma: !first, indent: 2 * depth)
    }

    // MARK: Writing into the room a member asked for

    /// The most bytes `lead` takes.
    private static func capacity(_ lead: Lead) -> Int { 2 + lead.indent }

    /// The most bytes `lead` and key `name` take.
    private static func capacity(_ lead: Lead, _ name: StaticString) -> Int {
        capacity(lead) + name.utf8CodeUnitCount + 5
    }

    /// The most bytes the JSON string of `utf8` takes: quotes, and `\u00xx` for every byte.
    private static func capacity(_ utf8: UnsafeBufferPointer<UInt8>) -> Int { 2 + 6 * utf8.count }

    /// Calls `body` with the UTF-8 of `text`, in place when the string is stored as UTF-8.
    private static func withUTF8(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if text.utf8.withContiguousStorageIfAvailable(body) != nil { return }
        var text = text
        text.withUTF8(body)
    }

    /// Writes `lead`: a comma unless it is the first element, a line break, the indentation.
    private static func write(_ lead: Lead, to output: inout OutputSpan<UInt8>) {
        if lead.comma { output.append(UInt8(ascii: ",")) }
        output.append(UInt8(ascii: "\n"))
        output.append(repeating: UInt8(ascii: " "), count: lead.indent)
    }

    /// Writes `lead`, then `"name" : `.
    private static func write(_ lead: Lead, _ name: StaticString, to output: inout OutputSpan<UInt8>) {
        write(lead, to: &output)
        output.append(UInt8(ascii: "\""))
        write(name, to: &output)
        write("\" : ", to: &output)
    }

    /// Writes `text` (a key or a keyword, a few bytes).
    private static func write(_ text: StaticString, to output: inout OutputSpan<UInt8>) {
        text.withUTF8Buffer { for byte in $0 { output.append(byte) } }
    }

    /// Writes `bytes` as they are. Past a few bytes, the loop over a `MutableSpan` of exactly their room compiles to
    /// a vector copy with its bounds checks hoisted out, where appending byte by byte checks and counts each one.
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputSpan<UInt8>) {
        guard bytes.count > 24 else {
            for byte in bytes { output.append(byte) }
            return
        }
        let start = output.count
        output.append(repeating: 0, count: bytes.count)
        var written = output.mutableSpan
        for offset in bytes.indices { written[start + offset] = bytes[offset] }
    }

    /// Whether `utf8` holds a byte a JSON string must escape (a quote, a backslash, a control character); one
    /// branch-free pass, which the compiler vectorizes.
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var found: UInt8 = 0
        for byte in utf8 {
            found |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "\"") ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
        }
        return found != 0
    }

    /// Writes `value` in decimal, as `String(value)` does; at most 20 bytes.
    private static func write(_ value: Int, to output: inout OutputSpan<UInt8>) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var low = output.count
        repeat {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude != 0
        var high = output.count - 1
        while low < high {
            output.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    /// Writes a finite `value` as Swift prints it (its shortest round-tripping form) without a trailing `.0`; at
    /// most 32 bytes.
    ///
    /// Scores are tenths (`9.8`, `10`): a value that is exactly the `Double` nearest some tenth `n / 10` below a
    /// million prints as those digits, since no shorter decimal and no other tenth rounds to it (doubles there
    /// are far closer than 0.1), and Swift prints numbers that size without an exponent. Anything else goes
    /// through `description`.
    private static func write(_ value: Double, to output: inout OutputSpan<UInt8>) {
        let tenths = (value * 10).rounded()
        if value.sign == .plus, tenths < 10_000_000, tenths / 10 == value {
            let whole = Int(tenths)
            write(whole / 10, to: &output)
            if whole % 10 != 0 {
                output.append(UInt8(ascii: "."))
                output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole % 10))
            }
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        for byte in text.utf8.prefix(32) { output.append(byte) }
    }

    /// Writes `utf8` as a JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`,
    /// everything else (slashes, non-ASCII) as it is.
    private static func write(_ utf8: UnsafeBufferPointer<UInt8>, to output: inout OutputSpan<UInt8>) {
        output.append(UInt8(ascii: "\""))
        guard needsEscaping(utf8) else {
            copy(utf8, to: &output)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                output.append(byte)
            } else {
                escape(byte, to: &output)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Writes the escape of `byte`, a quote, a backslash or a control character.
    private static func escape(_ byte: UInt8, to output: inout OutputSpan<UInt8>) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        default:
            write("u00", to: &output)
            hexDigits.withUTF8Buffer { digits in
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}
