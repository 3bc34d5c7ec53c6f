import CommunityMatch
import MIPModel
import MatchModel

/// A valid upper bound on coverage in a fraction of the LP's time, and the columns worth a restricted MIP.
///
/// The rows that tie tasks together — a member's one task per slot and weekly hours, a resource's one task
/// per slot and weekly quantity — are moved into the objective with prices (Lagrange multipliers ≥ 0). What
/// is left falls apart by task: a task in a slot is worth its value less the cheapest members for each
/// position and the cheapest resource for each requirement at those prices, and is taken when that is
/// positive. For any prices the sum is an upper bound on the week's coverage (weak duality); subgradient
/// steps lower it towards the LP bound. Each step costs one pass over the options (milliseconds where GLPK's
/// simplex on the same 700k-column county model does not finish in a minute).
///
/// Dropping the pins and a project's distinct-members and distinct-resources conditions only relaxes the
/// problem further, so the bound stays valid with them.
struct LagrangianBound {
    private struct Option { var pair: Int; var member: Int; var column: Int }
    private struct Offer { var pair: Int; var resource: Int; var column: Int }
    private struct Position { var min: Int; var options: [Option] }
    private struct Requirement { var amount: Double; var offers: [Offer] }
    private struct TaskSlot {
        var task: Int; var cover: Int; var value: Double; var hours: Double
        var positions: [Position]; var requirements: [Requirement]
    }

    private var groups: [TaskSlot] = []
    /// Capacity of each priced row: 1 per member-slot and resource-slot pair, hours and quantities.
    private var memberPairs = 0, resourcePairs = 0
    private var memberHours: [Double] = []
    private var resourceQuantity: [Double?] = []
    /// Member (resource) and slot → index of the pair's price.
    private var memberPair: [Int: [Slot: Int]] = [:]
    private var resourcePair: [Int: [Slot: Int]] = [:]

    /// Prices of the relaxed rows: μ per member-slot pair, λ per member's hours, ρ per resource-slot pair,
    /// β per resource's quantity. Any prices ≥ 0 give a valid bound.
    struct Prices {
        var mu: [Double], lambda: [Double], rho: [Double], beta: [Double]
    }

    /// Prices read from an optimal LP's row duals (`dual(row)` for a row of the full model, nil where the
    /// LP left the row out): the dual of a binding `≤` row of a maximised objective is ≥ 0, and is clamped
    /// at 0 against rounding. Evaluated at the duals of an LP over some of the columns, the bound is the
    /// LP's value plus what the left-out columns could add at those prices (column generation's bound).
    func prices(matching mm: MatchingModel, dual: (Int) -> Double?) -> Prices {
        var p = Prices(mu: .init(repeating: 0, count: memberPairs), lambda: .init(repeating: 0, count: memberHours.count),
                       rho: .init(repeating: 0, count: resourcePairs), beta: .init(repeating: 0, count: resourceQuantity.count))
        for r in mm.memberSlotRows {
            if let i = memberPair[r.owner]?[r.slot!], let d = dual(r.row) { p.mu[i] = max(0, d) }
        }
        for r in mm.memberHourRows { if let d = dual(r.row) { p.lambda[r.owner] = max(0, d) } }
        for r in mm.resourceSlotRows {
            if let i = resourcePair[r.owner]?[r.slot!], let d = dual(r.row) { p.rho[i] = max(0, d) }
        }
        for r in mm.resourceBudgetRows { if let d = dual(r.row) { p.beta[r.owner] = max(0, d) } }
        return p
    }

    init(model mm: MatchingModel, scenario: Scenario) {
        func mp(_ m: Int, _ s: Slot) -> Int {
            if let i = memberPair[m]?[s] { return i }
            memberPair[m, default: [:]][s] = memberPairs; memberPairs += 1; return memberPairs - 1
        }
        func rp(_ r: Int, _ s: Slot) -> Int {
            if let i = resourcePair[r]?[s] { return i }
            resourcePair[r, default: [:]][s] = resourcePairs; resourcePairs += 1; return resourcePairs - 1
        }
        struct Key: Hashable { var task: Int; var slot: Slot }
        var index: [Key: Int] = [:]
        for c in mm.covers {
            let t = mm.tasks[c.task]
            index[Key(task: c.task, slot: c.slot)] = groups.count
            groups.append(TaskSlot(task: c.task, cover: c.column, value: t.value, hours: t.hours,
                                   positions: t.positions.map { Position(min: $0.min, options: []) },
                                   requirements: t.requirements.map { Requirement(amount: $0.amount ?? 0, offers: []) }))
        }
        for a in mm.assigns {
            guard let g = index[Key(task: a.task, slot: a.option.slot)] else { continue }
            groups[g].positions[a.option.position].options.append(
                Option(pair: mp(a.option.member, a.option.slot), member: a.option.member, column: a.column))
        }
        for b in mm.books {
            guard let g = index[Key(task: b.task, slot: b.option.slot)] else { continue }
            groups[g].requirements[b.option.requirement].offers.append(
                Offer(pair: rp(b.option.resource, b.option.slot), resource: b.option.resource, column: b.column))
        }
        memberHours = scenario.members.map(\.maxHours)
        resourceQuantity = scenario.resources.map(\.quantity)
    }

