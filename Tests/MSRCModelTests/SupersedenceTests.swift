import Foundation
import MSRCModel
import PropertyBased
import Testing

/// `Supercedence` text → KB numbers, for every spelling seen in the real data.
@Suite("Supersedence")
struct SupersedenceTests {
    @Test(
        "observed forms",
        arguments: [
            ("5021249", [5_021_249]),
            ("5021249, 5021250", [5_021_249, 5_021_250]),
            ("5021249; 5021250; 5021251", [5_021_249, 5_021_250, 5_021_251]),
            ("5021249,5021250", [5_021_249, 5_021_250]),
            ("MS16-016, 3124280", [3_124_280]),
            ("MS16-016, 3124280; MS16-017, 3124281", [3_124_280, 3_124_281]),
            ("MS16-016", []),
            ("5021249<br><br>5021250", [5_021_249, 5_021_250]),
            ("5021249, 5021250\n", [5_021_249, 5_021_250]),
            ("5021249 ", [5_021_249]),
            ("KB5021249", [5_021_249]),
            ("None", []),
            ("1.2.3", []),
            ("0", []),
            ("5021249, 5021249", [5_021_249]),
            ("", []),
            ("99999999999", []),
        ])
    func forms(_ text: String, _ kbs: [Int]) {
        let supersedence = Supersedence(text)
        #expect(supersedence.rawValue == text)
        #expect(supersedence.kbs == kbs)
    }

    /// The separators and noise tokens the generator mixes between KB numbers.
    static let separators = [", ", "; ", ",", ";", " ", "<br><br>", "\n", " ; "]
    static let noise = ["MS16-016", "MS08-067", "None", "n/a", "4.8.1"]

    @Test("KB lists survive every separator and bulletin IDs are dropped")
    func property() async {
        await propertyCheck(
            input: Gen.int(in: 1...99_999_999).array(of: 0...6),
            Gen.int(in: 0...(SupersedenceTests.separators.count - 1)),
            Gen.int(in: 0...(SupersedenceTests.noise.count - 1)), Gen.int(in: 0...7)
        ) { kbs, separatorIndex, noiseIndex, noisePosition in
            let separator = SupersedenceTests.separators[separatorIndex]
            let noise = SupersedenceTests.noise[noiseIndex]
            var tokens = kbs.map { String($0) }
            tokens.insert(noise, at: min(noisePosition, tokens.count))
            let text = tokens.joined(separator: separator)
            var expected: [Int] = []
            for kb in kbs where !expected.contains(kb) { expected.append(kb) }
            #expect(Supersedence(text).kbs == expected, "\(text)")
        }
    }
}
