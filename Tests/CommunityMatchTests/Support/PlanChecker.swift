import CommunityMatch
import Foundation

// An independent reading of SPEC.md "The model" (hard rules 1–7, the lexicographic objective) and "Details every
// reader of these files must agree on". Written from the SPEC text alone: it shares no code with the model
// builder, and recomputes travel itself (haversine in the atan2 form, travel.csv overrides in either direction).

/// Minutes from community `a` to community `b`: a travel.csv row where given (the row from→to first, else the
/// row to→from, which serves the reverse direction), else great-circle distance on a 6371 km sphere at the
/// scenario's walking speed, unrounded; 0 inside one community.
func checkerTravelMinutes(_ scenario: Scenario, from a: String, to b: String) -> Double {
    if a == b { return 0 }
    if let m = scenario.travelOverrides[a + "\u{1F}" + b] { return m }
    if let m = scenario.travelOverrides[b + "\u{1F}" + a] { return m }
    guard let ca = scenario.communities.first(where: { $0.id == a }),
          let cb = scenario.communities.first(where: { $0.id == b }) else { return .infinity }
    let rad = Double.pi / 180
    let dLat = (cb.lat - ca.lat) * rad, dLon = (cb.lon - ca.lon) * rad
    let h = pow(sin(dLat / 2), 2) + cos(ca.lat * rad) * cos(cb.lat * rad) * pow(sin(dLon / 2), 2)
    let km = 6371.0 * 2 * atan2(sqrt(h), sqrt(max(0, 1 - h)))
    return km / scenario.settings.walkingSpeedKmh * 60
}

/// "Within" means `<=`.
func checkerWithin(_ minutes: Double, _ limit: Double) -> Bool { minutes <= limit + 1e-9 }

