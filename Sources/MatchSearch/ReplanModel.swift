import CommunityMatch
import MIPModel
import MatchModel

/// The re-plan of a changed week as one MIP (docs/ledger.md, "The rule"): tasks the change did not touch are
/// held — their slot, members and resources fixed — except that a member above a role's minimum on a held
/// project may leave it to serve a task the change concerns; among such plans coverage is maximised first,
/// then the number of changes minimised, then the scenario's own levels below coverage.
///
/// Why a MIP instead of rules decided task by task before solving: a rule per task (keep the slot, else keep
/// the team, else release) cannot see that a driver who is optional on a clinic could save a priority-1
/// escort, and restoring resources after a solve cannot undo a rotation of vans between held tasks. Fixing
/// the held tasks' columns and counting changes as a level makes "changes only what it must" the optimum
/// rather than a hope.
public struct ReplanModel: Sendable {
    public var solver: any MIPSolver
    public init(solver: any MIPSolver) { self.solver = solver }

    public struct Outcome: Sendable {
        public var plan: Plan
        /// Tasks asked to be held that could not be: their old slot, a member's option or a resource's option
        /// no longer exists in the changed week (the scenario changed since the plan was solved). They were
        /// solved as touched.
        public var released: [TaskRef]
        /// The second level's value: assignments and bookings not as they were, counted once per (task,
        /// member) and per (task, requirement) — a member moved to another slot or role counts once.
        public var changes: Int
        /// Whether the changes level was proven minimal.
        public var changesOptimal: Bool
        /// The solution in the full model's columns, for `scratchCoverage`.
        public var solution: [Double]
        public var model: MatchingModel
    }

    /// - Parameters:
    ///   - scenario: the changed week (members dropped, tasks cancelled, needs added or replaced).
    ///   - old: the plan being changed; assignments of members or tasks no longer in `scenario` are ignored.
    ///   - held: covered tasks that keep slot, members and resources.
    ///   - moveTargets: the tasks an optional member of a held project may leave it for.
    /// - Throws: `PinConflict` when pins cannot hold, `SolverFailure` when the solver fails.
    public func solve(_ scenario: Scenario, old: Plan, held requested: Set<TaskRef>, moveTargets: Set<TaskRef>,
                      timeLimit: Double?, relativeGap: Double = 0, budget: WorkBudget? = .standard) throws -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = timeLimit.map(Deadline.init(secondsFromNow:))
        let mm = MatchingModel(scenario: scenario)
        if !mm.impossiblePins.isEmpty {
            throw PinConflict(pins: mm.impossiblePins, message: "no eligible member, slot or staffing for this pin")
        }
        var taskIndex: [TaskRef: Int] = [:]
        for (i, t) in mm.tasks.enumerated() { taskIndex[t.ref] = i }
        var memberIndex: [String: Int] = [:]
        for (i, m) in scenario.members.enumerated() { memberIndex[m.id] = i }
        var resourceIndex: [String: Int] = [:]
        for (i, r) in scenario.resources.enumerated() { resourceIndex[r.id] = i }

        struct AssignKey: Hashable { var task: Int; var member: Int; var position: Int; var slot: Slot }
        struct BookKey: Hashable { var task: Int; var requirement: Int; var resource: Int; var slot: Slot }
        struct CoverKey: Hashable { var task: Int; var slot: Slot }
        var assignColumn: [AssignKey: Int] = [:]
        for a in mm.assigns { assignColumn[AssignKey(task: a.task, member: a.option.member, position: a.option.position, slot: a.option.slot)] = a.column }
        var bookColumn: [BookKey: Int] = [:]
        for b in mm.books { bookColumn[BookKey(task: b.task, requirement: b.option.requirement, resource: b.option.resource, slot: b.option.slot)] = b.column }
        var coverColumn: [CoverKey: Int] = [:]
        for c in mm.covers { coverColumn[CoverKey(task: c.task, slot: c.slot)] = c.column }

