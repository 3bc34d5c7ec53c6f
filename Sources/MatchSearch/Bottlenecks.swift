import CommunityMatch
import Foundation
import MIPModel
import MatchModel

/// Where one more member or one more resource would add coverage value, and which concrete changes add the
/// most: the planner's question "what one change would help most?" (issue 4).
///
/// Method, in two steps, because each alone misleads:
///
/// 1. **LP duals of the coverage relaxation.** The coverage level (`objectives[.coverage]`) of the full
///    model is solved with every column continuous, and its row duals price a *new* member or resource as a
///    new column: one more member with skills S, at home in community C and free in slot T, could enter the
///    staffing rows of every position they qualify for in T (coefficient 1 in `staff`, `staff_min`,
///    `staff_max`), so its reduced cost is −Σ(those rows' duals); a new resource enters one `resource[t#q,s]`
///    row. The LP value is concave in such additions, so this price is an **upper bound** on what one more
///    unit adds to the LP, and it is exact only while the optimal basis stays optimal (a marginal, for one
///    unit). Matching LPs are highly degenerate: the duals are not unique, and a price can overstate or a
///    task without any variable (no viable slot) has no row at all, so the duals say nothing about it.
/// 2. **Re-solves.** The most promising units (by dual price, and every position and resource requirement of
///    an unmet task, which is what covers the tasks the duals cannot see) are priced again by adding that one
///    unit to the scenario and solving the coverage LP again: the difference of the two LP optima is the
///    marginal value reported (`marginal`), with the dual price kept beside it (`dualPrice`).
///
/// The suggestions then measure whole changes by solving the lexicographic MIP again with `Matcher`, so
/// their gains are plan gains, not LP estimates.
public struct BottleneckAnalysis: Sendable {
    public var solver: any MIPSolver
    /// Seconds per LP solve (nil: none).
    public var lpTimeLimit: Double?
    /// How many units are priced again by re-solving (the rest keep their dual price only).
    public var resolveBudget: Int

    public init(solver: any MIPSolver, lpTimeLimit: Double? = nil, resolveBudget: Int = 24) {
        self.solver = solver; self.lpTimeLimit = lpTimeLimit; self.resolveBudget = resolveBudget
    }

    // MARK: Report

    /// The coverage LP relaxation's optimum and duals for one scenario.
    public struct CoverageLP: Sendable {
        public var value: Double
        public var values: [Double]
        public var duals: [Double]
        public var matching: MatchingModel
    }

    public func coverageLP(_ scenario: Scenario) throws -> CoverageLP? {
        let mm = MatchingModel(scenario: scenario)
        var model = mm.model
        model.objective = mm.objectives[.coverage]!
        for j in model.variables.indices { model.variables[j].kind = .continuous }
        let r = try solver.solve(model, options: SolveOptions(timeLimit: lpTimeLimit))
        guard r.termination == .optimal, let v = r.objectiveValue, let x = r.values else { return nil }
        return CoverageLP(value: v, values: x, duals: r.duals ?? [Double](repeating: 0, count: model.constraints.count), matching: mm)
    }

