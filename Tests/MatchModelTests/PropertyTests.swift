import CommunityMatch
import Foundation
import GLPKSolver
import MatchModel
import Testing
import TestSupport

/// Random scenarios solved by the real matcher and GLPK, every plan checked against SPEC's hard rules by an
/// independent checker. A failure names its seed: `RandomScenario.make(seed:)` rebuilds the scenario, and the
/// message carries the scenario and the plan as text.
@Suite struct PropertyTests {
    static let seeds: [UInt64] = Array(1...600)

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
            // A level called optimal is proven: coverage exactly (its bound, rounded to the step of the tasks'
            // values, meets the value), the real-valued levels within the documented tolerance
            // (`Optimality.realValued`: 0.01 %, at least 0.01).
            for l in plan.levels where l.optimal {
                if l.level == .coverage {
                    #expect(l.gap <= 1e-6, "level \(l.level.rawValue) optimal with gap \(l.gap)\n\(planText)")
                } else {
                    #expect(Optimality.realValued.proves(value: l.value, bound: l.bound, maximize: false),
                            "level \(l.level.rawValue) optimal with value \(l.value) and bound \(l.bound)\n\(planText)")
                }
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
        #expect(!lexicographicallyBetter(g, than: o, order: scenario.settings.objective),
                "greedy \(g) beats the optimum \(o)\noptimal plan:\n\(RandomScenario.describe(best, in: scenario))\n\(planText)")
    }

    @Test("a time limit or a relative gap never yields an invalid plan, nor one better than the optimum",
          arguments: stride(from: UInt64(5), through: 600, by: 15).map { $0 })
    func timeLimitsAndGapsKeepPlansValid(seed: UInt64) throws {
        let scenario = Self.scenario(seed)
        let context = "seed \(seed) (\(Self.recipe(seed)))\n\(RandomScenario.describe(scenario))"
        guard case .plan(let best) = try Self.solve(scenario) else { return }
        let optimum = levelValues(of: best, in: scenario)
        for options in [MatchOptions(timeLimit: 30), MatchOptions(relativeGap: 0.25), MatchOptions(timeLimit: 0.001)] {
            let plan: Plan
            do { plan = try Matcher(solver: GLPKSolver()).solve(scenario, options: options) } catch let c as PinConflict {
                Issue.record("PinConflict \(c.message) with time limit \(String(describing: options.timeLimit)), gap \(options.relativeGap)\n\(context)")
                continue
            }
            if plan.status == .timeLimitNoPlan { continue }
            let tag = "time limit \(String(describing: options.timeLimit)), gap \(options.relativeGap)"
            let v = violations(of: plan, in: scenario) + levelMismatches(of: plan, in: scenario)
            #expect(v.isEmpty, "\(tag): \(v)\n\(RandomScenario.describe(plan, in: scenario))\n\(context)")
            let values = levelValues(of: plan, in: scenario)
            #expect(!lexicographicallyBetter(values, than: optimum, order: scenario.settings.objective),
                    "\(tag): \(values) beats the optimum \(optimum)\n\(context)")
            for l in plan.levels {
                // The bound is a bound: no plan, in particular not the optimum, does better.
                let o = optimum[l.level]!
                let ok = l.level == .coverage ? l.bound >= l.value - 1e-6 * max(1, abs(l.value)) : l.bound <= l.value + 1e-6 * max(1, abs(l.value))
                #expect(ok, "\(tag): level \(l.level.rawValue) bound \(l.bound) on the wrong side of its value \(l.value)\n\(context)")
                if l.level == scenario.settings.objective.first {
                    let sound = l.level == .coverage ? l.bound >= o - 1e-6 * max(1, abs(o)) : l.bound <= o + 1e-6 * max(1, abs(o))
                    #expect(sound, "\(tag): first level \(l.level.rawValue) bound \(l.bound) excludes the optimum \(o)\n\(context)")
                }
                if options.timeLimit == 30 {
                    #expect(plan.status == .optimal && levelsAgree(l.value, levelValues(of: best, in: scenario)[l.level]!),
                            "\(tag): level \(l.level.rawValue) \(l.value) differs from the unlimited solve\n\(context)")
                }
            }
        }
    }

    @Test("large weeks, past the exact-MIP column limit, still get plans that obey every hard rule",
          arguments: [UInt64(1), 2])
    func largeWeeksObeyTheHardRules(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed, shape: .large)
        let context = "seed \(seed) (RandomScenario.make(seed: \(seed), shape: .large)); \(scenario.members.count) members, \(scenario.needs.count) needs"
        let columns = Matcher.firstLevelModel(scenario).variables.count
        print("PropertyTests: large week seed \(seed): \(columns) columns, exact-MIP limit \(Matcher.exactColumnLimit)")
        let plan = try Matcher(solver: GLPKSolver()).solve(scenario, options: MatchOptions(timeLimit: 60))
        try #require(plan.status != .timeLimitNoPlan, "\(context)")
        let v = violations(of: plan, in: scenario)
        #expect(v.isEmpty, "\(v.count) violations:\n  \(v.prefix(20).joined(separator: "\n  "))\n\(context)")
        let m = levelMismatches(of: plan, in: scenario)
        #expect(m.isEmpty, "\(m)\n\(context)")
        for l in plan.levels {
            let ok = l.level == .coverage ? l.bound >= l.value - 1e-6 * max(1, abs(l.value)) : l.bound <= l.value + 1e-6 * max(1, abs(l.value))
            #expect(ok, "level \(l.level.rawValue) bound \(l.bound) on the wrong side of its value \(l.value)\n\(context)")
        }
    }

    @Test("solving the same scenario twice gives the identical plan", arguments: stride(from: UInt64(3), through: 600, by: 7).map { $0 })
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

