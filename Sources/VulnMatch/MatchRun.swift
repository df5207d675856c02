import Foundation
import MSRCModel
import VulnDB
import WindowsInventory

/// One matching of one image: the state the rules share (rows by CVE, the covered KBs) and the rules.
struct MatchRun {
    let inventory: Inventory
    let product: MSRCProduct
    let build: BuildVersion
    let advisories: ProductAdvisories
    let corrections: [FixedBuildCorrection]
    /// Remarks collected on the way.
    private(set) var notes: [String] = []

    init(
        inventory: Inventory, product: MSRCProduct, build: BuildVersion, advisories: ProductAdvisories,
        corrections: [FixedBuildCorrection]
    ) {
        self.inventory = inventory
        self.product = product
        self.build = build
        self.advisories = advisories
        self.corrections = corrections
    }

    /// A fix row for one product, its FixedBuild corrected: plain values only, so that copying rows costs no
    /// reference counting (the record stays in ``advisories``).
    struct Row {
        /// The record's index in `advisories.remediations`.
        let index: Int
        let kb: Int
        let isHotpatch: Bool
        /// Seconds since 1970 of the release, or -infinity.
        let released: Double
        /// Whether the (corrected) FixedBuild is on the image's build line.
        let onLine: Bool
        /// The FixedBuild's revision when ``onLine``.
        let revision: UInt64
    }

    /// Corrected FixedBuilds by record index.
    private var correctedBuilds: [Int: BuildVersion] = [:]

    /// The (corrected) FixedBuild of `row`.
    func fixedBuild(_ row: Row) -> BuildVersion? {
        correctedBuilds[row.index] ?? advisories.remediations[row.index].fixedBuild
    }

    /// The fix reference of `row`.
    func reference(_ row: Row) -> FixReference {
        let record = advisories.remediations[row.index]
        return FixReference(
            kb: row.kb, fixedBuild: fixedBuild(row), released: record.released, url: record.url,
            subType: record.subType, isHotpatch: record.isHotpatch)
    }

    /// How the rules decided one CVE for one product.
    enum Decision {
        case fixed
        case vulnerable(Finding.Status, Finding.Rule, fix: FixReference?, evidence: String)
    }

    mutating func result() -> MatchResult {
        if product.isApproximation, let reason = product.reason { notes.append(reason) }
        let productIDs = [product.id] + dotNetProducts()
        let rows = fixRows(for: Set(productIDs))
        let osRows = rows[product.id] ?? [:]
        let lineRows = osRows.values.joined().filter(\.onLine)
        let cumulativeByDate = Self.cumulativeUpdates(in: osRows)

        // KBs the image has: CBS packages, .NET update KBs, every update the build implies, and every month's
        // cumulative update released up to the installed one.
        var effective = Set(inventory.presentKBs.compactMap { Int($0) })
        for kbs in inventory.dotNetUpdates.values {
            for kb in kbs { if let number = Self.kbNumber(kb) { effective.insert(number) } }
        }
        let installed = lineRows.filter { $0.revision <= revision }.max { Self.order($0, $1) }
        effective.formUnion(implied(by: installed, lineRows: lineRows, cumulativeByDate: cumulativeByDate))
        let covered = coverage(of: effective)

        // Findings.
        var findings: [Finding] = []
        for productID in productIDs {
            let productRows = rows[productID] ?? [:]
            let isOS = productID == product.id
            for status in advisories.statuses where status.productID == productID && status.status == .knownAffected {
                let cveRows = productRows[status.cve] ?? []
                let decision = decide(cveRows, isOS: isOS, atRevision: revision, covered: covered)
                guard case .vulnerable(let state, let rule, let fix, let evidence) = decision else { continue }
                findings.append(
                    finding(
                        status, state: state, rule: rule, fix: fix, evidence: evidence, allFixes: references(cveRows)))
            }
        }
        findings.sort {
            ($0.severity.rank, $1.cve, $1.productID) > ($1.severity.rank, $0.cve, $0.productID)
        }

        // The newest cumulative update, and the remediation.
        let newest = lineRows.filter { !$0.isHotpatch }.max { Self.order($0, $1) }
        let remediation = newest.map {
            remediationSummary(
                for: $0, findings: findings, rows: rows, lineRows: lineRows, cumulativeByDate: cumulativeByDate)
        }
        return MatchResult(
            outcome: .matched, productIDs: productIDs, build: build.rawValue, findings: findings,
            remediation: remediation, installedUpdate: installed.map(reference), newestUpdate: newest.map(reference),
            effectiveKBs: effective.sorted(), notes: notes)
    }

