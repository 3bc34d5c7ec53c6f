import CommunityMatch
import MIPModel

/// The week cut into parts that share no member and no local resource: tasks, members and resources joined
/// by an eligibility edge land in one part, so a part's best plan never constrains another's, and the week's
/// best coverage is the sum of the parts' best. A city's communities lie in walking clusters (a member serves
/// within 15 minutes of home), so a capital's week falls into about a hundred parts of a few hundred needs,
/// where GLPK's branch-and-cut proves optima, instead of one model it cannot start on.
///
/// Resources usable anywhere (a street's fund has no community) would join every part that asks for funds
/// into one; they are *pooled* instead: every part may draw on every pooled resource, and the parts' use of
/// them is reconciled afterwards (`PooledResources`). Letting each part use the whole pool is a relaxation,
/// so the sum of the parts' bounds stays a valid bound for the week.
///
/// Units do not join parts: a unit's pledge counts its members' hours in every part, which only the levels
/// below coverage see, and those are reconciled across parts afterwards (`PartwiseSolve`).
public struct WeekPartition: Sendable {
    public struct Part: Sendable {
        /// Task indices (into `TaskSpec.all`), ascending.
        public var tasks: [Int]
        /// Member indices, ascending.
        public var members: [Int]
        /// Indices of local (not pooled) resources, ascending.
        public var resources: [Int]
        /// Member and resource options of the part's tasks in viable slots: the size of its model.
        public var options: Int
    }

    public var parts: [Part]
    /// Resources usable anywhere, offered to every part.
    public var pooled: [Int]

    /// Small parts are solved together, up to this many options, so that a city of many one-need corners
    /// does not pay a model build and a solver start for each; the bundle is still a union of independent
    /// parts, so solving it whole loses nothing.
    public static let bundleOptions = 3_000

    public init(scenario: Scenario, tasks: [TaskSpec], eligibility: Eligibility, bundle: Int = WeekPartition.bundleOptions) {
        let taskCount = tasks.count, memberCount = scenario.members.count
        let pooledFlags = scenario.resources.map { $0.community == nil }
        var parent = Array(0..<(taskCount + memberCount + scenario.resources.count))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { if ra < rb { parent[rb] = ra } else { parent[ra] = rb } }
        }
        var optionCount = [Int](repeating: 0, count: taskCount)
        var active = [Bool](repeating: false, count: taskCount)
        for (t, spec) in tasks.enumerated() {
            let viable = Set(eligibility.viableSlots(task: t, spec: spec))
            guard !viable.isEmpty else { continue }
            active[t] = true
            for o in eligibility.members[t] where viable.contains(o.slot) {
                union(t, taskCount + o.member)
                optionCount[t] += 1
            }
            for o in eligibility.resources[t] where viable.contains(o.slot) {
                optionCount[t] += 1
                if !pooledFlags[o.resource] { union(t, taskCount + memberCount + o.resource) }
            }
        }
        // Parts in order of their first task, so the same week always gives the same parts in the same order.
        var partOfRoot: [Int: Int] = [:]
        var parts: [Part] = []
        for t in 0..<taskCount where active[t] {
            let r = find(t)
            if let p = partOfRoot[r] {
                parts[p].tasks.append(t); parts[p].options += optionCount[t]
            } else {
                partOfRoot[r] = parts.count
                parts.append(Part(tasks: [t], members: [], resources: [], options: optionCount[t]))
            }
        }
        for m in 0..<memberCount {
            if let p = partOfRoot[find(taskCount + m)] { parts[p].members.append(m) }
        }
        for r in scenario.resources.indices where !pooledFlags[r] {
            if let p = partOfRoot[find(taskCount + memberCount + r)] { parts[p].resources.append(r) }
        }
        // Bundle consecutive small parts.
        var bundled: [Part] = []
        for p in parts {
            if let last = bundled.last, last.options + p.options <= bundle, p.options < bundle {
                var merged = last
                merged.tasks += p.tasks; merged.members += p.members; merged.resources += p.resources
                merged.options += p.options
                bundled[bundled.count - 1] = merged
            } else {
                bundled.append(p)
            }
        }
        for i in bundled.indices {
            bundled[i].tasks.sort(); bundled[i].members.sort(); bundled[i].resources.sort()
        }
        self.parts = bundled
        self.pooled = scenario.resources.indices.filter { pooledFlags[$0] }
    }

    /// The part as a scenario of its own: its tasks, members and local resources, every pooled resource, the
    /// units its members or resources belong to, and the pins of its tasks. `pledges` replaces units' pledges
    /// (the share left to this part once the other parts' hours are counted); `pool` replaces the pooled
    /// resources (the slots and amounts this part was granted).
    public func scenario(of part: Part, in scenario: Scenario, tasks: [TaskSpec],
                         pledges: [String: Double]? = nil, pool: [Resource]? = nil) -> Scenario {
        var sub = scenario
        let needCount = scenario.needs.count
        sub.needs = part.tasks.filter { $0 < needCount }.map { scenario.needs[$0] }
        sub.projects = part.tasks.filter { $0 >= needCount }.map { scenario.projects[$0 - needCount] }
        sub.members = part.members.map { scenario.members[$0] }
        sub.resources = part.resources.map { scenario.resources[$0] } + (pool ?? pooled.map { scenario.resources[$0] })
        // A unit counts towards a part's pledge level only through its members there; a unit present only as
        // a resource's owner keeps no pledge in the part, or its shortfall would be counted once per part.
        let memberUnits = Set(sub.members.map(\.unit))
        var unitIDs = memberUnits
        for r in sub.resources { unitIDs.insert(r.unit) }
        sub.units = scenario.units.filter { unitIDs.contains($0.id) }.map { u in
            var u = u
            if !memberUnits.contains(u.id) { u.pledgeHours = 0 } else if let p = pledges?[u.id] { u.pledgeHours = p }
            return u
        }
        let refs = Set(part.tasks.map { tasks[$0].ref })
        sub.pins = scenario.pins.filter { refs.contains($0.task) }
        return sub
    }
}

