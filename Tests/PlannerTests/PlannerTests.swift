import CommunityMatch
import Foundation
import Ledger
import PlanIO
import Planner
import Planning
import ScenarioIO
import TestSupport
import Testing

/// The library's one entry point: each operation returns a typed outcome or a `PlannerError` with the exit
/// code SPEC.md gives it, and what the command line writes is what the Planner writes.
@Suite struct PlannerTests {
    static let tiny = Paths.scenario("tiny-lanes").path
    let planner = Planner()

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("planner-\(name)-\(UUID().uuidString)").path
    }

    /// Solves tiny-lanes and writes its plan folder; returns the scenario and the folder.
    func solvedTiny() throws -> (scenario: Scenario, plan: Plan, folder: String) {
        let s = try planner.load(Self.tiny).scenario
        let plan = try planner.solve(s)
        let folder = temporary("plan")
        try planner.write(planner.planWriter(s, plan: plan, output: folder, scenarioFolder: Self.tiny), to: folder)
        return (s, plan, folder)
    }

    @Test func aSolvedWeekIsWrittenReadBackAndHoldsEveryRule() throws {
        let (s, plan, folder) = try solvedTiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(violations(of: plan, in: s).isEmpty, "the independent checker finds a broken rule")
        let read = try planner.readPlanFolder(folder, scenario: s)
        let verification = planner.verify(s, plan: read)
        #expect(verification.holds, "\(verification.lines(plan: folder, .en))")
        // The levels the verifier recomputes from the written files are the solver's.
        for level in plan.levels {
            let recomputed = try #require(verification.levels.first { $0.level == level.level }?.value)
            #expect(abs(recomputed - level.value) <= 1e-6 * max(1, abs(level.value)), "\(level.level)")
        }
        // tiny-lanes' README derives the coverage optimum by hand: 6,750, with every pledge met.
        #expect(plan.levels.first { $0.level == .coverage }?.value == 6750)
        #expect(plan.levels.first { $0.level == .pledges }?.value == 0)
    }

    @Test func theCommandLineWritesTheFilesThePlannerWrites() throws {
        let (_, _, folder) = try solvedTiny()
        let cliFolder = temporary("cli")
        defer { for f in [folder, cliFolder] { try? FileManager.default.removeItem(atPath: f) } }
        let r = try CLI.run(["solve", Self.tiny, "-o", cliFolder, "--quiet"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        let names = CLI.contents(folder)
        #expect(names == CLI.contents(cliFolder))
        // summary.json alone holds timings; the scenario folder is recorded relative to each plan folder,
        // and both are temporary siblings, so every other file must be byte-identical.
        for name in names where name != "summary.json" {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: cliFolder + "/" + name))
            #expect(a == b, "\(name) differs between the Planner and cmatch solve")
        }
    }

    @Test func badListsComeBackAsEveryProblemWithExit65() throws {
        let folder = try ScenarioFolder(["needs.csv": "id,community,hours,slots\nN1,C1,abc,Sat-AM\nN2,C9,2,Sat-AM\n"])
        do {
            _ = try planner.load(folder.path)
            Issue.record("a needs file with a bad hours cell loaded")
        } catch let e as PlannerError {
            #expect(e.exitCode == 65)
            let lines = e.lines(.en)
            #expect(lines.contains { $0.contains("needs.csv:2:") }, "\(lines)")
            #expect(lines.contains { $0.contains("needs.csv:3:") }, "\(lines)")
        }
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let folder = try ScenarioFolder(["members.csv": "id,name,unit,community,skills,slots,max_hours,shoe_size\nM1,Li Ming,U1,C1,,Sat-AM,4,42\n"])
        let loaded = try planner.load(folder.path)
        #expect(!loaded.warnings.isEmpty, "an unknown column is a warning")
        #expect(throws: PlannerError.self) { try planner.load(folder.path, strict: true) }
        do { _ = try planner.load(folder.path, strict: true) } catch let e as PlannerError {
            #expect(e.exitCode == 65)
            #expect(e.lines(.en).contains { $0.contains("shoe_size") })
        }
    }

    @Test func aPlanWithoutARecordedScenarioIsExit66() throws {
        let missing = temporary("nothing")
        do {
            _ = try planner.scenarioFolder(ofPlan: missing, given: nil)
            Issue.record("a missing plan folder gave a scenario")
        } catch let e as PlannerError {
            #expect(e.exitCode == 66)
        }
        #expect(try planner.scenarioFolder(ofPlan: missing, given: "x") == "x")
    }

    @Test func explainNamesEveryUnmetTaskAndRefusesUnknownOnes() throws {
        let (s, plan, folder) = try solvedTiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let read = try planner.readPlanFolder(folder, scenario: s)
        let explanation = try planner.explain(s, plan: read)
        #expect(Set(explanation.certificates.map(\.task)) == Set(plan.unmet.map(\.task)))
        // Each unmet task's reason is the one the README derives by hand.
        let reasons = Dictionary(uniqueKeysWithValues: explanation.certificates.map { ($0.task.id, $0.code?.rawValue ?? "") })
        #expect(reasons == ["N05": "no_skill", "N06": "no_one_in_reach", "N07": "no_slot", "N08": "outcompeted"])
        do {
            _ = try planner.resolveTask("N99", in: s, scenarioFolder: Self.tiny)
            Issue.record("an unknown task resolved")
        } catch let e as PlannerError {
            #expect(e.exitCode == 64)
        }
        #expect(try planner.resolveTask("need:N02", in: s, scenarioFolder: Self.tiny) == TaskRef(.need, "N02"))
    }

    @Test func replanDropsAMemberKeepsTheRestAndSaysWhatChanged() throws {
        let (s, plan, folder) = try solvedTiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let read = try planner.readPlanFolder(folder, scenario: s)
        let serving = try #require(plan.assignments.map(\.member).sorted().first)
        let week = try planner.replanWeek(s, request: ReplanRequest(droppedMembers: [serving]), scenarioFolder: Self.tiny)
        let outcome = try planner.replan(week, old: read.plan)
        #expect(!outcome.plan.assignments.contains { $0.member == serving })
        #expect(violations(of: outcome.plan, in: week.changed).isEmpty)
        let files = planner.replanFiles(outcome, output: folder + "-new", fromPlan: folder, scenarioFolder: Self.tiny, language: .en)
        let changes = try #require(files.first { $0.name == "changes.csv" })
        #expect(String(decoding: changes.data, as: UTF8.self).contains(serving))
        do {
            _ = try planner.replanWeek(s, request: ReplanRequest(droppedMembers: ["M99"]), scenarioFolder: Self.tiny)
            Issue.record("an unknown member was dropped")
        } catch let e as PlannerError {
            #expect(e.exitCode == 65)
            #expect(e.lines(.en).first?.contains("M99") == true)
        }
    }

    @Test func everyExportFormatIsMadeFromThePlanFolder() throws {
        let (_, plan, folder) = try solvedTiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func file(_ format: ExportFormat) throws -> Data {
            let e = try planner.export(plan: folder, ExportRequest(format: format, language: .en))
            #expect(!e.scenarioChanged)
            guard case .file(let data) = e.output else { Issue.record("\(format) gave a folder"); return Data() }
            return data
        }
        #expect(try file(.xlsx).prefix(2) == Data("PK".utf8))
        let json = try JSONSerialization.jsonObject(with: try file(.json)) as? [String: Any]
        #expect(json?["format"] as? String == "cmatch-export/1")
        let ics = String(decoding: try file(.ics), as: UTF8.self)
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == plan.assignments.count)
        #expect(String(decoding: try file(.html), as: UTF8.self).contains("<html"))
        let csv = try planner.export(plan: folder, ExportRequest(format: .csv, language: .en))
        guard case .folder(let files) = csv.output else { Issue.record("csv gave one file"); return }
        #expect(files.map(\.name).sorted() == ["assignments.csv", "resources.csv", "summary.csv", "units.csv", "unmet.csv"])
    }

    @Test func acceptingTwiceChangesNothingAndTheTimeBankAddsUp() throws {
        let (_, plan, folder) = try solvedTiny()
        let ledger = temporary("ledger") + ".sqlite"
        defer { for f in [folder, ledger] { try? FileManager.default.removeItem(atPath: f) } }
        #expect(try planner.accept(plan: folder, ledger: ledger, replace: false).outcome == .recorded)
        #expect(try planner.accept(plan: folder, ledger: ledger, replace: false).outcome == .alreadyRecorded)
        let bank = try planner.timeBank(ledger: ledger, by: .week)
        let total = bank.memberTotals.map(\.hours).reduce(0, +)
        #expect(abs(total - plan.assignments.map(\.hours).reduce(0, +)) < 1e-9)
        do {
            _ = try planner.timeBank(ledger: temporary("no-ledger"), by: .week)
            Issue.record("a missing ledger was read")
        } catch let e as PlannerError {
            #expect(e.exitCode == 66)
        }
    }

    @Test func compareReadsEveryPlanAndRefusesAMissingOne() throws {
        let (_, _, folder) = try solvedTiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let comparison = try planner.compare([folder, folder], language: .en)
        #expect(comparison.csv().contains("6750"))
        do {
            _ = try planner.compare([folder, temporary("none")], language: .en)
            Issue.record("a missing plan was compared")
        } catch let e as PlannerError {
            #expect(e.exitCode == 66)
        }
    }
}
