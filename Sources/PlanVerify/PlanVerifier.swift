import CommunityMatch

/// Where each assignment and booking of a plan was read from, so a violation can name the rows to fix.
/// Parallel to `Plan.assignments` and `Plan.bookings`; empty when the plan did not come from files.
public struct PlanRows: Sendable {
    public var assignments: [SourceLocation]
    public var bookings: [SourceLocation]
    public init(assignments: [SourceLocation] = [], bookings: [SourceLocation] = []) {
        self.assignments = assignments; self.bookings = bookings
    }
}

/// Checks a plan against every hard rule of SPEC.md "The model" and recomputes each objective level from the
/// assignments alone.
///
/// It shares the domain and the scenario reader with the matcher but never the model builder (MatchModel), so it
/// stays a second opinion: a plan the model gets wrong is caught by code that could not share the mistake.
///
/// - Complexity: O(A + B + T·(R + P)) for A assignments, B bookings, T tasks, R requirements and P pins.
public struct PlanVerifier: Sendable {
    public let scenario: Scenario
    public let tasks: [VerifierTask]
    let taskByRef: [TaskRef: VerifierTask]
    let memberByID: [String: Member]
    let resourceByID: [String: Resource]

    public init(scenario: Scenario) {
        self.scenario = scenario
        tasks = VerifierTask.all(in: scenario)
        var t: [TaskRef: VerifierTask] = [:]
        for x in tasks { t[x.ref] = x }
        taskByRef = t
        var m: [String: Member] = [:]
        for x in scenario.members where m[x.id] == nil { m[x.id] = x }
        memberByID = m
        var r: [String: Resource] = [:]
        for x in scenario.resources where r[x.id] == nil { r[x.id] = x }
        resourceByID = r
    }

    public func task(_ ref: TaskRef) -> VerifierTask? { taskByRef[ref] }
    public func member(_ id: String) -> Member? { memberByID[id] }
    public func resource(_ id: String) -> Resource? { resourceByID[id] }

