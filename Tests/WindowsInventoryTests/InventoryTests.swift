import Foundation
import ImageLayers
import TestSupport
import Testing
import WindowsInventory

/// Reads an image made of `layers` (uncompressed tars) end to end: docker-archive → ImageReader → inventory.
private func inventory(_ fixture: WindowsImageFixture) async throws -> Inventory {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("inventory-\(UUID().uuidString).tar")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data(fixture.dockerArchive()).write(to: file)
    let contents = try await ImageReader().read(try DockerArchiveSource(path: file.path))
    return try InventoryReader.inventory(of: contents)
}

/// A base layer holding `software` as its SOFTWARE hive.
private func baseLayer(_ software: RegfKey) -> [UInt8] {
    var tar = TarBuilder()
    tar.file("Files/Windows/System32/config/SOFTWARE", RegfWriter(root: software).build().bytes)
    return tar.build()
}

/// A layer holding `delta` as its SOFTWARE delta.
private func deltaLayer(_ delta: RegfKey) -> [UInt8] {
    var tar = TarBuilder()
    tar.file("Hives/Software_Delta", RegfWriter.differencing(root: delta).build().bytes)
    return tar.build()
}

/// A SOFTWARE root with `CurrentVersion` values and extra subkeys of `Microsoft`.
private func software(
    build: String = "20348", ubr: UInt32 = 2227, type: String = "Server Core", extra: [RegfKey] = [],
    packages: [RegfKey] = []
) -> RegfKey {
    var current = ExampleHives.currentVersion(ubr: ubr)
    current.values = current.values.map { value in
        switch value.name {
        case "CurrentBuildNumber", "CurrentBuild": return .string(value.name, build)
        case "InstallationType": return .string(value.name, type)
        default: return value
        }
    }
    let cbs = RegfKey(
        "Windows",
        subkeys: [
            RegfKey(
                "CurrentVersion",
                subkeys: [RegfKey("Component Based Servicing", subkeys: [RegfKey("Packages", subkeys: packages)])])
        ])
    return RegfKey(
        "ROOT", subkeys: [RegfKey("Microsoft", subkeys: [cbs, RegfKey("Windows NT", subkeys: [current])] + extra)])
}

@Suite("Windows inventory")
struct InventoryTests {
    /// The servercore shape: the revision, the LCU and its layer come from the update layer; the base alone
    /// would have said 4294.
    @Test func servercoreIsReadAtTheUpdateLayersRevision() async throws {
        let fixture = WindowsImageFixture.servercore()
        let inventory = try await inventory(fixture)
        let profile = inventory.profile
        #expect(profile.identification == .identified)
        #expect(profile.fullBuild == "10.0.20348.5499")
        #expect(profile.sourceLayers["UBR"] == 1)
        #expect(profile.sourceLayers["CurrentBuildNumber"] == 0)
        #expect(profile.installationType == "Server Core")
        #expect(profile.editionID == "ServerDatacenter")
        #expect(profile.architecture == "amd64")
        #expect(profile.msrcProduct?.id == "11924")
        #expect(profile.msrcProduct?.isApproximation == false)
        #expect(profile.configOSVersion == "10.0.20348.4294")
        #expect(profile.configDisagreement?.contains("layer 1 updated the registry to 10.0.20348.5499") == true)
        #expect(inventory.softwareLayers == [0, 1])
        #expect(inventory.latestRollup?.rollupRevision == 5499)
        #expect(inventory.latestRollup?.layer == 1)
        let old = try #require(inventory.packages.first { $0.rollupRevision == 4294 })
        #expect(old.state == .superseded)
        #expect(old.layer == 1)
        #expect(inventory.presentKBs.contains("5012170"))
        #expect(inventory.dotNet?.version == "4.8")
        #expect(inventory.dotNet?.release == 528_449)
        #expect(inventory.servicingManifests.compactMap(\.version).sorted() == ["20348.4294.1.10", "20348.5499.1.7"])
        #expect(inventory.servicingManifests.first { $0.layer == 1 }?.name == "Package_for_RollupFix")

        // Reading only the base layer would have been wrong.
        var baseOnly = fixture
        baseOnly.layers = [fixture.layers[0]]
        baseOnly.comments = [fixture.comments[0]]
        let base = try await self.inventoryOf(baseOnly)
        #expect(base.profile.fullBuild == "10.0.20348.4294")
        #expect(base.profile.configDisagreement == nil)
    }

    /// Helper so the test above can call the file-level function despite its own name.
    private func inventoryOf(_ fixture: WindowsImageFixture) async throws -> Inventory { try await inventory(fixture) }

