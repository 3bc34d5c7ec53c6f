import CommunityMatch
import MIPModel
import MatchSearch
import PlanVerify

/// What changed in the week since its plan was made: the input of a re-plan.
public struct ReplanRequest: Sendable {
    /// Members who can no longer serve this week.
    public var droppedMembers: [String]
    /// Tasks that no longer take place, as typed: a need or project id, or `need:ID` / `project:ID`.
    public var cancelledTasks: [String]
    public init(droppedMembers: [String] = [], cancelledTasks: [String] = []) {
        self.droppedMembers = droppedMembers; self.cancelledTasks = cancelledTasks
    }
}

/// Why a re-plan could not be made. Each case carries what a message needs; nothing is printed here.
public enum ReplanError: Error, Sendable {
    /// Ids the request names that the scenario does not have, all at once.
    case unknownIDs([UnknownID])
    /// The pins of pins.csv cannot hold together with the tasks the change did not touch.
    case pinsCannotHold(PinConflict)
    /// The time limit passed before any plan was found.
    case timeLimitNoPlan
    /// The re-plan broke a hard rule of the changed week: a bug, reported as an internal error.
    case brokenRules([Violation])

    public enum UnknownID: Sendable, Equatable {
        case member(String)
        case task(String)
        /// Both a need and a project have this id: write `need:ID` or `project:ID`.
        case ambiguousTask(String)
    }
}

/// The changed week: the original scenario with the request applied, and what the change touches.
///
/// Built before solving so that a caller can still adjust the changed scenario (the command line applies a
/// ledger's history to it) before `Replanner.replan` solves it.
public struct ReplanWeek: Sendable {
    /// The scenario the plan was solved from.
    public let original: Scenario
    /// The week to plan: members dropped (their preferences and pins gone), tasks cancelled, needs added.
    public var changed: Scenario
    public let dropped: Set<String>
    public let cancelled: Set<TaskRef>
    /// Needs the added file brought that the original did not have.
    public let added: Set<TaskRef>
    /// Needs the added file replaced (same id, other content).
    public let replaced: Set<TaskRef>

    /// - Parameters:
    ///   - original: the scenario the plan was solved from.
    ///   - withAddedNeeds: the same scenario with the added needs file read in (`ScenarioLoader.load(folder:
    ///     addingNeeds:)`), or nil when no needs are added.
    /// - Throws: `ReplanError.unknownIDs` naming every unknown member and task at once.
    public init(original: Scenario, withAddedNeeds: Scenario? = nil, request: ReplanRequest) throws {
        var changed = withAddedNeeds ?? original
        var problems: [ReplanError.UnknownID] = []
        let memberIDs = Set(changed.members.map(\.id))
        for m in request.droppedMembers where !memberIDs.contains(m) { problems.append(.member(m)) }
        var cancelled: Set<TaskRef> = []
        for name in request.cancelledTasks {
            let refs = Self.resolve(name, in: changed)
            if refs.count == 1 { cancelled.insert(refs[0]) } else { problems.append(refs.isEmpty ? .task(name) : .ambiguousTask(name)) }
        }
        if !problems.isEmpty { throw ReplanError.unknownIDs(problems) }
        let dropped = Set(request.droppedMembers)
        let before = Dictionary(original.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        added = Set(changed.needs.filter { before[$0.id] == nil }.map { TaskRef(.need, $0.id) })
        replaced = Set(changed.needs.filter { before[$0.id] != nil && before[$0.id] != $0 }.map { TaskRef(.need, $0.id) })
        changed.members.removeAll { dropped.contains($0.id) }
        changed.needs.removeAll { cancelled.contains(TaskRef(.need, $0.id)) }
        changed.projects.removeAll { cancelled.contains(TaskRef(.project, $0.id)) }
        for i in changed.needs.indices where changed.needs[i].preferredMember.map(dropped.contains) == true {
            changed.needs[i].preferredMember = nil
        }
        changed.pins.removeAll { dropped.contains($0.member) || cancelled.contains($0.task) }
        self.original = original
        self.changed = changed
        self.dropped = dropped
        self.cancelled = cancelled
    }

    /// A need or project id as typed on the command line.
    public static func resolve(_ name: String, in s: Scenario) -> [TaskRef] {
        if name.hasPrefix("need:") { let id = String(name.dropFirst(5)); return s.needs.contains { $0.id == id } ? [TaskRef(.need, id)] : [] }
        if name.hasPrefix("project:") { let id = String(name.dropFirst(8)); return s.projects.contains { $0.id == id } ? [TaskRef(.project, id)] : [] }
        return (s.needs.contains { $0.id == name } ? [TaskRef(.need, name)] : [])
            + (s.projects.contains { $0.id == name } ? [TaskRef(.project, name)] : [])
    }

    /// Tasks the change touches in `old`: those that lost a member who dropped out, and needs the added file
    /// replaced. Every other task covered in `old` is held.
    public func touched(in old: Plan) -> Set<TaskRef> {
        var out = replaced
        for a in old.assignments where dropped.contains(a.member) && !cancelled.contains(a.task) { out.insert(a.task) }
        return out
    }
}

/// What a re-plan produced.
public struct ReplanOutcome: Sendable {
    /// The new plan, checked by the independent verifier against `week.changed`.
    public var plan: Plan
    public var week: ReplanWeek
    /// The plan that was changed.
    public var old: Plan
    /// Every change between `old` and `plan`, with its reason, sorted.
    public var changes: PlanChanges
    /// Tasks the change touched (lost a member, or replaced).
    public var touched: Set<TaskRef>
    /// Tasks that should have been held but whose options no longer exist in the changed week.
    public var released: [TaskRef]
    public var fromScratch: Bool
    /// The coverage a plan with nothing held reaches on the same changed week (nil from scratch, or when not
    /// asked): the rule's cost is `value − plan's coverage` when positive.
    public var scratch: ScratchComparison?

