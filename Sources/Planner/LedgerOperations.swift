import CommunityMatch
import Foundation
import Ledger
import PlanIO

/// The ledger's history applied to a week: what it changed, and whether the ledger was there at all (a
/// missing ledger is the first week: nothing to bring in, which the shells say once).
public struct AppliedHistory: Sendable {
    public var applied: HistoryApplied
    public var ledger: String
    public var ledgerWasMissing: Bool

    /// The `history` section of summary.json: what the ledger changed, so a planner can see why a member was
    /// preferred or spared.
    public var json: JSON {
        let h = applied
        return .object([
            ("ledger", .string(ledger)),
            ("week", .string(h.week.description)),
            ("recent_weeks", .array(h.recentWeeks.map { .string($0.description) })),
            ("preferred_from_ledger", .array(h.preferred.map { .object([("need_id", .string($0.need)), ("member_id", .string($0.member))]) })),
            ("kept_own_preference", .integer(h.keptOwnPreference)),
            ("recent_hours", .object(h.recentHours.keys.sorted().map { ($0, .number(h.recentHours[$0]!)) })),
        ])
    }

    /// One line for after a solve with a ledger.
    public func line(_ lang: Language) -> String {
        let h = applied
        let weeks = h.recentWeeks.isEmpty ? lang(.ledgerNoWeeks, ["week": h.week.description])
            : lang(.ledgerWeeks, ["count": String(h.recentWeeks.count), "week": h.week.description,
                                  "weeks": h.recentWeeks.map(\.description).joined(separator: ", ")])
        return lang(.ledgerLine, ["weeks": weeks, "preferred": String(h.preferred.count), "members": String(h.recentHours.count)])
    }
}

/// What `accept` did.
public struct Acceptance: Sendable {
    public var week: AcceptedWeek
    public var outcome: AcceptOutcome

    /// The sentence the shells show.
    public func text(_ lang: Language, ledger: String) -> String {
        let hours = week.services.map(\.hours).reduce(0, +)
        let members = Set(week.services.map(\.member)).count
        let what = lang(.acceptWhat, ["services": String(week.services.count), "hours": formatNumber(hours), "members": String(members)])
        let label = week.week.description
        switch outcome {
        case .recorded: return lang(.acceptRecorded, ["ledger": ledger, "week": label, "what": what])
        case .alreadyRecorded: return lang(.acceptAlready, ["ledger": ledger, "week": label])
        case .replaced(let old): return lang(.acceptReplaced, ["ledger": ledger, "week": label, "hash": String(old.prefix(12)), "what": what])
        }
    }
}

extension Planner {
    /// Brings the ledger's accepted weeks into a scenario before solving (continuity and fairness; see
    /// docs/ledger.md). A ledger file that does not exist yet is the first week.
    public func applyHistory(_ s: inout Scenario, ledger: String, scenarioFolder: String) throws -> AppliedHistory {
        let settingsFile = (scenarioFolder as NSString).appendingPathComponent("scenario.yaml")
        do {
            if !FileManager.default.fileExists(atPath: ledger) {
                guard let week = ISOWeek(s.settings.week) else { throw HistoryError.noWeek(s.settings.week) }
                let h = LedgerHistory.apply(week: week, lastServers: [:], recentHours: [:], recentWeeks: [], to: &s)
                return AppliedHistory(applied: h, ledger: ledger, ledgerWasMissing: true)
            }
            let store = try openLedger(ledger, create: false)
            let h = try planning { try LedgerHistory.apply(store, to: &s) }
            return AppliedHistory(applied: h, ledger: ledger, ledgerWasMissing: false)
        } catch let e as HistoryError {
            throw PlannerError.history(e, settingsFile: settingsFile)
        }
    }

    /// Opens the ledger: a missing or foreign file is unreadable input when only read, an output that cannot
    /// be written when it is to be written.
    public func openLedger(_ path: String, create: Bool) throws -> SQLiteLedger {
        try planning(ledgerWriting: create) { try SQLiteLedger(path: path, create: create) }
    }