    public func report(_ scenario: Scenario, unmet: [TaskRef]? = nil) throws -> BottleneckReport {
        guard let base = try coverageLP(scenario) else {
            return BottleneckReport(lpValue: nil, members: [], resources: [], dualsAllZero: true)
        }
        let mm = base.matching
        let tasks = mm.tasks
        let communities = scenario.communities.map(\.id).sorted()
        var travelTimes = TravelTimes(scenario)
        func travel(_ a: String, _ b: String) -> Double { travelTimes.minutes(from: a, to: b) }
        let dualsAllZero = base.duals.allSatisfy { abs($0) < Tolerance.epsilon }

        // Step 1: dual prices of new member columns, by (skills, community, slot).
        var memberPrices: [MemberKey: (price: Double, task: TaskRef, hours: Double)] = [:]
        for sr in mm.staffRows {
            let task = tasks[sr.task]
            guard task.hours <= BottleneckChange.recruitHours + Tolerance.epsilon else { continue }
            let price = -sr.rows.reduce(0) { $0 + base.duals[$1] }
            guard price > Tolerance.epsilon else { continue }
            let skills = task.positions[sr.position].skills.sorted()
            for c in communities where travel(c, task.community) <= task.maxTravel + Tolerance.epsilon {
                let key = MemberKey(skills: skills, community: c, slot: sr.slot)
                if price > (memberPrices[key]?.price ?? 0) + Tolerance.epsilon { memberPrices[key] = (price, task.ref, task.hours) }
            }
        }
        // … and of new resources, by (requirement, community).
        var resourcePrices: [ResourceKey: (price: Double, task: TaskRef, slot: Slot)] = [:]
        for rr in mm.requirementRows {
            let task = tasks[rr.task]
            let price = -base.duals[rr.row]
            guard price > Tolerance.epsilon else { continue }
            let q = task.requirements[rr.requirement]
            for c in communities where travel(c, task.community) <= task.maxTravel + Tolerance.epsilon {
                let key = ResourceKey(requirement: Self.lendable(q), community: c)
                if price > (resourcePrices[key]?.price ?? 0) + Tolerance.epsilon { resourcePrices[key] = (price, task.ref, rr.slot) }
            }
        }

        // Step 2: re-solve the LP with one more unit, for the best-priced units and those unmet tasks need.
        let unmetRefs = unmet ?? {
            // Without a plan, "unmet" means not fully covered in the LP optimum.
            var sum: [Int: Double] = [:]
            for c in mm.covers { sum[c.task, default: 0] += base.values[c.column] }
            return tasks.indices.filter { (sum[$0] ?? 0) < 1 - 1e-6 }.map { tasks[$0].ref }
        }()
        let unmetSet = Set(unmetRefs)
        var memberOrder = memberPrices.keys.sorted { a, b in
            let pa = memberPrices[a]!.price, pb = memberPrices[b]!.price
            return pa != pb ? pa > pb : a < b
        }
        var resourceOrder = resourcePrices.keys.sorted { a, b in
            let pa = resourcePrices[a]!.price, pb = resourcePrices[b]!.price
            return pa != pb ? pa > pb : a < b
        }
        for task in tasks where unmetSet.contains(task.ref) {
            for pos in task.positions where pos.min > 0 && task.hours <= BottleneckChange.recruitHours + Tolerance.epsilon {
                for s in task.slots {
                    let key = MemberKey(skills: pos.skills.sorted(), community: task.community, slot: s)
                    if !memberOrder.contains(key) { memberOrder.append(key) }
                }
            }
            for q in task.requirements {
                let key = ResourceKey(requirement: Self.lendable(q), community: task.community)
                if !resourceOrder.contains(key) { resourceOrder.append(key) }
            }
        }
        // The budget of re-solves is split between members and resources, and goes first to distinct skills ×
        // slots (distinct requirements): one dual price usually holds for every community within reach of the
        // task, and re-solving the same unit in seven communities would spend the budget on one finding.
        func distinctFirst<K>(_ keys: [K], by group: (K) -> String) -> [K] {
            var seen = Set<String>(), first: [K] = [], rest: [K] = []
            for k in keys { if seen.insert(group(k)).inserted { first.append(k) } else { rest.append(k) } }
            return first + rest
        }
        memberOrder = distinctFirst(memberOrder) { "\($0.skills)|\($0.slot.day)|\($0.slot.period)" }
        resourceOrder = distinctFirst(resourceOrder) { $0.requirement.description }
        var budget = (resolveBudget + 1) / 2
        var members: [MemberBottleneck] = []
        for key in memberOrder {
            let dual = memberPrices[key]
            var marginal: Double? = nil
            if budget > 0 {
                budget -= 1
                let change = BottleneckChange.recruit(skills: key.skills, community: key.community, slot: key.slot)
                if let lp = try coverageLP(change.applied(to: scenario)) { marginal = max(0, lp.value - base.value) }
            }
            guard (marginal ?? dual?.price ?? 0) > Tolerance.epsilon else { continue }
            let hours = dual?.hours ?? min(BottleneckChange.recruitHours, scenario.settings.calendar.hours(key.slot))
            members.append(MemberBottleneck(skills: key.skills, community: key.community, slot: key.slot,
                                            dualPrice: dual?.price, marginal: marginal, hours: hours, task: dual?.task))
        }
        budget += resolveBudget / 2
        var resources: [ResourceBottleneck] = []
        for key in resourceOrder {
            let dual = resourcePrices[key]
            var marginal: Double? = nil
            if budget > 0 {
                budget -= 1
                let change = BottleneckChange.lend(requirement: key.requirement, community: key.community)
                if let lp = try coverageLP(change.applied(to: scenario)) { marginal = max(0, lp.value - base.value) }
            }
            guard (marginal ?? dual?.price ?? 0) > Tolerance.epsilon else { continue }
            resources.append(ResourceBottleneck(requirement: key.requirement, community: key.community,
                                                dualPrice: dual?.price, marginal: marginal, task: dual?.task, slot: dual?.slot))
        }
        // Re-solved units first: their value is measured, while a dual price alone is only an upper bound and
        // would let an unchecked (possibly degenerate) price outrank a measured one.
        members.sort { a, b in
            (a.marginal != nil) != (b.marginal != nil) ? a.marginal != nil
                : a.rankValue != b.rankValue ? a.rankValue > b.rankValue : a.key < b.key
        }
        resources.sort { a, b in
            (a.marginal != nil) != (b.marginal != nil) ? a.marginal != nil
                : a.rankValue != b.rankValue ? a.rankValue > b.rankValue : a.key < b.key
        }
        return BottleneckReport(lpValue: base.value, members: members, resources: resources, dualsAllZero: dualsAllZero)
    }

