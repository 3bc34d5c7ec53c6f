import ArgumentParser
import CommunityMatch
import Foundation
import Ledger
import PlanIO
import PlanVerify
import Planner

struct Accept: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a week's plan, as it will be carried out, in the ledger (a SQLite file).",
        discussion: """
        Reads PLAN/plan.json and records, in one transaction, every assignment (who served which task, when, \
        how many hours) and each unit's pledge and served hours, under the plan's ISO week (scenario.yaml's \
        `week:`). The ledger is created when missing. See docs/ledger.md.

        Accepting the same plan again (same week, same scenario hash, same assignments) changes nothing. A \
        different plan for a week already accepted is refused unless --replace is given, which replaces that \
        week's record whole (the usual step after `cmatch replan`).

        Two processes accepting at once are serialised: the second waits up to 10 seconds for the first, then \
        gives up with a clear "busy" error and changes nothing. A process killed half-way leaves the ledger as it \
        was.

        Exit codes: 0 recorded (or already recorded), 64 bad command line, 65 the plan has no ISO week or \
        scenario hash, or the week is taken by another plan, 66 the plan cannot be read, 70 internal error, \
        73 the ledger cannot be written (busy, not a ledger, a newer schema, disk full).
        """)

    @Argument(help: "The plan folder (or its plan.json).") var plan: String
    @Option(help: "The ledger file (SQLite); created when missing.") var ledger: String
    @Flag(help: "Replace the record of the plan's week when another plan of that week was accepted.") var replace = false
    @Flag(help: "Print nothing but errors.") var quiet = false
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        // A test-only hook, documented in docs/ledger.md: kill this process with SIGKILL inside the transaction,
        // right after the N-th service row is inserted, to show that a crash leaves the ledger as it was.
        var hook: ((Int) -> Void)? = nil
        if let n = ProcessInfo.processInfo.environment["CMATCH_TEST_KILL_AFTER_INSERTS"].flatMap(Int.init), n > 0 {
            hook = { if $0 == n { kill(getpid(), SIGKILL) } }
        }
        let acceptance = try planner.accept(plan: plan, ledger: ledger, replace: replace, afterServiceInsert: hook)
        if !quiet { print(acceptance.text(lang, ledger: ledger)) }
    }
}

struct LedgerReport: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }
    enum Grouping: String, ExpressibleByArgument, CaseIterable { case week, month }

    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Hours served per member and per unit, by week or month: the time bank (爱心银行) balance.",
        discussion: """
        Reads the ledger written by `cmatch accept` (never writes it) and prints, for every member, the hours \
        served in each week or month and the balance (all accepted weeks), and for every unit its members' \
        hours against its pledges. A week belongs to the month of its Thursday (ISO 8601), so a week is never \
        split between two months. See docs/ledger.md.

        Formats: table (for people; --lang zh, the default, or en), csv and json (stable columns, for programs).

        Exit codes: 0 success, 64 bad command line, 66 the ledger is missing, unreadable or not a ledger, 70 \
        internal error.
        """)

    @Argument(help: "The ledger file.") var ledger: String
    @Option(help: "week or month.") var by: Grouping = .week
    @Option(help: "table, csv or json.") var format: Format = .table
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let grouping = LedgerGrouping(rawValue: by.rawValue)!
        let report = try planner.timeBank(ledger: ledger, by: grouping)
        switch format {
        case .table: print(report.table(lang, grouping: grouping), terminator: "")
        case .csv: print(report.csv(), terminator: "")
        case .json: print(report.json(grouping: grouping).rendered())
        }
    }
}
