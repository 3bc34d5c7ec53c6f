import CommunityMatch
import MIPModel
import MatchModel

/// Improves a large part's plan one neighbourhood at a time: the tasks of a few neighbouring communities are
/// freed — every member who could serve them, in every slot — while the rest of the plan stays as it is, and
/// branch-and-cut solves that window to optimality (a few thousand columns, where GLPK is quick). A window's
/// plan replaces the incumbent only when it covers more, so the plan never gets worse; windows walk across
/// the part, community by community, until the time is spent.
///
/// This is how districts are repaired at their boundaries: a member living between two windows is free in
/// whichever window is being solved, with the other window's use of them held fixed.
struct WindowSearch {
    let model: LinearModel
    let matching: MatchingModel
    let scenario: Scenario
    /// Columns per window: small enough that branch-and-cut proves its optimum in about a second.
    static let windowColumns = 5_000

    /// Windows: consecutive runs of tasks in community order (so that a window's tasks compete for the
    /// same members), each with its cover, assign and book columns, up to `windowColumns`.
    private var windows: [[Int]] = []

    init(model: LinearModel, matching mm: MatchingModel, scenario: Scenario) {
        self.model = model; self.matching = mm; self.scenario = scenario
        var byTask: [Int: [Int]] = [:]
        for c in mm.covers { byTask[c.task, default: []].append(c.column) }
        for a in mm.assigns { byTask[a.task, default: []].append(a.column) }
        for b in mm.books { byTask[b.task, default: []].append(b.column) }
        let order = byTask.keys.sorted { (mm.tasks[$0].community, $0) < (mm.tasks[$1].community, $1) }
        var current: [Int] = []
        for t in order {
            let cols = byTask[t]!
            if !current.isEmpty && current.count + cols.count > Self.windowColumns { windows.append(current); current = [] }
            current += cols
        }
        if !current.isEmpty { windows.append(current) }
    }

    /// Why a run of windows ended.
    enum Stop { case noProgress, budget, timeLimit }

    /// Runs windows until one full pass improves nothing, `maxWindows` have been solved (the work budget) or
    /// `deadline` passes (the safety net); returns how many improved the plan and why it stopped. Each window
    /// is a search of at most the budget's nodes for its size, stopped early when the objective's `ProofRule` proves its
    /// optimum, so that with a budget the windows end at the same place on every machine.
    func run(_ x: inout [Double], solver: any MIPSolver, deadline: Deadline?, maxWindows: Int? = nil,
             budget: WorkBudget? = nil, trace: inout [String]) throws -> (improved: Int, stop: Stop) {
        guard windows.count > 1 else { return (0, .noProgress) }
        let objective = model.objective
        let rule = ProofRule(objective, in: model)
        var improved = 0, tried = 0
        var sinceImproved = 0
        var k = 0
        var stop = Stop.noProgress
        while sinceImproved < windows.count {
            if let maxWindows, tried >= maxWindows { stop = .budget; break }
            if deadline?.hasPassed == true { stop = .timeLimit; break }
            let window = Set(windows[k % windows.count])
            k += 1
            var keep = [Bool](repeating: false, count: model.variables.count)
            var fix: [Int: Double] = [:]
            for j in window { keep[j] = true }
            for j in model.variables.indices where !window.contains(j) {
                if model.variables[j].kind == .continuous { keep[j] = true }
                else if x[j] > 0.5 { fix[j] = 1 }
            }
            for j in matching.pinColumns where !window.contains(j) { fix[j] = x[j] > 0.5 ? 1 : 0 }
            let restricted = RestrictedModel(model, keep: keep, fix: fix)
            var limit: Double? = nil
            if let deadline {
                let left = deadline.timeLeft
                guard left > 0.2 else { stop = .timeLimit; break }
                // Without a budget each window also gets at most 3 s of the clock.
                limit = budget == nil ? min(left, 3) : left
            }
            let sub = try solver.solve(restricted.model, options: SolveOptions(
                timeLimit: limit, start: restricted.restrict(x),
                nodeLimit: budget?.nodes(forColumns: restricted.model.variables.count), rule: rule))
            tried += 1
            sinceImproved += 1
            guard let y = sub.values else { continue }
            let candidate = restricted.expand(y, size: model.variables.count)
            if objective.improves(candidate, on: x) { x = candidate; improved += 1; sinceImproved = 0 }
        }
        trace.append("\(tried) windows of about \(Self.windowColumns) columns, \(improved) improved")
        return (improved, stop)
    }
}
