import CommunityMatch
@testable import ScenarioIO
import Testing

/// `PinChecker`: each pin held against the hard rules alone and together with the pins before it, before any
/// model exists. Two members in C1, a need in C1 and one in C2 (9.3 minutes' walk away, within the
/// 15-minute circle unless the need says less).
@Suite struct PinCheckerTests {
    static let sat = Slot(day: 5, period: 0)
    static let sun = Slot(day: 6, period: 0)
    static let here = CommunityMatch.SourceLocation(file: "pins.csv", line: 2)

    static func scenario(needs: [Need]) -> Scenario {
        Scenario(communities: [Community(id: "C1", lat: 25.0400, lon: 102.7100), Community(id: "C2", lat: 25.0463, lon: 102.7100)],
                 units: [StationedUnit(id: "U1")],
                 members: [Member(id: "M1", unit: "U1", community: "C1", skills: ["medical"], slots: [sat, sun], maxHours: 3),
                           Member(id: "M2", unit: "U1", community: "C1", slots: [sat], maxHours: 4)],
                 needs: needs)
    }

    static func pin(_ need: String, _ member: String, slot: Slot? = nil) -> Pin {
        Pin(task: TaskRef(.need, need), member: member, slot: slot, location: here)
    }

    /// The message keys `pins` bring, in order, each pin checked after those before it.
    static func problems(_ s: Scenario, _ pins: [Pin]) -> [[MessageKey]] {
        var checker = PinChecker(scenario: s)
        return pins.map { checker.add($0).map(\.key) }
    }

    @Test("a pin that can hold brings no problem")
    func pinThatHolds() {
        let s = Self.scenario(needs: [Need(id: "N1", community: "C1", hours: 2, slots: [Self.sat], skills: ["medical"])])
        #expect(Self.problems(s, [Self.pin("N1", "M1")]) == [[]])
    }

    @Test("rule 3: a pinned member without the need's skill")
    func lacksSkill() {
        let s = Self.scenario(needs: [Need(id: "N1", community: "C1", hours: 2, slots: [Self.sat], skills: ["medical"])])
        #expect(Self.problems(s, [Self.pin("N1", "M2")]) == [[.pinLacksSkill]])
    }

    @Test("rule 3: the travel limit is the need's own max_travel when it has one, else the circle")
    func travelLimit() {
        let circle = Need(id: "N1", community: "C2", hours: 2, slots: [Self.sat])
        var tight = circle; tight.id = "N2"; tight.maxTravel = 5
        let s = Self.scenario(needs: [circle, tight])
        #expect(Self.problems(s, [Self.pin("N1", "M2"), Self.pin("N2", "M1")]) == [[], [.pinTooFar]])
    }

    @Test("rule 2: a pinned task longer than the member's max_hours")
    func hours() {
        let s = Self.scenario(needs: [Need(id: "N1", community: "C1", hours: 4, slots: [Self.sat])])
        #expect(Self.problems(s, [Self.pin("N1", "M1")]) == [[.pinHours]])
    }

    @Test("rule 1: a pin in a slot the member is not free in")
    func memberSlot() {
        let s = Self.scenario(needs: [Need(id: "N1", community: "C1", hours: 2, slots: [Self.sat, Self.sun])])
        #expect(Self.problems(s, [Self.pin("N1", "M2", slot: Self.sun)]) == [[.pinMemberSlot]])
    }

    @Test("pins together: the second need pinned to one member in the only slot both accept clashes with the first")
    func together() {
        let s = Self.scenario(needs: [Need(id: "N1", community: "C1", hours: 2, slots: [Self.sat]),
                                      Need(id: "N2", community: "C1", hours: 2, slots: [Self.sat])])
        let got = Self.problems(s, [Self.pin("N1", "M2"), Self.pin("N2", "M2")])
        #expect(got.first == [])
        #expect(got.last?.isEmpty == false, "\(got)")
    }
}
