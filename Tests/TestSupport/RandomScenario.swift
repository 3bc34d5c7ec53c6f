import CommunityMatch
import Foundation

/// SplitMix64: a tiny seeded generator whose stream is fixed by this code alone (not by the standard
/// library's algorithms), so a seed printed by a failing test rebuilds the same scenario anywhere.
package struct SplitMix64 {
    package var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `range` (modulo bias is irrelevant here).
    package mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    package mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
    package mutating func chance(_ p: Double) -> Bool { unit() < p }
    package mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    package mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, int(0...i)) }
        return a
    }
    /// `k` distinct items, in their original order.
    package mutating func sample<T>(_ items: [T], _ k: Int) -> [T] {
        let idx = Set(shuffled(Array(items.indices)).prefix(max(0, min(k, items.count))))
        return items.indices.filter { idx.contains($0) }.map { items[$0] }
    }
}

/// How big and how varied the generated scenarios are.
package struct ScenarioShape: Sendable {
    package var communities: ClosedRange<Int>
    package var units: ClosedRange<Int>
    package var members: ClosedRange<Int>
    package var needs: ClosedRange<Int>
    package var projects: ClosedRange<Int>
    package var resources: ClosedRange<Int>
    /// How many distinct slots of the week are in play.
    package var slots: ClosedRange<Int>
    package var maxHeadcount: Int
    package var maxRoles: Int
    package var maxRoleMax: Int
    package var pinChance: Double
    package var overrideChance: Double
    /// At most this many tasks in all (needs + projects).
    package var maxTasks: Int
    /// Communities lie within ± this many thousandths of a degree of one point (0.001° ≈ 110 m ≈ 1.5 min on foot).
    package var spread: Int
    /// The chance a member is free in each slot in play, and holds each skill.
    package var availability: Double
    package var skillChance: Double
    /// The chance a task accepts each slot in play; a task's number of required skills, picked uniformly.
    package var taskSlotChance: Double
    package var needSkillCounts: [Int]
    /// The chance a task has resource requirements, and that each is drawn from a resource the scenario has.
    package var requirementChance: Double
    package var fitChance: Double
    /// Pins only where the task can be covered on its own with the pinned member (see `coverableAlone`).
    package var coverablePins: Bool

    /// The property tests: enough of everything for members, hours and resources to be contested.
    package static let property = ScenarioShape(communities: 2...4, units: 1...3, members: 3...9, needs: 2...7, projects: 0...2,
                                        resources: 0...4, slots: 2...4, maxHeadcount: 3, maxRoles: 2, maxRoleMax: 3,
                                        pinChance: 0.25, overrideChance: 0.3, maxTasks: 8,
                                        spread: 12, availability: 0.65, skillChance: 0.35,
                                        taskSlotChance: 0.6, needSkillCounts: [0, 0, 0, 1, 1, 2],
                                        requirementChance: 0.35, fitChance: 0.75, coverablePins: true)
    /// Larger weeks, where a plan has many interacting parts (hours across several tasks, resources shared).
    package static let medium = ScenarioShape(communities: 3...5, units: 2...4, members: 8...14, needs: 5...10, projects: 1...3,
                                      resources: 2...6, slots: 3...5, maxHeadcount: 3, maxRoles: 3, maxRoleMax: 3,
                                      pinChance: 0.25, overrideChance: 0.3, maxTasks: 12,
                                      spread: 10, availability: 0.6, skillChance: 0.4,
                                      taskSlotChance: 0.5, needSkillCounts: [0, 0, 0, 1, 1, 2],
                                      requirementChance: 0.35, fitChance: 0.8, coverablePins: true)
    /// Few slots, projects with wide roles and members free in most of them: members above a role's minimum
    /// in the same slot as the needs around them, where a re-plan's optional members can move (ReplanPropertyTests).
    package static let crowded = ScenarioShape(communities: 2...3, units: 1...3, members: 6...12, needs: 3...7, projects: 1...3,
                                       resources: 0...3, slots: 1...2, maxHeadcount: 2, maxRoles: 2, maxRoleMax: 3,
                                       pinChance: 0.1, overrideChance: 0.2, maxTasks: 9,
                                       spread: 8, availability: 0.8, skillChance: 0.45,
                                       taskSlotChance: 0.8, needSkillCounts: [0, 0, 1, 1],
                                       requirementChance: 0.25, fitChance: 0.85, coverablePins: true)
    /// Weeks past the matcher's exact-MIP column limit, solved by its LP-guided restricted MIPs.
    package static let large = ScenarioShape(communities: 4...6, units: 4...6, members: 150...150, needs: 70...70, projects: 4...4,
                                     resources: 6...8, slots: 4...4, maxHeadcount: 3, maxRoles: 3, maxRoleMax: 3,
                                     pinChance: 0.5, overrideChance: 0.3, maxTasks: 80,
                                     spread: 6, availability: 0.6, skillChance: 0.4,
                                     taskSlotChance: 0.6, needSkillCounts: [0, 0, 0, 1],
                                     requirementChance: 0.2, fitChance: 0.9, coverablePins: true)
    /// Small enough to enumerate every plan by brute force.
    package static let tiny = ScenarioShape(communities: 2...3, units: 1...3, members: 4...4, needs: 2...4, projects: 0...1,
                                    resources: 1...2, slots: 2...3, maxHeadcount: 2, maxRoles: 2, maxRoleMax: 2,
                                    pinChance: 0.25, overrideChance: 0.25, maxTasks: 4,
                                    spread: 4, availability: 0.9, skillChance: 0.6,
                                    taskSlotChance: 0.8, needSkillCounts: [0, 0, 0, 1],
                                    requirementChance: 0.4, fitChance: 0.9, coverablePins: false)
}

