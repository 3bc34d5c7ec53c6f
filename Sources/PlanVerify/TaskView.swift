import CommunityMatch
import Foundation

// The verifier's own reading of SPEC.md "The model" and "Details every reader of these files must agree on".
// It is written from the SPEC text, not from the model builder (MatchModel), so that a plan the matcher gets
// wrong is caught by code that could not share the mistake (STYLE.md: "the plan verifier … stays a second
// opinion"). Travel, reach, skills and resource fit are therefore recomputed here on purpose.

/// Minutes from community `a` to `b`: a travel.csv row where given (from→to first, else to→from, which serves
/// the reverse direction), else great-circle distance on a 6371 km sphere at the scenario's walking speed,
/// unrounded; 0 inside one community. Uses the atan2 form of haversine, unlike the domain's asin form, so a
/// slip in either shows up as a disagreement.
public func verifierTravelMinutes(_ scenario: Scenario, from a: String, to b: String) -> Double {
    if a == b { return 0 }
    if let m = scenario.travelOverrides[a + "\u{1F}" + b] { return m }
    if let m = scenario.travelOverrides[b + "\u{1F}" + a] { return m }
    guard let ca = scenario.communities.first(where: { $0.id == a }),
          let cb = scenario.communities.first(where: { $0.id == b }) else { return .infinity }
    let rad = Double.pi / 180
    let dLat = (cb.lat - ca.lat) * rad, dLon = (cb.lon - ca.lon) * rad
    let h = pow(sin(dLat / 2), 2) + cos(ca.lat * rad) * cos(cb.lat * rad) * pow(sin(dLon / 2), 2)
    let km = 6371.0 * 2 * atan2(sqrt(h), sqrt(max(0, 1 - h)))
    return km / scenario.settings.walkingSpeedKmh * 60
}

/// The verifier's own tolerance, 1e-9, deliberately not the engine's `Tolerance.epsilon`: the verifier is a
/// second opinion that shares the domain and the readers but none of the engine's arithmetic, so a change to
/// the engine's tolerance cannot quietly loosen the check that would catch it.
let verifierTolerance = 1e-9

/// "Within" means `<=` (SPEC), with a hair of tolerance for minutes that went through a CSV file.
public func verifierWithin(_ minutes: Double, _ limit: Double) -> Bool { minutes <= limit + verifierTolerance }

/// Skills, tags and kinds compare case-insensitively (SPEC).
func sameText(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

/// A need or a project, seen the way the hard rules talk about tasks.
public struct VerifierTask: Sendable {
    public var ref: TaskRef
    public var community: String
    public var slots: [Slot]
    public var hours: Double
    /// Minutes: a need's `max_travel` (default the service circle); a project always the service circle.
    public var maxTravel: Double
    public var requirements: [ResourceRequirement]
    public var value: Double
    public var priority: Int
    public var need: Need?
    public var project: Project?

    public static func all(in scenario: Scenario) -> [VerifierTask] {
        let s = scenario.settings
        func weight(_ p: Int) -> Double { s.priorityWeights[p] ?? 0 }
        var out: [VerifierTask] = []
        for n in scenario.needs {
            let v = weight(n.priority) * (n.vulnerable ? s.vulnerableFactor : 1)
            out.append(VerifierTask(ref: TaskRef(.need, n.id), community: n.community, slots: n.slots, hours: n.hours,
                                    // Resolved here, not through `Scenario.travelLimit(of:)`: the verifier's own reading.
                                    maxTravel: n.maxTravel ?? s.maxTravel, requirements: n.resources, value: v,
                                    priority: n.priority, need: n, project: nil))
        }
        for p in scenario.projects {
            let v = weight(p.priority) * Double(p.beneficiaries) / 4
            out.append(VerifierTask(ref: TaskRef(.project, p.id), community: p.community, slots: p.slots, hours: p.hours,
                                    maxTravel: s.maxTravel, requirements: p.resources, value: v,
                                    priority: p.priority, need: nil, project: p))
        }
        return out
    }

    /// The positions to staff: one per project role, or one for a need (its skills, `headcount` members).
    public var positions: [Position] {
        if let n = need {
            return [Position(role: "", skills: Set(n.skills.map { $0.lowercased() }.filter { $0 != "any" }),
                             min: n.headcount, max: n.headcount)]
        }
        return (project?.roles ?? []).map { r in
            Position(role: r.skill, skills: sameText(r.skill, "any") ? [] : [r.skill.lowercased()], min: r.min, max: r.max)
        }
    }

    /// One thing a task must be staffed with: a project role, or a need's team.
    public struct Position: Sendable, Hashable {
        /// The role's skill as assignments.csv writes it; empty for a need.
        public var role: String
        /// Lower-cased skills every member in this position must hold (empty: anyone).
        public var skills: Set<String>
        public var min: Int
        public var max: Int
    }
}

/// Does `member` hold what `task` asks (for a project, what the role `roleSkill` asks)? Rule 3, skills half.
public func verifierHoldsSkills(_ member: Member, task: VerifierTask, roleSkill: String?) -> Bool {
    let held = Set(member.skills.map { $0.lowercased() })
    if let n = task.need {
        return n.skills.allSatisfy { sameText($0, "any") || held.contains($0.lowercased()) }
    }
    guard let skill = roleSkill else { return false }
    return sameText(skill, "any") || held.contains(skill.lowercased())
}

/// Why one resource cannot meet one requirement, kept as data so each language can say it its own way.
public enum FitProblem: Hashable, Sendable {
    case kind(has: String, wanted: String)
    case tag(wanted: String)
    case capacity(has: Double, wanted: Double)
    case distance(from: String, minutes: Double, to: String, limit: Double)
    case slot(Slot)
}

/// Can resource `r` meet requirement `q` of `task` in `slot`, ignoring what other tasks take? Rule 6, one
/// booking. Empty means it fits.
public func verifierResourceFits(_ r: Resource, _ q: ResourceRequirement, task: VerifierTask, slot: Slot,
                                 in scenario: Scenario) -> [FitProblem] {
    var why: [FitProblem] = []
    if !sameText(r.kind, q.kind) { why.append(.kind(has: r.kind, wanted: q.kind)) }
    if let tag = q.tag, !r.tags.contains(where: { sameText($0, tag) }) { why.append(.tag(wanted: tag)) }
    if let cap = q.minCapacity, r.capacity < cap - verifierTolerance { why.append(.capacity(has: r.capacity, wanted: cap)) }
    if let c = r.community {
        let t = verifierTravelMinutes(scenario, from: c, to: task.community)
        if !verifierWithin(t, task.maxTravel) { why.append(.distance(from: c, minutes: t, to: task.community, limit: task.maxTravel)) }
    }
    if let slots = r.slots, !slots.contains(slot) { why.append(.slot(slot)) }
    return why
}
