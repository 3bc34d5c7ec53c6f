import CommunityMatch
import Foundation

/// The parts of a plan.json that `compare` (and later readers) need, read back without the scenario.
public struct PlanDocument: Sendable, Equatable {
    public struct Coverage: Sendable, Equatable {
        public var tasks: Int
        public var covered: Int
        public var coveredValue: Double
        public init(tasks: Int, covered: Int, coveredValue: Double) {
            self.tasks = tasks; self.covered = covered; self.coveredValue = coveredValue
        }
    }

    public struct AssignmentLine: Sendable, Equatable {
        public var taskKind: String
        public var taskID: String
        public var role: String
        public var member: String
        public var unit: String
        public var slot: String
        public var hours: Double
        public var travelMinutes: Double
        /// The member's name and the task's community as the plan recorded them (empty when absent).
        public var memberName: String = ""
        public var community: String = ""
        public init(taskKind: String, taskID: String, role: String = "", member: String, unit: String = "",
                    slot: String, hours: Double, travelMinutes: Double = 0) {
            self.taskKind = taskKind; self.taskID = taskID; self.role = role; self.member = member
            self.unit = unit; self.slot = slot; self.hours = hours; self.travelMinutes = travelMinutes
        }
    }

    /// One resource booked for a covered task (plan.json `resources`).
    public struct BookingLine: Sendable, Equatable {
        public var taskKind: String
        public var taskID: String
        /// 1-based position of the requirement in the task's `resources` list.
        public var requirement: Int
        public var resource: String
        public var unit: String
        public var slot: String
        public var amount: Double
        public init(taskKind: String, taskID: String, requirement: Int, resource: String, unit: String, slot: String, amount: Double) {
            self.taskKind = taskKind; self.taskID = taskID; self.requirement = requirement; self.resource = resource
            self.unit = unit; self.slot = slot; self.amount = amount
        }
    }

    /// One unmet task with its reason (plan.json `unmet`).
    public struct UnmetLine: Sendable, Equatable {
        public var taskKind: String
        public var taskID: String
        public var community: String
        public var priority: Int
        public var value: Double
        public var reasonCode: String
        public var reason: String
        public init(taskKind: String, taskID: String, community: String, priority: Int, value: Double, reasonCode: String, reason: String) {
            self.taskKind = taskKind; self.taskID = taskID; self.community = community; self.priority = priority
            self.value = value; self.reasonCode = reasonCode; self.reason = reason
        }
    }

    public struct UnitLine: Sendable, Equatable {
        public var unit: String
        public var pledgeHours: Double
        public var servedHours: Double
        public var shortfall: Double
        public var membersServing: Int = 0
        public var resourcesLent: Int = 0
        public init(unit: String, pledgeHours: Double, servedHours: Double, shortfall: Double) {
            self.unit = unit; self.pledgeHours = pledgeHours; self.servedHours = servedHours; self.shortfall = shortfall
        }
    }

    public var scenario: String
    public var week: String
    /// nil for plans written before plans recorded it.
    public var scenarioHash: String?
    public var status: String
    public var tasks: Coverage
    /// Keyed by priority as written ("1", "2", …).
    public var byPriority: [String: Coverage]
    public var byCommunity: [String: Coverage]
    public var assignments: [AssignmentLine]
    /// reason_code of each unmet task.
    public var unmetReasons: [String]
    public var units: [UnitLine]
    /// The rest of plan.json, for exports: bookings, unmet tasks with reasons, the folder of the scenario
    /// solved (relative to the plan folder, as written).
    public var bookings: [BookingLine] = []
    public var unmet: [UnmetLine] = []
    public var scenarioFolder: String?
    /// Each objective level as summary.levels records it (empty for a document without them).
    public var levels: [LevelLine] = []
    /// summary.kpis.travel; nil for plans written before it was recorded (`travelFigure` then falls back).
    public var travel: TravelFigure?

    public struct LevelLine: Sendable, Equatable {
        public var level: String
        public var value: Double
        public var bound: Double
        public var gap: Double
        public var optimal: Bool
        public init(level: String, value: Double, bound: Double, gap: Double, optimal: Bool) {
            self.level = level; self.value = value; self.bound = bound; self.gap = gap; self.optimal = optimal
        }
    }

    /// The travel figure: as recorded, or for an older plan the minutes walked with no bonus known.
    public var travelFigure: TravelFigure {
        travel ?? TravelFigure(walkedMinutes: assignments.map(\.travelMinutes).sorted().reduce(0, +), preferredServed: 0, bonusPerNeed: 0)
    }

