import CommunityMatch
import Foundation
import MIPModel
import MatchModel
import MatchSearch
import PlanIO
import PlanVerify
import ScenarioIO

/// A plan checked against every hard rule by the verifier (which shares nothing with the model builder),
/// and its objective levels recomputed from the assignments alone.
public struct Verification: Sendable {
    public var violations: [Violation]
    public var levels: [(level: ObjectiveLevel, value: Double)]
    public var calendar: SlotCalendar
    /// The travel level with its parts, the minutes recomputed from the scenario.
    public var travel: TravelFigure?
    public var holds: Bool { violations.isEmpty }

    /// For programs: `cmatch verify --format json` and the console's API.
    public func json(scenario: String, plan: String, _ lang: Language) -> JSON {
        JSON.object([
            ("scenario", .string(scenario)),
            ("plan", .string(plan)),
            ("holds", .bool(violations.isEmpty)),
            ("violation_count", .integer(violations.count)),
            ("violations", .array(violations.map { v in
                .object([
                    ("rule", .integer(v.rule)),
                    ("code", .string(v.kind.code)),
                    ("task_kind", v.task.map { .string($0.kind.rawValue) } ?? .null),
                    ("task_id", v.task.map { .string($0.id) } ?? .null),
                    ("members", .array(v.members.map { .string($0) })),
                    ("resources", .array(v.resources.map { .string($0) })),
                    ("rows", .array(v.rows.map { .string($0.description) })),
                    ("message", .string(v.sentence(lang, calendar: calendar))),
                ])
            })),
            ("levels", .array(levels.map { .object([("level", .string($0.level.rawValue)), ("value", .number($0.value))]) })),
        ])
    }

    /// For people, one line each.
    public func lines(plan: String, _ lang: Language) -> [String] {
        var out: [String] = []
        if violations.isEmpty {
            out.append(lang.pick("\(plan)：符合全部硬性规则（规则 1–7）", "\(plan): holds every hard rule (rules 1-7)"))
        } else {
            out.append(lang.pick("\(plan)：违反硬性规则 \(violations.count) 处", "\(plan): \(violations.count) violation\(violations.count == 1 ? "" : "s") of the hard rules"))
            for v in violations {
                let rule = v.rule == 0 ? lang.pick("引用", "reference") : lang.pick("规则 \(v.rule)", "rule \(v.rule)")
                let rows = v.rows.isEmpty ? "" : " " + v.rows.map(\.description).joined(separator: ", ")
                out.append("[\(rule)]\(rows): \(v.sentence(lang, calendar: calendar))")
            }
        }
        out.append(lang.pick("由分配重新计算的目标值：", "Objective levels recomputed from the assignments:"))
        for l in levels { out.append("  \(lang.levelName(l.level))\(lang.pick("：", ": "))\(formatNumber(l.value, decimals: 2))") }
        if let travel { out.append("  " + travel.text(lang)) }
        return out
    }
}

/// Unmet tasks with their reasons and evidence, and, when asked, the bottleneck report and the measured
/// suggestions.
public struct Explanation: Sendable {
    public var certificates: [ReasonCertificate]
    public var report: BottleneckReport?
    public var suggestions: SuggestionResult?
    public var calendar: SlotCalendar

    public func lines(plan: String, _ lang: Language) -> [String] {
        var out: [String] = []
        if certificates.isEmpty { out.append(lang.pick("\(plan)：没有未满足的任务", "\(plan): no task is unmet")) }
        for c in certificates { out += c.lines(lang, calendar: calendar) }
        if !certificates.isEmpty { out.append(lang(.explainValueLegend)) }
        if let report {
            out.append("")
            out += BottleneckOutput.lines(report, lang, calendar)
            if let suggestions { out += BottleneckOutput.lines(suggestions, lang, calendar) }
        }
        return out
    }

    public func json(scenario: String, plan: String, _ lang: Language) -> JSON {
        var pairs: [(String, JSON)] = [
            ("scenario", .string(scenario)),
            ("plan", .string(plan)),
            ("tasks", .array(certificates.map { Self.json($0, calendar, lang) })),
        ]
        if let report {
            pairs.append(("bottlenecks", BottleneckOutput.json(report, calendar)))
            pairs.append(("suggestions", suggestions.map { BottleneckOutput.json($0, calendar) } ?? .null))
        }
        return JSON.object(pairs)
    }

