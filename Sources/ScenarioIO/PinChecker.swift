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
                             maxTravel: n.maxTravel ?? scenario.settings.maxTravel, capacity: n.headcount)
        case .project:
            guard let p = projects[ref.id] else { return nil }
            return TaskFacts(community: p.community, slots: p.slots, hours: p.hours,
                             maxTravel: scenario.settings.maxTravel, capacity: p.roles.reduce(0) { $0 + $1.max })
        }
    }

    /// The problems this pin brings, alone or with the pins before it; it is kept either way so later
    /// pins are checked against it too.
    mutating func add(_ pin: Pin) -> [String] {
        var problems: [String] = []
        let cal = scenario.settings.calendar
        guard let m = members[pin.member], let task = facts(pin.task) else { return [] }
        let name = "pin \(pin.task.id) ← \(pin.member)"
        // Rule 3: skills and reach.
        switch pin.task.kind {
        case .need:
            let missing = needs[pin.task.id]!.skills.subtracting(m.skills)
            if !missing.isEmpty {
                problems.append("\(name) breaks rule 3: the member lacks skill \(missing.sorted().joined(separator: ", "))")
            }
        case .project:
            let roles = projects[pin.task.id]!.roles
            if !roles.contains(where: { $0.max > 0 && ($0.skill == "any" || m.skills.contains($0.skill)) }) {
                problems.append("\(name) breaks rule 3: the member holds the skill of no role (\(roles.map(\.skill).joined(separator: ", ")))")
            }
        }
        let minutes = scenario.travelMinutes(from: m.community, to: task.community)
        if minutes > task.maxTravel + 1e-9 {
            problems.append("\(name) breaks rule 3: the member lives \(formatNumber(minutes, decimals: 1)) minutes away, beyond the \(formatNumber(task.maxTravel)) minute limit")
        }
        // Rule 1: a slot both accept.
        let common = Set(task.slots).intersection(m.slots)
        if let s = pin.slot {
            if !task.slots.contains(s) {
                problems.append("\(name) breaks rule 1: the task does not accept \(cal.label(s)) (or it is shorter than the task)")
            } else if !m.slots.contains(s) {
                problems.append("\(name) breaks rule 1: the member is not available in \(cal.label(s))")
            }
        } else if common.isEmpty {
            problems.append("\(name) breaks rule 1: the member is free in no slot the task accepts")
        }
        // Rule 2: hours.
        if task.hours > m.maxHours + 1e-9 {
            problems.append("\(name) breaks rule 2: the task takes \(formatNumber(task.hours)) h, more than the member's \(formatNumber(m.maxHours)) h")
        }
        // Together with earlier pins.
        let same = accepted.filter { $0.task == pin.task }
        if same.contains(where: { $0.member == pin.member }) {
            problems.append("\(name) is given twice")
        } else if same.count + 1 > task.capacity {
            let rule = pin.task.kind == .need ? "rule 4: the need takes exactly \(task.capacity) member(s)" : "rule 5: the project's roles take at most \(task.capacity) members"
            problems.append("\(name) breaks \(rule), and \(same.count + 1) are pinned")
        }
        if let s = pin.slot, let other = same.first(where: { $0.slot != nil && $0.slot != s }) {
            problems.append("\(name) breaks rule \(pin.task.kind == .need ? 4 : 5): another pin puts the task in \(cal.label(other.slot!)), not \(cal.label(s))")
        }
        let mine = accepted.filter { $0.member == pin.member && $0.task != pin.task }
        if let s = pin.slot, let clash = mine.first(where: { $0.slot == s }) {
            problems.append("\(name) breaks rule 1: the member is also pinned to \(clash.task.id) in \(cal.label(s))")
        } else if !mine.isEmpty, !common.isEmpty, !distinctSlotsExist(for: mine + [pin], member: m) {
            // Each pinned task needs a slot of its own among those it and the member share: a matching.
            problems.append("\(name) breaks rule 1: with its pins to \(mine.map(\.task.id).joined(separator: ", ")), the member would serve two tasks in one slot (free: \(m.slots.sorted().map(cal.label).joined(separator: "|")))")
        }
        let pinnedHours = mine.compactMap { facts($0.task)?.hours }.reduce(task.hours, +)
        if pinnedHours > m.maxHours + 1e-9 && !mine.isEmpty {
            problems.append("\(name) breaks rule 2: the member's pins add up to \(formatNumber(pinnedHours)) h, more than \(formatNumber(m.maxHours)) h")
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
