import CommunityMatch
import Foundation
import Ledger
import PlanExport
import PlanIO
import Planner
import Planning

public typealias PlanIOJSON = JSON
/// The Planner's export formats (the console's own enum below adds the content types).
typealias PlannerExportFormat = ExportFormat

/// Every call the console makes into the library's operations, in one place, each through the library's
/// `Planner` (the same calls `cmatch validate`, `solve`, `replan`, `verify`, `compare`, `export`, `accept` and
/// `ledger` make), so the console and the command line can never disagree. Nothing here prints; each returns
/// a typed outcome for the pages and the API to render.
public enum Operations {
    public static let version = Planner.version
    static let planner = Planner()

    static func text(_ e: PlannerError, _ lang: Language) -> String { e.lines(lang).joined(separator: "\n") }

    // MARK: load and check

    /// A week's lists read as `cmatch validate` reads them.
    public enum CheckOutcome: Sendable {
        case ok(scenario: Scenario, warnings: [Diagnostic])
        case invalid(errors: [Diagnostic], warnings: [Diagnostic])
        case unreadable(path: String, message: Message?, reason: String)
    }

    public static func check(folder: String) -> CheckOutcome {
        do {
            let loaded = try planner.load(folder)
            return .ok(scenario: loaded.scenario, warnings: loaded.warnings)
        } catch PlannerError.input(let e, _) {
            return .invalid(errors: e.diagnostics.filter { $0.severity == .error }, warnings: e.diagnostics.filter { $0.severity == .warning })
        } catch PlannerError.unreadable(let e) {
            return .unreadable(path: e.path, message: e.why, reason: e.reason)
        } catch let e as PlannerError {
            return .unreadable(path: folder, message: nil, reason: text(e, .en))
        } catch {
            return .unreadable(path: folder, message: nil, reason: "\(error)")
        }
    }

    // MARK: solve

    public enum SolveOutcome: Sendable {
        case plan(Plan)
        case pinConflict(String)
        case noPlan
        case failed(String)
    }

    /// The plan of `cmatch solve` with its defaults (the standard work budget, the 600 s safety net, gap 0).
    /// Must run on the thread that owns the GLPK environment: the caller gives each solve its own Thread.
    /// One solver thread leaves the other core to the requests; the plan does not depend on the thread count.
    public static func solve(_ s: Scenario, progress: @escaping @Sendable (String) -> Void) -> SolveOutcome {
        var settings = Planner.SolveSettings()
        settings.threads = 1
        settings.progress = progress
        do {
            return .plan(try planner.solve(s, settings: settings))
        } catch PlannerError.pinConflict(let c) {
            return .pinConflict(c.text(.en))
        } catch PlannerError.timeLimitNoPlan {
            return .noPlan
        } catch let e as PlannerError {
            return .failed(text(e, .en))
        } catch {
            return .failed("\(error)")
        }
    }

    /// Writes the plan folder as `cmatch solve -o` does (whole or not at all), recording the week's folder
    /// relative to it.
    public static func writePlan(_ s: Scenario, _ plan: Plan, to folder: String, scenarioFolder: String) throws {
        try planner.write(planner.planWriter(s, plan: plan, output: folder, scenarioFolder: scenarioFolder), to: folder)
    }

    public static func readPlan(_ folder: String) throws -> PlanDocument {
        try planner.readPlanDocument(folder + "/plan.json")
    }

    // MARK: verify and replan

    /// A change to a plan made on the Adjust page, applied through the re-planner (`cmatch replan`).
    public struct Adjustment: Sendable {
        public var dropMembers: [String] = []
        public var cancelTasks: [String] = []
        /// Assignments that must hold: need id, member, slot label or "" (the matcher chooses).
        public var pins: [(task: String, member: String, slot: String)] = []
        public init() {}
    }

    public enum ReplanResult: Sendable {
        /// The new plan folder's files (as `cmatch replan -o` writes them, changes.csv included) and the
        /// changed week they were planned for.
        case replanned(files: [(name: String, data: Data)], changed: Scenario, lines: [Workspace.ChangeLine])
        case rejected(String)
        case failed(String)
    }

