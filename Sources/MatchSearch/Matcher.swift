import CommunityMatch
import Foundation
import MIPModel
import MatchModel

/// Options of one weekly solve.
public struct MatchOptions: Sendable {
    /// Wall seconds for all levels together; nil: no limit.
    public var timeLimit: Double?
    /// Relative gap at which each level may stop.
    public var relativeGap: Double
    /// Called with a short phase description (for progress lines); may be nil.
    public var progress: (@Sendable (String) -> Void)?
    public var strategy: Strategy
    /// Worker threads for the independent parts of a week (each solves its parts on its own GLPK
    /// problems). The plan does not depend on it whenever no time limit cuts a part short.
    public var threads: Int
    /// Split the week into independent parts first (on by default; off to measure what it gains).
    public var decompose: Bool
    /// Weeks with at most this many member and resource options are solved whole, where branch-and-cut
    /// proves every level; splitting pays above it. Tests lower it to exercise the split on small weeks.
    public var decomposeAbove: Int = Matcher.exactColumnLimit
    /// Small parts are solved together up to this many options (see `WeekPartition.bundleOptions`).
    public var bundleOptions: Int = WeekPartition.bundleOptions
    /// The deterministic stopping rule: every search stops on counts, never on the clock, so the same inputs
    /// give the same plan on any machine, however loaded; `timeLimit` is then only a safety net, and a level it
    /// cuts short says so (`StopCause.timeLimit`). nil: the clock shares `timeLimit` out between the phases
    /// (the behaviour before the budget existed, kept for measurements).
    public var budget: WorkBudget?
    /// Below the pledge level, each unit's shortfall is held at what the pledge level left, not only their sum.
    /// Set for the parts of a split week (`PartwiseSolve`): a part counts each unit's whole pledge, so the week
    /// (which counts the unit's hours in every part) loses when a lower level trades one unit's shortfall for
    /// another's within the part. Measured on a street week, the travel level's windows did so and the week's
    /// pledge level went from 1 hour short to 2.
    var holdsEachUnitsShortfall = false
    /// Below coverage, the windows in chains (`StaffingSearch.chains`) end the searches. Off in the first solve of a
    /// split week's parts whose units span parts: the pledge pass solves their levels below coverage again from
    /// that plan, and a different start there moved the street weeks' pledge level both ways (measured: street
    /// seed 2 ended 10.5 hours short against 6), while the same start leaves the pass's pledge level as it was
    /// and its travel level can only gain.
    var chainsBelowCoverage = true
    /// Tests turn it off to skip the pledge pass's steps, so that every part it would solve again keeps its first
    /// solve's plan and ends in chains (`PartwiseSolve`).
    var pledgePassSteps = true
    public init(timeLimit: Double? = nil, relativeGap: Double = 0, strategy: Strategy = .optimal, threads: Int = 1,
                decompose: Bool = true, budget: WorkBudget? = .standard, progress: (@Sendable (String) -> Void)? = nil) {
        self.timeLimit = timeLimit; self.relativeGap = relativeGap; self.strategy = strategy; self.progress = progress
        self.threads = max(1, threads); self.decompose = decompose; self.budget = budget
    }

    public enum Strategy: String, Sendable, CaseIterable {
        /// The lexicographic MIP, solved by the solver.
        case optimal
        /// Manual dispatch (highest value first, nearest free qualified member), no solver: the baseline.
        case greedy
    }
}

/// How much work a solve may do, counted in the solver's own units so that it stops at the same place on
/// every machine. The standard budget was calibrated on the example weeks (BENCHMARKS.md): a street's week
/// takes about as long as it did under the old 60-second limit, and weeks up to a few thousand columns
/// are proven long before any of it is spent.
public struct WorkBudget: Sendable, Equatable {
    /// Branch-and-bound nodes per search (one level of a whole model, one restricted MIP, one window).
    public var nodes: Int
    /// Windows (`WindowSearch`) a large part's first level may solve.
    public var windows: Int
    /// Column-generation rounds for the coverage bound of a model too large for the simplex.
    public var generationRounds: Int
    public init(nodes: Int, windows: Int, generationRounds: Int) {
        self.nodes = nodes; self.windows = windows; self.generationRounds = generationRounds
    }
    public static let standard = WorkBudget(nodes: 1_000, windows: 10, generationRounds: 30)

    /// Node-columns one search may spend: a search over many columns gets fewer nodes (each of its nodes
    /// costs more), never fewer than 100 nor more than `nodes`. Measured on the street example, windows of
    /// 5,000 columns and re-staffing windows of 20,000 each took many seconds per thousand nodes; the
    /// restricted MIPs of a thousand or two columns finish most of their work in the first thousand.
    static let nodeColumns = 1_500_000

    /// The node budget of one search over `columns` columns.
    public func nodes(forColumns columns: Int) -> Int {
        min(nodes, max(100, Self.nodeColumns / max(1, columns)))
    }

    /// The standard budget times `factor` (`solve --work`): more work for a better plan, less for a quicker one;
    /// every count at least 1, so the result is still the same on every machine.
    public static func scaled(_ factor: Double) -> WorkBudget {
        func times(_ n: Int) -> Int { max(1, Int((Double(n) * factor).rounded())) }
        return WorkBudget(nodes: times(standard.nodes), windows: times(standard.windows),
                          generationRounds: times(standard.generationRounds))
    }
}

/// Pins that the model cannot satisfy together: an input error (exit 65) though each pin alone looked fine.
public struct PinConflict: Error, Sendable {
    public var pins: [Pin]
    public var message: String
}

/// Where a lexicographic solve stands between its levels: the model with the hold rows of the levels solved, the
/// plan, their outcomes, and what the next level's relaxation starts from. A split week keeps one per part
/// between solving every part's first level and their lower ones (`PartwiseSolve`).
final class LexicographicRun: @unchecked Sendable {
    let scenario: Scenario
    let matching: MatchingModel
    let levels: [ObjectiveLevel]
    var model: LinearModel
    var current: [Double]?
    var outcomes: [LevelOutcome] = []
    var allOptimal = true
    /// Columns some level's LP relaxation used, for the restricted MIPs of large models.
    var support: [Bool]
    /// The last level's optimal LP basis: the next level's LP is the same plus a hold row.
    var basis: Basis?
    var timings: [String: Double]
    /// The first level not solved yet.
    var next = 0
    /// The first level found no plan in its time.
    var noPlan = false

