import CommunityMatch
import Foundation
import GLPKSolver
import MatchModel
import Testing

/// Random scenarios solved by the real matcher and GLPK, every plan checked against SPEC's hard rules by an
/// independent checker. A failure names its seed: `RandomScenario.make(seed:)` rebuilds the scenario, and the
/// message carries the scenario and the plan as text.
@Suite struct PropertyTests {
    static let seeds: [UInt64] = Array(1...1000)

    /// Every fifth seed a larger week.
    static func scenario(_ seed: UInt64) -> Scenario {
        RandomScenario.make(seed: seed, shape: seed % 5 == 0 ? .medium : .property)
    }
    static func recipe(_ seed: UInt64) -> String {
        "RandomScenario.make(seed: \(seed), shape: .\(seed % 5 == 0 ? "medium" : "property"))"
    }

    enum Outcome {
        case plan(Plan)
        case pinConflict(PinConflict)
    }

    static func solve(_ scenario: Scenario) throws -> Outcome {
        do {
            return .plan(try Matcher(solver: GLPKSolver()).solve(scenario))
        } catch let c as PinConflict {
            return .pinConflict(c)
        }
    }

    @Test("every plan obeys hard rules 1–7 and reports the level values it achieves", arguments: seeds)
    func everyPlanObeysTheHardRulesAndReportsItsLevels(seed: UInt64) throws {
        let scenario = Self.scenario(seed)
        let context = "seed \(seed) (\(Self.recipe(seed)))\n\(RandomScenario.describe(scenario))"
        switch try Self.solve(scenario) {
        case .pinConflict(let c):
            // The generator pins at most one member, and only where that task can be covered on its own with
            // them: a plan holding the pin exists, so no conflict may be reported.
            Issue.record("PinConflict (\(c.message)) although \(scenario.pins.isEmpty ? "there is no pin" : "the plan covering only the pinned task holds the pin")\n\(context)")
        case .plan(let plan):
            let planText = "plan:\n\(RandomScenario.describe(plan, in: scenario))\n\(context)"
            #expect(plan.status == .optimal, "status \(plan.status)\n\(planText)")
            let v = violations(of: plan, in: scenario)
            #expect(v.isEmpty, "\(v.count) violations:\n  \(v.joined(separator: "\n  "))\n\(planText)")
            let m = levelMismatches(of: plan, in: scenario)
            #expect(m.isEmpty, "\(m.joined(separator: "; "))\n\(planText)")
            // A bound never beats the value the plan reaches by more than the gap the matcher claims.
            for l in plan.levels where l.optimal {
                #expect(l.gap <= 1e-6, "level \(l.level.rawValue) optimal with gap \(l.gap)\n\(planText)")
            }
        }
    }

    @Test("greedy dispatch plans obey every hard rule too, and the optimum is never lexicographically worse than them",
          arguments: seeds)
    func greedyPlansAreValidAndNeverBeatTheOptimum(seed: UInt64) throws {
        let scenario = Self.scenario(seed)
        let context = "seed \(seed) (\(Self.recipe(seed)))\n\(RandomScenario.describe(scenario))"
        let greedy: Plan
        do {
            greedy = try Matcher(solver: GLPKSolver()).solve(scenario, options: MatchOptions(strategy: .greedy))
        } catch is PinConflict {
            return // a heuristic may fail to honour a pin; the optimal strategy may not (tested above)
        }
        let planText = "greedy plan:\n\(RandomScenario.describe(greedy, in: scenario))\n\(context)"
        let v = violations(of: greedy, in: scenario)
        #expect(v.isEmpty, "\(v.count) violations:\n  \(v.joined(separator: "\n  "))\n\(planText)")
        let m = levelMismatches(of: greedy, in: scenario)
        #expect(m.isEmpty, "\(m.joined(separator: "; "))\n\(planText)")
        guard case .plan(let best) = try Self.solve(scenario) else { return }
        let g = levelValues(of: greedy, in: scenario), o = levelValues(of: best, in: scenario)
        for level in scenario.settings.objective {
            if levelsAgree(g[level]!, o[level]!) { continue }
            let optimumBetter = level == .coverage ? o[level]! > g[level]! : o[level]! < g[level]!
            #expect(optimumBetter, "level \(level.rawValue): greedy \(g[level]!) beats the optimum \(o[level]!)\noptimal plan:\n\(RandomScenario.describe(best, in: scenario))\n\(planText)")
            break
        }
    }

