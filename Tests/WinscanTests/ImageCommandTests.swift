import Foundation
import TestSupport
import Testing

/// `winscan image inspect`, run as a user would.
@Suite("winscan image", requiresWinscan)
struct ImageCommandTests {
    /// The fixture image's layers, files and comments, as JSON and as text.
    @Test func inspectListsLayersAndSelectedFiles() throws {
        let folder = try TemporaryFolder()
        let archive = try folder.write("image.tar", WindowsImageFixture.servercore().dockerArchive())
        let json = try WinscanProcess.run(["image", "inspect", "--json", "docker-archive:" + archive])
        #expect(json.status == 0, "\(json.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 2)
        #expect(
            layers.map { $0["comment"] as? String } == [
                "Apply image 10.0.20348.4294", "Install update 10.0.20348.5499",
            ])
        let files = (layers[1]["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(files?.contains("Hives/Software_Delta") == true)
        #expect((object["platform"] as? [String: Any])?["osVersion"] as? String == "10.0.20348.4294")

        let text = try WinscanProcess.run(["image", "inspect", archive])
        #expect(text.status == 0)
        #expect(text.output.contains("Files/Windows/System32/config/SOFTWARE"))
        #expect(!text.output.contains("UtilityVM"))
    }

    /// Broken images: one line on stderr, exit 2.
    @Test func brokenImagesExitTwo() throws {
        let folder = try TemporaryFolder()
        let archive = WindowsImageFixture.servercore().dockerArchive()
        let truncated = try folder.write("truncated.tar", Array(archive.prefix(archive.count / 2)))
        let garbage = try folder.write("garbage.tar", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 29) })
        for arguments in [
            ["image", "inspect", truncated], ["image", "inspect", garbage],
            ["image", "inspect", folder.url.path + "/missing.tar"], ["image", "inspect", "oci-dir:" + folder.url.path],
        ] {
            let result = try WinscanProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.error)")
        }
    }
}
