import CommunityMatch
import Foundation
import PlanVerify
import ScenarioIO
import Testing
import TestSupport

/// `PlanVerifier` and `PlanFolderReader` on one small scenario: a valid plan written as the CSV a person would
/// edit, then one deliberate break per hard rule, each caught with the right rule and the rows involved.
@Suite struct PlanVerifierTests {
    /// C2 is 2.2 km north of C1: 29 minutes on foot, beyond the 15-minute service circle.
    static let scenarioFiles: [String: String?] = [
        "communities.csv": "id,name,lat,lon\nC1,Nanguan,39.9000,116.4000\nC2,Beiguan,39.9200,116.4000\n",
        "units.csv": "id,name,pledge_hours\nU1,City Hospital,10\n",
        "members.csv": """
            id,name,unit,community,skills,slots,max_hours
            M1,李明,U1,C1,medical,Sat-AM|Sat-PM,4
            M2,王芳,U1,C1,,Sat-AM|Sat-PM|Sun-AM,4
            M3,张伟,U1,C2,medical,Sat-AM,4
            M4,刘洋,U1,C1,,Sat-AM|Sun-AM,2
            M5,陈静,U1,C1,,Sun-AM,4
            M6,赵磊,U1,C1,,Sat-AM,4

            """,
        "resources.csv": """
            id,unit,kind,name,community,capacity,slots,quantity,tags
            R1,U1,vehicle,Van,C1,1,weekend,,
            F1,U1,funds,Fund,,,,300,

            """,
        "needs.csv": """
            id,community,hours,slots,skills,headcount,resources,priority
            N1,C1,2,Sat-AM,medical,1,vehicle,1
            N2,C1,2,Sat-AM|Sat-PM,,2,funds=200,2
            N3,C1,2,Sat-AM,,1,,5
            N4,C1,2,Sat-AM|Sat-PM,,1,vehicle,5
            N5,C1,2,Sat-AM,,1,funds=200,5

            """,
        "projects.csv": "id,community,slots,hours,roles,beneficiaries\nP1,C1,Sun-AM,2,any:2-3,8\n",
        "pins.csv": "task,member,slot\nP1,M4,\n",
    ]

    static let assignmentsHeader = "task_kind,task_id,role,member_id,member_name,unit_id,community,slot,hours,travel_minutes"
    static let validAssignments = [
        "need,N1,,M1,李明,U1,C1,Sat-AM,2,0",
        "need,N2,,M1,李明,U1,C1,Sat-PM,2,0",
        "need,N2,,M2,王芳,U1,C1,Sat-PM,2,0",
        "project,P1,any,M2,王芳,U1,C1,Sun-AM,2,0",
        "project,P1,any,M4,刘洋,U1,C1,Sun-AM,2,0",
    ]
    static let resourcesHeader = "task_kind,task_id,resource_id,unit_id,slot,amount"
    static let validBookings = ["need,N1,R1,U1,Sat-AM,0", "need,N2,F1,U1,Sat-PM,200"]

    struct Checked {
        var violations: [Violation]
        var levels: [ObjectiveLevel: Double]
        var rules: Set<Int> { Set(violations.map(\.rule)) }
    }

    /// Writes the plan rows into a plan folder, reads it back as `verify` does and checks it.
    static func check(_ assignments: [String], _ bookings: [String] = validBookings) throws -> Checked {
        let folder = try ScenarioFolder(scenarioFiles)
        let scenario = try ScenarioLoader.load(folder: folder.path).scenario
        let plan = folder.scratch("plan")
        try FileManager.default.createDirectory(atPath: plan, withIntermediateDirectories: true)
        try ([assignmentsHeader] + assignments).joined(separator: "\n").appending("\n")
            .write(toFile: plan + "/assignments.csv", atomically: true, encoding: .utf8)
        try ([resourcesHeader] + bookings).joined(separator: "\n").appending("\n")
            .write(toFile: plan + "/resources.csv", atomically: true, encoding: .utf8)
        let read = try PlanFolderReader.read(folder: plan, scenario: scenario)
        let verifier = PlanVerifier(scenario: scenario)
        return Checked(violations: verifier.violations(of: read.plan, rows: read.rows, bookkeeping: false),
                       levels: verifier.levelValues(of: read.plan))
    }

    static func replacing(_ old: String, with new: String?) -> [String] {
        validAssignments.compactMap { $0 == old ? new : $0 }
    }

    @Test func theValidPlanHoldsAndItsLevelsAreRecomputed() throws {
        let c = try Self.check(Self.validAssignments)
        #expect(c.violations.isEmpty, "\(c.violations)")
        // N1 (1000) + N2 (300) + P1 (100 × 8 / 4 = 200).
        #expect(c.levels[.coverage] == 1500)
        // U1 pledged 10 h; its members serve 5 × 2 h.
        #expect(c.levels[.pledges] == 0)
        #expect(c.levels[.travel] == 0)
    }

