import ArgumentParser
import CommunityMatch
import Foundation
import GLPKSolver
import Ledger
import MatchModel
import PlanIO
import PlanVerify
import ScenarioIO

/// Exit codes of SPEC.md (sysexits.h values).
enum Exit {
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let timeLimitNoPlan: Int32 = 75
}

let cmatchVersion = "0.1.0"

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
    } catch {
        printError(cliLanguage(.internalError, ["detail": "\(error)"]))
        throw ExitCode(Exit.software)
    }
}

/// Runs a read of input files, printing every problem it reports and mapping it to its exit code: 65 for
/// bad data (with `trailer` after the list), 66 for a file that cannot be read.
func readingInput<T>(summary: MessageKey, _ read: () throws -> T) throws -> T {
    do {
        return try read()
    } catch let e as InputError {
        for d in e.diagnostics { printError(d.text(cliLanguage)) }
        let n = e.diagnostics.filter { $0.severity == .error }.count
        printError(cliLanguage(summary, ["count": String(n)]))
        throw ExitCode(Exit.dataError)
    } catch let e as UnreadableInput {
        printError(e.text(cliLanguage))
        throw ExitCode(Exit.noInput)
    }
}

/// The scenario a plan was solved from: `--scenario` when given, else the folder plan.json records (relative
/// to the plan folder). Exit 66 with the reason when neither is there.
func scenarioFolder(ofPlan plan: String, given: String?) throws -> String {
    if let given { return given }
    if let recorded = PlanFolderReader.recordedScenarioFolder(planFolder: plan) { return recorded }
    var isDir: ObjCBool = false
    if !FileManager.default.fileExists(atPath: plan, isDirectory: &isDir) {
        printError(cliLanguage(.cannotBeRead, ["path": plan, "reason": cliLanguage(.noSuchPlanFolder)]))
    } else {
        printError(cliLanguage(.cannotBeRead, ["path": isDir.boolValue ? plan + "/plan.json" : plan, "reason": cliLanguage(.noScenarioRecorded)]))
    }
    throw ExitCode(Exit.noInput)
}

/// Loads a scenario, printing its warnings unless quiet. With `strict`, warnings are errors: each is printed
/// as one and the run exits 65, for scripted weeks where an ignored column or an unknown skill must stop the
/// plan rather than scroll past.
func loadScenario(_ folder: String, quiet: Bool, strict: Bool = false) throws -> LoadedScenario {
    let loaded = try readingInput(summary: .problemsFoundNothingWritten) { try ScenarioLoader.load(folder: folder) }
    if strict && !loaded.warnings.isEmpty {
        for w in loaded.warnings { printError("\(w.location): \(w.text.text(cliLanguage))") }
        printError(cliLanguage(.strictWarnings, ["count": String(loaded.warnings.count)]))
        throw ExitCode(Exit.dataError)
    }
    if !quiet { for w in loaded.warnings { printError(w.text(cliLanguage)) } }
    return loaded
}

