import CommunityMatch
import Foundation
import GLPKSolver
import MIPModel
@testable import MatchModel
@testable import MatchSearch
import PlanIO
import PlanVerify
import ScenarioIO
import TestSupport
import Testing

/// The week split into independent parts (`WeekPartition`, `PartwiseSolve`), forced on small random weeks so
/// that every plan can be checked against the independent verifier and against the week solved whole.
@Suite struct PartwiseTests {
    static let seeds: [UInt64] = Array(1...240)

    static func scenario(_ seed: UInt64) -> Scenario {
        var s = RandomScenario.make(seed: seed, shape: seed % 3 == 0 ? .medium : .property)
        // Spread the communities out so that many weeks fall into several parts.
        for i in s.communities.indices where i % 2 == 1 { s.communities[i].lat += 0.05 * Double(i) }
        return Scenario(settings: s.settings, communities: s.communities, units: s.units, members: s.members,
                        resources: s.resources, needs: s.needs, projects: s.projects,
                        travelOverrides: s.travelOverrides, pins: s.pins)
    }

    static func split(threads: Int = 1) -> MatchOptions {
        var o = MatchOptions(threads: threads)
        o.decomposeAbove = 0
        o.bundleOptions = 0
        return o
    }

    static func parts(_ s: Scenario) -> Int {
        let tasks = TaskSpec.all(in: s)
        return WeekPartition(scenario: s, tasks: tasks, eligibility: Eligibility(scenario: s, tasks: tasks), bundle: 0).parts.count
    }

    @Test("a week solved part by part obeys every hard rule, reports its levels truly, and covers what the whole solve covers",
          arguments: seeds)
    func partwisePlansAreValidAndReachTheWholeOptimum(seed: UInt64) throws {
        let s = Self.scenario(seed)
        let context = "seed \(seed)\n\(RandomScenario.describe(s))"
        let whole: Plan, split: Plan
        do {
            whole = try Matcher(solver: GLPKSolver()).solve(s)
            split = try Matcher(solver: GLPKSolver()).solve(s, options: Self.split())
        } catch is PinConflict { return }  // the same pins conflict either way; PropertyTests covers pins
        let planText = "plan:\n\(RandomScenario.describe(split, in: s))\n\(context)"
        let v = violations(of: split, in: s)
        #expect(v.isEmpty, "\(v.count) violations:\n  \(v.joined(separator: "\n  "))\n\(planText)")
        let m = levelMismatches(of: split, in: s)
        #expect(m.isEmpty, "\(m.joined(separator: "; "))\n\(planText)")
        let wholeCoverage = whole.levels.first { $0.level == .coverage }!
        let splitCoverage = split.levels.first { $0.level == .coverage }!
        // Coverage is a sum over independent parts: the split reaches the whole optimum whenever it claims to,
        // never more, and its bound is never below the optimum.
        #expect(splitCoverage.value <= wholeCoverage.value + 1e-6, "\(planText)")
        #expect(splitCoverage.bound >= wholeCoverage.value - 1e-6, "bound \(splitCoverage.bound) below the optimum \(wholeCoverage.value)\n\(planText)")
        if splitCoverage.optimal {
            #expect(levelsAgree(splitCoverage.value, wholeCoverage.value), "\(planText)")
        }
        // A level reported optimal matches the whole solve's lexicographic optimum.
        for (a, b) in zip(split.levels, whole.levels) where a.optimal && b.optimal && split.levels.prefix(while: { $0.optimal }).contains(where: { $0.level == a.level }) {
            #expect(levelsAgree(a.value, b.value), "level \(a.level.rawValue): split \(a.value), whole \(b.value)\n\(planText)")
        }
        for l in split.levels {
            let better = l.level == .coverage ? l.bound >= l.value - 1e-6 : l.bound <= l.value + 1e-6
            #expect(better, "level \(l.level.rawValue) bound \(l.bound) on the wrong side of value \(l.value)\n\(planText)")
        }
    }

    @Test("the random weeks exercise the split: many fall into several parts")
    func manyWeeksSplit() {
        let split = Self.seeds.filter { Self.parts(Self.scenario($0)) > 1 }.count
        #expect(split >= Self.seeds.count / 3, "only \(split) of \(Self.seeds.count) weeks split")
    }

