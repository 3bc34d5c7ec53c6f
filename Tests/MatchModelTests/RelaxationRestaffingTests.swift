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

    @Test("on generated weeks it keeps every covered task covered, coverage and pledges held, every hard rule, never adds travel, and repeats exactly")
    func keepsWhatIsHeldAndNeverWorsens() throws {
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
                var trace: [String] = []
                _ = try search.aroundRelaxation(&x, solver: GLPKSolver(), deadline: nil, budget: .standard,
                                                extras: StaffingSearch.relaxationExtras, trace: &trace)
                return x
            }
            let x = try run()
            #expect(ModelValidator.violations(of: x, in: model).isEmpty, "seed \(seed)")
            // The independent checker, on the plan as it would be written.
            let plan = PlanExtractor(scenario: s, model: mm).plan(from: x)
            #expect(violations(of: plan, in: s).isEmpty, "seed \(seed): \(violations(of: plan, in: s))")
            #expect(Self.coveredTasks(mm, x) == Self.coveredTasks(mm, start), "seed \(seed)")
            // Coverage cannot move with the covered tasks fixed; the pledge shortfall is held as a ceiling.
            let coverage = mm.objectives[.coverage]!, pledges = mm.objectives[.pledges]!
            #expect(abs(coverage.evaluate(x) - coverage.evaluate(start)) < 1e-6, "seed \(seed)")
            #expect(pledges.evaluate(x) <= pledges.evaluate(start) + 1e-6, "seed \(seed)")
            let travel = model.objective
            #expect(travel.evaluate(x) <= travel.evaluate(start) + 1e-9, "seed \(seed)")
            if travel.evaluate(x) < travel.evaluate(start) - 1e-6 { improved += 1 }
            #expect(try run() == x, "seed \(seed)")
        }
        // Greedy dispatch takes each task's nearest free members in task order; the pass must do better somewhere.
        #expect(improved >= 5, "\(improved) of 40 improved")
    }
}