    /// The largest relative gap of any level (0 when every level is proved optimal or none is recorded).
    public var largestGap: Double { levels.map(\.gap).max() ?? 0 }

    public init(scenario: String, week: String, scenarioHash: String? = nil, status: String = "optimal",
                tasks: Coverage, byPriority: [String: Coverage] = [:], byCommunity: [String: Coverage] = [:],
                assignments: [AssignmentLine] = [], unmetReasons: [String] = [], units: [UnitLine] = []) {
        self.scenario = scenario; self.week = week; self.scenarioHash = scenarioHash; self.status = status
        self.tasks = tasks; self.byPriority = byPriority; self.byCommunity = byCommunity
        self.assignments = assignments; self.unmetReasons = unmetReasons; self.units = units
    }
}

/// Why a plan could not be read: the file itself (exit 66) or its content (exit 65).
public enum PlanReadError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, message: String)

    public var description: String { text(.en) }

    /// In `lang`; the reader's note on a malformed document names a JSON key and stays as written.
    public func text(_ lang: Language) -> String {
        switch self {
        case .unreadable(let p, let r):
            let reason = r == "no such file" ? lang(.planNoSuchFile) : r == "not readable" ? lang(.planNotReadable) : r
            return lang(.planCannotRead, ["path": p, "reason": reason])
        case .malformed(let p, let m): return lang(.planMalformed, ["path": p, "detail": m])
        }
    }
}

