import CommunityMatch

/// One way a plan breaks a hard rule of SPEC.md "The model", with what a person needs to find and fix it:
/// the rule, the rows of the plan's CSV files, the ids involved and a plain sentence.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    /// The hard rule broken, 1…7; 0 when the plan refers to something the scenario lacks or contradicts
    /// itself (a wrong `hours` column, an unmet task also listed as covered).
    public var rule: Int
    public var kind: ViolationKind
    public var task: TaskRef?
    public var members: [String]
    public var resources: [String]
    /// Where the offending rows are: `assignments.csv:7` when the plan came from CSV; empty otherwise.
    public var rows: [SourceLocation]

    public init(rule: Int, kind: ViolationKind, task: TaskRef? = nil, members: [String] = [], resources: [String] = [],
                rows: [SourceLocation] = []) {
        self.rule = rule; self.kind = kind; self.task = task; self.members = members; self.resources = resources
        self.rows = rows
    }

    /// Reference and bookkeeping problems (rule 0) that are not about the plan's feasibility.
    public var isBookkeeping: Bool { kind.isBookkeeping }

    /// English, prefixed with the rule, the form the property tests print.
    public var description: String {
        (rule == 0 ? "consistency: " : "rule \(rule): ") + sentence(.en, calendar: SlotCalendar())
    }

    /// The plain sentence in `lang`.
    public func sentence(_ lang: Language, calendar cal: SlotCalendar) -> String {
        let t = task.map(lang.task) ?? ""
        func L(_ s: Slot) -> String { verifierLabel(s, cal) }
        func n(_ x: Double) -> String { lang.number(x) }
        switch kind {
        case .unknownTask:
            return lang.pick("\(t) 不在情景中", "\(t) is no task of the scenario")
        case .unknownMember(let m):
            return lang.pick("党员 \(m) 不在情景的党员名单中", "member \(m) is not in the scenario's members")
        case .unknownResource(let r):
            return lang.pick("资源 \(r) 不在情景的资源清单中", "resource \(r) is not in the scenario's resources")
        case .unknownRole(let m, let role):
            return lang.pick("\(t) 没有角色“\(role)”（党员 \(m)）", "\(t) has no role '\(role)' (member \(m))")
        case .coveredSlotNotAccepted(let s):
            return lang.pick("\(t) 安排在 \(L(s))，但它不接受这个时段", "\(t) is covered in \(L(s)), which it does not accept")
        case .coveredSlotTooShort(let s, let sh, let th):
            return lang.pick("\(t) 安排在 \(L(s))，时段只有 \(n(sh)) 小时，任务要 \(n(th)) 小时",
                             "\(t) is covered in \(L(s)), shorter (\(n(sh)) h) than the task (\(n(th)) h)")
        case .memberUnavailable(let m, let s):
            return lang.pick("党员 \(m) 在 \(L(s)) 没空，却被安排服务 \(t)", "member \(m) is not available in \(L(s)) but serves \(t)")
        case .slotNotAccepted(let m, let s):
            return lang.pick("\(t) 不接受 \(L(s))，党员 \(m) 却在这个时段服务它", "\(t) does not accept \(L(s)), yet member \(m) serves it then")
        case .doubleBooked(let m, let s, let ts):
            return lang.pick("党员 \(m) 在 \(L(s)) 同时服务 \(ts.count) 项任务：\(lang.tasks(ts))",
                             "member \(m) serves \(ts.count) tasks in \(L(s)): \(lang.tasks(ts))")
        case .overHours(let m, let h, let max):
            return lang.pick("党员 \(m) 本周共 \(n(h)) 小时，超过上限 \(n(max)) 小时",
                             "member \(m) serves \(n(h)) h this week, above max_hours \(n(max))")
        case .outOfReach(let m, let home, let minutes, let at, let limit):
            return lang.pick("党员 \(m) 住在 \(home)，距 \(t) 所在的 \(at) \(n(minutes)) 分钟，超过服务圈 \(n(limit)) 分钟",
                             "member \(m) lives in \(home), \(n(minutes)) min from \(t) in \(at), beyond the limit of \(n(limit)) min")
        case .lacksSkills(let m, let needed, let has):
            let hasText = has.isEmpty ? lang.pick("无", "none") : lang.list(has)
            return lang.pick("党员 \(m) 不具备 \(t) 所需技能 \(lang.list(needed))（具备：\(hasText)）",
                             "member \(m) lacks the skill \(lang.list(needed)) that \(t) requires (has: \(hasText))")
        case .uncoveredTakesMembers(let ms):
            return lang.pick("\(t) 没有成行，却占用了党员 \(lang.list(ms))", "\(t) is not covered but takes members \(lang.list(ms))")
        case .uncoveredTakesResources(let rs):
            return lang.pick("\(t) 没有成行，却占用了资源 \(lang.list(rs))", "\(t) is not covered but takes resources \(lang.list(rs))")
        case .memberTwice(let m):
            return lang.pick("\(t) 把党员 \(m) 列了不止一次", "\(t) lists member \(m) more than once")
        case .outsideSlot(let m, let s, let covered):
            return lang.pick("\(t) 安排在 \(L(covered))，党员 \(m) 却在 \(L(s))——一项任务只能在一个时段",
                             "\(t) is covered in \(L(covered)) but member \(m) serves it in \(L(s)); a task takes one slot")
        case .headcount(let got, let wanted):
            return lang.pick("\(t) 需要 \(wanted) 人，只安排了 \(got) 人——需求要么配齐，要么不派人",
                             "\(t) needs \(wanted) members but has \(got); a need is fully staffed or takes no one")
        case .roleCount(let role, let got, let min, let max):
            return lang.pick("\(t) 的角色 \(role) 有 \(got) 人，应在 \(min)–\(max) 人之间",
                             "\(t) role \(role) has \(got) members, needs \(min)-\(max)")
        case .noSuchRequirement(let r, let count):
            return lang.pick("资源 \(r) 订给了 \(t)，但 \(t) 只有 \(count) 项资源需求，用不上它",
                             "resource \(r) is booked for \(t), which has only \(count) resource requirement(s) to meet")
        case .bookingSlot(let r, let s, let covered):
            return lang.pick("资源 \(r) 订在 \(L(s))，而 \(t) 安排在 \(L(covered))",
                             "resource \(r) is booked in \(L(s)), but \(t) is covered in \(L(covered))")
        case .resourceDoesNotFit(let r, let q, let problems):
            return lang.pick("资源 \(r) 不满足 \(t) 的需求 \(q)：\(lang.fits(problems, cal))",
                             "resource \(r) does not meet requirement \(q) of \(t): \(lang.fits(problems, cal))")
        case .requirementBookings(let q, let k):
            return lang.pick("\(t) 已安排，但需求 \(q) 订了 \(k) 个资源，应恰好 1 个",
                             "\(t) is covered but its requirement \(q) has \(k) bookings, not 1")
        case .resourceTwice(let r, let s, let ts):
            return lang.pick("资源 \(r) 在 \(L(s)) 同时用于 \(lang.tasks(ts))——每个时段只能服务一项任务",
                             "resource \(r) serves \(lang.tasks(ts)) in \(L(s)); a resource serves one task per slot")
        case .overdrawn(let r, let drawn, let q):
            return lang.pick("资源 \(r) 本周共支出 \(n(drawn))，超过额度 \(n(q))", "resource \(r) gives \(n(drawn)), above its weekly quantity \(n(q))")
        case .pinBroken(let m, let s):
            let at = s.map { lang.pick("在 \(L($0)) ", "in \(L($0)) ") } ?? ""
            return lang.pick("固定安排没有保持：党员 \(m) \(at)服务 \(t)", "the pin \(t) ← \(m) \(at)does not hold")
        case .hoursColumn(let m, let has, let want):
            return lang.pick("\(t) 党员 \(m) 一行写 \(n(has)) 小时，任务是 \(n(want)) 小时", "\(t) ← \(m): hours \(n(has)), the task takes \(n(want))")
        case .travelColumn(let m, let has, let want):
            return lang.pick("\(t) 党员 \(m) 一行写路程 \(n(has)) 分钟，实际 \(n(want)) 分钟", "\(t) ← \(m): travel_minutes \(n(has)), the travel is \(n(want))")
        case .roleOnNeed(let m, let role):
            return lang.pick("\(t) 是需求，党员 \(m) 一行却写了角色“\(role)”", "\(t) is a need, yet member \(m)'s row carries role '\(role)'")
        case .amountColumn(let r, let has, let want):
            return lang.pick("资源 \(r) 一行写数量 \(n(has))，需求是 \(n(want))", "resource \(r) for \(t): amount \(n(has)), the requirement says \(n(want))")
        case .unmetTwice:
            return lang.pick("\(t) 在未满足清单中出现两次", "\(t) is listed twice as unmet")
        case .coveredAndUnmet:
            return lang.pick("\(t) 既已安排又列为未满足", "\(t) is both covered and unmet")
        case .unmetValue(let has, let want):
            return lang.pick("未满足的 \(t) 价值写 \(n(has))，应为 \(n(want))", "unmet \(t) value \(n(has)), should be \(n(want))")
        case .unmetCommunity(let has, let want):
            return lang.pick("未满足的 \(t) 社区写 \(has)，应为 \(want)", "unmet \(t) community \(has), should be \(want)")
        case .neitherCoveredNorUnmet:
            return lang.pick("\(t) 既未安排也未列为未满足", "\(t) is neither covered nor listed as unmet")
        }
    }
}

