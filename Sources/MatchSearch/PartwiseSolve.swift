import CommunityMatch
import Foundation
import MIPModel
import MatchModel

/// The week solved part by part (`WeekPartition`): every part's lexicographic solve on worker threads, the
/// pooled resources reconciled, then the pledge level improved part by part with the others' hours counted.
///
/// What stays exact: coverage is a sum over independent parts, so the parts' bounds add up to a bound for the
/// week and the parts' optima to its optimum (unless the pool had to be repaired, which the gap then shows).
/// What does not: a unit's shortfall spans parts, so the lower levels are improved by passes over the parts
/// (each pass can only make them better) and reported against bounds that hold for any plan.
struct PartwiseSolve {
    let matcher: Matcher
    let scenario: Scenario
    let tasks: [TaskSpec]
    let eligibility: Eligibility
    let partition: WeekPartition
    let options: MatchOptions
    let started: ContinuousClock.Instant

    private func elapsed() -> Double {
        (ContinuousClock().now - started).seconds
    }

    /// A part after its first level: the solve to go on with, and the seconds its model took to build.
    struct FirstLevel: Sendable {
        var run: LexicographicRun
        var buildSeconds: Double
    }

    /// One part's solve: the scenario it was solved as, and what came back.
    struct PartResult: Sendable {
        var plan: Plan
        /// The bound on each level that holds for any plan of the part (every term at its best end).
        var trivialBounds: [ObjectiveLevel: Double]
        /// Seconds spent building the part's scenario and model.
        var buildSeconds: Double
    }

