import CommunityMatch
import Foundation
import GLPKSolver
import Ledger
import MIPModel
import MatchModel
import MatchSearch
import PlanIO
import PlanVerify
import ScenarioIO

/// The one way to run the product's operations on a week: load and check it, solve it with the solver
/// configuration the product ships, write the plan, verify, explain, find bottlenecks, re-plan, compare,
/// export and accept. Every operation returns a typed outcome or throws a `PlannerError`; nothing here
/// prints, so the command line and the web console render the same outcome and can never disagree.
///
/// The steps are separate calls (load, then solve, then write) because both shells show what happens
/// between them: the warnings of the lists before the solve, the progress during it.
public struct Planner: Sendable {
    /// The version written into every plan (plan.json's `versions.cmatch`).
    public static let version = "0.1.0"

    public init() {}

    /// The solver the product ships: GLPK with its shipped tuning (MIP presolve off, GLPK's cuts on). The
    /// tests use this same configuration.
    public var solver: GLPKSolver { GLPKSolver() }

    /// The versions a plan records.
    public var versions: ToolVersions {
        let s = solver
        return ToolVersions(cmatch: Self.version, solver: "\(s.name) \(s.version)")
    }

    // MARK: Loading

    /// Reads a scenario folder or workbook. With `strict`, warnings are errors: a scripted week where an ignored
    /// column or an unknown skill must stop the plan rather than scroll past.
    public func load(_ path: String, strict: Bool = false) throws -> LoadedScenario {
        let loaded = try planning { try ScenarioLoader.load(folder: path) }
        if strict && !loaded.warnings.isEmpty { throw PlannerError.strictWarnings(loaded.warnings) }
        return loaded
    }

    /// Reads a scenario with the needs of a CSV file added (a row whose id exists replaces that need).
    public func load(_ path: String, addingNeeds needsFile: String) throws -> LoadedScenario {
        try planning { try ScenarioLoader.load(folder: path, addingNeeds: needsFile) }
    }

    /// The unknown-column warnings of a load: the values in those columns are not in the plan, so the shells
    /// repeat them after a solve's summary.
    public static func unknownColumnWarnings(_ loaded: LoadedScenario) -> [Diagnostic] {
        loaded.warnings.filter { [.unknownColumnIgnored, .unknownColumnGuess].contains($0.text.key) }
    }

    /// The scenario a plan was solved from: `given` when there is one, else the folder plan.json records
    /// (relative to the plan folder).
    public func scenarioFolder(ofPlan plan: String, given: String?) throws -> String {
        if let given { return given }
        if let recorded = PlanFolderReader.recordedScenarioFolder(planFolder: plan) { return recorded }
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: plan, isDirectory: &isDir)
        throw PlannerError.noScenarioRecorded(plan: plan, planExists: exists, isFolder: isDir.boolValue)
    }

    /// Reads a plan folder's CSV files (as solve wrote them, or as saved back from Excel) against a scenario.
    public func readPlanFolder(_ folder: String, scenario: Scenario) throws -> PlanFolder {
        try planning(input: .problemsFoundInPlan) { try PlanFolderReader.read(folder: folder, scenario: scenario) }
    }

    /// Reads plan.json from a plan folder or the file itself.
    public func readPlanDocument(_ path: String) throws -> PlanDocument {
        try planning { try PlanDocumentReader.read(path: path) }
    }

    // MARK: Solving

    /// How to solve: the defaults are the product's (the standard work budget, a 600 s safety net).
    public struct SolveSettings: Sendable {
        public var timeLimit: Double = 600
        public var gap: Double = 0
        /// The work budget as a multiple of the standard one.
        public var work: Double = 1
        public var strategy: MatchOptions.Strategy = .optimal
        public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
        /// Solve the week's independent parts apart (the default) or as one model.
        public var decompose = true
        /// Called with each phase's description while the solve runs.
        public var progress: (@Sendable (String) -> Void)? = nil
        public init() {}
    }

    /// Solves a week. A plan with unmet tasks is a normal outcome; no plan at all within the time limit throws
    /// `.timeLimitNoPlan`.
    public func solve(_ scenario: Scenario, settings: SolveSettings = SolveSettings()) throws -> Plan {
        let options = MatchOptions(timeLimit: settings.timeLimit, relativeGap: settings.gap, strategy: settings.strategy,
                                   threads: settings.threads, decompose: settings.decompose, budget: .scaled(settings.work),
                                   progress: settings.progress)
        let plan = try planning { try Matcher(solver: solver).solve(scenario, options: options) }
        if plan.status == .timeLimitNoPlan { throw PlannerError.timeLimitNoPlan }
        return plan
    }

    /// The plan folder's writer, with what summary.json records beside the plan: where the scenario is (relative
    /// to the plan folder, so the pair can move together), and the ledger's history when one was applied.
    public func planWriter(_ scenario: Scenario, plan: Plan, output: String, scenarioFolder: String,
                           history: AppliedHistory? = nil) -> PlanWriter {
        var writer = PlanWriter(scenario: scenario, plan: plan, versions: versions, scenarioHash: ScenarioHash.hex(scenario))
        writer.scenarioFolder = PlanWriter.relativePath(from: output, to: scenarioFolder)
        if let history { writer.summaryExtras.append(("history", history.json)) }
        return writer
    }

    /// Writes the plan folder whole or not at all.
    public func write(_ writer: PlanWriter, to output: String) throws {
        try writeFolder(writer.files(), to: output)
    }

    /// Writes files as one folder, whole or not at all.
    public func writeFolder(_ files: [(name: String, data: Data)], to output: String) throws {
        try planning { try AtomicFolder.write(files, to: output) }
    }

    /// Writes the first level's model for another solver (CPLEX LP or free MPS, by the file's ending).
    public func writeModel(_ scenario: Scenario, to path: String) throws {
        guard let format = ModelFileFormat(path: path) else {
            throw PlannerError.cannotWrite(OutputError(path: path, reason: "the file must end in .lp or .mps"))
        }
        try planning {
            let text = try ModelWriter.text(Matcher.firstLevelModel(scenario), format: format)
            try AtomicFolder.writeFile(Data(text.utf8), to: path)
        }
    }

    /// Writes every objective level's model into a folder (1-coverage.lp, 2-pledges.lp, …) for an independent
    /// lexicographic solve.
    public func writeLevelModels(_ scenario: Scenario, to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PlannerError.cannotWrite(OutputError(path: folder, reason: (error as NSError).localizedDescription))
        }
        try planning {
            for (k, level) in Matcher.levelModels(scenario).enumerated() {
                let text = try ModelWriter.text(level.model, format: .lp)
                try AtomicFolder.writeFile(Data(text.utf8), to: folder + "/\(k + 1)-\(level.level.rawValue).lp")
            }
        }
    }

    // MARK: Comparing

    /// The KPIs of two or more plans side by side, each against the first.
    public func compare(_ paths: [String], language: Language) throws -> PlanComparison {
        let documents = try paths.map { try readPlanDocument($0) }
        let labels = PlanComparison.labels(for: paths)
        return PlanComparison(documents.enumerated().map { (labels[$0.offset], $0.element) }, language: language)
    }
}
