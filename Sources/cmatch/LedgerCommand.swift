import ArgumentParser
import CommunityMatch
import Foundation
import Ledger
import PlanIO
import PlanVerify

/// Opens the ledger, mapping its errors to exit codes: a missing or foreign file is unreadable input (66)
/// when only read, an output that cannot be written (73) when it is to be written.
func openLedger(_ path: String, create: Bool) throws -> SQLiteLedger {
    do {
        return try SQLiteLedger(path: path, create: create)
    } catch let e as LedgerError {
        printError("cmatch: " + e.text(cliLanguage))
        throw ExitCode(create ? Exit.cannotCreate : Exit.noInput)
    }
}

/// Runs a ledger operation, printing its error and mapping it to an exit code.
func ledgerCall<T>(writing: Bool, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as LedgerError {
        printError("cmatch: " + e.text(cliLanguage))
        switch e {
        case .weekTaken: throw ExitCode(Exit.dataError)
        case .missing, .notALedger: throw ExitCode(writing ? Exit.cannotCreate : Exit.noInput)
        case .busy, .database: throw ExitCode(writing ? Exit.cannotCreate : Exit.noInput)
        }
    }
}

/// Reads plan.json, mapping its errors to 66 (unreadable) and 65 (malformed).
func readPlanDocument(_ path: String) throws -> PlanDocument {
    do {
        return try PlanDocumentReader.read(path: path)
    } catch let e as PlanReadError {
        printError("cmatch: " + e.text(cliLanguage))
        switch e {
        case .unreadable: throw ExitCode(Exit.noInput)
        case .malformed: throw ExitCode(Exit.dataError)
        }
    }
}

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
        let doc = try readPlanDocument(plan)
        let accepted = try Self.acceptedWeek(doc, planPath: plan)
        let store = try openLedger(ledger, create: true)
        // A test-only hook, documented in docs/ledger.md: kill this process with SIGKILL inside the transaction,
        // right after the N-th service row is inserted, to show that a crash leaves the ledger as it was.
        if let n = ProcessInfo.processInfo.environment["CMATCH_TEST_KILL_AFTER_INSERTS"].flatMap(Int.init), n > 0 {
            store.afterServiceInsert = { if $0 == n { kill(getpid(), SIGKILL) } }
        }
        let outcome = try ledgerCall(writing: true) { try store.record(accepted, replace: replace) }
        guard !quiet else { return }
        let hours = accepted.services.map(\.hours).reduce(0, +)
        let members = Set(accepted.services.map(\.member)).count
        let what = lang(.acceptWhat, ["services": String(accepted.services.count), "hours": formatNumber(hours), "members": String(members)])
        let week = accepted.week.description
        switch outcome {
        case .recorded: print(lang(.acceptRecorded, ["ledger": ledger, "week": week, "what": what]))
        case .alreadyRecorded: print(lang(.acceptAlready, ["ledger": ledger, "week": week]))
        case .replaced(let old): print(lang(.acceptReplaced, ["ledger": ledger, "week": week, "hash": String(old.prefix(12)), "what": what]))
        }
    }

    /// The ledger's record of a plan document; a plan without an ISO week or a scenario hash cannot be recorded.
    static func acceptedWeek(_ doc: PlanDocument, planPath: String) throws -> AcceptedWeek {
        guard let week = ISOWeek(doc.week) else {
            printError(cliLanguage(.acceptNoWeek, ["plan": planPath, "week": doc.week]))
            throw ExitCode(Exit.dataError)
        }
        guard let hash = doc.scenarioHash, !hash.isEmpty else {
            printError(cliLanguage(.acceptNoHash, ["plan": planPath]))
            throw ExitCode(Exit.dataError)
        }
        var services: [ServiceRecord] = []
        var problems: [String] = []
        for (i, a) in doc.assignments.enumerated() {
            let dayWord = String(a.slot.split(separator: "-").first ?? "").lowercased()
            guard let kind = TaskKind(rawValue: a.taskKind), let day = SlotCalendar.days(dayWord), day.count == 1 else {
                problems.append("\(planPath): assignments[\(i)]: task_kind '\(a.taskKind)' or slot '\(a.slot)' is not one a plan writes")
                continue
            }
            services.append(ServiceRecord(taskKind: kind, taskID: a.taskID, role: a.role, member: a.member,
                                          memberName: a.memberName, unit: a.unit, slot: a.slot, day: day[0], hours: a.hours))
        }
        if !problems.isEmpty {
            problems.forEach(printError)
            throw ExitCode(Exit.dataError)
        }
        let units = doc.units.map { UnitWeekRecord(unit: $0.unit, pledgeHours: $0.pledgeHours, servedHours: $0.servedHours) }
        return AcceptedWeek(week: week, scenarioName: doc.scenario, scenarioHash: hash, services: services, units: units)
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
        let store = try openLedger(ledger, create: false)
        let grouping = LedgerGrouping(rawValue: by.rawValue)!
        let (weeks, members, units) = try ledgerCall(writing: false) {
            (try store.weeks(), try store.memberHours(by: grouping), try store.unitHours(by: grouping))
        }
        let report = TimeBankReport(weeks: weeks, members: members, units: units)
        switch format {
        case .table: print(report.table(lang, grouping: grouping), terminator: "")
        case .csv: print(report.csv(), terminator: "")
        case .json: print(report.json(grouping: grouping).rendered())
        }
    }
}

