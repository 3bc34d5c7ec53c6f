import ArgumentParser
import CommunityMatch
import Foundation
import GLPKSolver
import Ledger
import MIPModel
import PlanIO
import PlanVerify
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
        let folder = try scenarioFolder(ofPlan: plan, given: scenario)
        let original = try loadScenario(folder, quiet: quiet).scenario
        let old = try loadPlanFolder(plan, scenario: original, quiet: quiet)
        var withAdded: Scenario? = nil
        if let addNeeds {
            let loaded = try readingInput(summary: .problemsFoundNothingWritten) { try ScenarioLoader.load(folder: folder, addingNeeds: addNeeds) }
            if !quiet { for w in loaded.warnings { printError(w.text(cliLanguage)) } }
            withAdded = loaded.scenario
        }
        var week: ReplanWeek
        do {
            week = try ReplanWeek(original: original, withAddedNeeds: withAdded,
                                  request: ReplanRequest(droppedMembers: dropMembers, cancelledTasks: cancelTasks))
        } catch ReplanError.unknownIDs(let ids) {
            for id in ids {
                switch id {
                case .member(let m): printError(lang(.replanDropUnknown, ["member": m, "folder": folder]))
                case .task(let t): printError(lang(.replanCancelUnknown, ["task": t, "folder": folder]))
                case .ambiguousTask(let t): printError(lang(.replanCancelAmbiguous, ["task": t]))
                }
            }
            printError(lang(.problemsFoundNothingWritten, ["count": String(ids.count)]))
            throw ExitCode(Exit.dataError)
        }
        var history: HistoryApplied? = nil
        if let ledger { history = try applyLedgerHistory(&week.changed, ledger: ledger, scenarioFolder: folder, quiet: quiet) }

        let solver = GLPKSolver()
        let replanner = Replanner(solver: solver, timeLimit: timeLimit, relativeGap: gap, compareWithScratch: !noComparison)
        let outcome: ReplanOutcome
        do {
            outcome = try replanner.replan(week, old: old.plan, fromScratch: fromScratch)
        } catch let e as ReplanError {
            switch e {
            case .pinsCannotHold(let c):
                for p in c.pins { printError("\(p.location): pin \(p.task.id) ← \(p.member): \(c.message)") }
                printError("cmatch: the kept assignments cannot all hold in the changed scenario; nothing was written. Did the scenario change since the plan was solved?")
                throw ExitCode(Exit.dataError)
            case .timeLimitNoPlan:
                printError("cmatch: the time limit passed before any plan was found; nothing was written. Give --time-limit more seconds.")
                throw ExitCode(Exit.timeLimitNoPlan)
            case .brokenRules(let v):
                printError("cmatch: internal error: the re-plan breaks \(v.count) rule(s): " +
                           v.prefix(3).map { $0.sentence(.en, calendar: week.changed.settings.calendar) }.joined(separator: "; "))
                throw ExitCode(Exit.software)
            case .unknownIDs: throw ExitCode(Exit.software)
            }
        } catch let e as SolverFailure {
            printError("cmatch: internal error: \(e.message)")
            throw ExitCode(Exit.software)
        }

        let cal = week.changed.settings.calendar
        let changes = outcome.changes
        var writer = PlanWriter(scenario: week.changed, plan: outcome.plan,
                                versions: ToolVersions(cmatch: cmatchVersion, solver: "\(solver.name) \(solver.version)"),
                                scenarioHash: ScenarioHash.hex(week.changed))
        writer.scenarioFolder = PlanWriter.relativePath(from: output, to: folder)
        if let history, let ledger { writer.summaryExtras.append(("history", historyJSON(history, ledger: ledger))) }
        var section: [(String, JSON)] = [
            ("from_plan", .string(PlanWriter.relativePath(from: output, to: self.plan))),
            ("dropped_members", .array(week.dropped.sorted().map { .string($0) })),
            ("cancelled_tasks", .array(week.cancelled.sorted().map { .string($0.description) })),
            ("added_needs", .array(week.added.sorted().map { .string($0.id) })),
            ("replaced_needs", .array(week.replaced.sorted().map { .string($0.id) })),
            ("touched_tasks", .array(outcome.touched.sorted().map { .string($0.description) })),
            ("from_scratch", .bool(fromScratch)),
            ("lost", .array(changes.lost.map { .object([("task", .string($0.task.description)), ("value", .number($0.value ?? 0))]) })),
            ("gained", .array(changes.gained.map { .object([("task", .string($0.task.description)), ("value", .number($0.value ?? 0))]) })),
            ("changes", changes.countsJSON()),
        ]
        if let s = outcome.scratch {
            section.append(("from_scratch_coverage", .object([("value", .number(s.value)), ("bound", .number(s.bound)),
                                                              ("optimal", .bool(s.optimal)), ("rule_cost", .number(outcome.ruleCost))])))
        }
        writer.summaryExtras.append(("replan", .object(section)))
        do {
            try AtomicFolder.write(writer.files() + [("changes.csv", Data(changes.csv(cal, lang: lang).utf8))], to: output)
        } catch let e as OutputError {
            printError(e.text(cliLanguage))
            throw ExitCode(Exit.cannotCreate)
        }
        if !quiet { print(ReplanSummary(outcome: outcome, lang: lang, output: output).text, terminator: "") }
    }
}