    public static func json(_ c: ReasonCertificate, _ cal: SlotCalendar, _ lang: Language) -> JSON {
        func position(_ p: VerifierTask.Position) -> JSON {
            .object([("role", .string(p.role)), ("skills", .array(p.skills.sorted().map { .string($0) })),
                     ("min", .integer(p.min)), ("max", .integer(p.max))])
        }
        func fit(_ p: FitProblem) -> JSON {
            switch p {
            case .kind(let has, let wanted): return .object([("problem", .string("kind")), ("has", .string(has)), ("wanted", .string(wanted))])
            case .tag(let wanted): return .object([("problem", .string("tag")), ("wanted", .string(wanted))])
            case .capacity(let has, let wanted): return .object([("problem", .string("capacity")), ("has", .number(has)), ("wanted", .number(wanted))])
            case .distance(let from, let minutes, _, let limit):
                return .object([("problem", .string("distance")), ("community", .string(from)), ("minutes", .number(minutes)), ("limit", .number(limit))])
            case .slot(let s): return .object([("problem", .string("slot")), ("slot", .string(verifierLabel(s, cal)))])
            }
        }
        var evidence: [(String, JSON)] = []
        switch c.evidence {
        case .covered(let ms):
            evidence = [("members", .array(ms.map { .string($0) }))]
        case .noSkill(let p, let holders, let needed):
            evidence = [("position", position(p)), ("holders", .array(holders.map { .string($0) })), ("needed", .integer(needed))]
        case .noOneInReach(let p, let nearest, let limit, let needed):
            evidence = [("position", position(p)), ("limit_minutes", .number(limit)), ("needed", .integer(needed)),
                        ("nearest", .array(nearest.map { .object([("member_id", .string($0.member)), ("community", .string($0.community)),
                                                                  ("minutes", .number($0.minutes))]) }))]
        case .noSlot(let slots):
            evidence = [("slots", .array(slots.map { st in
                .object([("slot", .string(verifierLabel(st.slot, cal))),
                         ("positions", .array(st.positions.map { x in
                             .object([("position", position(x.position)), ("free", .array(x.free.map { .string($0) }))])
                         }))])
            }))]
        case .noResource(let slots, let reqs):
            evidence = [("staffable_slots", .array(slots.map { .string(verifierLabel($0, cal)) })),
                        ("requirements", .array(reqs.map { r in
                            .object([("requirement", .string(r.requirement.description)),
                                     ("resources", .array(r.candidates.map { cand in
                                         .object([("resource_id", .string(cand.resource)), ("problems", .array(cand.problems.map(fit))),
                                                  ("quantity", cand.quantityLeft.map { .number($0) } ?? .null)])
                                     }))])
                        }))]
        case .outcompeted(let takers):
            evidence = [("takers", .array(takers.map { x in
                var pairs: [(String, JSON)] = []
                switch x.what {
                case .member(let m): pairs.append(("member_id", .string(m)))
                case .resource(let r): pairs.append(("resource_id", .string(r)))
                }
                pairs.append(("slot", x.slot.map { .string(verifierLabel($0, cal)) } ?? .null))
                pairs.append(("weekly_limit_used_up", .bool(x.exhausted)))
                pairs.append(("taken_by", .object([("task_kind", .string(x.by.kind.rawValue)), ("task_id", .string(x.by.id)),
                                                   ("value", .number(x.value))])))
                return .object(pairs)
            }))]
        }
        var bottleneck: JSON = .null
        if let b = c.bottleneck {
            let what: (String, JSON)
            switch b.what {
            case .position(let p): what = ("role", position(p))
            case .requirement(let q): what = ("resource", .string(q.description))
            }
            bottleneck = .object([what, ("slot", .string(verifierLabel(b.slot, cal))), ("available", .integer(b.available)),
                                  ("needed", .integer(b.needed))])
        }
        return .object([
            ("task_kind", .string(c.task.kind.rawValue)), ("task_id", .string(c.task.id)),
            ("community", .string(c.community)), ("priority", .integer(c.priority)), ("value", .number(c.value)),
            ("covered", .bool(c.code == nil)),
            ("slot", c.coveredSlot.map { .string(verifierLabel($0, cal)) } ?? .null),
            ("reason_code", c.code.map { .string($0.rawValue) } ?? .null),
            ("reason", .string(c.lines(lang, calendar: cal).dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespaces))),
            ("certificate", .object(evidence)),
            ("bottleneck", bottleneck),
        ])
    }
}

/// What `explain --bottlenecks` measures: how many changes to suggest and the time limit of each re-solve.
public struct BottleneckRequest: Sendable {
    public var suggest: Int
    public var timeLimit: Double
    public init(suggest: Int = 5, timeLimit: Double = 60) { self.suggest = suggest; self.timeLimit = timeLimit }
}

