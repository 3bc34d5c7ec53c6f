import CommunityMatch
import GLPKSolver
import MIPModel
import MatchModel
@testable import MatchSearch
import TestSupport
import Testing

/// `StaffingSearch.chains`: windows of moves that chain across slots, the last pass below coverage.
@Suite struct ChainWindowTests {
    typealias Level = RelaxationRestaffingTests

    @Test("a member leaves the far task he serves for a near one, and the member he displaces takes his task in another slot")
    func aChainAcrossSlotsIsOneWindow() throws {
        let am = Slot(day: 5, period: 0), pm = Slot(day: 5, period: 1)
        let communities = [Community(id: "A", lat: 39.90, lon: 116.40), Community(id: "B", lat: 39.905, lon: 116.405)]
        // MA lives in A and is free all Saturday; MB lives in B and is free in the afternoon only. Each need may be
        // served in either half of the day.
        let s = Scenario(communities: communities, units: [StationedUnit(id: "U1")],
                         members: [Member(id: "MA", unit: "U1", community: "A", slots: [am, pm], maxHours: 4),
                                   Member(id: "MB", unit: "U1", community: "B", slots: [pm], maxHours: 4)],
                         needs: [Need(id: "NA", community: "A", hours: 2, slots: [am, pm]),
                                 Need(id: "NB", community: "B", hours: 2, slots: [am, pm])])
        let mm = MatchingModel(scenario: s)
        let na = try #require(mm.tasks.firstIndex { $0.ref.id == "NA" })
        let nb = try #require(mm.tasks.firstIndex { $0.ref.id == "NB" })
        let ma = try #require(s.members.firstIndex { $0.id == "MA" })
        let mb = try #require(s.members.firstIndex { $0.id == "MB" })
        // The start sends each member to the other's community: MA to NB in the morning, MB to NA in the afternoon.
        var start = [Double](repeating: 0, count: mm.model.variables.count)
        func take(_ task: Int, _ member: Int, _ slot: Slot) throws {
            start[try #require(mm.covers.first { $0.task == task && $0.slot == slot }).column] = 1
            start[try #require(mm.assigns.first { $0.task == task && $0.option.member == member && $0.option.slot == slot }).column] = 1
        }
        try take(nb, ma, am)
        try take(na, mb, pm)
        try #require(ModelValidator.violations(of: start, in: mm.model).isEmpty)
        let model = Level.travelLevel(mm, at: start)
        let search = StaffingSearch(model: model, matching: mm)
        // MA is nearer to NA, but busy with NB: the window that offers NA to MA holds NB too, even where windows
        // are too small to pack two moves together (a cap of one column: one move per window).
        let windows = search.chainWindows(start, columns: search.taskColumns(start, keepSlots: false), cap: 1)
        #expect(windows.first.map(Set.init) == [na, nb], "\(windows)")
        var x = start
        var trace: [String] = []
        _ = try search.chains(&x, solver: GLPKSolver(), deadline: nil, budget: .standard, trace: &trace)
        // Each member now serves the need beside him: MA takes NA, MB takes NB, which moves to the afternoon.
        let served = Set(mm.assigns.filter { x[$0.column] > 0.5 }.map { [$0.task, $0.option.member] })
        #expect(served == [[na, ma], [nb, mb]], "\(trace)")
        #expect(mm.covers.contains { $0.task == nb && $0.slot == pm && x[$0.column] > 0.5 })
        #expect(model.objective.evaluate(x) < model.objective.evaluate(start) - 1)
        #expect(ModelValidator.violations(of: x, in: model).isEmpty)
        #expect(violations(of: PlanExtractor(scenario: s, model: mm).plan(from: x), in: s).isEmpty)
    }

    @Test("on generated weeks the chains keep coverage and pledges, every hard rule, never add travel, and repeat exactly")
    func keepsWhatIsHeldAndNeverWorsens() throws {
        let improved = try Level.onGeneratedWeeks({ search, x in
            var trace: [String] = []
            _ = try search.chains(&x, solver: GLPKSolver(), deadline: nil, budget: .standard, trace: &trace)
        }, check: { seed, mm, start, x in
            // The covered tasks stay covered (in any slot), so coverage cannot move.
            #expect(Level.coveredTasks(mm, x) == Level.coveredTasks(mm, start), "seed \(seed)")
        })
        // Greedy dispatch takes each task's nearest free members in task order; chains must do better somewhere.
        #expect(improved >= 5, "\(improved) of 40 improved")
    }

    @Test("re-staffing a model whole ends in chains, unless they are left to a later solve (a split week's pledge pass)")
    func passesLeaveTheChainsOutWhenAsked() throws {
        #expect(try Level.passesOnAGeneratedWeek(chains: true).trace.contains { $0.hasPrefix("re-staffing in chains") })
        #expect(try !Level.passesOnAGeneratedWeek(chains: false).trace.contains { $0.contains("in chains") })
    }

    @Test("on the pledge level, whose cost is in the units' shortfalls and not in who serves, there is no chain to try")
    func noChainsWhereTheLevelDoesNotPriceMembers() throws {
        let s = RandomScenario.make(seed: 3, shape: .medium)
        let mm = MatchingModel(scenario: s)
        let start = try #require(GreedyDispatch(scenario: s, model: mm).solution())
        var model = mm.model
        model.objective = mm.objectives[.pledges]!
        let search = StaffingSearch(model: model, matching: mm)
        #expect(search.chainWindows(start, columns: search.taskColumns(start, keepSlots: false), cap: StaffingSearch.chainWindowColumns).isEmpty)
        // The same week's travel level has chains to try.
        let travel = StaffingSearch(model: Level.travelLevel(mm, at: start), matching: mm)
        #expect(!travel.chainWindows(start, columns: travel.taskColumns(start, keepSlots: false), cap: StaffingSearch.chainWindowColumns).isEmpty)
    }
}
