extension ScanReport {
    /// The image as a Package URL (purl-spec, `oci` type) when it has a `sha256` digest:
    /// `pkg:oci/servercore@sha256%3A…?repository_url=mcr.microsoft.com/windows/servercore&tag=ltsc2022`;
    /// `nil` without a digest, since an `oci` purl's version must be the digest.
    var imagePackageURL: String? {
        guard let digest = image.digest, digest.hasPrefix("sha256:") else { return nil }
        let name = ImageName(reference: image.reference)
        var purl = "pkg:oci/\(Self.percentEncoded(name.name.lowercased()))@\(Self.percentEncoded(digest))"
        var qualifiers: [String] = []
        if let repository = name.repository { qualifiers.append("repository_url=\(Self.percentEncoded(repository))") }
        if let tag = name.tag { qualifiers.append("tag=\(Self.percentEncoded(tag))") }
        if !qualifiers.isEmpty { purl += "?" + qualifiers.joined(separator: "&") }
        return purl
    }

    /// A seed that identifies this report's content: the same scan of the same image gives the same seed.
    var contentSeed: [String] {
        var parts = [
            scanner.name, scanner.version, ReportDate.iso8601(generatedAt), image.reference, image.digest ?? "",
            ReportDate.iso8601(database.builtAt), String(database.documents), String(database.isSample),
            windows.build ?? "", policy.verdict.rawValue,
        ]
        for finding in findings.sorted(by: Self.reportOrder) {
            parts += [
                finding.cve, finding.productId, finding.status.rawValue, finding.suppression?.source.rawValue ?? "",
            ]
        }
        return parts
    }

    /// `text` with every byte outside the purl-spec unreserved set (`A-Z a-z 0-9 . - _ ~` and `/`) as `%XX`.
    private static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