func sameText(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

/// A need or a project, seen the way the rules talk about tasks.
struct CheckerTask {
    var ref: TaskRef
    var community: String
    var slots: [Slot]
    var hours: Double
    /// Minutes: a need's `max_travel` (default the service circle); a project always the service circle.
    var maxTravel: Double
    var requirements: [ResourceRequirement]
    var value: Double
    var need: Need?
    var project: Project?

    static func all(in scenario: Scenario) -> [CheckerTask] {
        let s = scenario.settings
        func weight(_ p: Int) -> Double { s.priorityWeights[p] ?? 0 }
        var out: [CheckerTask] = []
        for n in scenario.needs {
            let v = weight(n.priority) * (n.vulnerable ? s.vulnerableFactor : 1)
            out.append(CheckerTask(ref: TaskRef(.need, n.id), community: n.community, slots: n.slots, hours: n.hours,
                                   maxTravel: n.maxTravel ?? s.maxTravel, requirements: n.resources, value: v,
                                   need: n, project: nil))
        }
        for p in scenario.projects {
            let v = weight(p.priority) * Double(p.beneficiaries) / 4
            out.append(CheckerTask(ref: TaskRef(.project, p.id), community: p.community, slots: p.slots, hours: p.hours,
                                   maxTravel: s.maxTravel, requirements: p.resources, value: v,
                                   need: nil, project: p))
        }
        return out
    }
}

/// Does `member` hold what `task` asks of it (for a project, what role `roleSkill` asks)? Rule 3, skills half.
func checkerHoldsSkills(_ member: Member, task: CheckerTask, roleSkill: String?) -> Bool {
    let held = Set(member.skills.map { $0.lowercased() })
    if let n = task.need {
        return n.skills.allSatisfy { sameText($0, "any") || held.contains($0.lowercased()) }
    }
    guard let skill = roleSkill else { return false }
    return sameText(skill, "any") || held.contains(skill.lowercased())
}

/// Can resource `r` meet requirement `q` of `task` in `slot`, ignoring what other tasks take? Rule 6, one booking.
func checkerResourceFits(_ r: Resource, _ q: ResourceRequirement, task: CheckerTask, slot: Slot, in scenario: Scenario) -> [String] {
    var why: [String] = []
    if !sameText(r.kind, q.kind) { why.append("kind \(r.kind) is not \(q.kind)") }
    if let tag = q.tag, !r.tags.contains(where: { sameText($0, tag) }) { why.append("lacks tag \(tag)") }
    if let cap = q.minCapacity, r.capacity < cap - 1e-9 { why.append("capacity \(r.capacity) < \(cap)") }
    if let c = r.community {
        let t = checkerTravelMinutes(scenario, from: c, to: task.community)
        if !checkerWithin(t, task.maxTravel) { why.append("lies \(t) min from \(task.community), limit \(task.maxTravel)") }
    }
    if let slots = r.slots, !slots.contains(slot) { why.append("not usable in slot \(slot)") }
    return why
}

/// Every way `plan` breaks hard rules 1–7 of SPEC "The model", plus the plan's internal consistency
/// (hours and travel of each assignment, covered/unmet bookkeeping). Empty means the plan is valid.
func violations(of plan: Plan, in scenario: Scenario) -> [String] {
    var out: [String] = []
    let cal = scenario.settings.calendar
    func label(_ s: Slot) -> String {
        (0..<7).contains(s.day) && cal.periods.indices.contains(s.period) ? cal.label(s) : "slot(\(s.day),\(s.period))"
    }
    let tasks = CheckerTask.all(in: scenario)
    var taskByRef: [TaskRef: CheckerTask] = [:]
    for t in tasks { taskByRef[t.ref] = t }
    var memberByID: [String: Member] = [:]
    for m in scenario.members { memberByID[m.id] = m }
    var resourceByID: [String: Resource] = [:]
    for r in scenario.resources { resourceByID[r.id] = r }

    // Covered tasks: a real task, in one of its accepted slots, a slot long enough for it.
    for (ref, slot) in plan.covered.sorted(by: { $0.key < $1.key }) {
        guard let t = taskByRef[ref] else { out.append("covered \(ref) is no task of the scenario"); continue }
        if !t.slots.contains(slot) { out.append("rule 1: \(ref) covered in \(label(slot)), which it does not accept") }
        if cal.periods.indices.contains(slot.period), cal.hours(slot) < t.hours - 1e-9 {
            out.append("rule 1: \(ref) covered in \(label(slot)), shorter (\(cal.hours(slot)) h) than the task (\(t.hours) h)")
        }
    }

    // Assignments, one by one.
    var perMemberSlot: [String: [Slot: Set<TaskRef>]] = [:]
    var hoursOf: [String: Double] = [:]
    var byTask: [TaskRef: [Assignment]] = [:]
    for a in plan.assignments {
        let tag = "\(a.task) ← \(a.member) in \(label(a.slot))"
        guard let t = taskByRef[a.task] else { out.append("\(tag): no such task"); continue }
        guard let m = memberByID[a.member] else { out.append("\(tag): no such member"); continue }
        byTask[a.task, default: []].append(a)
        perMemberSlot[a.member, default: [:]][a.slot, default: []].insert(a.task)
        hoursOf[a.member, default: 0] += t.hours
        // Rule 1.
        if !m.slots.contains(a.slot) { out.append("rule 1: \(tag): the member is not available then") }
        if !t.slots.contains(a.slot) { out.append("rule 1: \(tag): the task does not accept that slot") }
        // Consistency with the covered map.
        if let s = plan.covered[a.task] {
            if s != a.slot { out.append("consistency: \(tag): the task is covered in \(label(s)), not in this slot") }
        } else {
            out.append("consistency: \(tag): the task is not covered")
        }
        if abs(a.hours - t.hours) > 1e-9 { out.append("consistency: \(tag): hours \(a.hours), the task takes \(t.hours)") }
        let travel = checkerTravelMinutes(scenario, from: m.community, to: t.community)
        if abs(a.travelMinutes - travel) > 1e-6 * max(1, travel) {
            out.append("consistency: \(tag): travel_minutes \(a.travelMinutes), the travel is \(travel)")
        }
        // Rule 3: reach and skills.
        if !checkerWithin(travel, t.maxTravel) {
            out.append("rule 3: \(tag): home \(m.community) is \(travel) min from \(t.community), beyond \(t.maxTravel)")
        }
        if let p = t.project {
            if let role = p.roles.first(where: { sameText($0.skill, a.role) }) {
                if !checkerHoldsSkills(m, task: t, roleSkill: role.skill) {
                    out.append("rule 3: \(tag): the member lacks the role's skill \(role.skill)")
                }
            } else {
                out.append("rule 5: \(tag): role '\(a.role)' is no role of the project")
            }
        } else {
            if !a.role.isEmpty { out.append("consistency: \(tag): a need's assignment carries role '\(a.role)'") }
            if !checkerHoldsSkills(m, task: t, roleSkill: nil) {
                out.append("rule 3: \(tag): the member lacks skills \(t.need!.skills.sorted()) (has \(m.skills.sorted()))")
            }
        }
    }
    // Rule 1: at most one task per member per slot.
    for (member, slots) in perMemberSlot.sorted(by: { $0.key < $1.key }) {
        for (slot, ts) in slots.sorted(by: { $0.key < $1.key }) where ts.count > 1 {
            out.append("rule 1: \(member) serves \(ts.count) tasks in \(label(slot)): \(ts.sorted())")
        }
    }
    // Rule 2: weekly hours.
    for (member, h) in hoursOf.sorted(by: { $0.key < $1.key }) {
        if let m = memberByID[member], h > m.maxHours + 1e-9 {
            out.append("rule 2: \(member) serves \(h) h, above max_hours \(m.maxHours)")
        }
    }

    // Rules 4 and 5: staffing of covered tasks; uncovered tasks take nothing.
    var bookingsByTask: [TaskRef: [ResourceBooking]] = [:]
    for b in plan.bookings { bookingsByTask[b.task, default: []].append(b) }
    for t in tasks {
        let as_ = byTask[t.ref] ?? []
        let bs = bookingsByTask[t.ref] ?? []
        guard let slot = plan.covered[t.ref] else {
            let rule = t.need != nil ? "rule 4" : "rule 5"
            if !as_.isEmpty { out.append("\(rule): \(t.ref) is not covered but takes members \(as_.map(\.member).sorted())") }
            if !bs.isEmpty { out.append("\(rule): \(t.ref) is not covered but takes resources \(bs.map(\.resource).sorted())") }
            continue
        }
        let members = as_.map(\.member)
        if Set(members).count != members.count {
            out.append("\(t.need != nil ? "rule 4" : "rule 5"): \(t.ref) lists a member twice: \(members.sorted())")
        }
        if as_.contains(where: { $0.slot != slot }) {
            out.append("\(t.need != nil ? "rule 4" : "rule 5"): \(t.ref) is staffed outside its one slot \(label(slot))")
        }
        if let n = t.need {
            if Set(members).count != n.headcount || members.count != n.headcount {
                out.append("rule 4: \(t.ref) covered with \(members.count) assignments (\(Set(members).count) members), headcount \(n.headcount)")
            }
        } else if let p = t.project {
            for role in p.roles {
                let k = as_.filter { sameText($0.role, role.skill) }.count
                if k < role.min || k > role.max {
                    out.append("rule 5: \(t.ref) role \(role.skill) has \(k) members, needs \(role.min)-\(role.max)")
                }
            }
        }
    }

    // Rule 6: resources.
    var perResourceSlot: [String: [Slot: [ResourceBooking]]] = [:]
    var drawn: [String: Double] = [:]
    var metRequirement: [TaskRef: [Int: Int]] = [:]
    for b in plan.bookings {
        let tag = "booking \(b.resource) for \(b.task) requirement #\(b.requirement) in \(label(b.slot))"
        guard let t = taskByRef[b.task] else { out.append("\(tag): no such task"); continue }
        guard let r = resourceByID[b.resource] else { out.append("\(tag): no such resource"); continue }
        perResourceSlot[r.id, default: [:]][b.slot, default: []].append(b)
        guard t.requirements.indices.contains(b.requirement) else {
            out.append("rule 6: \(tag): the task has no such requirement (it has \(t.requirements.count))"); continue
        }
        let q = t.requirements[b.requirement]
        metRequirement[t.ref, default: [:]][b.requirement, default: 0] += 1
        drawn[r.id, default: 0] += q.amount ?? 0
        if abs(b.amount - (q.amount ?? 0)) > 1e-9 { out.append("consistency: \(tag): amount \(b.amount), the requirement says \(q.amount ?? 0)") }
        if let s = plan.covered[t.ref], s != b.slot { out.append("rule 6: \(tag): the task is covered in \(label(s))") }
        for why in checkerResourceFits(r, q, task: t, slot: b.slot, in: scenario) {
            out.append("rule 6: \(tag) (\(q)): \(why)")
        }
    }
    for t in tasks where plan.covered[t.ref] != nil {
        for (i, q) in t.requirements.enumerated() {
            let k = metRequirement[t.ref]?[i] ?? 0
            if k != 1 { out.append("rule 6: covered \(t.ref) requirement #\(i) (\(q)) met by \(k) bookings, not 1") }
        }
    }
    for (rid, slots) in perResourceSlot.sorted(by: { $0.key < $1.key }) {
        for (slot, bs) in slots.sorted(by: { $0.key < $1.key }) where bs.count > 1 {
            out.append("rule 6: resource \(rid) serves \(bs.count) requirements in \(label(slot)): \(bs.map { "\($0.task)#\($0.requirement)" })")
        }
    }
    for (rid, total) in drawn.sorted(by: { $0.key < $1.key }) {
        if let q = resourceByID[rid]?.quantity, total > q + 1e-9 {
            out.append("rule 6: resource \(rid) gives \(total), above its weekly quantity \(q)")
        }
    }

    // Rule 7: pins.
    for pin in scenario.pins {
        let held = plan.assignments.contains { a in
            a.task == pin.task && a.member == pin.member && (pin.slot == nil || pin.slot == a.slot)
        }
        if !held { out.append("rule 7: pin \(pin.task) ← \(pin.member)\(pin.slot.map { " in \(label($0))" } ?? "") does not hold") }
    }

    // Bookkeeping: every task is either covered or unmet, once, and unmet rows say the task's value.
    var unmetSeen: Set<TaskRef> = []
    for u in plan.unmet {
        if !unmetSeen.insert(u.task).inserted { out.append("consistency: \(u.task) listed twice as unmet") }
        guard let t = taskByRef[u.task] else { out.append("consistency: unmet \(u.task) is no task"); continue }
        if plan.covered[u.task] != nil { out.append("consistency: \(u.task) is both covered and unmet") }
        if abs(u.value - t.value) > 1e-6 * max(1, t.value) { out.append("consistency: unmet \(u.task) value \(u.value), should be \(t.value)") }
        if u.community != t.community { out.append("consistency: unmet \(u.task) community \(u.community), should be \(t.community)") }
    }
    for t in tasks where plan.covered[t.ref] == nil && !unmetSeen.contains(t.ref) {
        out.append("consistency: \(t.ref) is neither covered nor listed as unmet")
    }
    return out
}

/// Each objective level's value, computed from the plan alone (SPEC "Objective, lexicographic").
func levelValues(of plan: Plan, in scenario: Scenario) -> [ObjectiveLevel: Double] {
    let tasks = CheckerTask.all(in: scenario)
    var taskByRef: [TaskRef: CheckerTask] = [:]
    for t in tasks { taskByRef[t.ref] = t }
    var memberByID: [String: Member] = [:]
    for m in scenario.members { memberByID[m.id] = m }

    // 1. Coverage: the values of covered tasks.
    let coverage = plan.covered.keys.reduce(0.0) { $0 + (taskByRef[$1]?.value ?? 0) }
    // 2. Pledges: Σ over units of max(0, pledge − hours its members serve, needs and projects alike).
    var served: [String: Double] = [:]
    for a in plan.assignments {
        guard let m = memberByID[a.member], let t = taskByRef[a.task] else { continue }
        served[m.unit, default: 0] += t.hours
    }
    let pledges = scenario.units.reduce(0.0) { $0 + max(0, $1.pledgeHours - (served[$1.id] ?? 0)) }
    // 3. Travel: all assignments' minutes, less the bonus once per need served by its preferred member.
    var travel = 0.0
    for a in plan.assignments {
        guard let m = memberByID[a.member], let t = taskByRef[a.task] else { continue }
        travel += checkerTravelMinutes(scenario, from: m.community, to: t.community)
    }
    var continuity = 0
    for n in scenario.needs {
        guard let pm = n.preferredMember, plan.covered[TaskRef(.need, n.id)] != nil else { continue }
        if plan.assignments.contains(where: { $0.task == TaskRef(.need, n.id) && $0.member == pm }) { continuity += 1 }
    }
    travel -= scenario.settings.continuityBonus * Double(continuity)
    return [.coverage: coverage, .pledges: pledges, .travel: travel]
}

func levelsAgree(_ a: Double, _ b: Double, relative: Double = 1e-6) -> Bool {
    abs(a - b) <= relative * max(1, abs(a), abs(b))
}

/// Where `plan.levels` misreport the plan: each level of `settings.objective`, in order, with the value
/// recomputed from the plan, within 1e-6 relative.
func levelMismatches(of plan: Plan, in scenario: Scenario) -> [String] {
    var out: [String] = []
    let expectedOrder = scenario.settings.objective.isEmpty ? [.coverage] : scenario.settings.objective
    if plan.levels.map(\.level) != expectedOrder {
        out.append("levels reported \(plan.levels.map(\.level.rawValue)), objective is \(expectedOrder.map(\.rawValue))")
    }
    let values = levelValues(of: plan, in: scenario)
    for outcome in plan.levels {
        let v = values[outcome.level]!
        if !levelsAgree(outcome.value, v) {
            out.append("level \(outcome.level.rawValue) reported \(outcome.value), the plan's value is \(v)")
        }
    }
    return out
}

/// Is `a` lexicographically better than `b` under `order` (coverage maximised, pledges and travel minimised),
/// ties taken within 1e-6 relative?
func lexicographicallyBetter(_ a: [ObjectiveLevel: Double], than b: [ObjectiveLevel: Double], order: [ObjectiveLevel]) -> Bool {
    for level in order {
        let x = a[level]!, y = b[level]!
        if levelsAgree(x, y) { continue }
        return level == .coverage ? x > y : x < y
    }
    return false
}