extension Planner {
    /// Checks a plan (as solve wrote it or as edited by hand) against every hard rule.
    public func verify(_ scenario: Scenario, plan read: PlanFolder) -> Verification {
        let verifier = PlanVerifier(scenario: scenario)
        let violations = verifier.violations(of: read.plan, rows: read.rows, bookkeeping: false)
        let levels = verifier.levels(of: read.plan)
        var travel: TravelFigure? = nil
        if let t = levels.first(where: { $0.level == .travel }) {
            var figure = TravelFigure(scenario: scenario, plan: read.plan)
            figure.walkedMinutes = t.value + figure.bonusMinutes
            figure.fairness = levels.first { $0.level == .fairness }?.value
            travel = figure
        }
        return Verification(violations: violations, levels: levels, calendar: scenario.settings.calendar, travel: travel)
    }

    /// The tasks a name stands for: ID, need:ID or project:ID.
    public func resolveTask(_ name: String, in s: Scenario, scenarioFolder: String) throws -> TaskRef {
        let matches: [TaskRef]
        if name.hasPrefix("need:") {
            let id = String(name.dropFirst(5)); matches = s.needs.contains { $0.id == id } ? [TaskRef(.need, id)] : []
        } else if name.hasPrefix("project:") {
            let id = String(name.dropFirst(8)); matches = s.projects.contains { $0.id == id } ? [TaskRef(.project, id)] : []
        } else {
            matches = (s.needs.contains { $0.id == name } ? [TaskRef(.need, name)] : [])
                + (s.projects.contains { $0.id == name } ? [TaskRef(.project, name)] : [])
        }
        if matches.isEmpty { throw PlannerError.unknownTask(name, scenarioFolder: scenarioFolder) }
        if matches.count > 1 { throw PlannerError.ambiguousTask(name) }
        return matches[0]
    }

    /// Why tasks are unmet (all unmet tasks when `tasks` is empty), computed from the scenario and the plan as
    /// it is now (a hand-edited plan is described as it is), independently of the model builder. With
    /// `bottlenecks`, the report and the suggestions, each measured by solving the scenario again (base
    /// included, so base and changed coverage come from equal solves).
    public func explain(_ scenario: Scenario, plan read: PlanFolder, tasks: [TaskRef] = [],
                        bottlenecks: BottleneckRequest? = nil) throws -> Explanation {
        let explainer = Explainer(scenario: scenario)
        var explanation = Explanation(certificates: explainer.certificates(for: read.plan, tasks: tasks),
                                      calendar: scenario.settings.calendar)
        guard let request = bottlenecks else { return explanation }
        let unmet: [UnmetTask] = explainer.certificates(for: read.plan, tasks: []).compactMap { c in
            c.code.map { UnmetTask(task: c.task, community: c.community, priority: c.priority, value: c.value, reason: $0, detail: "") }
        }
        let analysis = BottleneckAnalysis(solver: solver, lpTimeLimit: request.timeLimit)
        do {
            let report = try planning { try analysis.report(scenario, unmet: unmet.map(\.task)) }
            explanation.report = report
            guard request.suggest > 0 else { return explanation }
            let candidates = analysis.candidates(scenario, report: report, unmet: unmet)
            explanation.suggestions = try planning {
                try analysis.suggestions(scenario, candidates: candidates, count: request.suggest,
                                         options: MatchOptions(timeLimit: request.timeLimit))
            }
            return explanation
        } catch PlannerError.pinConflict {
            throw PlannerError.suggestionPinsCannotHold
        }
    }

    /// The bottlenecks section of summary.json (`solve --bottlenecks`). It costs LP solves on top of the plan,
    /// so it is skipped, with the reason recorded, above `Matcher.exactColumnLimit` columns, where one LP alone
    /// can take longer than a user expects of a summary.
    public func bottleneckSection(_ s: Scenario, plan: Plan, timeLimit: Double) throws -> JSON {
        let columns = MatchingModel(scenario: s).model.variables.count
        if columns > Matcher.exactColumnLimit {
            return .object([("skipped", .string("the model has \(columns) columns, more than \(Matcher.exactColumnLimit); run cmatch explain PLAN --bottlenecks"))])
        }
        let report = try planning { try BottleneckAnalysis(solver: solver, lpTimeLimit: timeLimit).report(s, unmet: plan.unmet.map(\.task)) }
        return BottleneckOutput.json(report, s.settings.calendar)
    }
}
