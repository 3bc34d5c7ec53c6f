import CommunityMatch
import Foundation
import GLPKSolver
import MIPModel
@testable import MatchSearch
import PlanIO
import TestSupport
import Testing

/// Where a search stops: proofs by the objective's step or the documented tolerance, the deterministic work
/// budget, the clock as a safety net — and the status each level then reports.
@Suite struct StoppingRuleTests {
    // MARK: The proof rules

    @Test("an objective on binaries with values 1,500, 1,000 and 7.5 moves in steps of 2.5")
    func coverageLikeObjectiveHasTheStepOfItsValues() {
        var m = LinearModel(name: "step")
        let a = m.addVariable("a", .binary), b = m.addVariable("b", .binary), c = m.addVariable("c", .binary)
        let o = LinearModel.Objective(name: "coverage", sense: .maximize,
                                      terms: [.init(a, 1500), .init(b, 1000), .init(c, 7.5)])
        #expect(o.step(in: m) == 2.5)
    }

    @Test("an objective with a continuous term, or with minutes like 16.67, has no step")
    func realValuedObjectivesHaveNoStep() {
        var m = LinearModel(name: "nostep")
        let a = m.addVariable("a", .binary), s = m.addVariable("s", .continuous, lower: 0, upper: 10)
        let continuous = LinearModel.Objective(name: "pledges", sense: .minimize, terms: [.init(a, 2), .init(s, 1)])
        #expect(continuous.step(in: m) == nil)
        let minutes = LinearModel.Objective(name: "travel", sense: .minimize, terms: [.init(a, 16.666666666666668)])
        #expect(minutes.step(in: m) == nil)
    }

    @Test("a bound less than one step above the incumbent proves it; a full step does not")
    func stepRoundsTheBoundDownToAnAttainableValue() {
        let exact = Optimality.exact
        #expect(exact.proves(value: 135_492.5, bound: 135_494.9, maximize: true, step: 2.5))
        #expect(!exact.proves(value: 135_492.5, bound: 135_495.0, maximize: true, step: 2.5))
        #expect(!exact.proves(value: 135_492.5, bound: 135_494.9, maximize: true))
        // Minimising: the bound rounds up.
        #expect(exact.proves(value: 10, bound: 9.1, maximize: false, step: 1))
        #expect(!exact.proves(value: 10, bound: 9, maximize: false, step: 1))
    }

    @Test("real-valued levels are proven within 0.01 % of the value, and within a hundredth of a minute near zero")
    func realValuedToleranceIsRelativeWithAnAbsoluteFloor() {
        let t = Optimality.realValued
        #expect(t.proves(value: 89.92, bound: 89.915, maximize: false))
        #expect(!t.proves(value: 89.92, bound: 89.90, maximize: false))
        #expect(t.proves(value: 0, bound: -0.005, maximize: false))
        #expect(!t.proves(value: 0, bound: -0.05, maximize: false))
    }

    // MARK: GLPK under the rules

    /// A knapsack with many equal-ratio items: its LP bound is fractional and branch-and-bound needs many
    /// nodes to close it, so a node budget binds.
    static func hardKnapsack(_ n: Int = 30) -> LinearModel {
        var m = LinearModel(name: "knapsack")
        var terms: [LinearModel.Term] = [], weights: [LinearModel.Term] = []
        for i in 0..<n {
            let x = m.addVariable("x\(i)", .binary)
            terms.append(.init(x, Double(2 * (i % 7) + 11)))
            weights.append(.init(x, Double(2 * (i % 7) + 11)))
        }
        m.addConstraint("capacity", weights, upper: Double(n * 7) + 0.5)
        m.objective = .init(name: "value", sense: .maximize, terms: terms)
        return m
    }