/// The unknown-column warnings again, after a solve's summary: the values in those columns are not in the
/// plan (issue 17: a weekly cap under an unknown header gave everyone the default), and the warnings printed
/// before the solve have scrolled away by then.
func repeatUnknownColumns(_ loaded: LoadedScenario) {
    let ignored = loaded.warnings.filter { [.unknownColumnIgnored, .unknownColumnGuess].contains($0.text.key) }
    guard !ignored.isEmpty else { return }
    for w in ignored { printError(w.text(cliLanguage)) }
    printError(cliLanguage(.unknownColumnsAgain, ["count": String(ignored.count)]))
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
        if let path = writeModel {
            let model = Matcher.firstLevelModel(s)
            do {
                let text = try ModelWriter.text(model, format: ModelFileFormat(path: path)!)
                try AtomicFolder.writeFile(Data(text.utf8), to: path)
            } catch let e as OutputError {
                printError(e.text(cliLanguage)); throw ExitCode(Exit.cannotCreate)
            }
        }
        if let folder = writeLevels {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for (k, level) in Matcher.levelModels(s).enumerated() {
                    let text = try ModelWriter.text(level.model, format: .lp)
                    try AtomicFolder.writeFile(Data(text.utf8), to: folder + "/\(k + 1)-\(level.level.rawValue).lp")
                }
            } catch let e as OutputError {
                printError(e.text(cliLanguage)); throw ExitCode(Exit.cannotCreate)
            } catch let e as CocoaError {
                printError(cliLanguage(.cannotBeWritten, ["path": folder, "reason": e.localizedDescription]))
                throw ExitCode(Exit.cannotCreate)
            }
        }
        let solver = GLPKSolver()
        let matcher = Matcher(solver: solver)
        let plan: Plan
        do {
            // --verbose: every phase on its own line; on a terminal: one line rewritten in place once the solve
            // has run a couple of seconds; otherwise (a pipe, a log, --quiet) nothing.
            let line = ProgressLine(mode: quiet ? .silent : verbose ? .lines : isatty(STDERR_FILENO) == 1 ? .inPlace : .silent)
            var progress: (@Sendable (String) -> Void)? = nil
            if line.mode != .silent { progress = { phase in line.show(phase) } }
            let options = MatchOptions(timeLimit: timeLimit, relativeGap: gap, strategy: strategy, threads: threads,
                                       decompose: !whole, budget: .scaled(work), progress: progress)
            defer { line.finish() }
            SolveWorker.faultBeforeSolving()
            plan = try matcher.solve(s, options: options)
        } catch let e as PinConflict {
            for p in e.pins { printError(lang(.pinConflict, ["place": "\(p.location)", "task": p.task.id, "member": p.member, "problem": e.text(lang)])) }
            throw ExitCode(Exit.dataError)
        } catch let e as SolverFailure {
            printError("cmatch: internal error: \(e.message)")
            throw ExitCode(Exit.software)
        }
        if plan.status == .timeLimitNoPlan {
            printError(lang(.solveNoPlan))
            throw ExitCode(Exit.timeLimitNoPlan)
        }
        var writer = PlanWriter(scenario: s, plan: plan, versions: ToolVersions(cmatch: cmatchVersion, solver: "\(solver.name) \(solver.version)"),
                                scenarioHash: ScenarioHash.hex(s))
        writer.scenarioFolder = PlanWriter.relativePath(from: output, to: scenario)
        if let history, let ledger { writer.summaryExtras.append(("history", historyJSON(history, ledger: ledger))) }
        if bottlenecks { writer.summaryExtras.append(("bottlenecks", try bottleneckSection(s, plan: plan, solver: solver))) }
        do { try writer.write(to: output) } catch let e as OutputError {
            printError(e.text(cliLanguage))
            throw ExitCode(Exit.cannotCreate)
        }
        if !quiet {
            for line in SolveReport.lines(lang, output: output, scenario: s, plan: plan) { print(line) }
            if let history { print(historyLine(history, lang)) }
            repeatUnknownColumns(loaded)
        }
    }
}

extension Solve {
    /// Behind a flag because it costs LP solves (one for the duals, and up to 24 one-unit re-solves) on top
    /// of the plan; skipped, with the reason recorded, above `Matcher.exactColumnLimit` columns, where one LP
    /// alone can take longer than a user expects of a summary. The suggestions (a MIP solve per candidate)
    /// are left to `cmatch explain PLAN --bottlenecks`.
    func bottleneckSection(_ s: Scenario, plan: Plan, solver: GLPKSolver) throws -> JSON {
        let columns = MatchingModel(scenario: s).model.variables.count
        if columns > Matcher.exactColumnLimit {
            return .object([("skipped", .string("the model has \(columns) columns, more than \(Matcher.exactColumnLimit); run cmatch explain PLAN --bottlenecks"))])
        }
        do {
            let report = try BottleneckAnalysis(solver: solver, lpTimeLimit: timeLimit).report(s, unmet: plan.unmet.map(\.task))
            return BottleneckOutput.json(report, s.settings.calendar)
        } catch let e as SolverFailure {
            printError("cmatch: internal error: \(e.message)")
            throw ExitCode(Exit.software)
        }
    }
}

CMatch.main()
