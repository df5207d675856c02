public import Foundation

/// A file a remediation replaces (CVRF `AffectedFile`; MSRC fills it for Mariner/Azure Linux packages).
public struct AffectedFile: Sendable, Hashable, Codable {
    /// The file name (`etcd-3.5.0-9.cm1.x86_64.rpm`), if given.
    public let fileName: String?
    /// The file version, if given.
    public let fileVersion: String?
    /// The file path, if given.
    public let filePath: String?
    /// The file's architecture, if given.
    public let architecture: String?
    /// The product the file belongs to, if given.
    public let productID: String?
    /// When the file last changed; `0001-01-01T00:00:00` (.NET's "unset") reads as `nil`.
    public let lastModified: Date?

    /// Creates an affected-file entry.
    public init(
        fileName: String?, fileVersion: String? = nil, filePath: String? = nil, architecture: String? = nil,
        productID: String? = nil, lastModified: Date? = nil
    ) {
        self.fileName = fileName
        self.fileVersion = fileVersion
        self.filePath = filePath
        self.architecture = architecture
        self.productID = productID
        self.lastModified = lastModified
    }
}
