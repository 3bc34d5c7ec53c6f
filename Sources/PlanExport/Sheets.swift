import CommunityMatch
import ScenarioIO
import PlanIO
import PlanVerify

/// One cell of a table export. Ids, phone numbers, dates and slot labels are `.text`: Excel and LibreOffice
/// turn a long digit string into `1.1E+17` (and drop leading zeros) unless the cell is text.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)

    /// The cell as CSV and people see it.
    public var display: String {
        switch self {
        case .text(let s): return s
        case .number(let x): return formatNumber(x, decimals: 4)
        }
    }
}

public struct Column: Sendable {
    public var header: String
    /// Width in Excel's character units; a Chinese character takes about two.
    public var width: Double
    public init(_ header: String, _ width: Double) { self.header = header; self.width = width }
}

/// One sheet of the workbook, and one file of the CSV export: xlsx and csv are rendered from the same
/// tables, so they always agree.
public struct Sheet: Sendable {
    /// The tab's name (派单 …) in the workbook.
    public var name: String
    /// The CSV file's name, ASCII so scripts need no quoting: `assignments.csv` ….
    public var fileName: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// A second header row of hints (the fill-in template's); frozen with the header.
    public var hints: [String]? = nil
    /// Data validation per column (0-based), as an information prompt: the template's drop-downs.
    public var validations: [(column: Int, values: ScenarioTemplate.Values)] = []
    /// Columns whose empty cells are formatted as text, so that an id or phone typed later stays as typed.
    public var textColumns: Set<Int> = []
    public init(name: String, fileName: String, columns: [Column], rows: [[Cell]]) {
        self.name = name; self.fileName = fileName; self.columns = columns; self.rows = rows
    }
}

extension ExportPlan {
    /// 派单, 未满足需求, 单位, 资源, 汇总 — in this order.
    public var sheets: [Sheet] { [assignmentsSheet, unmetSheet, unitsSheet, resourcesSheet, summarySheet] }

    func columns(_ spec: [(String, String, Double)]) -> [Column] {
        spec.map { Column(language.pick($0.0, $0.1), $0.2) }
    }

    /// One row per assignment of plan.json (the rows of assignments.csv), by community and slot.
    public var assignmentsSheet: Sheet {
        let cols = columns([
            ("社区编号", "community_id", 10), ("社区", "community", 16), ("日期", "date", 12), ("星期", "day", 6),
            ("时段", "slot", 9), ("时间", "time", 12), ("任务类型", "task_kind", 9), ("任务编号", "task_id", 10),
            ("任务", "task", 30), ("角色", "role", 9), ("党员编号", "member_id", 11), ("姓名", "member_name", 10),
            ("电话", "phone", 14), ("单位编号", "unit_id", 10), ("单位", "unit", 24), ("小时", "hours", 7),
            ("路程（分钟）", "travel_minutes", 12),
        ])
        let rows: [[Cell]] = assignmentsByCommunity.map { a in
            let c = community(of: a), u = unit(of: a), s = slot(a.slot)
            return [
                .text(c), .text(communityName(c)), .text(s.map(date) ?? ""), .text(s.map { dayName($0.day) } ?? ""),
                .text(a.slot), .text(s.map(times) ?? ""), .text(taskKindName(a.taskKind)), .text(a.taskID),
                .text(taskTitle(kind: a.taskKind, id: a.taskID)), .text(roleName(a.role)), .text(a.member),
                .text(a.memberName.isEmpty ? memberName(a.member) : a.memberName), .text(memberPhone(a.member)),
                .text(u), .text(unitName(u)), .number(a.hours), .number((a.travelMinutes * 100).rounded() / 100),
            ]
        }
        return Sheet(name: language.pick("派单", "Assignments"), fileName: "assignments.csv", columns: cols, rows: rows)
    }

    public var unmetSheet: Sheet {
        let cols = columns([
            ("任务类型", "task_kind", 9), ("任务编号", "task_id", 10), ("任务", "task", 30), ("社区编号", "community_id", 10),
            ("社区", "community", 16), ("优先级", "priority", 7), ("价值", "value", 8), ("原因代码", "reason_code", 16),
            ("原因", "reason", 60),
        ])
        let reasons = unmetReasons()
        let rows: [[Cell]] = document.unmet.map { u in
            let c = u.community.isEmpty ? taskCommunity(kind: u.taskKind, id: u.taskID) : u.community
            let sentence = TaskKind(rawValue: u.taskKind).flatMap { reasons[TaskRef($0, u.taskID)] } ?? reasonName(u.reasonCode)
            return [.text(taskKindName(u.taskKind)), .text(u.taskID), .text(taskTitle(kind: u.taskKind, id: u.taskID)),
                    .text(c), .text(communityName(c)), .number(Double(u.priority)), .number(u.value),
                    .text(u.reasonCode), .text(sentence)]
        }
        return Sheet(name: language.pick("未满足需求", "Unmet"), fileName: "unmet.csv", columns: cols, rows: rows)
    }

    public func reasonName(_ code: String) -> String { language.reason(code) }

    /// Resources each unit lent, by name, in booking order.
    func lent(by unit: String) -> [String] {
        var seen: [String] = []
        for b in document.bookings where (b.unit.isEmpty ? resources[b.resource]?.unit ?? "" : b.unit) == unit {
            let n = resourceName(b.resource)
            if !seen.contains(n) { seen.append(n) }
        }
        return seen
    }

