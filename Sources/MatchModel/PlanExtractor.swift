import CommunityMatch
import MIPModel

/// Turns a solution vector back into a plan, and names the first cause for every task left unmet.
package struct PlanExtractor {
    package let scenario: Scenario
    package let model: MatchingModel

    package init(scenario: Scenario, model: MatchingModel) { self.scenario = scenario; self.model = model }

    package func plan(from x: [Double], reasons: Bool = true) -> Plan {
        func on(_ c: Int) -> Bool { c < x.count && x[c] > 0.5 }
        var plan = Plan()
        for cv in model.covers where on(cv.column) {
            plan.covered[model.tasks[cv.task].ref] = cv.slot
        }
        for a in model.assigns where on(a.column) {
            let task = model.tasks[a.task]
            plan.assignments.append(Assignment(
                task: task.ref, role: task.positions[a.option.position].label,
                member: scenario.members[a.option.member].id, slot: a.option.slot,
                hours: task.hours, travelMinutes: a.option.travel))
        }
        for b in model.books where on(b.column) {
            let task = model.tasks[b.task]
            plan.bookings.append(ResourceBooking(
                task: task.ref, requirement: b.option.requirement,
                resource: scenario.resources[b.option.resource].id, slot: b.option.slot,
                amount: task.requirements[b.option.requirement].amount ?? 0))
        }
        plan.assignments.sort { ($0.task, $0.slot, $0.role, $0.member) < ($1.task, $1.slot, $1.role, $1.member) }
        plan.bookings.sort { ($0.task, $0.requirement, $0.resource) < ($1.task, $1.requirement, $1.resource) }
        if reasons { plan.unmet = UnmetReasons(scenario: scenario, tasks: model.tasks, eligibility: model.eligibility, plan: plan).all() }
        return plan
    }
}

/// The first cause, in SPEC's order, that explains why a task is unmet.
public struct UnmetReasons {
    let scenario: Scenario
    /// The whole week's tasks and eligibility, even when the plan was solved part by part: a reason such
    /// as `no_one_in_reach` speaks of every member, not only those of the task's part.
    let tasks: [TaskSpec]
    let eligibility: Eligibility
    let plan: Plan

    package init(scenario: Scenario, tasks: [TaskSpec], eligibility: Eligibility, plan: Plan) {
        self.scenario = scenario; self.tasks = tasks; self.eligibility = eligibility; self.plan = plan
    }

    package func all() -> [UnmetTask] {
        // Who serves what, to name what outcompeted a task.
        var memberTask: [String: [Slot: TaskRef]] = [:]
        for a in plan.assignments { memberTask[a.member, default: [:]][a.slot] = a.task }
        var resourceTask: [String: [Slot: TaskRef]] = [:]
        var draws: [String: [(task: TaskRef, amount: Double)]] = [:]
        for b in plan.bookings {
            resourceTask[b.resource, default: [:]][b.slot] = b.task
            if b.amount > 0 { draws[b.resource, default: []].append((b.task, b.amount)) }
        }
        let values = Dictionary(uniqueKeysWithValues: tasks.map { ($0.ref, $0.value) })
        // Counted per community, each skill set once: a capital has thousands of unmet tasks and ten thousand
        // members, and counting members one by one for each took longer than solving.
        let skilledByCommunity = SkillHolders(scenario.members)
        var travel = TravelTimes(scenario)
        var hoursUsed: [String: Double] = [:]
        for a in plan.assignments { hoursUsed[a.member, default: 0] += a.hours }

        var out: [UnmetTask] = []
        for (t, task) in tasks.enumerated() where plan.covered[task.ref] == nil {
            let (code, detail) = reason(t, task, memberTask: memberTask, resourceTask: resourceTask,
                                        draws: draws, values: values, hoursUsed: hoursUsed,
                                        skilledByCommunity: skilledByCommunity, travel: &travel)
            out.append(UnmetTask(task: task.ref, community: task.community, priority: task.priority,
                                 value: task.value, reason: code, detail: detail))
        }
        return out.sorted { $0.task < $1.task }
    }

    private func describe(_ pos: TaskSpec.Position, _ task: TaskSpec) -> String {
        if task.ref.kind == .project { return "role \(pos.label)" }
        return pos.skills.isEmpty ? "a member" : "skill \(pos.skills.sorted().joined(separator: "+"))"
    }

