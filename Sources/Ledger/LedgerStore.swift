import CommunityMatch

/// One member's service in an accepted week, as the plan recorded it.
public struct ServiceRecord: Hashable, Sendable, Comparable {
    public var taskKind: TaskKind
    public var taskID: String
    /// The project role's skill; empty for a need.
    public var role: String
    public var member: String
    public var memberName: String
    public var unit: String
    /// The slot's label, e.g. `Sat-AM`.
    public var slot: String
    /// 0 = Monday; with the week it gives the date.
    public var day: Int
    public var hours: Double

    public init(taskKind: TaskKind, taskID: String, role: String = "", member: String, memberName: String = "",
                unit: String = "", slot: String, day: Int, hours: Double) {
        self.taskKind = taskKind; self.taskID = taskID; self.role = role; self.member = member
        self.memberName = memberName; self.unit = unit; self.slot = slot; self.day = day; self.hours = hours
    }

    /// What makes two records the same service (the primary key of the store).
    var key: [String] { [taskKind.rawValue, taskID, role, member, slot] }

    public static func < (a: ServiceRecord, b: ServiceRecord) -> Bool { a.key.lexicographicallyPrecedes(b.key) }
}

/// A unit's pledge and served hours in an accepted week.
public struct UnitWeekRecord: Hashable, Sendable {
    public var unit: String
    public var pledgeHours: Double
    public var servedHours: Double
    public init(unit: String, pledgeHours: Double, servedHours: Double) {
        self.unit = unit; self.pledgeHours = pledgeHours; self.servedHours = servedHours
    }
}

/// A week's accepted plan: what `cmatch accept` records.
public struct AcceptedWeek: Sendable, Equatable {
    public var week: ISOWeek
    public var scenarioName: String
    /// The plan's `scenario_hash`: with the week, the identity that makes accepting the same plan twice a no-op.
    public var scenarioHash: String
    public var services: [ServiceRecord]
    public var units: [UnitWeekRecord]
    public init(week: ISOWeek, scenarioName: String = "", scenarioHash: String, services: [ServiceRecord],
                units: [UnitWeekRecord] = []) {
        self.week = week; self.scenarioName = scenarioName; self.scenarioHash = scenarioHash
        self.services = services; self.units = units
    }
}

/// What recording a week did.
public enum AcceptOutcome: Sendable, Equatable {
    /// The week was new and is now recorded.
    case recorded
    /// The same plan (same scenario hash and the same services) was already recorded: nothing changed.
    case alreadyRecorded
    /// Another plan of this week was recorded; it was replaced as asked.
    case replaced(previousHash: String)
}

/// A week already in the ledger, as listed by `weeks()`.
public struct LedgerWeek: Sendable, Equatable {
    public var week: ISOWeek
    public var scenarioName: String
    public var scenarioHash: String
    public var services: Int
    public var hours: Double
}

/// How reports group hours: per ISO week, or per month (a week belongs to the month of its Thursday).
public enum LedgerGrouping: String, Sendable, CaseIterable {
    case week, month
}

/// Hours of one member in one period.
public struct MemberHours: Sendable, Equatable {
    public var period: String
    public var member: String
    public var memberName: String
    public var unit: String
    public var hours: Double
    public var services: Int
    public init(period: String, member: String, memberName: String, unit: String, hours: Double, services: Int) {
        self.period = period; self.member = member; self.memberName = memberName; self.unit = unit
        self.hours = hours; self.services = services
    }
}

/// Hours of one unit's members in one period, against the unit's pledges of the weeks in that period.
public struct UnitHours: Sendable, Equatable {
    public var period: String
    public var unit: String
    public var pledgeHours: Double
    public var servedHours: Double
    public var shortfall: Double { max(0, pledgeHours - servedHours) }
    public init(period: String, unit: String, pledgeHours: Double, servedHours: Double) {
        self.period = period; self.unit = unit; self.pledgeHours = pledgeHours; self.servedHours = servedHours
    }
}

/// Why the ledger could not be read or written. Each case names the file.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another plan of the week is recorded and `replace` was not asked for.
    case weekTaken(path: String, week: ISOWeek, recordedHash: String, newHash: String)
    /// Another process held the ledger longer than the busy timeout.
    case busy(path: String)
    /// The file does not exist (reports and solves never create a ledger).
    case missing(path: String)
    /// The file exists but is not a SQLite ledger of cmatch, or a newer cmatch wrote it.
    case notALedger(path: String, reason: String)
    /// Anything else SQLite reported.
    case database(path: String, message: String)

    public var description: String { text(.en) }

    /// In `lang`; SQLite's own words (`reason`, `message`) stay as it wrote them.
    public func text(_ lang: Language) -> String {
        switch self {
        case let .weekTaken(path, week, old, new):
            return lang(.ledgerWeekTaken, ["path": path, "week": week.description, "old": String(old.prefix(12)), "new": String(new.prefix(12))])
        case let .busy(path): return lang(.ledgerBusy, ["path": path])
        case let .missing(path): return lang(.ledgerNoSuch, ["path": path])
        case let .notALedger(path, reason): return lang(.ledgerNotALedger, ["path": path, "reason": reason])
        case let .database(path, message): return lang(.ledgerDatabase, ["path": path, "message": message])
        }
    }
}

/// The ledger of accepted weeks, behind a protocol so that a shared store (PostgreSQL for a city whose
/// streets plan against one ledger) can follow the SQLite file without touching the commands.
///
/// Contract every store keeps:
/// - `record` is one transaction: after a crash or an error the store holds exactly what it held before.
/// - Recording the same week with the same scenario hash and services again changes nothing.
/// - Weeks come from the plans (the scenario's `week:`), never from a clock.
public protocol LedgerStore {
    func record(_ week: AcceptedWeek, replace: Bool) throws -> AcceptOutcome
    /// Every accepted week, oldest first.
    func weeks() throws -> [LedgerWeek]
    /// Hours per member and period, sorted by period then member.
    func memberHours(by grouping: LedgerGrouping) throws -> [MemberHours]
    /// Hours per unit and period with the pledges of the accepted weeks in it, sorted by period then unit.
    func unitHours(by grouping: LedgerGrouping) throws -> [UnitHours]
    /// For each need id served in an accepted week before `week`, the member who served it most recently
    /// (of several in that week, the smallest member id).
    func lastServers(before week: ISOWeek) throws -> [String: String]
    /// Hours each member served in the `weeks` weeks just before `week` (members with none are absent).
    func memberHours(weeks: Int, before week: ISOWeek) throws -> [String: Double]
    /// For the month `week` belongs to: the accepted weeks of that month before `week`, and each unit's
    /// hours served in them.
    func monthToDate(before week: ISOWeek) throws -> (weeks: [ISOWeek], unitHours: [String: Double])
}
