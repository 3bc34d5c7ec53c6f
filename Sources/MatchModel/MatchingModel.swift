import CommunityMatch
import MIPModel

/// The week's MIP, built rule by rule from SPEC.md, with the maps that turn a solution back into a plan.
///
/// Variables:
/// - `cover[t,s]` binary: task t is covered in slot s (only slots where it could be staffed).
/// - `assign[m,t,p,s]` binary: member m fills position p (a need's headcount, or a project's role) of t in s.
/// - `book[t,q,r,s]` binary: resource r meets requirement q of t in s.
/// - `short[u]` continuous in [0, pledge]: unit u's pledge shortfall in hours.
public struct MatchingModel: Sendable {
    public struct AssignVar: Sendable { public var task: Int; public var option: Eligibility.MemberOption; public var column: Int }
    public struct BookVar: Sendable { public var task: Int; public var option: Eligibility.ResourceOption; public var column: Int }
    public struct CoverVar: Sendable { public var task: Int; public var slot: Slot; public var column: Int }

    public var model: LinearModel
    public var tasks: [TaskSpec]
    public var eligibility: Eligibility
    public var covers: [CoverVar] = []
    public var assigns: [AssignVar] = []
    public var books: [BookVar] = []
    /// Unit index → shortfall column.
    public var shortfalls: [(unit: Int, column: Int)] = []
    /// One objective per level, in SPEC's sense (coverage maximised, the others minimised).
    public var objectives: [ObjectiveLevel: LinearModel.Objective] = [:]
    /// Pins that no variable can satisfy (validation should have caught them; kept as a second guard).
    public var impossiblePins: [Pin] = []
    /// Columns that appear in pin rows: a restricted model must keep them or the pins could not hold.
    public var pinColumns: Set<Int> = []
    /// Task → its `one_slot` row (tasks with more than one viable slot).
    public var oneSlotRows: [Int: Int] = [:]

    /// Row indices (into `model.constraints`) of the rows the bottleneck analysis prices, so that duals can
    /// be read by meaning instead of by parsing row names. Additive: nothing in the solve reads them.
    public struct StaffRows: Sendable {
        public var task: Int
        public var position: Int
        public var slot: Slot
        /// The staffing rows of this position in this slot: one equality (`staff`), or `staff_min` and/or
        /// `staff_max`. A new member filling the position would enter each with coefficient 1.
        public var rows: [Int]
    }
    public struct RequirementRow: Sendable {
        public var task: Int
        public var requirement: Int
        public var slot: Slot
        /// The `resource[t#q,s]` equality: Σ book − cover = 0.
        public var row: Int
    }
    public var staffRows: [StaffRows] = []
    /// A row that ties tasks together (a member's or resource's one task per slot, weekly hours or quantity):
    /// the rows the Lagrangian bound prices, recorded so that an LP's duals can be read as its prices.
    public struct LinkRow: Sendable { public var owner: Int; public var slot: Slot?; public var row: Int }
    public var memberSlotRows: [LinkRow] = []
    public var memberHourRows: [LinkRow] = []
    public var resourceSlotRows: [LinkRow] = []
    public var resourceBudgetRows: [LinkRow] = []
    public var requirementRows: [RequirementRow] = []

    public init(scenario: Scenario) {
        var builder = Builder(scenario: scenario)
        builder.addAllRules()
        self = builder.result
    }

    /// An empty model of `tasks`: the builder's starting point.
    init(tasks: [TaskSpec], eligibility: Eligibility, name: String) {
        self.tasks = tasks
        self.eligibility = eligibility
        self.model = LinearModel(name: name)
    }

    /// For the given task-slots, the assign columns of each position's `max + extra` nearest eligible
    /// members (ties by member order): a small set of alternatives for a restricted MIP.
    public func nearestMemberColumns(of taskSlots: [CoverVar], extra: Int) -> [Int] {
        struct Key: Hashable { var task: Int; var slot: Slot; var position: Int }
        var wanted: [Int: Set<Slot>] = [:]
        for c in taskSlots { wanted[c.task, default: []].insert(c.slot) }
        var groups: [Key: [AssignVar]] = [:]
        for a in assigns where wanted[a.task]?.contains(a.option.slot) == true {
            groups[Key(task: a.task, slot: a.option.slot, position: a.option.position), default: []].append(a)
        }
        var out: [Int] = []
        for (key, vars) in groups {
            let k = tasks[key.task].positions[key.position].max + extra
            out += vars.sorted { ($0.option.travel, $0.option.member) < ($1.option.travel, $1.option.member) }
                .prefix(k).map(\.column)
        }
        return out
    }

    /// The resource columns of the given task-slots: every resource that could meet one of the task's
    /// requirements in that slot.
    public func bookColumns(of taskSlots: [CoverVar]) -> [Int] {
        struct TaskSlot: Hashable { var task: Int; var slot: Slot }
        let wanted = Set(taskSlots.map { TaskSlot(task: $0.task, slot: $0.slot) })
        return books.filter { wanted.contains(TaskSlot(task: $0.task, slot: $0.option.slot)) }.map(\.column)
    }
}
