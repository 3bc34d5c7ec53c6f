import CommunityMatch
import MatchModel
import PlanIO
import PlanVerify

/// What happened to a task, a member's service or a booking between a plan and its re-plan.
public enum ChangeKind: String, Sendable, CaseIterable, Comparable {
    /// A task covered before is not covered now.
    case taskUncovered = "task_uncovered"
    /// A task not covered before (or added) is covered now.
    case taskCovered = "task_covered"
    case memberRemoved = "member_removed"
    case memberAdded = "member_added"
    /// Same task and member, another slot (the role may have changed too).
    case slotChanged = "slot_changed"
    /// Same task, member and slot, another role of the project.
    case roleChanged = "role_changed"
    /// A booking no longer used: its unit is told the resource is free.
    case resourceReleased = "resource_released"
    /// A new booking: its unit is told the resource is needed.
    case resourceBooked = "resource_booked"
    /// Same resource for the same requirement, another slot (the task moved).
    case resourceRebooked = "resource_rebooked"

    public static func < (a: ChangeKind, b: ChangeKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Why a change was made.
public enum ChangeReason: Sendable, Hashable {
    /// The member dropped out of the week.
    case memberDropped
    /// The task was cancelled.
    case taskCancelled
    /// The added needs file changed this need.
    case needReplaced
    /// A need the added file brought.
    case newNeed
    /// The task lost a member who dropped out: its team changed, or it could not run without them.
    case lostMember
    /// Joins a task that lost a member.
    case replacement
    /// The member was above a role's minimum on a held project and left it to cover this task.
    case movedToCover(TaskRef, priority: Int)
    /// Free members now cover a task that was unmet before.
    case newlyCovered
    /// The task moved to another slot.
    case taskMoved
    /// A from-scratch re-solve chose differently.
    case freshPlan

    /// The code in changes.csv's `reason` column.
    public var code: String {
        switch self {
        case .memberDropped: return "member_dropped"
        case .taskCancelled: return "task_cancelled"
        case .needReplaced: return "need_replaced"
        case .newNeed: return "new_need"
        case .lostMember: return "lost_member"
        case .replacement: return "replacement"
        case .movedToCover: return "moved_to_cover"
        case .newlyCovered: return "newly_covered"
        case .taskMoved: return "task_moved"
        case .freshPlan: return "fresh_plan"
        }
    }

    public func sentence(_ lang: Language) -> String {
        switch self {
        case .memberDropped: return lang.pick("党员请假退出本周", "the member dropped out")
        case .taskCancelled: return lang.pick("任务取消", "the task was cancelled")
        case .needReplaced: return lang.pick("需求内容变更", "the need was changed")
        case .newNeed: return lang.pick("新增需求", "a new need")
        case .lostMember: return lang.pick("原服务党员请假", "a member of the task dropped out")
        case .replacement: return lang.pick("替补请假党员", "replaces a member who dropped out")
        case .movedToCover(let t, let p):
            return lang.pick("调去补位 \(lang.task(t))（优先级 \(p)）", "moved to cover \(t.id), priority \(p)")
        case .newlyCovered: return lang.pick("原未覆盖，现有空闲党员", "unmet before; free members now cover it")
        case .taskMoved: return lang.pick("任务改时段", "the task moved to another slot")
        case .freshPlan: return lang.pick("从头重排的结果", "a fresh plan chose so")
        }
    }
}

/// One line of changes.csv: a task, a member's service or a booking that changed, and why.
public struct PlanChange: Sendable, Hashable {
    public var kind: ChangeKind
    public var reason: ChangeReason
    public var task: TaskRef
    /// The task's value (task rows), from the week it is valued in: the original for a lost task.
    public var value: Double?
    public var member: String?
    public var oldSlot: Slot?
    public var newSlot: Slot?
    public var oldRole: String?
    public var newRole: String?
    public var resource: String?
}

/// Every change between a plan and its re-plan, with what was lost and gained and whom to tell.
public struct PlanChanges: Sendable {
    public var rows: [PlanChange] = []
    /// Assignments exactly as they were.
    public var unchanged = 0
    /// Coverage of the old plan (valued in the original week) and of the new plan (in the changed week).
    public var coverageBefore = 0.0
    public var coverageAfter = 0.0
    let original: Scenario
    let changed: Scenario

    /// - Parameter touched: tasks the change touched; `fromScratch` marks changes elsewhere `freshPlan`.
    public init(old: Plan, new: Plan, week: ReplanWeek, touched: Set<TaskRef>, fromScratch: Bool) {
        original = week.original
        changed = week.changed
        let before = Dictionary(TaskSpec.all(in: week.original).map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(TaskSpec.all(in: week.changed).map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        coverageBefore = old.covered.keys.reduce(0) { $0 + (before[$1]?.value ?? 0) }
        coverageAfter = new.covered.keys.reduce(0) { $0 + (after[$1]?.value ?? 0) }

        /// Why a task is gone from the plan, or why its old members and bookings went.
        func lossReason(_ t: TaskRef) -> ChangeReason {
            if week.cancelled.contains(t) { return .taskCancelled }
            if week.replaced.contains(t) { return .needReplaced }
            if touched.contains(t) { return .lostMember }
            return .freshPlan
        }
        /// Why a task entered the plan, or why new members and bookings joined it.
        func gainReason(_ t: TaskRef) -> ChangeReason {
            if week.added.contains(t) { return .newNeed }
            if week.replaced.contains(t) { return .needReplaced }
            if old.covered[t] == nil { return .newlyCovered }
            if touched.contains(t) { return .replacement }
            return .freshPlan
        }

        for (t, s) in old.covered where new.covered[t] == nil {
            rows.append(PlanChange(kind: .taskUncovered, reason: lossReason(t), task: t, value: before[t]?.value, oldSlot: s))
        }
        for (t, s) in new.covered where old.covered[t] == nil {
            rows.append(PlanChange(kind: .taskCovered, reason: gainReason(t), task: t, value: after[t]?.value, newSlot: s))
        }

        struct Key: Hashable { var task: TaskRef; var member: String }
        var was: [Key: Assignment] = [:]
        for a in old.assignments { was[Key(task: a.task, member: a.member)] = a }
        var now: [Key: Assignment] = [:]
        for a in new.assignments { now[Key(task: a.task, member: a.member)] = a }
        // Where each member joined a task: names the task an optional member moved to cover.
        var joined: [String: [TaskRef]] = [:]
        for (k, _) in now where was[k] == nil { joined[k.member, default: []].append(k.task) }
        for (k, a) in was {
            if let b = now[k] {
                if a.slot != b.slot {
                    rows.append(PlanChange(kind: .slotChanged, reason: touched.contains(k.task) || !fromScratch ? .taskMoved : .freshPlan,
                                           task: k.task, member: k.member, oldSlot: a.slot, newSlot: b.slot,
                                           oldRole: a.role == b.role ? nil : a.role, newRole: a.role == b.role ? nil : b.role))
                } else if a.role != b.role {
                    rows.append(PlanChange(kind: .roleChanged, reason: fromScratch && !touched.contains(k.task) ? .freshPlan : .lostMember,
                                           task: k.task, member: k.member, oldSlot: a.slot, newSlot: b.slot, oldRole: a.role, newRole: b.role))
                } else {
                    unchanged += 1
                }
                continue
            }
            var reason: ChangeReason
            if week.dropped.contains(k.member) { reason = .memberDropped }
            else if new.covered[k.task] == nil { reason = lossReason(k.task) }
            else if !fromScratch, !touched.contains(k.task),
                    let target = joined[k.member]?.sorted(by: { (after[$0]?.value ?? 0, $1) > (after[$1]?.value ?? 0, $0) }).first {
                reason = .movedToCover(target, priority: after[target]?.priority ?? 0)
            } else { reason = fromScratch ? .freshPlan : .lostMember }
            if fromScratch, reason == .lostMember, !touched.contains(k.task) { reason = .freshPlan }
            rows.append(PlanChange(kind: .memberRemoved, reason: reason, task: k.task, member: k.member, oldSlot: a.slot, oldRole: a.role))
        }
        for (k, b) in now where was[k] == nil {
            rows.append(PlanChange(kind: .memberAdded, reason: gainReason(k.task), task: k.task, member: k.member, newSlot: b.slot, newRole: b.role))
        }

        // Bookings, per task and requirement.
        struct Requirement: Hashable { var task: TaskRef; var requirement: Int }
        var booked: [Requirement: ResourceBooking] = [:]
        for b in old.bookings { booked[Requirement(task: b.task, requirement: b.requirement)] = b }
        var books: [Requirement: ResourceBooking] = [:]
        for b in new.bookings { books[Requirement(task: b.task, requirement: b.requirement)] = b }
        for (k, a) in booked {
            guard let b = books[k] else {
                rows.append(PlanChange(kind: .resourceReleased, reason: new.covered[k.task] == nil ? lossReason(k.task) : .freshPlan,
                                       task: k.task, oldSlot: a.slot, resource: a.resource))
                continue
            }
            if a.resource == b.resource && a.slot == b.slot { continue }
            let reason: ChangeReason = a.slot != b.slot ? .taskMoved : (fromScratch && !touched.contains(k.task) ? .freshPlan : .lostMember)
            if a.resource == b.resource {
                rows.append(PlanChange(kind: .resourceRebooked, reason: reason, task: k.task, oldSlot: a.slot, newSlot: b.slot, resource: a.resource))
            } else {
                rows.append(PlanChange(kind: .resourceReleased, reason: reason, task: k.task, oldSlot: a.slot, resource: a.resource))
                rows.append(PlanChange(kind: .resourceBooked, reason: reason, task: k.task, newSlot: b.slot, resource: b.resource))
            }
        }
        for (k, b) in books where booked[k] == nil {
            rows.append(PlanChange(kind: .resourceBooked, reason: gainReason(k.task), task: k.task, newSlot: b.slot, resource: b.resource))
        }
        rows.sort { ($0.task, $0.kind, $0.member ?? "", $0.resource ?? "") < ($1.task, $1.kind, $1.member ?? "", $1.resource ?? "") }
    }

    public func count(_ kind: ChangeKind) -> Int { rows.filter { $0.kind == kind }.count }

    /// Tasks newly unmet, with their value, most valuable first.
    public var lost: [PlanChange] { rows.filter { $0.kind == .taskUncovered }.sorted { ($0.value ?? 0, $1.task) > ($1.value ?? 0, $0.task) } }
    /// Tasks newly covered, most valuable first.
    public var gained: [PlanChange] { rows.filter { $0.kind == .taskCovered }.sorted { ($0.value ?? 0, $1.task) > ($1.value ?? 0, $0.task) } }
    /// Members to tell, in id order.
    public var membersToTell: [String] { Set(rows.compactMap(\.member)).sorted() }
    /// Units whose resources were released, booked or moved, in id order.
    public var unitsToTell: [String] { Set(rows.compactMap { $0.resource.map { owner(of: $0).unit } }).filter { !$0.isEmpty }.sorted() }

    public func member(_ id: String) -> Member? { original.members.first { $0.id == id } ?? changed.members.first { $0.id == id } }
    public func unit(_ id: String) -> StationedUnit? { original.units.first { $0.id == id } ?? changed.units.first { $0.id == id } }
    public func title(_ t: TaskRef) -> String {
        switch t.kind {
        case .need: return (changed.needs.first { $0.id == t.id } ?? original.needs.first { $0.id == t.id })?.title ?? ""
        case .project: return (changed.projects.first { $0.id == t.id } ?? original.projects.first { $0.id == t.id })?.title ?? ""
        }
    }
    public func priority(_ t: TaskRef) -> Int? {
        switch t.kind {
        case .need: return (changed.needs.first { $0.id == t.id } ?? original.needs.first { $0.id == t.id })?.priority
        case .project: return (changed.projects.first { $0.id == t.id } ?? original.projects.first { $0.id == t.id })?.priority
        }
    }
    public func owner(of resource: String) -> (unit: String, contact: String) {
        guard let r = original.resources.first(where: { $0.id == resource }) ?? changed.resources.first(where: { $0.id == resource }) else { return ("", "") }
        return (r.unit, unit(r.unit)?.contact ?? "")
    }

    /// changes.csv: one row per change, one person or unit to tell per row; `note` is the reason in words.
    public func csv(_ cal: SlotCalendar, lang: Language) -> String {
        var csv = CSVText(header: ["change", "reason", "task_kind", "task_id", "task_title", "priority", "value", "member_id", "member_name",
                                   "phone", "old_slot", "new_slot", "old_role", "new_role", "resource_id", "unit_id", "contact", "note"])
        for r in rows {
            let m = r.member.flatMap(member)
            let o = r.resource.map(owner(of:)) ?? ("", "")
            let isTask = r.kind == .taskCovered || r.kind == .taskUncovered
            csv.row([r.kind.rawValue, r.reason.code, r.task.kind.rawValue, r.task.id, title(r.task),
                     isTask ? priority(r.task).map(String.init) ?? "" : "", r.value.map { formatNumber($0) } ?? "",
                     r.member ?? "", m?.name ?? "", m?.phone ?? "", r.oldSlot.map(cal.label) ?? "", r.newSlot.map(cal.label) ?? "",
                     r.oldRole ?? "", r.newRole ?? "", r.resource ?? "", o.0, o.1, r.reason.sentence(lang)])
        }
        return csv.text
    }

    /// Counts for summary.json.
    public func countsJSON() -> JSON {
        .object([("unchanged", .integer(unchanged))] + ChangeKind.allCases.map { ($0.rawValue, .integer(count($0))) }
                + [("coverage_before", .number(coverageBefore)), ("coverage_after", .number(coverageAfter)),
                   ("members_to_tell", .integer(membersToTell.count)), ("units_to_tell", .integer(unitsToTell.count))])
    }
}
