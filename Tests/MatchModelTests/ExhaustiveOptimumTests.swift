import CommunityMatch
import Foundation
import GLPKSolver
import MatchModel
import Testing
import TestSupport

/// Every plan of a tiny scenario, enumerated: each task uncovered or covered in one of its slots by every
/// possible team (need: every set of `headcount` members; project: every member-to-role map within the roles'
/// bounds) with every possible resource per requirement, then combined across tasks under the rules that span
/// tasks (one task per member per slot, weekly hours, one booking per resource per slot, weekly quantities, pins).
/// The lexicographic optimum of that enumeration is the truth the matcher's levels are held to.
struct BruteForce {
    struct Choice {
        var slot: Slot
        var slotIndex: Int
        /// (member index, role skill; "" for a need)
        var team: [(member: Int, role: String)]
        /// One resource index per requirement, in requirement order.
        var resources: [Int]
    }

    struct Outcome {
        /// Per level of the objective order.
        var values: [Double]
        var plan: Plan
    }

    let scenario: Scenario
    let tasks: [CheckerTask]
    let order: [ObjectiveLevel]
    let slotList: [Slot]
    var leafLimit = 4_000_000

    init(_ scenario: Scenario) {
        self.scenario = scenario
        tasks = CheckerTask.all(in: scenario)
        order = scenario.settings.objective.isEmpty ? [.coverage] : scenario.settings.objective
        slotList = Array(Set(tasks.flatMap(\.slots))).sorted()
    }

    /// Every way `task` can be staffed and equipped on its own (rules 1, 3, 4, 5, 6 within the task).
    func choices(for t: CheckerTask) -> [Choice] {
        let cal = scenario.settings.calendar
        var out: [Choice] = []
        for slot in t.slots where cal.hours(slot) >= t.hours - 1e-9 {
            let si = slotList.firstIndex(of: slot)!
            let reachable = scenario.members.indices.filter { i in
                let m = scenario.members[i]
                return m.slots.contains(slot) && m.maxHours >= t.hours - 1e-9
                    && checkerWithin(checkerTravelMinutes(scenario, from: m.community, to: t.community), t.maxTravel)
            }
            var teams: [[(member: Int, role: String)]] = []
            if let n = t.need {
                let eligible = reachable.filter { checkerHoldsSkills(scenario.members[$0], task: t, roleSkill: nil) }
                func combos(_ start: Int, _ picked: [Int]) {
                    if picked.count == n.headcount { teams.append(picked.map { ($0, "") }); return }
                    guard start < eligible.count else { return }
                    for k in start..<eligible.count { combos(k + 1, picked + [eligible[k]]) }
                }
                combos(0, [])
            } else if let p = t.project {
                var counts = Array(repeating: 0, count: p.roles.count)
                func assign(_ k: Int, _ team: [(member: Int, role: String)]) {
                    if k == reachable.count {
                        if p.roles.indices.allSatisfy({ counts[$0] >= p.roles[$0].min }) { teams.append(team) }
                        return
                    }
                    assign(k + 1, team) // this member stays out
                    let m = scenario.members[reachable[k]]
                    for (ri, role) in p.roles.enumerated()
                    where counts[ri] < role.max && checkerHoldsSkills(m, task: t, roleSkill: role.skill) {
                        counts[ri] += 1
                        assign(k + 1, team + [(reachable[k], role.skill)])
                        counts[ri] -= 1
                    }
                }
                assign(0, [])
            }
            if teams.isEmpty { continue }
            var kits: [[Int]] = []
            func equip(_ q: Int, _ picked: [Int]) {
                if q == t.requirements.count { kits.append(picked); return }
                let req = t.requirements[q]
                for (ri, r) in scenario.resources.enumerated() where !picked.contains(ri) {
                    guard checkerResourceFits(r, req, task: t, slot: slot, in: scenario).isEmpty else { continue }
                    if let cap = r.quantity, (req.amount ?? 0) > cap + 1e-9 { continue }
                    equip(q + 1, picked + [ri])
                }
            }
            equip(0, [])
            for team in teams { for kit in kits { out.append(Choice(slot: slot, slotIndex: si, team: team, resources: kit)) } }
        }
        return out
    }

