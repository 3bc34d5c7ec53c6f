import CommunityMatch
import MIPModel
import MatchModel

/// Improves a level below coverage by re-staffing: every task the plan covers stays covered and every other
/// task stays uncovered, while the covered tasks' slots, members and resources are free. Coverage then cannot
/// move, so its dense `hold` row is implied and left out, and what remains is close to a transportation
/// problem (members to positions, linked by their slots and hours) that branch-and-cut closes quickly.
///
/// Measured on a generated 100-member week (10k columns), GLPK's branch-and-cut on the whole level with the
/// `hold` row stalled at 20.5 pledge hours short where re-staffing found 3 (the bound); the restricted MIP
/// that keeps each task in its slot with its nearest few members stopped at 11.
///
/// Small enough weeks are re-staffed whole; larger ones in windows of covered tasks in community order (their
/// covers, every eligible member, their resources), the rest of the plan held, until a whole pass improves
/// nothing, the window budget is spent or the deadline passes.
struct StaffingSearch {
    let model: LinearModel
    let matching: MatchingModel
    /// Columns re-staffed in one MIP; above it, windows of about this many. With the slots kept the problem is
    /// a transportation problem and large windows close fast; with the slots free, branch-and-cut on a
    /// 10,000-column window took 20–30 times as long as on the same week with the slots kept (a generated
    /// 100-member week), so those windows are smaller.
    static let windowColumnsKeepingSlots = 20_000
    static let windowColumns = 10_000
    /// Models re-staffed at all. Measured on the street example (77k columns), re-staffing windows of 10,000
    /// and 20,000 columns cost tens of seconds each — their root LPs and cuts, which no node budget bounds —
    /// and left the pledge level worse than the nearest-members restriction alone (78 hours short against
    /// 52), so street-sized models keep that restriction below coverage.
    static let modelColumns = 12_000

    /// Runs on `x`, which must cover the tasks to keep covered. Returns how many windows improved it and why
    /// the search ended.
    /// - Parameter keepSlots: each covered task stays in its slot too (only its members and resources are free):
    ///   a smaller, faster problem, the first of `passes`.
    /// - Parameter taskWindows: the windows, as lists of tasks; nil: covered tasks in community order, each
    ///   window up to `windowColumns` (or `windowColumnsKeepingSlots`).
    /// - Parameter windowColumns: the size of those windows, where not the default.
    func run(_ x: inout [Double], solver: any MIPSolver, deadline: Deadline?, maxWindows: Int?,
             budget: WorkBudget?, keepSlots: Bool = false, taskWindows: [[Int]]? = nil, windowColumns: Int? = nil,
             label: String? = nil, trace: inout [String]) throws -> (improved: Int, stop: WindowSearch.Stop) {
        let mm = matching
        let objective = model.objective
        let rule = ProofRule(objective, in: model)
        let columns = taskColumns(x, keepSlots: keepSlots)
        let columnsOf = columns.all
        let covered = columns.coveredTasks(x).sorted { (mm.tasks[$0].community, $0) < (mm.tasks[$1].community, $1) }
        guard !covered.isEmpty else { return (0, .noProgress) }
        let isCovered = Set(covered)
        var windows: [[Int]] = taskWindows?.map { $0.filter(isCovered.contains) }.filter { !$0.isEmpty } ?? []
        let columnsPerWindow = windowColumns
            ?? (taskWindows != nil ? Self.slotWindowColumns : keepSlots ? Self.windowColumnsKeepingSlots : Self.windowColumns)
        var current: [Int] = [], size = 0
        for t in covered where taskWindows == nil {
            let n = columnsOf[t]?.count ?? 0
            if !current.isEmpty && size + n > columnsPerWindow { windows.append(current); current = []; size = 0 }
            current.append(t); size += n
        }
        if !current.isEmpty { windows.append(current) }
        let drop = coverageHold

        var improved = 0, tried = 0, sinceImproved = 0, k = 0
        var stop = WindowSearch.Stop.noProgress
        // Whether some window's search spent its node budget: the level then stopped on the budget, not for
        // want of progress.
        var spent = false
        while sinceImproved < windows.count {
            if let maxWindows, tried >= maxWindows { stop = .budget; break }
            if deadline?.hasPassed == true { stop = .timeLimit; break }
            let window = windows[k % windows.count]
            k += 1
            let held = freeing(window, columns: columns, keepSlots: keepSlots, x: x)
            let restricted = RestrictedModel(model, keep: held.keep, fix: held.fix, lower: held.lower, drop: drop)
            let limit = deadline?.secondsLeft
            var options = SolveOptions(timeLimit: limit, start: restricted.restrict(x),
                                       nodeLimit: budget?.nodes(forColumns: restricted.model.variables.count), rule: rule)
            // Re-staffing only improves a plan below coverage: dive for complete plans (SolveOptions.NodeOrder),
            // without the work that only serves the bound (SolveOptions.leanDive).
            options.nodeOrder = .depthFirst
            options.leanDive = true
            let sub = try solver.solve(restricted.model, options: options)
            tried += 1
            sinceImproved += 1
            if sub.termination == .timeLimit { stop = .timeLimit }
            if sub.termination == .workLimit { spent = true }
            guard let y = sub.values else { if stop == .timeLimit { break } else { continue } }
            let candidate = restricted.expand(y, size: model.variables.count)
            if objective.improves(candidate, on: x) { x = candidate; improved += 1; sinceImproved = 0 }
            if stop == .timeLimit { break }
            // One window holding every covered task has nothing left to try once solved.
            if windows.count == 1 { break }
        }
        if stop == .noProgress && spent { stop = .budget }
        trace.append("re-staffing\(label ?? (taskWindows != nil ? " slot by slot" : keepSlots ? " in the plan's slots" : windowColumns != nil ? " with the slots free" : "")): "
                     + "\(tried) search(es) over \(windows.count) window(s) of at most "
                     + "\(columnsPerWindow) columns, "
                     + "\(improved) improved, value \(formatNumber(objective.evaluate(x), decimals: 2))")
        return (improved, stop)
    }

