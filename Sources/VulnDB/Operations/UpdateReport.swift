import Foundation
import MSRCModel

/// What an update did.
public struct UpdateReport: Sendable, Hashable {
    /// The index answered 304: nothing changed since the last update.
    public let indexNotModified: Bool
    /// Documents downloaded (new, or their date moved and their bytes changed), by ID.
    public let fetched: [String]
    /// Documents whose date moved but the server answered 304 (the kept copy is current).
    public let notModified: [String]
    /// Documents an interrupted update had fetched, taken from the cache instead of downloaded again.
    public let resumed: [String]
    /// Listed documents whose date did not move.
    public let unchanged: Int
    /// Whether a new database was written.
    public let rebuilt: Bool
    /// The database's status afterwards.
    public let status: DatabaseStatus

    /// Creates a report.
    public init(
        indexNotModified: Bool, fetched: [String], notModified: [String], resumed: [String], unchanged: Int,
        rebuilt: Bool, status: DatabaseStatus
    ) {
        self.indexNotModified = indexNotModified
        self.fetched = fetched
        self.notModified = notModified
        self.resumed = resumed
        self.unchanged = unchanged
        self.rebuilt = rebuilt
        self.status = status
    }
}