    @Test("a search that runs out of nodes stops with work_limit, and twice at the same place")
    func nodeBudgetStopsTheSearchReproducibly() throws {
        let m = Self.hardKnapsack()
        let options = SolveOptions(nodeLimit: 3)
        let first = try GLPKSolver().solve(m, options: options)
        let second = try GLPKSolver().solve(m, options: options)
        #expect(first.termination == .workLimit, "\(first.rawStatus)")
        #expect(first.values == second.values)
        #expect(first.bound == second.bound)
        // The same model without a budget is proven.
        let full = try GLPKSolver().solve(m, options: SolveOptions())
        #expect(full.termination == .optimal)
    }

    @Test("a search whose bound comes within one step of the incumbent stops as optimal, with the true optimum")
    func objectiveStepEndsTheSearchAsProven() throws {
        // Even weights and an odd capacity: the LP bound is never attainable and plain branch-and-bound must
        // enumerate to close the last half-unit; the step (2) closes it at once.
        var m = LinearModel(name: "parity")
        var terms: [LinearModel.Term] = []
        for i in 0..<24 { terms.append(.init(m.addVariable("x\(i)", .binary), 2)) }
        m.addConstraint("capacity", terms, upper: 23)
        m.objective = .init(name: "value", sense: .maximize, terms: terms)
        let stepped = try GLPKSolver().solve(m, options: SolveOptions(objectiveStep: 2))
        let plain = try GLPKSolver().solve(m, options: SolveOptions())
        #expect(stepped.termination == .optimal)
        #expect(stepped.objectiveValue == 22)
        #expect(stepped.bound == 22)
        #expect(plain.objectiveValue == 22)
    }

    // MARK: The matcher's levels

    static func week(_ seed: UInt64) -> Scenario { RandomScenario.make(seed: seed, shape: .medium) }

    @Test("with the standard budget and no clock a small week's levels are each proven or say what stopped them",
          arguments: [UInt64(3), 11, 17])
    func everyLevelIsProvenOrNamesItsCause(seed: UInt64) throws {
        let plan = try Matcher(solver: GLPKSolver()).solve(Self.week(seed), options: MatchOptions(timeLimit: nil))
        for l in plan.levels {
            #expect(l.optimal == (l.stop == nil), "\(l)")
            #expect(l.stop != .timeLimit, "no clock was set, yet \(l.level) says the time limit stopped it")
            if l.optimal {
                #expect(l.gap <= 1e-4 + 1e-9, "\(l.level) is optimal with a gap of \(l.gap)")
            }
        }
    }

    @Test("a week guided by the relaxation ends with the whole level's search and proves what whole branch-and-cut proves",
          arguments: [UInt64(3), 11])
    func guidedLevelsEndProvenWhereTheWholeSearchProves(seed: UInt64) throws {
        let s = Self.week(seed)
        let whole = try Matcher(solver: GLPKSolver()).solve(s, options: MatchOptions(timeLimit: nil))
        let reference = try #require(whole.levels.first { $0.level == .coverage })
        try #require(reference.optimal, "the reference solve must prove coverage: \(whole.levels)")
        var guided = Matcher(solver: GLPKSolver())
        guided.exactColumns = 0
        let plan = try guided.solve(s, options: MatchOptions(timeLimit: nil))
        #expect(violations(of: plan, in: s).isEmpty)
        let coverage = try #require(plan.levels.first { $0.level == .coverage })
        #expect(coverage.optimal, "\(coverage)")
        #expect(abs(coverage.value - reference.value) <= 1e-6, "guided \(coverage.value), whole \(reference.value)")
        if let pledges = whole.levels.first(where: { $0.level == .pledges }), pledges.optimal,
           let guidedPledges = plan.levels.first(where: { $0.level == .pledges }) {
            #expect(guidedPledges.optimal, "\(guidedPledges)")
            #expect(abs(guidedPledges.value - pledges.value) <= 1e-4 * max(1, pledges.value) + 1e-6)
        }
        // Without the whole search the guided path alone must still give a valid plan whose bound no plan beats.
        guided.provingColumns = 0
        let alone = try guided.solve(s, options: MatchOptions(timeLimit: nil))
        #expect(violations(of: alone, in: s).isEmpty)
        let aloneCoverage = try #require(alone.levels.first { $0.level == .coverage })
        #expect(aloneCoverage.bound >= reference.value - 1e-6 && aloneCoverage.value <= reference.value + 1e-6)
    }