    /// The two tests around this one return early on a week whose pins conflict: count the weeks no early return
    /// can skip (a week without pins has no pin to conflict), so that a change to the generator cannot quietly
    /// turn them into tests of nothing.
    @Test("the early returns skip few weeks: most have no pins and are checked in full")
    func mostWeeksAreReallyChecked() {
        // Measured: 194 of the 240 weeks, and 47 of the first 60 (the threads test), are free of pins.
        let pinFree = Self.seeds.filter { Self.scenario($0).pins.isEmpty }.count
        #expect(pinFree >= 180, "only \(pinFree) of \(Self.seeds.count) weeks are free of pins")
        let threaded = Self.seeds.prefix(60).filter { Self.scenario($0).pins.isEmpty }.count
        #expect(threaded >= 40, "only \(threaded) of 60 weeks are free of pins")
    }

    @Test("one and two worker threads give the same plan, byte for byte", arguments: Array(Self.seeds.prefix(60)))
    func threadsDoNotChangeThePlan(seed: UInt64) throws {
        let s = Self.scenario(seed)
        let one: Plan, two: Plan
        do {
            one = try Matcher(solver: GLPKSolver()).solve(s, options: Self.split(threads: 1))
            two = try Matcher(solver: GLPKSolver()).solve(s, options: Self.split(threads: 2))
        } catch is PinConflict { return }
        #expect(try planBytes(one, s) == planBytes(two, s), "seed \(seed)")
    }

    @Test("a fund usable anywhere, wanted by two parts in one slot, goes to the more valuable project and the gap says so")
    func pooledFundIsReconciledAcrossParts() throws {
        let sat = Slot(day: 5, period: 0)
        let communities = [Community(id: "A", lat: 30, lon: 120), Community(id: "B", lat: 31, lon: 121)]
        let units = [StationedUnit(id: "U1"), StationedUnit(id: "F")]
        let members = [Member(id: "MA", unit: "U1", community: "A", slots: [sat]),
                       Member(id: "MB", unit: "U1", community: "B", slots: [sat])]
        let fund = Resource(id: "R", unit: "F", kind: "funds", community: nil, capacity: 1, slots: nil, quantity: 300)
        let funds = [ResourceRequirement(kind: "funds", amount: 300)]
        let projects = [
            Project(id: "PA", community: "A", slots: [sat], hours: 2, roles: [Role(skill: "any", min: 1, max: 1)],
                    resources: funds, beneficiaries: 8, priority: 3),
            Project(id: "PB", community: "B", slots: [sat], hours: 2, roles: [Role(skill: "any", min: 1, max: 1)],
                    resources: funds, beneficiaries: 20, priority: 3),
        ]
        let s = Scenario(communities: communities, units: units, members: members, resources: [fund], needs: [],
                         projects: projects)
        #expect(Self.parts(s) == 2)
        let plan = try Matcher(solver: GLPKSolver()).solve(s, options: Self.split(threads: 2))
        #expect(violations(of: plan, in: s).isEmpty)
        #expect(plan.covered.keys.map(\.id) == ["PB"])
        let coverage = plan.levels.first { $0.level == .coverage }!
        #expect(coverage.value == 500)
        #expect(coverage.bound == 700)   // each part was offered the fund: the relaxation's bound
        #expect(!coverage.optimal)
        #expect(plan.unmet.map(\.task.id) == ["PA"])
    }

    /// Three split weeks of more than `parts` parts solved with a clock that "runs out" at the first progress line
    /// containing `trigger` (every solve after it stops at the time limit), each handed to `check` with its seed,
    /// its plan and its plan with the clock never binding. Weeks with conflicting pins are passed over.
    func clockRunsOut(at trigger: String, moreThan parts: Int,
                      _ check: (UInt64, Scenario, _ plan: Plan, _ calm: Plan) -> Void) throws {
        var weeks = 0
        for seed in Self.seeds where weeks < 3 {
            let s = Self.scenario(seed)
            guard Self.parts(s) > parts else { continue }
            let solver = ExpiringSolver()
            var options = Self.split()
            options.progress = { if $0.contains(trigger) { solver.expire() } }
            let plan: Plan
            do { plan = try Matcher(solver: solver).solve(s, options: options) } catch is PinConflict { continue }
            guard solver.expired else { continue }
            weeks += 1
            #expect(violations(of: plan, in: s).isEmpty, "seed \(seed)")
            check(seed, s, plan, try Matcher(solver: GLPKSolver()).solve(s, options: Self.split()))
        }
        #expect(weeks == 3)
    }

