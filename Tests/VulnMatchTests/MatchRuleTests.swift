import Foundation
import MSRCModel
import Testing
import VulnDB
import VulnMatch
import WindowsInventory

@Suite("matching rules")
struct MatchRuleTests {
    let matcher = VulnMatcher()

    /// One CVE fixed by the March 2024 cumulative update (KB5035857 → .2340) and its hotpatch (KB5035959 →
    /// .2333), as the real 2024-Mar data has it for Windows Server 2022.
    var march2024: AdvisoryFixture {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2024-21407", severity: "Critical", exploitStatus: "Publicly Disclosed:No;Exploited:Yes")
        fixture.fix(
            "CVE-2024-21407", kb: 5_035_857, build: "10.0.20348.2340", released: AdvisoryFixture.patchTuesday(2024, 3))
        fixture.fix(
            "CVE-2024-21407", kb: 5_035_959, build: "10.0.20348.2333", subType: "Security Hotpatch Update",
            hotpatch: true, released: AdvisoryFixture.patchTuesday(2024, 3))
        return fixture
    }

    @Test("the build right below the hotpatch's FixedBuild is affected; the hotpatch's and the LCU's are not")
    func buildRuleFlipsAtFixedBuild() throws {
        let advisories = march2024.advisories
        let below = matcher.match(describedInventory(build: "10.0.20348.2332"), advisories: advisories)
        let finding = try #require(below.findings.first)
        #expect(below.findings.count == 1)
        #expect(finding.cve == "CVE-2024-21407")
        #expect(finding.status == .fixedNotApplied)
        #expect(finding.rule == .build)
        #expect(finding.severity == .critical)
        #expect(finding.exploited)
        #expect(!finding.publiclyDisclosed)
        #expect(finding.baseScore == 7.8)
        // The recommended fix is the cumulative update, not the hotpatch; the evidence names both.
        #expect(finding.fix?.kb == 5_035_857)
        #expect(finding.fix?.fixedBuild == BuildVersion("10.0.20348.2340"))
        #expect(finding.fix?.released == AdvisoryFixture.patchTuesday(2024, 3))
        #expect(
            finding.evidence
                == "build 10.0.20348.2332 < 10.0.20348.2333 (KB5035959, hotpatch); cumulative update KB5035857 "
                + "brings 10.0.20348.2340")
        #expect(finding.allFixes.map(\.kb) == [5_035_959, 5_035_857])
        for build in ["10.0.20348.2333", "10.0.20348.2339", "10.0.20348.2340", "10.0.20348.2341"] {
            let result = matcher.match(describedInventory(build: build), advisories: advisories)
            #expect(result.findings.isEmpty, "\(build) holds the fix")
            #expect(result.isIdentified)
        }
    }

    @Test("without the hotpatch row, the build right before the LCU's FixedBuild is affected and the LCU's is not")
    func lcuOnly() {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2023-21674")
        fixture.fix("CVE-2023-21674", kb: 5_022_291, build: "10.0.20348.1487", supersedes: [5_021_249])
        let advisories = fixture.advisories
        let before = matcher.match(describedInventory(build: "10.0.20348.1486"), advisories: advisories)
        #expect(before.findings.map(\.cve) == ["CVE-2023-21674"])
        #expect(before.findings.first?.evidence == "build 10.0.20348.1486 < 10.0.20348.1487 (KB5022291)")
        #expect(matcher.match(describedInventory(build: "10.0.20348.1487"), advisories: advisories).findings.isEmpty)
    }

    @Test("a re-released fix: the smallest FixedBuild on the line decides (CVE-2025-54100's shape)")
    func reReleasedFix() {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2025-54100")
        fixture.fix("CVE-2025-54100", kb: 5_074_353, build: "10.0.20348.4467", subType: "Security Only")
        fixture.fix("CVE-2025-54100", kb: 5_071_547, build: "10.0.20348.4529")
        let advisories = fixture.advisories
        let old = matcher.match(describedInventory(build: "10.0.20348.4405"), advisories: advisories)
        #expect(old.findings.first?.fix?.kb == 5_074_353)
        #expect(matcher.match(describedInventory(build: "10.0.20348.4467"), advisories: advisories).findings.isEmpty)
    }

    @Test("KB rule: installed, superseded transitively, or an alternative (Monthly Rollup OR Security Only)")
    func kbRule() throws {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2019-0001")
        fixture.fix("CVE-2019-0001", kb: 4_000_001, build: nil, subType: "Monthly Rollup")
        fixture.fix("CVE-2019-0001", kb: 4_000_101, build: nil, subType: "Security Only")
        fixture.fix("CVE-2019-0002", kb: 4_000_002, build: nil, supersedes: [4_000_001])
        fixture.fix("CVE-2019-0003", kb: 4_000_003, build: nil, supersedes: [4_000_002])
        let advisories = fixture.advisories
        let bare = matcher.match(describedInventory(), advisories: advisories)
        let finding = try #require(bare.findings.first)
        #expect(finding.rule == .kb)
        #expect(finding.status == .fixedNotApplied)
        #expect(finding.evidence == "KB4000001, KB4000101 not installed, and not superseded by any installed KB")
        for kbs in [[4_000_001], [4_000_101], [4_000_002], [4_000_003]] {
            #expect(matcher.match(describedInventory(kbs: kbs), advisories: advisories).findings.isEmpty, "\(kbs)")
        }
        // A staged package is not installed.
        let staged = describedInventory(kbs: [])
        let stagedInventory = Inventory(
            profile: staged.profile,
            packages: [
                InstalledPackage.parse(
                    name: "Package_for_KB4000003~31bf3856ad364e35~amd64~~20348.1.1.1", state: .staged, layer: 0)
            ], servicingManifests: [], dotNet: nil, dotNetUpdates: [:], programs: [], softwareLayers: [0], notes: [])
        #expect(matcher.match(stagedInventory, advisories: advisories).findings.count == 1)
    }

    @Test("known affected with no fix row is reported as no-fix, never dropped")
    func noFix() throws {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2013-3900", severity: "Moderate")
        let result = matcher.match(describedInventory(build: "10.0.20348.9999"), advisories: fixture.advisories)
        let finding = try #require(result.findings.first)
        #expect(finding.status == .noFix)
        #expect(finding.rule == .noFix)
        #expect(finding.fix == nil)
        #expect(finding.severity == .medium)
    }

    @Test("every month's cumulative update up to the installed one counts as installed, bridging supersedence gaps")
    func cumulativeBridging() {
        var fixture = AdvisoryFixture()
        let september = AdvisoryFixture.patchTuesday(2019, 9)
        // September's cumulative update fixes three CVEs and is superseded by nothing later (KB4512578's real gap).
        for cve in ["CVE-2019-1001", "CVE-2019-1002", "CVE-2019-1003"] {
            fixture.cve(cve)
            fixture.fix(cve, kb: 4_512_578, build: nil, released: september)
        }
        // A standalone update of the same month fixing one CVE: not the month's cumulative update.
        fixture.cve("CVE-2019-1004")
        fixture.fix("CVE-2019-1004", kb: 4_516_077, build: nil, released: september)
        // A later cumulative update with a FixedBuild.
        fixture.cve("CVE-2021-0001")
        fixture.fix(
            "CVE-2021-0001", kb: 5_000_822, build: "10.0.20348.100", released: AdvisoryFixture.patchTuesday(2021, 3))
        let result = matcher.match(describedInventory(build: "10.0.20348.100"), advisories: fixture.advisories)
        #expect(result.findings.map(\.cve) == ["CVE-2019-1004"])
        #expect(result.effectiveKBs.contains(4_512_578))
        #expect(result.installedUpdate?.kb == 5_000_822)
        // Below the later update's build nothing is implied: all five are findings.
        let older = matcher.match(describedInventory(build: "10.0.20348.99"), advisories: fixture.advisories)
        #expect(older.findings.count == 5)
    }

    @Test("a FixedBuild on the wrong build line is corrected from the table, and the note says so")
    func correctedFixedBuild() {
        var fixture = AdvisoryFixture()
        fixture.products = [Product(id: "12437", name: "Windows Server 2025 (Server Core installation)")]
        fixture.cve("CVE-2025-49735", products: ["12437"])
        fixture.fix("CVE-2025-49735", kb: 5_060_842, build: "10.0.26200.4349", products: ["12437"])
        let advisories = fixture.advisories
        let below = matcher.match(describedInventory(build: "10.0.26100.4348"), advisories: advisories)
        #expect(below.findings.first?.rule == .build)
        #expect(below.findings.first?.fix?.fixedBuild == BuildVersion("10.0.26100.4349"))
        #expect(below.notes.contains { $0.contains("10.0.26200.4349") && $0.contains("10.0.26100.4349") })
        #expect(matcher.match(describedInventory(build: "10.0.26100.4349"), advisories: advisories).findings.isEmpty)
        // Without the table the row is on another line: undecided, and reported as affected.
        let uncorrected = VulnMatcher(corrections: []).match(
            describedInventory(build: "10.0.26100.4349"), advisories: advisories)
        #expect(uncorrected.findings.first?.status == .affected)
        #expect(uncorrected.findings.first?.rule == .undecided)
    }

    @Test("the remediation is the newest cumulative update, with what it closes and what it leaves")
    func remediationSummary() throws {
        var fixture = march2024
        fixture.cve("CVE-2024-30001")
        fixture.fix(
            "CVE-2024-30001", kb: 5_037_422, build: "10.0.20348.2402", released: AdvisoryFixture.patchTuesday(2024, 4))
        fixture.cve("CVE-2013-3900")
        let result = matcher.match(describedInventory(build: "10.0.20348.2227"), advisories: fixture.advisories)
        #expect(result.findings.count == 3)
        let remediation = try #require(result.remediation)
        #expect(remediation.update.kb == 5_037_422)
        #expect(remediation.closes == ["CVE-2024-21407", "CVE-2024-30001"])
        #expect(remediation.notClosed == ["CVE-2013-3900"])
        #expect(result.newestUpdate?.kb == 5_037_422)
        // Installed: nothing on the line at or below .2227 → unknown, so no days-behind figure.
        #expect(result.installedUpdate == nil)
        #expect(result.daysBehindNewestUpdate == nil)
        let march = matcher.match(describedInventory(build: "10.0.20348.2340"), advisories: fixture.advisories)
        #expect(march.installedUpdate?.kb == 5_035_857)
        #expect(march.daysBehindNewestUpdate == 28)
    }

    @Test("findings are ordered by severity, then CVE")
    func ordering() {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2024-0003", severity: "Low")
        fixture.cve("CVE-2024-0001", severity: "Important")
        fixture.cve("CVE-2024-0002", severity: "Critical")
        fixture.cve("CVE-2024-0004", severity: "Important")
        let result = matcher.match(describedInventory(), advisories: fixture.advisories)
        #expect(result.findings.map(\.cve) == ["CVE-2024-0002", "CVE-2024-0001", "CVE-2024-0004", "CVE-2024-0003"])
    }

    @Test(".NET Framework products are matched for the detected version only")
    func dotNetProducts() {
        var fixture = AdvisoryFixture()
        fixture.products += [
            Product(
                id: "11650-11924",
                name: "Microsoft .NET Framework 4.8 on Windows Server 2022 (Server Core installation)"),
            Product(
                id: "12078-11924",
                name: "Microsoft .NET Framework 4.8.1 on Windows Server 2022 (Server Core installation)"),
            Product(
                id: "12079-11924",
                name: "Microsoft .NET Framework 3.5 AND 4.8.1 on Windows Server 2022 (Server Core installation)"),
        ]
        fixture.cve("CVE-2024-21312", products: ["11650-11924", "12078-11924", "12079-11924"])
        fixture.fix("CVE-2024-21312", kb: 5_033_914, build: "4.8.04690.02", products: ["11650-11924"])
        fixture.fix("CVE-2024-21312", kb: 5_033_911, build: "4.8.1.09214.01", products: ["12078-11924", "12079-11924"])
        let advisories = fixture.advisories
        let v481 = matcher.match(describedInventory(dotNetRelease: 533_320), advisories: advisories)
        #expect(v481.productIDs == ["11924", "12078-11924"])
        #expect(v481.findings.map(\.productID) == ["12078-11924"])
        #expect(v481.findings.first?.rule == .kb)
        #expect(v481.findings.first?.fix?.kb == 5_033_911)
        let v48 = matcher.match(describedInventory(kbs: [5_033_914], dotNetRelease: 528_449), advisories: advisories)
        #expect(v48.productIDs == ["11924", "11650-11924"])
        #expect(v48.findings.isEmpty)
        let none = matcher.match(describedInventory(), advisories: advisories)
        #expect(none.productIDs == ["11924"])
        #expect(none.notes.contains { $0.contains("no .NET Framework") })
    }
}

