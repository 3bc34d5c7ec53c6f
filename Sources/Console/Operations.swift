import CommunityMatch
import Foundation
import GLPKSolver
import Ledger
import MatchModel
import PlanExport
import PlanIO
import PlanVerify
import Planning
import ScenarioIO

/// Every call the console makes into the library's operations, in one place: loading and checking a week,
/// solving with the shipped solver configuration, writing and reading plans, re-planning, comparing,
/// exporting and accepting into the ledger. Nothing here prints; each returns a typed outcome.
///
/// This is a thin adapter kept in one file so that it can be routed through the library's `Planner` once it
/// lands, and so that the console and the command line call the same code (`cmatch validate`, `solve`,
/// `export`, `replan`, `accept`, `compare`, `ledger`).
public typealias PlanIOJSON = JSON

public enum Operations {
    public static let version = "0.1.0"

    // MARK: load and check

    /// A week's lists read as `cmatch validate` reads them.
    public enum CheckOutcome: Sendable {
        case ok(scenario: Scenario, warnings: [Diagnostic])
        case invalid(errors: [Diagnostic], warnings: [Diagnostic])
        case unreadable(path: String, message: Message?, reason: String)
    }

    public static func check(folder: String) -> CheckOutcome {
        do {
            let loaded = try ScenarioLoader.load(folder: folder)
            return .ok(scenario: loaded.scenario, warnings: loaded.warnings)
        } catch let e as InputError {
            return .invalid(errors: e.diagnostics.filter { $0.severity == .error }, warnings: e.diagnostics.filter { $0.severity == .warning })
        } catch let e as UnreadableInput {
            return .unreadable(path: e.path, message: e.why, reason: e.reason)
        } catch {
            return .unreadable(path: folder, message: nil, reason: "\(error)")
        }
    }

    public static func isWorkbook(_ name: String) -> Bool { ScenarioLoader.isWorkbook(name) }

    // MARK: solve

    public enum SolveOutcome: Sendable {
        case plan(Plan)
        case pinConflict(String)
        case noPlan
        case failed(String)
    }

