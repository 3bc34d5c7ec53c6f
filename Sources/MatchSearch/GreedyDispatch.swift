import CommunityMatch
import MIPModel
import MatchModel

/// Dispatch the way a street office does it by hand: the most valuable task first, each staffed in the
/// slot where its nearest free qualified members are, never undoing an earlier choice.
///
/// It serves two purposes: its plan is handed to the solver as the first incumbent (GLPK's own heuristics
/// find none on street-sized models), and it is the baseline the optimiser is measured against. It keeps
/// every hard rule, so its plan is feasible for the model; it returns nil only when it cannot honour the
/// pins.
public struct GreedyDispatch {
    let scenario: Scenario
    let model: MatchingModel

    public init(scenario: Scenario, model: MatchingModel) {
        self.scenario = scenario
        self.model = model
    }

    private struct AssignKey: Hashable { var task: Int; var member: Int; var position: Int; var slot: Slot }
    private struct BookKey: Hashable { var task: Int; var requirement: Int; var resource: Int; var slot: Slot }
    private struct CoverKey: Hashable { var task: Int; var slot: Slot }

    /// A solution vector for `model.model`, or nil when the pins cannot be honoured greedily.
    public func solution() -> [Double]? {
        var x = [Double](repeating: 0, count: model.model.variables.count)
        var assignCol: [AssignKey: Int] = [:]
        for a in model.assigns {
            assignCol[AssignKey(task: a.task, member: a.option.member, position: a.option.position, slot: a.option.slot)] = a.column
        }
        var bookCol: [BookKey: Int] = [:]
        for b in model.books {
            bookCol[BookKey(task: b.task, requirement: b.option.requirement, resource: b.option.resource, slot: b.option.slot)] = b.column
        }
        var coverSlots: [Int: [(Slot, Int)]] = [:]
        for c in model.covers { coverSlots[c.task, default: []].append((c.slot, c.column)) }

        let members = scenario.members
        var busy = [Set<Slot>](repeating: [], count: members.count)
        var hours = [Double](repeating: 0, count: members.count)
        var resourceBusy = [Set<Slot>](repeating: [], count: scenario.resources.count)
        var spent = [Double](repeating: 0, count: scenario.resources.count)
        let memberIndex = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.id, $0) })
        let pinsByTask = Dictionary(grouping: scenario.pins, by: \.task)

        // Pinned tasks first (they must hold), then by value, then by id for a stable order.
        let order = model.tasks.indices.sorted { a, b in
            let pa = pinsByTask[model.tasks[a].ref] != nil, pb = pinsByTask[model.tasks[b].ref] != nil
            if pa != pb { return pa }
            if model.tasks[a].value != model.tasks[b].value { return model.tasks[a].value > model.tasks[b].value }
            return model.tasks[a].ref < model.tasks[b].ref
        }
        for t in order {
            let task = model.tasks[t]
            let pins = pinsByTask[task.ref] ?? []
            guard let slots = coverSlots[t] else {
                if !pins.isEmpty { return nil }
                continue
            }
            // Options by (slot, position), nearest first.
            var options: [Slot: [Int: [Eligibility.MemberOption]]] = [:]
            for o in model.eligibility.members[t] { options[o.slot, default: [:]][o.position, default: []].append(o) }
            var best: (slot: Slot, column: Int, members: [(Int, Int)], resources: [(Int, Int)], cost: Double)? = nil
            for (s, column) in slots {
                if pins.contains(where: { $0.slot != nil && $0.slot != s }) { continue }
                var chosen: [(member: Int, position: Int)] = []
                var taken = Set<Int>()
                var cost = 0.0
                var ok = true
                func free(_ m: Int) -> Bool {
                    !busy[m].contains(s) && !taken.contains(m) && hours[m] + task.hours <= members[m].maxHours + Tolerance.epsilon
                }
                // Pinned members take the first position they qualify for that still has room.
                var filled = [Int](repeating: 0, count: task.positions.count)
                for pin in pins {
                    guard let m = memberIndex[pin.member], free(m),
                          let p = task.positions.indices.first(where: { p in
                              filled[p] < task.positions[p].max
                                  && (options[s]?[p] ?? []).contains(where: { $0.member == m })
                          }) else { ok = false; break }
                    chosen.append((m, p)); taken.insert(m); filled[p] += 1
                    cost += (options[s]?[p] ?? []).first(where: { $0.member == m })?.travel ?? 0
                }
                if !ok { continue }
                // Scarce positions first, so a common helper role does not take the only medic.
                let positions = task.positions.indices.sorted {
                    ((options[s]?[$0]?.count ?? 0), $0) < ((options[s]?[$1]?.count ?? 0), $1)
                }
                for p in positions where filled[p] < task.positions[p].min {
                    let candidates = (options[s]?[p] ?? []).filter { free($0.member) }
                        .sorted { ($0.travel, members[$0.member].id) < ($1.travel, members[$1.member].id) }
                    let need = task.positions[p].min - filled[p]
                    if candidates.count < need { ok = false; break }
                    for o in candidates.prefix(need) {
                        chosen.append((o.member, p)); taken.insert(o.member); cost += o.travel
                    }
                    filled[p] = task.positions[p].min
                }
                if !ok { continue }
                var booked: [(requirement: Int, resource: Int)] = []
                var usedHere = Set<Int>()
                var draw: [Int: Double] = [:]
                for (q, req) in task.requirements.enumerated() {
                    let amount = req.amount ?? 0
                    let candidates = model.eligibility.resources[t].filter { o in
                        o.slot == s && o.requirement == q && !resourceBusy[o.resource].contains(s) && !usedHere.contains(o.resource)
                            && (scenario.resources[o.resource].quantity.map { spent[o.resource] + (draw[o.resource] ?? 0) + amount <= $0 + Tolerance.epsilon } ?? true)
                    }.sorted {
                        // The smallest resource that fits, so larger venues stay free for larger tasks.
                        (scenario.resources[$0.resource].capacity, scenario.resources[$0.resource].id)
                            < (scenario.resources[$1.resource].capacity, scenario.resources[$1.resource].id)
                    }
                    guard let r = candidates.first?.resource else { ok = false; break }
                    booked.append((q, r)); usedHere.insert(r); draw[r, default: 0] += amount
                }
                if !ok { continue }
                if best == nil || cost < best!.cost {
                    best = (s, column, chosen.map { ($0.member, $0.position) }, booked.map { ($0.requirement, $0.resource) }, cost)
                }
            }
            guard let b = best else {
                if !pins.isEmpty { return nil }
                continue
            }
            x[b.column] = 1
            for (m, p) in b.members {
                guard let c = assignCol[AssignKey(task: t, member: m, position: p, slot: b.slot)] else { return nil }
                x[c] = 1
                busy[m].insert(b.slot)
                hours[m] += task.hours
            }
            for (q, r) in b.resources {
                guard let c = bookCol[BookKey(task: t, requirement: q, resource: r, slot: b.slot)] else { return nil }
                x[c] = 1
                resourceBusy[r].insert(b.slot)
                spent[r] += task.requirements[q].amount ?? 0
            }
        }
        // Shortfalls follow from the hours served.
        var served = [Double](repeating: 0, count: scenario.units.count)
        let unitIndex = Dictionary(uniqueKeysWithValues: scenario.units.enumerated().map { ($1.id, $0) })
        for m in members.indices where hours[m] > 0 {
            if let u = unitIndex[members[m].unit] { served[u] += hours[m] }
        }
        for (u, column) in model.shortfalls {
            x[column] = max(0, scenario.units[u].pledgeHours - served[u])
        }
        return x
    }
}