@Suite("unidentified outcomes")
struct UnidentifiedTests {
    let matcher = VulnMatcher()

    @Test("an unidentified profile, an unknown build and a product the database lacks are distinct outcomes")
    func distinctReasons() throws {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2024-0001")
        let advisories = fixture.advisories
        let noHive = matcher.match(
            describedInventory(identification: .unidentified(reason: "no SOFTWARE hive in any layer")),
            advisories: advisories)
        let unknownBuild = matcher.match(describedInventory(build: "10.0.99999.1"), advisories: advisories)
        let notInDatabase = matcher.match(describedInventory(build: "10.0.17763.5329"), advisories: advisories)
        var reasons: [String] = []
        for result in [noHive, unknownBuild, notInDatabase] {
            #expect(!result.isIdentified)
            #expect(result.findings.isEmpty)
            guard case .unidentified(let reason) = result.outcome else { continue }
            reasons.append(reason)
        }
        #expect(reasons.count == 3)
        #expect(Set(reasons).count == 3)
        #expect(reasons[0] == "no SOFTWARE hive in any layer")
        #expect(reasons[1].contains("10.0.99999.1"))
        #expect(reasons[2].contains("11572") && reasons[2].contains("winscan db update"))
    }

    @Test("Nano Server is matched as Server Core with the approximation noted")
    func nanoIsApproximated() {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2024-0001")
        let result = matcher.match(
            describedInventory(installationType: "Nano Server", nano: true), advisories: fixture.advisories)
        #expect(result.isIdentified)
        #expect(result.productIDs == ["11924"])
        #expect(result.findings.count == 1)
        #expect(result.notes.contains { $0.contains("Nano Server") })
    }
}
