/// Which tar entries of a layer a caller wants kept (in memory), by case-insensitive path pattern.
///
/// Windows layer tars hold the container's `C:\` under `Files/`, registry deltas under `Hives/`, and the
/// utility VM's own OS under `UtilityVM/Files/`; entries under `UtilityVM/` and alternate data streams
/// (`file:stream`) are never selected, whatever the patterns say.
public struct EntrySelector: Sendable, Hashable {
    /// The patterns, `/`-separated; `*` and `?` match within one path segment, `**` any number of segments.
    public let patterns: [PathPattern]
    /// The largest selected file accepted; a larger one fails the layer (``ImageLayersError/Code/tooLarge``).
    public let maximumFileSize: Int

    /// Selects entries matching any of `patterns`.
    public init(patterns: [String], maximumFileSize: Int = 1 << 30) {
        self.patterns = patterns.map(PathPattern.init)
        self.maximumFileSize = maximumFileSize
    }

    /// What a Windows scan needs: the base layer's SOFTWARE and SYSTEM hives, every layer's registry deltas,
    /// and the servicing manifests.
    public static let windowsScanning = EntrySelector(patterns: [
        "Files/Windows/System32/config/SOFTWARE",
        "Files/Windows/System32/config/SYSTEM",
        "Hives/*_Delta",
        "Files/Windows/servicing/Packages/*.mum",
    ])

    /// Whether `path` (already normalised) is selected.
    public func selects(_ path: String) -> Bool {
        let folded = path.lowercased()
        if folded.hasPrefix("utilityvm/") || folded == "utilityvm" { return false }
        if path.contains(":") { return false }
        let segments = folded.split(separator: "/", omittingEmptySubsequences: true)
        return patterns.contains { $0.matches(segments) }
    }
}

/// A case-insensitive path glob: `*` and `?` within a segment, `**` for any number of segments.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern's segments, lowercased.
    let segments: [String]
    /// The pattern as written.
    public let description: String

    /// Parses a pattern.
    public init(_ pattern: String) {
        description = pattern
        segments = pattern.lowercased().split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Whether the lowercased path segments match.
    func matches(_ path: [Substring]) -> Bool { match(segments[...], path[...]) }

    /// Matches the remaining pattern segments against the remaining path segments.
    private func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            for skip in 0...path.count where match(pattern.dropFirst(), path.dropFirst(skip)) { return true }
            return false
        }
        guard let segment = path.first, PathPattern.glob(Array(first.utf8)[...], Array(segment.utf8)[...]) else {
            return false
        }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// Glob match of one segment (`*` any run, `?` one byte).
    static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: Int?
        var resume = t
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = p
                p += 1
                resume = t
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