    private func reason(_ t: Int, _ task: TaskSpec, memberTask: [String: [Slot: TaskRef]],
                        resourceTask: [String: [Slot: TaskRef]], draws: [String: [(task: TaskRef, amount: Double)]],
                        values: [TaskRef: Double],
                        hoursUsed: [String: Double], skilledByCommunity: SkillHolders,
                        travel: inout TravelTimes) -> (ReasonCode, String) {
        let members = scenario.members
        for pos in task.positions where pos.min > 0 {
            let holders = skilledByCommunity.counts(for: pos.skills)
            let skilled = holders.reduce(0) { $0 + $1.count }
            if skilled < pos.min {
                return (.noSkill, "\(describe(pos, task)): \(skilled) member(s) hold it, \(pos.min) needed")
            }
            let inReach = holders.reduce(0) {
                $0 + (travel.minutes(from: $1.community, to: task.community) <= task.maxTravel + Tolerance.epsilon ? $1.count : 0)
            }
            if inReach < pos.min {
                return (.noOneInReach, "\(describe(pos, task)): \(inReach) within \(formatNumber(task.maxTravel)) min, \(pos.min) needed")
            }
        }
        let elig = eligibility.members[t]
        // no_slot: no accepted slot where every position can reach its minimum by itself.
        let staffable = task.slots.filter { eligibility.canStaff(task: t, spec: task, in: $0) }
        if staffable.isEmpty {
            let cal = scenario.settings.calendar
            return (.noSlot, "no accepted slot (\(task.slots.map(cal.label).joined(separator: "|"))) has enough qualified members in reach free")
        }
        // no_resource: in every staffable slot some requirement has no resource of its kind in reach.
        let relig = eligibility.resources[t]
        var resourceable: [Slot] = []
        var missing: [String] = []
        for s in staffable {
            let without = eligibility.requirementsWithoutResource(task: t, spec: task, in: s)
            for qi in without where !missing.contains(task.requirements[qi].description) {
                missing.append(task.requirements[qi].description)
            }
            var ok = without.isEmpty
            if ok && !eligibility.hasDistinctResources(task: t, spec: task, in: s) {
                ok = false
                let kinds = task.requirements.map(\.description).joined(separator: ", ")
                if !missing.contains(kinds) { missing.append(kinds) }
            }
            if ok { resourceable.append(s) }
        }
        if resourceable.isEmpty {
            return (.noResource, "no resource \(missing.joined(separator: ", ")) in reach in a slot the team could serve")
        }
        // outcompeted: eligible members or resources exist but serve tasks of higher value.
        var takers: Set<TaskRef> = []
        let slots = Set(resourceable)
        for o in elig where slots.contains(o.slot) {
            let id = members[o.member].id
            if let other = memberTask[id]?[o.slot], other != task.ref { takers.insert(other) }
            else if let used = hoursUsed[id], used + task.hours > members[o.member].maxHours + Tolerance.epsilon {
                for (_, other) in memberTask[id] ?? [:] { takers.insert(other) }
            }
        }
        for o in relig where slots.contains(o.slot) {
            let r = scenario.resources[o.resource]
            if let other = resourceTask[r.id]?[o.slot], other != task.ref { takers.insert(other) }
            // A weekly budget spent elsewhere, in any slot, outcompetes too.
            if let quantity = r.quantity, let amount = task.requirements[o.requirement].amount,
               let spent = draws[r.id], spent.map(\.amount).reduce(0, +) + amount > quantity + Tolerance.epsilon {
                for d in spent where d.task != task.ref { takers.insert(d.task) }
            }
        }
        let ranked = takers.sorted { (values[$0] ?? 0, $1) > (values[$1] ?? 0, $0) }
        let named = ranked.prefix(5).map { "\($0.kind.rawValue) \($0.id) (value \(formatNumber(values[$0] ?? 0)))" }
        let more = ranked.count > 5 ? " and \(ranked.count - 5) more" : ""
        let detail = named.isEmpty
            ? "eligible members and resources exist, but covering this task would lower the plan's value"
            : "eligible members or resources serve " + named.joined(separator: ", ") + more
        return (.outcompeted, detail)
    }
}

/// How many members of each community hold a set of skills, counted once per set asked for.
package final class SkillHolders {
    private let byCommunity: [(community: String, skills: [Set<String>])]
    private var cache: [Set<String>: [(community: String, count: Int)]] = [:]
    package init(_ members: [Member]) {
        var grouped: [String: [Set<String>]] = [:]
        for m in members { grouped[m.community, default: []].append(m.skills) }
        byCommunity = grouped.keys.sorted().map { ($0, grouped[$0]!) }
    }
    package func counts(for skills: Set<String>) -> [(community: String, count: Int)] {
        if let c = cache[skills] { return c }
        let c = byCommunity.map { entry in (entry.community, entry.skills.filter { skills.isSubset(of: $0) }.count) }
            .filter { $0.1 > 0 }
        cache[skills] = c
        return c
    }
}