    /// The image build's revision (`2227` of `10.0.20348.2227`).
    var revision: UInt64 { build.revision ?? 0 }

    /// The KBs an image at the update `installed` holds: every row on the line at or below its build, and the
    /// cumulative update of every release date up to its own.
    private func implied(by installed: Row?, lineRows: [Row], cumulativeByDate: [(date: Double, kb: Int)]) -> Set<Int> {
        guard let installed else { return [] }
        var kbs: Set<Int> = []
        for row in lineRows where row.revision <= installed.revision { kbs.insert(row.kb) }
        for entry in cumulativeByDate where entry.date <= installed.released { kbs.insert(entry.kb) }
        return kbs
    }

    /// Orders rows by FixedBuild revision (on the line), hotpatch before cumulative, then release date.
    private static func order(_ lhs: Row, _ rhs: Row) -> Bool {
        if lhs.revision != rhs.revision { return lhs.revision < rhs.revision }
        if lhs.isHotpatch != rhs.isHotpatch { return lhs.isHotpatch }
        return lhs.released < rhs.released
    }

    /// Each release date's cumulative update: the non-hotpatch KB that fixes the most CVEs for the product on
    /// that date.
    ///
    /// This bridges the gaps of MSRC's supersedence chains (KB4512578, September 2019's update for Windows Server
    /// 2019, is superseded by no later KB): every monthly update of the server products matched here is
    /// cumulative, so an image whose update was released on a date holds every earlier date's.
    static func cumulativeUpdates(in rows: [String: [Row]]) -> [(date: Double, kb: Int)] {
        var counts: [Double: [Int: Int]] = [:]
        var seen: [Int] = []
        for cveRows in rows.values {
            seen.removeAll(keepingCapacity: true)
            for row in cveRows where !row.isHotpatch && row.released.isFinite && !seen.contains(row.kb) {
                seen.append(row.kb)
                counts[row.released, default: [:]][row.kb, default: 0] += 1
            }
        }
        return counts.compactMap { date, kbs in
            kbs.max { ($0.value, $0.key) < ($1.value, $1.key) }.map { (date, $0.key) }
        }.sorted { $0.date < $1.date }
    }

    /// The .NET Framework compound products on the OS product that name the image's .NET version.
    private mutating func dotNetProducts() -> [String] {
        let compounds = advisories.products.filter {
            ProductKey.compoundPlatform(of: $0.id) == product.id && $0.name.contains(".NET Framework")
        }
        guard let dotNet = inventory.dotNet else {
            if !compounds.isEmpty {
                notes.append("no .NET Framework 4.x found in the registry: .NET Framework products not matched")
            }
            return []
        }
        let naming = compounds.filter { Self.frameworkVersions(in: $0.name).contains(dotNet.version) }
        // Prefer the products naming the detected version alone (`4.8.1`) over combined ones (`3.5 AND 4.8.1`):
        // .NET 3.5 is an optional feature the registry facts here do not detect.
        let alone = naming.filter { Self.frameworkVersions(in: $0.name) == [dotNet.version] }
        let chosen = (alone.isEmpty ? naming : alone).map(\.id).sorted()
        if chosen.isEmpty {
            notes.append(
                ".NET Framework \(dotNet.version) found, but the database names no product for it on \(product.id)")
        }
        return chosen
    }