extension PropertyTests {
    /// Regressions found by the generator, kept as explicit scenarios so they survive changes to the generator.
    @Suite struct Regressions {
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

        /// Found as seed 305 of the property generator (shrunk): with a relative gap of 0.25 the coverage level stops
        /// at 430, the next levels (held only at coverage >= 430) return a plan covering 460, and the plan still
        /// reports coverage 430.
        static var gapStopsEarly: Scenario {
            let satAM = Slot(day: 5, period: 0), satPM = Slot(day: 5, period: 1)
            let sunAM = Slot(day: 6, period: 0), sunPM = Slot(day: 6, period: 1)
            let all: Set<Slot> = [satAM, satPM, sunAM, sunPM]
            var settings = Settings()
            settings.vulnerableFactor = 2.5
            return Scenario(
                settings: settings,
                communities: [Community(id: "C1", lat: 39.906, lon: 116.4108), Community(id: "C2", lat: 39.904, lon: 116.3976),
                              Community(id: "C3", lat: 39.896, lon: 116.3976)],
                units: [StationedUnit(id: "U1", pledgeHours: 6), StationedUnit(id: "U2"), StationedUnit(id: "U3", pledgeHours: 2),
                        StationedUnit(id: "U4", pledgeHours: 12)],
                members: [
                    Member(id: "M2", unit: "U2", community: "C3", skills: ["cooking", "driving", "haircut"], slots: [sunPM], maxHours: 8),
                    Member(id: "M7", unit: "U4", community: "C2", slots: [satAM], maxHours: 2),
                    Member(id: "M8", unit: "U1", community: "C1", skills: ["cooking", "driving", "medical"], slots: all, maxHours: 3),
                    Member(id: "M9", unit: "U2", community: "C1", skills: ["haircut", "legal", "medical"], slots: [satAM, sunAM, sunPM], maxHours: 2),
                    Member(id: "M10", unit: "U1", community: "C2", skills: ["driving", "haircut", "medical"], slots: [satAM, satPM, sunAM], maxHours: 4),
                    Member(id: "M11", unit: "U3", community: "C2", skills: ["cooking", "driving", "haircut", "medical"], slots: [satAM, sunAM, sunPM], maxHours: 3),
                ],
                resources: [Resource(id: "R1", unit: "U3", kind: "funds", slots: all, quantity: 200),
                            Resource(id: "R4", unit: "U2", kind: "funds")],
                needs: [
                    Need(id: "N2", community: "C1", hours: 2, slots: all.sorted(), skills: ["legal", "medical"], priority: 2),
                    Need(id: "N6", community: "C2", headcount: 2, hours: 1.5, slots: all.sorted(), skills: ["driving", "medical"], priority: 4),
                    Need(id: "N7", community: "C1", hours: 2, slots: [satPM, sunPM], skills: ["cooking"], priority: 3,
                         resources: [ResourceRequirement(kind: "funds")]),
                ],
                projects: [
                    Project(id: "P1", community: "C2", slots: all.sorted(), hours: 3,
                            roles: [Role(skill: "any", min: 0, max: 0), Role(skill: "driving", min: 0, max: 2), Role(skill: "haircut", min: 2, max: 3)],
                            beneficiaries: 2, priority: 4),
                    Project(id: "P2", community: "C3", slots: [satAM], hours: 1.5,
                            roles: [Role(skill: "any", min: 1, max: 3), Role(skill: "driving", min: 1, max: 3)],
                            beneficiaries: 4, priority: 4),
                ])
        }

        @Test("with a relative gap, every reported level value is the value of the plan returned")
        func levelValuesDescribeThePlanReturnedEvenWithAGap() throws {
            let scenario = Self.gapStopsEarly
            let plan = try Matcher(solver: GLPKSolver()).solve(scenario, options: MatchOptions(relativeGap: 0.25))
            #expect(violations(of: plan, in: scenario).isEmpty)
            #expect(levelMismatches(of: plan, in: scenario).isEmpty,
                    "\(levelMismatches(of: plan, in: scenario))\n\(RandomScenario.describe(plan, in: scenario))")
        }

