import CommunityMatch
import MIPModel

/// A task as the model sees it. A need is one position that `headcount` members fill, each holding all of
/// the need's skills; a project has one position per role. Treating both alike keeps one code path for
/// rules 1–6 instead of two that drift apart.
public struct TaskSpec: Sendable {
    public struct Position: Sendable {
        /// The role's skill for a project (`any` included); empty for a need.
        public var label: String
        /// Skills every member in this position must hold (lower-cased).
        public var skills: Set<String>
        public var min: Int
        public var max: Int
    }
    public var ref: TaskRef
    public var community: String
    public var hours: Double
    public var slots: [Slot]
    public var value: Double
    public var priority: Int
    public var positions: [Position]
    public var requirements: [ResourceRequirement]
    public var maxTravel: Double
    public var preferredMember: String?

    /// All tasks of a scenario, needs first then projects, each in file order.
    public static func all(in scenario: Scenario) -> [TaskSpec] {
        var out: [TaskSpec] = []
        for n in scenario.needs {
            out.append(TaskSpec(
                ref: TaskRef(.need, n.id), community: n.community, hours: n.hours, slots: n.slots,
                value: scenario.value(of: n), priority: n.priority,
                positions: [Position(label: "", skills: n.skills, min: n.headcount, max: n.headcount)],
                requirements: n.resources, maxTravel: scenario.travelLimit(of: n), preferredMember: n.preferredMember))
        }
        for p in scenario.projects {
            out.append(TaskSpec(
                ref: TaskRef(.project, p.id), community: p.community, hours: p.hours, slots: p.slots,
                value: scenario.value(of: p), priority: p.priority,
                positions: p.roles.map { r in
                    Position(label: r.skill, skills: r.skill == "any" ? [] : [r.skill], min: r.min, max: r.max)
                },
                requirements: p.resources, maxTravel: scenario.travelLimit(of: p), preferredMember: nil))
        }
        return out
    }
}

/// Which member can fill which position of which task in which slot, and which resource can meet which
/// requirement: rules 1, 3 and 6 applied before any variable exists, so the model only holds choices that
/// could be made.
public struct Eligibility: Sendable {
    public struct MemberOption: Sendable, Hashable {
        public var member: Int
        public var position: Int
        public var slot: Slot
        public var travel: Double
    }
    public struct ResourceOption: Sendable, Hashable {
        public var requirement: Int
        public var resource: Int
        public var slot: Slot
    }

    /// Per task, the member options (sorted by slot, position, member index).
    public var members: [[MemberOption]]
    /// Per task, the resource options.
    public var resources: [[ResourceOption]]

    public init(scenario: Scenario, tasks: [TaskSpec]) {
        let memberList = scenario.members
        var travelTimes = TravelTimes(scenario)
        func travel(_ a: String, _ b: String) -> Double { travelTimes.minutes(from: a, to: b) }
        // Members grouped by home community, in a fixed order: travel is a property of the pair of
        // communities, so a task looks at each community once instead of at every member.
        var grouped: [String: [Int]] = [:]
        for (i, m) in memberList.enumerated() { grouped[m.community, default: []].append(i) }
        let membersByCommunity = grouped.sorted { $0.key < $1.key }
        var members: [[MemberOption]] = []
        var resources: [[ResourceOption]] = []
        members.reserveCapacity(tasks.count)
        for task in tasks {
            var opts: [MemberOption] = []
            let accepted = Set(task.slots)
            for (community, indices) in membersByCommunity {
                let t = travel(community, task.community)
                guard t <= task.maxTravel + Tolerance.epsilon else { continue }
                for mi in indices {
                let m = memberList[mi]
                guard m.maxHours + Tolerance.epsilon >= task.hours else { continue }
                let slots = m.slots.intersection(accepted)
                if slots.isEmpty { continue }
                for (pi, pos) in task.positions.enumerated() where pos.max > 0 && pos.skills.isSubset(of: m.skills) {
                    for s in slots { opts.append(MemberOption(member: mi, position: pi, slot: s, travel: t)) }
                }
                }
            }
            opts.sort { ($0.slot, $0.position, $0.member) < ($1.slot, $1.position, $1.member) }
            members.append(opts)

            var ropts: [ResourceOption] = []
            for (qi, q) in task.requirements.enumerated() {
                for (ri, r) in scenario.resources.enumerated() where Self.fits(r, q) {
                    if let c = r.community, travel(c, task.community) > task.maxTravel + Tolerance.epsilon { continue }
                    for s in task.slots where r.slots?.contains(s) ?? true {
                        ropts.append(ResourceOption(requirement: qi, resource: ri, slot: s))
                    }
                }
            }
            ropts.sort { ($0.slot, $0.requirement, $0.resource) < ($1.slot, $1.requirement, $1.resource) }
            resources.append(ropts)
        }
        self.members = members
        self.resources = resources
    }

    /// Kind and tag match (case-insensitively), capacity suffices, the weekly quantity can pay the amount.
    public static func fits(_ r: Resource, _ q: ResourceRequirement) -> Bool {
        guard r.kind.lowercased() == q.kind.lowercased() else { return false }
        if let tag = q.tag, !r.tags.contains(tag.lowercased()) { return false }
        if let c = q.minCapacity, r.capacity + Tolerance.epsilon < c { return false }
        if let a = q.amount, let qty = r.quantity, qty + Tolerance.epsilon < a { return false }
        return true
    }

    /// Slots of a task in which every position could reach its minimum and every requirement has a
    /// resource, counting members and resources one by one (no competition): the only slots worth a variable.
    public func viableSlots(task t: Int, spec: TaskSpec) -> [Slot] {
        spec.slots.filter { s in
            canStaff(task: t, spec: spec, in: s) && requirementsWithoutResource(task: t, spec: spec, in: s).isEmpty
                && hasDistinctResources(task: t, spec: spec, in: s)
        }
    }

    /// Every position can reach its minimum in `s`, and the distinct members reach the sum of minimums
    /// (one member fills one position).
    public func canStaff(task t: Int, spec: TaskSpec, in s: Slot) -> Bool {
        for (pi, pos) in spec.positions.enumerated() where pos.min > 0 {
            let n = Set(members[t].lazy.filter { $0.slot == s && $0.position == pi }.map(\.member)).count
            if n < pos.min { return false }
        }
        let need = spec.positions.reduce(0) { $0 + $1.min }
        return Set(members[t].lazy.filter { $0.slot == s }.map(\.member)).count >= need
    }

    /// The requirements (indices) no resource can meet in `s`.
    public func requirementsWithoutResource(task t: Int, spec: TaskSpec, in s: Slot) -> [Int] {
        spec.requirements.indices.filter { qi in !resources[t].contains(where: { $0.slot == s && $0.requirement == qi }) }
    }

    /// Enough different resources in `s` for all requirements (two requirements need two resources).
    public func hasDistinctResources(task t: Int, spec: TaskSpec, in s: Slot) -> Bool {
        spec.requirements.isEmpty
            || Set(resources[t].lazy.filter { $0.slot == s }.map(\.resource)).count >= spec.requirements.count
    }
}