        // The old plan in this model's columns: per (task, member) and (task, requirement) the exact column,
        // nil when it no longer exists.
        struct Pair: Hashable { var task: Int; var other: Int }
        var oldAssign: [Pair: Int?] = [:]
        var oldPosition: [Pair: Int] = [:]
        var oldBook: [Pair: Int?] = [:]
        var missing: Set<TaskRef> = []
        for a in old.assignments {
            guard let t = taskIndex[a.task], let m = memberIndex[a.member] else { continue }
            let spec = mm.tasks[t]
            let p = a.task.kind == .need ? 0 : spec.positions.firstIndex { $0.label == a.role }
            let column = p.flatMap { assignColumn[AssignKey(task: t, member: m, position: $0, slot: a.slot)] }
            oldAssign[Pair(task: t, other: m)] = column
            if let p { oldPosition[Pair(task: t, other: m)] = p }
            if column == nil { missing.insert(a.task) }
        }
        for b in old.bookings {
            guard let t = taskIndex[b.task], b.requirement < mm.tasks[t].requirements.count else { missing.insert(b.task); continue }
            let column = resourceIndex[b.resource].flatMap { bookColumn[BookKey(task: t, requirement: b.requirement, resource: $0, slot: b.slot)] }
            oldBook[Pair(task: t, other: b.requirement)] = column
            if column == nil { missing.insert(b.task) }
        }
        var held: [Int: Slot] = [:]
        var released: [TaskRef] = []
        for ref in requested.sorted() {
            guard let t = taskIndex[ref], let s = old.covered[ref], coverColumn[CoverKey(task: t, slot: s)] != nil, !missing.contains(ref) else {
                released.append(ref); continue
            }
            held[t] = s
        }

        // Column states: fixed at 1, dropped (fixed at 0 by leaving it out), or free.
        var model = mm.model
        var fixed: Set<Int> = []
        var dropped = [Bool](repeating: false, count: model.variables.count)
        var optional: [(member: Int, task: Int, column: Int)] = []
        for c in mm.covers {
            guard let s = held[c.task] else { continue }
            if c.slot == s { fixed.insert(c.column) } else { dropped[c.column] = true }
        }
        var oldCount: [Int: [Int: Int]] = [:]
        for (pair, p) in oldPosition where held[pair.task] != nil { oldCount[pair.task, default: [:]][p, default: 0] += 1 }
        for a in mm.assigns {
            guard held[a.task] != nil else { continue }
            let pair = Pair(task: a.task, other: a.option.member)
            guard case let column?? = oldAssign[pair], column == a.column else { dropped[a.column] = true; continue }
            let pos = mm.tasks[a.task].positions[a.option.position]
            if (oldCount[a.task]?[a.option.position] ?? 0) > pos.min {
                optional.append((a.option.member, a.task, a.column))
            } else {
                fixed.insert(a.column)
            }
        }
        for b in mm.books {
            guard held[b.task] != nil else { continue }
            if case let column?? = oldBook[Pair(task: b.task, other: b.option.requirement)], column == b.column {
                fixed.insert(b.column)
            } else {
                dropped[b.column] = true
            }
        }
        // A member or resource fixed in a slot serves nothing else there: those columns go before the solver
        // sees them.
        struct Busy: Hashable { var owner: Int; var slot: Slot }
        var busyMembers: Set<Busy> = []
        var busyResources: Set<Busy> = []
        for a in mm.assigns where fixed.contains(a.column) { busyMembers.insert(Busy(owner: a.option.member, slot: a.option.slot)) }
        for b in mm.books where fixed.contains(b.column) { busyResources.insert(Busy(owner: b.option.resource, slot: b.option.slot)) }
        for a in mm.assigns where held[a.task] == nil && busyMembers.contains(Busy(owner: a.option.member, slot: a.option.slot)) {
            dropped[a.column] = true
        }
        for b in mm.books where held[b.task] == nil && busyResources.contains(Busy(owner: b.option.resource, slot: b.option.slot)) {
            dropped[b.column] = true
        }
        // An optional member leaves only for a task the change concerns: the old column, or one on a target.
        let targets = Set(moveTargets.compactMap { taskIndex[$0] })
        var targetColumns: [Int: [Int]] = [:]
        for a in mm.assigns where targets.contains(a.task) && !dropped[a.column] { targetColumns[a.option.member, default: []].append(a.column) }
        for o in optional {
            model.addConstraint("stay_or_move[\(scenario.members[o.member].id),\(mm.tasks[o.task].ref)]",
                                [.init(o.column, 1)] + (targetColumns[o.member] ?? []).map { .init($0, 1) }, lower: 1)
        }

