/// One member serving one task in one slot.
public struct Assignment: Hashable, Sendable {
    public var task: TaskRef
    /// The role's skill for a project (`medical`, `any`); empty for a need.
    public var role: String
    public var member: String
    public var slot: Slot
    public var hours: Double
    public var travelMinutes: Double
    public init(task: TaskRef, role: String = "", member: String, slot: Slot, hours: Double, travelMinutes: Double) {
        self.task = task; self.role = role; self.member = member; self.slot = slot
        self.hours = hours; self.travelMinutes = travelMinutes
    }
}

/// One resource booked for one requirement of a covered task.
public struct ResourceBooking: Hashable, Sendable {
    public var task: TaskRef
    /// The requirement's position in the task's `resources` list.
    public var requirement: Int
    public var resource: String
    public var slot: Slot
    /// The requirement's `=amount`, else 0.
    public var amount: Double
    public init(task: TaskRef, requirement: Int, resource: String, slot: Slot, amount: Double) {
        self.task = task; self.requirement = requirement; self.resource = resource; self.slot = slot; self.amount = amount
    }
}

/// Why a task is unmet: the first cause of SPEC's list that holds.
public enum ReasonCode: String, Sendable, Codable, CaseIterable {
    case noSkill = "no_skill"
    case noOneInReach = "no_one_in_reach"
    case noSlot = "no_slot"
    case noResource = "no_resource"
    case outcompeted = "outcompeted"
}

public struct UnmetTask: Hashable, Sendable {
    public var task: TaskRef
    public var community: String
    public var priority: Int
    public var value: Double
    public var reason: ReasonCode
    /// A plain sentence naming what blocked it (the role, the resource, the tasks that took the members).
    public var detail: String
    public init(task: TaskRef, community: String, priority: Int, value: Double, reason: ReasonCode, detail: String) {
        self.task = task; self.community = community; self.priority = priority; self.value = value
        self.reason = reason; self.detail = detail
    }
}

/// Why the solver stopped, kept apart from whether a usable plan exists.
public enum SolveStatus: String, Sendable, Codable {
    /// Every level proved optimal within the gap asked for.
    case optimal
    /// A plan exists but some level stopped at the time limit before proving optimality.
    case feasible
    /// The time limit passed before any plan was found.
    case timeLimitNoPlan = "time_limit_no_plan"
    /// The model has no solution (only possible with pins, which validation should have rejected).
    case infeasible
}

/// One objective level's outcome: the value of the plan, the best bound the solver proved, and the gap.
/// Why a level's search ended before it proved its value optimal. A planner reads it to decide whether
/// more time would help: only `timeLimit` depends on the machine and its load.
public enum StopCause: String, Hashable, Sendable, Codable {
    /// The deterministic work budget (nodes, windows, rounds) was spent: the same on every machine.
    case workBudget = "work_budget"
    /// `--time-limit`, the safety net, bound: the plan depends on how much CPU the run got.
    case timeLimit = "time_limit"
    /// Every neighbourhood was searched without improving the plan; the bound stayed where it was.
    case noProgress = "no_progress"
    /// The relative gap asked for with `--gap` was reached.
    case gapLimit = "gap_limit"
}

public struct LevelOutcome: Hashable, Sendable {
    public var level: ObjectiveLevel
    public var value: Double
    public var bound: Double
    public var optimal: Bool
    /// Why the level stopped short of a proof; nil when it is proven optimal (or held from a given plan).
    public var stop: StopCause?
    public init(level: ObjectiveLevel, value: Double, bound: Double, optimal: Bool, stop: StopCause? = nil) {
        self.level = level; self.value = value; self.bound = bound; self.optimal = optimal
        self.stop = optimal ? nil : stop
    }
    /// The level's status as every output writes it: `optimal`, or the cause that stopped it.
    public var statusCode: String { optimal ? "optimal" : (stop ?? .noProgress).rawValue }
    /// Relative gap |bound − value| / max(1, |value|).
    public var gap: Double {
        let g = abs(bound - value) / max(1, abs(value))
        return g < Tolerance.epsilon ? 0 : g
    }
}

/// The week's plan: the matcher's output and the input to writers, `verify`, `explain` and `export`.
public struct Plan: Sendable {
    public var assignments: [Assignment]
    public var bookings: [ResourceBooking]
    /// Covered tasks and their slot.
    public var covered: [TaskRef: Slot]
    public var unmet: [UnmetTask]
    public var levels: [LevelOutcome]
    public var status: SolveStatus
    /// Wall seconds per phase (read, build, solve per level, write); only summary.json shows these.
    public var timings: [String: Double]
    public init(assignments: [Assignment] = [], bookings: [ResourceBooking] = [], covered: [TaskRef: Slot] = [:],
                unmet: [UnmetTask] = [], levels: [LevelOutcome] = [], status: SolveStatus = .optimal,
                timings: [String: Double] = [:]) {
        self.assignments = assignments; self.bookings = bookings; self.covered = covered; self.unmet = unmet
        self.levels = levels; self.status = status; self.timings = timings
    }
}