    func plan(_ chosen: [Choice?]) -> Plan {
        var plan = Plan()
        for (ti, c) in chosen.enumerated() {
            let t = tasks[ti]
            guard let c else {
                plan.unmet.append(UnmetTask(task: t.ref, community: t.community, priority: t.need?.priority ?? t.project!.priority,
                                            value: t.value, reason: .outcompeted, detail: ""))
                continue
            }
            plan.covered[t.ref] = c.slot
            for (mi, role) in c.team {
                let m = scenario.members[mi]
                plan.assignments.append(Assignment(task: t.ref, role: role, member: m.id, slot: c.slot, hours: t.hours,
                                                   travelMinutes: checkerTravelMinutes(scenario, from: m.community, to: t.community)))
            }
            for (q, ri) in c.resources.enumerated() {
                plan.bookings.append(ResourceBooking(task: t.ref, requirement: q, resource: scenario.resources[ri].id,
                                                     slot: c.slot, amount: t.requirements[q].amount ?? 0))
            }
        }
        return plan
    }

    /// `a` lexicographically better than `b` under the objective order (ties within the matcher's own 1e-6).
    func better(_ a: [Double], than b: [Double]) -> Bool {
        for (k, level) in order.enumerated() {
            let tol = 1e-6 * max(1, abs(a[k]), abs(b[k]))
            if abs(a[k] - b[k]) <= tol { continue }
            return level == .coverage ? a[k] > b[k] : a[k] < b[k]
        }
        return false
    }

    struct Result {
        var best: Outcome?
        var leaves: Int
        var feasiblePlans: Int
        var exhausted: Bool
    }

    func run() -> Result {
        let options = tasks.map { choices(for: $0) }
        let members = scenario.members
        let unitIndex = Dictionary(uniqueKeysWithValues: scenario.units.enumerated().map { ($1.id, $0) })
        let memberUnit = members.map { unitIndex[$0.unit]! }
        let travel = tasks.map { t in members.map { checkerTravelMinutes(scenario, from: $0.community, to: t.community) } }
        let preferred: [Int?] = tasks.map { t in t.need?.preferredMember.flatMap { pm in members.firstIndex { $0.id == pm } } }
        let pins: [(task: Int, member: Int, slot: Slot?)] = scenario.pins.compactMap { p in
            guard let ti = tasks.firstIndex(where: { $0.ref == p.task }), let mi = members.firstIndex(where: { $0.id == p.member })
            else { return nil }
            return (ti, mi, p.slot)
        }
        let pinsResolvable = pins.count == scenario.pins.count

        var busy = Array(repeating: Array(repeating: false, count: slotList.count), count: members.count)
        var hours = Array(repeating: 0.0, count: members.count)
        var resBusy = Array(repeating: Array(repeating: false, count: slotList.count), count: scenario.resources.count)
        var drawn = Array(repeating: 0.0, count: scenario.resources.count)
        var served = Array(repeating: 0.0, count: scenario.units.count)
        var coverage = 0.0, minutes = 0.0, continuity = 0
        var chosen: [Choice?] = Array(repeating: nil, count: tasks.count)
        var result = Result(best: nil, leaves: 0, feasiblePlans: 0, exhausted: true)
        var bestValues: [Double]? = nil
        var bestChosen: [Choice?] = []

        func leaf() {
            result.leaves += 1
            for pin in pins {
                guard let c = chosen[pin.task], c.team.contains(where: { $0.member == pin.member }),
                      pin.slot == nil || pin.slot == c.slot else { return }
            }
            result.feasiblePlans += 1
            var shortfall = 0.0
            for (ui, u) in scenario.units.enumerated() { shortfall += max(0, u.pledgeHours - served[ui]) }
            let byLevel: [ObjectiveLevel: Double] = [
                .coverage: coverage, .pledges: shortfall,
                .travel: minutes - scenario.settings.continuityBonus * Double(continuity),
            ]
            let values = order.map { byLevel[$0]! }
            if bestValues == nil || better(values, than: bestValues!) {
                bestValues = values
                bestChosen = chosen
            }
        }

        func dfs(_ ti: Int) {
            if result.leaves >= leafLimit { result.exhausted = false; return }
            if ti == tasks.count { leaf(); return }
            let t = tasks[ti]
            chosen[ti] = nil
            dfs(ti + 1)
            next: for c in options[ti] {
                for (mi, _) in c.team where busy[mi][c.slotIndex] || hours[mi] + t.hours > members[mi].maxHours + 1e-9 {
                    continue next
                }
                for (q, ri) in c.resources.enumerated() {
                    if resBusy[ri][c.slotIndex] { continue next }
                    if let cap = scenario.resources[ri].quantity, drawn[ri] + (t.requirements[q].amount ?? 0) > cap + 1e-9 {
                        continue next
                    }
                }
                for (mi, _) in c.team {
                    busy[mi][c.slotIndex] = true; hours[mi] += t.hours; served[memberUnit[mi]] += t.hours
                    minutes += travel[ti][mi]
                }
                for (q, ri) in c.resources.enumerated() { resBusy[ri][c.slotIndex] = true; drawn[ri] += t.requirements[q].amount ?? 0 }
                let bonus = preferred[ti].map { pm in c.team.contains { $0.member == pm } } ?? false
                if bonus { continuity += 1 }
                coverage += t.value
                chosen[ti] = c
                dfs(ti + 1)
                chosen[ti] = nil
                coverage -= t.value
                if bonus { continuity -= 1 }
                for (q, ri) in c.resources.enumerated() { resBusy[ri][c.slotIndex] = false; drawn[ri] -= t.requirements[q].amount ?? 0 }
                for (mi, _) in c.team {
                    busy[mi][c.slotIndex] = false; hours[mi] -= t.hours; served[memberUnit[mi]] -= t.hours
                    minutes -= travel[ti][mi]
                }
            }
        }
        if pinsResolvable { dfs(0) }
        if let bestValues { result.best = Outcome(values: bestValues, plan: plan(bestChosen)) }
        return result
    }
}

