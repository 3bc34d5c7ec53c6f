import ArgumentParser
import CommunityMatch
import Foundation
import GLPKSolver
import Ledger
import MIPModel
import MatchModel
import MatchSearch
import PlanIO
import PlanVerify
import Planner
import ScenarioIO

/// Exit codes of SPEC.md (sysexits.h values).
enum Exit {
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let timeLimitNoPlan: Int32 = 75
}

let cmatchVersion = Planner.version

/// The library's operations; every command calls them and renders what they return.
let planner = Planner()

extension MatchOptions.Strategy: ExpressibleByArgument {}

struct CMatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmatch",
        abstract: "Plan a community's week of volunteer service: match in-service party members and unit resources to resident needs and service projects.",
        discussion: """
        A scenario is a folder of CSV lists (communities, members, units, needs; optionally resources, \
        projects, travel, pins) and an optional scenario.yaml, or one workbook (.xlsx) with a sheet per list, \
        in a folder or given directly. See docs/input-files.md.

        Exit codes: 0 success (unmet tasks are a normal outcome), 64 bad command line, 65 bad input data \
        (every problem listed as file:line:column: message), 66 an input cannot be read, 70 internal error, \
        73 an output cannot be written, 75 the time limit passed with no plan found.
        """,
        version: cmatchVersion,
        subcommands: [Validate.self, Solve.self, Verify.self, Explain.self, Compare.self, Export.self, ScenarioGroup.self,
                      Accept.self, LedgerReport.self, Replan.self, Init.self, Serve.self, SolveWorker.self]
    )
}

/// `--lang zh|en`, shared by every command. Without it the language comes from `LC_ALL`, `LC_MESSAGES` or
/// `LANG` when one names zh or en, else Chinese (`Language.resolve`).
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: "zh (中文, the default) or en. Without it, LC_ALL, LC_MESSAGES or LANG when it names zh or en.")
    var flag: Language?

    var language: Language { Language.resolve(flag: flag, environment: ProcessInfo.processInfo.environment) }
}

extension Language: ExpressibleByArgument {}

/// The language of the running command, set once by `guarded` before the command's body runs, so that the
/// shared helpers (`readingInput`, `loadScenario`) print in it. One command runs per process.
nonisolated(unsafe) var cliLanguage: Language = .zh

