import CommunityMatch
import GLPKSolver
import MIPModel
import MatchModel
@testable import MatchSearch
import TestSupport
import Foundation
import Testing

/// `StaffingSearch.slotWindows`: below coverage on a model too large to re-staff whole, windows of the plan's
/// slots and around each short unit. The week here is built so that the plan to start from is the nearest
/// members' (greedy dispatch's), while the hours that close the pledge gap belong to a unit living further
/// away: the case where a restriction to each position's nearest members cannot help.
@Suite struct SlotWindowTests {
    static let sat = Slot(day: 5, period: 0)
    static let sun = Slot(day: 6, period: 0)

    /// Six members of a unit without a pledge live beside four needs; two members of a unit that pledged 8 hours
    /// live 20 minutes away and could serve every need, 4 hours each at most.
    static func week() -> Scenario {
        let communities = [Community(id: "A", lat: 30, lon: 120), Community(id: "B", lat: 30.1, lon: 120)]
        let units = [StationedUnit(id: "NEAR"), StationedUnit(id: "FAR", pledgeHours: 8)]
        let members = (1...6).map { Member(id: "N\($0)", unit: "NEAR", community: "A", slots: [sat, sun], maxHours: 8) }
            + (1...2).map { Member(id: "F\($0)", unit: "FAR", community: "B", slots: [sat, sun], maxHours: 4) }
        let needs = (1...4).map { i in
            Need(id: "D\(i)", community: "A", hours: 2, slots: [i <= 2 ? sat : sun], maxTravel: 60)
        }
        return Scenario(communities: communities, units: units, members: members, needs: needs,
                        travelOverrides: [Scenario.travelKey("A", "B"): 20])
    }

    /// The pledge level with coverage held, as the matcher optimises it below coverage.
    static func pledgeLevel(_ mm: MatchingModel, coverage: Double) -> LinearModel {
        var model = mm.model
        let cover = mm.objectives[.coverage]!
        model.addConstraint("hold[\(ObjectiveLevel.coverage.rawValue)]", cover.terms, lower: coverage - cover.constant - 1e-6)
        model.objective = mm.objectives[.pledges]!
        return model
    }

