import CommunityMatch
import GLPKSolver
import MIPModel
import MatchModel
@testable import MatchSearch
import TestSupport
import Foundation
import Testing

/// `StaffingSearch.aroundRelaxation`: re-staffing restricted to its own LP relaxation's support and the plan's
/// columns (then each position's nearest members too), searched best-bound from the plan.
@Suite struct RelaxationRestaffingTests {
    /// The travel level as the matcher optimises it: coverage and pledges held at the start's values.
    static func travelLevel(_ mm: MatchingModel, at x: [Double]) -> LinearModel {
        var model = mm.model
        let cover = mm.objectives[.coverage]!, pledges = mm.objectives[.pledges]!
        model.addConstraint("hold[\(ObjectiveLevel.coverage.rawValue)]", cover.terms,
                            lower: cover.evaluate(x) - cover.constant - 1e-6)
        if !pledges.terms.isEmpty {
            model.addConstraint("hold[\(ObjectiveLevel.pledges.rawValue)]", pledges.terms,
                                upper: pledges.evaluate(x) - pledges.constant + 1e-6)
        }
        model.objective = mm.objectives[.travel]!
        return model
    }

    static func coveredTasks(_ mm: MatchingModel, _ x: [Double]) -> Set<Int> {
        Set(mm.covers.filter { x[$0.column] > 0.5 }.map(\.task))
    }

    /// Runs `pass` from the greedy plan on the travel level of 40 generated weeks and checks what every pass below
    /// coverage keeps: the level's rows, every hard rule (the independent checker, on the plan as it would be
    /// written), the pledge shortfall as a ceiling, travel never added, the same plan twice. `check` is given each
    /// week's start and result for the pass's own promises. Returns how many weeks' travel the pass lowered.
    static func onGeneratedWeeks(_ pass: (StaffingSearch, inout [Double]) throws -> Void,
                                 check: (UInt64, MatchingModel, _ start: [Double], _ x: [Double]) -> Void) throws -> Int {
        var improved = 0
        for seed in UInt64(1)...40 {
            let s = RandomScenario.make(seed: seed, shape: .medium)
            let mm = MatchingModel(scenario: s)
            guard let start = GreedyDispatch(scenario: s, model: mm).solution(),
                  !Self.coveredTasks(mm, start).isEmpty else { continue }
            let model = Self.travelLevel(mm, at: start)
            let search = StaffingSearch(model: model, matching: mm)
            func run() throws -> [Double] {
                var x = start
                try pass(search, &x)
                return x
            }
            let x = try run()
            #expect(ModelValidator.violations(of: x, in: model).isEmpty, "seed \(seed)")
            let plan = PlanExtractor(scenario: s, model: mm).plan(from: x)
            #expect(violations(of: plan, in: s).isEmpty, "seed \(seed): \(violations(of: plan, in: s))")
            let pledges = mm.objectives[.pledges]!
            #expect(pledges.evaluate(x) <= pledges.evaluate(start) + 1e-6, "seed \(seed)")
            let travel = model.objective
            #expect(travel.evaluate(x) <= travel.evaluate(start) + 1e-9, "seed \(seed)")
            if travel.evaluate(x) < travel.evaluate(start) - 1e-6 { improved += 1 }
            #expect(try run() == x, "seed \(seed)")
            check(seed, mm, start, x)
        }
        return improved
    }

