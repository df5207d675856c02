import Foundation
import MSRCModel
import Testing

/// What one real document holds, in counts: computed once per document so the corpus decodes once.
private struct Summary: Sendable {
    let id: String
    let initialReleaseDate: Date?
    let vulnerabilities: Int
    let remediations: Int
    let threats: Int
    let scoreSets: Int
    let products: Int
    let unknownProductReferences: Int
    let malformedCVEs: Int
    let exploited: Int
    let hotpatchFixes: Int
    /// Vendor Fix rows with a KB number for a Windows OS product (`Windows Server…`, `Windows 10`…).
    let windowsFixes: Int
    let windowsFixesWithBuild: Int
    /// Those whose FixedBuild is an OS build (`10.0.…` or `6.…`), and how many of them have no supersedence.
    let windowsOSBuildFixes: Int
    let windowsOSBuildFixesWithoutSupersedence: Int

    init(_ document: MSRCDocument) {
        id = document.id
        initialReleaseDate = document.initialReleaseDate
        vulnerabilities = document.vulnerabilities.count
        products = document.productTree.products.count
        var remediations = 0
        var threats = 0
        var scoreSets = 0
        var unknown = 0
        var malformed = 0
        var exploited = 0
        var hotpatch = 0
        var windows = 0
        var windowsWithBuild = 0
        var osBuild = 0
        var osBuildWithoutSupersedence = 0
        let tree = document.productTree
        let windowsPrefixes = ["Windows Server", "Windows 10", "Windows 11", "Windows 7", "Windows 8", "Windows RT"]
        func isWindowsOS(_ id: String) -> Bool {
            guard let name = tree.name(ofProduct: id) else { return false }
            return windowsPrefixes.contains { name.hasPrefix($0) }
        }
        for vulnerability in document.vulnerabilities {
            remediations += vulnerability.remediations.count
            threats += vulnerability.threats.count
            scoreSets += vulnerability.scoreSets.count
            if !vulnerability.cveIsWellFormed { malformed += 1 }
            if vulnerability.exploitStatus?.exploited == true { exploited += 1 }
            let referenced =
                vulnerability.knownAffectedProductIDs + vulnerability.threats.flatMap(\.productIDs)
                + vulnerability.scoreSets.flatMap(\.productIDs) + vulnerability.remediations.flatMap(\.productIDs)
            unknown += referenced.filter { tree.product(id: $0) == nil }.count
            for fix in vulnerability.vendorFixes {
                if fix.isHotpatch { hotpatch += 1 }
                guard fix.kb != nil, fix.productIDs.contains(where: isWindowsOS) else { continue }
                windows += 1
                guard let build = fix.fixedBuild else { continue }
                windowsWithBuild += 1
                if build.rawValue.hasPrefix("10.0.") || build.rawValue.hasPrefix("6.") {
                    osBuild += 1
                    if fix.supersedence == nil { osBuildWithoutSupersedence += 1 }
                }
            }
        }
        self.remediations = remediations
        self.threats = threats
        self.scoreSets = scoreSets
        unknownProductReferences = unknown
        malformedCVEs = malformed
        self.exploited = exploited
        hotpatchFixes = hotpatch
        windowsFixes = windows
        windowsFixesWithBuild = windowsWithBuild
        windowsOSBuildFixes = osBuild
        windowsOSBuildFixesWithoutSupersedence = osBuildWithoutSupersedence
    }
}

