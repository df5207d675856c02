import Foundation
import MSRCModel

/// Builds a database from MSRC documents on disk: monthly CVRF documents in XML or JSON (`.xml`, `.json`,
/// `.xml.zst`, `.json.zst`) and CSAF 2.0 advisories (`.json`), given as files or folders.
///
/// Documents decode concurrently, merge (see the module overview), and are written to a new file beside the
/// target that is renamed over it only when complete: a failure never leaves a broken or half-written
/// database, and the previous one stays as it was.
public struct DatabaseBuilder: Sendable {
    /// How many documents decode at once.
    public var concurrency: Int

    /// Creates a builder; by default as many documents decode at once as there are processors.
    public init(concurrency: Int? = nil) {
        self.concurrency = max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Builds the database at `database` from `sources`: files, or folders whose MSRC documents are read
    /// (not recursively). A folder's `updates-index.json`, if present, must list only documents the folder
    /// holds; its dates are recorded so that a later update fetches only what moved.
    public func build(from sources: [String], into database: String) async throws(VulnDBError) -> BuildReport {
        let inputs = try Self.inputs(from: sources)
        return try await build(inputs, into: database, meta: [:], builtAt: Date())
    }

    /// Builds from prepared inputs (the update client's entry point).
    func build(
        _ inputs: [DocumentInput], into database: String, meta: [String: String], builtAt: Date
    ) async throws(VulnDBError) -> BuildReport {
        guard !inputs.isEmpty else { throw VulnDBError(.noInput, "no MSRC documents to build from") }
        let start = ContinuousClock.now
        let contributions = try await load(inputs)
        let decoded = ContinuousClock.now
        var byID: [String: DocumentContribution] = [:]
        var duplicates: [String] = []
        for contribution in contributions.sorted(by: { $0.facts.position < $1.facts.position }) {
            let id = contribution.facts.id
            guard let existing = byID[id] else {
                byID[id] = contribution
                continue
            }
            let newer =
                (contribution.facts.currentReleaseDate ?? .distantPast)
                > (existing.facts.currentReleaseDate ?? .distantPast)
            duplicates.append(newer ? existing.facts.origin : contribution.facts.origin)
            if newer { byID[id] = contribution }
        }
        let merged = await AdvisoryMerger.merge(Array(byID.values))
        let documentCount = byID.count
        Self.release(contributions, byID)
        let mergedAt = ContinuousClock.now
        try AtomicFile.prepareFolder(for: database)
        let temporary = AtomicFile.temporaryPath(beside: database)
        let status: DatabaseStatus
        do throws(VulnDBError) {
            try DatabaseWriter.write(merged, to: temporary, builtAt: builtAt, meta: meta)
            // The new file must open and answer before it replaces anything (the counts are the rows written).
            let written = try VulnDatabase(contentsOf: temporary)
            let (newest, latest) = try written.newestDocuments()
            try AtomicFile.install(temporary, at: database)
            let fixes = merged.remediations.count { $0.contribution.key.type == RemediationType.vendorFix.rawValue }
            let counts = DatabaseStatus.Counts(
                vulnerabilities: merged.vulnerabilities.count, products: merged.products.count,
                productStatuses: merged.statuses.count, remediations: merged.remediations.count, fixes: fixes,
                kbs: merged.kbs.count, supersedenceEdges: merged.supersedence.count, documents: merged.documents.count)
            status = DatabaseStatus(
                path: database, metadata: written.metadata, counts: counts, newestDocument: newest, latestMonth: latest)
        } catch {
            AtomicFile.remove(temporary)
            throw error
        }
        Self.release(merged)
        let end = ContinuousClock.now
        return BuildReport(
            documents: documentCount, skippedDuplicates: duplicates.sorted(), status: status,
            duration: end - start,
            phases: .init(decode: decoded - start, merge: mergedAt - decoded, write: end - mergedAt))
    }

    /// Hands the last references to large intermediate values to a background task, so that their millions of
    /// deallocations happen beside the work that follows (writing is single-threaded) or after the caller has
    /// its answer, rather than in its way.
    private static func release<Value: Sendable>(_ value: Value) {
        Task.detached(priority: .utility) { withExtendedLifetime(value) {} }
    }

    /// ``release(_:)`` for two values.
    private static func release<First: Sendable, Second: Sendable>(_ first: First, _ second: Second) {
        Task.detached(priority: .utility) { withExtendedLifetime((first, second)) {} }
    }

    /// Decodes every input, `concurrency` at a time, largest first (so no core waits alone for a big month at
    /// the end); the first failure cancels the rest.
    private func load(_ inputs: [DocumentInput]) async throws(VulnDBError) -> [DocumentContribution] {
        let width = concurrency
        let inputs = inputs.map { ($0, Self.size(of: $0)) }.sorted { $0.1 > $1.1 }.map(\.0)
        do {
            return try await withThrowingTaskGroup(of: DocumentContribution.self) { group in
                var results: [DocumentContribution] = []
                results.reserveCapacity(inputs.count)
                var pending = inputs.makeIterator()
                for _ in 0..<width {
                    guard let input = pending.next() else { break }
                    group.addTask { try DocumentLoader.load(input) }
                }
                while let result = try await group.next() {
                    results.append(result)
                    if let input = pending.next() {
                        group.addTask { try DocumentLoader.load(input) }
                    }
                }
                return results
            }
        } catch let error as VulnDBError {
            throw error
        } catch {
            throw VulnDBError(.unreadable, "reading the documents failed (\(error))")
        }
    }

    /// The size of an input's bytes as stored (a file's size; 0 when it cannot be read, which loading reports).
    private static func size(of input: DocumentInput) -> Int {
        switch input.bytes {
        case .compressed(let bytes): return bytes.count
        case .file(let path):
            var info = stat()
            return stat(path, &info) == 0 ? Int(info.st_size) : 0
        }
    }

    /// The inputs `sources` name, in order: files as given, folders' documents sorted by name.
    static func inputs(from sources: [String]) throws(VulnDBError) -> [DocumentInput] {
        guard !sources.isEmpty else { throw VulnDBError(.noInput, "no files or folders to build from") }
        var inputs: [DocumentInput] = []
        for source in sources {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                throw VulnDBError(.unreadable, "no such file or folder", context: source)
            }
            if isFolder.boolValue {
                inputs += try folderInputs(source)
            } else if isIndex(source) {
                inputs += try folderInputs(URL(fileURLWithPath: source).deletingLastPathComponent().path)
            } else {
                inputs.append(DocumentInput(origin: source, bytes: .file(source)))
            }
        }
        for index in inputs.indices { inputs[index].position = index }
        return inputs
    }