    /// Deltas add and tombstone KB packages and supersede keys; a later full hive replaces the whole stack.
    @Test func deltasAddRemoveAndReplace() async throws {
        let kb1 = ExampleHives.package("Package_for_KB5000001~31bf3856ad364e35~amd64~~20348.1.1.1", state: 0x70)
        let kb2 = ExampleHives.package("Package_for_KB5000002~31bf3856ad364e35~amd64~~20348.1.1.1", state: 0x70)
        let kb3 = ExampleHives.package("Package_for_KB5000003~31bf3856ad364e35~amd64~~20348.1.1.1", state: 0x40)
        var tombstone = RegfKey(kb1.name)
        tombstone.layerSemantics = 1
        let delta = RegfKey(
            "ROOT",
            subkeys: [
                RegfKey(
                    "Microsoft",
                    subkeys: [
                        RegfKey(
                            "Windows",
                            subkeys: [
                                RegfKey(
                                    "CurrentVersion",
                                    subkeys: [
                                        RegfKey(
                                            "Component Based Servicing",
                                            subkeys: [RegfKey("Packages", subkeys: [tombstone, kb3])])
                                    ])
                            ])
                    ])
            ])
        var fixture = WindowsImageFixture(layers: [baseLayer(software(packages: [kb1, kb2])), deltaLayer(delta)])
        fixture.osVersion = "10.0.20348.2227"
        let merged = try await inventory(fixture)
        #expect(Set(merged.packages.compactMap(\.kb)) == ["5000002", "5000003"])
        #expect(merged.presentKBs == ["5000002"])  // staged is not installed
        #expect(merged.packages.first { $0.kb == "5000003" }?.layer == 1)

        // A third layer with a full SOFTWARE hive replaces everything below it.
        fixture.layers.append(baseLayer(software(ubr: 9999)))
        fixture.comments.append("Apply image again")
        let replaced = try await inventory(fixture)
        #expect(replaced.profile.revision == 9999)
        #expect(replaced.softwareLayers == [2])
        #expect(replaced.packages.isEmpty)
    }

    /// Nano Server has no MSRC product: matched as Server Core, and the report must say so.
    @Test func nanoServerIsAnApproximation() async throws {
        let levels = RegfKey(
            "Windows NT",
            subkeys: [
                RegfKey(
                    "CurrentVersion",
                    subkeys: [RegfKey("Server", subkeys: [RegfKey("ServerLevels", values: [.dword("NanoServer", 1)])])])
            ])
        var root = software(type: "Nano Server")
        root.subkeys[0].subkeys[1].subkeys[0].subkeys = levels.subkeys[0].subkeys
        let profile = try await inventory(WindowsImageFixture(layers: [baseLayer(root)])).profile
        #expect(profile.isNanoServer)
        #expect(profile.msrcProduct?.id == "11924")
        #expect(profile.msrcProduct?.isApproximation == true)
        #expect(profile.msrcProduct?.reason?.contains("Nano Server") == true)
        #expect(profile.identification == .identified)
    }

    /// Every way an image can fail to be identified gives its own reason, never an empty answer.
    @Test func unidentifiedOutcomesAreDistinct() async throws {
        var noHive = TarBuilder()
        noHive.file("Files/Windows/notepad.exe", [1, 2, 3])
        let missing = try await inventory(WindowsImageFixture(layers: [noHive.build()])).profile
        guard case .unidentified(let reason) = missing.identification else {
            Issue.record("an image without SOFTWARE must be unidentified")
            return
        }
        #expect(reason.contains("no SOFTWARE hive"))
        #expect(missing.configOSVersion == "10.0.20348.4294")

        let unknown = try await inventory(WindowsImageFixture(layers: [baseLayer(software(build: "99999"))])).profile
        guard case .unidentified(let unknownReason) = unknown.identification else {
            Issue.record("an unknown build must be unidentified")
            return
        }
        #expect(unknownReason.contains("10.0.99999.2227"))
        #expect(unknown.msrcProduct == nil)

        let noCurrentVersion = try await inventory(WindowsImageFixture(layers: [baseLayer(RegfKey("ROOT"))])).profile
        guard case .unidentified(let keyReason) = noCurrentVersion.identification else {
            Issue.record("a hive without CurrentVersion must be unidentified")
            return
        }
        #expect(keyReason.contains("CurrentVersion"))
        #expect(Set([reason, unknownReason, keyReason]).count == 3)
    }

    /// The product table of DOMAIN.md §5.
    @Test(arguments: [
        (17763, "Server Core", false, "11572", false), (17763, "Server", false, "11571", false),
        (17763, "Nano Server", true, "11572", true), (20348, "Server Core", false, "11924", false),
        (20348, "Server", false, "11923", false), (20348, "Nano Server", true, "11924", true),
        (25398, "Server Core", false, "12244", false), (26100, "Server Core", false, "12437", false),
        (26100, "Server", false, "12436", false), (26100, "Nano Server", true, "12437", true),
        (19042, "Server Core", false, "11803", false),
    ])
    func productTable(build: Int, type: String, nano: Bool, id: String, approximate: Bool) {
        let product = MSRCProduct.forBuild(build, installationType: type, isNano: nano)
        #expect(product?.id == id)
        #expect(product?.isApproximation == approximate)
    }
}
