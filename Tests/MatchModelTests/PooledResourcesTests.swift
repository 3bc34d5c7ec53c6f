import CommunityMatch
import GLPKSolver
import MatchModel
@testable import MatchSearch
import Testing

/// `PooledResources`: a fund usable anywhere, offered whole to every part of a week, dealt out again when the
/// parts' bookings of it do not fit together.
@Suite struct PooledResourcesTests {
    static let sat = Slot(day: 5, period: 0)
    static let sun = Slot(day: 6, period: 0)
    static let funds = [ResourceRequirement(kind: "funds", amount: 300)]

    static func scenario(fund quantity: Double, pinned: Bool = false) -> Scenario {
        let projects = [
            Project(id: "PA", community: "A", slots: [sat, sun], hours: 2, roles: [Role(skill: "any", min: 1, max: 1)],
                    resources: funds, beneficiaries: 8, priority: 3),
            Project(id: "PB", community: "B", slots: [sat, sun], hours: 2, roles: [Role(skill: "any", min: 1, max: 1)],
                    resources: funds, beneficiaries: 20, priority: 3),
        ]
        let pins = pinned ? [Pin(task: TaskRef(.project, "PA"), member: "MA", location: CommunityMatch.SourceLocation(file: "pins.csv"))] : []
        return Scenario(communities: [Community(id: "A", lat: 30, lon: 120), Community(id: "B", lat: 31, lon: 121)],
                        units: [StationedUnit(id: "U1"), StationedUnit(id: "F")],
                        members: [Member(id: "MA", unit: "U1", community: "A", slots: [sat, sun]),
                                  Member(id: "MB", unit: "U1", community: "B", slots: [sat, sun])],
                        resources: [Resource(id: "R", unit: "F", kind: "funds", community: nil, quantity: quantity)],
                        needs: [], projects: projects, pins: pins)
    }

    /// Part 0 runs PA and part 1 runs PB, each with the fund, in the given slots.
    static func parts(_ a: Slot, _ b: Slot) -> [Plan] {
        [("PA", "MA", a), ("PB", "MB", b)].map { id, member, slot in
            let ref = TaskRef(.project, id)
            return Plan(assignments: [Assignment(task: ref, role: "any", member: member, slot: slot, hours: 2, travelMinutes: 0)],
                        bookings: [ResourceBooking(task: ref, requirement: 0, resource: "R", slot: slot, amount: 300)],
                        covered: [ref: slot])
        }
    }

    static func pool(_ s: Scenario) -> PooledResources {
        PooledResources(scenario: s, tasks: TaskSpec.all(in: s), pooled: [0])
    }

    @Test("bookings that fit together are left as they are")
    func fittingBookingsStay() throws {
        let s = Self.scenario(fund: 600)
        var plans = Self.parts(Self.sat, Self.sun)
        var pool = Self.pool(s)
        #expect(try pool.reconcile(&plans, solver: GLPKSolver()).isEmpty)
        #expect(plans.map(\.bookings.count) == [1, 1] && plans.map(\.covered.count) == [1, 1])
    }

    @Test("two parts drawing one fund in one slot: the less valuable task is dropped from its part")
    func clashDropsTheLessValuable() throws {
        let s = Self.scenario(fund: 600)
        var plans = Self.parts(Self.sat, Self.sat)
        var pool = Self.pool(s)
        #expect(try pool.reconcile(&plans, solver: GLPKSolver()) == [0])
        #expect(plans[0].covered.isEmpty && plans[0].assignments.isEmpty && plans[0].bookings.isEmpty)
        #expect(plans[1].covered == [TaskRef(.project, "PB"): Self.sat])
    }

    @Test("amounts past the fund's weekly quantity: the less valuable task is dropped, even in another slot")
    func budgetDropsTheLessValuable() throws {
        let s = Self.scenario(fund: 300)
        var plans = Self.parts(Self.sat, Self.sun)
        var pool = Self.pool(s)
        #expect(try pool.reconcile(&plans, solver: GLPKSolver()) == [0])
        #expect(plans[1].bookings.map(\.resource) == ["R"])
        // What part 1 may use of the pool afterwards: the fund in Sunday only, 300 of it.
        let granted = pool.granted(to: plans[1])
        #expect(granted.map(\.id) == ["R"] && granted.first?.slots == [Self.sun] && granted.first?.quantity == 300)
    }

    @Test("a pinned task keeps its fund; were it dropped, the pin would conflict")
    func pinnedTaskKeepsItsFund() throws {
        let s = Self.scenario(fund: 300, pinned: true)
        var plans = Self.parts(Self.sat, Self.sun)
        var pool = Self.pool(s)
        #expect(try pool.reconcile(&plans, solver: GLPKSolver()) == [1])
        #expect(plans[0].covered == [TaskRef(.project, "PA"): Self.sat])
    }
}