    @Test func doubleBookingBreaksRule1() throws {
        let c = try Self.check(Self.validAssignments + ["need,N4,,M2,王芳,U1,C1,Sat-PM,2,0"],
                               Self.validBookings + ["need,N4,R1,U1,Sat-PM,0"])
        let v = try #require(c.violations.first { if case .doubleBooked = $0.kind { return true } else { return false } })
        #expect(v.rule == 1 && v.members == ["M2"])
        // The two rows of M2 in Sat-PM: assignments.csv lines 4 and 7 (line 1 is the header).
        #expect(v.rows.map(\.line) == [4, 7], "\(v.rows)")
        #expect(v.rows.allSatisfy { $0.file.hasSuffix("assignments.csv") })
    }

    @Test func overHoursBreaksRule2() throws {
        let c = try Self.check(Self.validAssignments + ["need,N3,,M4,刘洋,U1,C1,Sat-AM,2,0"])
        #expect(c.rules == [2], "\(c.violations)")
        #expect(c.violations.first?.sentence(.en, calendar: SlotCalendar()) == "member M4 serves 4 h this week, above max_hours 2")
    }

    @Test func wrongSkillBreaksRule3() throws {
        let c = try Self.check(Self.replacing("need,N1,,M1,李明,U1,C1,Sat-AM,2,0", with: "need,N1,,M6,赵磊,U1,C1,Sat-AM,2,0"))
        #expect(c.rules == [3], "\(c.violations)")
        #expect(c.violations.first?.kind == .lacksSkills(member: "M6", needed: ["medical"], has: []))
    }

    @Test func outOfReachBreaksRule3() throws {
        let c = try Self.check(Self.replacing("need,N1,,M1,李明,U1,C1,Sat-AM,2,0", with: "need,N1,,M3,张伟,U1,C2,Sat-AM,2,29"))
        #expect(c.rules == [3], "\(c.violations)")
        guard case .outOfReach(let m, _, let minutes, _, let limit)? = c.violations.first?.kind else {
            Issue.record("\(c.violations)"); return
        }
        #expect(m == "M3" && minutes > 29 && minutes < 30 && limit == 15)
    }

    @Test func partialStaffingBreaksRule4() throws {
        let c = try Self.check(Self.replacing("need,N2,,M2,王芳,U1,C1,Sat-PM,2,0", with: nil))
        #expect(c.rules == [4], "\(c.violations)")
        #expect(c.violations.first?.kind == .headcount(got: 1, wanted: 2))
    }

    @Test func aProjectRoleUnderItsMinimumBreaksRule5() throws {
        let c = try Self.check(Self.replacing("project,P1,any,M2,王芳,U1,C1,Sun-AM,2,0", with: nil))
        #expect(c.rules == [5], "\(c.violations)")
        #expect(c.violations.first?.kind == .roleCount(role: "any", got: 1, min: 2, max: 3))
    }

