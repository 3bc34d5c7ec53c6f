import CommunityMatch
import Foundation
import PlanVerify

// The test engineer's independent checker of SPEC.md "The model" (hard rules 1–7, the lexicographic objective),
// promoted into the `PlanVerify` module so that `cmatch verify` runs the same second opinion. These functions keep
// the signatures PropertyTests and ExhaustiveOptimumTests were written against, and stay thin: the derivation
// lives in PlanVerify, which shares no code with the model builder (MatchModel) and recomputes travel itself.

/// A need or a project, seen the way the rules talk about tasks.
package typealias CheckerTask = VerifierTask

/// Minutes from community `a` to community `b` (travel.csv either way, else haversine at the walking speed).
package func checkerTravelMinutes(_ scenario: Scenario, from a: String, to b: String) -> Double {
    verifierTravelMinutes(scenario, from: a, to: b)
}

/// "Within" means `<=`.
package func checkerWithin(_ minutes: Double, _ limit: Double) -> Bool { verifierWithin(minutes, limit) }

package func sameText(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

/// Does `member` hold what `task` asks of it (for a project, what role `roleSkill` asks)? Rule 3, skills half.
package func checkerHoldsSkills(_ member: Member, task: CheckerTask, roleSkill: String?) -> Bool {
    verifierHoldsSkills(member, task: task, roleSkill: roleSkill)
}

/// Can resource `r` meet requirement `q` of `task` in `slot`, ignoring what other tasks take? Empty means yes.
package func checkerResourceFits(_ r: Resource, _ q: ResourceRequirement, task: CheckerTask, slot: Slot, in scenario: Scenario) -> [String] {
    verifierResourceFits(r, q, task: task, slot: slot, in: scenario).map { "\($0)" }
}

/// Every way `plan` breaks hard rules 1–7, plus the plan's internal consistency (hours and travel of each
/// assignment, covered/unmet bookkeeping), as "rule N: …" / "consistency: …" lines. Empty means the plan is valid.
package func violations(of plan: Plan, in scenario: Scenario) -> [String] {
    PlanVerifier(scenario: scenario).violations(of: plan, bookkeeping: true).map { v in
        (v.rule == 0 ? "consistency: " : "rule \(v.rule): ") + v.sentence(.en, calendar: scenario.settings.calendar)
    }
}

/// Each objective level's value, computed from the plan alone (SPEC "Objective, lexicographic").
package func levelValues(of plan: Plan, in scenario: Scenario) -> [ObjectiveLevel: Double] {
    PlanVerifier(scenario: scenario).levelValues(of: plan)
}

package func levelsAgree(_ a: Double, _ b: Double, relative: Double = 1e-6) -> Bool {
    abs(a - b) <= relative * max(1, abs(a), abs(b))
}

/// Where `plan.levels` misreport the plan: each level of `settings.objective`, in order, with the value
/// recomputed from the plan, within 1e-6 relative.
package func levelMismatches(of plan: Plan, in scenario: Scenario) -> [String] {
    var out: [String] = []
    let expectedOrder = scenario.settings.objective.isEmpty ? [.coverage] : scenario.settings.objective
    if plan.levels.map(\.level) != expectedOrder {
        out.append("levels reported \(plan.levels.map(\.level.rawValue)), objective is \(expectedOrder.map(\.rawValue))")
    }
    let values = levelValues(of: plan, in: scenario)
    for outcome in plan.levels {
        let v = values[outcome.level]!
        if !levelsAgree(outcome.value, v) {
            out.append("level \(outcome.level.rawValue) reported \(outcome.value), the plan's value is \(v)")
        }
    }
    return out
}

/// Is `a` lexicographically better than `b` under `order` (coverage maximised, pledges and travel minimised),
/// ties taken within 1e-6 relative?
package func lexicographicallyBetter(_ a: [ObjectiveLevel: Double], than b: [ObjectiveLevel: Double], order: [ObjectiveLevel]) -> Bool {
    for level in order {
        let x = a[level]!, y = b[level]!
        if levelsAgree(x, y) { continue }
        return level == .coverage ? x > y : x < y
    }
    return false
}