    init(scenario: Scenario, model mm: MatchingModel, timings: [String: Double], start: [Double]?) {
        self.scenario = scenario
        matching = mm
        levels = Matcher.levels(of: scenario)
        model = mm.model
        current = start
        support = [Bool](repeating: false, count: mm.model.variables.count)
        self.timings = timings
    }
}

/// Solves the week lexicographically: each level of `settings.objective` is optimised with the levels above
/// held at the values they reached.
public struct Matcher: Sendable {
    public var solver: any MIPSolver
    public init(solver: any MIPSolver) { self.solver = solver }

    /// The model as it is handed to the solver for the first level (for `--write-model`).
    /// The scenario's objective levels, in order; coverage alone where it names none. (`PlanVerifier` keeps its
    /// own copy: the checker stays independent of the matcher.)
    static func levels(of scenario: Scenario) -> [ObjectiveLevel] {
        scenario.settings.objective.isEmpty ? [.coverage] : scenario.settings.objective
    }

    public static func firstLevelModel(_ scenario: Scenario) -> LinearModel {
        levelModels(scenario)[0].model
    }

    /// One model per objective level, in the scenario's order: the same variables and rows, each with its
    /// level's objective (for `--write-levels`). Another solver can then solve the levels one after another,
    /// holding each at its optimum, and check the matcher's lexicographic optimum independently.
    public static func levelModels(_ scenario: Scenario) -> [(level: ObjectiveLevel, model: LinearModel)] {
        let mm = MatchingModel(scenario: scenario)
        return Self.levels(of: scenario).map { level in
            var model = mm.model
            model.objective = mm.objectives[level]!
            return (level, model)
        }
    }

