import CommunityMatch
import Foundation

/// Versions printed into summary.json and plan.json.
public struct ToolVersions: Sendable {
    public var cmatch: String
    public var solver: String
    public init(cmatch: String, solver: String) { self.cmatch = cmatch; self.solver = solver }
}

/// The plan folder of SPEC.md: assignments.csv, resources.csv, unmet.csv, units.csv, summary.json and
/// plan.json. Rows are sorted and numbers formatted one way, so identical inputs give identical bytes;
/// timings appear only in summary.json.
public struct PlanWriter {
    public let scenario: Scenario
    public let plan: Plan
    public let versions: ToolVersions
    /// `ScenarioHash` of the scenario solved, recorded so `compare` can tell plans of the same data apart
    /// from plans of different what-ifs; nil leaves the key out.
    public let scenarioHash: String?

    /// The scenario folder the plan was solved from, relative to the plan folder (see `relativePath`),
    /// recorded in plan.json as `scenario_folder` so that `cmatch explain PLAN` finds the scenario without
    /// being told; nil leaves the key out. Relative, not absolute, so that the same inputs give the same
    /// bytes whatever the working directory or machine, and a plan moved together with its scenario
    /// still finds it.
    public var scenarioFolder: String? = nil

    /// Extra sections appended to summary.json only (e.g. `bottlenecks` from `solve --bottlenecks`). Not in
    /// plan.json: plan.json stays the same bytes whatever analyses were asked for.
    public var summaryExtras: [(String, JSON)] = []