    @Test("windows give the far unit's members the hours the nearest members took, keep every task covered, and repeat exactly")
    func windowsCloseThePledgeGapTheNearestMembersLeave() throws {
        let s = Self.week()
        let mm = MatchingModel(scenario: s)
        let start = try #require(GreedyDispatch(scenario: s, model: mm).solution())
        let coverage = mm.objectives[.coverage]!.evaluate(start)
        let model = Self.pledgeLevel(mm, coverage: coverage)
        // Greedy dispatch takes the nearest members: the far unit serves nothing.
        #expect(model.objective.evaluate(start) == 8)
        let search = StaffingSearch(model: model, matching: mm)
        let windows = search.slotWindows(start, scenario: s, aroundShortUnits: true)
        // One window of the slots (the week is small) and one around the short unit.
        #expect(windows.count == 2, "\(windows)")
        func run() throws -> [Double] {
            var x = start
            var trace: [String] = []
            _ = try search.run(&x, solver: GLPKSolver(), deadline: nil, maxWindows: 20, budget: .standard,
                               keepSlots: true, taskWindows: windows, trace: &trace)
            return x
        }
        let x = try run()
        #expect(ModelValidator.violations(of: x, in: model).isEmpty)
        #expect(model.objective.evaluate(x) == 0, "\(model.objective.evaluate(x)) hours short")
        // Every task covered before is covered after, in the same slot.
        for c in mm.covers { #expect(x[c.column] == start[c.column], "\(mm.tasks[c.task].ref.id)") }
        #expect(try run() == x)
    }

    @Test("a street-sized part's pledge level, left to the windows alone, ends proven where the nearest members left it 8 hours short")
    func guidedPledgeLevelEndsWithTheWindows() throws {
        let s = Self.week()
        // The path of a street's large part: guided by the relaxation, neither re-staffed nor searched whole, so
        // below coverage the pledge level has the windows and nothing else.
        var matcher = Matcher(solver: GLPKSolver())
        matcher.exactColumns = 0
        matcher.provingColumns = 0
        matcher.restaffColumns = 0
        let plan = try matcher.solve(s, options: MatchOptions(timeLimit: nil))
        #expect(violations(of: plan, in: s).isEmpty)
        #expect(plan.covered.count == 4)
        let pledges = try #require(plan.levels.first { $0.level == .pledges })
        #expect(pledges.value == 0 && pledges.optimal, "\(pledges)")
        #expect(Set(plan.assignments.filter { $0.member.hasPrefix("F") }.map(\.member)) == ["F1", "F2"])
    }

    @Test("without a short unit only the slots' windows are made, and every window holds only tasks the plan covers")
    func noShortUnitMeansSlotWindowsOnly() throws {
        var s = Self.week()
        s.units[1].pledgeHours = 0
        let mm = MatchingModel(scenario: s)
        let start = try #require(GreedyDispatch(scenario: s, model: mm).solution())
        let search = StaffingSearch(model: Self.pledgeLevel(mm, coverage: mm.objectives[.coverage]!.evaluate(start)), matching: mm)
        #expect(search.slotWindows(start, scenario: s, aroundShortUnits: true).count == 1)
        #expect(search.slotWindows(start, scenario: s, aroundShortUnits: false).count == 1)
        // Every task a window holds is one the plan covers.
        let covered = Set(mm.covers.filter { start[$0.column] > 0.5 }.map(\.task))
        #expect(search.slotWindows(start, scenario: s, aroundShortUnits: true).allSatisfy { Set($0).isSubset(of: covered) })
    }
    @Test("windows with the slots free move a need to the slot where a neighbour is free; windows in the plan's slots cannot")
    func slotFreeWindowsMoveATaskToANeighboursSlot() throws {
        // One need in A, on Saturday or Sunday; a neighbour in A is free on Sunday only, a member 20 minutes
        // away on both days. The plan to start from has the far member on Saturday.
        let communities = [Community(id: "A", lat: 30, lon: 120), Community(id: "B", lat: 30.1, lon: 120)]
        let members = [Member(id: "NEAR", unit: "U", community: "A", slots: [Self.sun], maxHours: 8),
                       Member(id: "FAR", unit: "U", community: "B", slots: [Self.sat, Self.sun], maxHours: 8)]
        let s = Scenario(communities: communities, units: [StationedUnit(id: "U")], members: members,
                         needs: [Need(id: "D", community: "A", hours: 2, slots: [Self.sat, Self.sun], maxTravel: 60)],
                         travelOverrides: [Scenario.travelKey("A", "B"): 20])
        let mm = MatchingModel(scenario: s)
        var start = [Double](repeating: 0, count: mm.model.variables.count)
        for c in mm.covers where c.slot == Self.sat { start[c.column] = 1 }
        for a in mm.assigns where a.option.slot == Self.sat && s.members[a.option.member].id == "FAR" { start[a.column] = 1 }
        var model = mm.model
        let cover = mm.objectives[.coverage]!
        #expect(ModelValidator.violations(of: start, in: model).isEmpty)
        model.addConstraint("hold[\(ObjectiveLevel.coverage.rawValue)]", cover.terms, lower: cover.evaluate(start) - cover.constant - 1e-6)
        model.objective = mm.objectives[.travel]!
        #expect(model.objective.evaluate(start) == 20)
        let search = StaffingSearch(model: model, matching: mm)
        func run(slotsFree: Bool) throws -> [Double] {
            var x = start
            var trace: [String] = []
            if slotsFree {
                _ = try search.run(&x, solver: GLPKSolver(), deadline: nil, maxWindows: 10, budget: .standard,
                                   windowColumns: StaffingSearch.slotFreeWindowColumns, trace: &trace)
            } else {
                _ = try search.run(&x, solver: GLPKSolver(), deadline: nil, maxWindows: 10, budget: .standard, keepSlots: true,
                                   taskWindows: search.slotWindows(start, scenario: s, aroundShortUnits: false), trace: &trace)
            }
            #expect(ModelValidator.violations(of: x, in: model).isEmpty)
            return x
        }
        #expect(model.objective.evaluate(try run(slotsFree: false)) == 20)
        let moved = try run(slotsFree: true)
        #expect(model.objective.evaluate(moved) == 0)
        #expect(mm.assigns.filter { moved[$0.column] > 0.5 }.map { "\(s.members[$0.option.member].id) \($0.option.slot == Self.sun)" } == ["NEAR true"])
        #expect(try run(slotsFree: true) == moved)
    }

    /// A matcher driven down a street-sized part's path (no whole search, no proving search, no re-staffing whole),
    /// so that a 150-member week exercises the restrictions and windows below coverage.
    static func streetPath(_ solver: any MIPSolver) -> Matcher {
        var matcher = Matcher(solver: solver)
        matcher.exactColumns = 0
        matcher.provingColumns = 0
        matcher.restaffColumns = 0
        return matcher
    }

    @Test("below coverage a restriction over the limit is left to the windows; a 150-member week's, under it, still moves tasks and gains travel")
    func largeRestrictionsAreLeftToTheWindows() throws {
        let s = RandomScenario.make(seed: 1, shape: .large)
        func solve(limit: Int?) throws -> (Plan, [String]) {
            var matcher = Self.streetPath(GLPKSolver())
            if let limit { matcher.restrictedColumnsBeforeWindows = limit }
            let lines = Lines()
            let plan = try matcher.solve(s, options: MatchOptions(timeLimit: nil, progress: { lines.append($0) }))
            #expect(violations(of: plan, in: s).isEmpty)
            return (plan, lines.all.filter { $0.hasPrefix("level travel done") })
        }
        let (shipped, shippedTrace) = try solve(limit: nil)
        let (windowsOnly, windowsTrace) = try solve(limit: 0)
        // The shipped limit lets this week's restrictions (about a thousand columns) run; at 0 none does.
        #expect(shippedTrace.count == 1 && shippedTrace.allSatisfy { $0.contains("MIP status") && !$0.contains("left to the windows") },
                "\(shippedTrace)")
        #expect(windowsTrace.count == 1 && windowsTrace.allSatisfy { $0.contains("left to the windows") && !$0.contains("MIP status") },
                "\(windowsTrace)")
        // Either way the level ends with the windows whose tasks may change slot.
        #expect((shippedTrace + windowsTrace).allSatisfy { $0.contains("re-staffing with the slots free") })
        // Coverage and pledges are the same either way. The restrictions may move a task to another slot; without
        // them the windows in chains (`StaffingSearch.chains`) do, and travel is no worse with the restrictions.
        for level in [ObjectiveLevel.coverage, .pledges] {
            #expect(shipped.levels.first { $0.level == level }?.value == windowsOnly.levels.first { $0.level == level }?.value)
        }
        #expect(windowsTrace.allSatisfy { $0.contains("re-staffing in chains") }, "\(windowsTrace)")
        let travel = { (p: Plan) in p.levels.first { $0.level == .travel }!.value }
        #expect(travel(shipped) <= travel(windowsOnly) + 1e-6, "\(travel(shipped)) against \(travel(windowsOnly))")
    }

    @Test("on coverage a restriction over the limit is left to the windows, which still improve on the greedy plan; under it the restriction runs")
    func largeFirstLevelRestrictionsAreLeftToTheWindows() throws {
        let s = RandomScenario.make(seed: 1, shape: .large)
        func coverage(limit: Int?) throws -> (Plan, String) {
            var matcher = Self.streetPath(GLPKSolver())
            if let limit { matcher.restrictedColumnsOnFirstLevel = limit }
            let lines = Lines()
            let plan = try matcher.solve(s, options: MatchOptions(timeLimit: nil, progress: { lines.append($0) }))
            #expect(violations(of: plan, in: s).isEmpty)
            return (plan, try #require(lines.all.first { $0.hasPrefix("level coverage done") }))
        }
        let (shipped, shippedTrace) = try coverage(limit: nil)
        let (windowsOnly, windowsTrace) = try coverage(limit: 0)
        #expect(shippedTrace.contains("MIP status") && !shippedTrace.contains("left to the windows"), "\(shippedTrace)")
        #expect(windowsTrace.contains("left to the windows") && !windowsTrace.contains("MIP status"), "\(windowsTrace)")
        #expect(windowsTrace.contains("windows of about"), "\(windowsTrace)")
        let mm = MatchingModel(scenario: s)
        let greedy = try #require(GreedyDispatch(scenario: s, model: mm).solution())
        let value = { (p: Plan) in p.levels.first { $0.level == .coverage }!.value }
        #expect(value(windowsOnly) > mm.objectives[.coverage]!.evaluate(greedy), "\(value(windowsOnly)) against the greedy plan's")
    }

    @Test("on a street-sized part re-staffing around the relaxation dives once on travel, then once with swaps, before the windows with the slots free, and never on pledges")
    func streetTravelIsReStaffedAroundItsRelaxation() throws {
        let s = RandomScenario.make(seed: 1, shape: .large)
        let lines = Lines()
        let plan = try Self.streetPath(GLPKSolver()).solve(s, options: MatchOptions(timeLimit: nil, progress: { lines.append($0) }))
        #expect(violations(of: plan, in: s).isEmpty)
        let travel = try #require(lines.all.first { $0.hasPrefix("level travel done") })
        let pledges = try #require(lines.all.first { $0.hasPrefix("level pledges done") })
        let guided = try #require(travel.range(of: "re-staffing around its relaxation"), "\(travel)")
        let free = try #require(travel.range(of: "re-staffing with the slots free"), "\(travel)")
        let swapped = try #require(travel.range(of: "re-staffing with swaps around its relaxation"), "\(travel)")
        #expect(guided.lowerBound < swapped.lowerBound && swapped.lowerBound < free.lowerBound)
        // One round each: the support and the plan's columns, without the nearest members.
        #expect(!travel.contains("nearest)"), "\(travel)")
        #expect(!pledges.contains("around its relaxation"), "\(pledges)")
    }
}

