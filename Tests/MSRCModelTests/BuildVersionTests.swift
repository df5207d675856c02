import Foundation
import MSRCModel
import PropertyBased
import Testing

/// `FixedBuild` text → comparable versions.
@Suite("Build versions")
struct BuildVersionTests {
    @Test("Windows, .NET and other FixedBuild values")
    func forms() {
        #expect(BuildVersion("10.0.20348.1487").components == [10, 0, 20348, 1487])
        #expect(BuildVersion("10.0.20348.1487").build == 20348)
        #expect(BuildVersion("10.0.20348.1487").revision == 1487)
        #expect(BuildVersion("4.8.1.09294.01").components == [4, 8, 1, 9294, 1])
        #expect(BuildVersion("4.8.1.09294.01").rawValue == "4.8.1.09294.01")
        #expect(BuildVersion(" 10.0.17763.8276\n").components == [10, 0, 17763, 8276])
        for text in [
            "1.2.3-4.cm2", "https://aka.ms/OfficeSecurityReleases", "-", "", "1..2", ".1", "1.", "V2.0", "1 2",
        ] {
            #expect(!BuildVersion(text).isNumeric, "\(text)")
            #expect(BuildVersion(text).components.isEmpty)
        }
        #expect(BuildVersion("10.0.20348.2333") < BuildVersion("10.0.20348.2340"))
        #expect(BuildVersion("10.0.9999.1") < BuildVersion("10.0.20348.1"))
        #expect(BuildVersion("10.0") < BuildVersion("10.0.0"))
        #expect(BuildVersion("4.8.1.09294.01") != BuildVersion("4.8.1.9294.1"))
        #expect(BuildVersion("99.0") < BuildVersion("1.2.3-4"))
    }

    @Test("Codable keeps the text")
    func codable() throws {
        let versions = [BuildVersion("10.0.26100.32230"), BuildVersion("4.8.1.09294.01"), BuildVersion("1.2-3")]
        let encoded = try JSONEncoder().encode(versions)
        #expect(String(decoding: encoded, as: UTF8.self) == #"["10.0.26100.32230","4.8.1.09294.01","1.2-3"]"#)
        #expect(try JSONDecoder().decode([BuildVersion].self, from: encoded) == versions)
    }

    @Test("dotted numbers parse to their components")
    func parseProperty() async {
        await propertyCheck(input: Gen.int(in: 0...999_999).array(of: 1...6)) { numbers in
            let text = numbers.map(String.init).joined(separator: ".")
            #expect(BuildVersion(text).components == numbers.map(UInt64.init), "\(text)")
        }
    }

    @Test("ordering is the components' lexicographic order and agrees with ==")
    func orderProperty() async {
        await propertyCheck(input: Gen.int(in: 0...30).array(of: 1...4), Gen.int(in: 0...30).array(of: 1...4)) { a, b in
            let left = BuildVersion(a.map(String.init).joined(separator: "."))
            let right = BuildVersion(b.map(String.init).joined(separator: "."))
            #expect((left < right) == a.lexicographicallyPrecedes(b), "\(a) vs \(b)")
            let outcomes = [left < right, left == right, right < left].filter { $0 }
            #expect(outcomes.count == 1, "\(a) vs \(b)")
        }
    }
}
