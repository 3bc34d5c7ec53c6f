import CommunityMatch
import Foundation
import GLPKSolver
import MatchModel
import Testing

/// GLPK 5.0 answers each of these with a printed line and `abort()` (FACTS.md): zero rows or columns added,
/// a name over 255 characters, an out-of-range index, a duplicate (row, column) in `glp_load_matrix`, a bad
/// parameter. Each test drives one of them through the public solver (and, where a scenario can produce it,
/// through the matcher) inside an exit test: a child process that must exit successfully, so an abort
/// anywhere in the call would fail the test instead of killing the test run.
///
/// The checks that stop them: `ModelValidator` (indices, duplicates, numbers, bounds, options), and the
/// backend itself (no `glp_add_rows(P, 0)` or `glp_add_cols(P, 0)`; names never passed to GLPK).
@Suite struct GLPKAbortTests {
    /// A two-item knapsack every case starts from.
    static func knapsack() -> LinearModel {
        var m = LinearModel(name: "knapsack")
        let a = m.addVariable("a", .binary)
        let b = m.addVariable("b", .binary)
        m.objective = .init(name: "value", sense: .maximize, terms: [.init(a, 3), .init(b, 2)])
        m.addConstraint("weight", [.init(a, 2), .init(b, 2)], upper: 3)
        return m
    }

    @Test func zeroColumnsNeverReachGLPK() async {
        await #expect(processExitsWith: .success) {
            var m = LinearModel(name: "no-columns")
            m.addConstraint("empty", [], upper: 1)
            let r = try GLPKSolver().solve(m, options: SolveOptions())
            guard r.termination == .optimal, r.values == [] else { exit(2) }
        }
    }

    @Test func zeroRowsNeverReachGLPK() async {
        await #expect(processExitsWith: .success) {
            var m = Self.knapsack()
            m.constraints = []
            let r = try GLPKSolver().solve(m, options: SolveOptions())
            guard r.termination == .optimal, r.objectiveValue == 5 else { exit(2) }
        }
    }

    /// Names come from free-text ids; the backend never hands them to GLPK, so any length solves.
    @Test func namesOver255CharactersNeverReachGLPK() async {
        await #expect(processExitsWith: .success) {
            var m = Self.knapsack()
            m.name = String(repeating: "街", count: 300)
            m.variables[0].name = String(repeating: "x", count: 1000)
            m.constraints[0].name = String(repeating: "名", count: 400)
            m.objective.name = String(repeating: "o", count: 256)
            let r = try GLPKSolver().solve(m, options: SolveOptions())
            guard r.termination == .optimal, r.objectiveValue == 3 else { exit(2) }
        }
    }

    @Test func outOfRangeIndexIsRejectedBeforeGLPK() async {
        await #expect(processExitsWith: .success) {
            for bad in [2, -1, Int(Int32.max)] {
                var m = Self.knapsack()
                m.constraints[0].terms.append(.init(bad, 1))
                do {
                    _ = try GLPKSolver().solve(m, options: SolveOptions())
                    exit(2)
                } catch let e as SolverFailure {
                    guard e.message.contains("GLPK was not called"), e.message.contains("variable \(bad)") else { exit(3) }
                }
                var o = Self.knapsack()
                o.objective.terms.append(.init(bad, 1))
                guard (try? GLPKSolver().solve(o, options: SolveOptions())) == nil else { exit(4) }
            }
        }
    }

    @Test func duplicateMatrixEntryIsRejectedBeforeGLPK() async {
        await #expect(processExitsWith: .success) {
            var m = Self.knapsack()
            m.constraints[0].terms.append(.init(0, 5))
            do {
                _ = try GLPKSolver().solve(m, options: SolveOptions())
                exit(2)
            } catch let e as SolverFailure {
                guard e.message.contains("appears more than once") else { exit(3) }
            }
        }
    }

    @Test func badParametersAreRejectedBeforeGLPK() async {
        await #expect(processExitsWith: .success) {
            let m = Self.knapsack()
            let bad = [SolveOptions(timeLimit: -1), SolveOptions(timeLimit: .nan), SolveOptions(relativeGap: -0.5),
                       SolveOptions(relativeGap: .nan), SolveOptions(start: [1]), SolveOptions(start: [.nan, 0])]
            for options in bad {
                guard (try? GLPKSolver().solve(m, options: options)) == nil else { exit(2) }
            }
            var nanBound = m
            nanBound.variables[0].upper = .nan
            guard (try? GLPKSolver().solve(nanBound, options: SolveOptions())) == nil else { exit(3) }
            var nanRow = m
            nanRow.constraints[0].upper = .nan
            guard (try? GLPKSolver().solve(nanRow, options: SolveOptions())) == nil else { exit(4) }
            // Still alive, and GLPK still works in this process.
            guard (try? GLPKSolver().solve(m, options: SolveOptions()))?.objectiveValue == 3 else { exit(5) }
        }
    }

    /// The same cases from real scenarios: ids far over 255 characters, a week with no members (no columns),
    /// and one with members but no tasks (nothing to model): the matcher plans each without GLPK aborting.
    @Test func scenariosThatWouldMakeDegenerateModelsSolve() async {
        await #expect(processExitsWith: .success) {
            let long = String(repeating: "长", count: 300)
            let sat = Slot(day: 5, period: 0)
            let c = Community(id: "C" + long, lat: 25, lon: 102)
            let u = StationedUnit(id: "U" + long, pledgeHours: 2)
            let m = Member(id: "M" + long, unit: u.id, community: c.id, slots: [sat])
            let n = Need(id: "N" + long, community: c.id, hours: 2, slots: [sat])
            let matcher = Matcher(solver: GLPKSolver())
            let full = try matcher.solve(Scenario(communities: [c], units: [u], members: [m], needs: [n]))
            guard full.assignments.count == 1 else { exit(2) }
            let noMembers = try matcher.solve(Scenario(communities: [c], units: [u], members: [], needs: [n]))
            guard noMembers.assignments.isEmpty, noMembers.unmet.count == 1 else { exit(3) }
            let noTasks = try matcher.solve(Scenario(communities: [c], units: [u], members: [m], needs: []))
            guard noTasks.assignments.isEmpty else { exit(4) }
        }
    }
}