/// Reads plan.json (format `cmatch-plan/1`, written by `PlanWriter.planDocument`) with JSONSerialization: the
/// document is ours, but a hand-edited or truncated one must give a message naming the key, not a crash.
public enum PlanDocumentReader {
    /// - Parameter path: a plan folder (its plan.json is read) or a plan.json file.
    public static func read(path: String) throws -> PlanDocument {
        var isDir: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            ? (path as NSString).appendingPathComponent("plan.json") : path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw PlanReadError.unreadable(path: file, reason: FileManager.default.fileExists(atPath: file) ? "not readable" : "no such file")
        }
        return try parse(data, path: file)
    }

    public static func parse(_ data: Data, path: String) throws -> PlanDocument {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw PlanReadError.malformed(path: path, message: "invalid JSON")
        }
        var r = Reader(path: path)
        guard let top = root as? [String: Any] else { throw r.fail("the document is not a JSON object") }
        guard (top["format"] as? String)?.hasPrefix("cmatch-plan/") == true else {
            throw r.fail("'format' must be cmatch-plan/1")
        }
        let summary = try r.object(top, "summary")
        let kpis = try r.object(summary, "kpis", in: "summary")
        func coverage(_ o: [String: Any], _ at: String) throws -> PlanDocument.Coverage {
            PlanDocument.Coverage(tasks: try r.int(o, "tasks", in: at), covered: try r.int(o, "covered", in: at),
                                  coveredValue: try r.number(o, "covered_value", in: at))
        }
        func coverageMap(_ key: String) throws -> [String: PlanDocument.Coverage] {
            let m = try r.object(kpis, key, in: "summary.kpis")
            var out: [String: PlanDocument.Coverage] = [:]
            for (k, v) in m {
                guard let o = v as? [String: Any] else { throw r.fail("summary.kpis.\(key).\(k) must be an object") }
                out[k] = try coverage(o, "summary.kpis.\(key).\(k)")
            }
            return out
        }
        var doc = PlanDocument(
            scenario: try r.string(summary, "scenario", in: "summary"),
            week: try r.string(summary, "week", in: "summary"),
            scenarioHash: summary["scenario_hash"] as? String,
            status: try r.string(summary, "status", in: "summary"),
            tasks: try coverage(try r.object(kpis, "tasks", in: "summary.kpis"), "summary.kpis.tasks"),
            byPriority: try coverageMap("by_priority"),
            byCommunity: try coverageMap("by_community"))
        for (i, a) in try r.objects(top, "assignments").enumerated() {
            let at = "assignments[\(i)]"
            var line = PlanDocument.AssignmentLine(
                taskKind: try r.string(a, "task_kind", in: at), taskID: try r.string(a, "task_id", in: at),
                role: (a["role"] as? String) ?? "", member: try r.string(a, "member_id", in: at),
                unit: (a["unit_id"] as? String) ?? "", slot: try r.string(a, "slot", in: at),
                hours: try r.number(a, "hours", in: at), travelMinutes: try r.number(a, "travel_minutes", in: at))
            line.memberName = (a["member_name"] as? String) ?? ""
            line.community = (a["community"] as? String) ?? ""
            doc.assignments.append(line)
        }
        for (i, u) in try r.objects(top, "unmet").enumerated() {
            let at = "unmet[\(i)]"
            let code = try r.string(u, "reason_code", in: at)
            doc.unmetReasons.append(code)
            doc.unmet.append(.init(taskKind: try r.string(u, "task_kind", in: at), taskID: try r.string(u, "task_id", in: at),
                                   community: (u["community"] as? String) ?? "", priority: (u["priority"] as? NSNumber)?.intValue ?? 0,
                                   value: (u["value"] as? NSNumber)?.doubleValue ?? 0, reasonCode: code,
                                   reason: (u["reason"] as? String) ?? ""))
        }
        for (i, u) in try r.objects(top, "units").enumerated() {
            let at = "units[\(i)]"
            var line = PlanDocument.UnitLine(unit: try r.string(u, "unit_id", in: at), pledgeHours: try r.number(u, "pledge_hours", in: at),
                                             servedHours: try r.number(u, "served_hours", in: at), shortfall: try r.number(u, "shortfall", in: at))
            line.membersServing = (u["members_serving"] as? NSNumber)?.intValue ?? 0
            line.resourcesLent = (u["resources_lent"] as? NSNumber)?.intValue ?? 0
            doc.units.append(line)
        }
        // Plans written before bookings were recorded have no `resources` list: read as none.
        if top["resources"] != nil {
            for (i, b) in try r.objects(top, "resources").enumerated() {
                let at = "resources[\(i)]"
                doc.bookings.append(.init(taskKind: try r.string(b, "task_kind", in: at), taskID: try r.string(b, "task_id", in: at),
                                          requirement: try r.int(b, "requirement", in: at), resource: try r.string(b, "resource_id", in: at),
                                          unit: (b["unit_id"] as? String) ?? "", slot: try r.string(b, "slot", in: at),
                                          amount: try r.number(b, "amount", in: at)))
            }
        }
        doc.scenarioFolder = top["scenario_folder"] as? String
        for case let l as [String: Any] in (summary["levels"] as? [Any]) ?? [] {
            guard let name = l["level"] as? String else { continue }
            func n(_ k: String) -> Double { (l[k] as? NSNumber)?.doubleValue ?? 0 }
            doc.levels.append(.init(level: name, value: n("value"), bound: n("bound"), gap: n("gap"), optimal: (l["optimal"] as? Bool) ?? false))
        }
        if let t = kpis["travel"] as? [String: Any], let walked = (t["walked_minutes"] as? NSNumber)?.doubleValue {
            doc.travel = TravelFigure(walkedMinutes: walked, preferredServed: (t["preferred_served"] as? NSNumber)?.intValue ?? 0,
                                      bonusPerNeed: (t["continuity_bonus_per_need"] as? NSNumber)?.doubleValue ?? 0,
                                      fairness: (t["fairness"] as? NSNumber)?.doubleValue)
        }
        return doc
    }

    /// Typed access that names the missing or mistyped key.
    private struct Reader {
        let path: String
        func fail(_ m: String) -> PlanReadError { .malformed(path: path, message: m) }
        func name(_ key: String, _ at: String?) -> String { at.map { "\($0).\(key)" } ?? key }
        func object(_ o: [String: Any], _ key: String, in at: String? = nil) throws -> [String: Any] {
            guard let v = o[key] as? [String: Any] else { throw fail("'\(name(key, at))' must be an object") }
            return v
        }
        func objects(_ o: [String: Any], _ key: String) throws -> [[String: Any]] {
            guard let v = o[key] as? [Any] else { throw fail("'\(key)' must be a list") }
            return try v.enumerated().map { i, x in
                guard let d = x as? [String: Any] else { throw fail("'\(key)[\(i)]' must be an object") }
                return d
            }
        }
        func string(_ o: [String: Any], _ key: String, in at: String) throws -> String {
            guard let v = o[key] as? String else { throw fail("'\(name(key, at))' must be a string") }
            return v
        }
        func number(_ o: [String: Any], _ key: String, in at: String) throws -> Double {
            guard let n = o[key] as? NSNumber, n.doubleValue.isFinite else {
                throw fail("'\(name(key, at))' must be a number")
            }
            return n.doubleValue
        }
        func int(_ o: [String: Any], _ key: String, in at: String) throws -> Int {
            let x = try number(o, key, in: at)
            guard x == x.rounded(), abs(x) < 1e15 else { throw fail("'\(name(key, at))' must be a whole number") }
            return Int(x)
        }
    }
}
