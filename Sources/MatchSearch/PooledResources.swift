import CommunityMatch
import MIPModel
import MatchModel

/// Resources usable anywhere (funds without a community), which every part of a week was offered whole, and
/// the reconciliation that makes the parts' use of them one valid plan.
///
/// Each part chose a resource for each of its pooled requirements as if it had the pool alone. Usually the
/// choices already fit together; when two parts drew the same fund in one slot, or past its weekly budget,
/// the requirements are dealt out again by a small MIP over the pooled bookings alone (the tasks keep their
/// slots). A task that then gets no resource is dropped, lowest value first, and the week's coverage is no
/// longer proven optimal: its gap shows what the repair cost.
struct PooledResources {
    let scenario: Scenario
    let tasks: [TaskSpec]
    let pooled: Set<String>

    init(scenario: Scenario, tasks: [TaskSpec], pooled: [Int]) {
        self.scenario = scenario
        self.tasks = tasks
        self.pooled = Set(pooled.map { scenario.resources[$0].id })
    }

    /// Makes the parts' pooled bookings consistent; returns the parts that had to drop a task for it.
    mutating func reconcile(_ plans: inout [Plan], solver: any MIPSolver) throws -> Set<Int> {
        guard !pooled.isEmpty else { return [] }
        struct Use { var part: Int; var index: Int; var booking: ResourceBooking }
        var uses: [Use] = []
        for (p, plan) in plans.enumerated() {
            for (k, b) in plan.bookings.enumerated() where pooled.contains(b.resource) {
                uses.append(Use(part: p, index: k, booking: b))
            }
        }
        guard !uses.isEmpty else { return [] }
        let resourceByID = Dictionary(uniqueKeysWithValues: scenario.resources.map { ($0.id, $0) })
        if fits(uses.map(\.booking), resourceByID) { return [] }

        let taskByRef = Dictionary(uniqueKeysWithValues: tasks.map { ($0.ref, $0) })
        let pinned = Set(scenario.pins.map(\.task))
        let poolList = scenario.resources.filter { pooled.contains($0.id) }
        var model = LinearModel(name: "pool")
        var columns: [(use: Int, resource: Resource, column: Int)] = []
        var perUse: [Int: [LinearModel.Term]] = [:]
        var perResourceSlot: [String: [LinearModel.Term]] = [:]
        var perResourceAmount: [String: [LinearModel.Term]] = [:]
        var objective: [LinearModel.Term] = []
        for (u, use) in uses.enumerated() {
            guard let task = taskByRef[use.booking.task] else { continue }
            let requirement = task.requirements[use.booking.requirement]
            let pooledRequirements = plans[use.part].bookings.filter { $0.task == task.ref && pooled.contains($0.resource) }.count
            // A pinned task must keep its resources: it outweighs every other task together.
            let weight = (pinned.contains(task.ref) ? 1e7 : task.value) / Double(max(1, pooledRequirements))
            for r in poolList where Eligibility.fits(r, requirement) && (r.slots?.contains(use.booking.slot) ?? true) {
                let c = model.addVariable("pool[\(u),\(r.id)]", .binary)
                columns.append((u, r, c))
                perUse[u, default: []].append(.init(c, 1))
                perResourceSlot[r.id + "\u{1F}" + scenario.settings.calendar.label(use.booking.slot), default: []].append(.init(c, 1))
                if let a = requirement.amount, a > 0, r.quantity != nil { perResourceAmount[r.id, default: []].append(.init(c, a)) }
                objective.append(.init(c, weight))
            }
        }
        for u in perUse.keys.sorted() { model.addConstraint("one[\(u)]", perUse[u]!, upper: 1) }
        for k in perResourceSlot.keys.sorted() where perResourceSlot[k]!.count > 1 {
            model.addConstraint("slot[\(k.replacingOccurrences(of: "\u{1F}", with: ","))]", perResourceSlot[k]!, upper: 1)
        }
        for k in perResourceAmount.keys.sorted() {
            model.addConstraint("budget[\(k)]", perResourceAmount[k]!, upper: resourceByID[k]!.quantity!)
        }
        model.objective = .init(name: "kept", sense: .maximize, terms: objective)
        var chosen: [Int: String] = [:]
        if !model.variables.isEmpty {
            let result = try solver.solve(model, options: SolveOptions(timeLimit: 30))
            if let x = result.values {
                for col in columns where x[col.column] > 0.5 { chosen[col.use] = col.resource.id }
            }
        }
        // Rebook what was dealt out; drop the tasks left without a pooled resource.
        var dropped: [Int: Set<TaskRef>] = [:]
        for (u, use) in uses.enumerated() {
            if let r = chosen[u] { plans[use.part].bookings[use.index].resource = r }
            else { dropped[use.part, default: []].insert(use.booking.task) }
        }
        for (p, refs) in dropped {
            if let pin = scenario.pins.first(where: { refs.contains($0.task) }) {
                throw PinConflict(pins: [pin], message: "no resource usable anywhere is left for this pinned task")
            }
            plans[p].assignments.removeAll { refs.contains($0.task) }
            plans[p].bookings.removeAll { refs.contains($0.task) }
            for r in refs { plans[p].covered[r] = nil }
        }
        return Set(dropped.keys)
    }

    /// One task per resource per slot, and amounts within each weekly quantity.
    private func fits(_ bookings: [ResourceBooking], _ resources: [String: Resource]) -> Bool {
        var perSlot: Set<String> = []
        var drawn: [String: Double] = [:]
        for b in bookings {
            let key = b.resource + "\u{1F}" + scenario.settings.calendar.label(b.slot)
            if perSlot.contains(key) { return false }
            perSlot.insert(key)
            drawn[b.resource, default: 0] += b.amount
        }
        for (id, amount) in drawn {
            if let q = resources[id]?.quantity, amount > q + Tolerance.epsilon { return false }
        }
        return true
    }

    /// The pooled resources as one part may use them once the pool is dealt out: only those it books, only
    /// in the slots it books them, and only the amounts it draws, so a later pass cannot take another part's.
    func granted(to plan: Plan) -> [Resource] {
        var slots: [String: Set<Slot>] = [:]
        var drawn: [String: Double] = [:]
        for b in plan.bookings where pooled.contains(b.resource) {
            slots[b.resource, default: []].insert(b.slot)
            drawn[b.resource, default: 0] += b.amount
        }
        return scenario.resources.filter { slots[$0.id] != nil }.map { r in
            var r = r
            r.slots = slots[r.id]
            if r.quantity != nil { r.quantity = drawn[r.id] ?? 0 }
            return r
        }
    }
}