    func run(timings: [String: Double]) throws -> Plan {
        var timings = timings
        let levels = Matcher.levels(of: scenario)
        let parts = partition.parts
        let total = Double(max(1, parts.map(\.options).reduce(0, +)))
        let threads = min(options.threads, parts.count)
        let phaseStart = elapsed()
        // The first pass gets most of the limit; the rest goes to the passes over the pledge level.
        // (The passes only matter for the hours of units spread over parts: when one part is nearly the whole
        // week they get correspondingly little.)
        let largest = Double(parts.map(\.options).max() ?? 0) / total
        let passShare = levels.contains(.pledges) ? 0.2 * (1 - largest) : 0
        // A little is kept back for the unmet reasons and writing the plan.
        let firstPassEnd = options.timeLimit.map { phaseStart + ($0 * 0.97 - phaseStart) * (1 - passShare) }
        // Smallest parts first: they are proven optimal in a fraction of their share and hand the rest of it on
        // to the large parts, which use whatever time they get (largest first starved the small ones, measured
        // on the capital: 23 of 25 parts got 0.1 s).
        let order = parts.indices.sorted { (parts[$0].options, $0) < (parts[$1].options, $1) }
        let progress = ProgressTally(parts: parts.count, report: options.progress)
        progress.say(phase: "solving \(parts.count) independent parts on \(threads) thread(s)")

        // Every part's first level before any part's lower ones: the objective is lexicographic across the
        // week too, so when the safety net binds it is the lower levels of the parts solved last that lose
        // their time, never a large part's coverage (measured on the capital at `--time-limit 60`: solved part
        // by part, the smaller parts' travel levels took the minute and the two largest parts kept their greedy
        // plans, a gap of 197 % against 5.8 % before the budget). Where the net does not bind, each part's
        // searches are the same as solving it whole, and so is the plan.
        // Options of the parts no worker has taken yet, for sharing the time that is left (without a budget).
        let firstLevelEnd = firstPassEnd.map { phaseStart + ($0 - phaseStart) * (levels.count > 1 ? 0.6 : 1) }
        let unstarted = OptionCounter(total: parts.map(\.options).reduce(0, +))
        let unfinished = OptionCounter(total: parts.map(\.options).reduce(0, +))
        /// A part's options: its own progress line; with a budget, all the time left under the safety net;
        /// without one, its share of what is left until `end`: its options against those of the parts still
        /// waiting, over the workers, and at least a second (a small part's share of a minute is otherwise too
        /// short for GLPK to start).
        @Sendable func partOptions(_ i: Int, until end: Double?, waiting: Int) -> MatchOptions {
            var part = options
            part.holdsEachUnitsShortfall = true
            let report = options.progress
            part.progress = report.map { r in { @Sendable line in r("part \(i + 1) of \(parts.count): \(line)") } }
            if options.budget != nil, let limit = options.timeLimit {
                // The budget decides where each part stops; the limit is only the safety net.
                part.timeLimit = max(0.05, limit * 0.97 - elapsed())
            } else if let end {
                let left = max(0.05, end - elapsed())
                let share = left * min(1, Double(threads) * Double(parts[i].options) / Double(max(1, waiting)))
                part.timeLimit = min(left, max(share, 1))
            }
            return part
        }
        let firstLevels = try runInParallel(order: order, threads: threads) { i -> FirstLevel in
            let part = parts[i]
            let partStarted = ContinuousClock().now
            let partOptions = partOptions(i, until: firstLevelEnd, waiting: unstarted.take(part.options))
            let sub = partition.scenario(of: part, in: scenario, tasks: tasks)
            let mm = MatchingModel(scenario: sub)
            let buildSeconds = (ContinuousClock().now - partStarted).seconds
            if !mm.impossiblePins.isEmpty {
                throw PinConflict(pins: mm.impossiblePins, message: "no eligible member, slot or staffing for this pin")
            }
            let run = LexicographicRun(scenario: sub, model: mm, timings: [:], start: nil)
            try matcher.solveLevels(run, options: partOptions, started: partStarted, through: 0)
            let covered = run.outcomes.first
            progress.partDone(value: covered?.value ?? 0, bound: covered?.bound ?? 0)
            return FirstLevel(run: run, buildSeconds: buildSeconds)
        }
        // Parts the pledge pass below solves again: their first solve leaves out the windows in chains, so that the
        // pass starts from the plan it would start from without them (`MatchOptions.chainsBelowCoverage`).
        let spanning = unitsSpanningParts()
        let passes = levels.count > 1 && parts.count > 1 && levels.contains(.pledges) && levels.first != .pledges
        if levels.count > 1 { progress.say(phase: "the levels below \(levels[0].rawValue), part by part") }
        let results = try runInParallel(order: order, threads: threads) { i -> PartResult in
            let run = firstLevels[i].run
            let mm = run.matching
            let partStarted = ContinuousClock().now
            var partOptions = partOptions(i, until: firstPassEnd, waiting: unfinished.take(parts[i].options))
            if passes && spanning.parts.contains(i) { partOptions.chainsBelowCoverage = false }
            // A part's unmet reasons would speak of its members only; the week's are found at the end.
            if !run.noPlan { try matcher.solveLevels(run, options: partOptions, started: partStarted) }
            var plan = matcher.finish(run, options: partOptions, started: partStarted, reasons: false)
            if plan.status == .timeLimitNoPlan, let x = GreedyDispatch(scenario: run.scenario, model: mm).solution() {
                // No plan in its share of the time: the part keeps the greedy plan, with the trivial bounds.
                plan = PlanExtractor(scenario: run.scenario, model: mm).plan(from: x, reasons: false)
                plan.levels = levels.map { level in
                    LevelOutcome(level: level, value: mm.objectives[level]!.evaluate(x),
                                 bound: Matcher.trivialBound(mm.objectives[level]!, mm.model), optimal: false)
                }
                plan.status = .feasible
            }
            var trivial: [ObjectiveLevel: Double] = [:]
            for level in levels { trivial[level] = Matcher.trivialBound(mm.objectives[level]!, mm.model) }
            return PartResult(plan: plan, trivialBounds: trivial, buildSeconds: firstLevels[i].buildSeconds)
        }
        if results.contains(where: { $0.plan.status == .timeLimitNoPlan }) {
            timings["total"] = elapsed()
            return Plan(levels: [], status: .timeLimitNoPlan, timings: timings)
        }
        timings["parts"] = elapsed() - phaseStart
        // Building the parts' models happens inside the parts' time on the worker threads: as wall time it is
        // their sum over the threads, added to finding the parts.
        timings["build"] = (timings["partition"] ?? 0) + results.map(\.buildSeconds).reduce(0, +) / Double(threads)

        var partPlans = results.map(\.plan)
        let reconcileStart = elapsed()
        progress.say(phase: "reconciling pooled resources")
        var pool = PooledResources(scenario: scenario, tasks: tasks, pooled: partition.pooled)
        let dropped = try pool.reconcile(&partPlans, solver: matcher.solver)
        let repaired = !dropped.isEmpty
        for i in dropped.sorted() {
            // The part lost tasks: its level values are those of what it keeps.
            let sub = partition.scenario(of: parts[i], in: scenario, tasks: tasks)
            let mm = MatchingModel(scenario: sub)
            guard let x = mm.vector(of: partPlans[i], scenario: sub) else {
                throw SolverFailure("a part's plan no longer fits its model after the pooled resources were dealt out")
            }
            for k in partPlans[i].levels.indices {
                partPlans[i].levels[k].value = mm.objectives[partPlans[i].levels[k].level]!.evaluate(x)
                partPlans[i].levels[k].optimal = false
            }
        }
        timings["pool"] = elapsed() - reconcileStart

        // Passes over the parts for the pledge level: each part re-solves the levels below coverage with the
        // other parts' hours counted towards its units' pledges. A part's new plan is kept only when it is
        // lexicographically no worse, so the week never gets worse.
        var steps = 0
        var passesCut = false
        // Parts whose plan the pass replaced: the pass's solve ran the windows in chains on them.
        var kept: Set<Int> = []
        if passes {
            let passStart = elapsed()
            for i in parts.indices where spanning.parts.contains(i) && options.pledgePassSteps {
                // A step rebuilds the part's model and re-solves two levels: not worth starting without
                // about three times its build time left.
                if let limit = options.timeLimit {
                    // With a budget every step runs unless the safety net is all but spent (and then the level
                    // says the time limit bound); without one, a step needs about three times its build time.
                    let needed = options.budget == nil ? max(1, 3 * results[i].buildSeconds) : 0
                    if elapsed() + needed > limit * 0.97 { passesCut = true; continue }
                }
                progress.say(phase: "pledges across parts: part \(i + 1) of \(parts.count)")
                let step = try improvePledges(part: i, plans: partPlans, pool: pool, levels: levels)
                if let better = step.plan { partPlans[i] = better; kept.insert(i) }
                // A step the clock cut may have missed what it would find on a quieter machine, kept or not: the
                // week's levels then say the time limit bound, as when a step is not started.
                if step.clockCut { passesCut = true }
                steps += 1
            }
            timings["pledge_pass"] = elapsed() - passStart
            // The parts the pass did not change keep their first solve's plan, which left the windows in chains out
            // (`MatchOptions.chainsBelowCoverage`): they run now, from that plan.
            let chainsStart = elapsed()
            let short = formatNumber(weekShortfall(partPlans), decimals: 2)
            // Only parts whose levels below coverage run them (`Matcher.lpGuided`: up to the simplex's limit): a
            // county's or capital's largest part would rebuild its model and its windows for nothing.
            for i in parts.indices where spanning.parts.contains(i) && !kept.contains(i) && parts[i].options <= matcher.lpColumnLimit {
                if let limit = options.timeLimit, elapsed() > limit * 0.97 { passesCut = true; continue }
                progress.say(phase: "windows in chains: part \(i + 1) of \(parts.count), the week \(short) hours short of its pledges")
                let step = try chains(part: i, plans: partPlans, pool: pool, levels: levels)
                if let better = step.plan { partPlans[i] = better }
                if step.clockCut { passesCut = true }
            }
            timings["chains"] = elapsed() - chainsStart
        }

        // The week's plan and its levels.
        var plan = Plan()
        for p in partPlans {
            plan.assignments += p.assignments
            plan.bookings += p.bookings
            for (ref, slot) in p.covered { plan.covered[ref] = slot }
        }
        plan.assignments.sort { ($0.task, $0.slot, $0.role, $0.member) < ($1.task, $1.slot, $1.role, $1.member) }
        plan.bookings.sort { ($0.task, $0.requirement, $0.resource) < ($1.task, $1.requirement, $1.resource) }
        plan.unmet = UnmetReasons(scenario: scenario, tasks: tasks, eligibility: eligibility, plan: plan).all()
        plan.levels = levels.enumerated().map { k, level in
            var o = outcome(level, isFirst: k == 0, plans: partPlans, results: results, poolRepaired: repaired,
                            spanningUnits: spanning.units)
            if !o.optimal {
                // The week's level stopped for the weightiest cause among its parts': the clock over the
                // budget over running out of improvements.
                let causes = partPlans.compactMap { $0.levels.first { $0.level == level }?.stop }
                o.stop = causes.contains(.timeLimit) || (passesCut && k > 0) ? .timeLimit
                    : causes.contains(.workBudget) ? .workBudget
                    : causes.contains(.gapLimit) ? .gapLimit : .noProgress
            }
            return o
        }
        plan.status = plan.levels.allSatisfy(\.optimal) ? .optimal : .feasible
        timings["total"] = elapsed()
        plan.timings = timings
        options.progress?("\(parts.count) parts, \(steps) pledge pass step(s)\(repaired ? ", pooled resources repaired" : "")")
        return plan
    }