    @Test("on generated weeks, held or with swaps, coverage and pledges are held, every hard rule kept, travel never added, and it repeats exactly",
          arguments: [false, true])
    func keepsWhatIsHeldAndNeverWorsens(swaps: Bool) throws {
        var swapped = 0
        let improved = try Self.onGeneratedWeeks({ search, x in
            var trace: [String] = []
            _ = try search.aroundRelaxation(&x, solver: GLPKSolver(), deadline: nil, budget: .standard,
                                            extras: StaffingSearch.relaxationExtras, swaps: swaps, trace: &trace)
        }, check: { seed, mm, start, x in
            let coverage = mm.objectives[.coverage]!
            if Self.coveredTasks(mm, x) != Self.coveredTasks(mm, start) { swapped += 1 }
            if swaps {
                // Each value keeps as many covered tasks as before: coverage cannot fall.
                #expect(coverage.evaluate(x) >= coverage.evaluate(start) - 1e-6, "seed \(seed)")
            } else {
                // With the covered tasks held, coverage cannot move.
                #expect(abs(coverage.evaluate(x) - coverage.evaluate(start)) < 1e-6, "seed \(seed)")
            }
        })
        // Greedy dispatch takes each task's nearest free members in task order; the pass must do better somewhere.
        #expect(improved >= 5, "\(improved) of 40 improved")
        if swaps { #expect(swapped >= 1, "\(swapped) of 40 changed the covered tasks") } else { #expect(swapped == 0) }
    }

    @Test("with swaps, a covered task gives way to an uncovered one of equal value whose member lives beside it")
    func swapsGiveACoveredTaskAwayForOneOfEqualValue() throws {
        let sat = Slot(day: 5, period: 0)
        let communities = [Community(id: "A", lat: 39.90, lon: 116.40), Community(id: "B", lat: 39.905, lon: 116.405)]
        // One member, two hours: one of the two needs, alike but for where they are.
        let s = Scenario(communities: communities, units: [StationedUnit(id: "U1")],
                         members: [Member(id: "M1", unit: "U1", community: "A", slots: [sat], maxHours: 2)],
                         needs: [Need(id: "N1", community: "B", hours: 2, slots: [sat]),
                                 Need(id: "N2", community: "A", hours: 2, slots: [sat])])
        let mm = MatchingModel(scenario: s)
        let n1 = try #require(mm.tasks.firstIndex { $0.ref.id == "N1" })
        let n2 = try #require(mm.tasks.firstIndex { $0.ref.id == "N2" })
        #expect(mm.tasks[n1].value == mm.tasks[n2].value)
        // The start serves the far need.
        var start = [Double](repeating: 0, count: mm.model.variables.count)
        start[try #require(mm.covers.first { $0.task == n1 }).column] = 1
        start[try #require(mm.assigns.first { $0.task == n1 }).column] = 1
        try #require(ModelValidator.violations(of: start, in: mm.model).isEmpty)
        let model = Self.travelLevel(mm, at: start)
        let search = StaffingSearch(model: model, matching: mm)
        func pass(swaps: Bool) throws -> [Double] {
            var x = start
            var trace: [String] = []
            _ = try search.aroundRelaxation(&x, solver: GLPKSolver(), deadline: nil, budget: .standard,
                                            extras: StaffingSearch.relaxationExtras, swaps: swaps, trace: &trace)
            return x
        }
        // Held, the far need stays covered and nothing can move; with swaps the near one is served instead.
        #expect(Self.coveredTasks(mm, try pass(swaps: false)) == [n1])
        let x = try pass(swaps: true)
        #expect(Self.coveredTasks(mm, x) == [n2])
        #expect(model.objective.evaluate(x) < model.objective.evaluate(start) - 1)
        #expect(ModelValidator.violations(of: x, in: model).isEmpty)
        #expect(violations(of: PlanExtractor(scenario: s, model: mm).plan(from: x), in: s).isEmpty)
    }

    /// Every pass of re-staffing a model whole (`StaffingSearch.passes`) on generated week 3's travel level, from the
    /// greedy plan, never taken as proven.
    static func passesOnAGeneratedWeek(chains: Bool = true) throws
        -> (model: LinearModel, start: [Double], x: [Double], trace: [String]) {
        let s = RandomScenario.make(seed: 3, shape: .medium)
        let mm = MatchingModel(scenario: s)
        let start = try #require(GreedyDispatch(scenario: s, model: mm).solution())
        let model = Self.travelLevel(mm, at: start)
        var x = start
        var trace: [String] = []
        _ = try StaffingSearch(model: model, matching: mm).passes(&x, solver: GLPKSolver(), deadline: nil, budget: .standard,
                                                                   proven: { _ in false }, chains: chains, trace: &trace)
        return (model, start, x, trace)
    }

    @Test("re-staffing a model whole goes around the relaxation held, then with swaps, then by windows with the slots free, then in chains, and never adds travel")
    func passesRunHeldThenSwapsThenWindowsThenChains() throws {
        let (model, start, x, trace) = try Self.passesOnAGeneratedWeek()
        let held = try #require(trace.firstIndex { $0.hasPrefix("re-staffing around its relaxation") }, "\(trace)")
        let swaps = try #require(trace.firstIndex { $0.hasPrefix("re-staffing with swaps around its relaxation") }, "\(trace)")
        // The windows with the slots free (`run` without `keepSlots`).
        let free = try #require(trace.lastIndex { $0.hasPrefix("re-staffing: ") }, "\(trace)")
        let chains = try #require(trace.firstIndex { $0.hasPrefix("re-staffing in chains") }, "\(trace)")
        #expect(held < swaps && swaps < free && free < chains, "\(trace)")
        #expect(ModelValidator.violations(of: x, in: model).isEmpty)
        #expect(model.objective.evaluate(x) <= model.objective.evaluate(start) + 1e-9)
    }
}