extension MatchingModel {
    /// The solution vector of a plan in this model: covers, assignments and bookings set, shortfalls at what
    /// the plan leaves. Nil when the plan uses a choice this model does not have.
    package func vector(of plan: Plan, scenario: Scenario) -> [Double]? {
        var x = [Double](repeating: 0, count: model.variables.count)
        struct AssignKey: Hashable { var task: TaskRef; var member: String; var role: String; var slot: Slot }
        struct BookKey: Hashable { var task: TaskRef; var requirement: Int; var resource: String; var slot: Slot }
        var coverColumn: [TaskRef: [Slot: Int]] = [:]
        for c in covers { coverColumn[tasks[c.task].ref, default: [:]][c.slot] = c.column }
        var assignColumn: [AssignKey: Int] = [:]
        for a in assigns {
            let t = tasks[a.task]
            assignColumn[AssignKey(task: t.ref, member: scenario.members[a.option.member].id,
                                   role: t.positions[a.option.position].label, slot: a.option.slot)] = a.column
        }
        var bookColumn: [BookKey: Int] = [:]
        for b in books {
            bookColumn[BookKey(task: tasks[b.task].ref, requirement: b.option.requirement,
                               resource: scenario.resources[b.option.resource].id, slot: b.option.slot)] = b.column
        }
        for (ref, slot) in plan.covered {
            guard let c = coverColumn[ref]?[slot] else { return nil }
            x[c] = 1
        }
        var served: [String: Double] = [:]
        for a in plan.assignments {
            guard let c = assignColumn[AssignKey(task: a.task, member: a.member, role: a.role, slot: a.slot)] else { return nil }
            x[c] = 1
            served[a.member, default: 0] += a.hours
        }
        for b in plan.bookings {
            guard let c = bookColumn[BookKey(task: b.task, requirement: b.requirement, resource: b.resource, slot: b.slot)] else { return nil }
            x[c] = 1
        }
        var unitHours: [String: Double] = [:]
        for m in scenario.members { unitHours[m.unit, default: 0] += served[m.id] ?? 0 }
        for (u, c) in shortfalls {
            let unit = scenario.units[u]
            x[c] = max(0, unit.pledgeHours - (unitHours[unit.id] ?? 0))
        }
        return x
    }
}
