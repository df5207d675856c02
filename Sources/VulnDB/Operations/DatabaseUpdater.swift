import Foundation
import MSRCModel

/// Brings a database up to date with the MSRC API: `GET {base}/cvrf/v3.0/updates` lists every monthly
/// document with its `CurrentReleaseDate`; only documents whose date moved (and new ones) are fetched, from
/// `GET {base}/cvrf/v3.0/cvrf/{ID}` with no `Accept` header (CVRF XML), conditionally (`If-None-Match`,
/// `If-Modified-Since`: 304 means the copy the database keeps is current).
///
/// Fetched documents go to a cache folder beside the database (`msrc.sqlite.cache/`), so an interrupted
/// update continues where it stopped. The database is then rebuilt from its own stored copies of the
/// unchanged months plus the fetched ones, into a new file renamed over the old one: a failure at any point
/// leaves the old database as it was.
public struct DatabaseUpdater: Sendable {
    /// The MSRC API.
    public static let defaultBaseURL = "https://api.msrc.microsoft.com"

    /// The API base URL (scheme and host, optionally a path prefix), without the `/cvrf/v3.0` part.
    public var baseURL: String
    /// How many documents are fetched at once.
    public var concurrency: Int
    /// How long one request may take.
    public var timeout: Duration
    /// The builder that writes the new database.
    public var builder: DatabaseBuilder

    /// Creates an updater.
    public init(
        baseURL: String = DatabaseUpdater.defaultBaseURL, concurrency: Int = 4, timeout: Duration = .seconds(120),
        builder: DatabaseBuilder = DatabaseBuilder()
    ) {
        self.baseURL = baseURL
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.builder = builder
    }

    /// What to do with one document of the index.
    private enum Plan {
        /// The database's copy is current.
        case keep(StoredDocument)
        /// An interrupted update fetched it already.
        case resume(UpdateCache.Entry)
        /// Fetch it, conditionally when a copy exists.
        case fetch(conditional: FetchRecord?)
    }