    /// Each task's columns that re-staffing may free (its covers, members and resources), in every slot or, with
    /// `keepSlots`, in the plan's slot only; and its covers among them.
    struct TaskColumns {
        var all: [Int: [Int]] = [:]
        var covers: [Int: [Int]] = [:]
        func coveredTasks(_ x: [Double]) -> [Int] { covers.keys.filter { t in covers[t]!.contains { x[$0] > 0.5 } } }
    }

    func taskColumns(_ x: [Double], keepSlots: Bool) -> TaskColumns {
        let mm = matching
        var columns = TaskColumns()
        var slotOf: [Int: Slot] = [:]
        for c in mm.covers where x[c.column] > 0.5 { slotOf[c.task] = c.slot }
        for c in mm.covers where !keepSlots || slotOf[c.task] == c.slot {
            columns.all[c.task, default: []].append(c.column); columns.covers[c.task, default: []].append(c.column)
        }
        for a in mm.assigns where !keepSlots || slotOf[a.task] == a.option.slot { columns.all[a.task, default: []].append(a.column) }
        for b in mm.books where !keepSlots || slotOf[b.task] == b.option.slot { columns.all[b.task, default: []].append(b.column) }
        return columns
    }

    /// A restriction that frees `tasks` and holds the rest of `x`: the tasks' columns are kept, each task stays
    /// covered (with the slots free its one-slot row is raised to 1; in its slot, or offered in one slot only, its
    /// cover is held at 1), the continuous columns stay free and every other column of the plan is held at 1.
    /// A pin's row spans its task's columns only, so it holds inside the window by the row itself and outside it
    /// by the plan's columns held at 1.
    /// - Parameter held: each task stays covered (its cover row's lower side raised, or its single cover fixed);
    ///   false where rows added by the caller hold coverage instead (`aroundRelaxation`'s swaps).
    func freeing(_ tasks: [Int], columns: TaskColumns, keepSlots: Bool, x: [Double], held: Bool = true)
        -> (keep: [Bool], fix: [Int: Double], lower: [Int: Double]) {
        var keep = [Bool](repeating: false, count: model.variables.count)
        var fix: [Int: Double] = [:]
        var lower: [Int: Double] = [:]
        for t in tasks {
            for j in columns.all[t] ?? [] { keep[j] = true }
            if !held { continue }
            if !keepSlots, let row = matching.oneSlotRows[t] { lower[row] = 1 }
            else if let only = columns.covers[t]?.first { fix[only] = 1 }
        }
        for j in model.variables.indices where !keep[j] {
            if model.variables[j].kind == .continuous { keep[j] = true } else if x[j] > 0.5 { fix[j] = 1 }
        }
        return (keep, fix, lower)
    }