/// Re-staffing's many small searches run as lean dives; the restricted MIPs before them and every best-bound
/// search keep GLPK's cuts and branching (`SolveOptions.leanDive`, docs/model.md "Lean dives").
@Suite struct LeanDiveTests {
    @Test("re-staffing dives lean; the restricted MIPs and the proofs do not")
    func onlyReStaffingDivesLean() throws {
        // The street path on a 150-member week: restricted MIPs of about a thousand columns, then windows.
        let s = RandomScenario.make(seed: 1, shape: .large)
        let solver = RecordingSolver()
        let plan = try SlotWindowTests.streetPath(solver).solve(s, options: MatchOptions(timeLimit: nil))
        #expect(violations(of: plan, in: s).isEmpty)
        let calls = solver.calls
        let lean = calls.filter(\.leanDive), full = calls.filter { !$0.leanDive }
        #expect(!lean.isEmpty && lean.allSatisfy { $0.depthFirst }, "\(calls)")
        // The restricted MIPs below coverage dive with the bound's work; coverage's searches take the best bound.
        #expect(full.contains { $0.depthFirst }, "\(calls)")
        #expect(full.contains { !$0.depthFirst }, "\(calls)")
    }
}

/// Records how each solve was asked for, then hands it to GLPK.
private final class RecordingSolver: MIPSolver, @unchecked Sendable {
    struct Call: CustomStringConvertible {
        let depthFirst: Bool, leanDive: Bool
        var description: String { "\(depthFirst ? "depth first" : "best bound")\(leanDive ? ", lean" : "")" }
    }
    private let lock = NSLock()
    private var recorded: [Call] = []
    var name: String { "recording GLPK" }
    var version: String { GLPKSolver().version }
    var calls: [Call] { lock.lock(); defer { lock.unlock() }; return recorded }
    func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        if model.variables.contains(where: { $0.kind != .continuous }) {
            lock.lock(); recorded.append(Call(depthFirst: options.nodeOrder == .depthFirst, leanDive: options.leanDive)); lock.unlock()
        }
        return try GLPKSolver().solve(model, options: options)
    }
}

/// Progress lines collected from the matcher's callback, which may be called from its worker threads.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