    /// Every way `plan` breaks a hard rule, in a stable order (the plan's own order, then per member, task and
    /// resource). Bookkeeping checks (rule 0 beyond unknown ids: the hours, travel and amount columns, the unmet
    /// list) run only when `bookkeeping` is true; a hand-edited folder has no unmet list to agree with.
    public func violations(of plan: Plan, rows: PlanRows = PlanRows(), bookkeeping: Bool = true) -> [Violation] {
        var out: [Violation] = []
        let cal = scenario.settings.calendar
        func aRow(_ i: Int) -> [SourceLocation] { rows.assignments.indices.contains(i) ? [rows.assignments[i]] : [] }
        func bRow(_ i: Int) -> [SourceLocation] { rows.bookings.indices.contains(i) ? [rows.bookings[i]] : [] }

        // Covered tasks: a real task, in one of its accepted slots, a slot long enough for it.
        for (ref, slot) in plan.covered.sorted(by: { $0.key < $1.key }) {
            let rowsOfTask = plan.assignments.indices.filter { plan.assignments[$0].task == ref }.flatMap(aRow)
            guard let t = taskByRef[ref] else {
                out.append(Violation(rule: 0, kind: .unknownTask, task: ref, rows: rowsOfTask)); continue
            }
            if !t.slots.contains(slot) {
                out.append(Violation(rule: 1, kind: .coveredSlotNotAccepted(slot), task: ref, rows: rowsOfTask))
            } else if cal.periods.indices.contains(slot.period), cal.hours(slot) < t.hours - verifierTolerance {
                out.append(Violation(rule: 1, kind: .coveredSlotTooShort(slot, slotHours: cal.hours(slot), taskHours: t.hours),
                                     task: ref, rows: rowsOfTask))
            }
        }

        // Assignments, one by one.
        var perMemberSlot: [String: [Slot: [Int]]] = [:]
        var hoursOf: [String: Double] = [:]
        var rowsOfMember: [String: [Int]] = [:]
        var byTask: [TaskRef: [Int]] = [:]
        for (i, a) in plan.assignments.enumerated() {
            guard let t = taskByRef[a.task] else {
                if plan.covered[a.task] == nil { out.append(Violation(rule: 0, kind: .unknownTask, task: a.task, members: [a.member], rows: aRow(i))) }
                continue
            }
            guard let m = memberByID[a.member] else {
                out.append(Violation(rule: 0, kind: .unknownMember(a.member), task: a.task, members: [a.member], rows: aRow(i))); continue
            }
            byTask[a.task, default: []].append(i)
            perMemberSlot[a.member, default: [:]][a.slot, default: []].append(i)
            hoursOf[a.member, default: 0] += t.hours
            rowsOfMember[a.member, default: []].append(i)
            func add(_ rule: Int, _ kind: ViolationKind) {
                out.append(Violation(rule: rule, kind: kind, task: a.task, members: [a.member], rows: aRow(i)))
            }
            // Rule 1.
            if !m.slots.contains(a.slot) { add(1, .memberUnavailable(member: m.id, slot: a.slot)) }
            if !t.slots.contains(a.slot), plan.covered[a.task] != a.slot { add(1, .slotNotAccepted(member: m.id, slot: a.slot)) }
            // Rules 4/5: the one slot.
            if let s = plan.covered[a.task], s != a.slot {
                add(t.need != nil ? 4 : 5, .outsideSlot(member: m.id, slot: a.slot, covered: s))
            }
            let travel = verifierTravelMinutes(scenario, from: m.community, to: t.community)
            if bookkeeping {
                if abs(a.hours - t.hours) > verifierTolerance { add(0, .hoursColumn(member: m.id, has: a.hours, task: t.hours)) }
                if abs(a.travelMinutes - travel) > 1e-6 * max(1, travel) { add(0, .travelColumn(member: m.id, has: a.travelMinutes, actual: travel)) }
            }
            // Rule 3: reach and skills.
            if !verifierWithin(travel, t.maxTravel) {
                add(3, .outOfReach(member: m.id, home: m.community, minutes: travel, taskCommunity: t.community, limit: t.maxTravel))
            }
            if let p = t.project {
                if let role = p.roles.first(where: { sameText($0.skill, a.role) }) {
                    if !verifierHoldsSkills(m, task: t, roleSkill: role.skill) {
                        add(3, .lacksSkills(member: m.id, needed: [role.skill], has: m.skills.sorted()))
                    }
                } else {
                    add(5, .unknownRole(member: m.id, role: a.role))
                }
            } else if let n = t.need {
                if bookkeeping, !a.role.isEmpty { add(0, .roleOnNeed(member: m.id, role: a.role)) }
                if !verifierHoldsSkills(m, task: t, roleSkill: nil) {
                    let missing = n.skills.filter { s in !sameText(s, "any") && !m.skills.contains(where: { sameText($0, s) }) }
                    add(3, .lacksSkills(member: m.id, needed: missing.sorted(), has: m.skills.sorted()))
                }
            }
        }
        // Rule 1: at most one task per member per slot.
        for (member, slots) in perMemberSlot.sorted(by: { $0.key < $1.key }) {
            for (slot, idx) in slots.sorted(by: { $0.key < $1.key }) {
                let ts = Set(idx.map { plan.assignments[$0].task })
                if ts.count > 1 {
                    out.append(Violation(rule: 1, kind: .doubleBooked(member: member, slot: slot, tasks: ts.sorted()),
                                         members: [member], rows: idx.flatMap(aRow)))
                }
            }
        }
        // Rule 2: weekly hours.
        for (member, h) in hoursOf.sorted(by: { $0.key < $1.key }) {
            if let m = memberByID[member], h > m.maxHours + verifierTolerance {
                out.append(Violation(rule: 2, kind: .overHours(member: member, hours: h, max: m.maxHours), members: [member],
                                     rows: (rowsOfMember[member] ?? []).flatMap(aRow)))
            }
        }

        // Rules 4 and 5: staffing of covered tasks; uncovered tasks take nothing.
        var bookingsByTask: [TaskRef: [Int]] = [:]
        for (i, b) in plan.bookings.enumerated() { bookingsByTask[b.task, default: []].append(i) }
        for t in tasks {
            let ai = byTask[t.ref] ?? []
            let bi = bookingsByTask[t.ref] ?? []
            let rule = t.need != nil ? 4 : 5
            let members = ai.map { plan.assignments[$0].member }
            guard plan.covered[t.ref] != nil else {
                if !ai.isEmpty {
                    out.append(Violation(rule: rule, kind: .uncoveredTakesMembers(members.sorted()), task: t.ref,
                                         members: members.sorted(), rows: ai.flatMap(aRow)))
                }
                if !bi.isEmpty {
                    let rs = bi.map { plan.bookings[$0].resource }.sorted()
                    out.append(Violation(rule: rule, kind: .uncoveredTakesResources(rs), task: t.ref, resources: rs, rows: bi.flatMap(bRow)))
                }
                continue
            }
            var seen: Set<String> = []
            for i in ai where !seen.insert(plan.assignments[i].member).inserted {
                out.append(Violation(rule: rule, kind: .memberTwice(plan.assignments[i].member), task: t.ref,
                                     members: [plan.assignments[i].member], rows: ai.filter { plan.assignments[$0].member == plan.assignments[i].member }.flatMap(aRow)))
            }
            if let n = t.need {
                if members.count != n.headcount {
                    out.append(Violation(rule: 4, kind: .headcount(got: members.count, wanted: n.headcount), task: t.ref,
                                         members: members.sorted(), rows: ai.flatMap(aRow)))
                }
            } else if let p = t.project {
                for role in p.roles {
                    let inRole = ai.filter { sameText(plan.assignments[$0].role, role.skill) }
                    if inRole.count < role.min || inRole.count > role.max {
                        out.append(Violation(rule: 5, kind: .roleCount(role: role.skill, got: inRole.count, min: role.min, max: role.max),
                                             task: t.ref, members: inRole.map { plan.assignments[$0].member }.sorted(),
                                             rows: (inRole.isEmpty ? ai : inRole).flatMap(aRow)))
                    }
                }
            }
        }

        // Rule 6: resources.
        var perResourceSlot: [String: [Slot: [Int]]] = [:]
        var drawn: [String: (total: Double, rows: [Int])] = [:]
        var metRequirement: [TaskRef: [Int: [Int]]] = [:]
        for (i, b) in plan.bookings.enumerated() {
            func add(_ rule: Int, _ kind: ViolationKind) {
                out.append(Violation(rule: rule, kind: kind, task: b.task, resources: [b.resource], rows: bRow(i)))
            }
            guard let t = taskByRef[b.task] else {
                if plan.covered[b.task] == nil && !plan.assignments.contains(where: { $0.task == b.task }) { add(0, .unknownTask) }
                continue
            }
            guard let r = resourceByID[b.resource] else { add(0, .unknownResource(b.resource)); continue }
            perResourceSlot[r.id, default: [:]][b.slot, default: []].append(i)
            guard t.requirements.indices.contains(b.requirement) else {
                add(6, .noSuchRequirement(resource: r.id, requirements: t.requirements.count)); continue
            }
            let q = t.requirements[b.requirement]
            metRequirement[t.ref, default: [:]][b.requirement, default: []].append(i)
            if let amount = q.amount, amount != 0 {
                drawn[r.id, default: (0, [])].total += amount
                drawn[r.id]!.rows.append(i)
            }
            if bookkeeping, abs(b.amount - (q.amount ?? 0)) > verifierTolerance { add(0, .amountColumn(resource: r.id, has: b.amount, wanted: q.amount ?? 0)) }
            if let s = plan.covered[t.ref], s != b.slot { add(6, .bookingSlot(resource: r.id, slot: b.slot, covered: s)) }
            let why = verifierResourceFits(r, q, task: t, slot: b.slot, in: scenario)
            if !why.isEmpty { add(6, .resourceDoesNotFit(resource: r.id, requirement: q.description, problems: why)) }
        }
        for t in tasks where plan.covered[t.ref] != nil {
            for (i, q) in t.requirements.enumerated() {
                let k = metRequirement[t.ref]?[i] ?? []
                if k.count != 1 {
                    out.append(Violation(rule: 6, kind: .requirementBookings(requirement: q.description, bookings: k.count), task: t.ref,
                                         resources: k.map { plan.bookings[$0].resource },
                                         // With no booking to point at, the task's own assignment rows say where it is.
                                         rows: k.isEmpty ? (byTask[t.ref] ?? []).flatMap(aRow) : k.flatMap(bRow)))
                }
            }
        }
        for (rid, slots) in perResourceSlot.sorted(by: { $0.key < $1.key }) {
            for (slot, idx) in slots.sorted(by: { $0.key < $1.key }) where idx.count > 1 {
                out.append(Violation(rule: 6, kind: .resourceTwice(resource: rid, slot: slot, tasks: idx.map { plan.bookings[$0].task }.sorted()),
                                     resources: [rid], rows: idx.flatMap(bRow)))
            }
        }
        for (rid, d) in drawn.sorted(by: { $0.key < $1.key }) {
            if let q = resourceByID[rid]?.quantity, d.total > q + verifierTolerance {
                out.append(Violation(rule: 6, kind: .overdrawn(resource: rid, drawn: d.total, quantity: q), resources: [rid],
                                     rows: d.rows.flatMap(bRow)))
            }
        }

        // Rule 7: pins.
        for pin in scenario.pins {
            let held = plan.assignments.contains { a in
                a.task == pin.task && a.member == pin.member && (pin.slot == nil || pin.slot == a.slot)
            }
            if !held {
                out.append(Violation(rule: 7, kind: .pinBroken(member: pin.member, slot: pin.slot), task: pin.task,
                                     members: [pin.member], rows: [pin.location]))
            }
        }

        guard bookkeeping else { return out }
        // Every task is either covered or unmet, once, and unmet rows say the task's value.
        var unmetSeen: Set<TaskRef> = []
        for u in plan.unmet {
            if !unmetSeen.insert(u.task).inserted { out.append(Violation(rule: 0, kind: .unmetTwice, task: u.task)); continue }
            guard let t = taskByRef[u.task] else { out.append(Violation(rule: 0, kind: .unknownTask, task: u.task)); continue }
            if plan.covered[u.task] != nil { out.append(Violation(rule: 0, kind: .coveredAndUnmet, task: u.task)) }
            if abs(u.value - t.value) > 1e-6 * max(1, t.value) { out.append(Violation(rule: 0, kind: .unmetValue(has: u.value, wanted: t.value), task: u.task)) }
            if u.community != t.community { out.append(Violation(rule: 0, kind: .unmetCommunity(has: u.community, wanted: t.community), task: u.task)) }
        }
        for t in tasks where plan.covered[t.ref] == nil && !unmetSeen.contains(t.ref) {
            out.append(Violation(rule: 0, kind: .neitherCoveredNorUnmet, task: t.ref))
        }
        return out
    }