    /// The coverage `hold` row, implied once the covered tasks are fixed: coverage is then exactly what the plan
    /// covers, and the dense row is left out of the restrictions.
    var coverageHold: Set<Int> {
        Set(model.constraints.indices.filter { model.constraints[$0].name == "hold[\(ObjectiveLevel.coverage.rawValue)]" })
    }

    /// Columns of one window of `slotWindows`: GLPK proves windows of this size below coverage in a fraction of a
    /// second. Measured on a street week (84k columns), windows of 2,000 and 3,000 columns both brought its pledge
    /// level from 227.5 hours short to 98; windows of 6,000 stopped at 149 in as long, their searches cut short by
    /// the node budget.
    static let slotWindowColumns = 2_000
    /// Passes the windows of `slotWindows` may make, in units of the budget's windows (`WorkBudget.windows`).
    static let slotWindowRounds = 10
    /// Columns of one window whose covered tasks may change slot (every slot's columns of each task counted),
    /// which ends a street-sized part's travel level after `slotWindows`. Measured on street seed 6 (a 75,000-column
    /// part, travel 2,741.45 after the windows slot by slot), 100 windows of 2,000 columns brought it to 2,366.8
    /// and the week's travel from 1,435.4 to 1,206.4; 100 of 4,000 columns to 1,779.3 and 994.3, in 125 s.
    static let slotFreeWindowColumns = 4_000

    /// Windows for a level below coverage of a model too large to re-staff whole, as lists of covered tasks, each
    /// window up to `slotWindowColumns` (counting the tasks' columns in their slots):
    /// - the covered tasks slot by slot: within a slot, who serves which task is free, so that members change
    ///   places wherever the level gains;
    /// - with `aroundShortUnits`, then one per unit the plan leaves short of its pledge (the largest shortfall
    ///   first): the covered tasks its members could serve, the nearest to them first. These hold the moves that
    ///   cross slots: a member of the unit giving up a short task in one slot for a longer one in another, and
    ///   whoever takes the places they leave and take.
    func slotWindows(_ x: [Double], scenario: Scenario, aroundShortUnits: Bool) -> [[Int]] {
        let mm = matching
        var unitIndex: [String: Int] = [:]
        for (u, unit) in scenario.units.enumerated() { unitIndex[unit.id] = u }
        let unitOf = scenario.members.map { unitIndex[$0.unit] ?? -1 }
        var slotOf: [Int: Slot] = [:]
        for c in mm.covers where x[c.column] > 0.5 { slotOf[c.task] = c.slot }
        var served = [Double](repeating: 0, count: scenario.units.count)
        var columnsInSlot: [Int: Int] = [:]
        for a in mm.assigns where slotOf[a.task] == a.option.slot {
            columnsInSlot[a.task, default: 0] += 1
            if x[a.column] > 0.5, unitOf[a.option.member] >= 0 { served[unitOf[a.option.member]] += mm.tasks[a.task].hours }
        }
        func size(_ t: Int) -> Int { (columnsInSlot[t] ?? 0) + 1 }
        var windows: [[Int]] = []
        var bySlot: [Slot: [Int]] = [:]
        for (t, s) in slotOf { bySlot[s, default: []].append(t) }
        var window: [Int] = [], columns = 0
        for s in bySlot.keys.sorted() {
            let tasks = bySlot[s]!.sorted()
            let n = tasks.map(size).reduce(0, +)
            if !window.isEmpty && columns + n > Self.slotWindowColumns { windows.append(window); window = []; columns = 0 }
            window += tasks; columns += n
        }
        if !window.isEmpty { windows.append(window) }
        guard aroundShortUnits else { return windows }
        let short = scenario.units.indices.map { scenario.units[$0].pledgeHours - served[$0] }
        let units = scenario.units.indices.filter { short[$0] > Tolerance.epsilon }.sorted { (short[$1], $0) < (short[$0], $1) }
        for u in units {
            // Each covered task a member of u could serve in its slot, at the nearest such member's travel.
            var nearest: [Int: Double] = [:]
            for a in mm.assigns where slotOf[a.task] == a.option.slot && unitOf[a.option.member] == u {
                nearest[a.task] = min(nearest[a.task] ?? .infinity, a.option.travel)
            }
            var window: [Int] = [], columns = 0
            for t in nearest.keys.sorted(by: { (nearest[$0]!, $0) < (nearest[$1]!, $1) }) {
                if !window.isEmpty && columns + size(t) > Self.slotWindowColumns { break }
                window.append(t); columns += size(t)
            }
            if !window.isEmpty { windows.append(window) }
        }
        return windows
    }