        // The changes level.
        var changeTerms: [LinearModel.Term] = []
        var changeConstant = 0.0
        for (_, column) in oldAssign {
            if let column, !dropped[column] { changeTerms.append(.init(column, -1)) }
            changeConstant += 1
        }
        for (_, column) in oldBook {
            if let column, !dropped[column] { changeTerms.append(.init(column, -1)) }
            changeConstant += 1
        }
        for a in mm.assigns where !dropped[a.column] && oldAssign[Pair(task: a.task, other: a.option.member)] == nil {
            changeTerms.append(.init(a.column, 1))
        }
        for b in mm.books where !dropped[b.column] && oldBook[Pair(task: b.task, other: b.option.requirement)] == nil {
            changeTerms.append(.init(b.column, 1))
        }
        // In column order: the terms were gathered from dictionaries, whose order changes from run to run, and
        // they become the hold row of the levels below, whose order GLPK's pivoting (and so the plan among
        // equally good ones) may follow.
        changeTerms.sort { $0.variable < $1.variable }
        let changesObjective = LinearModel.Objective(name: "changes", sense: .minimize, terms: changeTerms, constant: changeConstant)

        // The start: the old plan with every task not held uncovered. Feasible unless a pin sits on a released
        // task; the solver then ignores it.
        var start = [Double](repeating: 0, count: model.variables.count)
        for j in fixed { start[j] = 1 }
        for o in optional { start[o.column] = 1 }
        var served = [Double](repeating: 0, count: scenario.units.count)
        var unitIndex: [String: Int] = [:]
        for (i, u) in scenario.units.enumerated() { unitIndex[u.id] = i }
        for a in mm.assigns where start[a.column] > 0.5 {
            if let u = unitIndex[scenario.members[a.option.member].unit] { served[u] += mm.tasks[a.task].hours }
        }
        for (u, column) in mm.shortfalls { start[column] = max(0, scenario.units[u].pledgeHours - served[u]) }

        var keep = [Bool](repeating: false, count: model.variables.count)
        for j in keep.indices where !dropped[j] && !fixed.contains(j) { keep[j] = true }
        var fix: [Int: Double] = [:]
        for j in fixed { fix[j] = 1 }
        let restricted = RestrictedModel(model, keep: keep, fix: fix)
        var local = [Int](repeating: -1, count: model.variables.count)
        for (i, j) in restricted.columns.enumerated() { local[j] = i }
        func restrict(_ o: LinearModel.Objective) -> LinearModel.Objective {
            LinearModel.Objective(name: o.name, sense: o.sense,
                                  terms: o.terms.compactMap { local[$0.variable] >= 0 ? .init(local[$0.variable], $0.coefficient) : nil },
                                  constant: o.constant)
        }

        var levels: [(name: String, level: ObjectiveLevel?, objective: LinearModel.Objective)] = [
            ("coverage", .coverage, mm.objectives[.coverage]!), ("changes", nil, changesObjective),
        ]
        for l in scenario.settings.objective where l != .coverage { levels.append((l.rawValue, l, mm.objectives[l]!)) }