    /// A level's value on the week's plan and a bound that holds for the week.
    private func outcome(_ level: ObjectiveLevel, isFirst: Bool, plans: [Plan], results: [PartResult],
                         poolRepaired: Bool, spanningUnits: Set<String>) -> LevelOutcome {
        func partLevel(_ p: Plan) -> LevelOutcome? { p.levels.first { $0.level == level } }
        if level == .pledges {
            let value = weekShortfall(plans)
            var bound = shortfallBound()
            if spanningUnits.isEmpty && !poolRepaired {
                // Units lie in one part each: the parts' own pledge bounds are the week's.
                // Units with no member in any part fall short by their whole pledge in every plan.
                var inParts: Set<String> = []
                for part in partition.parts { for m in part.members { inParts.insert(scenario.members[m].unit) } }
                let idle = scenario.units.filter { !inParts.contains($0.id) }.map(\.pledgeHours).reduce(0, +)
                bound = max(bound, idle + results.compactMap { partLevel($0.plan) }.map(\.bound).reduce(0, +))
            }
            return LevelOutcome(level: level, value: value, bound: min(bound, value), optimal: value <= bound + 1e-6)
        }
        // Every other level is a sum over parts (each task and member lies in one part).
        let value = plans.compactMap(partLevel).map(\.value).reduce(0, +)
        if isFirst {
            // The parts' bounds add up: the parts are independent but for the pool, which each part was
            // offered whole (a relaxation).
            let bound = results.compactMap { partLevel($0.plan) }.map(\.bound).reduce(0, +)
            let optimal = !poolRepaired && results.allSatisfy { partLevel($0.plan)?.optimal ?? false }
                && abs(bound - value) <= 1e-6 * max(1, abs(value))
            let sense = bound >= value
            return LevelOutcome(level: level, value: value, bound: sense ? bound : value, optimal: optimal)
        }
        // With no unit spread over parts every level is a sum of independent parts, and the parts' bounds
        // add up as the first level's do. Otherwise a part's bound below the pledge level assumed its own
        // share of the pledges, so only the bound every plan obeys is reported for the week.
        if spanningUnits.isEmpty && !poolRepaired {
            let bound = results.compactMap { partLevel($0.plan) }.map(\.bound).reduce(0, +)
            let optimal = results.allSatisfy { partLevel($0.plan)?.optimal ?? false } && abs(bound - value) <= 1e-6 * max(1, abs(value))
            return LevelOutcome(level: level, value: value, bound: bound, optimal: optimal)
        }
        let bound = results.map { $0.trivialBounds[level] ?? 0 }.reduce(0, +)
        return LevelOutcome(level: level, value: value, bound: min(bound, value), optimal: abs(bound - value) <= 1e-6)
    }