/// The ledger's figures arranged for output: per member and unit, each period and a `total` line (the
/// balance). Sorted by id, then period, so outputs are byte-identical for the same ledger.
struct TimeBankReport {
    var weeks: [LedgerWeek]
    var members: [MemberHours]
    var units: [UnitHours]

    struct MemberTotal { var member: String; var name: String; var unit: String; var hours: Double; var services: Int }

    var memberTotals: [MemberTotal] {
        var order: [String] = []
        var totals: [String: MemberTotal] = [:]
        for m in members {
            if totals[m.member] == nil { order.append(m.member); totals[m.member] = MemberTotal(member: m.member, name: m.memberName, unit: m.unit, hours: 0, services: 0) }
            totals[m.member]!.hours += m.hours
            totals[m.member]!.services += m.services
        }
        return order.sorted().map { totals[$0]! }
    }

    var unitTotals: [UnitHours] {
        var totals: [String: UnitHours] = [:]
        for u in units {
            totals[u.unit, default: UnitHours(period: "total", unit: u.unit, pledgeHours: 0, servedHours: 0)].pledgeHours += u.pledgeHours
            totals[u.unit]!.servedHours += u.servedHours
        }
        return totals.keys.sorted().map { totals[$0]! }
    }

    func csv() -> String {
        var csv = CSVText(header: ["kind", "id", "name", "unit_id", "period", "hours", "services", "pledge_hours", "shortfall"])
        let byMember = Dictionary(grouping: members, by: \.member)
        for t in memberTotals {
            for m in byMember[t.member]!.sorted(by: { $0.period < $1.period }) {
                csv.row(["member", m.member, t.name, t.unit, m.period, formatNumber(m.hours), String(m.services), "", ""])
            }
            csv.row(["member", t.member, t.name, t.unit, "total", formatNumber(t.hours), String(t.services), "", ""])
        }
        let byUnit = Dictionary(grouping: units, by: \.unit)
        for t in unitTotals {
            for u in byUnit[t.unit]!.sorted(by: { $0.period < $1.period }) {
                csv.row(["unit", u.unit, "", u.unit, u.period, formatNumber(u.servedHours), "", formatNumber(u.pledgeHours), formatNumber(u.shortfall)])
            }
            csv.row(["unit", t.unit, "", t.unit, "total", formatNumber(t.servedHours), "", formatNumber(t.pledgeHours), formatNumber(t.shortfall)])
        }
        return csv.text
    }

    func json(grouping: LedgerGrouping) -> JSON {
        let byMember = Dictionary(grouping: members, by: \.member)
        let byUnit = Dictionary(grouping: units, by: \.unit)
        return .object([
            ("format", .string("cmatch-ledger-report/1")),
            ("by", .string(grouping.rawValue)),
            ("weeks", .array(weeks.map { w in
                .object([("week", .string(w.week.description)), ("month", .string(w.week.month)),
                         ("scenario", .string(w.scenarioName)), ("scenario_hash", .string(w.scenarioHash)),
                         ("services", .integer(w.services)), ("hours", .number(w.hours))])
            })),
            ("members", .array(memberTotals.map { t in
                .object([("member_id", .string(t.member)), ("name", .string(t.name)), ("unit_id", .string(t.unit)),
                         ("balance_hours", .number(t.hours)), ("services", .integer(t.services)),
                         ("periods", .array(byMember[t.member]!.sorted(by: { $0.period < $1.period }).map { m in
                             .object([("period", .string(m.period)), ("hours", .number(m.hours)), ("services", .integer(m.services))])
                         }))])
            })),
            ("units", .array(unitTotals.map { t in
                .object([("unit_id", .string(t.unit)), ("pledge_hours", .number(t.pledgeHours)),
                         ("served_hours", .number(t.servedHours)), ("shortfall", .number(t.shortfall)),
                         ("periods", .array(byUnit[t.unit]!.sorted(by: { $0.period < $1.period }).map { u in
                             .object([("period", .string(u.period)), ("pledge_hours", .number(u.pledgeHours)),
                                      ("served_hours", .number(u.servedHours)), ("shortfall", .number(u.shortfall))])
                         }))])
            })),
        ])
    }

