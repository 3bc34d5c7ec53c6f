import CommunityMatch
import Foundation
import Ledger
import Testing

/// The ledger store alone: ISO week arithmetic, recording, idempotence, refusal and replacement, and the
/// history queries `solve --ledger` reads.
@Suite struct LedgerStoreTests {
    static func tempLedger() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cmatch-ledger-\(UUID().uuidString).db").path
    }

    static func service(_ task: String, _ member: String, day: Int = 5, hours: Double = 2, unit: String = "U1") -> ServiceRecord {
        ServiceRecord(taskKind: .need, taskID: task, member: member, memberName: "name \(member)", unit: unit,
                      slot: "\(SlotCalendar.dayNames[day])-AM", day: day, hours: hours)
    }

    static func week(_ w: String, hash: String = "h", _ services: [ServiceRecord], pledge: Double = 4) -> AcceptedWeek {
        let served = services.map(\.hours).reduce(0, +)
        return AcceptedWeek(week: ISOWeek(w)!, scenarioName: "test", scenarioHash: hash, services: services,
                            units: [UnitWeekRecord(unit: "U1", pledgeHours: pledge, servedHours: served)])
    }

    @Test func isoWeeksParseAndCountAcrossYearEnds() throws {
        #expect(ISOWeek("2026-W48")?.description == "2026-W48")
        #expect(ISOWeek("2026w5")?.description == "2026-W05")
        #expect(ISOWeek("2027-W53") == nil)          // 2027 has 52 weeks
        #expect(ISOWeek("2026-W53") != nil)          // 2026 starts on a Thursday
        #expect(ISOWeek("2020-W53") != nil)          // 2020 starts on a Wednesday and is a leap year
        #expect(ISOWeek("2026-48") == nil)
        #expect(ISOWeek("2026-W01")!.adding(weeks: -1).description == "2025-W52")
        #expect(ISOWeek("2021-W01")!.adding(weeks: -1).description == "2020-W53")
        #expect(ISOWeek("2026-W52")!.adding(weeks: 1).description == "2026-W53")
        #expect(ISOWeek("2026-W53")!.adding(weeks: 1).description == "2027-W01")
        #expect(ISOWeek("2027-W02")!.adding(weeks: -4).description == "2026-W51")
        // 2026-W48 runs Monday 23 to Sunday 29 November; its Thursday is in November.
        let w = ISOWeek("2026-W48")!
        #expect(w.date(ofDay: 0).description == "2026-11-23")
        #expect(w.date(ofDay: 6).description == "2026-11-29")
        #expect(w.month == "2026-11")
        // 2026-W49 starts 30 November but its Thursday is 3 December: a December week.
        #expect(ISOWeek("2026-W49")!.date(ofDay: 0).description == "2026-11-30")
        #expect(ISOWeek("2026-W49")!.month == "2026-12")
        #expect(ISOWeek("2026-W01")!.date(ofDay: 0).description == "2025-12-29")
    }

    @Test func recordingIsIdempotentAndAnotherPlanIsRefusedUnlessReplaced() throws {
        let path = Self.tempLedger()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteLedger(path: path, create: true)
        let first = Self.week("2026-W01", hash: "aaa", [Self.service("N1", "M1"), Self.service("N2", "M2")])
        #expect(try store.record(first, replace: false) == .recorded)
        #expect(try store.record(first, replace: false) == .alreadyRecorded)
        // Same hash, services listed in another order: still the same plan.
        var shuffled = first
        shuffled.services.reverse()
        #expect(try store.record(shuffled, replace: false) == .alreadyRecorded)
        #expect(try store.weeks().map(\.services) == [2])

        let other = Self.week("2026-W01", hash: "bbb", [Self.service("N1", "M3")])
        #expect(throws: LedgerError.weekTaken(path: path, week: ISOWeek("2026-W01")!, recordedHash: "aaa", newHash: "bbb")) {
            try store.record(other, replace: false)
        }
        #expect(try store.services(of: ISOWeek("2026-W01")!).map(\.member) == ["M1", "M2"])
        #expect(try store.record(other, replace: true) == .replaced(previousHash: "aaa"))
        #expect(try store.services(of: ISOWeek("2026-W01")!).map(\.member) == ["M3"])
        #expect(try store.weeks().map(\.hours) == [2])

        // Reopening migrates nothing and keeps everything.
        let again = try SQLiteLedger(path: path, create: false)
        #expect(try again.weeks().map(\.scenarioHash) == ["bbb"])
    }

    @Test func historyQueriesLookOnlyBeforeTheWeek() throws {
        let path = Self.tempLedger()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteLedger(path: path, create: true)
        _ = try store.record(Self.week("2026-W01", [Self.service("N1", "M1", hours: 3), Self.service("N2", "M2")]), replace: false)
        _ = try store.record(Self.week("2026-W02", [Self.service("N1", "M3"), Self.service("N2", "M2", hours: 1)]), replace: false)
        _ = try store.record(Self.week("2026-W05", [Self.service("N1", "M1", hours: 4)]), replace: false)

        #expect(try store.lastServers(before: ISOWeek("2026-W02")!) == ["N1": "M1", "N2": "M2"])
        #expect(try store.lastServers(before: ISOWeek("2026-W03")!) == ["N1": "M3", "N2": "M2"])
        #expect(try store.lastServers(before: ISOWeek("2026-W06")!) == ["N1": "M1", "N2": "M2"])
        #expect(try store.lastServers(before: ISOWeek("2026-W01")!).isEmpty)

        // The four weeks before W05 are W01–W04; W05's own hours do not count.
        #expect(try store.memberHours(weeks: 4, before: ISOWeek("2026-W05")!) == ["M1": 3, "M2": 3, "M3": 2])
        // Before W06: W02–W05.
        #expect(try store.memberHours(weeks: 4, before: ISOWeek("2026-W06")!) == ["M1": 4, "M2": 1, "M3": 2])

        // January 2026: W01 (Thursday 1 Jan) to W04; W05's Thursday is 29 January, also January.
        let mtd = try store.monthToDate(before: ISOWeek("2026-W05")!)
        #expect(mtd.weeks.map(\.description) == ["2026-W01", "2026-W02"])
        #expect(mtd.unitHours == ["U1": 8])

        let byMonth = try store.memberHours(by: .month)
        #expect(byMonth.map(\.period) == ["2026-01", "2026-01", "2026-01"])
        #expect(byMonth.map(\.hours) == [7, 3, 2])
        let units = try store.unitHours(by: .week)
        #expect(units.map(\.shortfall) == [0, 1, 0])
    }

    @Test func aFileThatIsNotALedgerIsRefusedAndLeftAlone() throws {
        let path = Self.tempLedger()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("id,name\n1,x\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: LedgerError.self) { try SQLiteLedger(path: path, create: true) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "id,name\n1,x\n")
        #expect(throws: LedgerError.missing(path: path + ".absent")) { try SQLiteLedger(path: path + ".absent", create: false) }
        #expect(!FileManager.default.fileExists(atPath: path + ".absent"))
    }
}
