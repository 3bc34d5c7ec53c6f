import CommunityMatch
import MIPModel
import MatchModel
import Testing

/// `PlanExtractor`: a solution vector read back into a plan — the covered tasks and their slots, who serves
/// them with their hours and travel, the bookings — and the first reason each unmet task gives.
@Suite struct PlanExtractorTests {
    static let sat = Slot(day: 5, period: 0)

    static let scenario = Scenario(
        communities: [Community(id: "C1", lat: 39.9, lon: 116.4)], units: [StationedUnit(id: "U1")],
        members: [Member(id: "M1", unit: "U1", community: "C1", slots: [sat]),
                  Member(id: "M2", unit: "U1", community: "C1", slots: [sat])],
        resources: [Resource(id: "R1", unit: "U1", kind: "vehicle", community: "C1")],
        needs: [Need(id: "N1", community: "C1", hours: 2, slots: [sat], resources: [ResourceRequirement(kind: "vehicle")]),
                Need(id: "N2", community: "C1", hours: 1, slots: [sat]),
                Need(id: "N3", community: "C1", hours: 2, slots: [sat], skills: ["legal"])])

    /// The vector with exactly `columns` (named) at 1.
    static func vector(_ mm: MatchingModel, _ columns: [String]) -> [Double] {
        mm.model.variables.map { columns.contains($0.name) ? 1 : 0 }
    }

    @Test("the columns at 1 become the plan: covered slot, assignments with hours and travel, bookings")
    func planFromColumns() {
        let mm = MatchingModel(scenario: Self.scenario)
        let x = Self.vector(mm, ["cover[need_N1,Sat-AM]", "assign[M2,need_N1,Sat-AM]", "book[R1,need_N1#1,Sat-AM]",
                                 "cover[need_N2,Sat-AM]", "assign[M1,need_N2,Sat-AM]"])
        let plan = PlanExtractor(scenario: Self.scenario, model: mm).plan(from: x)
        #expect(plan.covered == [TaskRef(.need, "N1"): Self.sat, TaskRef(.need, "N2"): Self.sat])
        #expect(Set(plan.assignments) == [
            Assignment(task: TaskRef(.need, "N1"), member: "M2", slot: Self.sat, hours: 2, travelMinutes: 0),
            Assignment(task: TaskRef(.need, "N2"), member: "M1", slot: Self.sat, hours: 1, travelMinutes: 0),
        ])
        #expect(plan.bookings == [ResourceBooking(task: TaskRef(.need, "N1"), requirement: 0, resource: "R1", slot: Self.sat, amount: 0)])
        #expect(plan.unmet.map { "\($0.task.id) \($0.reason.rawValue)" } == ["N3 no_skill"])
    }

    @Test("nothing at 1: every task unmet, each with the first reason that holds")
    func emptyVector() {
        let mm = MatchingModel(scenario: Self.scenario)
        let plan = PlanExtractor(scenario: Self.scenario, model: mm).plan(from: Self.vector(mm, []))
        #expect(plan.assignments.isEmpty && plan.bookings.isEmpty && plan.covered.isEmpty)
        #expect(plan.unmet.map(\.task.id).sorted() == ["N1", "N2", "N3"])
        #expect(plan.unmet.first { $0.task.id == "N3" }?.reason == .noSkill)
        let reasonless = PlanExtractor(scenario: Self.scenario, model: mm).plan(from: Self.vector(mm, []), reasons: false)
        #expect(reasonless.covered.isEmpty)
    }
}