    /// Σ over units of max(0, pledge − hours served by the unit's members in every part).
    private func weekShortfall(_ plans: [Plan]) -> Double {
        var unitOf: [String: String] = [:]
        for m in scenario.members { unitOf[m.id] = m.unit }
        var served: [String: Double] = [:]
        for p in plans { for a in p.assignments { served[unitOf[a.member] ?? "", default: 0] += a.hours } }
        return scenario.units.map { max(0, $0.pledgeHours - (served[$0.id] ?? 0)) }.reduce(0, +)
    }

    /// A shortfall every plan has: a unit whose members could not serve its pledge even if each filled every
    /// slot they can with the longest task they could serve there, up to their weekly cap.
    private func shortfallBound() -> Double {
        var longest: [Int: [Slot: Double]] = [:]
        for (t, spec) in tasks.enumerated() {
            let viable = Set(eligibility.viableSlots(task: t, spec: spec))
            for o in eligibility.members[t] where viable.contains(o.slot) {
                longest[o.member, default: [:]][o.slot] = max(longest[o.member]?[o.slot] ?? 0, spec.hours)
            }
        }
        var capacity: [String: Double] = [:]
        for (m, member) in scenario.members.enumerated() {
            let most = (longest[m] ?? [:]).values.reduce(0, +)
            capacity[member.unit, default: 0] += min(member.maxHours, most)
        }
        return scenario.units.map { max(0, $0.pledgeHours - (capacity[$0.id] ?? 0)) }.reduce(0, +)
    }