/// Every real monthly CVRF document decodes, with the counts the real data has.
@Suite("All 190 real CVRF XML documents", .enabled(if: RealData.isAvailable, RealData.skipReason))
struct RealCorpusTests {
    /// Decodes every document (in parallel, one per core) and checks the totals and the quirks.
    @Test("every document decodes, with sane counts")
    func everyDocumentDecodes() async throws {
        let ids = try RealData.cvrfXMLIDs()
        #expect(ids.count == 190)
        let clock = ContinuousClock()
        let started = clock.now
        let summaries = try await RealCorpusTests.decodeAll(ids)
        let elapsed = clock.now - started
        print("decoded \(summaries.count) real CVRF XML documents in \(elapsed) (including zstd -dc)")
        try #require(summaries.count == ids.count)

        #expect(summaries.reduce(0) { $0 + $1.vulnerabilities } == 26_281)
        #expect(summaries.reduce(0) { $0 + $1.remediations } == 239_890)
        #expect(summaries.reduce(0) { $0 + $1.threats } == 494_206)
        #expect(summaries.reduce(0) { $0 + $1.scoreSets } == 219_445)
        #expect(summaries.reduce(0) { $0 + $1.malformedCVEs } == 113)
        #expect(summaries.reduce(0) { $0 + $1.exploited } == 191)
        #expect(summaries.reduce(0) { $0 + $1.hotpatchFixes } == 1_975)

        let byID = Dictionary(uniqueKeysWithValues: summaries.map { ($0.id, $0) })
        for id in ["1999-Sep", "2017-May-B", "2018-FEB", "2023-Jan", "2026-Jul"] {
            #expect(byID[id] != nil, "document \(id) is missing")
        }
        // 2017-May-B is an empty shell: no vulnerabilities, a product tree with one bare vendor branch.
        #expect(byID["2017-May-B"]?.vulnerabilities == 0)
        #expect(byID["2017-May-B"]?.products == 0)

        for summary in summaries where summary.vulnerabilities > 0 {
            #expect(summary.products > 0, "\(summary.id) has vulnerabilities but no product tree")
            #expect(
                summary.unknownProductReferences == 0,
                "\(summary.id) refers to \(summary.unknownProductReferences) products its root list lacks")
        }

        // About 15 % of Windows OS fix rows (with an OS FixedBuild) carry no Supercedence.
        let osRows = summaries.reduce(0) { $0 + $1.windowsOSBuildFixes }
        let withoutSupersedence = summaries.reduce(0) { $0 + $1.windowsOSBuildFixesWithoutSupersedence }
        let share = Double(withoutSupersedence) / Double(max(osRows, 1))
        #expect(osRows > 40_000)
        #expect((0.10...0.25).contains(share), "share of Windows OS fix rows without supersedence: \(share)")

        // FixedBuild is absent before late 2020 (the few exceptions are later KBs added when a month was
        // republished) and present on every Windows OS fix row from 2022 on.
        let cutoff = try #require(ISO8601DateFormatter().date(from: "2020-10-01T00:00:00Z"))
        let since2022 = try #require(ISO8601DateFormatter().date(from: "2022-01-01T00:00:00Z"))
        let early = summaries.filter { ($0.initialReleaseDate ?? .distantFuture) < cutoff }
        let earlyRows = early.reduce(0) { $0 + $1.windowsFixes }
        let earlyWithBuild = early.reduce(0) { $0 + $1.windowsFixesWithBuild }
        #expect(earlyRows > 30_000)
        #expect(Double(earlyWithBuild) / Double(earlyRows) < 0.01, "\(earlyWithBuild) of \(earlyRows) early rows")
        for summary in summaries where (summary.initialReleaseDate ?? .distantPast) >= since2022 {
            #expect(
                summary.windowsFixesWithBuild == summary.windowsFixes,
                "\(summary.id): \(summary.windowsFixes - summary.windowsFixesWithBuild) Windows fix rows lack FixedBuild"
            )
        }
    }

    /// Decompresses and decodes `ids`, as many at once as there are cores.
    private static func decodeAll(_ ids: [String]) async throws -> [Summary] {
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return try await withThrowingTaskGroup(of: Summary.self) { group in
            var pending = ids[...]
            var summaries: [Summary] = []
            func next() {
                guard let id = pending.popFirst() else { return }
                group.addTask {
                    let data = try RealData.cvrfXML(id)
                    do {
                        let document = try CVRFXMLDecoder().decode(data)
                        #expect(document.id.caseInsensitiveCompare(id) == .orderedSame, "\(id) holds \(document.id)")
                        return Summary(document)
                    } catch {
                        Issue.record("\(id).xml: \(error)")
                        throw error
                    }
                }
            }
            for _ in 0..<width { next() }
            while let summary = try await group.next() {
                summaries.append(summary)
                next()
            }
            return summaries
        }
    }
}