    struct Outcome {
        /// The best (lowest) bound found.
        var bound: Double
        /// Columns of the task-slots the priced problem took in its last steps, with each position's
        /// cheapest members (`extra` beyond the minimum) and each requirement's cheapest resources.
        var support: Set<Int>
        var iterations: Int
        /// The prices that gave `bound`.
        var prices: Prices
    }

    private func memberCost(_ o: Option, hours: Double, at p: Prices) -> Double { p.mu[o.pair] + p.lambda[o.member] * hours }
    private func offerCost(_ o: Offer, amount: Double, at p: Prices) -> Double { p.rho[o.pair] + p.beta[o.resource] * amount }

    /// A position's members, cheapest at these prices first (ties by column, so the order is the same on
    /// every run).
    private func ranked(_ position: Position, hours: Double, at p: Prices) -> [Option] {
        position.options.sorted { (memberCost($0, hours: hours, at: p), $0.column) < (memberCost($1, hours: hours, at: p), $1.column) }
    }
    private func ranked(_ requirement: Requirement, at p: Prices) -> [Offer] {
        requirement.offers.sorted {
            (offerCost($0, amount: requirement.amount, at: p), $0.column) < (offerCost($1, amount: requirement.amount, at: p), $1.column)
        }
    }

    /// What a task-slot is worth at these prices: its value less each position's cheapest minimum of members
    /// and each requirement's cheapest resource. `scratch` saves an allocation per call on the hot path.
    private func profit(of ts: TaskSlot, at p: Prices, scratch: inout [Double]) -> Double {
        var profit = ts.value
        for position in ts.positions where position.min > 0 {
            scratch.removeAll(keepingCapacity: true)
            for o in position.options { scratch.append(memberCost(o, hours: ts.hours, at: p)) }
            if position.min == 1 {
                profit -= scratch.min() ?? .infinity
            } else {
                scratch.sort()
                profit -= scratch.count >= position.min ? scratch.prefix(position.min).reduce(0, +) : .infinity
            }
        }
        for q in ts.requirements {
            profit -= q.offers.map { offerCost($0, amount: q.amount, at: p) }.min() ?? .infinity
        }
        return profit
    }

    /// The columns that could add coverage at these prices: for every task-slot worth more than its cheapest
    /// staff and resources cost, its cover, each position's `min + extra` cheapest members and each
    /// requirement's two cheapest resources; the most profitable task-slot first. Column generation adds
    /// them to its next LP.
    func profitableColumns(at prices: Prices, extra: Int) -> [[Int]] {
        var taken: [(profit: Double, cover: Int, columns: [Int])] = []
        var scratch: [Double] = []
        for ts in groups {
            let profit = profit(of: ts, at: prices, scratch: &scratch)
            guard profit > Tolerance.epsilon else { continue }
            var columns = [ts.cover]
            for position in ts.positions where position.min > 0 {
                columns += ranked(position, hours: ts.hours, at: prices).prefix(position.min + extra).map(\.column)
            }
            for q in ts.requirements { columns += ranked(q, at: prices).prefix(2).map(\.column) }
            taken.append((profit, ts.cover, columns))
        }
        taken.sort { ($0.profit, $1.cover) > ($1.profit, $0.cover) }
        return taken.map(\.columns)
    }