    /// Records a plan, as it will be carried out, in the ledger (created when missing), in one transaction.
    /// `afterServiceInsert` is a test hook (docs/ledger.md: a crash inside the transaction leaves the ledger as
    /// it was).
    public func accept(plan path: String, ledger: String, replace: Bool,
                       afterServiceInsert: ((Int) -> Void)? = nil) throws -> Acceptance {
        let doc = try readPlanDocument(path)
        let accepted = try acceptedWeek(doc, planPath: path)
        let store = try openLedger(ledger, create: true)
        store.afterServiceInsert = afterServiceInsert
        let outcome = try planning(ledgerWriting: true) { try store.record(accepted, replace: replace) }
        return Acceptance(week: accepted, outcome: outcome)
    }

    /// The ledger's record of a plan document; a plan without an ISO week or a scenario hash cannot be recorded.
    public func acceptedWeek(_ doc: PlanDocument, planPath: String) throws -> AcceptedWeek {
        guard let week = ISOWeek(doc.week) else {
            throw PlannerError.notAcceptable(Message(.acceptNoWeek, ["plan": planPath, "week": doc.week]))
        }
        guard let hash = doc.scenarioHash, !hash.isEmpty else {
            throw PlannerError.notAcceptable(Message(.acceptNoHash, ["plan": planPath]))
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
        if !problems.isEmpty { throw PlannerError.malformedPlanRows(problems) }
        let units = doc.units.map { UnitWeekRecord(unit: $0.unit, pledgeHours: $0.pledgeHours, servedHours: $0.servedHours) }
        return AcceptedWeek(week: week, scenarioName: doc.scenario, scenarioHash: hash, services: services, units: units)
    }

    /// The time bank: hours served per member and per unit, by week or month (reads the ledger, never writes).
    public func timeBank(ledger: String, by grouping: LedgerGrouping) throws -> TimeBankReport {
        let store = try openLedger(ledger, create: false)
        return try planning {
            TimeBankReport(weeks: try store.weeks(), members: try store.memberHours(by: grouping), units: try store.unitHours(by: grouping))
        }
    }
}

/// The ledger's figures arranged for output: per member and unit, each period and a `total` line (the
/// balance). Sorted by id, then period, so outputs are byte-identical for the same ledger.
public struct TimeBankReport: Sendable {
    public var weeks: [LedgerWeek]
    public var members: [MemberHours]
    public var units: [UnitHours]

    public init(weeks: [LedgerWeek], members: [MemberHours], units: [UnitHours]) {
        self.weeks = weeks; self.members = members; self.units = units
    }

    public struct MemberTotal: Sendable { public var member: String; public var name: String; public var unit: String; public var hours: Double; public var services: Int }

    public var memberTotals: [MemberTotal] {
        var order: [String] = []
        var totals: [String: MemberTotal] = [:]
        for m in members {
            if totals[m.member] == nil { order.append(m.member); totals[m.member] = MemberTotal(member: m.member, name: m.memberName, unit: m.unit, hours: 0, services: 0) }
            totals[m.member]!.hours += m.hours
            totals[m.member]!.services += m.services
        }
        return order.sorted().map { totals[$0]! }
    }

    public var unitTotals: [UnitHours] {
        var totals: [String: UnitHours] = [:]
        for u in units {
            totals[u.unit, default: UnitHours(period: "total", unit: u.unit, pledgeHours: 0, servedHours: 0)].pledgeHours += u.pledgeHours
            totals[u.unit]!.servedHours += u.servedHours
        }
        return totals.keys.sorted().map { totals[$0]! }
    }

    public func csv() -> String {
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

    public func json(grouping: LedgerGrouping) -> JSON {
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
    public func table(_ lang: Language, grouping: LedgerGrouping) -> String {
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

