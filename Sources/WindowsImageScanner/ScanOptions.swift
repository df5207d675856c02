public import Foundation
public import ImageLayers
public import ReportKit

/// How to scan.
public struct ScanOptions: Sendable {
    /// The platform to pick from a multi-platform image (`windows/amd64` by default; `os.version` may narrow it).
    public var platform: Platform = .windowsAMD64
    /// How many layers stream at once (default: one per core).
    public var concurrency: Int = ImageReader.processorCount
    /// The reference to print in the report (the user's spelling); the source's own when `nil`.
    public var reference: String?
    /// The scanner name and version the report names.
    public var scanner = ScanReport.Scanner(name: "winscan", version: WindowsImageScannerModule.version)
    /// The moment the scan is dated and policies compare against (now by default).
    public var now: Date?

    /// Creates default options.
    public init() {}
}
