import ArgumentParser
import CommunityMatch
import Foundation
import PlanIO
import PlanVerify
import ScenarioIO

/// `--format` of `verify` and `explain`: text for people, JSON for programs.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}


/// Reads a plan folder's CSV files against a scenario, printing its warnings unless quiet.
func loadPlanFolder(_ folder: String, scenario: Scenario, quiet: Bool = false) throws -> PlanFolder {
    let read = try readingInput(summary: .problemsFoundInPlan) {
        try PlanFolderReader.read(folder: folder, scenario: scenario)
    }
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
        let verifier = PlanVerifier(scenario: s)
        let violations = verifier.violations(of: read.plan, rows: read.rows, bookkeeping: false)
        let levels = verifier.levels(of: read.plan)
        let cal = s.settings.calendar
        switch format {
        case .json:
            let doc = JSON.object([
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
                        ("message", .string(v.sentence(lang, calendar: cal))),
                    ])
                })),
                ("levels", .array(levels.map { .object([("level", .string($0.level.rawValue)), ("value", .number($0.value))]) })),
            ])
            print(doc.rendered())
        case .text:
            if violations.isEmpty {
                print(lang.pick("\(plan)：符合全部硬性规则（规则 1–7）", "\(plan): holds every hard rule (rules 1-7)"))
            } else {
                print(lang.pick("\(plan)：违反硬性规则 \(violations.count) 处", "\(plan): \(violations.count) violation\(violations.count == 1 ? "" : "s") of the hard rules"))
                for v in violations {
                    let rule = v.rule == 0 ? lang.pick("引用", "reference") : lang.pick("规则 \(v.rule)", "rule \(v.rule)")
                    let rows = v.rows.isEmpty ? "" : " " + v.rows.map(\.description).joined(separator: ", ")
                    print("[\(rule)]\(rows): \(v.sentence(lang, calendar: cal))")
                }
            }
            print(lang.pick("由分配重新计算的目标值：", "Objective levels recomputed from the assignments:"))
            for l in levels { print("  \(lang.levelName(l.level))\(lang.pick("：", ": "))\(formatNumber(l.value, decimals: 2))") }
            // The travel level with its parts, as solve prints it (docs/glossary.md); the minutes are the
            // verifier's, recomputed from the scenario, not the plan's travel_minutes column.
            if let travel = levels.first(where: { $0.level == .travel }) {
                var figure = TravelFigure(scenario: s, plan: read.plan)
                figure.walkedMinutes = travel.value + figure.bonusMinutes
                figure.fairness = levels.first { $0.level == .fairness }?.value
                print("  " + figure.text(lang))
            }
        }
        if !violations.isEmpty { throw ExitCode(1) }
    }
}