/// Seeded random scenarios, already in the validated domain form the matcher takes (lower-cased skills, kinds
/// and tags; need and project slots long enough for the task; roles with distinct skills and a positive minimum).
package enum RandomScenario {
    package static let skillPool = ["medical", "driving", "cooking", "haircut", "legal"]

    package static func make(seed: UInt64, shape: ScenarioShape = .property) -> Scenario {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
        var settings = Settings()
        // Sometimes a calendar whose periods are 3 h, 4 h and 1.5 h, so hours and slot lengths interact.
        if rng.chance(0.2) {
            settings.calendar = SlotCalendar(periods: [
                Period(name: "AM", start: 8 * 60, end: 11 * 60),
                Period(name: "PM", start: 14 * 60, end: 18 * 60),
                Period(name: "EVE", start: 19 * 60, end: 20 * 60 + 30),
            ])
        }
        if rng.chance(0.25) { settings.maxTravel = rng.pick([10, 20]) }
        if rng.chance(0.25) { settings.continuityBonus = rng.pick([0, 5, 60]) }
        if rng.chance(0.15) { settings.vulnerableFactor = rng.pick([1, 2.5]) }
        if rng.chance(0.1) { settings.priorityWeights = [1: 500, 2: 200, 3: 100, 4: 50, 5: 7] }
        if rng.chance(0.1) { settings.walkingSpeedKmh = 6 }
        if rng.chance(0.15) {
            settings.objective = rng.pick([[.coverage], [.coverage, .travel], [.coverage, .travel, .pledges],
                                           [.pledges, .coverage, .travel], [.travel, .coverage, .pledges]])
        }
        let cal = settings.calendar

        // Communities around one point: 0.01° of latitude is ~1.1 km, ~15 minutes on foot.
        let nc = rng.int(shape.communities)
        var communities: [Community] = []
        for i in 1...nc {
            let lat = 39.90 + Double(rng.int(-shape.spread...shape.spread)) * 0.001
            let lon = 116.40 + Double(rng.int(-shape.spread...shape.spread)) * 0.0012
            communities.append(Community(id: "C\(i)", name: "社区\(i)", lat: lat, lon: lon))
        }
        let cids = communities.map(\.id)
        var overrides: [String: Double] = [:]
        if nc >= 2 && rng.chance(shape.overrideChance) {
            for _ in 0..<rng.int(1...2) {
                let pair = rng.sample(cids, 2)
                let (a, b) = rng.chance(0.5) ? (pair[0], pair[1]) : (pair[1], pair[0])
                // 15 sits exactly on the default service circle ("within" means <=).
                overrides[Scenario.travelKey(a, b)] = rng.pick([3, 12, 15, 16, 45])
                if rng.chance(0.3) { overrides[Scenario.travelKey(b, a)] = rng.pick([5, 15, 30]) }
            }
        }

        // The slots in play.
        let candidates = ["Fri-EVE", "Sat-AM", "Sat-PM", "Sat-EVE", "Sun-AM", "Sun-PM"].flatMap { cal.parse($0)! }
        let pool = rng.sample(candidates, rng.int(shape.slots))
        let longest = pool.map { cal.hours($0) }.max()!

        let nu = rng.int(shape.units)
        var units: [StationedUnit] = []
        for i in 1...nu {
            units.append(StationedUnit(id: "U\(i)", name: "单位\(i)", pledgeHours: rng.pick([0, 0, 2, 4, 6, 8, 12])))
        }

        let nm = rng.int(shape.members)
        var members: [Member] = []
        for i in 1...nm {
            var skills = Set(skillPool.filter { _ in rng.chance(shape.skillChance) })
            if rng.chance(0.1) { skills = [] }
            let slots = rng.chance(0.05) ? [] : Set(pool.filter { _ in rng.chance(shape.availability) })
            members.append(Member(id: "M\(i)", name: "党员\(i)", unit: rng.pick(units).id, community: rng.pick(cids),
                                  skills: skills, slots: slots, maxHours: rng.pick([2, 3, 4, 4, 5, 8])))
        }
        let mids = members.map(\.id)

        // Resources: venues (capacity), vehicles, funds (weekly quantity, usable anywhere), tagged equipment.
        let nr = rng.int(shape.resources)
        var resources: [Resource] = []
        for i in 0..<nr {
            let id = "R\(i + 1)"
            let unit = rng.pick(units).id
            let slots: Set<Slot>? = rng.chance(0.6) ? nil : Set(pool.filter { _ in rng.chance(0.6) })
            switch rng.int(0...3) {
            case 0:
                resources.append(Resource(id: id, unit: unit, kind: "venue", community: rng.pick(cids),
                                          capacity: rng.pick([10, 20, 30, 50]), slots: slots,
                                          tags: rng.chance(0.4) ? ["hall"] : []))
            case 1:
                resources.append(Resource(id: id, unit: unit, kind: "vehicle", community: rng.pick(cids), slots: slots))
            case 2:
                resources.append(Resource(id: id, unit: unit, kind: "funds", community: nil, slots: slots,
                                          quantity: rng.chance(0.8) ? rng.pick([200, 300, 500]) : nil))
            default:
                resources.append(Resource(id: id, unit: unit, kind: "equipment", community: rng.pick(cids), slots: slots,
                                          quantity: rng.chance(0.3) ? 4 : nil,
                                          tags: rng.chance(0.7) ? ["haircut-kit"] : ["sound"]))
            }
        }
        func requirements() -> [ResourceRequirement] {
            guard rng.chance(shape.requirementChance) else { return [] }
            let templates: [ResourceRequirement] = [
                ResourceRequirement(kind: "venue", minCapacity: Double(rng.pick([10, 20, 30, 40]))),
                ResourceRequirement(kind: "venue", tag: "hall"),
                ResourceRequirement(kind: "vehicle"),
                ResourceRequirement(kind: "funds", amount: Double(rng.pick([100, 200, 300]))),
                ResourceRequirement(kind: "equipment", tag: "haircut-kit"),
                ResourceRequirement(kind: "equipment", tag: "haircut-kit", amount: 2),
                ResourceRequirement(kind: "funds"),
            ]
            // Mostly something a resource of the scenario can give (or nearly: a capacity just above its own).
            func one() -> ResourceRequirement {
                guard !resources.isEmpty, rng.chance(shape.fitChance) else { return rng.pick(templates) }
                let r = rng.pick(resources)
                var q = ResourceRequirement(kind: r.kind)
                if let tag = r.tags.first, rng.chance(0.5) { q.tag = tag }
                if r.kind == "venue", rng.chance(0.6) { q.minCapacity = r.capacity + Double(rng.pick([-10, 0, 0, 5])) }
                if let budget = r.quantity, rng.chance(0.7) {
                    // A third, half or all of the budget, now and then just over it.
                    q.amount = (budget * rng.pick([1.0 / 3, 0.5, 0.5, 1, 1.25])).rounded()
                }
                return q
            }
            var out = [one()]
            if rng.chance(0.25) { out.append(rng.chance(0.4) ? out[0] : one()) }
            return out
        }
        func taskHoursAndSlots(_ accepted: [Slot]) -> (Double, [Slot]) {
            let hours = rng.pick([1, 1.5, 2, 2, 3, 4].filter { $0 <= longest })
            var ok = accepted.filter { cal.hours($0) >= hours }
            if ok.isEmpty { ok = pool.filter { cal.hours($0) >= hours } }
            return (hours, ok.sorted())
        }

        // Tasks; sometimes a project shares an id with a need (TaskRef tells them apart).
        let sharedIDs = rng.chance(0.15)
        var nn = rng.int(shape.needs)
        var np = rng.int(shape.projects)
        while nn + np > shape.maxTasks { if np > 0 { np -= 1 } else { nn -= 1 } }
        var needs: [Need] = []
        for i in 0..<nn {
            let (hours, slots) = taskHoursAndSlots(pool.filter { _ in rng.chance(shape.taskSlotChance) })
            let nsk = rng.pick(shape.needSkillCounts)
            let headcount = min(shape.maxHeadcount, rng.pick([1, 1, 1, 2, 2, 3]))
            needs.append(Need(id: sharedIDs ? "T\(i + 1)" : "N\(i + 1)", community: rng.pick(cids),
                              headcount: headcount, hours: hours, slots: slots,
                              skills: Set(rng.sample(skillPool, nsk)), priority: rng.int(1...5),
                              vulnerable: rng.chance(0.25), resources: requirements(),
                              preferredMember: rng.chance(0.3) ? rng.pick(mids) : nil,
                              maxTravel: rng.chance(0.35) ? rng.pick([8, 12, 15, 20, 30]) : nil))
        }
        var projects: [Project] = []
        for i in 0..<np {
            let (hours, slots) = taskHoursAndSlots(pool.filter { _ in rng.chance(shape.taskSlotChance) })
            var skills = rng.sample(["any"] + skillPool, rng.int(1...shape.maxRoles))
            if rng.chance(0.5), !skills.contains("any") { skills[0] = "any" }
            var roles: [Role] = skills.map { s in
                let lo = rng.int(0...2)
                return Role(skill: s, min: lo, max: min(shape.maxRoleMax, max(lo, lo + rng.int(0...2))))
            }
            for k in roles.indices where roles[k].max < roles[k].min { roles[k].max = roles[k].min }
            if roles.allSatisfy({ $0.min == 0 }) { roles[0].min = 1; roles[0].max = max(1, roles[0].max) }
            projects.append(Project(id: sharedIDs ? "T\(i + 1)" : "P\(i + 1)", community: rng.pick(cids),
                                    slots: slots, hours: hours, roles: roles, resources: requirements(),
                                    beneficiaries: rng.pick([2, 4, 6, 10, 20, 40]), priority: rng.int(1...5)))
        }

        var scenario = Scenario(settings: settings, communities: communities, units: units, members: members,
                                resources: resources, needs: needs, projects: projects, travelOverrides: overrides)

        // At most one pin, of a member who alone is eligible for the task. With `coverablePins`, only a pin
        // under which the task can be covered on its own: then a plan holding it exists (that task alone), and a
        // PinConflict is a matcher bug.
        if rng.chance(shape.pinChance) {
            let tasks = CheckerTask.all(in: scenario)
            var candidates: [(TaskRef, String, Slot?)] = []
            // Coverable: the first task, in a random order, that has any coverable pin at all.
            for t in shape.coverablePins ? rng.shuffled(tasks) : [rng.pick(tasks)] where candidates.isEmpty {
                for m in members where m.maxHours >= t.hours {
                    let travel = checkerTravelMinutes(scenario, from: m.community, to: t.community)
                    guard checkerWithin(travel, t.maxTravel) else { continue }
                    let skilled: Bool
                    if let p = t.project {
                        skilled = p.roles.contains { $0.max > 0 && checkerHoldsSkills(m, task: t, roleSkill: $0.skill) }
                    } else {
                        skilled = checkerHoldsSkills(m, task: t, roleSkill: nil)
                    }
                    let common = t.slots.filter { m.slots.contains($0) }
                    guard skilled && !common.isEmpty else { continue }
                    for slot in [nil] + common.map(Optional.some) {
                        if !shape.coverablePins || coverableAlone(t, member: m.id, slot: slot, in: scenario) {
                            candidates.append((t.ref, m.id, slot))
                        }
                    }
                }
            }
            if !candidates.isEmpty {
                var (task, mid, slot) = rng.pick(candidates)
                if !shape.coverablePins && rng.chance(0.5) { slot = nil }
                scenario.pins = [Pin(task: task, member: mid, slot: slot, location: SourceLocation(file: "pins.csv", line: 2))]
            }
        }
        return scenario
    }

    /// The scenario as readable text, to paste into a bug report next to its seed.
    package static func describe(_ s: Scenario) -> String {
        let cal = s.settings.calendar
        func slots(_ xs: some Sequence<Slot>) -> String { xs.sorted().map { cal.label($0) }.joined(separator: "|") }
        func num(_ x: Double) -> String { formatNumber(x) }
        var lines: [String] = []
        let st = s.settings
        lines.append("settings: periods=\(cal.periods.map { "\($0.name)=\(num($0.hours))h" }) maxTravel=\(num(st.maxTravel)) walk=\(num(st.walkingSpeedKmh)) weights=\(st.priorityWeights.sorted { $0.key < $1.key }.map { "\($0.key):\(num($0.value))" }) vulnerable×\(num(st.vulnerableFactor)) continuity=\(num(st.continuityBonus)) objective=\(st.objective.map(\.rawValue))")
        lines.append("communities.csv: id,lat,lon")
        for c in s.communities { lines.append("  \(c.id),\(c.lat),\(c.lon)") }
        if !s.travelOverrides.isEmpty {
            lines.append("travel.csv: from,to,minutes")
            for (k, v) in s.travelOverrides.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(k.replacingOccurrences(of: "\u{1F}", with: ",")),\(num(v))")
            }
        }
        lines.append("units.csv: id,pledge_hours")
        for u in s.units { lines.append("  \(u.id),\(num(u.pledgeHours))") }
        lines.append("members.csv: id,unit,community,skills,slots,max_hours")
        for m in s.members {
            lines.append("  \(m.id),\(m.unit),\(m.community),\(m.skills.sorted().joined(separator: "|")),\(slots(m.slots)),\(num(m.maxHours))")
        }
        if !s.resources.isEmpty {
            lines.append("resources.csv: id,unit,kind,community,capacity,slots,quantity,tags")
            for r in s.resources {
                lines.append("  \(r.id),\(r.unit),\(r.kind),\(r.community ?? ""),\(num(r.capacity)),\(r.slots.map { slots($0) } ?? ""),\(r.quantity.map(num) ?? ""),\(r.tags.sorted().joined(separator: "|"))")
            }
        }
        lines.append("needs.csv: id,community,headcount,hours,slots,skills,priority,vulnerable,resources,preferred_member,max_travel")
        for n in s.needs {
            lines.append("  \(n.id),\(n.community),\(n.headcount),\(num(n.hours)),\(slots(n.slots)),\(n.skills.sorted().joined(separator: "|")),\(n.priority),\(n.vulnerable ? "yes" : "no"),\(n.resources.map(\.description).joined(separator: ";")),\(n.preferredMember ?? ""),\(n.maxTravel.map(num) ?? "")")
        }
        if !s.projects.isEmpty {
            lines.append("projects.csv: id,community,slots,hours,roles,resources,beneficiaries,priority")
            for p in s.projects {
                lines.append("  \(p.id),\(p.community),\(slots(p.slots)),\(num(p.hours)),\(p.roles.map { "\($0.skill):\($0.min)-\($0.max)" }.joined(separator: ";")),\(p.resources.map(\.description).joined(separator: ";")),\(p.beneficiaries),\(p.priority)")
            }
        }
        if !s.pins.isEmpty {
            lines.append("pins.csv: task,member,slot")
            for p in s.pins { lines.append("  \(p.task),\(p.member),\(p.slot.map { cal.label($0) } ?? "")") }
        }
        return lines.joined(separator: "\n")
    }

    /// The plan as readable text.
    package static func describe(_ plan: Plan, in s: Scenario) -> String {
        let cal = s.settings.calendar
        var lines: [String] = ["status \(plan.status.rawValue); levels " +
            plan.levels.map { "\($0.level.rawValue)=\(formatNumber($0.value, decimals: 6))" }.joined(separator: " ")]
        for (t, slot) in plan.covered.sorted(by: { $0.key < $1.key }) { lines.append("  covered \(t) in \(cal.label(slot))") }
        for a in plan.assignments.sorted(by: { ($0.task, $0.member) < ($1.task, $1.member) }) {
            lines.append("  assign \(a.task)\(a.role.isEmpty ? "" : "/\(a.role)") ← \(a.member) \(cal.label(a.slot)) \(formatNumber(a.hours))h \(formatNumber(a.travelMinutes, decimals: 3))min")
        }
        for b in plan.bookings.sorted(by: { ($0.task, $0.requirement) < ($1.task, $1.requirement) }) {
            lines.append("  book \(b.task)#\(b.requirement) ← \(b.resource) \(cal.label(b.slot)) amount \(formatNumber(b.amount))")
        }
        return lines.joined(separator: "\n")
    }
}