        var r = restricted.model
        var current: [Double]? = restricted.restrict(start)
        var outcomes: [LevelOutcome] = []
        var changesOptimal = true
        for (k, level) in levels.enumerated() {
            let objective = restrict(level.objective)
            r.objective = objective
            var seconds: Double? = nil
            if let deadline, budget != nil {
                // The budget decides where each level stops; the limit is only the safety net.
                seconds = deadline.secondsLeft
            } else if let timeLimit, let deadline {
                let left = deadline.timeLeft
                let share = k == levels.count - 1 ? left : (k == 0 ? left * 0.6 : left / Double(levels.count - k))
                seconds = max(share, timeLimit * 0.1)
            }
            let result: SolveResult
            if r.variables.isEmpty {
                result = SolveResult(termination: .optimal, values: [], objectiveValue: objective.constant,
                                     bound: objective.constant, rawStatus: "empty model")
            } else {
                result = try solver.solve(r, options: SolveOptions(
                    timeLimit: seconds, relativeGap: relativeGap, start: current,
                    nodeLimit: budget?.nodes(forColumns: r.variables.count),
                    rule: ProofRule(objective, in: r)))
            }
            switch result.termination {
            case .infeasible:
                if scenario.pins.isEmpty {
                    throw SolverFailure("\(solver.name) reported the re-plan's level \(level.name) infeasible without pins: \(result.rawStatus)")
                }
                throw PinConflict(pins: scenario.pins, message: "the pins cannot all hold together with the tasks the change did not touch")
            case .unbounded, .error:
                throw SolverFailure("\(solver.name) stopped at the re-plan's level \(level.name): \(result.rawStatus)")
            default: break
            }
            let optimal = result.termination == .optimal
            guard let x = result.values ?? (k > 0 ? current : nil) else {
                return Outcome(plan: Plan(status: .timeLimitNoPlan), released: released, changes: 0, changesOptimal: false,
                               solution: [], model: mm)
            }
            if result.values == nil || !optimal { if level.level == nil { changesOptimal = false } }
            let value = objective.evaluate(x)
            if let l = level.level {
                var bound = result.values == nil ? value : (result.bound ?? (optimal ? value : Matcher.trivialBound(objective, r)))
                bound = objective.sense == .maximize ? max(bound, value) : min(bound, value)
                outcomes.append(LevelOutcome(level: l, value: value, bound: bound, optimal: optimal && result.values != nil,
                                             stop: Matcher.stopCause(result.termination) ?? .timeLimit))
            }
            current = x
            if k + 1 < levels.count && !objective.terms.isEmpty {
                let tol = 1e-6 * max(1, abs(value))
                r.addConstraint("hold[\(level.name)]", objective.terms,
                                lower: objective.sense == .maximize ? value - objective.constant - tol : nil,
                                upper: objective.sense == .minimize ? value - objective.constant + tol : nil)
            }
        }
        let x = restricted.expand(current ?? [], size: model.variables.count)
        var plan = PlanExtractor(scenario: scenario, model: mm).plan(from: x)
        // Levels in the scenario's order, each valued on the final plan (a hold is a floor, not an equation).
        plan.levels = scenario.settings.objective.compactMap { l in
            guard var o = outcomes.first(where: { $0.level == l }) else { return nil }
            let v = mm.objectives[l]!.evaluate(x)
            o.value = v
            o.bound = mm.objectives[l]!.sense == .maximize ? max(o.bound, v) : min(o.bound, v)
            return o
        }
        plan.status = plan.levels.allSatisfy(\.optimal) && changesOptimal ? .optimal : .feasible
        plan.timings = ["total": (clock.now - started).seconds]
        return Outcome(plan: plan, released: released, changes: Int(changesObjective.evaluate(x).rounded()),
                       changesOptimal: changesOptimal, solution: x, model: mm)
    }

    /// The coverage a plan of the same changed week reaches with nothing held, starting from the re-plan's
    /// own solution (so it is never below it): what the rule costs is the difference. Coverage only, because
    /// that is the figure the rule can cost; `bound` is what the solver proved within `timeLimit`.
    public func scratchCoverage(_ scenario: Scenario, from outcome: Outcome, timeLimit: Double?,
                                relativeGap: Double = 0) throws -> (value: Double, bound: Double, optimal: Bool) {
        var s = scenario
        s.settings.objective = [.coverage]
        let clock = ContinuousClock()
        let plan = try Matcher(solver: solver).solveWhole(
            s, model: outcome.model, options: MatchOptions(timeLimit: timeLimit, relativeGap: relativeGap),
            started: clock.now, timings: [:], start: outcome.solution, reasons: false)
        guard let l = plan.levels.first else {
            let v = outcome.model.objectives[.coverage]!.evaluate(outcome.solution)
            return (v, v, false)
        }
        return (l.value, l.bound, l.optimal)
    }
}
