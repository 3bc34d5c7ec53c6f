import CommunityMatch
import Testing

/// `Scenario.travelLimit(of:)`: a task's travel limit with its default resolved, read by eligibility, the pin
/// checks and the bottleneck analysis alike.
@Suite struct TravelLimitTests {
    static let sat = Slot(day: 5, period: 0)

    static func scenario(circle: Double) -> Scenario {
        var settings = Settings()
        settings.maxTravel = circle
        return Scenario(settings: settings, communities: [Community(id: "C1", lat: 39.9, lon: 116.4)],
                        units: [StationedUnit(id: "U1")], members: [],
                        needs: [Need(id: "N1", community: "C1", hours: 2, slots: [sat]),
                                Need(id: "N2", community: "C1", hours: 2, slots: [sat], maxTravel: 5),
                                Need(id: "N3", community: "C1", hours: 2, slots: [sat], maxTravel: 40)],
                        projects: [Project(id: "P1", community: "C1", slots: [sat], hours: 2,
                                           roles: [Role(skill: "any", min: 1, max: 1)], resources: [], beneficiaries: 4, priority: 3)])
    }

    @Test("a need's own max_travel wins, tighter or wider; without one, the service circle")
    func needs() {
        let s = Self.scenario(circle: 20)
        #expect(s.needs.map(s.travelLimit(of:)) == [20, 5, 40])
    }

    @Test("a project has no max_travel of its own: the service circle")
    func projects() {
        let s = Self.scenario(circle: 25)
        #expect(s.projects.map(s.travelLimit(of:)) == [25])
    }
}