        @Test("with coverage and pledges only, the reported pledges level equals the plan's shortfall")
        func reportedPledgesLevelIsThePlansShortfall() throws {
            var scenario = Self.shortfallOfOneHour
            scenario.settings.objective = [.coverage, .pledges]
            let plan = try Matcher(solver: GLPKSolver()).solve(scenario)
            #expect(levelMismatches(of: plan, in: scenario).isEmpty, "\(levelMismatches(of: plan, in: scenario))\n\(RandomScenario.describe(plan, in: scenario))")
        }
    }
}

extension PropertyTests {
    /// SPEC "Details": travel.csv rows serve the reverse direction unless it is given too; "within" means <=; a
    /// member travels from their home community to the task, a resource from its community to the task.
    @Suite struct TravelBoundaries {
        static let satAM = Slot(day: 5, period: 0)

        /// Community A and B lie far apart (hours on foot), so only travel.csv can bring them within reach.
        static func scenario(member: String, need: String, resource: String? = nil, overrides: [(String, String, Double)]) -> Scenario {
            var o: [String: Double] = [:]
            for (a, b, m) in overrides { o[Scenario.travelKey(a, b)] = m }
            return Scenario(
                communities: [Community(id: "A", lat: 39.90, lon: 116.40), Community(id: "B", lat: 39.99, lon: 116.50)],
                units: [StationedUnit(id: "U")],
                members: [Member(id: "M", unit: "U", community: member, slots: [satAM])],
                resources: resource.map { [Resource(id: "R", unit: "U", kind: "venue", community: $0)] } ?? [],
                needs: [Need(id: "N", community: need, hours: 2, slots: [satAM],
                             resources: resource == nil ? [] : [ResourceRequirement(kind: "venue")])],
                travelOverrides: o)
        }

        static func covered(_ s: Scenario) throws -> Bool {
            let plan = try Matcher(solver: GLPKSolver()).solve(s)
            let v = violations(of: plan, in: s) + levelMismatches(of: plan, in: s)
            #expect(v.isEmpty, "\(v)\n\(RandomScenario.describe(s))")
            return plan.covered[TaskRef(.need, "N")] != nil
        }

        @Test("a member exactly at the travel limit serves; a hair beyond does not")
        func travelLimitIsInclusive() throws {
            #expect(try Self.covered(Self.scenario(member: "A", need: "B", overrides: [("A", "B", 15)])))
            #expect(try !Self.covered(Self.scenario(member: "A", need: "B", overrides: [("A", "B", 15.001)])))
            let plan = try Matcher(solver: GLPKSolver()).solve(Self.scenario(member: "A", need: "B", overrides: [("A", "B", 15)]))
            #expect(plan.assignments.map(\.travelMinutes) == [15])
        }

        @Test("a travel.csv row serves the reverse direction when that is not given")
        func overrideServesTheReverseDirection() throws {
            #expect(try Self.covered(Self.scenario(member: "A", need: "B", overrides: [("B", "A", 12)])))
        }

        @Test("when both directions are given, the member's way from home to the task counts")
        func bothDirectionsGivenUseHomeToTask() throws {
            #expect(try Self.covered(Self.scenario(member: "A", need: "B", overrides: [("A", "B", 10), ("B", "A", 40)])))
            #expect(try !Self.covered(Self.scenario(member: "A", need: "B", overrides: [("A", "B", 40), ("B", "A", 10)])))
        }

        @Test("a resource exactly at the task's travel limit may be booked; beyond it may not; nil community is anywhere")
        func resourceReachIsInclusive() throws {
            #expect(try Self.covered(Self.scenario(member: "B", need: "B", resource: "A", overrides: [("A", "B", 15)])))
            #expect(try !Self.covered(Self.scenario(member: "B", need: "B", resource: "A", overrides: [("A", "B", 15.5)])))
            var anywhere = Self.scenario(member: "B", need: "B", resource: "A", overrides: [])
            anywhere.resources[0].community = nil
            #expect(try Self.covered(anywhere))
        }

        @Test("a week with nothing to do still reports every level: coverage 0, the whole pledge short, travel 0")
        func emptyWeekReportsConstantLevels() throws {
            var s = Self.scenario(member: "A", need: "B", overrides: [])  // out of reach: the model has nothing to choose
            s.units = [StationedUnit(id: "U", pledgeHours: 6)]
            let plan = try Matcher(solver: GLPKSolver()).solve(s)
            #expect(violations(of: plan, in: s).isEmpty)
            #expect(levelMismatches(of: plan, in: s).isEmpty, "\(levelMismatches(of: plan, in: s))")
            #expect(plan.levels.map(\.value) == [0, 6, 0])
        }
    }
}