    @Test("a week solved twice under a tiny work budget, once beside a busy thread, gives the same plan")
    func budgetedSolveIsTheSameUnderLoad() throws {
        var options = MatchOptions(timeLimit: 600)
        options.budget = WorkBudget(nodes: 2, windows: 2, generationRounds: 1)
        options.decomposeAbove = 0
        options.bundleOptions = 0
        let s = Self.week(5)
        // The large-model path (restricted MIPs, windows), where the clock used to decide everything.
        var matcher = Matcher(solver: GLPKSolver())
        matcher.exactColumns = 0
        let quiet = try matcher.solve(s, options: options)
        let spinning = Spinner()
        spinning.start()
        let busy = try matcher.solve(s, options: options)
        spinning.stop()
        #expect(RandomScenario.describe(quiet, in: s) == RandomScenario.describe(busy, in: s))
        #expect(quiet.levels.map(\.value) == busy.levels.map(\.value))
        #expect(quiet.levels.map(\.bound) == busy.levels.map(\.bound))
        #expect(quiet.levels.map(\.statusCode) == busy.levels.map(\.statusCode))
        #expect(!quiet.levels.contains { $0.stop == .timeLimit })
        // A count, not a proof, ended some level (the budget, or a pass of windows without progress):
        // otherwise this would test nothing the old rule lacked. Never the clock.
        #expect(quiet.levels.contains { $0.stop == .workBudget || $0.stop == .noProgress }, "\(quiet.levels.map { ($0.level, $0.statusCode, $0.value, $0.bound) })")
    }

    @Test("a level the safety net cuts short says stopped: time limit, never work budget")
    func clockStopsAreNamedAsSuch() throws {
        var options = MatchOptions(timeLimit: 1e-6)
        options.budget = .standard
        let plan = try Matcher(solver: GLPKSolver()).solve(Self.week(5), options: options)
        // GLPK never starts; the greedy plan is kept and every level blames the clock.
        #expect(plan.levels.contains { !$0.optimal }, "\(plan.levels)")
        for l in plan.levels where !l.optimal {
            #expect(l.stop == .timeLimit, "\(l)")
            #expect(Language.en.status(l.statusCode) == "stopped: time limit")
            #expect(Language.zh.status(l.statusCode) == "已停止：到达时间限制")
        }
    }

    @Test("status words: optimal, or stopped with the cause")
    func statusWordsNameTheCause() {
        #expect(Language.en.status(LevelOutcome(level: .coverage, value: 1, bound: 1, optimal: true, stop: .workBudget).statusCode) == "optimal (proven)")
        #expect(Language.en.status(LevelOutcome(level: .travel, value: 1, bound: 0, optimal: false, stop: .workBudget).statusCode) == "stopped: work budget")
        #expect(Language.en.status(LevelOutcome(level: .travel, value: 1, bound: 0, optimal: false, stop: .gapLimit).statusCode) == "stopped: gap reached")
        #expect(LevelOutcome(level: .travel, value: 1, bound: 0, optimal: false, stop: .noProgress).statusCode == "no_progress")
    }
}

/// Keeps one core busy while a solve runs beside it.
private final class Spinner: @unchecked Sendable {
    private let lock = NSLock()
    private var running = false
    private var thread: Thread?

    func start() {
        lock.withLock { running = true }
        let t = Thread { [self] in
            var x = 0.0
            while lock.withLock({ running }) { for i in 0..<10_000 { x += sin(Double(i)) } }
            _ = x
        }
        thread = t
        t.start()
    }

    func stop() { lock.withLock { running = false } }
}
