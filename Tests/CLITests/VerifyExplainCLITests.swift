import Foundation
import Testing
import TestSupport

/// `cmatch verify` and `cmatch explain` as a user runs them: exit codes 0/1/65/66, the languages, the JSON form.
@Suite struct VerifyExplainCLITests {

    /// Solves the CLI fixture into a fresh plan folder.
    static func solved() throws -> (folder: ScenarioFolder, plan: String) {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let plan = folder.scratch("plan")
        let r = try CLI.run(["solve", folder.path, "-o", plan, "--quiet"])
        try #require(r.status == 0, "\(CLI.describe(r))")
        return (folder, plan)
    }

    @Test func verifyAcceptsThePlanSolveWrote() throws {
        let (folder, plan) = try Self.solved()
        let r = try CLI.run(["verify", folder.path, plan, "--lang", "en"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        #expect(r.stdout.contains("holds every hard rule"))
        // The recomputed levels agree with what solve reported.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan + "/summary.json"))) as! [String: Any]
        let levels = summary["levels"] as! [[String: Any]]
        let j = try CLI.run(["verify", folder.path, plan, "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as! [String: Any]
        #expect(doc["holds"] as? Bool == true)
        let mine = doc["levels"] as! [[String: Any]]
        for (a, b) in zip(levels, mine) {
            #expect(a["level"] as? String == b["level"] as? String)
            #expect(abs((a["value"] as! Double) - (b["value"] as! Double)) < 1e-3)
        }
    }

    /// The small example scenario of the repository, solved and verified as a user would.
    @Test func verifyAcceptsTheSolvedExampleScenario() throws {
        let repo = Paths.repo
        let scenario = repo.appendingPathComponent("scenarios/tiny-lanes").path
        let scratch = try ScenarioFolder([:], defaults: false)
        let plan = scratch.scratch("tiny")
        let s = try CLI.run(["solve", scenario, "-o", plan, "--quiet"])
        try #require(s.status == 0, "\(CLI.describe(s))")
        let r = try CLI.run(["verify", scenario, plan])
        #expect(r.status == 0, "\(CLI.describe(r))")
    }

    @Test func verifyInChineseByDefault() throws {
        let (folder, plan) = try Self.solved()
        let r = try CLI.run(["verify", folder.path, plan])
        #expect(r.status == 0 && r.stdout.contains("符合全部硬性规则"), "\(CLI.describe(r))")
    }

    @Test func verifyExits1OnAPlanEditedToBreakARule() throws {
        let (folder, plan) = try Self.solved()
        // M3 is free only at weekends and N5 wants plumbing: rules 1 and 3.
        let path = plan + "/assignments.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "need,N5,,M3,张伟,U2,C2,Wed-PM,2,0\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["verify", folder.path, plan, "--lang", "en"])
        #expect(r.status == 1, "\(CLI.describe(r))")
        #expect(r.stdout.contains("[rule 1] \(path):"), "\(CLI.describe(r))")
    }

    @Test func verifyExits65OnAMalformedPlanRow() throws {
        let (folder, plan) = try Self.solved()
        let path = plan + "/assignments.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "need,N5,,M3,张伟,U2,C2,Funday,2,0\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["verify", folder.path, plan])
        #expect(r.status == 65, "\(CLI.describe(r))")
        #expect(r.stderr.range(of: #"assignments\.csv:\d+:8: "#, options: .regularExpression) != nil, "\(CLI.describe(r))")
    }

    @Test func verifyExits66OnAMissingPlanOrScenario() throws {
        let (folder, plan) = try Self.solved()
        #expect(try CLI.run(["verify", folder.path, folder.scratch("nothing")]).status == 66)
        #expect(try CLI.run(["verify", folder.scratch("nothing"), plan]).status == 66)
    }

    @Test func explainUsesTheRecordedScenarioAndAgreesWithUnmetCSV() throws {
        // Keep the scenario folder alive: explain finds it through plan.json.
        let (folder, plan) = try Self.solved()
        defer { withExtendedLifetime(folder) {} }
        let r = try CLI.run(["explain", plan, "--format", "json", "--lang", "en"])
        try #require(r.status == 0, "\(CLI.describe(r))")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let tasks = doc["tasks"] as! [[String: Any]]
        let unmet = try String(contentsOfFile: plan + "/unmet.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(tasks.count == unmet.count)
        for line in unmet {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let mine = tasks.first { $0["task_id"] as? String == cells[1] }
            #expect(mine?["reason_code"] as? String == cells[5], "\(cells[1]): \(String(describing: mine))")
        }
    }

    @Test func explainANamedTaskAndUnknownNames() throws {
        let (folder, plan) = try Self.solved()
        let r = try CLI.run(["explain", plan, "N5", "--scenario", folder.path, "--lang", "en"])
        #expect(r.status == 0 && r.stdout.hasPrefix("need N5"), "\(CLI.describe(r))")
        #expect(try CLI.run(["explain", plan, "N99"]).status == 64)
    }

    @Test func explainWithoutAScenarioExits66() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let plan = folder.scratch("handmade")
        try FileManager.default.createDirectory(atPath: plan, withIntermediateDirectories: true)
        try "task_kind,task_id,member_id,slot\n".write(toFile: plan + "/assignments.csv", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["explain", plan]).status == 66)
        let r = try CLI.run(["explain", plan, "--scenario", folder.path, "--lang", "en"])
        #expect(r.status == 0 && r.stdout.contains(": unmet — "), "\(CLI.describe(r))")
    }
}