    /// A requirement as a lent resource must meet it: kind, tag and capacity (the amount is what the lent
    /// resource's weekly quantity will be).
    static func lendable(_ q: ResourceRequirement) -> ResourceRequirement {
        ResourceRequirement(kind: q.kind.lowercased(), tag: q.tag?.lowercased(), minCapacity: q.minCapacity, amount: q.amount)
    }

    // MARK: Suggestions

    /// A modest list of changes (at most `limit`), from the report's best units and from the unmet tasks'
    /// reasons: recruit where a member is the marginal unit, lend where a resource is, and widen a category's
    /// service circle to the minutes that bring the needed number of skilled members within reach.
    public func candidates(_ scenario: Scenario, report: BottleneckReport, unmet: [UnmetTask], limit: Int = 12) -> [BottleneckChange] {
        var out: [BottleneckChange] = []
        func add(_ c: BottleneckChange) { if out.count < limit && !out.contains(c) { out.append(c) } }
        // Widening first in the list of kinds only because there are few of them; ranking is by measured gain.
        var widen: [BottleneckChange] = []
        for u in unmet where u.task.kind == .need && (u.reason == .noOneInReach || u.reason == .noSlot || u.reason == .outcompeted) {
            guard let need = scenario.needs.first(where: { $0.id == u.task.id }), !need.category.isEmpty else { continue }
            let limitNow = scenario.travelLimit(of: need)
            let minutes = scenario.members
                .filter { need.skills.isSubset(of: $0.skills) && $0.maxHours + Tolerance.epsilon >= need.hours
                          && !$0.slots.isDisjoint(with: need.slots) }
                .map { scenario.travelMinutes(from: $0.community, to: need.community) }
                .filter { $0 > limitNow + Tolerance.epsilon }
                .sorted()
            guard minutes.count >= 1 else { continue }
            let n = minutes[min(minutes.count, need.headcount) - 1].rounded(.up)
            let c = BottleneckChange.widen(category: need.category.lowercased(), minutes: n)
            if !widen.contains(c) { widen.append(c) }
        }
        let memberBudget = max(1, limit - min(widen.count, 3) - min(report.resources.count, 3))
        for m in report.members.prefix(memberBudget) {
            add(.recruit(skills: m.skills, community: m.community, slot: m.slot))
        }
        for r in report.resources.prefix(3) { add(.lend(requirement: r.requirement, community: r.community)) }
        for w in widen.prefix(3) { add(w) }
        for m in report.members.dropFirst(memberBudget) { add(.recruit(skills: m.skills, community: m.community, slot: m.slot)) }
        return out
    }

