import CommunityMatch
import Foundation
import ScenarioIO

/// A plan folder read back from its CSV files, with the row each assignment and booking came from.
public struct PlanFolder: Sendable {
    public var plan: Plan
    public var rows: PlanRows
    public var warnings: [Diagnostic]
    public var folder: String
}

/// Reads a plan folder's assignments.csv and resources.csv into a `Plan`, as a street office saves them back
/// from Excel or WPS: UTF-8 with or without BOM, GB18030, CRLF, columns reordered, Chinese headers, extra
/// columns. It reads the CSV files rather than plan.json because the CSV files are what people edit; plan.json
/// is the matcher's record and would hide the edit.
///
/// Covered tasks are inferred: a task is covered in the slot most of its assignment rows name (its bookings'
/// slot when it has no assignments), so a row moved to another slot shows as a violation of rule 4 or 5
/// rather than silently moving the task. resources.csv does not say which requirement a booking meets; the
/// reader matches bookings to requirements by kind, tag, capacity and amount (an optional `requirement`
/// column, 1-based as in plan.json, overrides this).
public enum PlanFolderReader {
    struct Column { var name: String; var chinese: [String]; var required: Bool }

    static let assignmentColumns: [Column] = [
        Column(name: "task_kind", chinese: ["任务类型", "类型"], required: true),
        Column(name: "task_id", chinese: ["任务编号", "任务"], required: true),
        Column(name: "role", chinese: ["角色"], required: false),
        Column(name: "member_id", chinese: ["党员编号", "党员"], required: true),
        Column(name: "slot", chinese: ["时段"], required: true),
        Column(name: "hours", chinese: ["小时", "时长"], required: false),
        Column(name: "travel_minutes", chinese: ["路程分钟", "路程"], required: false),
    ]
    static let bookingColumns: [Column] = [
        Column(name: "task_kind", chinese: ["任务类型", "类型"], required: true),
        Column(name: "task_id", chinese: ["任务编号", "任务"], required: true),
        Column(name: "resource_id", chinese: ["资源编号", "资源"], required: true),
        Column(name: "slot", chinese: ["时段"], required: true),
        Column(name: "amount", chinese: ["数量", "金额"], required: false),
        Column(name: "requirement", chinese: ["需求序号"], required: false),
    ]
    /// Columns the writer adds for people (names, units, the task's community): read past without a warning.
    static let known: Set<String> = ["member_name", "unit_id", "community", "姓名", "单位", "单位编号", "社区"]

    /// - Throws: `UnreadableInput` when the folder or assignments.csv is missing or unreadable (exit 66),
    ///   `InputError` listing every malformed row as `file:line:column: message` (exit 65).
    public static func read(folder: String, scenario: Scenario) throws -> PlanFolder {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw UnreadableInput(path: folder, Message(.noSuchPlanFolder))
        }
        let aPath = (folder as NSString).appendingPathComponent("assignments.csv")
        let bPath = (folder as NSString).appendingPathComponent("resources.csv")
        guard FileManager.default.fileExists(atPath: aPath) else {
            throw UnreadableInput(path: aPath, Message(.planNeedsAssignments))
        }
        var log = DiagnosticLog()
        let aText = try data(aPath)
        let bText = FileManager.default.fileExists(atPath: bPath) ? try data(bPath) : nil
        var plan = Plan()
        var rows = PlanRows()
        let cal = scenario.settings.calendar
        let verifier = PlanVerifier(scenario: scenario)