    @Test("solving the same scenario twice gives the identical plan", arguments: stride(from: UInt64(3), through: 1000, by: 9).map { $0 })
    func solvingTwiceGivesTheIdenticalPlan(seed: UInt64) throws {
        let scenario = Self.scenario(seed)
        let context = "seed \(seed) (\(Self.recipe(seed)))\n\(RandomScenario.describe(scenario))"
        let a = try Self.solve(scenario), b = try Self.solve(scenario)
        switch (a, b) {
        case (.pinConflict, .pinConflict): break
        case (.plan(let p), .plan(let q)):
            #expect(p.assignments == q.assignments,
                    "assignments differ:\n\(RandomScenario.describe(p, in: scenario))\nvs\n\(RandomScenario.describe(q, in: scenario))\n\(context)")
            #expect(p.bookings == q.bookings, "bookings differ\n\(context)")
            #expect(p.covered == q.covered, "covered tasks differ\n\(context)")
            #expect(p.levels.map(\.value) == q.levels.map(\.value), "level values differ\n\(context)")
        default:
            Issue.record("one solve conflicted, the other did not\n\(context)")
        }
    }

    @Test("the generator makes contested scenarios, and pins that can hold never conflict")
    func generatedScenariosAreContestedAndPinConflictsAreRare() throws {
        var pinned = 0, conflicts = 0, withResources = 0, withProjects = 0, withOverrides = 0, hoursBind = 0
        var conflictSeeds: [UInt64] = []
        for seed in Self.seeds {
            let s = Self.scenario(seed)
            if !s.travelOverrides.isEmpty { withOverrides += 1 }
            if !s.projects.isEmpty { withProjects += 1 }
            if s.needs.contains(where: { !$0.resources.isEmpty }) || s.projects.contains(where: { !$0.resources.isEmpty }) { withResources += 1 }
            if s.needs.contains(where: { $0.hours >= 2 }) && s.members.contains(where: { $0.maxHours <= 3 }) { hoursBind += 1 }
            guard !s.pins.isEmpty else { continue }
            pinned += 1
            if case .pinConflict = try Self.solve(s) { conflicts += 1; conflictSeeds.append(seed) }
        }
        print("PropertyTests: \(Self.seeds.count) scenarios; pinned \(pinned) (conflicts \(conflicts): \(conflictSeeds)); resources \(withResources); projects \(withProjects); travel overrides \(withOverrides); hour caps in play \(hoursBind)")
        #expect(Self.seeds.count >= 300)
        #expect(pinned >= 40 && withResources >= 60 && withProjects >= 60 && withOverrides >= 30)
        #expect(conflicts == 0, "pins that can hold were reported as conflicts: seeds \(conflictSeeds)")
    }
}

/// Regressions found by the generator, kept as explicit scenarios so they survive changes to the generator.
@Suite struct PropertyRegressionTests {
    /// Found as seed 4 of the first generator (shrunk). The optimum leaves unit U2 one hour short (N1 needs all of
    /// M4, M6, M8 in Sun-AM; M6 cannot also take the 4 h N3). GLPK's integer tolerance let a binary sit near 1e-6,
    /// so the pledges level was reported as 0.9999925; holding that level at it excluded every integral plan and the
    /// travel level came back infeasible, reported as a PinConflict in a scenario without pins.
    static var shortfallOfOneHour: Scenario {
        let sunAM = Slot(day: 6, period: 0), sunPM = Slot(day: 6, period: 1)
        return Scenario(
            communities: [Community(id: "C1", lat: 39.902, lon: 116.4096), Community(id: "C2", lat: 39.895, lon: 116.3964),
                          Community(id: "C3", lat: 39.909, lon: 116.412)],
            units: [StationedUnit(id: "U1"), StationedUnit(id: "U2", pledgeHours: 4), StationedUnit(id: "U3")],
            members: [Member(id: "M4", unit: "U2", community: "C3", slots: [sunAM]),
                      Member(id: "M5", unit: "U3", community: "C1", slots: [sunAM]),
                      Member(id: "M6", unit: "U2", community: "C3", slots: [sunAM, sunPM]),
                      Member(id: "M8", unit: "U1", community: "C3", slots: [sunAM])],
            needs: [Need(id: "N1", community: "C3", headcount: 3, hours: 1.5, slots: [sunAM, sunPM], priority: 2, maxTravel: 8),
                    Need(id: "N3", community: "C3", hours: 4, slots: [sunAM, sunPM], priority: 2, vulnerable: true)])
    }

    @Test("a scenario without pins is never reported as a pin conflict, and its pledges level is the plan's shortfall")
    func pinFreeScenarioSolvesAndReportsItsExactShortfall() throws {
        let scenario = Self.shortfallOfOneHour
        let plan: Plan
        do { plan = try Matcher(solver: GLPKSolver()).solve(scenario) } catch let c as PinConflict {
            Issue.record("PinConflict without pins: \(c.message)"); return
        }
        #expect(violations(of: plan, in: scenario).isEmpty)
        #expect(levelMismatches(of: plan, in: scenario).isEmpty, "\(levelMismatches(of: plan, in: scenario))")
        let values = levelValues(of: plan, in: scenario)
        #expect(values[.coverage] == 750 && values[.pledges] == 1)
    }

    @Test("with coverage and pledges only, the reported pledges level equals the plan's shortfall")
    func reportedPledgesLevelIsThePlansShortfall() throws {
        var scenario = Self.shortfallOfOneHour
        scenario.settings.objective = [.coverage, .pledges]
        let plan = try Matcher(solver: GLPKSolver()).solve(scenario)
        #expect(levelMismatches(of: plan, in: scenario).isEmpty, "\(levelMismatches(of: plan, in: scenario))\n\(RandomScenario.describe(plan, in: scenario))")
    }
}