    /// Re-plans `planFolder` (solved from `s`, the lists in `scenarioFolder`) after `a`, into `output`'s files.
    /// The re-planner verifies the outcome against every hard rule before returning it. Runs on the solve thread.
    public static func replan(_ s: Scenario, scenarioFolder: String, planFolder: String, output: String,
                              adjustment a: Adjustment, lang: Language) -> ReplanResult {
        do {
            let old = try planner.readPlanFolder(planFolder, scenario: s)
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
            let week = try planner.replanWeek(s, withAddedNeeds: a.pins.isEmpty ? nil : changed,
                                              request: ReplanRequest(droppedMembers: a.dropMembers, cancelledTasks: a.cancelTasks),
                                              scenarioFolder: scenarioFolder)
            var settings = ReplanSettings()
            settings.compareWithScratch = false
            let outcome = try planner.replan(week, old: old.plan, settings: settings)
            let changes = outcome.changes
            let cal = week.changed.settings.calendar
            let lines = changes.rows.map { r in
                Workspace.ChangeLine(kind: r.kind.rawValue, task: r.task.description,
                                     member: r.member.map { m in lang.named(m, changes.member(m)?.name ?? "") } ?? (r.resource ?? ""),
                                     slots: [r.oldSlot.map(cal.label), r.newSlot.map(cal.label)].compactMap { $0 }.joined(separator: " → "),
                                     note: r.reason.sentence(lang))
            }
            let files = planner.replanFiles(outcome, output: output, fromPlan: planFolder, scenarioFolder: scenarioFolder, language: lang)
            return .replanned(files: files, changed: week.changed, lines: lines)
        } catch let e as PlannerError {
            switch e {
            case .replan(let r, _, _):
                switch r {
                case .unknownIDs, .pinsCannotHold: return .rejected(text(e, lang))
                case .timeLimitNoPlan, .brokenRules: return .failed(text(e, .en))
                }
            case .input, .pinConflict, .unknownTask, .ambiguousTask: return .rejected(text(e, lang))
            default: return .failed(text(e, .en))
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// Writes files as one plan folder, whole or not at all.
    public static func writeFolder(_ files: [(name: String, data: Data)], to folder: String) throws {
        try planner.writeFolder(files, to: folder)
    }

    /// The hard-rule violations of a written plan against its week (`cmatch verify`'s second opinion).
    public static func verify(_ s: Scenario, planFolder: String) -> [String] {
        do {
            let read = try planner.readPlanFolder(planFolder, scenario: s)
            let v = planner.verify(s, plan: read)
            return v.violations.map { $0.sentence(.en, calendar: s.settings.calendar) }
        } catch let e as PlannerError {
            return [text(e, .en)]
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
    public static func compare(_ folders: [String], lang: Language) -> [ComparisonRow] {
        guard let c = try? planner.compare(folders, language: lang) else { return [] }
        return c.rows.map { r in
            ComparisonRow(label: r.label(lang), values: r.values.map { $0.map { formatNumber($0, decimals: r.decimals) } ?? "—" },
                          differs: Set(r.values.map { $0.map { formatNumber($0, decimals: r.decimals) } ?? "—" }).count > 1)
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

    /// The file `cmatch export PLAN --format F -o plan.F` writes (csv: the assignments table, as `-o FILE.csv`),
    /// with the names, phones and times of the week's lists.
    public static func export(planFolder: String, scenarioFolder: String, format: ExportFormat, lang: Language) -> ExportOutcome {
        var request = ExportRequest(format: PlannerExportFormat(rawValue: format.rawValue)!, language: lang)
        request.singleCSV = true
        do {
            let exported = try planner.export(plan: planFolder, scenario: scenarioFolder, request)
            switch exported.output {
            case .file(let data): return .file(data)
            case .folder: return .failed("a folder export cannot be downloaded as one file")
            }
        } catch let e as PlannerError {
            return .failed(text(e, lang))
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
    public static func accept(planFolder: String, ledger: String, replace: Bool, lang: Language) -> AcceptResult {
        do {
            let a = try planner.accept(plan: planFolder, ledger: ledger, replace: replace)
            switch a.outcome {
            case .recorded: return .recorded
            case .alreadyRecorded: return .alreadyRecorded
            case .replaced: return .replaced
            }
        } catch let e as PlannerError {
            return .refused(text(e, lang))
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
        guard FileManager.default.fileExists(atPath: ledger), let report = try? planner.timeBank(ledger: ledger, by: .week) else { return nil }
        return (report.weeks.map { $0.week.description },
                report.memberTotals.map { Balance(id: $0.member, name: $0.name, unit: $0.unit, hours: $0.hours, services: $0.services) })
    }

    public static func number(_ x: Double, decimals: Int = 2) -> String { formatNumber(x, decimals: decimals) }
}