@Suite struct ExhaustiveOptimumTests {
    static let seeds: [UInt64] = Array(1_001...1_400)

    /// Tiny scenarios in the default objective order, except every fifth (pledges first) and every seventh
    /// (travel before pledges), so the lexicographic driver is tested in other orders too.
    static func scenario(_ seed: UInt64) -> Scenario {
        var s = RandomScenario.make(seed: seed, shape: .tiny)
        s.settings.objective = [.coverage, .pledges, .travel]
        if seed % 5 == 0 { s.settings.objective = [.pledges, .coverage, .travel] }
        if seed % 7 == 0 { s.settings.objective = [.coverage, .travel, .pledges] }
        return s
    }

    @Test("the matcher reaches the brute-force lexicographic optimum of every tiny scenario (coverage, then pledges, then travel)",
          arguments: seeds)
    func matcherLevelsEqualTheBruteForceLexicographicOptimum(seed: UInt64) throws {
        let scenario = Self.scenario(seed)
        let brute = BruteForce(scenario).run()
        let context = "seed \(seed) (RandomScenario.make(seed: \(seed), shape: .tiny))\n\(RandomScenario.describe(scenario))"
        try #require(brute.exhausted, "brute force gave up after \(brute.leaves) leaves; shrink ScenarioShape.tiny — \(context)")

        // The brute-force optimum must itself pass the checker: the enumerator and the checker agree.
        if let best = brute.best {
            let v = violations(of: best.plan, in: scenario)
            #expect(v.isEmpty, "test bug: brute-force optimum breaks the checker: \(v)\n\(context)")
        }

        let plan: Plan
        do {
            plan = try Matcher(solver: GLPKSolver()).solve(scenario)
        } catch let conflict as PinConflict {
            #expect(brute.best == nil,
                    "matcher says the pins conflict (\(conflict.message)), but \(brute.feasiblePlans) feasible plans exist, e.g.\n\(brute.best.map { RandomScenario.describe($0.plan, in: scenario) } ?? "")\n\(context)")
            return
        }
        guard let best = brute.best else {
            Issue.record("no plan satisfies the pins, yet the matcher returned one:\n\(RandomScenario.describe(plan, in: scenario))\n\(context)")
            return
        }
        let planText = "matcher plan:\n\(RandomScenario.describe(plan, in: scenario))\nbrute-force optimum \(best.values):\n\(RandomScenario.describe(best.plan, in: scenario))\n\(context)"
        #expect(plan.status == .optimal, "status \(plan.status) — \(planText)")
        let v = violations(of: plan, in: scenario)
        #expect(v.isEmpty, "violations: \(v.joined(separator: "; "))\n\(planText)")
        let m = levelMismatches(of: plan, in: scenario)
        #expect(m.isEmpty, "\(m.joined(separator: "; "))\n\(planText)")

