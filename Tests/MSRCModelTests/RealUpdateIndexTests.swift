import Foundation
import MSRCModel
import Testing

/// The real `/updates` index.
@Suite("Real updates index", .enabled(if: RealData.isAvailable, RealData.skipReason))
struct RealUpdateIndexTests {
    @Test("190 entries, with Mariner and odd IDs")
    func index() throws {
        let index = try UpdateIndex(decoding: try RealData.file("cvrf-xml/updates-index.json"))
        #expect(index.updates.count == 190)
        #expect(Set(index.updates.map(\.id)).count == 190)
        let mariner = try #require(index.update(id: "1999-Sep"))
        #expect(mariner.documentTitle == "Mariner Release Notes")
        #expect(mariner.severity == nil)
        #expect(mariner.initialReleaseDate == ISO8601DateFormatter().date(from: "1999-09-02T00:00:00Z"))
        #expect(mariner.currentReleaseDate == ISO8601DateFormatter().date(from: "2025-10-01T23:10:48Z"))
        #expect(mariner.cvrfURL == "https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/1999-Sep")
        let mayB = try #require(index.update(id: "2017-May-B"))
        #expect(mayB.documentTitle == "May 8 2017 Security Updates")
        #expect(index.update(id: "2018-FEB") != nil)
        // Every entry names a document of the folder.
        #expect(Set(index.updates.map(\.id)) == Set(try RealData.cvrfXMLIDs()))
    }
}
