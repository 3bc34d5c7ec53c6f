import ArgumentParser
import CommunityMatch
import Foundation
import Planner

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
        let folder = try planner.scenarioFolder(ofPlan: plan, given: scenario)
        let s = try loadScenario(folder, quiet: quiet).scenario
        let read = try loadPlanFolder(plan, scenario: s, quiet: quiet)
        let refs = try tasks.map { try planner.resolveTask($0, in: s, scenarioFolder: folder) }
        let explanation = try planner.explain(s, plan: read, tasks: refs,
                                              bottlenecks: bottlenecks ? BottleneckRequest(suggest: suggest, timeLimit: timeLimit) : nil)
        switch format {
        case .text: for line in explanation.lines(plan: plan, lang) { print(line) }
        case .json: print(explanation.json(scenario: folder, plan: plan, lang).rendered())
        }
    }
}
