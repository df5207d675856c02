import Foundation
import MSRCModel

/// What a build did.
public struct BuildReport: Sendable, Hashable {
    /// How many documents the database holds.
    public let documents: Int
    /// Inputs skipped because another input holds the same document ID with a newer (or the same)
    /// `CurrentReleaseDate` (an earlier input wins ties).
    public let skippedDuplicates: [String]
    /// The new database's status.
    public let status: DatabaseStatus
    /// How long the build took.
    public let duration: Duration
    /// How long each phase took.
    public let phases: Phases

    /// The phases of a build.
    public struct Phases: Sendable, Hashable {
        /// Reading, decompressing, hashing and decoding the documents (concurrently).
        public let decode: Duration
        /// Merging every month's rows.
        public let merge: Duration
        /// Writing, checking and installing the new file.
        public let write: Duration

        /// Creates phase durations.
        public init(decode: Duration, merge: Duration, write: Duration) {
            self.decode = decode
            self.merge = merge
            self.write = write
        }
    }

    /// Creates a report.
    public init(
        documents: Int, skippedDuplicates: [String], status: DatabaseStatus, duration: Duration, phases: Phases
    ) {
        self.documents = documents
        self.skippedDuplicates = skippedDuplicates
        self.status = status
        self.duration = duration
        self.phases = phases
    }
}