    /// Subgradient descent from zero prices, `incumbent` (a value some plan reaches) steering the step
    /// (Polyak's rule, θ halved after `halveAfter` steps without a better bound). Measured on the street's
    /// 77k-column model over 150 steps: θ from 1 halved every 20 steps reached 139,286 (the LP bound is
    /// 135,872.5); θ from 2 halved every 10 overshot and never got below the first step's 141,512.5.
    func run(incumbent: Double, iterations: Int, extra: Int, deadline: Deadline?,
             halveAfter: Int = 20, startTheta: Double = 1, from start: Prices? = nil) -> Outcome? {
        var prices = start ?? Prices(mu: .init(repeating: 0, count: memberPairs), lambda: .init(repeating: 0, count: memberHours.count),
                                     rho: .init(repeating: 0, count: resourcePairs), beta: .init(repeating: 0, count: resourceQuantity.count))
        var best = Double.infinity
        var bestPrices = prices
        var theta = startTheta
        var sinceBest = 0
        var support: Set<Int> = []
        // Early prices are near zero and take every task; the last few steps' choices are the informative
        // ones, and the run may stop at its deadline at any step, so a window of recent steps is kept.
        var recent: [[Int]] = []
        let window = 6
        let taskCount = (groups.map(\.task).max() ?? -1) + 1
        var done = 0
        var scratch: [Double] = []
        for k in 0..<iterations {
            if deadline?.hasPassed == true { break }
            done = k + 1
            var usedPair = [Int](repeating: 0, count: memberPairs)
            var usedHours = [Double](repeating: 0, count: memberHours.count)
            var usedResource = [Int](repeating: 0, count: resourcePairs)
            var drawn = [Double](repeating: 0, count: resourceQuantity.count)
            var value = 0.0
            let collect = true
            var stepSupport: [Int] = []
            // Each task takes its best slot when that is worth more than nothing.
            var bestOfTask = [(profit: Double, group: Int)](repeating: (0, -1), count: taskCount)
            for (g, ts) in groups.enumerated() {
                let profit = profit(of: ts, at: prices, scratch: &scratch)
                if profit > bestOfTask[ts.task].profit { bestOfTask[ts.task] = (profit, g) }
            }
            for choice in bestOfTask where choice.group >= 0 {
                value += choice.profit
                let ts = groups[choice.group]
                if collect { stepSupport.append(ts.cover) }
                for p in ts.positions {
                    let ranked = ranked(p, hours: ts.hours, at: prices)
                    for o in ranked.prefix(p.min) { usedPair[o.pair] += 1; usedHours[o.member] += ts.hours }
                    if collect { for o in ranked.prefix(p.min + extra) { stepSupport.append(o.column) } }
                }
                for q in ts.requirements {
                    let ranked = ranked(q, at: prices)
                    if let o = ranked.first { usedResource[o.pair] += 1; drawn[o.resource] += q.amount }
                    if collect { for o in ranked.prefix(2) { stepSupport.append(o.column) } }
                }
            }
            recent.append(stepSupport)
            if recent.count > window { recent.removeFirst() }
            // The priced rows' constant part.
            value += prices.mu.reduce(0, +) + prices.rho.reduce(0, +)
            for m in prices.lambda.indices where prices.lambda[m] > 0 { value += prices.lambda[m] * memberHours[m] }
            for r in prices.beta.indices where prices.beta[r] > 0 { value += prices.beta[r] * (resourceQuantity[r] ?? 0) }
            if value < best - Tolerance.epsilon {
                best = value; sinceBest = 0
                bestPrices = prices
            } else {
                sinceBest += 1
                if sinceBest >= halveAfter { theta /= 2; sinceBest = 0 }
            }
            // Subgradient: capacity minus use, for every priced row.
            var norm = 0.0
            for i in 0..<memberPairs { let g = 1 - Double(usedPair[i]); if g < 0 || prices.mu[i] > 0 { norm += g * g } }
            for m in prices.lambda.indices { let g = memberHours[m] - usedHours[m]; if g < 0 || prices.lambda[m] > 0 { norm += g * g } }
            for i in 0..<resourcePairs { let g = 1 - Double(usedResource[i]); if g < 0 || prices.rho[i] > 0 { norm += g * g } }
            for r in prices.beta.indices where resourceQuantity[r] != nil {
                let g = resourceQuantity[r]! - drawn[r]; if g < 0 || prices.beta[r] > 0 { norm += g * g }
            }
            if norm < 1e-12 || theta < 1e-4 { break }  // prices already optimal for this relaxation
            let step = theta * max(value - incumbent, 1e-6 * max(1, abs(value))) / norm
            for i in 0..<memberPairs { prices.mu[i] = max(0, prices.mu[i] - step * (1 - Double(usedPair[i]))) }
            for m in prices.lambda.indices { prices.lambda[m] = max(0, prices.lambda[m] - step * (memberHours[m] - usedHours[m])) }
            for i in 0..<resourcePairs { prices.rho[i] = max(0, prices.rho[i] - step * (1 - Double(usedResource[i]))) }
            for r in prices.beta.indices where resourceQuantity[r] != nil {
                prices.beta[r] = max(0, prices.beta[r] - step * (resourceQuantity[r]! - drawn[r]))
            }
        }
        guard best.isFinite else { return nil }
        for r in recent { support.formUnion(r) }
        return Outcome(bound: best, support: support, iterations: done, prices: bestPrices)
    }
}
