import CommunityMatch
import Foundation
import Planning
import Testing

/// The replan diff on its own, on plans written by hand: every kind of change gets its row, its reason and
/// whom to tell, whatever solver made the plans.
@Suite struct PlanChangesTests {
    static let satAM = Slot(day: 5, period: 0), satPM = Slot(day: 5, period: 1)
    static let sunAM = Slot(day: 6, period: 0), sunPM = Slot(day: 6, period: 1)

    static var scenario: Scenario {
        let all: [Slot] = [satAM, satPM, sunAM, sunPM]
        return Scenario(
            communities: [Community(id: "C1", lat: 39.9, lon: 116.4)],
            units: [StationedUnit(id: "U1", name: "Hospital", contact: "Dr Li 1"), StationedUnit(id: "U2", name: "School", contact: "Mr Zhou 2")],
            members: [Member(id: "A", name: "Ann", unit: "U1", community: "C1", skills: ["medical"], slots: Set(all), phone: "101"),
                      Member(id: "B", unit: "U1", community: "C1", slots: Set(all)),
                      Member(id: "C", unit: "U2", community: "C1", skills: ["medical"], slots: Set(all)),
                      Member(id: "D", unit: "U2", community: "C1", slots: Set(all)),
                      Member(id: "X", unit: "U2", community: "C1", slots: Set(all))],
            resources: [Resource(id: "R1", unit: "U1", kind: "venue", community: "C1"),
                        Resource(id: "R2", unit: "U1", kind: "venue", community: "C1"),
                        Resource(id: "R3", unit: "U2", kind: "venue", community: "C1")],
            needs: [Need(id: "N1", community: "C1", hours: 2, slots: [satAM, sunAM], priority: 3, resources: [ResourceRequirement(kind: "venue")]),
                    Need(id: "N2", community: "C1", hours: 2, slots: [satPM], priority: 2),
                    Need(id: "N3", community: "C1", hours: 2, slots: [satPM], priority: 1, vulnerable: true)],
            projects: [Project(id: "P1", community: "C1", slots: [sunPM], hours: 2,
                               roles: [Role(skill: "medical", min: 1, max: 1), Role(skill: "any", min: 1, max: 2)],
                               resources: [ResourceRequirement(kind: "venue")], beneficiaries: 8, priority: 2)])
    }

    @Test func everyKindOfChangeHasItsRowReasonAndWhomToTell() throws {
        let n1 = TaskRef(.need, "N1"), n2 = TaskRef(.need, "N2"), n3 = TaskRef(.need, "N3"), p1 = TaskRef(.project, "P1")
        let old = Plan(
            assignments: [Assignment(task: n1, member: "B", slot: Self.satAM, hours: 2, travelMinutes: 0),
                          Assignment(task: n3, member: "X", slot: Self.satPM, hours: 2, travelMinutes: 0),
                          Assignment(task: p1, role: "medical", member: "A", slot: Self.sunPM, hours: 2, travelMinutes: 0),
                          Assignment(task: p1, role: "any", member: "C", slot: Self.sunPM, hours: 2, travelMinutes: 0)],
            bookings: [ResourceBooking(task: n1, requirement: 0, resource: "R1", slot: Self.satAM, amount: 0),
                       ResourceBooking(task: p1, requirement: 0, resource: "R2", slot: Self.sunPM, amount: 0)],
            covered: [n1: Self.satAM, n3: Self.satPM, p1: Self.sunPM])
        let new = Plan(
            assignments: [Assignment(task: n1, member: "B", slot: Self.sunAM, hours: 2, travelMinutes: 0),
                          Assignment(task: n2, member: "D", slot: Self.satPM, hours: 2, travelMinutes: 0),
                          Assignment(task: p1, role: "any", member: "A", slot: Self.sunPM, hours: 2, travelMinutes: 0),
                          Assignment(task: p1, role: "medical", member: "C", slot: Self.sunPM, hours: 2, travelMinutes: 0)],
            bookings: [ResourceBooking(task: n1, requirement: 0, resource: "R1", slot: Self.sunAM, amount: 0),
                       ResourceBooking(task: p1, requirement: 0, resource: "R3", slot: Self.sunPM, amount: 0)],
            covered: [n1: Self.sunAM, n2: Self.satPM, p1: Self.sunPM])
        let week = try ReplanWeek(original: Self.scenario, request: ReplanRequest(droppedMembers: ["X"]))
        #expect(week.touched(in: old) == [n3])
        let changes = PlanChanges(old: old, new: new, week: week, touched: week.touched(in: old), fromScratch: true)
        let cal = Self.scenario.settings.calendar
        let rows = changes.rows.map { r in
            [r.kind.rawValue, r.reason.code, r.task.description, r.member ?? "", r.resource ?? "",
             r.oldSlot.map(cal.label) ?? "", r.newSlot.map(cal.label) ?? "", r.oldRole ?? "", r.newRole ?? "",
             r.value.map { formatNumber($0) } ?? ""].joined(separator: " ")
        }
        #expect(rows == [
            "slot_changed fresh_plan need:N1 B  Sat-AM Sun-AM   ",
            "resource_rebooked task_moved need:N1  R1 Sat-AM Sun-AM   ",
            "task_covered newly_covered need:N2    Sat-PM   300",
            "member_added newly_covered need:N2 D   Sat-PM   ",
            "task_uncovered lost_member need:N3   Sat-PM    1500",
            "member_removed member_dropped need:N3 X  Sat-PM    ",
            "role_changed fresh_plan project:P1 A  Sun-PM Sun-PM medical any ",
            "role_changed fresh_plan project:P1 C  Sun-PM Sun-PM any medical ",
            "resource_released fresh_plan project:P1  R2 Sun-PM    ",
            "resource_booked fresh_plan project:P1  R3  Sun-PM   ",
        ])
        #expect(changes.unchanged == 0)
        #expect(changes.coverageBefore == 100 + 1500 + 600 && changes.coverageAfter == 100 + 300 + 600)
        #expect(changes.lost.map(\.task) == [n3] && changes.gained.map(\.task) == [n2])
        #expect(changes.membersToTell == ["A", "B", "C", "D", "X"] && changes.unitsToTell == ["U1", "U2"])
        let csv = changes.csv(cal, lang: .zh).split(separator: "\n").map(String.init)
        #expect(csv[0] == "change,reason,task_kind,task_id,task_title,priority,value,member_id,member_name,phone,old_slot,new_slot,old_role,new_role,resource_id,unit_id,contact,note")
        #expect(csv.contains("role_changed,fresh_plan,project,P1,,,,A,Ann,101,Sun-PM,Sun-PM,medical,any,,,,从头重排的结果"))
        #expect(csv.contains("resource_released,fresh_plan,project,P1,,,,,,,Sun-PM,,,,R2,U1,Dr Li 1,从头重排的结果"))
        #expect(csv.contains("task_uncovered,lost_member,need,N3,,1,1500,,,,Sat-PM,,,,,,,原服务党员请假"))
    }
}