    @Test("a step of the pledge pass that the clock cuts makes the week's levels below coverage say the time limit bound")
    func pledgePassCutByTheClockIsReported() throws {
        var levelsCut = 0
        try clockRunsOut(at: "pledges across parts", moreThan: 1) { seed, _, plan, calm in
            for level in plan.levels.dropFirst() where !level.optimal {
                #expect(level.stop == .timeLimit, "seed \(seed): \(level.level) stopped for \(String(describing: level.stop))")
                levelsCut += 1
            }
            // The same week with the clock never binding says nothing of the kind.
            #expect(!calm.levels.contains { $0.stop == .timeLimit }, "seed \(seed)")
        }
        #expect(levelsCut > 0)
    }

    @Test("the parts the pledge pass leaves as they were end in chains, and the week stays no further short of its pledges")
    func partsThePassLeftEndInChains() throws {
        var weeks = 0
        for seed in Self.seeds where weeks < 5 {
            let s = Self.scenario(seed)
            guard Self.parts(s) > 1 else { continue }
            let lines = Lines()
            var options = Self.split()
            // Without the pass's steps every part it would solve again keeps its first solve's plan.
            options.pledgePassSteps = false
            options.progress = { lines.append($0) }
            let plan: Plan
            do { plan = try Matcher(solver: GLPKSolver()).solve(s, options: options) } catch is PinConflict { continue }
            let all = lines.all
            guard let at = all.firstIndex(where: { $0.hasPrefix("windows in chains: part") }) else { continue }
            weeks += 1
            // Each unit's shortfall is held in the part: the week's pledge level cannot lose.
            let words = all[at].split(separator: " ")
            let short = try #require(words.firstIndex(of: "hours").flatMap { Double(words[$0 - 1]) }, "\(all[at])")
            let pledges = try #require(plan.levels.first { $0.level == .pledges })
            #expect(pledges.value <= short + 1e-6, "seed \(seed): \(pledges.value) hours short after the chains, \(short) before")
            #expect(violations(of: plan, in: s).isEmpty, "seed \(seed)")
            #expect(levelMismatches(of: plan, in: s).isEmpty, "seed \(seed)")
        }
        #expect(weeks >= 3, "\(weeks) weeks ran the chains after the pledge pass")
    }