    /// Windows of moves that chain across slots: for each position some member could fill more cheaply than the
    /// member filling it now (the level's own cost of the pair, travel less any continuity bonus), the position's
    /// task and every task that member serves, with every slot free; the most gainful first, packed up to `cap`
    /// columns (each task's columns in every slot). The member may then leave a task to take the cheaper place,
    /// and whoever is free takes the task he leaves, in any of its slots.
    func chainWindows(_ x: [Double], columns: TaskColumns, cap: Int) -> [[Int]] {
        let mm = matching
        var cost = [Double](repeating: 0, count: model.variables.count)
        let sign = model.objective.sense == .minimize ? 1.0 : -1.0
        for t in model.objective.terms { cost[t.variable] += sign * t.coefficient }
        struct Position: Hashable { var task: Int; var position: Int }
        var worst: [Position: Double] = [:]
        var serves: [Int: Set<Int>] = [:]
        for a in mm.assigns where x[a.column] > 0.5 {
            let p = Position(task: a.task, position: a.option.position)
            worst[p] = max(worst[p] ?? -.infinity, cost[a.column])
            serves[a.option.member, default: []].insert(a.task)
        }
        var candidates: [(gain: Double, task: Int, member: Int)] = []
        for a in mm.assigns where x[a.column] < 0.5 {
            guard let w = worst[Position(task: a.task, position: a.option.position)] else { continue }
            let gain = w - cost[a.column]
            if gain > Tolerance.epsilon { candidates.append((gain, a.task, a.option.member)) }
        }
        candidates.sort { ($1.gain, $0.task, $0.member) < ($0.gain, $1.task, $1.member) }
        func size(_ t: Int) -> Int { columns.all[t]?.count ?? 0 }
        var windows: [[Int]] = [], window: [Int] = [], inWindow = Set<Int>(), n = 0
        var seen = Set<[Int]>()
        for c in candidates {
            let tasks = ([c.task] + (serves[c.member] ?? []).sorted()).filter { !inWindow.contains($0) }
            guard !tasks.isEmpty else { continue }
            let more = tasks.map(size).reduce(0, +)
            if !window.isEmpty && n + more > cap {
                if seen.insert(window.sorted()).inserted { windows.append(window) }
                window = []; inWindow = []; n = 0
            }
            window += tasks; inWindow.formUnion(tasks); n += more
        }
        if !window.isEmpty, seen.insert(window.sorted()).inserted { windows.append(window) }
        return windows
    }

    /// Columns of one window of `chainWindows`, counting each task's columns in every slot. Measured on generated
    /// 100-member week 8, windows of 2,000 columns took travel from 135.71 to 99.32 minutes (HiGHS: 80.32); of
    /// 1,000 and 1,500 columns to 110.35 and 121.37; of 4,000, whose searches get fewer nodes, nowhere.
    static let chainWindowColumns = 2_000
    /// Rounds of `chains`; on ten generated 100-member weeks and street seed 6 the third never improved the plan.
    static let chainRounds = 3

    /// Rounds of `chainWindows`, each from the plan the last one left, until a round improves nothing,
    /// `chainRounds` have run, the rounds' windows (`WorkBudget.windows` times `slotWindowRounds` each) are spent
    /// or the deadline passes. Last of the passes below coverage: the windows before it keep each task's members
    /// near its own slot or community, and what they leave is chains of moves across slots — on generated week 8,
    /// HiGHS's optimum moves 7 covered tasks to other slots and other members (BENCHMARKS.md).
    func chains(_ x: inout [Double], solver: any MIPSolver, deadline: Deadline?, budget: WorkBudget,
                trace: inout [String]) throws -> WindowSearch.Stop {
        var stop = WindowSearch.Stop.noProgress
        var notes: [String] = []
        for _ in 0..<Self.chainRounds {
            let columns = taskColumns(x, keepSlots: false)
            let windows = Array(chainWindows(x, columns: columns, cap: Self.chainWindowColumns)
                .prefix(budget.windows * Self.slotWindowRounds))
            if windows.isEmpty { break }
            let round = try run(&x, solver: solver, deadline: deadline, maxWindows: windows.count, budget: budget,
                                taskWindows: windows, windowColumns: Self.chainWindowColumns, label: " in chains",
                                trace: &notes)
            if round.stop == .timeLimit { stop = .timeLimit; break }
            if round.stop == .budget { stop = .budget }
            if round.improved == 0 { break }
        }
        if !notes.isEmpty { trace.append(notes.joined(separator: "; then ")) }
        return stop
    }