    /// The suffixes of document files.
    static let documentSuffixes = [".xml", ".json", ".xml.zst", ".json.zst"]

    /// Whether `path` names an updates index file (`updates-index.json`, possibly compressed).
    static func isIndex(_ path: String) -> Bool {
        let name = URL(fileURLWithPath: path).lastPathComponent.lowercased()
        return name == "updates-index.json" || name == "updates-index.json.zst"
    }

    /// The documents of one folder, checked against its updates index when it has one.
    private static func folderInputs(_ folder: String) throws(VulnDBError) -> [DocumentInput] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw VulnDBError(.unreadable, "cannot list the folder (\(error.localizedDescription))", context: folder)
        }
        let folderURL = URL(fileURLWithPath: folder)
        var documents: [String: String] = [:]
        var inputs: [DocumentInput] = []
        var indexPath: String?
        for name in names where !name.hasPrefix(".") {
            let path = folderURL.appendingPathComponent(name).path
            if isIndex(name) {
                indexPath = path
                continue
            }
            let lower = name.lowercased()
            guard let suffix = documentSuffixes.first(where: { lower.hasSuffix($0) }) else { continue }
            documents[String(name.dropLast(suffix.count))] = path
            inputs.append(DocumentInput(origin: path, bytes: .file(path)))
        }
        guard !inputs.isEmpty else {
            throw VulnDBError(
                .noInput, "the folder holds no MSRC document (.xml, .json, .xml.zst, .json.zst)", context: folder)
        }
        guard let indexPath else { return inputs }
        let index = try readIndex(indexPath)
        var dates: [String: Int64] = [:]
        for update in index.updates {
            guard documents[update.id] != nil else {
                throw VulnDBError(
                    .missingDocument,
                    "the updates index lists \(update.id), but the folder has no \(update.id).xml, .json, .xml.zst "
                        + "or .json.zst",
                    context: indexPath)
            }
            if let date = update.currentReleaseDate { dates[update.id] = DatabaseWriter.seconds(date) }
        }
        return inputs.map { input in
            var input = input
            let name = URL(fileURLWithPath: input.origin).lastPathComponent
            let lower = name.lowercased()
            if let suffix = documentSuffixes.first(where: { lower.hasSuffix($0) }),
                let date = dates[String(name.dropLast(suffix.count))]
            {
                input.fetch = FetchRecord(indexReleaseDate: date)
            }
            return input
        }
    }

    /// Reads an updates index file.
    static func readIndex(_ path: String) throws(VulnDBError) -> UpdateIndex {
        var bytes = try DocumentLoader.readFile(path)
        if Zstd.isCompressed(bytes) { bytes = try Zstd.decompress(bytes, origin: path) }
        do {
            return try UpdateIndex(decoding: Data(bytes))
        } catch {
            throw VulnDBError(.badDocument, error.description, context: path)
        }
    }
}
