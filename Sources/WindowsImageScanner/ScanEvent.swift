public import ReportKit

/// Progress of a scan, as a CLI or a GUI renders it.
public enum ScanEvent: Sendable, Hashable {
    /// The image's manifest and config are being fetched.
    case resolving(reference: String)
    /// The image is resolved: its layer count and compressed size.
    case resolved(layers: Int, compressedBytes: Int64)
    /// A layer started streaming.
    case layerStarted(index: Int, count: Int, compressedBytes: Int64)
    /// A layer is done, read or taken from the cache.
    case layerFinished(index: Int, count: Int, compressedBytes: Int64, fromCache: Bool)
    /// A later phase started.
    case phase(ScanPhase)
}

/// The phases after the layers are read.
public enum ScanPhase: String, Sendable, Hashable, CaseIterable {
    /// Merging hives and reading the Windows facts.
    case inventory
    /// Matching against the database.
    case matching
    /// Applying the policy.
    case policy
    /// Assembling the report.
    case report
}

/// What ``WindowsImageScanner/updates(_:options:)`` yields: progress, then the report.
public enum ScanUpdate: Sendable {
    /// Progress.
    case progress(ScanEvent)
    /// The finished report.
    case finished(ScanReport)
}