    /// Units with members serving in more than one part, and the parts they touch: only those parts can gain
    /// from a pass.
    private func unitsSpanningParts() -> (units: Set<String>, parts: Set<Int>) {
        var partsOfUnit: [String: Set<Int>] = [:]
        var unitOf: [String: String] = [:]
        for m in scenario.members { unitOf[m.id] = m.unit }
        for (i, part) in partition.parts.enumerated() {
            for m in part.members { partsOfUnit[scenario.members[m].unit, default: []].insert(i) }
        }
        var units: Set<String> = [], parts: Set<Int> = []
        for (u, ps) in partsOfUnit where ps.count > 1 && scenario.units.contains(where: { $0.id == u && $0.pledgeHours > 0 }) {
            units.insert(u); parts.formUnion(ps)
        }
        return (units, parts)
    }

    /// Re-solves the levels below coverage of part `i`, its units' pledges reduced by what their members
    /// serve in the other parts; nil when that finds nothing better. `clockCut`: some level of the re-solve
    /// stopped at the time limit, whether or not its plan is kept.
    private func improvePledges(part i: Int, plans: [Plan], pool: PooledResources, levels: [ObjectiveLevel]) throws
        -> (plan: Plan?, clockCut: Bool) {
        let part = partition.parts[i]
        let stepStarted = ContinuousClock().now
        var unitOf: [String: String] = [:]
        for m in scenario.members { unitOf[m.id] = m.unit }
        var elsewhere: [String: Double] = [:]
        for (j, p) in plans.enumerated() where j != i {
            for a in p.assignments { elsewhere[unitOf[a.member] ?? "", default: 0] += a.hours }
        }
        var pledges: [String: Double] = [:]
        for u in scenario.units where u.pledgeHours > 0 { pledges[u.id] = max(0, u.pledgeHours - (elsewhere[u.id] ?? 0)) }
        let sub = partition.scenario(of: part, in: scenario, tasks: tasks, pledges: pledges,
                                     pool: pool.granted(to: plans[i]))
        let mm = MatchingModel(scenario: sub)
        guard let x0 = mm.vector(of: plans[i], scenario: sub) else { return (nil, false) }
        var held: [ObjectiveLevel: LevelOutcome] = [:]
        if let first = plans[i].levels.first { held[first.level] = first }
        var partOptions = options
        partOptions.progress = nil
        if let limit = options.timeLimit {
            partOptions.timeLimit = max(0.05, (limit * 0.97 - elapsed()) * (options.budget == nil ? 0.5 : 1))
        }
        var plan = try matcher.solveWhole(sub, model: mm, options: partOptions, started: stepStarted,
                                          timings: [:], start: x0, held: held, reasons: false)
        let clockCut = plan.status == .timeLimitNoPlan || plan.levels.contains { $0.stop == .timeLimit }
        guard plan.status != .timeLimitNoPlan, let x1 = mm.vector(of: plan, scenario: sub) else { return (nil, clockCut) }
        // Lexicographic comparison on the part's model, whose pledge level with the reduced pledges moves
        // exactly as the week's does.
        for level in levels {
            let o = mm.objectives[level]!
            let before = o.evaluate(x0), after = o.evaluate(x1)
            let tol = 1e-6 * max(1, abs(before))
            let better = o.sense == .maximize ? after > before + tol : after < before - tol
            let worse = o.sense == .maximize ? after < before - tol : after > before + tol
            if worse { return (nil, clockCut) }
            if better { break }
        }
        plan.levels = Self.values(of: plan, reportedAs: plans[i])
        return (plan, clockCut)
    }

