import Foundation
import ImageLayers
import TestSupport
import Testing
import VulnMatch
import WindowsInventory

/// Images read end to end (docker-archive → ImageReader → InventoryReader) and matched.
@Suite("matching images")
struct ImageMatchTests {
    /// The inventory of `fixture`, read as a docker archive.
    private func inventory(_ fixture: WindowsImageFixture) async throws -> Inventory {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("match-\(UUID().uuidString).tar")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(fixture.dockerArchive()).write(to: file)
        let contents = try await ImageReader().read(try DockerArchiveSource(path: file.path))
        return try InventoryReader.inventory(of: contents)
    }

    /// CVE-2024-21407: fixed by KB5035857 → .2340 (2024-Mar); CVE-2024-21338: fixed by KB5034129 → .2227 (2024-Jan).
    private var advisories: AdvisoryFixture {
        var fixture = AdvisoryFixture()
        fixture.cve("CVE-2024-21338", exploitStatus: "Publicly Disclosed:No;Exploited:Yes")
        fixture.fix("CVE-2024-21338", kb: 5_034_129, build: "10.0.20348.2227")
        fixture.cve("CVE-2024-21407", severity: "Critical")
        fixture.fix(
            "CVE-2024-21407", kb: 5_035_857, build: "10.0.20348.2340", released: AdvisoryFixture.patchTuesday(2024, 3))
        fixture.cve("CVE-2024-38063", severity: "Critical")
        fixture.fix(
            "CVE-2024-38063", kb: 5_041_160, build: "10.0.20348.2655", released: AdvisoryFixture.patchTuesday(2024, 8))
        return fixture
    }

    @Test("an image whose base hive says .2227 and whose update layer's delta says .2340 is matched at .2340")
    func updateLayerDecides() async throws {
        let fixture = WindowsImageFixture.servercore(base: 2227, update: 2340)
        let full = try await inventory(fixture)
        #expect(full.profile.fullBuild == "10.0.20348.2340")
        let result = VulnMatcher().match(full, advisories: advisories.advisories)
        #expect(result.build == "10.0.20348.2340")
        #expect(result.findings.map(\.cve) == ["CVE-2024-38063"])
        #expect(result.installedUpdate?.kb == 5_035_857)
        // Reading the base layer alone would have been wrong: .2227 also lacks the March fix.
        let baseOnly = try await inventory(WindowsImageFixture(layers: [fixture.layers[0]]))
        let wrong = VulnMatcher().match(baseOnly, advisories: advisories.advisories)
        #expect(wrong.build == "10.0.20348.2227")
        #expect(wrong.findings.map(\.cve) == ["CVE-2024-21407", "CVE-2024-38063"])
    }

    @Test("an image without a SOFTWARE hive is an unidentified outcome, not an empty finding list")
    func noSoftwareHive() async throws {
        var tar = TarBuilder()
        tar.file("Files/Windows/notepad.exe", [1, 2, 3])
        let result = VulnMatcher().match(
            try await inventory(WindowsImageFixture(layers: [tar.build()])), advisories: advisories.advisories)
        #expect(!result.isIdentified)
        guard case .unidentified(let reason) = result.outcome else { return }
        #expect(reason.contains("no SOFTWARE hive"))
    }

    @Test("a nanoserver image (one layer, InstallationType Nano Server) is matched as Server Core, flagged")
    func nanoServerImage() async throws {
        var current = ExampleHives.currentVersion(ubr: 2340)
        current.values = current.values.map { $0.name == "InstallationType" ? .string($0.name, "Nano Server") : $0 }
        current.subkeys = [RegfKey("Server", subkeys: [RegfKey("ServerLevels", values: [.dword("NanoServer", 1)])])]
        let root = RegfKey(
            "ROOT", subkeys: [RegfKey("Microsoft", subkeys: [RegfKey("Windows NT", subkeys: [current])])])
        var tar = TarBuilder()
        tar.file("Files/Windows/System32/config/SOFTWARE", RegfWriter(root: root).build().bytes)
        let nano = try await inventory(WindowsImageFixture(layers: [tar.build()]))
        let result = VulnMatcher().match(nano, advisories: advisories.advisories)
        #expect(result.isIdentified)
        #expect(result.productIDs == ["11924"])
        #expect(result.findings.map(\.cve) == ["CVE-2024-38063"])
        #expect(result.notes.contains { $0.contains("Nano Server has no MSRC product of its own") })
    }
}