    /// One grid per party: rows are members (units), columns the periods and the total.
    func table(_ lang: Language, grouping: LedgerGrouping) -> String {
        let periods = Array(Set(members.map(\.period) + units.map(\.period))).sorted()
        func render(_ grid: [[String]], leftColumns: Int) -> [String] {
            let widths = grid[0].indices.map { c in grid.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
            var lines: [String] = []
            for (i, r) in grid.enumerated() {
                let cells = r.enumerated().map { c, text in DisplayWidth.pad(text, to: widths[c], right: c >= leftColumns) }
                lines.append(cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
                if i == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
            }
            return lines
        }
        var out: [String] = []
        let total = weeks.map(\.hours).reduce(0, +)
        out.append(lang.pick("已记录 \(weeks.count) 周（\(weeks.first.map { "\($0.week)" } ?? "—") 至 \(weeks.last.map { "\($0.week)" } ?? "—")），共 \(formatNumber(total)) 小时",
                             "\(weeks.count) week\(weeks.count == 1 ? "" : "s") accepted (\(weeks.first.map { "\($0.week)" } ?? "—") to \(weeks.last.map { "\($0.week)" } ?? "—")), \(formatNumber(total)) hours in all"))
        out.append("")
        out.append(lang.pick("党员服务时长（爱心银行余额 = 合计）", "Member hours (time-bank balance = total)"))
        var grid = [[lang.pick("党员", "member"), lang.pick("姓名", "name"), lang.pick("单位", "unit")] + periods + [lang.pick("合计", "total")]]
        let memberCell = Dictionary(members.map { ("\($0.member)\u{1F}\($0.period)", $0.hours) }, uniquingKeysWith: +)
        for t in memberTotals {
            grid.append([t.member, t.name, t.unit] + periods.map { memberCell["\(t.member)\u{1F}\($0)"].map { formatNumber($0) } ?? "" } + [formatNumber(t.hours)])
        }
        out += render(grid, leftColumns: 3)
        out.append("")
        out.append(lang.pick("单位服务时长 / 承诺时长", "Unit hours served / pledged"))
        grid = [[lang.pick("单位", "unit")] + periods + [lang.pick("合计", "total"), lang.pick("缺口", "shortfall")]]
        let unitCell = Dictionary(units.map { ("\($0.unit)\u{1F}\($0.period)", $0) }, uniquingKeysWith: { a, _ in a })
        for t in unitTotals {
            grid.append([t.unit] + periods.map { p in
                unitCell["\(t.unit)\u{1F}\(p)"].map { "\(formatNumber($0.servedHours))/\(formatNumber($0.pledgeHours))" } ?? ""
            } + ["\(formatNumber(t.servedHours))/\(formatNumber(t.pledgeHours))", formatNumber(t.shortfall)])
        }
        out += render(grid, leftColumns: 1)
        return out.joined(separator: "\n") + "\n"
    }
}

/// Applies the ledger's history to a scenario before solving (`solve --ledger`, `verify --ledger`,
/// `replan --ledger`). A missing ledger is the first week: nothing to bring in, said once on stderr.
func applyLedgerHistory(_ s: inout Scenario, ledger: String, scenarioFolder: String, quiet: Bool) throws -> HistoryApplied {
    do {
        if !FileManager.default.fileExists(atPath: ledger) {
            if !quiet { printError(cliLanguage(.ledgerMissing, ["ledger": ledger])) }
            guard let week = ISOWeek(s.settings.week) else { throw HistoryError.noWeek(s.settings.week) }
            return LedgerHistory.apply(week: week, lastServers: [:], recentHours: [:], recentWeeks: [], to: &s)
        }
        let store = try openLedger(ledger, create: false)
        return try ledgerCall(writing: false) { try LedgerHistory.apply(store, to: &s) }
    } catch let e as HistoryError {
        printError("\((scenarioFolder as NSString).appendingPathComponent("scenario.yaml")): " + e.text(cliLanguage))
        throw ExitCode(Exit.dataError)
    }
}

/// The `history` section of summary.json: what the ledger changed, so a planner can see why a member was
/// preferred or spared.
func historyJSON(_ h: HistoryApplied, ledger: String) -> JSON {
    .object([
        ("ledger", .string(ledger)),
        ("week", .string(h.week.description)),
        ("recent_weeks", .array(h.recentWeeks.map { .string($0.description) })),
        ("preferred_from_ledger", .array(h.preferred.map { .object([("need_id", .string($0.need)), ("member_id", .string($0.member))]) })),
        ("kept_own_preference", .integer(h.keptOwnPreference)),
        ("recent_hours", .object(h.recentHours.keys.sorted().map { ($0, .number(h.recentHours[$0]!)) })),
    ])
}

/// One line for stdout after a solve with a ledger.
func historyLine(_ h: HistoryApplied, _ lang: Language) -> String {
    let weeks = h.recentWeeks.isEmpty ? lang(.ledgerNoWeeks, ["week": h.week.description])
        : lang(.ledgerWeeks, ["count": String(h.recentWeeks.count), "week": h.week.description,
                              "weeks": h.recentWeeks.map(\.description).joined(separator: ", ")])
    return lang(.ledgerLine, ["weeks": weeks, "preferred": String(h.preferred.count), "members": String(h.recentHours.count)])
}
