import Foundation
import MSRCModel
import TestSupport
import Testing
import VulnDB
import VulnMatch

/// The real MSRC history in `../shared/data/msrc/cvrf-xml` beside the package.
private enum RealHistory {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/msrc/cvrf-xml")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("2024-Mar.xml.zst").path)
    }

    static let skipReason: Comment = "real MSRC data absent: needs ../shared/data/msrc/cvrf-xml beside the package"
}

/// Everything the independent computation needs, read straight from the decoded documents (no VulnDB, no
/// VulnMatch): per product, the CVEs known to affect it and their fix rows; per KB, its month; the supersedence.
private struct History: Sendable {
    struct Fix: Hashable, Sendable {
        let kb: Int
        let build: [UInt64]?
        let hotpatch: Bool
    }

    /// Product → CVEs known affected.
    var affected: [String: Set<String>] = [:]
    /// Product → CVE → fix rows.
    var fixes: [String: [String: Set<Fix>]] = [:]
    /// KB → (document date → number of CVEs citing it as a fix in that document).
    var citations: [Int: [Date: Int]] = [:]
    /// KB → superseded KBs.
    var supersedes: [Int: Set<Int>] = [:]

    static let products: Set<String> = ["11571", "11572", "11923", "11924", "12436", "12437"]

    mutating func add(_ document: MSRCDocument) {
        let date = document.initialReleaseDate ?? document.currentReleaseDate ?? .distantPast
        for vulnerability in document.vulnerabilities {
            for product in vulnerability.knownAffectedProductIDs where Self.products.contains(product) {
                affected[product, default: []].insert(vulnerability.cve)
            }
            var cited: Set<Int> = []
            for remediation in vulnerability.remediations where remediation.type == .vendorFix {
                guard let description = remediation.description, !description.isEmpty,
                    description.allSatisfy(\.isNumber), let kb = Int(description)
                else { continue }
                cited.insert(kb)
                for superseded in remediation.supersededKBs where superseded != kb {
                    supersedes[kb, default: []].insert(superseded)
                }
                let hotpatch = (remediation.subType ?? "").lowercased().replacingOccurrences(of: " ", with: "")
                    .contains("hotpatch")
                for product in remediation.productIDs where Self.products.contains(product) {
                    var build = remediation.fixedBuild?.components
                    // The one FixedBuild on the wrong line (VulnMatch's table has it too, documented there).
                    if (product == "12436" || product == "12437") && kb == 5_060_842 && build == [10, 0, 26200, 4349] {
                        build = [10, 0, 26100, 4349]
                    }
                    fixes[product, default: [:]][vulnerability.cve, default: []].insert(
                        Fix(kb: kb, build: build.flatMap { $0.isEmpty ? nil : $0 }, hotpatch: hotpatch))
                }
            }
            for kb in cited { citations[kb, default: [:]][date, default: 0] += 1 }
        }
    }

