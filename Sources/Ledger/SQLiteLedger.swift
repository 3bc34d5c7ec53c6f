import CommunityMatch
import Foundation
import GRDB

/// The ledger as one SQLite file: the embedded default, which a street office keeps next to its scenarios.
///
/// Every write is one `BEGIN IMMEDIATE` transaction, so a second process waits (up to `busyTimeout`) instead
/// of interleaving, and a process killed half-way leaves SQLite's rollback journal behind, which the next
/// connection rolls back: the file then holds exactly what it held before. The schema is created and
/// upgraded by `DatabaseMigrator`, one registered migration per schema version, never edited once shipped.
public final class SQLiteLedger: LedgerStore {
    public let path: String
    let queue: DatabaseQueue

    /// Called after each service row is inserted by `record`, with the count so far, inside the open
    /// transaction. Only the crash test uses it (through `CMATCH_TEST_KILL_AFTER_INSERTS`, see cmatch's
    /// `accept`): it lets the test kill the process at a known point between the first insert and the commit.
    public var afterServiceInsert: ((Int) -> Void)?

    /// Opens (and, when `create` is true, creates) the ledger at `path`, migrating it to the current schema.
    /// - Throws: `LedgerError.missing` when the file is absent and `create` is false; `.notALedger` for a file
    ///   that is not SQLite, holds other tables, or was written by a newer cmatch; `.busy` when another
    ///   process holds it past the timeout.
    public init(path: String, create: Bool, busyTimeout: Double = 10) throws {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) { throw LedgerError.missing(path: path) }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "cmatch-ledger"
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Self.mapped(error, path: path)
        }
        try migrate()
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        // v1: weeks, the services of each week, and each unit's pledge and served hours per week. Weeks are
        // `YYYY-Www` text, whose order is time order.
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE accepted_week (
                    week TEXT PRIMARY KEY NOT NULL,
                    month TEXT NOT NULL,
                    scenario_name TEXT NOT NULL,
                    scenario_hash TEXT NOT NULL
                );
                CREATE TABLE service (
                    week TEXT NOT NULL REFERENCES accepted_week(week) ON DELETE CASCADE,
                    task_kind TEXT NOT NULL,
                    task_id TEXT NOT NULL,
                    role TEXT NOT NULL,
                    member_id TEXT NOT NULL,
                    member_name TEXT NOT NULL,
                    unit_id TEXT NOT NULL,
                    slot TEXT NOT NULL,
                    date TEXT NOT NULL,
                    hours REAL NOT NULL,
                    PRIMARY KEY (week, task_kind, task_id, role, member_id, slot)
                );
                CREATE INDEX service_by_member ON service(member_id, week);
                CREATE INDEX service_by_task ON service(task_kind, task_id, week);
                CREATE TABLE unit_week (
                    week TEXT NOT NULL REFERENCES accepted_week(week) ON DELETE CASCADE,
                    unit_id TEXT NOT NULL,
                    pledge_hours REAL NOT NULL,
                    served_hours REAL NOT NULL,
                    PRIMARY KEY (week, unit_id)
                );
                """)
        }
        return m
    }

    private func migrate() throws {
        let migrator = Self.migrator
        do {
            try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if !tables.isEmpty && !tables.contains("grdb_migrations") {
                    throw LedgerError.notALedger(path: path, reason: "it is a SQLite database with other tables (\(tables.sorted().prefix(3).joined(separator: ", ")))")
                }
                if tables.contains("grdb_migrations"), try migrator.hasBeenSuperseded(db) {
                    throw LedgerError.notALedger(path: path, reason: "a newer cmatch wrote it; upgrade cmatch to read it")
                }
            }
            do {
                try migrator.migrate(queue)
            } catch {
                // Two first `accept`s may race to create the schema; the loser finds it complete.
                guard try queue.read({ try migrator.hasCompletedMigrations($0) }) else { throw error }
            }
        } catch let e as LedgerError {
            throw e
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    static func mapped(_ error: Error, path: String) -> LedgerError {
        if let e = error as? LedgerError { return e }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notALedger(path: path, reason: e.message ?? "not a SQLite database")
            case .SQLITE_CANTOPEN: return .database(path: path, message: "cannot open: \(e.message ?? "")")
            default: return .database(path: path, message: "\(e.message ?? "\(e.resultCode)") (SQLite code \(e.extendedResultCode.rawValue))")
            }
        }
        return .database(path: path, message: "\(error)")
    }

    private func reading<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw Self.mapped(error, path: path) }
    }

    // MARK: - Writing

    public func record(_ accepted: AcceptedWeek, replace: Bool) throws -> AcceptOutcome {
        let week = accepted.week.description
        let incoming = accepted.services.sorted()
        var outcome = AcceptOutcome.recorded
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    if let row = try Row.fetchOne(db, sql: "SELECT scenario_hash FROM accepted_week WHERE week = ?", arguments: [week]) {
                        let recordedHash: String = row["scenario_hash"]
                        if recordedHash == accepted.scenarioHash, try Self.services(db, week: week) == incoming {
                            outcome = .alreadyRecorded
                            return .rollback
                        }
                        guard replace else {
                            throw LedgerError.weekTaken(path: path, week: accepted.week, recordedHash: recordedHash,
                                                        newHash: accepted.scenarioHash)
                        }
                        outcome = .replaced(previousHash: recordedHash)
                        try db.execute(sql: "DELETE FROM accepted_week WHERE week = ?", arguments: [week])
                    }
                    try db.execute(sql: "INSERT INTO accepted_week (week, month, scenario_name, scenario_hash) VALUES (?, ?, ?, ?)",
                                   arguments: [week, accepted.week.month, accepted.scenarioName, accepted.scenarioHash])
                    for (i, s) in incoming.enumerated() {
                        try db.execute(sql: """
                            INSERT INTO service (week, task_kind, task_id, role, member_id, member_name, unit_id, slot, date, hours)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [week, s.taskKind.rawValue, s.taskID, s.role, s.member, s.memberName, s.unit,
                                             s.slot, accepted.week.date(ofDay: s.day).description, s.hours])
                        afterServiceInsert?(i + 1)
                    }
                    for u in accepted.units.sorted(by: { $0.unit < $1.unit }) {
                        try db.execute(sql: "INSERT INTO unit_week (week, unit_id, pledge_hours, served_hours) VALUES (?, ?, ?, ?)",
                                       arguments: [week, u.unit, u.pledgeHours, u.servedHours])
                    }
                    return .commit
                }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
        return outcome
    }

    static func services(_ db: Database, week: String) throws -> [ServiceRecord] {
        try Row.fetchAll(db, sql: """
            SELECT task_kind, task_id, role, member_id, member_name, unit_id, slot, date, hours FROM service WHERE week = ?
            """, arguments: [week]).map { r in
            let w = ISOWeek(week)!
            let date: String = r["date"]
            let day = (0..<7).first { w.date(ofDay: $0).description == date } ?? 0
            return ServiceRecord(taskKind: TaskKind(rawValue: r["task_kind"]) ?? .need, taskID: r["task_id"], role: r["role"],
                                 member: r["member_id"], memberName: r["member_name"], unit: r["unit_id"],
                                 slot: r["slot"], day: day, hours: r["hours"])
        }.sorted()
    }

    // MARK: - Reading

    /// The services recorded for one week, sorted.
    public func services(of week: ISOWeek) throws -> [ServiceRecord] {
        try reading { try Self.services($0, week: week.description) }
    }

    public func weeks() throws -> [LedgerWeek] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT w.week, w.scenario_name, w.scenario_hash, COUNT(s.member_id) AS services, COALESCE(SUM(s.hours), 0) AS hours
                FROM accepted_week w LEFT JOIN service s ON s.week = w.week
                GROUP BY w.week ORDER BY w.week
                """).compactMap { r in
                guard let w = ISOWeek(r["week"] as String) else { return nil }
                return LedgerWeek(week: w, scenarioName: r["scenario_name"], scenarioHash: r["scenario_hash"],
                                  services: r["services"], hours: r["hours"])
            }
        }
    }

    private func periodColumn(_ g: LedgerGrouping) -> String { g == .week ? "w.week" : "w.month" }

    public func memberHours(by grouping: LedgerGrouping) throws -> [MemberHours] {
        try reading { db in
            // The name and unit shown are those of the member's latest record: a member may change unit.
            try Row.fetchAll(db, sql: """
                SELECT \(periodColumn(grouping)) AS period, s.member_id,
                       (SELECT s2.member_name FROM service s2 WHERE s2.member_id = s.member_id ORDER BY s2.week DESC, s2.task_kind, s2.task_id LIMIT 1) AS member_name,
                       (SELECT s2.unit_id FROM service s2 WHERE s2.member_id = s.member_id ORDER BY s2.week DESC, s2.task_kind, s2.task_id LIMIT 1) AS unit_id,
                       SUM(s.hours) AS hours, COUNT(*) AS services
                FROM service s JOIN accepted_week w ON w.week = s.week
                GROUP BY period, s.member_id ORDER BY period, s.member_id
                """).map { r in
                MemberHours(period: r["period"], member: r["member_id"], memberName: r["member_name"], unit: r["unit_id"],
                            hours: r["hours"], services: r["services"])
            }
        }
    }

    public func unitHours(by grouping: LedgerGrouping) throws -> [UnitHours] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT \(periodColumn(grouping)) AS period, u.unit_id, SUM(u.pledge_hours) AS pledge, SUM(u.served_hours) AS served
                FROM unit_week u JOIN accepted_week w ON w.week = u.week
                GROUP BY period, u.unit_id ORDER BY period, u.unit_id
                """).map { r in
                UnitHours(period: r["period"], unit: r["unit_id"], pledgeHours: r["pledge"], servedHours: r["served"])
            }
        }
    }

    public func lastServers(before week: ISOWeek) throws -> [String: String] {
        try reading { db in
            var out: [String: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT task_id, member_id FROM service WHERE task_kind = 'need' AND week < ?
                ORDER BY task_id, week DESC, member_id
                """, arguments: [week.description])
            for r in rows {
                let task: String = r["task_id"]
                if out[task] == nil { out[task] = r["member_id"] }
            }
            return out
        }
    }

    public func memberHours(weeks n: Int, before week: ISOWeek) throws -> [String: Double] {
        try reading { db in
            var out: [String: Double] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT member_id, SUM(hours) AS hours FROM service WHERE week >= ? AND week < ? GROUP BY member_id
                """, arguments: [week.adding(weeks: -n).description, week.description]) {
                out[r["member_id"]] = r["hours"]
            }
            return out
        }
    }

    public func monthToDate(before week: ISOWeek) throws -> (weeks: [ISOWeek], unitHours: [String: Double]) {
        try reading { db in
            let weeks = try String.fetchAll(db, sql: "SELECT week FROM accepted_week WHERE month = ? AND week < ? ORDER BY week",
                                            arguments: [week.month, week.description]).compactMap(ISOWeek.init)
            var hours: [String: Double] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT u.unit_id, SUM(u.served_hours) AS served FROM unit_week u JOIN accepted_week w ON w.week = u.week
                WHERE w.month = ? AND w.week < ? GROUP BY u.unit_id
                """, arguments: [week.month, week.description]) {
                hours[r["unit_id"]] = r["served"]
            }
            return (weeks, hours)
        }
    }
}