    /// The rounds of `aroundRelaxation`: the relaxation's support and the plan's columns alone, then with each
    /// position's `max + 1` nearest members as well.
    static let relaxationExtras: [Int?] = [nil, 1]

    /// Re-staffing around its own relaxation, in the manner of RINS: the model with every covered task kept
    /// covered and its slot free (as in `run`, the coverage `hold` row left out as implied) is solved as an LP,
    /// and the MIP restricted to that LP's support and the plan's columns — in a second round with each
    /// position's nearest few members too — is searched best-bound from the plan.
    ///
    /// Why: without the dense `hold` row this relaxation is close to the level's optimum where the level's own
    /// relaxation is not, and its support is a few hundred columns. On a generated 100-member week (10,248
    /// columns) travel after re-staffing in the plan's slots was 64.36 minutes and the 10,000-column windows with
    /// the slots free gained nothing; the 860-column restriction around this LP reached 46.50, HiGHS's proven
    /// optimum, at the root. On ten such weeks travel fell on nine and equals HiGHS's optimum on four
    /// (BENCHMARKS.md, "Re-staffing around its relaxation").
    /// - Parameter extras: the rounds: nil for the support and the plan's columns alone, k for each position's
    ///   `max + k` nearest members as well.
    /// - Parameter nodeOrder: best bound where the restriction is a thousand columns or so (GLPK's cuts close it
    ///   at the root); depth first on a street's part, whose restriction of 3,000 columns a best-bound search
    ///   left unimproved within its nodes.
    /// - Parameter swaps: instead of each covered task held covered, every task of a value some covered task has
    ///   is free, with one row per value holding as many of them covered as the plan covers (coverage cannot
    ///   fall; the coverage `hold` row is still left out as implied). A covered task may then give way to an
    ///   uncovered one of equal value nearer to the members free in its slot — the move by which the optimum of
    ///   generated 100-member week 4 differs from the best plan with its covered tasks held (−129.89 against
    ///   −105.19 minutes), which HiGHS showed on the exported level and this pass now finds in 0.2 s. Where the
    ///   values differ, a swap would change coverage, which the level above has proven.
    func aroundRelaxation(_ x: inout [Double], solver: any MIPSolver, deadline: Deadline?, budget: WorkBudget,
                          extras: [Int?], nodeOrder: SolveOptions.NodeOrder = .bestBound, swaps: Bool = false,
                          trace: inout [String]) throws -> WindowSearch.Stop {
        let mm = matching
        let objective = model.objective
        let rule = ProofRule(objective, in: model)
        let columns = taskColumns(x, keepSlots: false)
        let covered = columns.coveredTasks(x).sorted()
        guard !covered.isEmpty else { return .noProgress }
        // With swaps, every task of a value some covered task has is free, and one row per value keeps as many of
        // them covered as the plan covers: coverage cannot fall, and a task may give way to another of equal value.
        // The level's model, with the swap rows when there are any: the one the restrictions are cut from.
        var searched = model
        var tasks = covered
        if swaps {
            var count: [Double: Int] = [:]
            for t in covered { count[mm.tasks[t].value, default: 0] += 1 }
            tasks = mm.tasks.indices.filter { count[mm.tasks[$0].value] != nil }
            var rows: [Double: [LinearModel.Term]] = [:]
            for c in mm.covers where count[mm.tasks[c.task].value] != nil {
                rows[mm.tasks[c.task].value, default: []].append(.init(c.column, 1))
            }
            for v in rows.keys.sorted() {
                searched.constraints.append(.init(name: "swap[\(v)]", terms: rows[v]!, lower: Double(count[v]!), upper: nil))
            }
        }
        let taskSet = Set(tasks)
        let taskSlots = mm.covers.filter { taskSet.contains($0.task) }
        let (keep, fix, lower) = freeing(tasks, columns: columns, keepSlots: false, x: x, held: !swaps)
        let drop = coverageHold
        let clock = ContinuousClock()
        var began = clock.now
        func seconds() -> String { formatNumber((clock.now - began).seconds, decimals: 1) + " s" }
        let whole = RestrictedModel(searched, keep: keep, fix: fix, lower: lower, drop: drop)
        let lp = try solver.solve(whole.model.relaxation, options: SolveOptions(timeLimit: deadline?.secondsLeft))
        let lpSeconds = seconds()
        guard lp.termination == .optimal, let xl = lp.values else {
            trace.append("re-staffing\(swaps ? " with swaps" : "") around its relaxation: \(lp.rawStatus)")
            return lp.termination == .timeLimit ? .timeLimit : .noProgress
        }
        var stop = WindowSearch.Stop.noProgress
        var notes: [String] = []
        for extra in extras {
            if deadline?.hasPassed == true { stop = .timeLimit; break }
            began = clock.now
            var rejected: String? = nil
            var around = [Bool](repeating: false, count: model.variables.count)
            for (i, j) in whole.columns.enumerated()
            where xl[i] > 1e-6 || x[j] > 0.5 || model.variables[j].kind == .continuous {
                around[j] = true
            }
            for c in taskSlots { around[c.column] = true }
            for j in mm.bookColumns(of: taskSlots) { around[j] = true }
            for j in mm.pinColumns where keep[j] { around[j] = true }
            if let extra { for j in mm.nearestMemberColumns(of: taskSlots, extra: extra) { around[j] = true } }
            let restricted = RestrictedModel(searched, keep: around, fix: fix, lower: lower, drop: drop)
            var options = SolveOptions(timeLimit: deadline?.secondsLeft, start: restricted.restrict(x),
                                       nodeLimit: budget.nodes(forColumns: restricted.model.variables.count), rule: rule)
            options.nodeOrder = nodeOrder
            let sub = try solver.solve(restricted.model, options: options)
            if sub.termination == .timeLimit { stop = .timeLimit }
            if sub.termination == .workLimit, stop == .noProgress { stop = .budget }
            if let y = sub.values {
                let candidate = restricted.expand(y, size: model.variables.count)
                // Checked against the whole model, hold rows included: the restriction leaves the coverage hold
                // out as implied, and a plan that broke it would lower a level above unseen.
                if objective.improves(candidate, on: x) {
                    let broken = ModelValidator.violations(of: candidate, in: model)
                    if broken.isEmpty { x = candidate } else { rejected = broken.first }
                }
            }
            notes.append("\(restricted.columns.count) columns\(extra.map { " (+\($0) nearest)" } ?? ""): \(sub.termination.rawValue) [\(seconds()), value \(formatNumber(objective.evaluate(x), decimals: 2))]"
                         + (rejected.map { " (a better plan was rejected: \($0))" } ?? ""))
            if stop == .timeLimit { break }
        }
        trace.append("re-staffing\(swaps ? " with swaps" : "") around its relaxation (\(whole.columns.count) columns, LP \(formatNumber(lp.objectiveValue ?? .nan, decimals: 2)) [\(lpSeconds)]): " + notes.joined(separator: "; "))
        return stop
    }