    /// The path of `target` as seen from inside `folder` (both relative to the working directory or
    /// absolute), e.g. `../scenarios/tiny-lanes`.
    public static func relativePath(from folder: String, to target: String) -> String {
        func parts(_ p: String) -> [String] {
            let cwd = FileManager.default.currentDirectoryPath
            let absolute = p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p)
            return URL(fileURLWithPath: absolute).standardizedFileURL.path.split(separator: "/").map(String.init)
        }
        let a = parts(folder), b = parts(target)
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: a.count - common)
        let path = (up + b[common...]).joined(separator: "/")
        return path.isEmpty ? "." : path
    }

    private let members: [String: Member]
    private let calendar: SlotCalendar
    private let taskCommunity: [TaskRef: String]

    public init(scenario: Scenario, plan: Plan, versions: ToolVersions, scenarioHash: String? = nil) {
        self.scenario = scenario
        self.plan = plan
        self.versions = versions
        self.scenarioHash = scenarioHash
        members = Dictionary(scenario.members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        calendar = scenario.settings.calendar
        var tc: [TaskRef: String] = [:]
        for n in scenario.needs { tc[TaskRef(.need, n.id)] = n.community }
        for p in scenario.projects { tc[TaskRef(.project, p.id)] = p.community }
        taskCommunity = tc
    }

    public func files() -> [(name: String, data: Data)] {
        [
            ("assignments.csv", Data(assignmentsCSV().utf8)),
            ("resources.csv", Data(resourcesCSV().utf8)),
            ("unmet.csv", Data(unmetCSV().utf8)),
            ("units.csv", Data(unitsCSV().utf8)),
            ("summary.json", Data((summary(includeTimings: true).rendered() + "\n").utf8)),
            ("plan.json", Data((planDocument().rendered() + "\n").utf8)),
        ]
    }

    public func write(to folder: String) throws {
        try AtomicFolder.write(files(), to: folder)
    }

    // MARK: - CSV files

    var sortedAssignments: [Assignment] {
        plan.assignments.sorted {
            ($0.task.kind, $0.task.id, $0.role, $0.member, $0.slot) < ($1.task.kind, $1.task.id, $1.role, $1.member, $1.slot)
        }
    }

    public func assignmentsCSV() -> String {
        var csv = CSVText(header: ["task_kind", "task_id", "role", "member_id", "member_name", "unit_id", "community",
                                   "slot", "hours", "travel_minutes"])
        for a in sortedAssignments {
            let m = members[a.member]
            csv.row([a.task.kind.rawValue, a.task.id, a.role, a.member, m?.name ?? "", m?.unit ?? "",
                     taskCommunity[a.task] ?? "", calendar.label(a.slot), formatNumber(a.hours),
                     formatNumber(a.travelMinutes, decimals: 2)])
        }
        return csv.text
    }

    public func resourcesCSV() -> String {
        let owner = Dictionary(scenario.resources.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        var csv = CSVText(header: ["task_kind", "task_id", "resource_id", "unit_id", "slot", "amount"])
        for b in plan.bookings.sorted(by: { ($0.task, $0.requirement, $0.resource) < ($1.task, $1.requirement, $1.resource) }) {
            csv.row([b.task.kind.rawValue, b.task.id, b.resource, owner[b.resource] ?? "", calendar.label(b.slot), formatNumber(b.amount)])
        }
        return csv.text
    }

    public func unmetCSV() -> String {
        var csv = CSVText(header: ["task_kind", "task_id", "community", "priority", "value", "reason_code", "reason"])
        for u in plan.unmet.sorted(by: { $0.task < $1.task }) {
            csv.row([u.task.kind.rawValue, u.task.id, u.community, String(u.priority), formatNumber(u.value),
                     u.reason.rawValue, u.detail])
        }
        return csv.text
    }

    struct UnitLine {
        var unit: StationedUnit
        var served: Double
        var shortfall: Double
        var membersServing: Int
        var resourcesLent: Int
    }

    var unitLines: [UnitLine] {
        var served: [String: Double] = [:]
        var serving: [String: Set<String>] = [:]
        for a in plan.assignments {
            guard let u = members[a.member]?.unit else { continue }
            served[u, default: 0] += a.hours
            serving[u, default: []].insert(a.member)
        }
        let owner = Dictionary(scenario.resources.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        var lent: [String: Int] = [:]
        for b in plan.bookings { if let u = owner[b.resource] { lent[u, default: 0] += 1 } }
        return scenario.units.sorted { $0.id < $1.id }.map { u in
            let s = served[u.id] ?? 0
            return UnitLine(unit: u, served: s, shortfall: max(0, u.pledgeHours - s),
                            membersServing: serving[u.id]?.count ?? 0, resourcesLent: lent[u.id] ?? 0)
        }
    }

    public func unitsCSV() -> String {
        var csv = CSVText(header: ["unit_id", "pledge_hours", "served_hours", "shortfall", "members_serving", "resources_lent"])
        for l in unitLines {
            csv.row([l.unit.id, formatNumber(l.unit.pledgeHours), formatNumber(l.served), formatNumber(l.shortfall),
                     String(l.membersServing), String(l.resourcesLent)])
        }
        return csv.text
    }

    // MARK: - JSON

    func levelsJSON() -> JSON {
        .array(plan.levels.map { l in
            .object([("level", .string(l.level.rawValue)), ("value", .number(l.value)), ("bound", .number(l.bound)),
                     ("gap", .number(l.gap)), ("optimal", .bool(l.optimal)),
                     ("status", .string(l.statusCode))])
        })
    }

    func kpis() -> JSON {
        struct Tally { var total = 0; var covered = 0; var value = 0.0; var coveredValue = 0.0 }
        var byPriority: [Int: Tally] = [:]
        var byCommunity: [String: Tally] = [:]
        var all = Tally()
        func add(_ ref: TaskRef, _ priority: Int, _ community: String, _ value: Double) {
            let covered = plan.covered[ref] != nil
            byPriority[priority, default: Tally()].total += 1
            byCommunity[community, default: Tally()].total += 1
            all.total += 1
            byPriority[priority]!.value += value
            byCommunity[community]!.value += value
            all.value += value
            if covered {
                byPriority[priority]!.covered += 1; byPriority[priority]!.coveredValue += value
                byCommunity[community]!.covered += 1; byCommunity[community]!.coveredValue += value
                all.covered += 1; all.coveredValue += value
            }
        }
        for n in scenario.needs { add(TaskRef(.need, n.id), n.priority, n.community, scenario.value(of: n)) }
        for p in scenario.projects { add(TaskRef(.project, p.id), p.priority, p.community, scenario.value(of: p)) }
        func tally(_ t: Tally) -> JSON {
            .object([("tasks", .integer(t.total)), ("covered", .integer(t.covered)),
                     ("coverage_rate", .number(t.total == 0 ? 0 : Double(t.covered) / Double(t.total))),
                     ("value", .number(t.value)), ("covered_value", .number(t.coveredValue))])
        }
        var hours: [String: Double] = [:]
        for a in plan.assignments { hours[a.member, default: 0] += a.hours }
        let served = hours.values.sorted()
        let travel = plan.assignments.map(\.travelMinutes).sorted().reduce(0, +)
        var reasons: [String: Int] = [:]
        for u in plan.unmet { reasons[u.reason.rawValue, default: 0] += 1 }
        let totalHours = served.reduce(0, +)
        let meanHours = served.isEmpty ? 0 : totalHours / Double(served.count)
        let meanTravel = plan.assignments.isEmpty ? 0 : travel / Double(plan.assignments.count)
        let needsCovered = plan.covered.keys.filter { $0.kind == .need }.count
        let projectsRun = plan.covered.keys.filter { $0.kind == .project }.count
        let priorityPairs: [(String, JSON)] = byPriority.keys.sorted().map { (String($0), tally(byPriority[$0]!)) }
        let communityPairs: [(String, JSON)] = byCommunity.keys.sorted().map { ($0, tally(byCommunity[$0]!)) }
        let reasonPairs: [(String, JSON)] = ReasonCode.allCases.map { ($0.rawValue, JSON.integer(reasons[$0.rawValue] ?? 0)) }
        let shortfall = unitLines.map(\.shortfall).reduce(0, +)
        var pairs: [(String, JSON)] = []
        pairs.append(("tasks", tally(all)))
        pairs.append(("needs_covered", .integer(needsCovered)))
        pairs.append(("projects_run", .integer(projectsRun)))
        pairs.append(("by_priority", .object(priorityPairs)))
        pairs.append(("by_community", .object(communityPairs)))
        pairs.append(("unmet_by_reason", .object(reasonPairs)))
        pairs.append(("assignments", .integer(plan.assignments.count)))
        pairs.append(("members", .integer(scenario.members.count)))
        pairs.append(("members_serving", .integer(served.count)))
        pairs.append(("hours_per_member", .object([("total", .number(totalHours)), ("mean", .number(meanHours)),
                                                   ("max", .number(served.last ?? 0))])))
        pairs.append(("travel_minutes", .object([("total", .number(travel)), ("mean", .number(meanTravel))])))
        // The travel figure with its parts (docs/glossary.md): travel_minutes.total is what members walk; the
        // travel level's value is that less the continuity bonus; with a ledger the fairness level is named too.
        let figure = TravelFigure(scenario: scenario, plan: plan)
        var travelParts: [(String, JSON)] = [
            ("walked_minutes", .number(figure.walkedMinutes)), ("preferred_served", .integer(figure.preferredServed)),
            ("continuity_bonus_per_need", .number(figure.bonusPerNeed)), ("continuity_bonus_minutes", .number(figure.bonusMinutes)),
            ("objective_minutes", .number(figure.objectiveMinutes)),
        ]
        if let f = figure.fairness { travelParts.append(("fairness", .number(f))) }
        pairs.append(("travel", .object(travelParts)))
        pairs.append(("pledge_shortfall_hours", .number(shortfall)))
        pairs.append(("resource_bookings", .integer(plan.bookings.count)))
        return .object(pairs)
    }

    public func summary(includeTimings: Bool) -> JSON {
        var pairs: [(String, JSON)] = [
            ("scenario", .string(scenario.settings.name)),
            ("week", .string(scenario.settings.week)),
            ("status", .string(plan.status.rawValue)),
            ("levels", levelsJSON()),
            ("kpis", kpis()),
        ]
        if let scenarioHash { pairs.insert(("scenario_hash", .string(scenarioHash)), at: 2) }
        if includeTimings { pairs += summaryExtras }
        if includeTimings {
            pairs.append(("timings_seconds", .object(plan.timings.keys.sorted().map { ($0, .number(plan.timings[$0]!)) })))
        }
        pairs.append(("versions", .object([("cmatch", .string(versions.cmatch)), ("solver", .string(versions.solver))])))
        return .object(pairs)
    }

    /// Everything in one document, without timings so it is byte-identical across runs.
    public func planDocument() -> JSON {
        let owner = Dictionary(scenario.resources.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        var head: [(String, JSON)] = [("format", .string("cmatch-plan/1"))]
        if let scenarioFolder {
            head.append(("scenario_folder", .string(scenarioFolder)))
        }
        return .object(head + [
            ("summary", summary(includeTimings: false)),
            ("covered", .array(plan.covered.keys.sorted().map { ref in
                .object([("task_kind", .string(ref.kind.rawValue)), ("task_id", .string(ref.id)),
                         ("slot", .string(calendar.label(plan.covered[ref]!)))])
            })),
            ("assignments", .array(sortedAssignments.map { a in
                let m = members[a.member]
                return .object([
                    ("task_kind", .string(a.task.kind.rawValue)), ("task_id", .string(a.task.id)), ("role", .string(a.role)),
                    ("member_id", .string(a.member)), ("member_name", .string(m?.name ?? "")), ("unit_id", .string(m?.unit ?? "")),
                    ("community", .string(taskCommunity[a.task] ?? "")), ("slot", .string(calendar.label(a.slot))),
                    ("hours", .number(a.hours)), ("travel_minutes", .number(a.travelMinutes)),
                ])
            })),
            ("resources", .array(plan.bookings.sorted(by: { ($0.task, $0.requirement, $0.resource) < ($1.task, $1.requirement, $1.resource) }).map { b in
                .object([("task_kind", .string(b.task.kind.rawValue)), ("task_id", .string(b.task.id)),
                         ("requirement", .integer(b.requirement + 1)), ("resource_id", .string(b.resource)),
                         ("unit_id", .string(owner[b.resource] ?? "")), ("slot", .string(calendar.label(b.slot))),
                         ("amount", .number(b.amount))])
            })),
            ("unmet", .array(plan.unmet.sorted(by: { $0.task < $1.task }).map { u in
                .object([("task_kind", .string(u.task.kind.rawValue)), ("task_id", .string(u.task.id)),
                         ("community", .string(u.community)), ("priority", .integer(u.priority)), ("value", .number(u.value)),
                         ("reason_code", .string(u.reason.rawValue)), ("reason", .string(u.detail))])
            })),
            ("units", .array(unitLines.map { l in
                .object([("unit_id", .string(l.unit.id)), ("pledge_hours", .number(l.unit.pledgeHours)),
                         ("served_hours", .number(l.served)), ("shortfall", .number(l.shortfall)),
                         ("members_serving", .integer(l.membersServing)), ("resources_lent", .integer(l.resourcesLent))])
            })),
        ])
    }
}
