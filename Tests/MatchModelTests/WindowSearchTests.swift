import CommunityMatch
import GLPKSolver
import MIPModel
import MatchModel
@testable import MatchSearch
import TestSupport
import Testing

/// `WindowSearch`: a large part's plan improved one neighbourhood at a time. On a week big enough for several
/// windows, starting from greedy dispatch: every window's plan is feasible, coverage never falls, the work
/// budget (windows, nodes) ends the run, and the same run gives the same plan.
@Suite struct WindowSearchTests {
    /// A generated week of 150 members and 70 needs: more columns than one window holds.
    static func week() -> (LinearModel, MatchingModel, Scenario) {
        let s = RandomScenario.make(seed: 7, shape: .large)
        let mm = MatchingModel(scenario: s)
        var model = mm.model
        model.objective = mm.objectives[.coverage]!
        return (model, mm, s)
    }

    @Test("windows improve greedy dispatch's plan without breaking a row, stop on the budget, and repeat exactly")
    func windowsImproveAndRepeat() throws {
        let (model, mm, s) = Self.week()
        #expect(model.variables.count > WindowSearch.windowColumns, "\(model.variables.count) columns: one window only")
        let start = try #require(GreedyDispatch(scenario: s, model: mm).solution())
        let budget = WorkBudget(nodes: 200, windows: 3, generationRounds: 1)
        func search() throws -> ([Double], WindowSearch.Stop) {
            var x = start
            var trace: [String] = []
            let (_, stop) = try WindowSearch(model: model, matching: mm, scenario: s)
                .run(&x, solver: GLPKSolver(), deadline: nil, maxWindows: budget.windows, budget: budget, trace: &trace)
            return (x, stop)
        }
        let (x, stop) = try search()
        #expect(ModelValidator.violations(of: x, in: model).isEmpty)
        #expect(model.objective.evaluate(x) >= model.objective.evaluate(start) - Tolerance.epsilon)
        #expect(stop == .budget || stop == .noProgress)
        let (again, _) = try search()
        #expect(again == x)
    }

    @Test("a model that fits one window is left to the whole MIP: no window runs")
    func oneWindowRunsNothing() throws {
        let s = RandomScenario.make(seed: 7, shape: .tiny)
        let mm = MatchingModel(scenario: s)
        var model = mm.model
        model.objective = mm.objectives[.coverage]!
        var x = [Double](repeating: 0, count: model.variables.count)
        var trace: [String] = []
        let (improved, stop) = try WindowSearch(model: model, matching: mm, scenario: s)
            .run(&x, solver: GLPKSolver(), deadline: nil, trace: &trace)
        #expect(improved == 0 && stop == .noProgress && x.allSatisfy { $0 == 0 })
    }
}