        // Level by level, the plan's own values (recomputed, not as reported) against the brute-force optimum.
        let mine = levelValues(of: plan, in: scenario)
        let order = scenario.settings.objective
        for (k, level) in order.enumerated() {
            let got = mine[level]!, want = best.values[k]
            #expect(levelsAgree(got, want, relative: 1e-5),
                    "level \(k + 1) (\(level.rawValue)): matcher's plan has \(got), brute-force lexicographic optimum \(want)\n\(planText)")
            if !levelsAgree(got, want, relative: 1e-5) { break } // lower levels only mean something once this one agrees
        }
    }

    @Test("the tiny scenarios are really enumerated and varied: resources, projects and pins all occur")
    func tinyScenariosCoverTheInterestingCases() {
        var withResources = 0, withProjects = 0, withPins = 0, multiHeadcount = 0, maxLeaves = 0, totalLeaves = 0
        var pinInfeasible = 0, optimumBooks = 0, optimumDraws = 0, optimumTwoKits = 0, optimumProject = 0
        var optimumTwoTasksOneMember = 0, optimumUnmet = 0, optimumContinuity = 0
        for seed in Self.seeds {
            let s = Self.scenario(seed)
            if s.needs.contains(where: { !$0.resources.isEmpty }) || s.projects.contains(where: { !$0.resources.isEmpty }) { withResources += 1 }
            if !s.projects.isEmpty { withProjects += 1 }
            if !s.pins.isEmpty { withPins += 1 }
            if s.needs.contains(where: { $0.headcount > 1 }) { multiHeadcount += 1 }
            #expect(s.needs.count + s.projects.count <= 4 && s.members.count <= 4)
            let r = BruteForce(s).run()
            maxLeaves = max(maxLeaves, r.leaves); totalLeaves += r.leaves
            guard let best = r.best?.plan else { pinInfeasible += 1; continue }
            if !best.bookings.isEmpty { optimumBooks += 1 }
            if best.bookings.contains(where: { $0.amount > 0 }) { optimumDraws += 1 }
            if Dictionary(grouping: best.bookings, by: \.task).values.contains(where: { $0.count > 1 }) { optimumTwoKits += 1 }
            if best.covered.keys.contains(where: { $0.kind == .project }) { optimumProject += 1 }
            if Dictionary(grouping: best.assignments, by: \.member).values.contains(where: { $0.count > 1 }) { optimumTwoTasksOneMember += 1 }
            if best.covered.count < s.needs.count + s.projects.count { optimumUnmet += 1 }
            if s.needs.contains(where: { n in n.preferredMember.map { pm in best.assignments.contains { $0.task == TaskRef(.need, n.id) && $0.member == pm } } ?? false }) {
                optimumContinuity += 1
            }
        }
        print("ExhaustiveOptimumTests: \(Self.seeds.count) scenarios; with resources \(withResources), projects \(withProjects), pins \(withPins) (no plan holds them: \(pinInfeasible)), headcount>1 \(multiHeadcount); leaves total \(totalLeaves), max \(maxLeaves); optima with bookings \(optimumBooks), amounts \(optimumDraws), two resources for one task \(optimumTwoKits), a project \(optimumProject), a member on two tasks \(optimumTwoTasksOneMember), unmet tasks \(optimumUnmet), preferred member serving \(optimumContinuity)")
        #expect(Self.seeds.count >= 100)
        #expect(withResources >= 20 && withProjects >= 20 && withPins >= 10 && multiHeadcount >= 20)
        #expect(pinInfeasible >= 3, "some pins should be impossible, to test PinConflict")
        #expect(optimumBooks >= 50 && optimumDraws >= 10 && optimumTwoKits >= 3 && optimumProject >= 20)
        #expect(optimumTwoTasksOneMember >= 30 && optimumUnmet >= 50 && optimumContinuity >= 10)
    }
}

