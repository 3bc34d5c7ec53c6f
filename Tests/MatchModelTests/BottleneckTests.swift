import CommunityMatch
import Foundation
import GLPKSolver
import MatchModel
import ScenarioIO
import Testing
import TestSupport

/// The bottleneck report (LP duals of the coverage relaxation, checked by re-solves) and the suggestions
/// (changes measured by solving the MIP again). Geography: C2 is 2.2 km north of C1 (29 minutes on foot),
/// beyond the 15-minute circle, so a member or resource in C2 cannot serve C1.
@Suite struct BottleneckTests {
    static let base: [String: String?] = [
        "communities.csv": "id,name,lat,lon\nC1,Nanguan,39.9000,116.4000\nC2,Beiguan,39.9200,116.4000\n",
        "units.csv": "id,name,pledge_hours\nU1,City Hospital,0\n",
    ]

    static func load(_ files: [String: String?]) throws -> Scenario {
        var all = base
        for (k, v) in files { all[k] = v }
        let folder = try ScenarioFolder(all)
        return try ScenarioLoader.load(folder: folder.path).scenario
    }

    static let analysis = BottleneckAnalysis(solver: GLPKSolver())

    /// One doctor in C1 on Saturday morning, two medical needs there then: the second is outcompeted, and one
    /// more doctor in C1 free on Sat-AM is worth exactly the second need's value (300, priority 2). Tutoring in
    /// C2 is fully served and must not rank.
    @Test func oneSkillInOneCommunityAndSlotRanksFirst() throws {
        let s = try Self.load([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,medical,Sat-AM\nM2,U1,C2,tutoring,Sat-AM|Sun-AM\n",
            "needs.csv": "id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2,C1,2,Sat-AM,medical,2\nN3,C2,2,Sun-AM,tutoring,3\n",
        ])
        let report = try Self.analysis.report(s)
        let first = try #require(report.members.first)
        #expect(first.skills == ["medical"])
        #expect(first.community == "C1")
        #expect(first.slot == Slot(day: 5, period: 0))
        #expect(first.rankValue > 0)
        #expect(abs((first.marginal ?? 0) - 300) < 1e-6)
        #expect(abs(first.perHour - 150) < 1e-6)
        #expect(!report.members.contains { $0.skills == ["tutoring"] })
        // The suggestion measured by re-solving gives the same value.
        let plan = try Matcher(solver: GLPKSolver()).solve(s)
        let cands = Self.analysis.candidates(s, report: report, unmet: plan.unmet)
        let result = try Self.analysis.suggestions(s, candidates: cands)
        let best = try #require(result.best.first)
        #expect(best.change == .recruit(skills: ["medical"], community: "C1", slot: Slot(day: 5, period: 0)))
        #expect(abs(best.gain - 300) < 1e-6)
    }

    /// Plenty of members, two escorts needing a vehicle in the same slot, one van: the vehicle is the
    /// bottleneck in C1, and no member adds anything.
    @Test func missingVehicleIsTheBottleneck() throws {
        let s = try Self.load([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\nM2,U1,C1,,Sat-AM\nM3,U1,C1,,Sat-AM\n",
            "resources.csv": "id,unit,kind,community,slots\nR1,U1,vehicle,C1,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,priority,resources\nN1,C1,3,Sat-AM,1,vehicle\nN2,C1,3,Sat-AM,3,vehicle\n",
        ])
        let report = try Self.analysis.report(s)
        let first = try #require(report.resources.first)
        #expect(first.requirement.kind == "vehicle")
        #expect(first.community == "C1")
        #expect(abs(first.rankValue - 100) < 1e-6)
        #expect(report.members.allSatisfy { $0.rankValue < first.rankValue })
        let plan = try Matcher(solver: GLPKSolver()).solve(s)
        let result = try Self.analysis.suggestions(s, candidates: Self.analysis.candidates(s, report: report, unmet: plan.unmet))
        let best = try #require(result.best.first)
        guard case .lend(let q, let c) = best.change else { Issue.record("best is \(best.change)"); return }
        #expect(q.kind == "vehicle" && c == "C1")
        #expect(abs(best.gain - 100) < 1e-6)
    }

    /// No vehicle anywhere: the escort has no viable slot, hence no row and no dual; the re-solve prices the
    /// vehicle, and lending one is the measured best change.
    @Test func noVehicleAtAllIsFoundByResolving() throws {
        let s = try Self.load([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,priority,vulnerable,resources\nN1,C1,3,Sat-AM,2,yes,vehicle\n",
        ])
        let report = try Self.analysis.report(s)
        let first = try #require(report.resources.first)
        #expect(first.requirement.kind == "vehicle" && first.community == "C1")
        #expect(first.dualPrice == nil)
        #expect(abs(first.rankValue - 450) < 1e-6)
        #expect(report.members.isEmpty)
        let plan = try Matcher(solver: GLPKSolver()).solve(s)
        let result = try Self.analysis.suggestions(s, candidates: Self.analysis.candidates(s, report: report, unmet: plan.unmet))
        #expect(result.best.count == 1)
        #expect(result.best.first?.change == .lend(requirement: ResourceRequirement(kind: "vehicle"), community: "C1"))
        #expect(abs((result.best.first?.gain ?? 0) - 450) < 1e-6)
    }

    /// A need no one could serve (no viable slot, so no row and no dual): the re-solve still prices it.
    @Test func taskWithoutColumnsIsPricedByResolving() throws {
        let s = try Self.load([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,skills,priority\nN1,C1,2,Sun-AM,legal,3\n",
        ])
        let report = try Self.analysis.report(s)
        let first = try #require(report.members.first)
        #expect(first.skills == ["legal"] && first.community == "C1")
        #expect(first.dualPrice == nil)
        #expect(abs((first.marginal ?? 0) - 100) < 1e-6)
    }

