import ArgumentParser
import CommunityMatch
import Foundation
import PlanIO
import PlanVerify
import Planner
import ScenarioIO

/// `--format` of `verify` and `explain`: text for people, JSON for programs.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}


/// Reads a plan folder's CSV files against a scenario, printing its warnings unless quiet.
func loadPlanFolder(_ folder: String, scenario: Scenario, quiet: Bool = false) throws -> PlanFolder {
    let read = try planner.readPlanFolder(folder, scenario: scenario)
    if !quiet { for w in read.warnings { printError(w.text(cliLanguage)) } }
    return read
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan folder, possibly edited by hand, against every hard rule; list each violation.",
        discussion: """
        Reads the plan's assignments.csv and resources.csv (as solve wrote them, or as saved back from Excel or \
        WPS: UTF-8 with or without BOM, GB18030, CRLF, columns in any order, Chinese headers) and checks them \
        against hard rules 1-7 of the model (docs/model.md) with code that shares nothing with the model \
        builder. Each violation names its rule, the rows involved (file:line) and the ids, in a plain sentence. \
        Then prints each objective level recomputed from the assignments alone. See docs/verify-and-explain.md.

        Exit codes: 0 the plan holds every hard rule, 1 it breaks at least one, 64 bad command line, 65 a \
        scenario or plan file is malformed (every problem as file:line:column: message), 66 an input cannot be \
        read, 70 internal error.
        """)

    @Argument(help: "The scenario folder the plan is for.") var scenario: String
    @Argument(help: "The plan folder (assignments.csv, resources.csv).") var plan: String
    @Option(help: "text (for people) or json (for programs).") var format: ReportFormat = .text
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }
    @Flag(help: "Do not print warnings.") var quiet = false
    @Option(help: "The ledger the plan was solved with (solve --ledger): the levels are then recomputed with its history, fairness included.")
    var ledger: String?

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let loaded = try loadScenario(scenario, quiet: quiet)
        var s = loaded.scenario
        if let ledger { _ = try applyLedgerHistory(&s, ledger: ledger, scenarioFolder: scenario, quiet: quiet) }
        let read = try loadPlanFolder(plan, scenario: s, quiet: quiet)
        let verification = planner.verify(s, plan: read)
        switch format {
        case .json: print(verification.json(scenario: scenario, plan: plan, lang).rendered())
        case .text: for line in verification.lines(plan: plan, lang) { print(line) }
        }
        if !verification.holds { throw ExitCode(1) }
    }
}