    /// Each objective level's value, computed from the covered tasks and assignments alone (SPEC "Objective,
    /// lexicographic"): the hours and travel columns of the plan are ignored and recomputed, so a hand edit
    /// cannot make a plan look better than it is.
    public func levelValues(of plan: Plan) -> [ObjectiveLevel: Double] {
        let coverage = plan.covered.keys.reduce(0.0) { $0 + (taskByRef[$1]?.value ?? 0) }
        var served: [String: Double] = [:]
        var travel = 0.0
        for a in plan.assignments {
            guard let m = memberByID[a.member], let t = taskByRef[a.task] else { continue }
            served[m.unit, default: 0] += t.hours
            travel += verifierTravelMinutes(scenario, from: m.community, to: t.community)
        }
        let pledges = scenario.units.reduce(0.0) { $0 + max(0, $1.pledgeHours - (served[$1.id] ?? 0)) }
        var continuity = 0
        for n in scenario.needs {
            guard let pm = n.preferredMember, plan.covered[TaskRef(.need, n.id)] != nil else { continue }
            if plan.assignments.contains(where: { $0.task == TaskRef(.need, n.id) && $0.member == pm }) { continuity += 1 }
        }
        travel -= scenario.settings.continuityBonus * Double(continuity)
        // Fairness (docs/ledger.md): Σ recent hours × task hours, a need's own preferred member exempt.
        var fairness = 0.0
        let preferred = Dictionary(scenario.needs.map { ($0.id, $0.preferredMember) }, uniquingKeysWith: { a, _ in a })
        for a in plan.assignments {
            guard let recent = scenario.recentHours[a.member], recent > 0, let t = taskByRef[a.task] else { continue }
            if a.task.kind == .need, preferred[a.task.id] ?? nil == a.member { continue }
            fairness += recent * t.hours
        }
        return [.coverage: coverage, .pledges: pledges, .travel: travel, .fairness: fairness]
    }

    /// The levels of the scenario's objective, in order, with their recomputed values.
    public func levels(of plan: Plan) -> [(level: ObjectiveLevel, value: Double)] {
        let v = levelValues(of: plan)
        let order = scenario.settings.objective.isEmpty ? [.coverage] : scenario.settings.objective
        return order.map { ($0, v[$0]!) }
    }
}