    /// The framework versions a compound product's name lists (`… 3.5 AND 4.8.1 on …` → ["3.5", "4.8.1"]).
    static func frameworkVersions(in name: String) -> [String] {
        guard let range = name.range(of: ".NET Framework") else { return [] }
        let tail = name[range.upperBound...]
        let head = tail.range(of: " on ").map { tail[..<$0.lowerBound] } ?? tail
        return head.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            .filter { $0.first?.isNumber ?? false }
    }

    /// Fix rows by product then CVE, for `productIDs`, FixedBuilds corrected.
    private mutating func fixRows(for productIDs: Set<String>) -> [String: [String: [Row]]] {
        var rows: [String: [String: [Row]]] = [:]
        var applied: Set<String> = []
        let line = build.components.prefix(3)
        for (index, record) in advisories.remediations.enumerated() where record.isFix {
            guard let kb = record.kb else { continue }
            for productID in record.productIDs where productIDs.contains(productID) {
                var fixedBuild = record.fixedBuild
                if let stated = fixedBuild,
                    let correction = corrections.first(where: {
                        $0.productID == productID && $0.kb == kb && $0.stated == stated
                    })
                {
                    fixedBuild = correction.corrected
                    correctedBuilds[index] = correction.corrected
                    applied.insert(
                        "KB\(kb)'s FixedBuild \(stated) for \(productID) read as \(correction.corrected) "
                            + "(\(correction.source))")
                }
                let components = fixedBuild?.components ?? []
                let onLine = components.count >= 4 && line.count == 3 && components.prefix(3) == line
                rows[productID, default: [:]][record.cve, default: []].append(
                    Row(
                        index: index, kb: kb, isHotpatch: record.isHotpatch,
                        released: record.released?.timeIntervalSince1970 ?? -.infinity, onLine: onLine,
                        revision: onLine ? components[3] : 0))
            }
        }
        notes += applied.sorted()
        return rows
    }

    /// `kbs` and every KB they supersede, transitively.
    private func coverage(of kbs: Set<Int>) -> Set<Int> {
        var covered = kbs
        var pending = Array(kbs)
        while let next = pending.popLast() {
            for superseded in advisories.supersedence.superseded(by: next) where covered.insert(superseded).inserted {
                pending.append(superseded)
            }
        }
        return covered
    }

    /// The rules for one CVE and one product's fix rows, for an image at `revision` on its build line that has
    /// the `covered` KBs.
    func decide(_ rows: [Row], isOS: Bool, atRevision revision: UInt64, covered: Set<Int>) -> Decision {
        let onLine = isOS ? rows.filter(\.onLine) : []
        if let threshold = onLine.min(by: { Self.order($0, $1) }), let thresholdBuild = fixedBuild(threshold) {
            if revision >= threshold.revision { return .fixed }
            let recommended =
                onLine.filter { !$0.isHotpatch && $0.revision > revision }.min { Self.order($0, $1) } ?? threshold
            var evidence = "build \(buildText(revision)) < \(thresholdBuild) (KB\(threshold.kb)"
            evidence += threshold.isHotpatch ? ", hotpatch)" : ")"
            if recommended.kb != threshold.kb, let recommendedBuild = fixedBuild(recommended) {
                evidence += "; cumulative update KB\(recommended.kb) brings \(recommendedBuild)"
            }
            return .vulnerable(.fixedNotApplied, .build, fix: reference(recommended), evidence: evidence)
        }
        guard !rows.isEmpty else {
            return .vulnerable(.noFix, .noFix, fix: nil, evidence: "known affected; Microsoft lists no fix")
        }
        if rows.contains(where: { covered.contains($0.kb) }) { return .fixed }
        let kbs = references(rows).map(\.name).joined(separator: ", ")
        let newest = rows.max { ($0.released, $0.kb) < ($1.released, $1.kb) }.map(reference)
        let otherLines = rows.compactMap { fixedBuild($0) }.filter { $0.components.count >= 4 }
        if isOS && otherLines.count == rows.count {
            let builds = Set(otherLines.map(\.rawValue)).sorted().joined(separator: ", ")
            return .vulnerable(
                .affected, .undecided, fix: newest,
                evidence: "\(kbs) not installed; its FixedBuild (\(builds)) is not on this image's build line")
        }
        let hasDotNetRollup = inventory.packages.contains {
            $0.name.lowercased().contains("dotnetrollup") && ($0.state?.isPresent ?? false)
        }
        if !isOS && hasDotNetRollup && inventory.dotNetUpdates.isEmpty {
            return .vulnerable(
                .affected, .kb, fix: newest,
                evidence: "\(kbs) not found; the image's .NET rollup packages carry no KB number to compare")
        }
        return .vulnerable(
            .fixedNotApplied, .kb, fix: newest, evidence: "\(kbs) not installed, and not superseded by any installed KB"
        )
    }

