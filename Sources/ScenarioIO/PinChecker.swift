import CommunityMatch

/// Checks pins against the hard rules, one by one and together, before any model exists, so that a pin
/// that cannot hold is reported as an input error naming the pin and the rule it breaks.
struct PinChecker {
    let scenario: Scenario
    private var accepted: [Pin] = []
    private let members: [String: Member]
    private let needs: [String: Need]
    private let projects: [String: Project]

    init(scenario: Scenario) {
        self.scenario = scenario
        members = Dictionary(scenario.members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        needs = Dictionary(scenario.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        projects = Dictionary(scenario.projects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    private struct TaskFacts {
        var community: String
        var slots: [Slot]
        var hours: Double
        var maxTravel: Double
        var capacity: Int
    }

    private func facts(_ ref: TaskRef) -> TaskFacts? {
        switch ref.kind {
        case .need:
            guard let n = needs[ref.id] else { return nil }
            return TaskFacts(community: n.community, slots: n.slots, hours: n.hours,
                             maxTravel: scenario.travelLimit(of: n), capacity: n.headcount)
        case .project:
            guard let p = projects[ref.id] else { return nil }
            return TaskFacts(community: p.community, slots: p.slots, hours: p.hours,
                             maxTravel: scenario.travelLimit(of: p), capacity: p.roles.reduce(0) { $0 + $1.max })
        }
    }

    /// The problems this pin brings, alone or with the pins before it; it is kept either way so later
    /// pins are checked against it too.
    mutating func add(_ pin: Pin) -> [Message] {
        var problems: [Message] = []
        let cal = scenario.settings.calendar
        guard let m = members[pin.member], let task = facts(pin.task) else { return [] }
        let name = Message(.pinName, ["task": pin.task.id, "member": pin.member])
        func problem(_ key: MessageKey, _ args: [String: String] = [:]) -> Message { Message(key, args, nested: ["pin": name]) }
        // Rule 3: skills and reach.
        switch pin.task.kind {
        case .need:
            let missing = needs[pin.task.id]!.skills.subtracting(m.skills)
            if !missing.isEmpty {
                problems.append(problem(.pinLacksSkill, ["skills": missing.sorted().joined(separator: ", ")]))
            }
        case .project:
            let roles = projects[pin.task.id]!.roles
            if !roles.contains(where: { $0.max > 0 && ($0.skill == "any" || m.skills.contains($0.skill)) }) {
                problems.append(problem(.pinNoRoleSkill, ["roles": roles.map(\.skill).joined(separator: ", ")]))
            }
        }
        let minutes = scenario.travelMinutes(from: m.community, to: task.community)
        if minutes > task.maxTravel + Tolerance.epsilon {
            problems.append(problem(.pinTooFar, ["minutes": formatNumber(minutes, decimals: 1), "limit": formatNumber(task.maxTravel)]))
        }
        // Rule 1: a slot both accept.
        let common = Set(task.slots).intersection(m.slots)
        if let s = pin.slot {
            if !task.slots.contains(s) {
                problems.append(problem(.pinTaskSlot, ["slot": cal.label(s)]))
            } else if !m.slots.contains(s) {
                problems.append(problem(.pinMemberSlot, ["slot": cal.label(s)]))
            }
        } else if common.isEmpty {
            problems.append(problem(.pinNoCommonSlot))
        }
        // Rule 2: hours.
        if task.hours > m.maxHours + Tolerance.epsilon {
            problems.append(problem(.pinHours, ["hours": formatNumber(task.hours), "max": formatNumber(m.maxHours)]))
        }
        // Together with earlier pins.
        let same = accepted.filter { $0.task == pin.task }
        if same.contains(where: { $0.member == pin.member }) {
            problems.append(problem(.pinTwice))
        } else if same.count + 1 > task.capacity {
            problems.append(problem(pin.task.kind == .need ? .pinNeedHeadcount : .pinProjectCapacity,
                                    ["capacity": String(task.capacity), "pinned": String(same.count + 1)]))
        }
        if let s = pin.slot, let other = same.first(where: { $0.slot != nil && $0.slot != s }) {
            problems.append(problem(.pinOtherSlot, ["rule": pin.task.kind == .need ? "4" : "5", "other": cal.label(other.slot!), "slot": cal.label(s)]))
        }
        let mine = accepted.filter { $0.member == pin.member && $0.task != pin.task }
        if let s = pin.slot, let clash = mine.first(where: { $0.slot == s }) {
            problems.append(problem(.pinMemberClash, ["task": clash.task.id, "slot": cal.label(s)]))
        } else if !mine.isEmpty, !common.isEmpty, !distinctSlotsExist(for: mine + [pin], member: m) {
            // Each pinned task needs a slot of its own among those it and the member share: a matching.
            problems.append(problem(.pinMemberDouble, ["tasks": mine.map(\.task.id).joined(separator: ", "), "free": m.slots.sorted().map(cal.label).joined(separator: "|")]))
        }
        let pinnedHours = mine.compactMap { facts($0.task)?.hours }.reduce(task.hours, +)
        if pinnedHours > m.maxHours + Tolerance.epsilon && !mine.isEmpty {
            problems.append(problem(.pinHoursTotal, ["hours": formatNumber(pinnedHours), "max": formatNumber(m.maxHours)]))
        }
        accepted.append(pin)
        return problems
    }

    /// Whether every pin of one member can have a slot of its own (Kuhn's augmenting paths; a member has
    /// a handful of pins, so the cost is nothing).
    private func distinctSlotsExist(for pins: [Pin], member m: Member) -> Bool {
        let options: [[Slot]] = pins.map { pin in
            guard let task = facts(pin.task) else { return [] }
            if let s = pin.slot { return task.slots.contains(s) && m.slots.contains(s) ? [s] : [] }
            return task.slots.filter { m.slots.contains($0) }
        }
        var owner: [Slot: Int] = [:]
        func place(_ i: Int, _ seen: inout Set<Slot>) -> Bool {
            for s in options[i] where !seen.contains(s) {
                seen.insert(s)
                if let j = owner[s] {
                    if place(j, &seen) { owner[s] = i; return true }
                } else {
                    owner[s] = i
                    return true
                }
            }
            return false
        }
        for i in options.indices {
            var seen = Set<Slot>()
            if !place(i, &seen) { return false }
        }
        return true
    }
}
