import Foundation
import Testing
import TestSupport

/// `cmatch explain PLAN --bottlenecks` and `cmatch solve --bottlenecks` as a user runs them, on the example
/// scenario of the repository.
@Suite struct BottleneckCLITests {
    static let repo = Paths.repo

    @Test func explainBottlenecksTextAndJSON() throws {
        let scenario = Self.repo.appendingPathComponent("scenarios/tiny-lanes").path
        let scratch = try ScenarioFolder([:], defaults: false)
        let plan = scratch.scratch("tiny")
        let s = try CLI.run(["solve", scenario, "-o", plan, "--quiet", "--bottlenecks"])
        try #require(s.status == 0, "\(CLI.describe(s))")

        // summary.json has the section; plan.json does not.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan + "/summary.json"))) as! [String: Any]
        let section = try #require(summary["bottlenecks"] as? [String: Any])
        #expect((section["members"] as? [Any])?.isEmpty == false)
        let planDoc = try String(contentsOfFile: plan + "/plan.json", encoding: .utf8)
        #expect(!planDoc.contains("\"bottlenecks\""))

        let zh = try CLI.run(["explain", plan, "--bottlenecks"])
        #expect(zh.status == 0, "\(CLI.describe(zh))")
        #expect(zh.stdout.contains("瓶颈") && zh.stdout.contains("建议"))
        let en = try CLI.run(["explain", plan, "--bottlenecks", "--lang", "en", "--suggest", "3", "--time-limit", "30"])
        #expect(en.status == 0, "\(CLI.describe(en))")
        #expect(en.stdout.contains("Bottlenecks") && en.stdout.contains("Suggestions"))

        let js = try CLI.run(["explain", plan, "--bottlenecks", "--format", "json", "--suggest", "2"])
        #expect(js.status == 0, "\(CLI.describe(js))")
        let doc = try JSONSerialization.jsonObject(with: Data(js.stdout.utf8)) as! [String: Any]
        #expect((doc["tasks"] as? [Any])?.count == 4)
        let sug = try #require(doc["suggestions"] as? [String: Any])
        let best = try #require(sug["best"] as? [[String: Any]])
        #expect(best.count == 2)
        #expect((best.first?["gain"] as? Double ?? 0) > 0)
        let b = try #require(doc["bottlenecks"] as? [String: Any])
        #expect(b["method"] is String && b["range"] is String)

        // Without the flag, explain is what it was.
        let plain = try CLI.run(["explain", plan, "--format", "json"])
        let plainDoc = try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as! [String: Any]
        #expect(plainDoc["bottlenecks"] == nil)

        let bad = try CLI.run(["explain", plan, "--bottlenecks", "--suggest", "-1"])
        #expect(bad.status == 64)
    }
}