    /// The windows in chains (`StaffingSearch.chains`) on the last level of part `i`, from its plan, on the part's
    /// model with what the pool granted it and every level above held at the plan's values (each unit's shortfall
    /// too, as in the first solve: the week's pledge level cannot lose); nil when they find nothing better.
    private func chains(part i: Int, plans: [Plan], pool: PooledResources, levels: [ObjectiveLevel]) throws
        -> (plan: Plan?, clockCut: Bool) {
        let started = ContinuousClock().now
        let sub = partition.scenario(of: partition.parts[i], in: scenario, tasks: tasks, pool: pool.granted(to: plans[i]))
        let mm = MatchingModel(scenario: sub)
        guard let budget = options.budget, let last = levels.last, let x0 = mm.vector(of: plans[i], scenario: sub) else {
            return (nil, false)
        }
        var held: [ObjectiveLevel: LevelOutcome] = [:]
        for o in plans[i].levels { held[o.level] = o }
        var partOptions = options
        partOptions.progress = nil
        partOptions.holdsEachUnitsShortfall = true
        // Every level given: the run only adds the rows that hold the levels above the last at the plan's values.
        let run = LexicographicRun(scenario: sub, model: mm, timings: [:], start: x0)
        try matcher.solveLevels(run, options: partOptions, started: started, held: held)
        run.model.objective = mm.objectives[last]!
        var x = x0
        var trace: [String] = []
        let deadline = options.timeLimit.map { Deadline(secondsFromNow: max(0.05, $0 * 0.97 - elapsed())) }
        let stop = try StaffingSearch(model: run.model, matching: mm)
            .chains(&x, solver: matcher.solver, deadline: deadline, budget: budget, trace: &trace)
        guard run.model.objective.improves(x, on: x0), ModelValidator.violations(of: x, in: run.model).isEmpty else {
            return (nil, stop == .timeLimit)
        }
        run.current = x
        var plan = matcher.finish(run, options: partOptions, started: started, reasons: false)
        plan.levels = Self.values(of: plan, reportedAs: plans[i])
        return (plan, stop == .timeLimit)
    }

    /// A part's new plan's levels as the first pass reported them (bounds, proofs, stop causes), with the new plan's
    /// values: the week's levels are recomputed from the parts.
    private static func values(of plan: Plan, reportedAs first: Plan) -> [LevelOutcome] {
        first.levels.map { old in
            var o = old
            if let new = plan.levels.first(where: { $0.level == old.level }) { o.value = new.value }
            return o
        }
    }

    /// Runs `body` for every index in `order` on `threads` threads; results come back by index, so they do
    /// not depend on which thread ran what. The first error (by index) is rethrown.
    private func runInParallel<T: Sendable>(order: [Int], threads: Int,
                                            _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let box = ResultBox<T>(count: order.count, order: order)
        if threads <= 1 {
            while let i = box.next() { box.store(i, Result { try body(i) }) }
        } else {
            let group = DispatchGroup()
            for _ in 0..<threads {
                group.enter()
                // A thread of our own: GLPK keeps its environment per thread, and each part's problem is
                // created, solved and deleted on the thread that took the part.
                let thread = Thread {
                    while let i = box.next() { box.store(i, Result { try body(i) }) }
                    group.leave()
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
            group.wait()
        }
        return try box.results()
    }
}

/// Options of the parts not yet started.
private final class OptionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int
    init(total: Int) { left = total }
    /// The options waiting before this part is taken (its own included).
    func take(_ n: Int) -> Int { lock.lock(); defer { lock.unlock() }; let w = left; left -= n; return w }
}

/// Work handed out by index under a lock, results stored by index.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private let order: [Int]
    private var slots: [Result<T, any Error>?]
    init(count: Int, order: [Int]) { self.order = order; slots = Array(repeating: nil, count: count) }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard position < order.count else { return nil }
        position += 1
        return order[position - 1]
    }
    func store(_ i: Int, _ r: Result<T, any Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    func results() throws -> [T] {
        try slots.map { try $0!.get() }
    }
}

/// Counts finished parts and sums their first-level values and bounds for the progress line.
private final class ProgressTally: @unchecked Sendable {
    private let lock = NSLock()
    private let parts: Int
    private var done = 0
    private var value = 0.0, bound = 0.0
    private let report: (@Sendable (String) -> Void)?
    init(parts: Int, report: (@Sendable (String) -> Void)?) { self.parts = parts; self.report = report }
    func say(phase: String) { report?(phase) }
    func partDone(value v: Double, bound b: Double) {
        lock.lock()
        done += 1; value += v; bound += b
        let line = "\(done) of \(parts) parts' coverage solved, so far \(formatNumber(value, decimals: 1)) of bound \(formatNumber(bound, decimals: 1))"
        lock.unlock()
        report?(line)
    }
}