/// What went wrong, with the numbers each sentence needs.
public enum ViolationKind: Hashable, Sendable {
    // References the scenario does not know (rule 0, or 5 for a role).
    case unknownTask
    case unknownMember(String)
    case unknownResource(String)
    case unknownRole(member: String, role: String)
    // Rule 1.
    case coveredSlotNotAccepted(Slot)
    case coveredSlotTooShort(Slot, slotHours: Double, taskHours: Double)
    case memberUnavailable(member: String, slot: Slot)
    case slotNotAccepted(member: String, slot: Slot)
    case doubleBooked(member: String, slot: Slot, tasks: [TaskRef])
    // Rule 2.
    case overHours(member: String, hours: Double, max: Double)
    // Rule 3.
    case outOfReach(member: String, home: String, minutes: Double, taskCommunity: String, limit: Double)
    case lacksSkills(member: String, needed: [String], has: [String])
    // Rules 4 and 5.
    case uncoveredTakesMembers([String])
    case uncoveredTakesResources([String])
    case memberTwice(String)
    case outsideSlot(member: String, slot: Slot, covered: Slot)
    case headcount(got: Int, wanted: Int)
    case roleCount(role: String, got: Int, min: Int, max: Int)
    // Rule 6.
    case noSuchRequirement(resource: String, requirements: Int)
    case bookingSlot(resource: String, slot: Slot, covered: Slot)
    case resourceDoesNotFit(resource: String, requirement: String, problems: [FitProblem])
    case requirementBookings(requirement: String, bookings: Int)
    case resourceTwice(resource: String, slot: Slot, tasks: [TaskRef])
    case overdrawn(resource: String, drawn: Double, quantity: Double)
    // Rule 7.
    case pinBroken(member: String, slot: Slot?)
    // Bookkeeping of the Plan value itself (rule 0).
    case hoursColumn(member: String, has: Double, task: Double)
    case travelColumn(member: String, has: Double, actual: Double)
    case roleOnNeed(member: String, role: String)
    case amountColumn(resource: String, has: Double, wanted: Double)
    case unmetTwice
    case coveredAndUnmet
    case unmetValue(has: Double, wanted: Double)
    case unmetCommunity(has: String, wanted: String)
    case neitherCoveredNorUnmet

