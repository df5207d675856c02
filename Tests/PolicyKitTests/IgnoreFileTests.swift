import Foundation
import PolicyKit
import Testing

@Suite struct IgnoreFileTests {
    @Test func parsesIDsExpiriesCommentsAndBlankLines() throws {
        let text = """
            # Accepted findings for the app image.

            CVE-2026-0001
            cve-2026-0002 exp:2026-03-20
            \tKB5035857   # waiting for the March rollout
            CVE-2026-0003 exp:2026-04-01 # owned by secops\r
              # an indented comment
            """
        let file = try IgnoreFile(text: text, source: ".winscanignore")
        #expect(
            file.entries == [
                IgnoreFile.Entry(target: .cve("CVE-2026-0001"), expires: nil, reason: nil, line: 3),
                IgnoreFile.Entry(
                    target: .cve("CVE-2026-0002"), expires: CalendarDay("2026-03-20"), reason: nil, line: 4),
                IgnoreFile.Entry(
                    target: .kb(5_035_857), expires: nil, reason: "waiting for the March rollout", line: 5),
                IgnoreFile.Entry(
                    target: .cve("CVE-2026-0003"), expires: CalendarDay("2026-04-01"), reason: "owned by secops",
                    line: 6),
            ])
        #expect(
            file.suppressions.map(\.origin) == [
                ".winscanignore:3", ".winscanignore:4", ".winscanignore:5", ".winscanignore:6",
            ])
        #expect(file.suppressions.allSatisfy { $0.source == .ignoreFile })
    }

    @Test func emptyFileHasNoEntries() throws {
        #expect(try IgnoreFile(text: "").entries.isEmpty)
        #expect(try IgnoreFile(text: "\n# only comments\n\n").entries.isEmpty)
    }

    @Test(arguments: [
        ("CVE-2026-0001\nCVE-2026\n", 2, "\"CVE-2026\" is not a CVE or KB ID"),
        ("GHSA-xxxx-yyyy-zzzz", 1, "is not a CVE or KB ID"),
        ("5035857", 1, "\"5035857\" is not a CVE or KB ID"),
        ("\n\nCVE-2026-0001 exp:2026-02-30", 3, "the expiry must be a date exp:YYYY-MM-DD"),
        ("CVE-2026-0001 exp:26-01-01", 1, "the expiry must be a date"),
        ("# c\nCVE-2026-0001 expires:2026-01-01", 2, "unexpected \"expires:2026-01-01\" after CVE-2026-0001"),
        ("CVE-2026-0001 exp:2026-01-01 exp:2026-02-01", 1, "unexpected \"exp:2026-02-01\""),
        ("CVE-2026-0001 CVE-2026-0002", 1, "unexpected \"CVE-2026-0002\""),
    ])
    func badLinesNameTheLine(text: String, line: Int, message: String) {
        let error = #expect(throws: PolicyError.self) { try IgnoreFile(text: text, source: ".winscanignore") }
        #expect(error?.line == line)
        #expect(error?.description.hasPrefix(".winscanignore:\(line): ") == true)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    /// `exp:2026-03-20` still suppresses on the 20th (UTC) and no longer on the 21st.
    @Test(arguments: [
        (Fixture.date(2026, 3, 20, hour: 23, minute: 59, second: 59), PolicyEvaluation.Verdict.pass),
        (Fixture.date(2026, 3, 21), .fail),
    ])
    func expiryInEvaluation(now: Date, verdict: PolicyEvaluation.Verdict) throws {
        let file = try IgnoreFile(text: "CVE-2026-0001 exp:2026-03-20\n")
        let policy = try Policy(name: "p", rules: [PolicyRule(name: "r", action: .fail, minSeverity: .low)])
        let evaluation = PolicyEvaluator(policy: policy, vex: [], ignoreFiles: [file]).evaluate(
            Fixture.match([Fixture.finding()]), context: Fixture.context, now: now)
        #expect(evaluation.verdict == verdict)
        #expect(evaluation.expiredSuppressions.count == (verdict == .fail ? 1 : 0))
    }

    @Test func loadsFromAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("winscanignore-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "KB5035857\nnot-an-id\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: PolicyError.self) { try IgnoreFile.load(contentsOf: path) }
        #expect(error?.description.hasPrefix("\(path):2: ") == true)
        try "KB5035857\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try IgnoreFile.load(contentsOf: path).entries.map(\.target) == [.kb(5_035_857)])
    }
}
