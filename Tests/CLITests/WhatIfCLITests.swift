import Foundation
import Testing
import TestSupport

/// `cmatch scenario show` and `cmatch compare` run as a planner runs them, on the repository's what-if set
/// and on a tiny overlay solved end to end.
@Suite struct WhatIfCLITests {

    static let repo = Paths.repo

    static func hash(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("scenario_hash: ") }.map { String($0.dropFirst(15)) }
    }

    @Test(arguments: [
        ("whatif-hospital-withdraws", ["removed unit U013 with its 23 members and 2 resources", "members: 377", "units: 39"]),
        ("whatif-elderly-plus30", ["scaled needs of category elderly-care by 1.3: 285 → 371", "needs: 686 (elderly-care 371,"]),
        ("whatif-50-new-members", ["added 50 members from new-members.csv", "members: 450"]),
    ])
    func theRepositoryWhatIfsResolve(folder: String, lines: [String]) throws {
        let r = try CLI.run(["scenario", "show", Self.repo.appendingPathComponent("scenarios/\(folder)").path, "--quiet", "--lang", "en"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        for l in lines { #expect(r.stdout.contains(l), "\(l)\n\(r.stdout)") }
        let base = try CLI.run(["scenario", "show", Self.repo.appendingPathComponent("scenarios/nanguan-street").path, "--quiet", "--lang", "en"])
        #expect(Self.hash(r.stdout) != nil && Self.hash(r.stdout) != Self.hash(base.stdout))
    }

    @Test func planRecordsTheHashAndCompareReadsThem() throws {
        let base = try ScenarioFolder()
        let overlay = try ScenarioFolder([
            "scenario.yaml": "extends: \(base.path)\nadd:\n  members: more.csv\n",
            "more.csv": "id,unit,community,slots\nM2,U1,C1,Sat-AM\n",
        ], defaults: false)
        let planA = base.scratch("a"), planB = base.scratch("b")
        for (s, p) in [(base.path, planA), (overlay.path, planB)] {
            let r = try CLI.run(["solve", s, "-o", p, "--quiet"])
            try #require(r.status == 0, "\(CLI.describe(r))")
        }
        let show = try CLI.run(["scenario", "show", overlay.path, "--lang", "en"])
        let h = try #require(Self.hash(show.stdout))
        let summary = try String(contentsOfFile: planB + "/summary.json", encoding: .utf8)
        #expect(summary.contains("\"scenario_hash\": \"\(h)\""))
        let plan = try String(contentsOfFile: planB + "/plan.json", encoding: .utf8)
        #expect(plan.contains("\"scenario_hash\": \"\(h)\""))

        let t = try CLI.run(["compare", planA, planB, "--lang", "en"])
        #expect(t.status == 0, "\(CLI.describe(t))")
        #expect(t.stdout.contains("members serving"))
        #expect(t.stdout.contains("churn vs first: added"))
        for format in ["csv", "json", "md"] {
            let r = try CLI.run(["compare", planA, planB + "/plan.json", "--format", format])
            #expect(r.status == 0, "\(CLI.describe(r))")
        }
    }

    @Test func compareExitCodes() throws {
        let scratch = try ScenarioFolder(["bad.json": #"{"format": "cmatch-plan/1"}"#], defaults: false)
        let missing = try CLI.run(["compare", scratch.file("nope"), scratch.file("nope2")])
        #expect(missing.status == 66, "\(CLI.describe(missing))")
        let scenario = try ScenarioFolder()
        let r = try CLI.run(["solve", scenario.path, "-o", scratch.scratch("p"), "--quiet"])
        try #require(r.status == 0)
        let malformed = try CLI.run(["compare", scratch.scratch("p"), scratch.file("bad.json")])
        #expect(malformed.status == 65, "\(CLI.describe(malformed))")
        #expect(malformed.stderr.contains("'summary' must be an object"))
        let one = try CLI.run(["compare", scratch.scratch("p")])
        #expect(one.status == 64)
    }

    @Test func anOverlayErrorExits65AtTheOverlayLine() throws {
        let base = try ScenarioFolder()
        let overlay = try ScenarioFolder(["scenario.yaml": "extends: \(base.path)\nremove:\n  needs: [N9]\n"], defaults: false)
        let r = try CLI.run(["scenario", "show", overlay.path, "--lang", "en"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("scenario.yaml:3:11: cannot remove needs 'N9'"), "\(CLI.describe(r))")
    }
}