    public var unitsSheet: Sheet {
        let cols = columns([
            ("单位编号", "unit_id", 10), ("单位", "unit", 26), ("类别", "kind", 10), ("联系人", "contact", 22),
            ("承诺小时", "pledge_hours", 9), ("服务小时", "served_hours", 9), ("缺口小时", "shortfall", 9),
            ("服务党员数", "members_serving", 10), ("出借资源次数", "resources_lent", 12), ("出借资源", "resources", 30),
        ])
        let rows: [[Cell]] = document.units.map { l in
            [.text(l.unit), .text(unitName(l.unit)), .text(units[l.unit]?.kind ?? ""), .text(unitContact(l.unit)),
             .number(l.pledgeHours), .number(l.servedHours), .number(l.shortfall), .number(Double(l.membersServing)),
             .number(Double(l.resourcesLent)), .text(language.list(lent(by: l.unit)))]
        }
        return Sheet(name: language.pick("单位", "Units"), fileName: "units.csv", columns: cols, rows: rows)
    }

    public var resourcesSheet: Sheet {
        let cols = columns([
            ("任务类型", "task_kind", 9), ("任务编号", "task_id", 10), ("任务", "task", 30), ("资源编号", "resource_id", 10),
            ("资源", "resource", 24), ("类别", "kind", 10), ("单位编号", "unit_id", 10), ("单位", "unit", 24),
            ("日期", "date", 12), ("时段", "slot", 9), ("时间", "time", 12), ("数量", "amount", 8),
        ])
        let rows: [[Cell]] = document.bookings.map { b in
            let u = b.unit.isEmpty ? resources[b.resource]?.unit ?? "" : b.unit
            let s = slot(b.slot)
            return [.text(taskKindName(b.taskKind)), .text(b.taskID), .text(taskTitle(kind: b.taskKind, id: b.taskID)),
                    .text(b.resource), .text(resourceName(b.resource)), .text(language.term(resourceKind(b.resource))), .text(u),
                    .text(unitName(u)), .text(s.map(date) ?? ""), .text(b.slot), .text(s.map(times) ?? ""), .number(b.amount)]
        }
        return Sheet(name: language.pick("资源", "Resources"), fileName: "resources.csv", columns: cols, rows: rows)
    }

    /// The plan's KPIs as label/value rows, computed from plan.json's lines so the sheet says what the
    /// other sheets show.
    public var summaryKPIs: [(String, Cell)] {
        let d = document
        let p = language.pick
        var out: [(String, Cell)] = [
            (p("方案", "scenario"), .text(d.scenario)),
            (p("周次", "week"), .text(weekText)),
        ]
        if let week {
            out.append((p("日期", "dates"), .text("\(week.monday.iso) – \(week.monday.adding(days: 6).iso)")))
        }
        out.append((p("求解状态", "status"), .text(language.status(d.status))))
        out.append((p("最大差距", "largest gap"), .number(d.largestGap)))
        out.append((p("任务数", "tasks"), .number(Double(d.tasks.tasks))))
        out.append((p("已满足任务", "tasks covered"), .number(Double(d.tasks.covered))))
        out.append((p("满足率", "coverage rate"), .number(d.tasks.tasks == 0 ? 0 : (Double(d.tasks.covered) / Double(d.tasks.tasks) * 10000).rounded() / 10000)))
        out.append((p("已满足价值", "value covered"), .number(d.tasks.coveredValue)))
        for k in d.byPriority.keys.sorted(by: { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }) {
            let c = d.byPriority[k]!
            out.append((p("优先级 \(k) 满足", "priority \(k) covered"), .text("\(c.covered)/\(c.tasks)")))
        }
        for k in d.byCommunity.keys.sorted() {
            let c = d.byCommunity[k]!
            out.append((p("\(communityName(k))（\(k)）满足", "\(communityName(k)) (\(k)) covered"), .text("\(c.covered)/\(c.tasks)")))
        }
        for code in ReasonCode.allCases.map(\.rawValue) {
            out.append((p("未满足：", "unmet: ") + reasonName(code), .number(Double(d.unmet.filter { $0.reasonCode == code }.count))))
        }
        let serving = Set(d.assignments.map(\.member)).count
        let hours = d.assignments.map(\.hours).reduce(0, +)
        out.append((p("派单数", "assignments"), .number(Double(d.assignments.count))))
        out.append((p("参与党员", "members serving"), .number(Double(serving))))
        out.append((p("服务小时", "hours served"), .number(hours)))
        // The travel figure with its parts, as solve prints it and summary.json records it (kpis.travel).
        let travel = d.travelFigure
        func minutes(_ x: Double) -> Cell { .number((x * 100).rounded() / 100) }
        out.append((p("步行路程合计（分钟）", "travel minutes walked"), minutes(travel.walkedMinutes)))
        out.append((p("连续服务奖励（分钟）", "continuity bonus (minutes)"), minutes(travel.bonusMinutes)))
        out.append((p("由偏好党员服务的需求", "needs served by their preferred member"), .number(Double(travel.preferredServed))))
        out.append((p("路程目标（分钟）= 步行 − 奖励", "travel objective (minutes) = walked − bonus"), minutes(travel.objectiveMinutes)))
        if let f = travel.fairness { out.append((p("公平项（另一目标层）", "fairness term (a level of its own)"), minutes(f))) }
        out.append((p("承诺缺口合计（小时）", "pledge shortfall (hours)"), .number(d.units.map(\.shortfall).reduce(0, +))))
        out.append((p("资源预订", "resource bookings"), .number(Double(d.bookings.count))))
        return out
    }

    public var summarySheet: Sheet {
        Sheet(name: language.pick("汇总", "Summary"), fileName: "summary.csv",
              columns: columns([("指标", "indicator", 30), ("值", "value", 26)]),
              rows: summaryKPIs.map { [.text($0.0), $0.1] })
    }
}