    @Test("every part's coverage is solved before any part's lower levels: a clock that runs out below coverage costs no coverage")
    func everyPartsCoverageComesFirst() throws {
        // The clock runs out as the first part starts its second level: solved part after part, the parts not yet
        // started would keep their greedy plans and the trivial bound.
        try clockRunsOut(at: "level 2/", moreThan: 2) { seed, _, plan, calm in
            #expect(abs(plan.levels[0].value - calm.levels[0].value) <= 1e-6 * max(1, calm.levels[0].value),
                    "seed \(seed): coverage \(plan.levels[0].value) against \(calm.levels[0].value) with the clock never binding")
            #expect(plan.levels[0].bound == calm.levels[0].bound, "seed \(seed)")
        }
    }

    /// Weeks with pins, without columns or without a proven optimum have nothing to compare the bound with and
    /// are passed over; how many were really checked is counted and held to a minimum.
    @Test("the Lagrangian bound is never below the proven coverage optimum")
    func lagrangianBoundIsValid() throws {
        var checked = 0
        for seed in Self.seeds.prefix(120) {
            let s = Self.scenario(seed)
            let mm = MatchingModel(scenario: s)
            guard !mm.covers.isEmpty, mm.impossiblePins.isEmpty, s.pins.isEmpty else { continue }
            let whole = try Matcher(solver: GLPKSolver()).solve(s)
            let coverage = whole.levels.first { $0.level == .coverage }!
            guard coverage.optimal else { continue }
            let outcome = LagrangianBound(model: mm, scenario: s).run(incumbent: 0, iterations: 200, extra: 1, deadline: nil)
            let bound = try #require(outcome?.bound, "seed \(seed)")
            #expect(bound >= coverage.value - 1e-6, "seed \(seed): Lagrangian \(bound) < optimum \(coverage.value)")
            checked += 1
        }
        // Measured: 78 of the 120 weeks have no pins, some columns and a proven optimum.
        #expect(checked >= 70, "only \(checked) of 120 weeks checked")
    }

    /// Column generation stands in for the simplex on models too large for it, so its bound must hold and,
    /// once it says it converged, its LP optimum must be the whole relaxation's — checked against GLPK's
    /// simplex on the whole model, which these small weeks allow.
    @Test("column generation's bound holds, and when it says it converged its LP is the whole relaxation's optimum")
    func columnGenerationReachesTheWholeRelaxation() throws {
        let matcher = Matcher(solver: GLPKSolver())
        var converged = 0, tried = 0
        for seed in Self.seeds.prefix(120) {
            let s = Self.scenario(seed)
            let mm = MatchingModel(scenario: s)
            guard !mm.covers.isEmpty, mm.impossiblePins.isEmpty,
                  let start = GreedyDispatch(scenario: s, model: mm).solution() else { continue }
            var model = mm.model
            model.objective = mm.objectives[.coverage]!
            let whole = try GLPKSolver().solve(model.relaxation, options: SolveOptions())
            let lpValue = try #require(whole.objectiveValue, "seed \(seed): \(whole.rawStatus)")
            var trace: [String] = []
            let generated = try #require(try matcher.generatedBound(
                model, matching: mm, lagrangian: LagrangianBound(model: mm, scenario: s), start: start, deadline: nil,
                trace: &trace), "seed \(seed)")
            tried += 1
            let tolerance = 1e-6 * max(1, abs(lpValue))
            // The Lagrangian keeps each task-slot whole, so its bound may fall below the LP's; never below
            // the best plan, which the whole MIP proves.
            let mip = try GLPKSolver().solve(model, options: SolveOptions())
            if mip.termination == .optimal, let optimum = mip.objectiveValue {
                #expect(generated.bound.bound >= optimum - tolerance, "seed \(seed): bound \(generated.bound.bound) < optimum \(optimum)")
            }
            if let optimum = generated.optimum {
                converged += 1
                #expect(abs((optimum.objectiveValue ?? .nan) - lpValue) <= tolerance,
                        "seed \(seed): converged at \(optimum.objectiveValue ?? .nan), the whole LP is \(lpValue)")
                #expect(abs(model.objective.evaluate(optimum.values!) - lpValue) <= tolerance, "seed \(seed)")
            }
        }
        #expect(tried >= 90)
        // Pins and pledge rows can leave duals the Lagrangian does not price; most weeks still converge.
        #expect(converged * 10 >= tried * 9, "converged on \(converged) of \(tried)")
    }

    /// On the county and capital column generation runs against the clock, and it must give up cleanly at
    /// any point: forced here on the street week (77k columns) with short limits, every run gives a plan
    /// that the independent verifier accepts and a coverage bound no plan exceeds (a run once handed GLPK a
    /// negative time limit when the deadline passed while a restriction was being built).
    @Test("column generation under short time limits gives a valid plan and a bound above it", arguments: [0.5, 2.0, 5.0])
    func columnGenerationUnderShortLimits(limit: Double) throws {
        let street = Paths.repo.appendingPathComponent("scenarios/nanguan-street").path
        let scenario = try ScenarioLoader.load(folder: street).scenario
        var matcher = Matcher(solver: GLPKSolver())
        matcher.lpColumnLimit = 0
        let plan = try matcher.solve(scenario, options: MatchOptions(timeLimit: limit, threads: 2))
        try #require(plan.status != .timeLimitNoPlan)
        #expect(PlanVerifier(scenario: scenario).violations(of: plan).isEmpty)
        let coverage = try #require(plan.levels.first { $0.level == .coverage })
        // HiGHS proved the street's optimum: 135,492.5 (BENCHMARKS.md).
        #expect(coverage.bound >= 135_492.5 - 1e-6, "bound \(coverage.bound)")
        #expect(coverage.value <= 135_492.5 + 1e-6 && coverage.value <= coverage.bound + 1e-6)
    }

    func planBytes(_ plan: Plan, _ s: Scenario) throws -> [String: Data] {
        var p = plan
        p.timings = [:]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("partwise-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = PlanWriter(scenario: s, plan: p, versions: ToolVersions(cmatch: "test", solver: "glpk"), scenarioHash: "x")
        try writer.write(to: dir)
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) where f != "summary.json" {
            out[f] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
        }
        return out
    }
}

/// GLPK until `expire()`, then a solver whose every solve stops at the time limit without a plan, as GLPK's
/// does when the clock has run out: a deterministic stand-in for a busy machine.
private final class ExpiringSolver: MIPSolver, @unchecked Sendable {
    private let lock = NSLock()
    private var isExpired = false
    var name: String { "expiring GLPK" }
    var version: String { GLPKSolver().version }
    var expired: Bool { lock.lock(); defer { lock.unlock() }; return isExpired }
    func expire() { lock.lock(); isExpired = true; lock.unlock() }
    func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        if expired {
            return SolveResult(termination: .timeLimit, values: nil, objectiveValue: nil, bound: nil, rawStatus: "time limit (test)")
        }
        return try GLPKSolver().solve(model, options: options)
    }
}