    /// Solves the base scenario and each changed one with the same options, and ranks the changes by the
    /// measured gain in coverage value (new − base). Only changes with a positive gain are returned, best
    /// first (ties keep the candidate order), at most `count`. Base and changed scenarios are solved with the
    /// same options, so on models `Matcher` solves exactly (≤ `Matcher.exactColumnLimit` columns, no time
    /// limit hit) the gain is exact; otherwise `exact` is false and the gain compares two incumbents.
    public func suggestions(_ scenario: Scenario, candidates: [BottleneckChange], count: Int = 5,
                            options: MatchOptions = MatchOptions()) throws -> SuggestionResult {
        let matcher = Matcher(solver: solver)
        let basePlan = try matcher.solve(scenario, options: options)
        let base = Self.coverageValue(basePlan, scenario)
        var measured: [Suggestion] = []
        for change in candidates {
            let changed = change.applied(to: scenario)
            let plan = try matcher.solve(changed, options: options)
            let value = Self.coverageValue(plan, changed)
            let before = Set(basePlan.covered.keys), after = Set(plan.covered.keys)
            measured.append(Suggestion(change: change, baseCoverage: base, newCoverage: value,
                                       newlyCovered: after.subtracting(before).sorted(),
                                       noLongerCovered: before.subtracting(after).sorted(),
                                       exact: basePlan.status == .optimal && plan.status == .optimal))
        }
        let ranked = measured.enumerated()
            .filter { $0.element.gain > Tolerance.epsilon }
            .sorted { $0.element.gain != $1.element.gain ? $0.element.gain > $1.element.gain : $0.offset < $1.offset }
            .map(\.element)
        // Two changes that cover the same tasks for the same gain (a legal aid volunteer free on Saturday or on
        // Sunday afternoon) are one suggestion for a planner: the first in candidate order is kept.
        var best: [Suggestion] = []
        for x in ranked where best.count < count {
            if best.contains(where: { abs($0.gain - x.gain) < Tolerance.epsilon && $0.newlyCovered == x.newlyCovered
                                      && $0.noLongerCovered == x.noLongerCovered }) { continue }
            best.append(x)
        }
        return SuggestionResult(baseCoverage: base, baseExact: basePlan.status == .optimal, tried: measured, best: best)
    }

    /// The coverage level's value of a plan: the sum of the values of its covered tasks (SPEC's level 1),
    /// computed from the plan so it holds whatever levels the scenario orders.
    public static func coverageValue(_ plan: Plan, _ scenario: Scenario) -> Double {
        let values = Dictionary(TaskSpec.all(in: scenario).map { ($0.ref, $0.value) }, uniquingKeysWith: { a, _ in a })
        return plan.covered.keys.reduce(0) { $0 + (values[$1] ?? 0) }
    }
}

struct MemberKey: Hashable, Comparable {
    var skills: [String]
    var community: String
    var slot: Slot
    static func < (a: MemberKey, b: MemberKey) -> Bool {
        (a.skills.joined(separator: "+"), a.community, a.slot.day, a.slot.period)
            < (b.skills.joined(separator: "+"), b.community, b.slot.day, b.slot.period)
    }
}

struct ResourceKey: Hashable, Comparable {
    var requirement: ResourceRequirement
    var community: String
    static func < (a: ResourceKey, b: ResourceKey) -> Bool {
        (a.requirement.description, a.community) < (b.requirement.description, b.community)
    }
}

/// The marginal value of one more member with `skills` (empty: no skill) at home in `community`, free in `slot`.
public struct MemberBottleneck: Sendable, Equatable {
    public var skills: [String]
    public var community: String
    public var slot: Slot
    /// −Σ duals of the staffing rows the new member would enter (an upper bound on the LP gain of one
    /// member, valid for small changes); nil where no row exists (the task has no viable slot).
    public var dualPrice: Double?
    /// The coverage LP's optimum with this one member added, minus the base optimum; nil when not re-solved.
    public var marginal: Double?
    /// Hours of the task the value is for (to state it per member-hour).
    public var hours: Double
    /// The task whose staffing row gave the dual price.
    public var task: TaskRef?
    /// What the ranking uses: the re-solved marginal where there is one, else the dual price.
    public var rankValue: Double { marginal ?? dualPrice ?? 0 }
    public var perHour: Double { hours > 0 ? rankValue / hours : 0 }
    var key: MemberKey { MemberKey(skills: skills, community: community, slot: slot) }
    public var method: String { marginal != nil ? "lp_resolve" : "lp_dual" }
}

/// The marginal value of one more resource meeting `requirement` in `community`.
public struct ResourceBottleneck: Sendable, Equatable {
    public var requirement: ResourceRequirement
    public var community: String
    public var dualPrice: Double?
    public var marginal: Double?
    public var task: TaskRef?
    public var slot: Slot?
    public var rankValue: Double { marginal ?? dualPrice ?? 0 }
    var key: ResourceKey { ResourceKey(requirement: requirement, community: community) }
    public var method: String { marginal != nil ? "lp_resolve" : "lp_dual" }
}