        if let table = table(aText, file: aPath, log: &log), let cols = resolve(table, assignmentColumns, log: &log) {
            for row in table.rows {
                func cell(_ name: String) -> CSVCell? { cols[name].map { row.cells[$0] } }
                var ok = true
                let ref = taskRef(cell("task_kind")!, cell("task_id")!, file: aPath, log: &log)
                let member = required(cell("member_id")!, "member_id", file: aPath, log: &log)
                let slot = parseSlot(cell("slot")!, cal, file: aPath, log: &log)
                let hours = number(cell("hours"), file: aPath, log: &log, ok: &ok)
                let travel = number(cell("travel_minutes"), file: aPath, log: &log, ok: &ok)
                guard let ref, let member, let slot, ok else { continue }
                let t = verifier.task(ref), m = verifier.member(member)
                let computedTravel = (t != nil && m != nil) ? verifierTravelMinutes(scenario, from: m!.community, to: t!.community) : 0
                plan.assignments.append(Assignment(task: ref, role: cell("role")?.text ?? "", member: member, slot: slot,
                                                   hours: hours ?? t?.hours ?? 0, travelMinutes: travel ?? computedTravel))
                rows.assignments.append(SourceLocation(file: aPath, line: row.line))
            }
        }
        var requirementColumn: [Int?] = []
        if let bText, let table = table(bText, file: bPath, log: &log), let cols = resolve(table, bookingColumns, log: &log) {
            for row in table.rows {
                func cell(_ name: String) -> CSVCell? { cols[name].map { row.cells[$0] } }
                var ok = true
                let ref = taskRef(cell("task_kind")!, cell("task_id")!, file: bPath, log: &log)
                let resource = required(cell("resource_id")!, "resource_id", file: bPath, log: &log)
                let slot = parseSlot(cell("slot")!, cal, file: bPath, log: &log)
                let amount = number(cell("amount"), file: bPath, log: &log, ok: &ok)
                var requirement: Int? = nil
                if let c = cell("requirement"), !c.text.isEmpty {
                    if let k = Int(c.text), k >= 1 { requirement = k - 1 } else {
                        log.error(SourceLocation(file: bPath, line: c.line, column: c.column),
                                  Message(.planRequirement, ["value": c.text]))
                        ok = false
                    }
                }
                guard let ref, let resource, let slot, ok else { continue }
                let t = verifier.task(ref)
                plan.bookings.append(ResourceBooking(task: ref, requirement: requirement ?? -1, resource: resource, slot: slot,
                                                     amount: amount ?? 0))
                requirementColumn.append(requirement)
                rows.bookings.append(SourceLocation(file: bPath, line: row.line))
                if amount == nil, let t, t.requirements.count == 1 { plan.bookings[plan.bookings.count - 1].amount = t.requirements[0].amount ?? 0 }
            }
        }
        if log.hasErrors { throw InputError(log.sorted) }
        matchRequirements(&plan, given: requirementColumn, verifier: verifier)
        plan.covered = inferCovered(plan)
        return PlanFolder(plan: plan, rows: rows, warnings: log.warnings, folder: folder)
    }

    /// The scenario folder plan.json records (`scenario_folder`), if any: `explain` uses it when no
    /// `--scenario` is given.
    public static func recordedScenarioFolder(planFolder: String) -> String? {
        let path = (planFolder as NSString).appendingPathComponent("plan.json")
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let folder = object["scenario_folder"] as? String, !folder.isEmpty else { return nil }
        // Recorded relative to the plan folder (older plans: absolute).
        if folder.hasPrefix("/") { return folder }
        return ((planFolder as NSString).appendingPathComponent(folder) as NSString).standardizingPath
    }

    // MARK: - Pieces

    static func data(_ path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw UnreadableInput(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
    }

    static func table(_ data: Data, file: String, log: inout DiagnosticLog) -> CSVTable? {
        let (table, diags) = CSVReader.read(data, file: file, declared: nil)
        log.append(contentsOf: diags)
        if table == nil, !diags.contains(where: { $0.severity == .error }) {
            log.error(SourceLocation(file: file, line: 1), Message(.planNoHeader))
        }
        return table
    }

    /// Maps each known column to its position; English and Chinese names, any order, any case.
    static func resolve(_ table: CSVTable, _ columns: [Column], log: inout DiagnosticLog) -> [String: Int]? {
        var found: [String: Int] = [:]
        for (i, h) in table.header.enumerated() {
            let key = h.text.lowercased()
            if let c = columns.first(where: { $0.name == key || $0.chinese.contains(h.text) }) {
                if found[c.name] != nil {
                    log.error(SourceLocation(file: table.file, line: h.line, column: h.column), Message(.planColumnTwice, ["column": c.name]))
                } else { found[c.name] = i }
            } else if !known.contains(key) && !key.isEmpty {
                log.warning(SourceLocation(file: table.file, line: h.line, column: h.column), Message(.planUnknownColumn, ["column": h.text]))
            }
        }
        var ok = true
        for c in columns where c.required && found[c.name] == nil {
            log.error(SourceLocation(file: table.file, line: table.header.first?.line ?? 1),
                      Message(.planMissingColumn, ["column": c.name, "chinese": c.chinese.joined(separator: "/")]))
            ok = false
        }
        return ok ? found : nil
    }

    static func required(_ c: CSVCell, _ name: String, file: String, log: inout DiagnosticLog) -> String? {
        if c.text.isEmpty {
            log.error(SourceLocation(file: file, line: c.line, column: c.column), Message(.cellEmpty, ["column": name]))
            return nil
        }
        return c.text
    }

    static func taskRef(_ kind: CSVCell, _ id: CSVCell, file: String, log: inout DiagnosticLog) -> TaskRef? {
        let k: TaskKind?
        switch kind.text.lowercased() {
        case "need", "需求": k = .need
        case "project", "项目": k = .project
        default: k = nil
        }
        if k == nil {
            log.error(SourceLocation(file: file, line: kind.line, column: kind.column),
                      Message(.planTaskKind, ["value": kind.text]))
        }
        guard let k, let id = required(id, "task_id", file: file, log: &log) else { return nil }
        return TaskRef(k, id)
    }

    static func parseSlot(_ c: CSVCell, _ cal: SlotCalendar, file: String, log: inout DiagnosticLog) -> Slot? {
        if let s = cal.parse(c.text), s.count == 1 { return s[0] }
        log.error(SourceLocation(file: file, line: c.line, column: c.column),
                  Message(.planSlot, ["value": c.text, "example": cal.allSlots.first.map { cal.label(Slot(day: 5, period: $0.period)) } ?? "Sat-AM"]))
        return nil
    }

    static func number(_ c: CSVCell?, file: String, log: inout DiagnosticLog, ok: inout Bool) -> Double? {
        guard let c, !c.text.isEmpty else { return nil }
        if let x = Double(c.text), x.isFinite { return x }
        log.error(SourceLocation(file: file, line: c.line, column: c.column), Message(.planNotNumber, ["value": c.text]))
        ok = false
        return nil
    }

    /// Gives each booking without a `requirement` cell the requirement of its task it fits best, each
    /// requirement at most once; bookings left over get an index past the end, which the verifier reports.
    static func matchRequirements(_ plan: inout Plan, given: [Int?], verifier: PlanVerifier) {
        var byTask: [TaskRef: [Int]] = [:]
        for (i, b) in plan.bookings.enumerated() where given.indices.contains(i) && given[i] == nil { byTask[b.task, default: []].append(i) }
        for (ref, idx) in byTask.sorted(by: { $0.key < $1.key }) {
            guard let t = verifier.task(ref) else { continue }
            let taken = Set(plan.bookings.indices.filter { given.indices.contains($0) && given[$0] != nil && plan.bookings[$0].task == ref }
                .map { plan.bookings[$0].requirement })
            let free = t.requirements.indices.filter { !taken.contains($0) }
            func score(_ b: ResourceBooking, _ q: Int) -> Int {
                let req = t.requirements[q]
                guard let r = verifier.resource(b.resource) else { return 0 }
                var s = 0
                if sameText(r.kind, req.kind) { s += 4 }
                if verifierResourceFits(r, req, task: t, slot: b.slot, in: verifier.scenario).isEmpty { s += 2 }
                if abs((req.amount ?? 0) - b.amount) < verifierTolerance { s += 1 }
                return s
            }
            // Exhaustive over the few requirements a task has; ties keep the list order, so the result is stable.
            var best: [Int] = [], bestScore = -1
            var current: [Int] = []
            func search(_ k: Int, _ used: Set<Int>, _ total: Int) {
                if k == idx.count {
                    if total > bestScore { bestScore = total; best = current }
                    return
                }
                for q in free where !used.contains(q) {
                    current.append(q); search(k + 1, used.union([q]), total + score(plan.bookings[idx[k]], q)); current.removeLast()
                }
                if idx.count - k > free.count - used.count {
                    current.append(-1); search(k + 1, used, total); current.removeLast()
                }
            }
            // A hand-edited file may pile dozens of bookings on one task; the exhaustive pairing is for the few a
            // task really has, so beyond that the bookings take the free requirements in order.
            if free.count <= 6 && idx.count <= 6 { search(0, [], 0) } else { best = idx.indices.map { $0 < free.count ? free[$0] : -1 } }
            var extra = t.requirements.count
            for (k, i) in idx.enumerated() {
                var q = k < best.count ? best[k] : -1
                if q < 0 { q = extra; extra += 1 }
                plan.bookings[i].requirement = q
            }
        }
    }

    /// A task is covered in the slot most of its assignments name (ties: the earliest); with no assignments, in
    /// the slot of its bookings.
    static func inferCovered(_ plan: Plan) -> [TaskRef: Slot] {
        var counts: [TaskRef: [Slot: Int]] = [:]
        for a in plan.assignments { counts[a.task, default: [:]][a.slot, default: 0] += 1 }
        for b in plan.bookings where counts[b.task] == nil || counts[b.task]!.isEmpty {
            counts[b.task, default: [:]][b.slot, default: 0] += 0
        }
        var covered: [TaskRef: Slot] = [:]
        for (ref, slots) in counts {
            covered[ref] = slots.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first!.key
        }
        return covered
    }
}