    /// The month a KB belongs to: the document citing it for the most CVEs, the earliest on ties.
    func month(of kb: Int) -> Date? {
        citations[kb]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// CVE → "status" for `product` at `build`, computed from the rules as DOMAIN.md §6 states them.
    func expected(product: String, build: [UInt64]) -> [String: String] {
        let line = Array(build.prefix(3))
        let revision = build[3]
        let rows = fixes[product] ?? [:]
        func onLine(_ fix: Fix) -> Bool { fix.build.map { $0.count >= 4 && Array($0.prefix(3)) == line } ?? false }
        // The update the build corresponds to, and the KBs that implies.
        let lineFixes = rows.values.flatMap { $0 }.filter(onLine)
        let installed = lineFixes.filter { ($0.build?[3] ?? 0) <= revision }
            .max { (($0.build?[3] ?? 0), $0.hotpatch ? 0 : 1) < (($1.build?[3] ?? 0), $1.hotpatch ? 0 : 1) }
        var have: Set<Int> = []
        if let installed, let installedRevision = installed.build?[3], let installedMonth = month(of: installed.kb) {
            for fix in lineFixes where (fix.build?[3] ?? 0) <= installedRevision { have.insert(fix.kb) }
            // Each month's cumulative update: the non-hotpatch KB fixing the most of the product's CVEs.
            var perMonth: [Date: [Int: Int]] = [:]
            for cveFixes in rows.values {
                for kb in Set(cveFixes.filter { !$0.hotpatch }.map(\.kb)) {
                    guard let month = month(of: kb), month <= installedMonth else { continue }
                    perMonth[month, default: [:]][kb, default: 0] += 1
                }
            }
            for counts in perMonth.values {
                if let top = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { have.insert(top.key) }
            }
        }
        var covered = have
        var queue = Array(have)
        while let kb = queue.popLast() {
            for older in supersedes[kb] ?? [] where covered.insert(older).inserted { queue.append(older) }
        }
        var result: [String: String] = [:]
        for cve in affected[product] ?? [] {
            let cveFixes = rows[cve] ?? []
            let line = cveFixes.filter(onLine)
            if let smallest = line.compactMap({ $0.build?[3] }).min() {
                if revision < smallest { result[cve] = "fixed-not-applied" }
            } else if cveFixes.isEmpty {
                result[cve] = "no-fix"
            } else if !cveFixes.contains(where: { covered.contains($0.kb) }) {
                let allElsewhere = cveFixes.allSatisfy { ($0.build?.count ?? 0) >= 4 }
                result[cve] = allElsewhere ? "affected" : "fixed-not-applied"
            }
        }
        return result
    }
}

/// The history and a database built from it, once for the suite.
private actor RealFixture {
    static let shared = RealFixture()
    private var loaded: (History, VulnDatabase)?

    func load() async throws -> (History, VulnDatabase) {
        if let loaded { return loaded }
        let files = try FileManager.default.contentsOfDirectory(atPath: RealHistory.directory.path)
            .filter { $0.hasSuffix(".xml.zst") }.sorted()
        var history = History()
        for file in files {
            let compressed = try [UInt8](Data(contentsOf: RealHistory.directory.appendingPathComponent(file)))
            let xml = try #require(Compression.unzstd(compressed), "\(file) is not zstd")
            history.add(try MSRCDocument(decoding: Data(xml)))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vulnmatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("msrc.sqlite").path
        _ = try await DatabaseBuilder().build(from: [RealHistory.directory.path], into: path)
        let database = try VulnDatabase(contentsOf: path)
        loaded = (history, database)
        return (history, database)
    }
}

@Suite(
    "matching against the real MSRC history", .serialized, .enabled(if: RealHistory.isAvailable, RealHistory.skipReason)
)
struct RealHistoryTests {
    /// The products checked, with their installation types.
    static let products: [(id: String, build: UInt64, type: String)] = [
        ("11571", 17763, "Server"), ("11572", 17763, "Server Core"), ("11923", 20348, "Server"),
        ("11924", 20348, "Server Core"), ("12436", 26100, "Server"), ("12437", 26100, "Server Core"),
    ]

    @Test(
        "findings equal an independent computation from the raw documents, at and right below FixedBuilds 2021–2026",
        arguments: products.map(\.id))
    func tableAgainstIndependentComputation(product: String) async throws {
        let (history, database) = try await RealFixture.shared.load()
        let entry = try #require(Self.products.first { $0.id == product })
        let advisories = try database.advisories(affecting: [product])
        // The product's cumulative-update builds on its line, oldest first; eight spread across the history.
        let revisions = Set(
            history.fixes[product, default: [:]].values.flatMap { $0 }
                .filter { !$0.hotpatch && $0.build?.count ?? 0 >= 4 && $0.build?[2] == entry.build }
                .compactMap { $0.build?[3] }
        ).sorted()
        try #require(revisions.count >= 8, "too few cumulative updates for \(product)")
        let picks = (0..<8).map { revisions[$0 * (revisions.count - 1) / 7] }
        var checked = 0
        for revision in picks.flatMap({ [$0 - 1, $0] }) {
            let build = [10, 0, entry.build, revision]
            let text = build.map(String.init).joined(separator: ".")
            let result = VulnMatcher().match(
                describedInventory(build: text, installationType: entry.type), advisories: advisories)
            #expect(result.isIdentified)
            var actual: [String: String] = [:]
            for finding in result.findings where finding.productID == product {
                actual[finding.cve] = finding.status.rawValue
            }
            let expected = history.expected(product: product, build: build)
            let missing = expected.filter { actual[$0.key] != $0.value }.keys.sorted()
            let extra = actual.filter { expected[$0.key] != $0.value }.keys.sorted()
            #expect(
                missing.isEmpty && extra.isEmpty,
                "\(product) at \(text): \(missing.count) expected but not found (\(missing.prefix(5))), \(extra.count) found but not expected (\(extra.prefix(5)))"
            )
            #expect(!expected.isEmpty || revision == picks.last, "\(text) has findings unless it is the newest")
            checked += 1
        }
        #expect(checked == 16)
    }

    @Test("the build right before a FixedBuild has the CVE, the FixedBuild itself does not (2023-Jan, CVE-2023-21674)")
    func flipAtFixedBuild() async throws {
        let (_, database) = try await RealFixture.shared.load()
        let advisories = try database.advisories(affecting: ["11924"])
        let before = VulnMatcher().match(describedInventory(build: "10.0.20348.1486"), advisories: advisories)
        let at = VulnMatcher().match(describedInventory(build: "10.0.20348.1487"), advisories: advisories)
        let finding = try #require(before.findings.first { $0.cve == "CVE-2023-21674" })
        #expect(finding.fix?.kb == 5_022_291)
        #expect(finding.evidence.hasPrefix("build 10.0.20348.1486 < 10.0.20348.1487"))
        #expect(!at.findings.contains { $0.cve == "CVE-2023-21674" })
    }

    @Test("a hotpatch build is fixed for the CVEs its hotpatch KB lists (2024-Mar, KB5035959 → .2333)")
    func hotpatchBuild() async throws {
        let (history, database) = try await RealFixture.shared.load()
        let advisories = try database.advisories(affecting: ["11924"])
        let listed = history.fixes["11924", default: [:]].filter { $0.value.contains { $0.kb == 5_035_959 } }.keys
        try #require(listed.count > 10)
        let hotpatched = VulnMatcher().match(describedInventory(build: "10.0.20348.2333"), advisories: advisories)
        let before = VulnMatcher().match(describedInventory(build: "10.0.20348.2332"), advisories: advisories)
        let open = Set(hotpatched.findings.map(\.cve))
        #expect(listed.allSatisfy { !open.contains($0) })
        #expect(listed.allSatisfy { cve in before.findings.contains { $0.cve == cve } })
    }
}