    @Test func lpDualsFollowTheObjectivesSense() throws {
        // max x + 2y, x + y <= 1: dual 2 on the row. As a minimisation of -(x + 2y): dual -2.
        var m = LinearModel(name: "d")
        let x = m.addVariable("x", .continuous, upper: 10), y = m.addVariable("y", .continuous, upper: 10)
        m.addConstraint("r", [.init(x, 1), .init(y, 1)], upper: 1)
        m.objective = .init(name: "o", sense: .maximize, terms: [.init(x, 1), .init(y, 2)])
        let r = try GLPKSolver().solve(m, options: SolveOptions())
        #expect(r.duals.map { abs($0[0] - 2) < 1e-9 } == true)
        m.objective = .init(name: "o", sense: .minimize, terms: [.init(x, -1), .init(y, -2)])
        let r2 = try GLPKSolver().solve(m, options: SolveOptions())
        #expect(r2.duals.map { abs($0[0] + 2) < 1e-9 } == true)
        // A MIP has no duals.
        m.variables[0].kind = .binary; m.variables[0].upper = 1
        #expect(try GLPKSolver().solve(m, options: SolveOptions()).duals == nil)
    }

    /// For the top suggestions on scenarios/tiny-lanes, the reported gain equals the gain of applying the
    /// change by hand to a copy of the CSV files and solving again.
    @Test func tinyLanesSuggestionsReapplied() throws {
        let repo = Paths.repo
        let folder = repo.appendingPathComponent("scenarios/tiny-lanes")
        let s = try ScenarioLoader.load(folder: folder.path).scenario
        let matcher = Matcher(solver: GLPKSolver())
        let plan = try matcher.solve(s)
        let report = try Self.analysis.report(s, unmet: plan.unmet.map(\.task))
        let cands = Self.analysis.candidates(s, report: report, unmet: plan.unmet)
        let result = try Self.analysis.suggestions(s, candidates: cands)
        #expect(!result.best.isEmpty)
        let base = BottleneckAnalysis.coverageValue(plan, s)
        #expect(abs(base - result.baseCoverage) < 1e-9)
        for sug in result.best.prefix(3) {
            var files: [String: String?] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasSuffix(".md") {
                files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
            let cal = s.settings.calendar
            switch sug.change {
            case .recruit(let skills, let community, let slot):
                files["units.csv"] = files["units.csv"]!! + "UX,x,企业,0,\n"
                files["members.csv"] = files["members.csv"]!! + "MX,x,UX,\(community),\(skills.joined(separator: "|")),\(cal.label(slot)),4,\n"
            case .lend(let q, let community):
                files["units.csv"] = files["units.csv"]!! + "UX,x,企业,0,\n"
                let cap = q.minCapacity.map { String(Int($0)) } ?? ""
                let qty = q.amount.map { String($0) } ?? ""
                files["resources.csv"] = files["resources.csv"]!! + "RX,UX,\(q.kind),x,\(community),\(cap),,\(qty),\(q.tag ?? "")\n"
            case .widen(let category, let minutes):
                let lines = files["needs.csv"]!!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                files["needs.csv"] = lines.enumerated().map { i, line in
                    guard i > 0, !line.isEmpty else { return line }
                    var cells = line.components(separatedBy: ",")
                    if cells[2].lowercased() == category, minutes > Double(cells[12]) ?? s.settings.maxTravel { cells[12] = String(Int(minutes)) }
                    return cells.joined(separator: ",")
                }.joined(separator: "\n")
            }
            let copy = try ScenarioFolder(files, defaults: false)
            let changed = try ScenarioLoader.load(folder: copy.path).scenario
            let again = try matcher.solve(changed)
            #expect(again.status == .optimal)
            let gain = BottleneckAnalysis.coverageValue(again, changed) - base
            #expect(abs(gain - sug.gain) < 1e-6, "\(sug.change): reported \(sug.gain), re-applied \(gain)")
        }
    }

    /// A widen suggestion found on a need with a tight limit of its own (8 minutes) names fewer minutes (10)
    /// than the service circle (15). Applied, it must not narrow the category's other needs: one without its own
    /// max_travel keeps the circle, one with 20 keeps 20, and the tight one gets 10. Before the fix the first
    /// was set to 10, which took a member 12 minutes away out of its reach.
    @Test func wideningNeverNarrowsACategorysLimits() throws {
        let s = try Self.load([
            "members.csv": "id,name,unit,community,slots\nM1,A,U1,C1,Sat-AM\n",
            "needs.csv": """
                id,community,category,hours,slots,max_travel
                N1,C1,visit,1,Sat-AM,8
                N2,C1,visit,1,Sat-AM,
                N3,C1,visit,1,Sat-AM,20
                N4,C1,repair,1,Sat-AM,

                """,
        ])
        #expect(s.settings.maxTravel == 15)
        let widened = BottleneckChange.widen(category: "visit", minutes: 10).applied(to: s)
        let limits = widened.needs.map { $0.maxTravel ?? widened.settings.maxTravel }
        #expect(limits == [10, 15, 20, 15], "effective limits after widening to 10 minutes: \(limits)")
        let further = BottleneckChange.widen(category: "visit", minutes: 25).applied(to: s)
        #expect(further.needs.map { $0.maxTravel ?? further.settings.maxTravel } == [25, 25, 25, 15])
    }
}
