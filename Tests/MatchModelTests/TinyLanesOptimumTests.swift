import CommunityMatch
import Foundation
import GLPKSolver
import MatchSearch
import ScenarioIO
import TestSupport
import Testing

/// scenarios/tiny-lanes/README.md derives the week's optimum by hand: coverage 6,750, pledge shortfall 0,
/// travel 16.67 minutes, which tasks are covered and the reason each unmet task gives. The solver must
/// agree with the hand, and the README must not drift from what the solver finds.
@Suite struct TinyLanesOptimumTests {
    static let folder = Paths.scenario("tiny-lanes").path

    @Test("the optimum derived by hand in the README: 6,750 / 0 / 16.67, proven, with the same tasks and reasons")
    func readmeOptimum() throws {
        let s = try ScenarioLoader.load(folder: Self.folder).scenario
        let plan = try Matcher(solver: GLPKSolver()).solve(s)
        let levels = Dictionary(uniqueKeysWithValues: plan.levels.map { ($0.level, $0) })
        #expect(plan.levels.map(\.level) == [.coverage, .pledges, .travel])
        #expect(plan.levels.allSatisfy { $0.optimal }, "\(plan.levels)")
        #expect(levels[.coverage]?.value == 6_750)
        #expect(levels[.pledges]?.value == 0)
        // Five trips of 9.33 minutes between C1 and C2, less the 30-minute continuity bonus for N01.
        let travel = try #require(levels[.travel]?.value)
        #expect(abs(travel - 16.67) < 0.005, "travel \(travel)")
        #expect(plan.covered.keys.map(\.id).sorted() == ["N01", "N02", "N03", "N04", "N09", "P1"])
        #expect(plan.unmet.sorted { $0.task < $1.task }.map { "\($0.task.id) \($0.reason.rawValue)" }
                == ["N05 no_skill", "N06 no_one_in_reach", "N07 no_slot", "N08 outcompeted"])
        // The independent checker reads the same values off the plan.
        #expect(violations(of: plan, in: s).isEmpty)
        #expect(levelMismatches(of: plan, in: s).isEmpty)
    }
}