extension ExhaustiveOptimumTests {
    /// The checker itself, held to account: every way of breaking a valid plan must be caught.
    @Suite struct CheckerSelfTests {
        @Test("the checker flags every kind of broken plan built from a valid brute-force optimum")
        func checkerFlagsEveryMutationOfAValidPlan() {
            var mutationsTried = 0
            for seed in ExhaustiveOptimumTests.seeds {
                let scenario = ExhaustiveOptimumTests.scenario(seed)
                guard let best = BruteForce(scenario).run().best, let a0 = best.plan.assignments.first else { continue }
                let good = best.plan
                #expect(violations(of: good, in: scenario).isEmpty, "seed \(seed): the optimum itself is flagged")
                let cal = scenario.settings.calendar
                var mutants: [(String, Plan, Scenario)] = []
                func mutant(_ name: String, _ change: (inout Plan) -> Void) {
                    var p = good; change(&p); mutants.append((name, p, scenario))
                }
                if a0.task.kind == .need { mutant("a need under its headcount") { $0.assignments.removeFirst() } }
                mutant("duplicate an assignment") { $0.assignments.append(a0) }
                mutant("uncover a staffed task") { $0.covered[a0.task] = nil }
                mutant("assignment hours differ") { $0.assignments[0].hours += 0.5 }
                mutant("travel minutes differ") { $0.assignments[0].travelMinutes += 1 }
                mutant("cover a task twice over, in another slot") { p in
                    if let other = cal.allSlots.first(where: { $0 != a0.slot }) { p.covered[a0.task] = other }
                }
                mutant("list a covered task as unmet too") { p in
                    p.unmet.append(UnmetTask(task: a0.task, community: "", priority: 3, value: 0, reason: .outcompeted, detail: ""))
                }
                if let outsider = scenario.members.first(where: { m in !good.assignments.contains { $0.task == a0.task && $0.member == m.id } }) {
                    // Another member added to the task: too many for a need, or a member who may be unavailable,
                    // unskilled, out of reach or double-booked; some rule must object unless the project has room.
                    let t = CheckerTask.all(in: scenario).first { $0.ref == a0.task }!
                    if t.need != nil {
                        mutant("a need over its headcount") { p in
                            var a = a0; a.member = outsider.id
                            a.travelMinutes = checkerTravelMinutes(scenario, from: outsider.community, to: t.community)
                            p.assignments.append(a)
                        }
                    }
                    var s2 = scenario
                    s2.pins = [Pin(task: a0.task, member: outsider.id, location: SourceLocation(file: "pins.csv", line: 2))]
                    mutants.append(("a pin that does not hold", good, s2))
                }
                if let b0 = good.bookings.first {
                    mutant("drop a booking") { $0.bookings.removeFirst() }
                    mutant("book a resource twice in a slot") { p in var b = b0; b.requirement = 99; p.bookings.append(b) }
                    var s2 = scenario
                    let ri = s2.resources.firstIndex { $0.id == b0.resource }!
                    s2.resources[ri].kind = "spaceship"
                    mutants.append(("a resource of another kind", good, s2))
                    var s3 = scenario
                    s3.resources[ri].slots = []
                    mutants.append(("a resource not usable in the slot", good, s3))
                }
                do {
                    var s2 = scenario
                    let mi = s2.members.firstIndex { $0.id == a0.member }!
                    s2.members[mi].maxHours = a0.hours - 0.5
                    mutants.append(("a member over max_hours", good, s2))
                    var s3 = scenario
                    s3.members[mi].slots.remove(a0.slot)
                    mutants.append(("a member not available", good, s3))
                    var s4 = scenario
                    s4.members[mi].skills = []
                    s4.needs = s4.needs.map { var n = $0; if TaskRef(.need, n.id) == a0.task { n.skills.insert("juggling") }; return n }
                    s4.projects = s4.projects.map { p in
                        var p = p
                        if TaskRef(.project, p.id) == a0.task { p.roles = p.roles.map { var r = $0; if r.skill == a0.role { r.skill = "juggling" }; return r } }
                        return p
                    }
                    mutants.append(("a member without the skill", good, s4))
                    var s5 = scenario
                    s5.needs = s5.needs.map { var n = $0; n.maxTravel = -1; return n }
                    s5.settings.maxTravel = -1
                    mutants.append(("every member out of reach", good, s5))
                }
                for (name, p, s) in mutants {
                    mutationsTried += 1
                    #expect(!violations(of: p, in: s).isEmpty, "seed \(seed): the checker missed '\(name)'\n\(RandomScenario.describe(p, in: s))")
                }
                // Levels: a misreported value is caught.
                var lying = good
                lying.levels = [LevelOutcome(level: .coverage, value: levelValues(of: good, in: scenario)[.coverage]! + 1, bound: 0, optimal: true)]
                #expect(!levelMismatches(of: lying, in: scenario).isEmpty)
            }
            #expect(mutationsTried >= 500, "only \(mutationsTried) mutations tried")
        }
    }
}
