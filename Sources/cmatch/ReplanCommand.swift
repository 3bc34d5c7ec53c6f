import ArgumentParser
import CommunityMatch
import Foundation
import Planner
import Planning
import ScenarioIO

struct Replan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-plan the rest of a week after a change, keeping every assignment the change does not touch.",
        discussion: """
        Loads the plan's scenario (plan.json's scenario_folder, or --scenario), applies the changes — members \
        who drop out (--drop-member), tasks cancelled (--cancel, a need or project id, or need:ID / project:ID), \
        needs added (--add-needs, a CSV file with needs.csv's columns; a row whose id exists replaces that \
        need) — and solves again. Tasks the change does not touch keep their slot, members and resources; a \
        member above a role's minimum on such a task may move to cover a task the change left short. Among \
        such plans coverage comes first, then the fewest changes. See docs/ledger.md.

        Writes the new plan folder (as solve does) plus changes.csv — every task lost or gained (with its \
        value), every member added, removed, moved or given another role, every resource released, booked \
        or rebooked, each with its reason and whom to tell — and prints the same as a summary, with what the \
        rule costs against a plan made from scratch when it costs anything. The new plan's scenario hash differs from the old one: accept it with \
        `cmatch accept NEWPLAN --ledger FILE --replace`.

        Exit codes: 0 written, 64 bad command line, 65 an unknown member or task, a malformed needs file, or \
        pins that cannot hold against a changed scenario, 66 an input cannot be read, 70 internal error, 73 \
        the plan folder cannot be written, 75 the time limit passed with no plan.
        """)

    @Argument(help: "The plan folder to change.") var plan: String
    @Option(name: [.customShort("o"), .long], help: "The new plan folder (replaced if it exists).") var output: String
    @Option(name: .customLong("drop-member"), parsing: .upToNextOption, help: "Members who can no longer serve this week.")
    var dropMembers: [String] = []
    @Option(name: .customLong("cancel"), parsing: .upToNextOption, help: "Tasks that no longer take place (need or project ids).")
    var cancelTasks: [String] = []
    @Option(name: .customLong("add-needs"), help: "A CSV file of needs to add (needs.csv columns).") var addNeeds: String?
    @Option(help: "The scenario folder; by default the one plan.json records.") var scenario: String?
    @Option(help: "The ledger the plan was solved with (solve --ledger): the same history is applied.") var ledger: String?
    @Option(help: "Safety net: wall-clock seconds for each solve, the re-plan and the comparison with a plan from scratch (default 600). The work budget normally ends each first, so the same inputs give the same re-plan on any machine.") var timeLimit: Double = 600
    @Option(help: "Relative MIP gap at which each level may stop.") var gap: Double = 0
    @Flag(help: "Solve the changed scenario with nothing held (to compare how much a fresh plan would change).")
    var fromScratch = false
    @Flag(help: "Skip the second solve that measures what keeping the plan costs against a plan made from scratch.")
    var noComparison = false
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if dropMembers.isEmpty && cancelTasks.isEmpty && addNeeds == nil {
            throw ValidationError("say what changed: --drop-member, --cancel and/or --add-needs")
        }
        if !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if !(gap >= 0 && gap < 1) { throw ValidationError("--gap must be a fraction between 0 and 1, e.g. 0.005") }
    }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let folder = try planner.scenarioFolder(ofPlan: plan, given: scenario)
        let original = try loadScenario(folder, quiet: quiet).scenario
        let old = try loadPlanFolder(plan, scenario: original, quiet: quiet)
        var withAdded: Scenario? = nil
        if let addNeeds {
            let loaded = try planner.load(folder, addingNeeds: addNeeds)
            if !quiet { for w in loaded.warnings { printError(w.text(cliLanguage)) } }
            withAdded = loaded.scenario
        }
        var week = try planner.replanWeek(original, withAddedNeeds: withAdded,
                                          request: ReplanRequest(droppedMembers: dropMembers, cancelledTasks: cancelTasks),
                                          scenarioFolder: folder)
        let history = try ledger.map { try applyLedgerHistory(&week.changed, ledger: $0, scenarioFolder: folder, quiet: quiet) }
        var settings = ReplanSettings()
        settings.timeLimit = timeLimit
        settings.gap = gap
        settings.fromScratch = fromScratch
        settings.compareWithScratch = !noComparison
        let outcome = try planner.replan(week, old: old.plan, settings: settings)
        try planner.writeFolder(planner.replanFiles(outcome, output: output, fromPlan: plan, scenarioFolder: folder,
                                                    history: history, language: lang), to: output)
        if !quiet { print(ReplanSummary(outcome: outcome, lang: lang, output: output).text, terminator: "") }
    }
}