/// Prints to standard error with write(2), not `FileHandle.write`, which traps when the write fails (a
/// full disk, `2>/dev/full`): a lost message must not turn into a crash.
@Sendable func printError(_ s: String) {
    let bytes = Array((s + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if n <= 0 { return }
        offset += n
    }
}

/// Runs a command body so that any error it did not foresee is reported as an internal error (exit 70),
/// while its own exit codes pass through.
func guarded(_ language: Language, _ body: () throws -> Void) throws {
    cliLanguage = language
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as PlannerError {
        for line in e.lines(cliLanguage) { printError(line) }
        throw ExitCode(e.exitCode)
    } catch {
        printError(cliLanguage(.internalError, ["detail": "\(error)"]))
        throw ExitCode(Exit.software)
    }
}

/// Loads a scenario, printing its warnings unless quiet; with `strict`, warnings are errors (exit 65).
func loadScenario(_ folder: String, quiet: Bool, strict: Bool = false) throws -> LoadedScenario {
    let loaded = try planner.load(folder, strict: strict)
    if !quiet { for w in loaded.warnings { printError(w.text(cliLanguage)) } }
    return loaded
}

/// The unknown-column warnings again, after a solve's summary: the values in those columns are not in the
/// plan, and the warnings printed before the solve have scrolled away by then.
func repeatUnknownColumns(_ loaded: LoadedScenario) {
    let ignored = Planner.unknownColumnWarnings(loaded)
    guard !ignored.isEmpty else { return }
    for w in ignored { printError(w.text(cliLanguage)) }
    printError(cliLanguage(.unknownColumnsAgain, ["count": String(ignored.count)]))
}

/// Applies the ledger's history, saying once when the ledger does not exist yet (the first week).
func applyLedgerHistory(_ s: inout Scenario, ledger: String, scenarioFolder: String, quiet: Bool) throws -> AppliedHistory {
    let history = try planner.applyHistory(&s, ledger: ledger, scenarioFolder: scenarioFolder)
    if history.ledgerWasMissing && !quiet { printError(cliLanguage(.ledgerMissing, ["ledger": ledger])) }
    return history
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a scenario and report every problem at once; writes nothing.",
        discussion: "Exit 0 when the scenario can be planned (warnings are printed), 65 when the data has errors, 66 when a file cannot be read.")

    @Argument(help: "The scenario folder, or a workbook (.xlsx).") var scenario: String
    @Flag(help: "Do not print warnings.") var quiet = false
    @Flag(help: "Treat warnings (unknown columns, skills no member holds, …) as errors: exit 65.") var strict = false
    @OptionGroup var language: LanguageOption

    func run() throws { try guarded(language.language, body) }

    func body() throws {
        let loaded = try loadScenario(scenario, quiet: quiet, strict: strict)
        let s = loaded.scenario
        print(cliLanguage(.validateOK, ["scenario": scenario, "communities": String(s.communities.count), "units": String(s.units.count),
                                        "members": String(s.members.count), "needs": String(s.needs.count), "projects": String(s.projects.count),
                                        "resources": String(s.resources.count), "pins": String(s.pins.count), "count": String(loaded.warnings.count)]))
    }
}

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the week: write the optimal plan into a folder.",
        discussion: """
        Builds the mixed-integer program of docs/model.md and solves its levels in order (coverage, then \
        pledge shortfall, then travel, unless scenario.yaml's objective says otherwise) with GLPK. The \
        folder gets assignments.csv, resources.csv, unmet.csv, units.csv, summary.json and plan.json; it \
        appears whole or not at all. The same inputs give byte-identical files (timings live only in \
        summary.json).

        Each level stops when its value is proven optimal, or when its work budget (branch-and-bound nodes, \
        windows, rounds: counts, not seconds) is spent, so the same inputs give the same plan on any machine, \
        however busy. --time-limit (600 seconds unless given) is only a safety net: when it cuts a level \
        short, the output says so, and that plan depends on the machine's speed. Every level's status is \
        printed: optimal, stopped: work budget, stopped: time limit, stopped: no progress. Small models are \
        solved whole by branch-and-cut; large ones (a street's week) by the LP relaxation, which gives the \
        bound, restricted MIPs and windows of a few communities, which give the plan (docs/model.md).

        Exit codes: 0 a plan was written (unmet tasks are normal), 64 bad command line, 65 bad input data \
        (every problem as file:line:column: message; also pins that cannot hold together), 66 an input \
        cannot be read, 70 internal error, 73 the plan folder cannot be written (nothing is left behind), \
        75 the time limit passed with no plan found (nothing is written).

        With --isolate the solve runs in a child process: a crash there (GLPK aborting on something no check \
        foresaw) exits 70 and a solve still running --grace seconds after --time-limit is stopped and exits 75, \
        in both cases with no plan written (docs/reliability.md).
        """)

    @Argument(help: "The scenario folder, or a workbook (.xlsx).") var scenario: String
    @Option(name: [.customShort("o"), .long], help: "The plan folder to write (replaced if it exists).") var output: String
    @Flag(help: "Treat warnings (unknown columns, skills no member holds, …) as errors: exit 65, nothing written.") var strict = false
    @Option(help: "Safety net: wall-clock seconds for the whole solve. The work budget normally ends the solve first; a level this limit cuts short says `stopped: time limit`, and its plan depends on the machine.")
    var timeLimit: Double = 600
    @Option(help: "Relative MIP gap at which each level may stop, e.g. 0.005 for 0.5 %.") var gap: Double = 0
    @Option(help: "The work budget as a multiple of the standard one (branch-and-bound nodes, windows, rounds): 2 works twice as hard for a better plan, 0.5 half as hard. Counts, not seconds: the plan is still the same on every machine.")
    var work: Double = 1
    @Option(help: "Also write the first level's model for another solver: CPLEX LP (.lp) or free MPS (.mps).")
    var writeModel: String?
    @Option(help: ArgumentHelp("Also write every objective level's model into this folder (1-coverage.lp, 2-pledges.lp, …: the same rows, each level's objective), for an independent lexicographic solve (tools/exactness.py).", valueName: "dir"))
    var writeLevels: String?
    @Option(help: "optimal (the MIP, default) or greedy (manual dispatch: most valuable task first, nearest free qualified member; a baseline).")
    var strategy: MatchOptions.Strategy = .optimal
    @Option(help: "Worker threads for the week's independent parts (default: the machine's cores). The plan does not depend on it unless --time-limit cuts a part short.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Solve the week as one model instead of independent parts (to measure what splitting gains).")
    var whole = false
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Flag(help: "Print each phase and what the solver reported for each level on standard error.") var verbose = false
    @Flag(help: "Run the solve in a child process, so that a crash in the solver exits 70 and a solve that overruns --time-limit by --grace seconds is stopped (exit 75), never leaving a partial plan.")
    var isolate = false
    @Option(help: "With --isolate: seconds the child may run past --time-limit (reading the scenario, writing the plan) before it is stopped.")
    var grace: Double = 30
    @Flag(help: "Add a bottlenecks section to summary.json (LP duals of the coverage relaxation, checked by LP re-solves; skipped above 8,000 columns). Suggestions: cmatch explain PLAN --bottlenecks.")
    var bottlenecks = false
    @Option(help: "The ledger of accepted weeks (cmatch accept): recurring needs prefer last week's member, and members' hours over the four weeks before enter a fairness level before travel. See docs/ledger.md.")
    var ledger: String?

    func validate() throws {
        if !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if !(work > 0 && work <= 100) { throw ValidationError("--work must be a number above 0 and at most 100, e.g. 0.5 or 2") }
        if !(gap >= 0 && gap < 1) { throw ValidationError("--gap must be a fraction between 0 and 1, e.g. 0.005") }
        if !(1...64).contains(threads) { throw ValidationError("--threads must be between 1 and 64") }
        if !(grace >= 0 && grace.isFinite) { throw ValidationError("--grace must be a number of seconds ≥ 0") }
        if let w = writeModel, ModelFileFormat(path: w) == nil {
            throw ValidationError("--write-model needs a file ending in .lp or .mps")
        }
    }

    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        if isolate { return try IsolatedSolve.run(self) }
        let loaded = try loadScenario(scenario, quiet: quiet, strict: strict)
        var s = loaded.scenario
        let history = try ledger.map { try applyLedgerHistory(&s, ledger: $0, scenarioFolder: scenario, quiet: quiet) }
        if let path = writeModel { try planner.writeModel(s, to: path) }
        if let folder = writeLevels { try planner.writeLevelModels(s, to: folder) }
        // --verbose: every phase on its own line; on a terminal: one line rewritten in place once the solve
        // has run a couple of seconds; otherwise (a pipe, a log, --quiet) nothing.
        let line = ProgressLine(mode: quiet ? .silent : verbose ? .lines : isatty(STDERR_FILENO) == 1 ? .inPlace : .silent)
        var settings = Planner.SolveSettings()
        settings.timeLimit = timeLimit
        settings.gap = gap
        settings.work = work
        settings.strategy = strategy
        settings.threads = threads
        settings.decompose = !whole
        if line.mode != .silent { settings.progress = { phase in line.show(phase) } }
        SolveWorker.faultBeforeSolving()
        let plan: Plan
        do {
            defer { line.finish() }
            plan = try planner.solve(s, settings: settings)
        }
        var writer = planner.planWriter(s, plan: plan, output: output, scenarioFolder: scenario, history: history)
        if bottlenecks { writer.summaryExtras.append(("bottlenecks", try planner.bottleneckSection(s, plan: plan, timeLimit: timeLimit))) }
        try planner.write(writer, to: output)
        if !quiet {
            for line in SolveReport.lines(lang, output: output, scenario: s, plan: plan) { print(line) }
            if let history { print(history.line(lang)) }
            repeatUnknownColumns(loaded)
        }
    }
}

CMatch.main()