extension RandomScenario {
    /// Greedy delta debugging: drops needs, projects, members, resources, units, overrides, requirements,
    /// skills and pins one at a time while `stillFails` holds, to hand a bug report the smallest scenario.
    package static func shrink(_ start: Scenario, stillFails: (Scenario) -> Bool) -> Scenario {
        var s = start
        func rebuilt(_ x: Scenario) -> Scenario {
            Scenario(settings: x.settings, communities: x.communities, units: x.units, members: x.members,
                     resources: x.resources, needs: x.needs, projects: x.projects,
                     travelOverrides: x.travelOverrides, pins: x.pins)
        }
        var changed = true
        while changed {
            changed = false
            var candidates: [Scenario] = []
            for i in s.needs.indices {
                var c = s; let id = c.needs[i].id; c.needs.remove(at: i)
                c.pins.removeAll { $0.task == TaskRef(.need, id) }; candidates.append(c)
            }
            for i in s.projects.indices {
                var c = s; let id = c.projects[i].id; c.projects.remove(at: i)
                c.pins.removeAll { $0.task == TaskRef(.project, id) }; candidates.append(c)
            }
            for i in s.members.indices {
                var c = s; let id = c.members[i].id; c.members.remove(at: i)
                c.pins.removeAll { $0.member == id }
                c.needs = c.needs.map { var n = $0; if n.preferredMember == id { n.preferredMember = nil }; return n }
                candidates.append(c)
            }
            for i in s.resources.indices { var c = s; c.resources.remove(at: i); candidates.append(c) }
            for i in s.units.indices where !s.members.contains(where: { $0.unit == s.units[i].id }) && !s.resources.contains(where: { $0.unit == s.units[i].id }) {
                var c = s; c.units.remove(at: i); candidates.append(c)
            }
            for k in s.travelOverrides.keys.sorted() { var c = s; c.travelOverrides[k] = nil; candidates.append(c) }
            if !s.pins.isEmpty { var c = s; c.pins = []; candidates.append(c) }
            for i in s.needs.indices {
                for q in s.needs[i].resources.indices { var c = s; c.needs[i].resources.remove(at: q); candidates.append(c) }
                if !s.needs[i].skills.isEmpty { var c = s; c.needs[i].skills = []; candidates.append(c) }
                if s.needs[i].preferredMember != nil { var c = s; c.needs[i].preferredMember = nil; candidates.append(c) }
                if s.needs[i].headcount > 1 { var c = s; c.needs[i].headcount -= 1; candidates.append(c) }
            }
            for i in s.projects.indices {
                for q in s.projects[i].resources.indices { var c = s; c.projects[i].resources.remove(at: q); candidates.append(c) }
            }
            for i in s.members.indices where !s.members[i].skills.isEmpty {
                var c = s; c.members[i].skills = []; candidates.append(c)
            }
            for c in candidates.map(rebuilt) where stillFails(c) {
                s = c; changed = true; break
            }
        }
        return s
    }
}

