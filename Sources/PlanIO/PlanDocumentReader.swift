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
        /// The member's name as the plan printed it (the ledger keeps it for the time-bank report).
        public var memberName: String = ""
        public init(taskKind: String, taskID: String, role: String = "", member: String, unit: String = "",
                    slot: String, hours: Double, travelMinutes: Double = 0) {
            self.taskKind = taskKind; self.taskID = taskID; self.role = role; self.member = member
            self.unit = unit; self.slot = slot; self.hours = hours; self.travelMinutes = travelMinutes
        }
    }

    public struct UnitLine: Sendable, Equatable {
        public var unit: String
        public var pledgeHours: Double
        public var servedHours: Double
        public var shortfall: Double
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

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read the plan: \(r)"
        case .malformed(let p, let m): return "\(p): not a cmatch plan.json: \(m)"
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
            doc.assignments.append(.init(
                taskKind: try r.string(a, "task_kind", in: at), taskID: try r.string(a, "task_id", in: at),
                role: (a["role"] as? String) ?? "", member: try r.string(a, "member_id", in: at),
                unit: (a["unit_id"] as? String) ?? "", slot: try r.string(a, "slot", in: at),
                hours: try r.number(a, "hours", in: at), travelMinutes: try r.number(a, "travel_minutes", in: at)))
            doc.assignments[doc.assignments.count - 1].memberName = (a["member_name"] as? String) ?? ""
        }
        for (i, u) in try r.objects(top, "unmet").enumerated() {
            doc.unmetReasons.append(try r.string(u, "reason_code", in: "unmet[\(i)]"))
        }
        for (i, u) in try r.objects(top, "units").enumerated() {
            let at = "units[\(i)]"
            doc.units.append(.init(unit: try r.string(u, "unit_id", in: at), pledgeHours: try r.number(u, "pledge_hours", in: at),
                                   servedHours: try r.number(u, "served_hours", in: at), shortfall: try r.number(u, "shortfall", in: at)))
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