    /// Re-staffing in the plan's slots first (fast, and most of the gain), then around the relaxation with the
    /// slots free (`aroundRelaxation`), then so again with swaps among tasks of equal value, then in windows with
    /// the slots free, then in windows of moves that chain across slots (`chains`); each pass starts from the last
    /// one's plan. The stop reported is the last pass's (the budget, where an earlier pass spent its nodes and the
    /// last found nothing), or the one the clock ended.
    func passes(_ x: inout [Double], solver: any MIPSolver, deadline: Deadline?, budget: WorkBudget,
                   proven: ([Double]) -> Bool, chains runChains: Bool = true, trace: inout [String]) throws -> WindowSearch.Stop {
        let first = try run(&x, solver: solver, deadline: deadline, maxWindows: budget.windows, budget: budget,
                            keepSlots: true, trace: &trace)
        if first.stop == .timeLimit { return .timeLimit }
        if proven(x) { return first.stop }
        var relaxed: [WindowSearch.Stop] = []
        for swaps in [false, true] {
            let stop = try aroundRelaxation(&x, solver: solver, deadline: deadline, budget: budget,
                                            extras: Self.relaxationExtras, swaps: swaps, trace: &trace)
            if stop == .timeLimit { return .timeLimit }
            if proven(x) { return stop }
            relaxed.append(stop)
        }
        let windows = try run(&x, solver: solver, deadline: deadline, maxWindows: budget.windows, budget: budget,
                              trace: &trace).stop
        if windows == .timeLimit { return .timeLimit }
        if proven(x) || !runChains { return windows == .noProgress && relaxed.contains(.budget) ? .budget : windows }
        let chained = try chains(&x, solver: solver, deadline: deadline, budget: budget, trace: &trace)
        if chained == .timeLimit { return .timeLimit }
        return chained == .noProgress && (windows == .budget || relaxed.contains(.budget)) ? .budget : chained
    }
}
