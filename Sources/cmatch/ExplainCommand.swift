import ArgumentParser
import CommunityMatch
import Foundation
import GLPKSolver
import MIPModel
import MatchSearch
import PlanIO
import PlanVerify
import ScenarioIO

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say why tasks are unmet, with the evidence, and which role or resource is the bottleneck.",
        discussion: """
        For each unmet task (or each TASK named), the first cause that holds, in SPEC's order, with its \
        certificate: no_skill (how many members hold the skill), no_one_in_reach (the nearest skilled members \
        and their minutes against the limit), no_slot (each accepted slot and who is free then), no_resource \
        (the requirement, the resources of that kind and why each does not fit), outcompeted (the tasks, and \
        their values, that took each eligible member or resource). For a project it also names the role or \
        resource that is the bottleneck. Computed from the scenario and the plan's CSV files, independently of \
        the model builder. See docs/verify-and-explain.md.

        The scenario is the folder plan.json records (solve writes it), unless --scenario is given.

        --bottlenecks adds the bottleneck report: the marginal coverage value of one more member by skill × \
        community × slot and of one more resource by kind × community (LP duals of the coverage relaxation, \
        checked by re-solving the LP with one more unit; marginal, for one unit), and the --suggest N changes \
        (recruit, lend, widen a service circle) that add the most coverage value, each measured by solving the \
        scenario again with the change (each solve limited by --time-limit). See docs/verify-and-explain.md.

        Exit codes: 0 success, 64 bad command line (also a TASK the scenario does not have), 65 a scenario or \
        plan file is malformed, 66 an input cannot be read (also: no scenario recorded and no --scenario), 70 \
        internal error.
        """)

    @Argument(help: "The plan folder.") var plan: String
    @Argument(help: "Tasks to explain, as ID, need:ID or project:ID; all unmet tasks when none.") var tasks: [String] = []
    @Option(help: "The scenario folder; default: the one recorded in the plan's plan.json.") var scenario: String?
    @Option(help: "text (for people) or json (for programs).") var format: ReportFormat = .text
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }
    @Flag(help: "Do not print warnings.") var quiet = false
    @Flag(help: "Add the bottleneck report and the best changes, each measured by solving again.") var bottlenecks = false
    @Option(help: "With --bottlenecks: how many measured changes to list (0: none, report only).") var suggest: Int = 5
    @Option(name: .customLong("time-limit"), help: "With --bottlenecks: wall-clock seconds for each re-solve (default 60).")
    var timeLimit: Double = 60

    func validate() throws {
        if suggest < 0 { throw ValidationError("--suggest must be 0 or more") }
        if !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let folder = try scenarioFolder(ofPlan: plan, given: scenario)
        let s = try loadScenario(folder, quiet: quiet).scenario
        let read = try loadPlanFolder(plan, scenario: s, quiet: quiet)
        let explainer = Explainer(scenario: s)
        var refs: [TaskRef] = []
        for name in tasks {
            let matches = resolve(name, in: s)
            if matches.count != 1 {
                printError(matches.isEmpty ? lang(.explainNoTask, ["task": name, "folder": folder])
                           : lang(.explainAmbiguous, ["task": name]))
                throw ExitCode(ExitCode.validationFailure.rawValue)
            }
            refs.append(matches[0])
        }
        let certificates = explainer.certificates(for: read.plan, tasks: refs)
        let cal = s.settings.calendar
        let analysis = bottlenecks ? try analyse(s, plan: read.plan, explainer: explainer) : nil
        switch format {
        case .text:
            if certificates.isEmpty { print(lang.pick("\(plan)：没有未满足的任务", "\(plan): no task is unmet")) }
            for c in certificates { for line in c.lines(lang, calendar: cal) { print(line) } }
            if !certificates.isEmpty { print(lang(.explainValueLegend)) }
            if let analysis {
                print("")
                for line in BottleneckOutput.lines(analysis.report, lang, cal) { print(line) }
                if let sug = analysis.suggestions {
                    for line in BottleneckOutput.lines(sug, lang, cal) { print(line) }
                }
            }
        case .json:
            var pairs: [(String, JSON)] = [
                ("scenario", .string(folder)),
                ("plan", .string(plan)),
                ("tasks", .array(certificates.map { json($0, cal) })),
            ]
            if let analysis {
                pairs.append(("bottlenecks", BottleneckOutput.json(analysis.report, cal)))
                pairs.append(("suggestions", analysis.suggestions.map { BottleneckOutput.json($0, cal) } ?? .null))
            }
            print(JSON.object(pairs).rendered())
        }
    }

    /// The report is computed from the scenario and the plan's unmet tasks (as `explain` sees them now, so a
    /// hand-edited plan is described as it is); the suggestions solve the scenario again, base included, so
    /// base and changed coverage come from equal solves.
    func analyse(_ s: Scenario, plan p: Plan, explainer: Explainer) throws -> (report: BottleneckReport, suggestions: SuggestionResult?) {
        let unmet: [UnmetTask] = explainer.certificates(for: p, tasks: []).compactMap { c in
            c.code.map { UnmetTask(task: c.task, community: c.community, priority: c.priority, value: c.value, reason: $0, detail: "") }
        }
        let solver = GLPKSolver()
        let analysis = BottleneckAnalysis(solver: solver, lpTimeLimit: timeLimit)
        do {
            let report = try analysis.report(s, unmet: unmet.map(\.task))
            guard suggest > 0 else { return (report, nil) }
            let candidates = analysis.candidates(s, report: report, unmet: unmet)
            let result = try analysis.suggestions(s, candidates: candidates, count: suggest,
                                                  options: MatchOptions(timeLimit: timeLimit))
            return (report, result)
        } catch let e as SolverFailure {
            printError("cmatch: internal error: \(e.message)")
            throw ExitCode(Exit.software)
        } catch is PinConflict {
            printError(lang(.explainPinsCannotHold))
            throw ExitCode(Exit.dataError)
        }
    }

    func resolve(_ name: String, in s: Scenario) -> [TaskRef] {
        if name.hasPrefix("need:") { let id = String(name.dropFirst(5)); return s.needs.contains { $0.id == id } ? [TaskRef(.need, id)] : [] }
        if name.hasPrefix("project:") { let id = String(name.dropFirst(8)); return s.projects.contains { $0.id == id } ? [TaskRef(.project, id)] : [] }
        return (s.needs.contains { $0.id == name } ? [TaskRef(.need, name)] : [])
            + (s.projects.contains { $0.id == name } ? [TaskRef(.project, name)] : [])
    }

    func json(_ c: ReasonCertificate, _ cal: SlotCalendar) -> JSON {
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