public struct BottleneckReport: Sendable {
    /// The coverage LP relaxation's optimum (nil when the LP did not solve to optimality in time).
    public var lpValue: Double?
    /// Best first.
    public var members: [MemberBottleneck]
    public var resources: [ResourceBottleneck]
    /// Every row dual was zero: the duals say nothing, and only the re-solves carry information.
    public var dualsAllZero: Bool
    public static let method = "LP dual of the coverage relaxation (new column priced by the row duals), checked by re-solving the LP with one more unit"
    public static let range = "marginal: for one unit (one member, one resource) only; the dual price is an upper bound on the LP gain, exact while the optimal basis stays optimal"
}

/// One change a planner could make, in scenario terms.
public enum BottleneckChange: Sendable, Hashable {
    /// One more member holding `skills`, at home in `community`, free in `slot` only, max_hours 4.
    case recruit(skills: [String], community: String, slot: Slot)
    /// One more resource of the requirement's kind (and tag, with its capacity, and its amount as the
    /// weekly quantity), in `community`, usable in every slot.
    case lend(requirement: ResourceRequirement, community: String)
    /// Every need of `category` gets `max_travel` = `minutes`.
    case widen(category: String, minutes: Double)

    /// max_hours of a recruited member (SPEC's default).
    public static let recruitHours: Double = 4
    static let unitID = "NEW-UNIT"

    /// The id of the member or resource the change adds (nil for widen).
    public func addedID(_ calendar: SlotCalendar) -> String? {
        switch self {
        case .recruit(let skills, let community, let slot):
            return "NEW-M-\(skills.isEmpty ? "any" : skills.joined(separator: "+"))-\(community)-\(calendar.label(slot))"
        case .lend(let q, let community):
            return "NEW-R-\(q.description)-\(community)"
        case .widen: return nil
        }
    }

    /// A copy of the scenario with the change made. The added member or resource belongs to a new unit
    /// without a pledge, so the pledge level is not disturbed by a phantom unit's hours.
    public func applied(to scenario: Scenario) -> Scenario {
        var s = scenario
        let cal = s.settings.calendar
        func ensureUnit() {
            if !s.units.contains(where: { $0.id == Self.unitID }) {
                s.units.append(StationedUnit(id: Self.unitID, name: "suggested", pledgeHours: 0))
            }
        }
        switch self {
        case .recruit(let skills, let community, let slot):
            ensureUnit()
            s.members.append(Member(id: addedID(cal)!, name: "suggested", unit: Self.unitID, community: community,
                                    skills: Set(skills), slots: [slot], maxHours: Self.recruitHours))
        case .lend(let q, let community):
            ensureUnit()
            s.resources.append(Resource(id: addedID(cal)!, unit: Self.unitID, kind: q.kind, name: "suggested",
                                        community: community, capacity: max(1, q.minCapacity ?? 1), slots: nil,
                                        quantity: q.amount, tags: q.tag.map { [$0] } ?? []))
        case .widen(let category, let minutes):
            // Widening never narrows: a need without its own max_travel has the service circle, so it changes
            // only when `minutes` lies beyond that (a suggestion found on a need with a tighter limit of its
            // own may name fewer minutes than the circle).
            for i in s.needs.indices where s.needs[i].category.lowercased() == category {
                if minutes > s.travelLimit(of: s.needs[i]) { s.needs[i].maxTravel = minutes }
            }
        }
        return s
    }
}

public struct Suggestion: Sendable {
    public var change: BottleneckChange
    public var baseCoverage: Double
    public var newCoverage: Double
    public var gain: Double { newCoverage - baseCoverage }
    public var newlyCovered: [TaskRef]
    public var noLongerCovered: [TaskRef]
    /// Both solves proved optimal: the gain is exact.
    public var exact: Bool
}

public struct SuggestionResult: Sendable {
    public var baseCoverage: Double
    public var baseExact: Bool
    /// Every candidate, in the order tried, with its measured gain.
    public var tried: [Suggestion]
    /// The best, with a positive gain, best first; a change equivalent to a better-placed one (same gain, same
    /// tasks gained and lost) is left out.
    public var best: [Suggestion]
}