    @Test func aResourceUsedTwiceInASlotBreaksRule6() throws {
        let c = try Self.check(Self.validAssignments + ["need,N4,,M6,赵磊,U1,C1,Sat-AM,2,0"],
                               Self.validBookings + ["need,N4,R1,U1,Sat-AM,0"])
        #expect(c.rules == [6], "\(c.violations)")
        #expect(c.violations.first?.kind == .resourceTwice(resource: "R1", slot: Slot(day: 5, period: 0),
                                                             tasks: [TaskRef(.need, "N1"), TaskRef(.need, "N4")]))
        #expect(c.violations.first?.rows.map(\.line) == [2, 4])
    }

    @Test func fundsOverdrawnBreakRule6() throws {
        let c = try Self.check(Self.validAssignments + ["need,N5,,M6,赵磊,U1,C1,Sat-AM,2,0"],
                               Self.validBookings + ["need,N5,F1,U1,Sat-AM,200"])
        #expect(c.rules == [6], "\(c.violations)")
        #expect(c.violations.first?.kind == .overdrawn(resource: "F1", drawn: 400, quantity: 300))
    }

    @Test func aMissingBookingBreaksRule6() throws {
        let c = try Self.check(Self.validAssignments, ["need,N2,F1,U1,Sat-PM,200"])
        #expect(c.rules == [6], "\(c.violations)")
        #expect(c.violations.first?.kind == .requirementBookings(requirement: "vehicle", bookings: 0))
    }

    @Test func aBrokenPinBreaksRule7() throws {
        let c = try Self.check(Self.replacing("project,P1,any,M4,刘洋,U1,C1,Sun-AM,2,0", with: "project,P1,any,M5,陈静,U1,C1,Sun-AM,2,0"))
        #expect(c.rules == [7], "\(c.violations)")
        #expect(c.violations.first?.rows.first?.file.hasSuffix("pins.csv") == true)
    }

    @Test func aMemberInASlotTheyAreNotFreeBreaksRule1() throws {
        let c = try Self.check(Self.replacing("project,P1,any,M4,刘洋,U1,C1,Sun-AM,2,0", with: "project,P1,any,M1,李明,U1,C1,Sun-AM,2,0")
                               + ["project,P1,any,M4,刘洋,U1,C1,Sun-AM,2,0"])
        // M1 also goes over its 4 hours (rule 2); the slot comes first.
        #expect(c.rules == [1, 2], "\(c.violations)")
        #expect(c.violations.first?.kind == .memberUnavailable(member: "M1", slot: Slot(day: 6, period: 0)))
    }

    @Test func everyViolationHasASentenceInBothLanguages() throws {
        let c = try Self.check(Self.validAssignments + ["need,N4,,M2,王芳,U1,C1,Sat-PM,2,0"],
                               Self.validBookings + ["need,N4,R1,U1,Sat-PM,0"])
        for v in c.violations {
            #expect(!v.sentence(.zh, calendar: SlotCalendar()).isEmpty && !v.sentence(.en, calendar: SlotCalendar()).isEmpty)
            #expect(v.sentence(.zh, calendar: SlotCalendar()) != v.sentence(.en, calendar: SlotCalendar()))
        }
    }

    // MARK: - The reader

    /// Excel on a Chinese Windows: assignments.csv in GB18030 with Chinese headers in another order and CRLF;
    /// resources.csv in UTF-8 with a byte order mark and CRLF.
    @Test func aPlanEditedInExcelIsReadLikeTheOriginal() throws {
        let folder = try ScenarioFolder(Self.scenarioFiles)
        let scenario = try ScenarioLoader.load(folder: folder.path).scenario
        let plan = folder.scratch("excel")
        try FileManager.default.createDirectory(atPath: plan, withIntermediateDirectories: true)
        let rows = [
            "时段,党员编号,姓名,任务类型,任务编号,角色,小时",
            "Sat-AM,M1,李明,需求,N1,,2",
            "sat-pm,M1,李明,need,N2,,2",
            "Sat-PM,M2,王芳,need,N2,,2",
            "Sun-AM,M2,王芳,项目,P1,any,2",
            "Sun-AM,M4,刘洋,project,P1,any,2",
        ]
        let gb = try #require((rows.joined(separator: "\r\n") + "\r\n").data(using: String.Encoding(rawValue: 0x8000_0632)))
        try gb.write(to: URL(fileURLWithPath: plan + "/assignments.csv"))
        let res = "资源编号,任务类型,任务编号,时段,数量\r\nR1,need,N1,Sat-AM,0\r\nF1,need,N2,Sat-PM,200\r\n"
        try (Data([0xEF, 0xBB, 0xBF]) + Data(res.utf8)).write(to: URL(fileURLWithPath: plan + "/resources.csv"))
        let read = try PlanFolderReader.read(folder: plan, scenario: scenario)
        #expect(read.plan.assignments.count == 5)
        #expect(read.plan.covered == [TaskRef(.need, "N1"): Slot(day: 5, period: 0), TaskRef(.need, "N2"): Slot(day: 5, period: 1),
                                      TaskRef(.project, "P1"): Slot(day: 6, period: 0)])
        #expect(read.plan.bookings.map(\.requirement) == [0, 0])
        let verifier = PlanVerifier(scenario: scenario)
        #expect(verifier.violations(of: read.plan, rows: read.rows, bookkeeping: false).isEmpty)
        #expect(verifier.levelValues(of: read.plan)[.coverage] == 1500)
    }

    @Test func malformedRowsAreReportedWithFileLineAndColumn() throws {
        let folder = try ScenarioFolder(Self.scenarioFiles)
        let scenario = try ScenarioLoader.load(folder: folder.path).scenario
        let plan = folder.scratch("bad")
        try FileManager.default.createDirectory(atPath: plan, withIntermediateDirectories: true)
        try "task_kind,task_id,member_id,slot,hours\nneed,N1,M1,Funday,2\nchore,N2,M1,Sat-PM,2\nneed,N2,M2,Sat-PM,two\n"
            .write(toFile: plan + "/assignments.csv", atomically: true, encoding: .utf8)
        do {
            _ = try PlanFolderReader.read(folder: plan, scenario: scenario)
            Issue.record("malformed rows were accepted")
        } catch let e as InputError {
            let text = e.diagnostics.map(\.description)
            for place in ["assignments.csv:2:4: ", "assignments.csv:3:1: ", "assignments.csv:4:5: "] {
                #expect(text.contains { $0.contains(place) }, "missing \(place) in \(text)")
            }
        }
    }

    @Test func aMissingPlanFolderIsUnreadable() throws {
        let folder = try ScenarioFolder(Self.scenarioFiles)
        let scenario = try ScenarioLoader.load(folder: folder.path).scenario
        #expect(throws: UnreadableInput.self) { try PlanFolderReader.read(folder: folder.scratch("none"), scenario: scenario) }
    }
}