    /// Updates the database at `database`, creating it when missing.
    public func update(_ database: String) async throws(VulnDBError) -> UpdateReport {
        let base = try Self.normalized(baseURL)
        let existing = try StoredDatabase.read(database)
        let cache = UpdateCache(database: database)
        let client = MSRCClient(timeout: timeout)
        do {
            let report = try await update(database, base: base, existing: existing, cache: cache, client: client)
            await client.shutdown()
            return report
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private func update(
        _ database: String, base: String, existing: StoredDatabase?, cache: UpdateCache, client: MSRCClient
    ) async throws(VulnDBError) -> UpdateReport {
        let indexURL = base + "/cvrf/v3.0/updates"
        var indexHeaders: [(String, String)] = []
        if let existing, cache.isEmpty {
            if let etag = existing.indexETag { indexHeaders.append(("If-None-Match", etag)) }
            if let modified = existing.indexLastModified { indexHeaders.append(("If-Modified-Since", modified)) }
        }
        let indexReply = try await client.get(indexURL, headers: indexHeaders)
        let now = Date()
        if indexReply.status == 304, let existing, !indexHeaders.isEmpty {
            existing.markChecked(at: now)
            return UpdateReport(
                indexNotModified: true, fetched: [], notModified: [], resumed: [], unchanged: existing.documents.count,
                rebuilt: false, status: try VulnDatabase(contentsOf: database).status())
        }
        guard indexReply.status == 200 else {
            throw VulnDBError(.network, "HTTP \(indexReply.status) for the updates index", context: indexURL)
        }
        let index: UpdateIndex
        do {
            index = try UpdateIndex(decoding: Data(indexReply.body))
        } catch {
            throw VulnDBError(.badDocument, error.description, context: indexURL)
        }
        guard !index.updates.isEmpty else {
            throw VulnDBError(.badDocument, "the updates index lists no documents", context: indexURL)
        }

        // What each listed document needs.
        var plans: [(update: MSRCUpdate, plan: Plan)] = []
        var seen: Set<String> = []
        for update in index.updates where seen.insert(update.id).inserted {
            let stamp = update.currentReleaseDate.map(DatabaseWriter.seconds)
            let stored = existing?.documents[update.id]
            if let stored, let stamp, stored.stamp == stamp {
                plans.append((update, .keep(stored)))
            } else if let stamp, let entry = cache.entry(update.id), entry.fetch.indexReleaseDate == stamp,
                !entry.notModified || stored != nil
            {
                plans.append((update, .resume(entry)))
            } else {
                let cached = cache.entry(update.id).flatMap { $0.notModified ? nil : $0.fetch }
                plans.append((update, .fetch(conditional: cached ?? stored?.fetch)))
            }
        }
        let toFetch = plans.compactMap { item -> (MSRCUpdate, FetchRecord?)? in
            if case .fetch(let conditional) = item.plan { return (item.update, conditional) }
            return nil
        }
        let resumed = plans.compactMap { item -> String? in
            if case .resume = item.plan { return item.update.id }
            return nil
        }
        let listed = Set(plans.map(\.update.id))
        if toFetch.isEmpty, resumed.isEmpty, let existing {
            existing.markChecked(at: now, indexETag: indexReply.etag, indexLastModified: indexReply.lastModified)
            return UpdateReport(
                indexNotModified: false, fetched: [], notModified: [], resumed: [],
                unchanged: existing.documents.keys.filter(listed.contains).count, rebuilt: false,
                status: try VulnDatabase(contentsOf: database).status())
        }

        let outcomes = try await fetch(toFetch, base: base, client: client, cache: cache)

        // The new database's inputs: every listed document, then those the database has and the index no longer lists.
        var inputs: [DocumentInput] = []
        var fetchedOrigins: [String: String] = [:]
        for (update, plan) in plans {
            let stored = existing?.documents[update.id]
            if case .keep(let stored) = plan {
                inputs.append(stored.input(fetch: stored.fetch))
                continue
            }
            guard let entry = cache.entry(update.id) else {
                throw VulnDBError(.missingDocument, "the update cache lost \(update.id)", context: cache.folder)
            }
            if entry.notModified {
                guard let stored else {
                    throw VulnDBError(.missingDocument, "the database holds no copy of \(update.id)", context: database)
                }
                inputs.append(stored.input(fetch: entry.fetch))
            } else {
                let url = Self.documentURL(base: base, id: update.id)
                fetchedOrigins[url] = update.id
                inputs.append(DocumentInput(origin: url, bytes: .file(cache.bodyPath(update.id)), fetch: entry.fetch))
            }
        }
        for (id, stored) in (existing?.documents ?? [:]).sorted(by: { $0.key < $1.key }) where !listed.contains(id) {
            inputs.append(stored.input(fetch: stored.fetch))
        }
        for position in inputs.indices { inputs[position].position = position }
        var meta = [
            DatabaseSchema.Key.checkedAt: String(DatabaseWriter.seconds(now)), DatabaseSchema.Key.baseURL: base,
        ]
        meta[DatabaseSchema.Key.indexETag] = indexReply.etag
        meta[DatabaseSchema.Key.indexLastModified] = indexReply.lastModified
        let report: BuildReport
        do {
            report = try await builder.build(inputs, into: database, meta: meta, builtAt: now)
        } catch {
            // A fetched document that does not decode is fetched again next time.
            if let context = error.context, let id = fetchedOrigins[context] { cache.remove(id) }
            throw error
        }
        cache.clear()
        return UpdateReport(
            indexNotModified: false, fetched: outcomes.fetched.sorted(), notModified: outcomes.notModified.sorted(),
            resumed: resumed.sorted(),
            unchanged: plans.filter {
                if case .keep = $0.plan { return true }
                return false
            }.count,
            rebuilt: true, status: report.status)
    }

    /// Fetches `documents`, `concurrency` at a time, into the cache; the first failure stops the rest
    /// (documents fetched before it stay cached).
    private func fetch(
        _ documents: [(MSRCUpdate, FetchRecord?)], base: String, client: MSRCClient, cache: UpdateCache
    ) async throws(VulnDBError) -> (fetched: [String], notModified: [String]) {
        let width = concurrency
        do {
            return try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                var fetched: [String] = []
                var notModified: [String] = []
                var pending = documents.makeIterator()
                func next() {
                    guard let (update, conditional) = pending.next() else { return }
                    group.addTask {
                        let changed = try await Self.fetchOne(
                            update, conditional: conditional, base: base, client: client, cache: cache)
                        return (update.id, changed)
                    }
                }
                for _ in 0..<width { next() }
                while let (id, changed) = try await group.next() {
                    if changed { fetched.append(id) } else { notModified.append(id) }
                    next()
                }
                return (fetched, notModified)
            }
        } catch let error as VulnDBError {
            throw error
        } catch {
            throw VulnDBError(.network, "fetching the documents failed (\(error))")
        }
    }

    /// Fetches one document into the cache; `true` when a new body came, `false` for 304.
    private static func fetchOne(
        _ update: MSRCUpdate, conditional: FetchRecord?, base: String, client: MSRCClient, cache: UpdateCache
    ) async throws(VulnDBError) -> Bool {
        let url = documentURL(base: base, id: update.id)
        var headers: [(String, String)] = []
        if let etag = conditional?.etag { headers.append(("If-None-Match", etag)) }
        if let modified = conditional?.lastModified { headers.append(("If-Modified-Since", modified)) }
        let reply = try await client.get(url, headers: headers)
        let stamp = update.currentReleaseDate.map(DatabaseWriter.seconds)
        switch reply.status {
        case 200:
            guard MSRCDocumentFormat.detect(Data(reply.body)) != nil else {
                let start = String(decoding: reply.body.prefix(40), as: UTF8.self)
                throw VulnDBError(
                    .badDocument, "the answer is not an MSRC document (it starts \"\(start)\")", context: url)
            }
            let compressed = try Zstd.compress(reply.body, level: 3)
            let record = FetchRecord(indexReleaseDate: stamp, etag: reply.etag, lastModified: reply.lastModified)
            try cache.store(update.id, compressedBody: compressed, entry: .init(fetch: record, notModified: false))
            return true
        case 304 where !headers.isEmpty:
            let record = FetchRecord(
                indexReleaseDate: stamp, etag: reply.etag ?? conditional?.etag,
                lastModified: reply.lastModified ?? conditional?.lastModified)
            if cache.entry(update.id).map({ !$0.notModified }) == true {
                try cache.store(update.id, compressedBody: nil, entry: .init(fetch: record, notModified: false))
            } else {
                try cache.store(update.id, compressedBody: nil, entry: .init(fetch: record, notModified: true))
            }
            return false
        case 404, 410:
            throw VulnDBError(
                .missingDocument,
                "the updates index lists \(update.id), but the server has no such document (HTTP \(reply.status))",
                context: url)
        default:
            throw VulnDBError(.network, "HTTP \(reply.status)", context: url)
        }
    }

    /// `{base}/cvrf/v3.0/cvrf/{ID}`, the ID percent-encoded.
    static func documentURL(base: String, id: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return base + "/cvrf/v3.0/cvrf/" + (id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id)
    }

    /// `url` without trailing slashes; only `http` and `https` are accepted.
    static func normalized(_ url: String) throws(VulnDBError) -> String {
        var text = url.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            parsed.host?.isEmpty == false
        else {
            throw VulnDBError(.invalidArgument, "not an http(s) base URL: \(url)")
        }
        return text
    }
}