    public func solve(_ scenario: Scenario, options: MatchOptions = MatchOptions()) throws -> Plan {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            (clock.now - started).seconds
        }
        if options.strategy == .optimal, options.decompose {
            // The parts are found from eligibility alone, so the whole week's model is never built when it
            // splits (at county scale that model is 700k columns and a gigabyte).
            options.progress?("finding independent parts")
            let tasks = TaskSpec.all(in: scenario)
            let eligibility = Eligibility(scenario: scenario, tasks: tasks)
            let partition = WeekPartition(scenario: scenario, tasks: tasks, eligibility: eligibility, bundle: options.bundleOptions)
            if partition.parts.count > 1, partition.parts.map(\.options).reduce(0, +) > options.decomposeAbove {
                let timings = ["partition": elapsed()]
                return try PartwiseSolve(matcher: self, scenario: scenario, tasks: tasks, eligibility: eligibility,
                                         partition: partition, options: options, started: started).run(timings: timings)
            }
        }
        options.progress?("building the model")
        let mm = MatchingModel(scenario: scenario)
        if !mm.impossiblePins.isEmpty {
            throw PinConflict(pins: mm.impossiblePins, message: "no eligible member, slot or staffing for this pin")
        }
        var timings: [String: Double] = ["build": elapsed()]
        if options.strategy == .greedy {
            guard let x = GreedyDispatch(scenario: scenario, model: mm).solution() else {
                throw PinConflict(pins: scenario.pins, message: "greedy dispatch cannot honour the pins")
            }
            var plan = PlanExtractor(scenario: scenario, model: mm).plan(from: x)
            plan.levels = scenario.settings.objective.map { level in
                let objective = mm.objectives[level]!
                return LevelOutcome(level: level, value: objective.evaluate(x),
                                    bound: Self.trivialBound(objective, mm.model), optimal: false)
            }
            plan.status = .feasible
            timings["total"] = elapsed()
            plan.timings = timings
            return plan
        }
        return try solveWhole(scenario, model: mm, options: options, started: started, timings: timings)
    }

    /// The lexicographic solve of one model. `start` replaces the greedy first plan; levels in `held` are not
    /// optimised again: their rows hold them at what `start` reaches and their outcome is reported as given.
    func solveWhole(_ scenario: Scenario, model mm: MatchingModel, options: MatchOptions, started: ContinuousClock.Instant,
                    timings: [String: Double], start: [Double]? = nil,
                    held: [ObjectiveLevel: LevelOutcome] = [:], reasons: Bool = true) throws -> Plan {
        let run = LexicographicRun(scenario: scenario, model: mm, timings: timings, start: start)
        try solveLevels(run, options: options, started: started, held: held)
        return finish(run, options: options, started: started, reasons: reasons)
    }

    /// Solves `run`'s levels from the next one it has not solved, through level `last` (every level when nil).
    /// A split week solves every part's first level before any part's lower ones (`PartwiseSolve`).
    func solveLevels(_ run: LexicographicRun, options: MatchOptions, started: ContinuousClock.Instant,
                     held: [ObjectiveLevel: LevelOutcome] = [:], through last: Int? = nil) throws {
        let clock = ContinuousClock()
        func elapsed() -> Double {
            (clock.now - started).seconds
        }
        let scenario = run.scenario, mm = run.matching, levels = run.levels
        /// Holds a level at its value on `x` while the levels below it are optimised.
        func hold(_ level: ObjectiveLevel, _ objective: LinearModel.Objective, at x: [Double]) {
            guard !objective.terms.isEmpty else { return }
            let value = objective.evaluate(x)
            let tol = 1e-6 * max(1, abs(value))
            run.model.addConstraint("hold[\(level.rawValue)]", objective.terms,
                                    lower: objective.sense == .maximize ? value - objective.constant - tol : nil,
                                    upper: objective.sense == .minimize ? value - objective.constant + tol : nil)
            if level == .pledges && options.holdsEachUnitsShortfall {
                for s in mm.shortfalls { run.model.variables[s.column].upper = min(run.model.variables[s.column].upper, x[s.column] + 1e-6) }
            }
        }
        let end = min(levels.count, (last ?? levels.count - 1) + 1)
        while run.next < end, !run.noPlan {
            let k = run.next, level = levels[k]
            run.next += 1
            let objective = mm.objectives[level]!
            run.model.objective = objective
            if let given = held[level], let x = run.current {
                run.outcomes.append(given)
                if !given.optimal { run.allOptimal = false }
                if k + 1 < levels.count { hold(level, objective, at: x) }
                continue
            }
            let levelStart = elapsed()
            var remaining: Double? = nil
            if let limit = options.timeLimit, options.budget != nil {
                // The budget decides where each level stops; the limit is only the safety net.
                remaining = max(0, limit - levelStart)
            } else if let limit = options.timeLimit {
                // Each level gets its share of what is left (the first 60 %, the rest split evenly), and
                // never less than a tenth of the limit, so a slow first level still leaves time for the
                // levels below it; unused time carries over.
                let left = limit - levelStart
                let share = k == levels.count - 1 ? left : (k == 0 ? left * 0.6 : left / Double(levels.count - k))
                remaining = max(share, limit * 0.1)
            }
            if run.current == nil {
                options.progress?("greedy dispatch for a first plan")
                run.current = GreedyDispatch(scenario: scenario, model: mm).solution()
            }
            let result: SolveResult
            if run.model.variables.isEmpty {
                // Nothing can be assigned at all: every level's value is its constant.
                result = SolveResult(termination: .optimal, values: [], objectiveValue: objective.constant,
                                     bound: objective.constant, rawStatus: "empty model")
            } else {
                options.progress?("level \(k + 1)/\(levels.count): \(level.rawValue)")
                if run.model.variables.count <= exactColumns || run.current == nil {
                    var whole = try solver.solve(run.model, options: searchOptions(objective, in: run.model, options: options,
                                                                                  timeLimit: remaining, start: run.current))
                    if whole.termination == .workLimit, options.budget != nil {
                        try improveByWindows(&whole, model: run.model, matching: mm, scenario: scenario, options: options,
                                             belowCoverage: k > 0 && levels.first == .coverage,
                                             deadline: remaining.map(Deadline.init(secondsFromNow:)))
                    }
                    result = whole
                } else {
                    result = try lpGuided(run.model, matching: mm, scenario: scenario, start: run.current!, timeLimit: remaining,
                                          relativeGap: options.relativeGap, budget: options.budget, holdsLevelsAbove: k > 0,
                                          searchWhole: Self.provingLevels.contains(level) && run.model.variables.count <= provingColumns,
                                          coverageHeld: k > 0 && levels.first == .coverage,
                                          chains: options.chainsBelowCoverage,
                                          support: &run.support, basis: &run.basis)
                }
            }
            run.timings["solve_\(level.rawValue)"] = elapsed() - levelStart
            options.progress?("level \(level.rawValue) done in \(formatNumber(elapsed() - levelStart, decimals: 1)) s: \(result.termination.rawValue); \(result.rawStatus)")
            switch result.termination {
            case .infeasible:
                // Without pins the empty plan is always feasible, so infeasibility there is our fault,
                // never the data's.
                if scenario.pins.isEmpty {
                    throw SolverFailure("\(solver.name) reported level \(level.rawValue) infeasible without pins: \(result.rawStatus)")
                }
                throw PinConflict(pins: scenario.pins, message: "the pins cannot all hold together")
            case .unbounded, .error:
                throw SolverFailure("\(solver.name) stopped at level \(level.rawValue): \(result.rawStatus)")
            default: break
            }
            guard let x = result.values else {
                if k == 0 {
                    run.noPlan = true
                    return
                }
                // A later level found nothing better in its time: keep the plan of the level above.
                run.allOptimal = false
                let v = objective.evaluate(run.current!)
                run.outcomes.append(LevelOutcome(level: level, value: v, bound: result.bound ?? Self.trivialBound(objective, run.model),
                                             optimal: false, stop: Self.stopCause(result.termination)))
                continue
            }
            let value = objective.evaluate(x)
            let optimal = result.termination == .optimal
            if !optimal { run.allOptimal = false }
            // Without a proved bound, fall back on the one every plan obeys, never on the value itself:
            // a gap of 0 must mean proven.
            var bound = result.bound ?? (optimal ? value : Self.trivialBound(objective, run.model))
            // A bound can only be as good as the value found; solvers report it with their own tolerances.
            bound = objective.sense == .maximize ? max(bound, value) : min(bound, value)
            run.outcomes.append(LevelOutcome(level: level, value: value, bound: bound, optimal: optimal,
                                         stop: Self.stopCause(result.termination)))
            run.current = x
            // Hold this level at what it reached while the next is optimised.
            if k + 1 < levels.count { hold(level, objective, at: x) }
        }
    }

    /// The plan `run` reached, with every level's outcome.
    func finish(_ run: LexicographicRun, options: MatchOptions, started: ContinuousClock.Instant, reasons: Bool) -> Plan {
        var timings = run.timings
        if run.noPlan {
            timings["total"] = (ContinuousClock().now - started).seconds
            return Plan(levels: [], status: .timeLimitNoPlan, timings: timings)
        }
        let mm = run.matching
        var outcomes = run.outcomes
        // A lower level may raise a level above past the value it was held at (the hold is a floor, not an
        // equation), so every level reports its value on the final plan.
        if let x = run.current {
            for i in outcomes.indices {
                let objective = mm.objectives[outcomes[i].level]!
                let v = objective.evaluate(x)
                outcomes[i].value = v
                outcomes[i].bound = objective.sense == .maximize ? max(outcomes[i].bound, v) : min(outcomes[i].bound, v)
            }
        }
        options.progress?("writing the plan")
        var plan = PlanExtractor(scenario: run.scenario, model: mm).plan(from: run.current ?? [], reasons: reasons)
        plan.levels = outcomes
        plan.status = run.allOptimal ? .optimal : .feasible
        timings["total"] = (ContinuousClock().now - started).seconds
        plan.timings = timings
        return plan
    }

    /// What one search is asked: the safety-net time, the user's gap, the work budget, and the rule that
    /// proves a value optimal — the objective's step where it has one (coverage), else the tolerance for
    /// real-valued levels (`Optimality.realValued`).
    func searchOptions(_ objective: LinearModel.Objective, in model: LinearModel, options: MatchOptions,
                       timeLimit: Double?, start: [Double]?) -> SolveOptions {
        SolveOptions(timeLimit: timeLimit, relativeGap: options.relativeGap, start: start,
                     nodeLimit: options.budget?.nodes(forColumns: model.variables.count), rule: ProofRule(objective, in: model))
    }

    /// A whole model's search that spent its node budget goes on by windows, as a large model's levels do,
    /// so that a week just below `exactColumns` is not solved worse than one just above it. The bound stays the
    /// search's; the value can only improve.
    func improveByWindows(_ result: inout SolveResult, model: LinearModel, matching mm: MatchingModel, scenario: Scenario,
                          options: MatchOptions, belowCoverage: Bool, deadline: Deadline?) throws {
        guard var x = result.values, let budget = options.budget else { return }
        let objective = model.objective
        let rule = ProofRule(objective, in: model)
        let bound = result.bound
        var trace: [String] = []
        let stop = belowCoverage
            ? try StaffingSearch(model: model, matching: mm).passes(
                &x, solver: solver, deadline: deadline, budget: budget,
                proven: { rule.proves(objective.evaluate($0), bound: bound) }, chains: options.chainsBelowCoverage, trace: &trace)
            : try WindowSearch(model: model, matching: mm, scenario: scenario)
                .run(&x, solver: solver, deadline: deadline, maxWindows: budget.windows, budget: budget,
                     trace: &trace).stop
        let value = objective.evaluate(x)
        result.values = x
        result.objectiveValue = value
        if let bound {
            result.bound = rule.maximize ? max(bound, value) : min(bound, value)
            if rule.proves(value, bound: bound) { result.termination = .optimal }
        }
        if result.termination != .optimal {
            // The whole search spent its budget; the windows cannot prove anything, only improve the plan.
            result.termination = stop == .timeLimit ? .timeLimit : .workLimit
        }
        result.rawStatus += "; then " + trace.joined(separator: "; ")
    }

    /// The cause a level reports for a search that ended unproven.
    static func stopCause(_ t: Termination) -> StopCause? {
        switch t {
        case .optimal, .infeasible, .unbounded, .error: return nil
        case .timeLimit: return .timeLimit
        case .gapLimit: return .gapLimit
        case .workLimit: return .workBudget
        case .noProgress: return .noProgress
        }
    }

    /// Weeks above this many columns are split into independent parts, and `solve --bottlenecks` skips its
    /// LP analysis above it. (It was also the whole-search threshold, now `wholeSearchColumns`: GLPK's search
    /// stalls at the root of a street's tens of thousands of columns, measured: no improvement on the greedy
    /// plan in 60 s at 68k columns.)
    public static let exactColumnLimit = 8_000
    /// Tests lower it to drive the large-model path (restricted MIPs, windows) on weeks small enough to check.
    var exactColumns = Matcher.wholeSearchColumns
    /// Levels of models up to this many columns are searched whole by branch-and-cut (a community's week,
    /// proven in a second or two); larger ones are guided by the relaxation. Measured on generated 100-member
    /// weeks of 5,700–7,800 columns at the standard budget, the whole search (a few hundred best-bound nodes
    /// from the greedy plan) ended up to 1.8 % short of the coverage optimum, where the relaxation-guided
    /// path reached the optimum on every one of them (BENCHMARKS.md).
    public static let wholeSearchColumns = 4_000

    /// Levels whose relaxation-guided search ends with branch-and-cut on the whole level from its plan, on models
    /// up to `provingColumns`. Measured on ten generated 100-member weeks (5,700–10,200 columns; BENCHMARKS.md):
    /// from the guided plan and with the root's cuts, 1,000 best-bound nodes proved coverage on nine and reached
    /// HiGHS's optimum on all ten (the guided search alone: nine equal, six proven), and proved the pledge level
    /// on nine, equal to HiGHS on all ten (before: eight equal, seven proven). Travel is left out: there the
    /// whole search's 1,000 nodes took 30–75 s and did not improve the plan.
    static let provingLevels: Set<ObjectiveLevel> = [.coverage, .pledges]
    /// Re-staffing's limit, since below coverage the whole search follows re-staffing: a street's large parts
    /// (70,000 columns and more) keep the guided search alone, where searches over 10,000–20,000 of their columns
    /// cost tens of seconds each.
    public static let provingSearchColumns = StaffingSearch.modelColumns
    /// Tests lower it to drive the guided path without the whole search.
    var provingColumns = Matcher.provingSearchColumns
    /// Tests lower it to drive, below coverage, the path of models too large to re-staff whole.
    var restaffColumns = StaffingSearch.modelColumns
    /// Tests lower it to leave every restriction below coverage to the windows.
    var restrictedColumnsBeforeWindows = Matcher.restrictedColumnsBeforeWindows
    /// On the first level, a restricted MIP larger than this is left to the windows. Only the county's and the
    /// capital's largest parts have such restrictions (a street's are about 3,000 columns): measured on the capital's
    /// two largest parts, searches over 55,990 and 28,378 + 50,935 columns of their relaxations' support spent 204 s
    /// and 495 s without improving the greedy plan and ran into the safety net; left to the windows, those parts
    /// ended by the budget and coverage rose from 5,000,952.5 to 5,009,822.5 (BENCHMARKS.md).
    static let restrictedColumnsOnFirstLevel = 20_000
    /// Tests lower it to leave the first level's restrictions to the windows.
    var restrictedColumnsOnFirstLevel = Matcher.restrictedColumnsOnFirstLevel

    /// Above this many columns the simplex is not tried on a level's relaxation: measured, GLPK's primal
    /// simplex did not finish a 700k-column county model's in 30 s; column generation (`generatedBound`)
    /// stands in, and subgradient steps on the Lagrangian where it does not converge in time.
    static let defaultLPColumnLimit = 150_000
    /// Tests lower it to drive column generation on models small enough to check.
    var lpColumnLimit = Matcher.defaultLPColumnLimit
    /// Subgradient steps, and the shares of a level's time column generation may take and it and the
    /// subgradient together may take. Column generation stops when it converges (3.5 s of the county's 33 s
    /// first level at 60 s) and its LP support is worth more to the plan than windows without it, so it
    /// gets most of a short level: measured on the county at 15 s, a share of 0.85 converged (gap 0.18 %)
    /// where 0.6 did not (1.56 %), and on the capital at 60 s the gap went from 6.7 % to 5.8 %.
    static let lagrangianIterations = 300
    static let generationShare = 0.85
    static let lagrangianShare = 0.9
    /// New columns column generation adds in a round, the most profitable task-slots first. Measured at 60 s:
    /// uncapped, the capital's largest parts' second LPs (36k and 72k columns more) did not finish in 11 s
    /// (gap 7.6 %); capped at 20k two rounds ran (7.5 %), at 10k a dozen (6.7 %); the county converged in
    /// every case (gap 0.20 % uncapped and at 20k, 0.14 % at 10k).
    static let enteringPerRound = 10_000

    /// How many members beyond a position's maximum the lower levels of a large model may choose from.
    static let alternativesPerPosition = 4
    /// Below coverage, where the windows slot by slot follow, a restricted MIP larger than this is left to them.
    /// GLPK's depth-first search gains in restrictions of a thousand columns or so (generated 150-member weeks:
    /// travel from −193.5 to −223.5 on one, with tasks moved to other slots) but not in a street's: its two
    /// travel restrictions of 6,043 and 6,392 columns spent their node budgets, 29 s, without improving the plan,
    /// and the windows then found the same plan without them (street seed 6, BENCHMARKS.md).
    static let restrictedColumnsBeforeWindows = 2 * StaffingSearch.slotWindowColumns

    /// One level of a large model: the LP relaxation gives a valid bound; the MIP restricted to the
    /// relaxation's support and the incumbent's columns (a few thousand, where branch-and-cut works) gives
    /// the plan. The level is proven optimal when that plan reaches the LP bound; otherwise its gap
    /// against the LP bound is reported, and it is a true gap.
    func lpGuided(_ model: LinearModel, matching mm: MatchingModel, scenario: Scenario, start: [Double], timeLimit: Double?,
                  relativeGap: Double, budget: WorkBudget? = nil, holdsLevelsAbove: Bool, searchWhole: Bool = false,
                  coverageHeld: Bool = false, chains: Bool = true,
                  support: inout [Bool], basis: inout Basis?) throws -> SolveResult {
        let deadline = timeLimit.map(Deadline.init(secondsFromNow:))
        func left() -> Double? { deadline?.secondsLeft }
        /// A phase's time: with a budget, all that is left (the clock is only the safety net and the budget
        /// decides); without one, `fraction` of it.
        func share(_ fraction: Double) -> Double? { left().map { budget == nil ? $0 * fraction : $0 } }
        // Whether the clock, rather than the budget or a proof, ended some phase: then the level says so.
        var clockBound = false
        /// Whether a phase about to run has time for it. A phase skipped for want of time is the clock binding
        /// too: the same week on a quieter machine would run it, so the level must not say its budget ended it.
        func timeLeft(above least: Double = 0) -> Bool {
            guard let l = left(), l <= least else { return true }
            clockBound = true
            return false
        }
        var budgetSpent = false
        let objective = model.objective
        let rule = ProofRule(objective, in: model)
        func proven(_ value: Double, _ bound: Double?) -> Bool { rule.proves(value, bound: bound) }
        // Where the model is small enough for the simplex, its relaxation gives the bound and the support. Above
        // that, or when the simplex runs out of time, a Lagrangian bound on coverage stands in; its support
        // (each priced task-slot's cheapest members) is used only when there is no LP support, because it is
        // wider and measured on the street it stalls the restricted MIP that LP support lets finish.
        let isCoverage = !holdsLevelsAbove && objective.name == "coverage" && objective.sense == .maximize
        let tryLP = model.variables.count <= lpColumnLimit
        var lp = tryLP ? try solver.solve(model.relaxation, options: SolveOptions(timeLimit: share(0.5), basis: basis))
                       : SolveResult(termination: .timeLimit, values: nil, objectiveValue: nil, bound: nil,
                                     rawStatus: "relaxation skipped above \(lpColumnLimit) columns")
        var lagrangian: LagrangianBound.Outcome? = nil
        var generationTrace: [String] = []
        if isCoverage && lp.termination != .optimal {
            let lagrangianDeadline = share(Self.lagrangianShare).map(Deadline.init(secondsFromNow:))
            let generationDeadline = share(Self.generationShare).map(Deadline.init(secondsFromNow:))
            let priced = LagrangianBound(model: mm, scenario: scenario)
            let generated = try generatedBound(model, matching: mm, lagrangian: priced, start: start,
                                               deadline: generationDeadline, rounds: budget?.generationRounds,
                                               trace: &generationTrace)
            lagrangian = generated?.bound
            if let optimum = generated?.optimum {
                // Converged, the restricted LP's optimum is the whole relaxation's: the restricted MIPs below
                // work from its support as they do from the simplex's.
                lp = optimum
            } else if let steps = priced.run(incumbent: objective.evaluate(start), iterations: Self.lagrangianIterations,
                                             extra: 1, deadline: lagrangianDeadline) {
                // Not converged in time (the capital's largest parts): subgradient steps from zero prices,
                // measured there to bound far below what unconverged duals give.
                if !generationTrace.isEmpty {
                    generationTrace.append("subgradient bound \(formatNumber(steps.bound, decimals: 2)) after \(steps.iterations) steps")
                }
                if steps.bound < lagrangian?.bound ?? .infinity { lagrangian = steps }
            }
            if let l = lagrangian { for j in l.support { support[j] = true } }
        }
        var lpBound: Double? = lagrangian.map(\.bound)
        if lp.termination == .optimal, let xlp = lp.values, let v = lp.objectiveValue {
            lpBound = min(v, lpBound ?? v)
            // The next level's LP is this one plus a hold row that this optimum satisfies: its basis is a
            // feasible start there.
            if let b = lp.basis { basis = b }
            for j in support.indices where xlp[j] > 1e-6 { support[j] = true }
        }
        // Without this level's relaxation, the columns earlier levels' relaxations used still give the
        // restricted MIP room to improve; the bound is then only the trivial one.
        /// The columns every restricted MIP keeps: the relaxations' support, the plan's own, the continuous
        /// ones and the pins'.
        func around(_ plan: [Double]) -> [Bool] {
            var keep = support
            for j in keep.indices where model.variables[j].kind == .continuous || plan[j] > 0.5 { keep[j] = true }
            for j in mm.pinColumns { keep[j] = true }
            return keep
        }
        var keep = around(start)
        var fix: [Int: Double] = [:]
        if holdsLevelsAbove {
            // Below the first level, which tasks are covered where stays as the incumbent has it, and each
            // covered task-slot offers its nearest few members and all its resources instead: with the covers
            // fixed the rest is close to a transportation problem that branch-and-cut finishes, whereas with
            // them free the dense hold rows stall it (measured on the street scenarios).
            var covered: [MatchingModel.CoverVar] = []
            for c in mm.covers {
                fix[c.column] = start[c.column] > 0.5 ? 1 : 0
                if start[c.column] > 0.5 { covered.append(c) }
            }
            for j in mm.nearestMemberColumns(of: covered, extra: Self.alternativesPerPosition) { keep[j] = true }
            for j in mm.bookColumns(of: covered) { keep[j] = true }
        } else {
            for c in mm.covers { keep[c.column] = true }
        }
        var x = start
        var trace: [String] = []
        if let l = lagrangian {
            trace.append(generationTrace.isEmpty ? "Lagrangian bound \(formatNumber(l.bound, decimals: 2)) after \(l.iterations) steps"
                                                 : generationTrace.joined(separator: "; "))
        }
        let stepClock = ContinuousClock()
        /// - Parameter largest: a restriction with more columns is not searched (`restrictedColumnsBeforeWindows`,
        ///   `restrictedColumnsOnFirstLevel`).
        func improve(keep: [Bool], timeLimit: Double?, fixCovers: Bool = true, largest: Int? = nil) throws {
            let began = stepClock.now
            let restricted = RestrictedModel(model, keep: keep, fix: fixCovers ? fix : [:])
            if let largest, restricted.model.variables.count > largest {
                trace.append("\(restricted.columns.count) of \(model.variables.count) columns: left to the windows")
                return
            }
            var options = SolveOptions(timeLimit: timeLimit, relativeGap: relativeGap, start: restricted.restrict(x),
                                       nodeLimit: budget?.nodes(forColumns: restricted.model.variables.count), rule: rule)
            // Below the first level the bound is the relaxation's, not the restricted search's: it can only
            // improve the plan, so it dives for complete plans (SolveOptions.NodeOrder).
            if holdsLevelsAbove { options.nodeOrder = .depthFirst }
            let sub = try solver.solve(restricted.model, options: options)
            if sub.termination == .timeLimit { clockBound = true }
            if sub.termination == .workLimit { budgetSpent = true }
            if let y = sub.values {
                let candidate = restricted.expand(y, size: model.variables.count)
                if objective.improves(candidate, on: x) { x = candidate }
            }
            trace.append("\(restricted.columns.count) of \(model.variables.count) columns: \(sub.rawStatus) [\(formatNumber((stepClock.now - began).seconds, decimals: 1)) s, value \(formatNumber(objective.evaluate(x), decimals: 2))]")
        }
        // On the first level of a large model, windows (`WindowSearch`) get the time the restricted MIPs leave:
        // half of it after each round. Without LP support the restricted MIP would be the Lagrangian's wide
        // support, where GLPK stalls; the windows then get all the time.
        let windows = !holdsLevelsAbove && (timeLimit != nil || budget != nil)
        // Below the first level the restricted MIP keeps every covered task in its slot with its nearest few
        // members; re-staffing (`StaffingSearch`) then frees every covered task's members, resources and slot.
        let restaff = holdsLevelsAbove && budget != nil && model.variables.count <= restaffColumns
        let lpSupported = lp.termination == .optimal
        if !lpSupported && lp.termination == .timeLimit && tryLP { clockBound = true }
        // Below coverage on a model too large to re-staff whole, windows of the plan's slots (`slotWindows`, below)
        // end the level. On the pledge level they replace the restricted MIPs: measured on street weeks, those
        // never improved the pledge level within their node budgets, and leaving them out gave the same plan
        // 25 % sooner (BENCHMARKS.md).
        let slotWindows = coverageHeld && !restaff && budget != nil && model.variables.count <= lpColumnLimit
        let pledgeLevel = objective.name == "pledge_shortfall"
        let windowsOnly = slotWindows && pledgeLevel
        // A restriction is only left to windows that follow: on the first level they run with a budget or a clock.
        let largest = slotWindows ? restrictedColumnsBeforeWindows : windows ? restrictedColumnsOnFirstLevel : nil
        if lpSupported || !windows, !windowsOnly {
            try improve(keep: keep, timeLimit: windows ? share(0.5) : left(), largest: largest)
        }
        // A second round where the first stayed short of the bound: every task-slot the relaxation used
        // also offers its nearest few members, so the MIP can staff what the LP only half-staffed. Measured
        // on the street scenario, this is where the first round's plan loses value against the optimum.
        if !holdsLevelsAbove, let lpBound, let xlp = lp.values,
           !proven(objective.evaluate(x), lpBound),
           abs(lpBound - objective.evaluate(x)) / max(1, abs(lpBound)) > relativeGap, timeLeft() {
            var wider = keep
            let used = mm.covers.filter { xlp[$0.column] > 1e-6 }
            for j in mm.nearestMemberColumns(of: used, extra: Self.alternativesPerPosition) { wider[j] = true }
            for j in wider.indices where x[j] > 0.5 { wider[j] = true }
            try improve(keep: wider, timeLimit: windows ? share(0.5) : left(), largest: largest)
        }
        // Below the first level, a round with the covers free around the relaxation: the task-slots the LP or
        // the plan use, each with its nearest few members and its resources. The first level chose each
        // task's slot among ties without looking at travel; here a task may move to the slot where its members
        // are near, as the relaxation suggests.
        if holdsLevelsAbove, lpSupported, !windowsOnly,
           let xlp = lp.values, !proven(objective.evaluate(x), lpBound), timeLeft() {
            var wider = around(x)
            let used = mm.covers.filter { xlp[$0.column] > 1e-6 || x[$0.column] > 0.5 }
            for c in used { wider[c.column] = true }
            for j in mm.nearestMemberColumns(of: used, extra: Self.alternativesPerPosition) { wider[j] = true }
            for j in mm.bookColumns(of: used) { wider[j] = true }
            try improve(keep: wider, timeLimit: left(), fixCovers: false, largest: largest)
        }
        // On a model small enough, branch-and-cut on the whole level from the plan found so far: with that
        // incumbent and the root's cuts it proves most levels it is given (the relaxation alone is a step or
        // two too loose), and finds the optimum where the restrictions missed it. On the first level it comes
        // before the windows; below it, after re-staffing, which is cheaper and often proves the level first.
        func searchWholeLevel() throws {
            guard searchWhole, !proven(objective.evaluate(x), lpBound), timeLeft() else { return }
            let began = stepClock.now
            let whole = try solver.solve(model, options: SolveOptions(timeLimit: left(), relativeGap: relativeGap, start: x,
                                                                      nodeLimit: budget?.nodes, rule: rule))
            if whole.termination == .timeLimit { clockBound = true }
            if whole.termination == .workLimit { budgetSpent = true }
            if let y = whole.values, objective.improves(y, on: x) { x = y }
            if let b = whole.bound { lpBound = lpBound.map { rule.maximize ? min($0, b) : max($0, b) } ?? b }
            trace.append("the whole level from this plan: \(whole.rawStatus) [\(formatNumber((stepClock.now - began).seconds, decimals: 1)) s, "
                         + "value \(formatNumber(objective.evaluate(x), decimals: 2)), bound \(formatNumber(lpBound ?? .nan, decimals: 2))]")
        }
        // The windows slot by slot (and, on the pledge level, around each short unit): GLPK proves windows of 2,000
        // columns in a fraction of a second, and on a street's part they brought the pledge level from 227.5 hours
        // short to 98. On the travel level the restricted MIPs small enough for GLPK come first (`largest`): they
        // may move a task to another slot, and on generated weeks of 150 members that is where travel gained. (Only
        // where coverage is held above: the windows keep every covered task covered, so on coverage they gain nothing.)
        if slotWindows, let budget, !proven(objective.evaluate(x), lpBound), timeLeft() {
            let search = StaffingSearch(model: model, matching: mm)
            let taskWindows = search.slotWindows(x, scenario: scenario, aroundShortUnits: pledgeLevel)
            let stop = try search.run(&x, solver: solver, deadline: left().map(Deadline.init(secondsFromNow:)),
                                      maxWindows: budget.windows * StaffingSearch.slotWindowRounds, budget: budget,
                                      keepSlots: true, taskWindows: taskWindows, trace: &trace).stop
            if stop == .timeLimit { clockBound = true }
            if stop == .budget { budgetSpent = true }
            // Below pledges, re-staffing around its relaxation (`StaffingSearch.aroundRelaxation`), one round, diving:
            // on the street example's part it took travel from 1,874.7 to 1,284.7 before the windows below. On the
            // pledge level, and with each position's nearest members added, it spent its nodes there and gained nothing.
            // Then with swaps: a covered task may give way to an uncovered one of equal value. On street seed 2's part
            // it took travel from 1,573.5 to 562.1 where the pass without them had gained nothing.
            if !pledgeLevel, stop != .timeLimit {
                for swaps in [false, true] {
                    guard !proven(objective.evaluate(x), lpBound), timeLeft() else { break }
                    let guided = try search.aroundRelaxation(&x, solver: solver, deadline: left().map(Deadline.init(secondsFromNow:)),
                                                             budget: budget, extras: [nil], nodeOrder: .depthFirst, swaps: swaps,
                                                             trace: &trace)
                    if guided == .budget { budgetSpent = true }
                    if guided == .timeLimit { clockBound = true; break }
                }
            }
            // Below pledges, then windows whose tasks may change slot too (`slotFreeWindowColumns`): a task moves
            // to the slot where a member living beside it is free, which the windows above cannot do and which the
            // restrictions, too large for GLPK on a street, were meant to.
            if !pledgeLevel, stop != .timeLimit, !proven(objective.evaluate(x), lpBound), timeLeft() {
                let free = try search.run(&x, solver: solver, deadline: left().map(Deadline.init(secondsFromNow:)),
                                          maxWindows: budget.windows * StaffingSearch.slotWindowRounds, budget: budget,
                                          windowColumns: StaffingSearch.slotFreeWindowColumns, trace: &trace).stop
                if free == .timeLimit { clockBound = true }
                if free == .budget { budgetSpent = true }
            }
            // Below pledges, last, windows of moves that chain across slots (`StaffingSearch.chains`): a member leaves
            // a task to take a place he is nearer to, and another takes the task he leaves, in any of its slots. After
            // the windows above had stopped, they took the street example's travel from 502.57 to 447.41 minutes and
            // street seed 2's from 672.54 to 583.18 (BENCHMARKS.md).
            if chains, !pledgeLevel, stop != .timeLimit, !proven(objective.evaluate(x), lpBound), timeLeft() {
                let chained = try search.chains(&x, solver: solver, deadline: left().map(Deadline.init(secondsFromNow:)),
                                                budget: budget, trace: &trace)
                if chained == .timeLimit { clockBound = true }
                if chained == .budget { budgetSpent = true }
            }
        }
        if !holdsLevelsAbove { try searchWholeLevel() }
        let provenAlready = proven(objective.evaluate(x), lpBound)
            || lpBound.map { abs($0 - objective.evaluate(x)) / max(1, abs($0)) <= relativeGap } ?? false
        if windows || restaff, !provenAlready, timeLeft(above: 0.5) {
            let windowDeadline = left().map(Deadline.init(secondsFromNow:))
            let stop = restaff
                ? try StaffingSearch(model: model, matching: mm)
                    .passes(&x, solver: solver, deadline: windowDeadline, budget: budget!,
                            proven: { proven(objective.evaluate($0), lpBound) }, chains: chains, trace: &trace)
                : try WindowSearch(model: model, matching: mm, scenario: scenario)
                    .run(&x, solver: solver, deadline: windowDeadline, maxWindows: budget?.windows, budget: budget,
                         trace: &trace).stop
            if stop == .timeLimit { clockBound = true }
            if stop == .budget { budgetSpent = true }
        }
        if holdsLevelsAbove { try searchWholeLevel() }
        let value = objective.evaluate(x)
        let bound = lpBound ?? Self.trivialBound(objective, model)
        let gap = abs(bound - value) / max(1, abs(value))
        let termination: Termination = proven(value, bound) ? .optimal
            : gap <= relativeGap ? .gapLimit
            : clockBound ? .timeLimit
            : budgetSpent ? .workLimit
            : .noProgress
        return SolveResult(termination: termination, values: x, objectiveValue: value,
                           bound: termination == .optimal && rule.step != nil ? value : bound,
                           rawStatus: "LP-guided\(lpBound == nil ? " (relaxation not solved in time)" : ""): " + trace.joined(separator: " | then "))
    }

    /// A coverage bound by column generation, for models too large for the simplex whole: the LP over the
    /// covers, the plan's columns and each task's cheapest members is solved, its duals price the rows that
    /// tie tasks together, and the Lagrangian bound at those prices (valid for any prices ≥ 0) both bounds
    /// the whole model's coverage and names the columns that could add value at those prices, which join
    /// the next LP. When no left-out column has a positive reduced cost the LP is the whole model's, and its
    /// value bounds coverage too. (The Lagrangian keeps each task-slot whole — a member either serves or not
    /// — so at some prices it bounds below the LP, which lets a member serve half of a half-covered need.)
    /// Measured on the county's 751k-column part, subgradient steps from zero prices never got below the
    /// trivial bound (every task covered); the duals of a restricted LP give a true bound in a few rounds.
    /// Nil when not even the first LP finished before the deadline.
    func generatedBound(_ model: LinearModel, matching mm: MatchingModel, lagrangian priced: LagrangianBound,
                        start: [Double], deadline: Deadline?, rounds maxRounds: Int? = nil,
                        trace: inout [String]) throws -> (bound: LagrangianBound.Outcome, optimum: SolveResult?)? {
        let clock = ContinuousClock()
        let began = clock.now
        func secondsLeft() -> Double? { deadline?.timeLeft }
        var keep = [Bool](repeating: false, count: model.variables.count)
        for c in mm.covers { keep[c.column] = true }
        for j in keep.indices where model.variables[j].kind == .continuous || start[j] > 0.5 { keep[j] = true }
        for j in mm.pinColumns { keep[j] = true }
        // The first LP holds the covers and the plan's own columns only: measured on the capital's 754k-column
        // part, with each task's cheapest members as well it did not finish in 8 s; without them it did, and
        // on the county both converged within eight rounds.
        // Zero prices give the trivial bound (every task covered); LP duals may price higher than that early on.
        precondition(model.objective.sense == .maximize, "column generation prices a maximised coverage level")
        guard var best = priced.run(incumbent: 0, iterations: 1, extra: 1, deadline: nil) else { return nil }
        var rounds = 0
        var basis: (Basis, RestrictedModel)? = nil
        var optimum: SolveResult? = nil
        while true {
            if let s = secondsLeft(), s <= 0 { break }
            if let maxRounds, rounds >= maxRounds { break }
            let restricted = RestrictedModel(model, keep: keep, fix: [:])
            // The last round's optimal basis, extended by the new columns at zero and new rows basic, is a
            // feasible start for the primal simplex: each round then costs a few pivots instead of a solve.
            var warm: Basis? = nil
            if let (b, previous) = basis {
                var columnStatus = [Basis.Status?](repeating: nil, count: model.variables.count)
                for (i, j) in previous.columns.enumerated() { columnStatus[j] = b.variables[i] }
                var rowStatus = [Basis.Status?](repeating: nil, count: model.constraints.count)
                for (full, i) in previous.rowIndex.enumerated() where i >= 0 { rowStatus[full] = b.constraints[i] }
                var rows = [Basis.Status](repeating: .basic, count: restricted.model.constraints.count)
                for (full, i) in restricted.rowIndex.enumerated() where i >= 0 { rows[i] = rowStatus[full] ?? .basic }
                warm = Basis(variables: restricted.columns.map { columnStatus[$0] ?? .atLower }, constraints: rows)
            }
            // Building the restriction takes time too: the deadline may have passed since the check above.
            let limit = secondsLeft()
            if let limit, limit <= 0.01 { break }
            let lp = try solver.solve(restricted.model.relaxation, options: SolveOptions(timeLimit: limit, basis: warm))
            guard lp.termination == .optimal, let values = lp.values, let duals = lp.duals, let lpValue = lp.objectiveValue else { break }
            if let b = lp.basis { basis = (b, restricted) }
            rounds += 1
            // The columns this LP uses: what the restricted MIPs keep when its bound is the one reported.
            func lpSupport() -> Set<Int> { Set(values.indices.filter { values[$0] > 1e-6 }.map { restricted.columns[$0] }) }
            let prices = priced.prices(matching: mm) { row in
                let i = restricted.rowIndex[row]
                return i >= 0 ? duals[i] : nil
            }
            guard let at = priced.run(incumbent: lpValue, iterations: 1, extra: 1, deadline: nil, from: prices) else { break }
            if at.bound < best.bound {
                best = at
                best.support = lpSupport()
            }
            trace.append("column generation round \(rounds): LP \(formatNumber(lpValue, decimals: 2)) over \(restricted.columns.count) of \(model.variables.count) columns, bound \(formatNumber(at.bound, decimals: 2))")
            // Reduced costs of the columns left out, with the rows they would join priced by the LP's duals (a
            // row the restriction left out at 0). When none could raise the objective, these duals are feasible
            // for the whole model's dual and the restricted LP's optimum is the whole relaxation's.
            var reduced = [Double](repeating: 0, count: model.variables.count)
            for t in model.objective.terms { reduced[t.variable] += t.coefficient }
            for (row, i) in restricted.rowIndex.enumerated() where i >= 0 && duals[i] != 0 {
                for t in model.constraints[row].terms { reduced[t.variable] -= t.coefficient * duals[i] }
            }
            let entering = reduced.indices.filter { !keep[$0] && reduced[$0] > 1e-7 }
            if entering.isEmpty {
                optimum = SolveResult(termination: .optimal, values: restricted.expand(values, size: model.variables.count),
                                      objectiveValue: lpValue, bound: lpValue, rawStatus: lp.rawStatus)
                if lpValue < best.bound { best.bound = lpValue }
                // The columns worth keeping for the restricted MIPs are this LP's, not an earlier round's.
                best.support = lpSupport()
                trace[trace.count - 1] += ", converged in \(formatNumber((clock.now - began).seconds, decimals: 1)) s"
                break
            }
            // The task-slots the Lagrangian at these prices would take, whole: measured on the county, they make
            // the LP converge in eight rounds, where adding every entering column (most of the model, at the
            // degenerate duals) made the second LP too large to finish. Where they add nothing new, the
            // entering columns with the largest reduced costs go in instead.
            var added = 0
            for taskSlot in priced.profitableColumns(at: prices, extra: 1) where added < Self.enteringPerRound {
                for j in taskSlot where !keep[j] { keep[j] = true; added += 1 }
            }
            if added == 0 {
                for j in entering.sorted(by: { (reduced[$1], $0) < (reduced[$0], $1) }).prefix(Self.enteringPerRound) { keep[j] = true; added += 1 }
            }
            trace[trace.count - 1] += ", \(added) columns enter"
        }
        return rounds > 0 ? (best, optimum) : nil
    }

    /// The bound that holds for any point within the variables' bounds: every term at its best end.
    static func trivialBound(_ objective: LinearModel.Objective, _ model: LinearModel) -> Double {
        var b = objective.constant
        for t in objective.terms {
            let v = model.variables[t.variable]
            let ends = [t.coefficient * v.lower, t.coefficient * v.upper]
            b += objective.sense == .maximize ? ends.max()! : ends.min()!
        }
        return b
    }
}