    public struct ScratchComparison: Sendable, Equatable {
        public var value: Double
        public var bound: Double
        public var optimal: Bool
    }

    /// Coverage of the new plan.
    public var coverage: Double { plan.levels.first { $0.level == .coverage }?.value ?? changes.coverageAfter }
    /// What the rule costs against a plan with nothing held: positive only when a fresh plan covers more.
    public var ruleCost: Double {
        guard let scratch else { return 0 }
        let c = scratch.value - changes.coverageAfter
        return c > 1e-6 ? c : 0
    }
}

/// Re-plans a week after a change, keeping what the change does not touch (docs/ledger.md, "The rule").
public struct Replanner: Sendable {
    public var solver: any MIPSolver
    public var timeLimit: Double?
    public var relativeGap: Double
    /// Also solve the changed week with nothing held, to say what the rule costs (one more solve).
    public var compareWithScratch: Bool
    public init(solver: any MIPSolver, timeLimit: Double? = 600, relativeGap: Double = 0, compareWithScratch: Bool = true) {
        self.solver = solver; self.timeLimit = timeLimit; self.relativeGap = relativeGap; self.compareWithScratch = compareWithScratch
    }

    /// - Parameter fromScratch: solve the changed week with nothing held, to see what a fresh plan would change.
    /// - Throws: `ReplanError`, or `SolverFailure` when the solver itself fails.
    public func replan(_ week: ReplanWeek, old: Plan, fromScratch: Bool = false) throws -> ReplanOutcome {
        let touched = week.touched(in: old)
        var plan: Plan
        var released: [TaskRef] = []
        var scratch: ReplanOutcome.ScratchComparison? = nil
        do {
            if fromScratch {
                plan = try Matcher(solver: solver).solve(week.changed, options: MatchOptions(timeLimit: timeLimit, relativeGap: relativeGap))
            } else {
                let held = Set(old.covered.keys.filter { !touched.contains($0) && !week.cancelled.contains($0) })
                // An optional member may leave a held project only for a task the change concerns.
                let targets = touched.union(week.added)
                let model = ReplanModel(solver: solver)
                let outcome = try model.solve(week.changed, old: old, held: held, moveTargets: targets,
                                              timeLimit: timeLimit, relativeGap: relativeGap)
                plan = outcome.plan
                released = outcome.released
                if compareWithScratch, plan.status != .timeLimitNoPlan {
                    let s = try model.scratchCoverage(week.changed, from: outcome, timeLimit: timeLimit, relativeGap: relativeGap)
                    scratch = .init(value: s.value, bound: s.bound, optimal: s.optimal)
                }
            }
        } catch let e as PinConflict {
            throw ReplanError.pinsCannotHold(e)
        }
        if plan.status == .timeLimitNoPlan { throw ReplanError.timeLimitNoPlan }
        // A second opinion before anything is returned: the plan must keep every hard rule of the changed week.
        let violations = PlanVerifier(scenario: week.changed).violations(of: plan)
        if !violations.isEmpty { throw ReplanError.brokenRules(violations) }
        let changes = PlanChanges(old: old, new: plan, week: week, touched: touched.union(released), fromScratch: fromScratch)
        return ReplanOutcome(plan: plan, week: week, old: old, changes: changes, touched: touched.union(released),
                             released: released, fromScratch: fromScratch, scratch: scratch)
    }
}
