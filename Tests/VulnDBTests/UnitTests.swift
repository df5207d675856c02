import Foundation
import TestSupport
import Testing

@testable import VulnDB

/// The small pieces: product keys, the default location, zstd, cache file names.
@Suite("Pieces")
struct UnitTests {
    @Test(
        "compound product IDs split into component and platform",
        arguments: [
            ("12079-11923", "12079", "11923"), ("2472-10483", "2472", "10483"), ("11923", nil, nil),
            ("msrc_CVE-2025-29795/1", nil, nil), ("-11923", nil, nil), ("12079-", nil, nil), ("a-b", nil, nil),
        ] as [(String, String?, String?)])
    func productKeys(id: String, component: String?, platform: String?) {
        #expect(ProductKey.compoundComponent(of: id) == component)
        #expect(ProductKey.compoundPlatform(of: id) == platform)
        #expect(ProductKey.platform(of: id) == (platform ?? id))
    }

    @Test("the database location: --db, then $WINSCAN_DB, then the XDG data folder")
    func location() {
        #expect(DatabaseLocation.resolve(explicit: "/x.sqlite", environment: ["WINSCAN_DB": "/y"]) == "/x.sqlite")
        #expect(DatabaseLocation.resolve(environment: ["WINSCAN_DB": "/y.sqlite", "HOME": "/h"]) == "/y.sqlite")
        #expect(
            DatabaseLocation.resolve(environment: ["XDG_DATA_HOME": "/data/", "HOME": "/h"])
                == "/data/winscan/msrc.sqlite")
        #expect(
            DatabaseLocation.resolve(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"])
                == "/home/u/.local/share/winscan/msrc.sqlite")
        #expect(
            DatabaseLocation.resolve(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/winscan/msrc.sqlite")
    }

    @Test("zstd round trip, several frames, truncation at every length")
    func zstd() throws {
        let text = Array(String(repeating: "<cvrf:cvrfdoc>MSRC</cvrf:cvrfdoc>\n", count: 5000).utf8)
        let compressed = try Zstd.compress(text)
        #expect(try Zstd.decompress(compressed, origin: "x") == text)
        #expect(try Zstd.decompress(Compression.zstd(text) + Compression.zstd(text), origin: "x") == text + text)
        for length in stride(from: 0, to: compressed.count, by: max(1, compressed.count / 25)) {
            #expect(throws: VulnDBError.self) { try Zstd.decompress(Array(compressed.prefix(length)), origin: "x") }
        }
    }

    @Test("cache file names never leave the cache folder")
    func cacheNames() {
        #expect(UpdateCache.fileName("2024-Mar") == "2024-Mar")
        #expect(UpdateCache.fileName("../../etc/passwd") == "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd")
        #expect(UpdateCache.fileName("") == "%")
        #expect(DatabaseUpdater.documentURL(base: "http://h", id: "2017-May-B") == "http://h/cvrf/v3.0/cvrf/2017-May-B")
        #expect(DatabaseUpdater.documentURL(base: "http://h", id: "a/b") == "http://h/cvrf/v3.0/cvrf/a%2Fb")
    }

    @Test("the supersedence graph's transitive closure stops at cycles")
    func supersedenceClosure() {
        let graph = SupersedenceGraph(edges: [3: [2], 2: [1, 3], 1: []])
        #expect(graph.supersededTransitively(by: 3) == [1, 2])
        #expect(graph.edgeCount == 3)
        #expect(graph.superseded(by: 9).isEmpty)
    }
}