/// Can `task` be covered on its own (no other task taking anyone or anything) with `member` serving it, in `slot`
/// when given? Searches teams and resource kits with early exit; the rules are the checker's.
package func coverableAlone(_ t: CheckerTask, member: String, slot: Slot?, in scenario: Scenario) -> Bool {
    let cal = scenario.settings.calendar
    for s in t.slots where (slot == nil || slot == s) && cal.hours(s) >= t.hours - 1e-9 {
        let free = scenario.members.filter { m in
            m.slots.contains(s) && m.maxHours >= t.hours - 1e-9
                && checkerWithin(checkerTravelMinutes(scenario, from: m.community, to: t.community), t.maxTravel)
        }
        guard let pinned = free.first(where: { $0.id == member }) else { continue }
        var staffed = false
        if let n = t.need {
            staffed = checkerHoldsSkills(pinned, task: t, roleSkill: nil)
                && free.filter { checkerHoldsSkills($0, task: t, roleSkill: nil) }.count >= n.headcount
        } else if let p = t.project {
            // The pinned member first, in each role it can fill; then the others, each in a role or out.
            let others = free.filter { $0.id != member }
            var counts = Array(repeating: 0, count: p.roles.count)
            func fill(_ k: Int) -> Bool {
                if p.roles.indices.allSatisfy({ counts[$0] >= p.roles[$0].min }) { return true }
                if k == others.count { return false }
                for (ri, role) in p.roles.enumerated()
                where counts[ri] < role.min && checkerHoldsSkills(others[k], task: t, roleSkill: role.skill) {
                    counts[ri] += 1
                    if fill(k + 1) { return true }
                    counts[ri] -= 1
                }
                return fill(k + 1)
            }
            for (ri, role) in p.roles.enumerated() where role.max > 0 && checkerHoldsSkills(pinned, task: t, roleSkill: role.skill) {
                counts = Array(repeating: 0, count: p.roles.count)
                counts[ri] = 1
                if fill(0) { staffed = true; break }
            }
        }
        guard staffed else { continue }
        func equip(_ q: Int, _ used: [String]) -> Bool {
            if q == t.requirements.count { return true }
            let req = t.requirements[q]
            for r in scenario.resources where !used.contains(r.id) {
                guard checkerResourceFits(r, req, task: t, slot: s, in: scenario).isEmpty else { continue }
                if let budget = r.quantity, (req.amount ?? 0) > budget + 1e-9 { continue }
                if equip(q + 1, used + [r.id]) { return true }
            }
            return false
        }
        if equip(0, []) { return true }
    }
    return false
}