    /// Columns a writer derives (hours, travel, amount) and the unmet list: wrong values there misreport a plan
    /// but do not make it infeasible, so `verify` of a hand-edited folder leaves them out.
    public var isBookkeeping: Bool {
        switch self {
        case .hoursColumn, .travelColumn, .roleOnNeed, .amountColumn, .unmetTwice, .coveredAndUnmet, .unmetValue,
             .unmetCommunity, .neitherCoveredNorUnmet:
            return true
        default:
            return false
        }
    }

    /// A stable name for `--format json`.
    public var code: String {
        switch self {
        case .unknownTask: return "unknown_task"
        case .unknownMember: return "unknown_member"
        case .unknownResource: return "unknown_resource"
        case .unknownRole: return "unknown_role"
        case .coveredSlotNotAccepted: return "slot_not_accepted"
        case .coveredSlotTooShort: return "slot_too_short"
        case .memberUnavailable: return "member_unavailable"
        case .slotNotAccepted: return "slot_not_accepted"
        case .doubleBooked: return "double_booked"
        case .overHours: return "over_hours"
        case .outOfReach: return "out_of_reach"
        case .lacksSkills: return "lacks_skill"
        case .uncoveredTakesMembers: return "uncovered_takes_members"
        case .uncoveredTakesResources: return "uncovered_takes_resources"
        case .memberTwice: return "member_twice"
        case .outsideSlot: return "outside_slot"
        case .headcount: return "partial_staffing"
        case .roleCount: return "role_count"
        case .noSuchRequirement: return "no_such_requirement"
        case .bookingSlot: return "booking_slot"
        case .resourceDoesNotFit: return "resource_does_not_fit"
        case .requirementBookings: return "requirement_unmet"
        case .resourceTwice: return "resource_twice_in_slot"
        case .overdrawn: return "quantity_overdrawn"
        case .pinBroken: return "pin_broken"
        case .hoursColumn: return "hours_column"
        case .travelColumn: return "travel_column"
        case .roleOnNeed: return "role_on_need"
        case .amountColumn: return "amount_column"
        case .unmetTwice: return "unmet_twice"
        case .coveredAndUnmet: return "covered_and_unmet"
        case .unmetValue: return "unmet_value"
        case .unmetCommunity: return "unmet_community"
        case .neitherCoveredNorUnmet: return "neither_covered_nor_unmet"
        }
    }
}