    /// The image's build with another revision.
    private func buildText(_ revision: UInt64) -> String {
        build.components.prefix(3).map(String.init).joined(separator: ".") + ".\(revision)"
    }

    /// The finding for one status row.
    private func finding(
        _ status: ProductStatusRecord, state: Finding.Status, rule: Finding.Rule, fix: FixReference?, evidence: String,
        allFixes: [FixReference]
    ) -> Finding {
        let vulnerability = advisories.vulnerability(cve: status.cve)
        let productName = advisories.products.first { $0.id == status.productID }?.name
        return Finding(
            cve: status.cve, title: vulnerability?.title, productID: status.productID, productName: productName,
            msrcSeverity: status.severity, baseScore: status.baseScore, temporalScore: status.temporalScore,
            vector: status.vector, impact: status.impact, exploited: vulnerability?.exploitStatus?.exploited ?? false,
            publiclyDisclosed: vulnerability?.exploitStatus?.publiclyDisclosed ?? false,
            published: vulnerability?.published, status: state, rule: rule, fix: fix, allFixes: allFixes,
            evidence: evidence)
    }

    /// Distinct fix references of `rows`, by FixedBuild then KB.
    func references(_ rows: [Row]) -> [FixReference] {
        var seen: Set<Int> = []
        return rows.map(reference)
            .sorted { ($0.fixedBuild ?? BuildVersion(""), $0.kb) < ($1.fixedBuild ?? BuildVersion(""), $1.kb) }
            .filter { seen.insert($0.kb).inserted }
    }

    /// The newest cumulative update and the findings it closes: each OS finding decided again as if the image
    /// were at the update's build.
    private func remediationSummary(
        for update: Row, findings: [Finding], rows: [String: [String: [Row]]], lineRows: [Row],
        cumulativeByDate: [(date: Double, kb: Int)]
    ) -> RemediationSummary {
        var after = Set(inventory.presentKBs.compactMap { Int($0) })
        after.formUnion(implied(by: update, lineRows: lineRows, cumulativeByDate: cumulativeByDate))
        let covered = coverage(of: after)
        var closes: Set<String> = []
        var open: Set<String> = []
        for finding in findings {
            let cveRows = rows[finding.productID]?[finding.cve] ?? []
            if finding.productID == product.id,
                case .fixed = decide(cveRows, isOS: true, atRevision: update.revision, covered: covered)
            {
                closes.insert(finding.cve)
            } else {
                open.insert(finding.cve)
            }
        }
        return RemediationSummary(update: reference(update), closes: closes.sorted(), notClosed: open.sorted())
    }

    /// The KB number in `text` (`KB5011048`, `5011048`).
    static func kbNumber(_ text: String) -> Int? {
        let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }
}
