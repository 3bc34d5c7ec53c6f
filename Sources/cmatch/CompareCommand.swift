import ArgumentParser
import CommunityMatch
import Foundation
import PlanIO
import Planner

struct Compare: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, md
    }

    static let configuration = CommandConfiguration(
        abstract: "Put the KPIs of two or more plans side by side, with each one's difference from the first.",
        discussion: """
        Reads each plan's plan.json (give the plan folder or the file) and prints, for every plan: the value \
        covered, tasks covered overall, by priority and by community (covered/total), unmet tasks by reason, \
        members serving, hours per serving member (max, mean, and the Gini coefficient: 0 when everyone \
        serves the same hours, towards 1 when a few carry the load), pledge shortfall in total and for each \
        unit short in any plan, total travel minutes walked and the travel objective (walked less the continuity \
        bonus) and the number of assignments. Each plan after the first gets a Δ column: its value minus the \
        first plan's.

        Above the table each plan's status word (optimal, proven; or stopped before proving it) and largest gap, \
        and each level not proved optimal with its value, bound and gap. A difference on a KPI that is an \
        objective level's value (value covered, pledge shortfall, travel objective) that is no larger than the \
        two plans' gaps on that level together is marked * as not significant. Plans of different weeks, \
        different scenarios (scenario_hash) or without a recorded hash are named under the table.

        For plans of the same week it also counts the assignment churn against the first plan: added and \
        removed (a task and member pair only one plan has) and moved (the same task and member in another \
        slot) — how many people would get a changed dispatch slip.

        Typical use: solve a base scenario and its what-ifs, then `cmatch compare base-plan whatif-plan`. \
        See docs/what-if.md.

        Formats: table (aligned for a terminal; Chinese characters count two columns), csv (plain numbers), \
        json, md (a Markdown table).

        Exit codes: 0 success, 64 bad command line, 65 a plan.json is malformed, 66 a plan cannot be read.
        """)

    @Argument(help: "Plan folders (or their plan.json files); the first is the reference the others are compared with.")
    var plans: [String]
    @Option(help: "table, csv, json or md.") var format: Format = .table

    func validate() throws {
        if plans.count < 2 { throw ValidationError("give at least two plans to compare") }
    }

    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let comparison = try planner.compare(plans, language: lang)
        switch format {
        case .table: print(comparison.table(), terminator: "")
        case .csv: print(comparison.csv(), terminator: "")
        case .md: print(comparison.markdown(), terminator: "")
        case .json: print(comparison.json().rendered())
        }
    }
}