    /// The plan of `cmatch solve` with its defaults (600 s safety net, gap 0, the standard work budget).
    /// Must run on the thread that owns the GLPK environment: the caller gives each solve its own Thread.
    /// `threads: 1` keeps the other core for requests; the plan does not depend on it.
    public static func solve(_ s: Scenario, progress: @escaping @Sendable (String) -> Void) -> SolveOutcome {
        let matcher = Matcher(solver: GLPKSolver())
        let options = MatchOptions(timeLimit: 600, relativeGap: 0, strategy: .optimal, threads: 1,
                                   decompose: true, budget: .scaled(1), progress: progress)
        do {
            let plan = try matcher.solve(s, options: options)
            if plan.status == .timeLimitNoPlan { return .noPlan }
            return .plan(plan)
        } catch let e as PinConflict {
            return .pinConflict(e.text(.en))
        } catch let e as SolverFailure {
            return .failed(e.message)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Writes the plan folder as `cmatch solve -o` does, recording the week folder relative to it.
    public static func writePlan(_ s: Scenario, _ plan: Plan, to folder: String, scenarioFolder: String,
                                 extraFiles: [(String, Data)] = [], extras: [(String, JSON)] = []) throws {
        let solver = GLPKSolver()
        var writer = PlanWriter(scenario: s, plan: plan, versions: ToolVersions(cmatch: version, solver: "\(solver.name) \(solver.version)"),
                                scenarioHash: ScenarioHash.hex(s))
        writer.scenarioFolder = PlanWriter.relativePath(from: folder, to: scenarioFolder)
        writer.summaryExtras = extras
        try AtomicFolder.write(writer.files() + extraFiles.map { (name: $0.0, data: $0.1) }, to: folder)
    }

    public static func readPlan(_ folder: String) throws -> PlanDocument {
        try PlanDocumentReader.read(path: folder + "/plan.json")
    }

    public static func summaryJSON(_ folder: String) -> Data? {
        FileManager.default.contents(atPath: folder + "/summary.json")
    }

    // MARK: verify and replan

    /// A change to a plan made on the Adjust page, applied through the re-planner (`cmatch replan`).
    public struct Adjustment: Sendable {
        public var dropMembers: [String] = []
        public var cancelTasks: [String] = []
        /// Assignments that must hold: task (need or project id), member, slot label or "".
        public var pins: [(task: String, member: String, slot: String)] = []
        public init() {}
    }

    public enum ReplanResult: Sendable {
        case replanned(plan: Plan, changed: Scenario, lines: [Workspace.ChangeLine], changesCSV: String, summary: [(String, JSON)])
        case rejected(String)
        case failed(String)
    }

    /// Re-plans `planFolder` (solved from `s`) after `a`; the outcome is verified against every hard rule by
    /// the re-planner (a plan that breaks one is never returned). Runs on the solve thread.
    public static func replan(_ s: Scenario, planFolder: String, adjustment a: Adjustment, lang: Language) -> ReplanResult {
        do {
            let old = try PlanFolderReader.read(folder: planFolder, scenario: s)
            // A pin goes into the changed week; a pinned need also takes the member as its preferred member, which
            // makes it a replaced need for the re-planner: it is planned again (with the pin) instead of held.
            var changed = s
            for p in a.pins {
                let refs = ReplanWeek.resolve(p.task, in: s)
                guard refs.count == 1 else { return .rejected(lang.pick("任务 \(p.task) 不存在或不唯一", "task \(p.task) is unknown or ambiguous")) }
                guard s.members.contains(where: { $0.id == p.member }) else {
                    return .rejected(lang.pick("党员 \(p.member) 不存在", "member \(p.member) is unknown"))
                }
                var slot: Slot? = nil
                if !p.slot.isEmpty {
                    guard let parsed = s.settings.calendar.parse(p.slot), parsed.count == 1 else {
                        return .rejected(lang.pick("时段 \(p.slot) 无法识别", "slot \(p.slot) is not a slot"))
                    }
                    slot = parsed[0]
                }
                guard refs[0].kind == .need, let i = changed.needs.firstIndex(where: { $0.id == refs[0].id }) else {
                    return .rejected(lang.pick("只能指定需求（不是项目）", "only needs can be pinned here, not projects"))
                }
                changed.needs[i].preferredMember = p.member
                changed.pins.append(Pin(task: refs[0], member: p.member, slot: slot, location: SourceLocation(file: "console")))
            }
            if a.dropMembers.isEmpty && a.cancelTasks.isEmpty && a.pins.isEmpty {
                return .rejected(lang.pick("没有要做的调整", "nothing to change"))
            }
            let week = try ReplanWeek(original: s, withAddedNeeds: a.pins.isEmpty ? nil : changed,
                                      request: ReplanRequest(droppedMembers: a.dropMembers, cancelledTasks: a.cancelTasks))
            let outcome = try Replanner(solver: GLPKSolver(), timeLimit: 600, relativeGap: 0, compareWithScratch: false)
                .replan(week, old: old.plan, fromScratch: false)
            let violations = PlanVerifier(scenario: week.changed).violations(of: outcome.plan)
            if !violations.isEmpty {
                return .failed("the re-plan breaks \(violations.count) rule(s)")
            }
            let changes = outcome.changes
            let cal = week.changed.settings.calendar
            let summary: [(String, JSON)] = [("replan", .object([
                ("dropped_members", .array(week.dropped.sorted().map { .string($0) })),
                ("cancelled_tasks", .array(week.cancelled.sorted().map { .string($0.description) })),
                ("pins", .array(a.pins.map { .string("\($0.task)←\($0.member)\($0.slot.isEmpty ? "" : "@" + $0.slot)") })),
                ("changes", changes.countsJSON()),
            ]))]
            let lines = changes.rows.map { r in
                Workspace.ChangeLine(kind: r.kind.rawValue, task: r.task.description,
                                     member: r.member.map { m in lang.named(m, changes.member(m)?.name ?? "") } ?? (r.resource ?? ""),
                                     slots: [r.oldSlot.map(cal.label), r.newSlot.map(cal.label)].compactMap { $0 }.joined(separator: " → "),
                                     note: r.reason.sentence(lang))
            }
            return .replanned(plan: outcome.plan, changed: week.changed, lines: lines, changesCSV: changes.csv(cal, lang: lang), summary: summary)
        } catch let e as ReplanError {
            switch e {
            case .unknownIDs(let ids): return .rejected(ids.map { "\($0)" }.joined(separator: ", "))
            case .pinsCannotHold(let c): return .rejected(c.message)
            case .timeLimitNoPlan: return .failed("the time limit passed before any plan was found")
            case .brokenRules(let v): return .failed("the re-plan breaks \(v.count) rule(s)")
            }
        } catch let e as InputError {
            return .rejected(e.diagnostics.map { $0.text(lang) }.joined(separator: "\n"))
        } catch let e as PinConflict {
            return .rejected(e.text(lang))
        } catch {
            return .failed("\(error)")
        }
    }

    /// The hard-rule violations of a written plan against its week (`cmatch verify`).
    public static func verify(_ s: Scenario, planFolder: String) -> [String] {
        do {
            let read = try PlanFolderReader.read(folder: planFolder, scenario: s)
            return PlanVerifier(scenario: s).violations(of: read.plan, rows: read.rows, bookkeeping: false).map { $0.sentence(.en, calendar: s.settings.calendar) }
        } catch {
            return ["\(error)"]
        }
    }

    // MARK: compare

    public struct ComparisonRow: Sendable {
        public var label: String
        public var values: [String]
        public var differs: Bool
    }

    /// The KPI rows of `cmatch compare A B`.
    public static func compare(_ plans: [(label: String, document: PlanDocument)], lang: Language) -> [ComparisonRow] {
        let c = PlanComparison(plans, language: lang)
        return c.rows.map { r in
            ComparisonRow(label: r.label(lang), values: r.values.map { $0.map { formatNumber($0, decimals: r.decimals) } ?? "—" },
                          differs: r.hasDifference)
        }
    }

    // MARK: export

    public enum ExportFormat: String, Sendable, CaseIterable {
        case xlsx, csv, json, ics, html
        public var contentType: String {
            switch self {
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .csv: return "text/csv; charset=utf-8"
            case .json: return "application/json; charset=utf-8"
            case .ics: return "text/calendar; charset=utf-8"
            case .html: return "text/html; charset=utf-8"
            }
        }
    }

    public enum ExportOutcome: Sendable {
        case file(Data)
        case failed(String)
    }

    /// The file `cmatch export PLAN --format F -o plan.F` writes (csv: the assignments table, as `-o FILE.csv`).
    public static func export(planFolder: String, document: PlanDocument, scenario: Scenario, format: ExportFormat, lang: Language) -> ExportOutcome {
        let export = ExportPlan(document: document, scenario: scenario, language: lang, source: planFolder + "/plan.json")
        do {
            switch format {
            case .xlsx: return .file(try XLSXWriter.data(export.sheets, date: export.zipDate))
            case .csv: return .file(Data(ExcelCSV.text(export.assignmentsSheet).utf8))
            case .json: return .file(Data((export.json.rendered() + "\n").utf8))
            case .ics: return .file(Data(try ICalendarExport(export).all().utf8))
            case .html:
                let set = try HTMLTemplates.load(nil, language: lang)
                return .file(Data(try HTMLExport(export, templates: set).document().utf8))
            }
        } catch let e as ExportError {
            return .failed(e.text(lang))
        } catch {
            return .failed("\(error)")
        }
    }

    /// What the plan view shows beside ids: names, titles (residents' names masked as on the slips), slot words.
    public static func view(document: PlanDocument, scenario: Scenario, lang: Language) -> ExportPlan {
        ExportPlan(document: document, scenario: scenario, language: lang)
    }

    public static func masked(_ title: String) -> String { Masking.maskResidentNames(title) }

    // MARK: ledger

    public enum AcceptResult: Sendable {
        case recorded, alreadyRecorded, replaced
        case refused(String)
    }

    /// `cmatch accept PLAN --ledger FILE [--replace]`.
    public static func accept(_ doc: PlanDocument, ledger: String, replace: Bool) -> AcceptResult {
        guard let week = ISOWeek(doc.week) else { return .refused("the plan has no ISO week (week: in scenario.yaml): '\(doc.week)'") }
        guard let hash = doc.scenarioHash, !hash.isEmpty else { return .refused("the plan has no scenario hash") }
        var services: [ServiceRecord] = []
        for a in doc.assignments {
            let dayWord = String(a.slot.split(separator: "-").first ?? "").lowercased()
            guard let kind = TaskKind(rawValue: a.taskKind), let day = SlotCalendar.days(dayWord), day.count == 1 else {
                return .refused("assignment \(a.taskID)/\(a.member): task_kind '\(a.taskKind)' or slot '\(a.slot)' is not one a plan writes")
            }
            services.append(ServiceRecord(taskKind: kind, taskID: a.taskID, role: a.role, member: a.member,
                                          memberName: a.memberName, unit: a.unit, slot: a.slot, day: day[0], hours: a.hours))
        }
        let units = doc.units.map { UnitWeekRecord(unit: $0.unit, pledgeHours: $0.pledgeHours, servedHours: $0.servedHours) }
        let accepted = AcceptedWeek(week: week, scenarioName: doc.scenario, scenarioHash: hash, services: services, units: units)
        do {
            let store = try SQLiteLedger(path: ledger, create: true)
            switch try store.record(accepted, replace: replace) {
            case .recorded: return .recorded
            case .alreadyRecorded: return .alreadyRecorded
            case .replaced: return .replaced
            }
        } catch let e as LedgerError {
            return .refused(e.text(.en))
        } catch {
            return .refused("\(error)")
        }
    }

    public struct Balance: Sendable {
        public var id: String
        public var name: String
        public var unit: String
        public var hours: Double
        public var services: Int
    }

    /// The time-bank balances of `cmatch ledger`: every member's hours over all accepted weeks.
    public static func balances(ledger: String) -> (weeks: [String], members: [Balance])? {
        guard FileManager.default.fileExists(atPath: ledger), let store = try? SQLiteLedger(path: ledger, create: false),
              let weeks = try? store.weeks(), let hours = try? store.memberHours(by: .week) else { return nil }
        var totals: [String: Balance] = [:]
        for m in hours {
            totals[m.member, default: Balance(id: m.member, name: m.memberName, unit: m.unit, hours: 0, services: 0)].hours += m.hours
            totals[m.member]!.services += m.services
        }
        return (weeks.map { $0.week.description }, totals.keys.sorted().map { totals[$0]! })
    }

    public static func number(_ x: Double, decimals: Int = 2) -> String { formatNumber(x, decimals: decimals) }
}
