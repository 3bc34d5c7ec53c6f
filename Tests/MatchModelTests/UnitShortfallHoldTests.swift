import CommunityMatch
import GLPKSolver
import MIPModel
import MatchModel
@testable import MatchSearch
import TestSupport
import Testing

/// `MatchOptions.holdsEachUnitsShortfall`, which a split week's parts solve with: below the pledge level each
/// unit's shortfall stays where the pledge level left it, so that a part's travel cannot trade one unit's
/// shortfall for another's — the same total for the part, but not for the week, which counts each unit's hours
/// in every part.
@Suite struct UnitShortfallHoldTests {
    static let sat = Slot(day: 5, period: 0)

    /// One 2-hour need in A. Units V and W pledged 2 hours each; V's member lives 20 minutes away, W's beside
    /// the need. Either serves it and leaves the other unit 2 hours short: a tie on pledges, not on travel.
    static func week() -> Scenario {
        let communities = [Community(id: "A", lat: 30, lon: 120), Community(id: "B", lat: 30.1, lon: 120)]
        let units = [StationedUnit(id: "V", pledgeHours: 2), StationedUnit(id: "W", pledgeHours: 2)]
        let members = [Member(id: "V1", unit: "V", community: "B", slots: [sat], maxHours: 8),
                       Member(id: "W1", unit: "W", community: "A", slots: [sat], maxHours: 8)]
        return Scenario(communities: communities, units: units, members: members,
                        needs: [Need(id: "D", community: "A", hours: 2, slots: [sat], maxTravel: 60)],
                        travelOverrides: [Scenario.travelKey("A", "B"): 20])
    }

    /// Travel optimised from the plan in which V's member serves, coverage and pledges held at that plan.
    static func travelFromFarMember(holding: Bool) throws -> (Plan, Scenario) {
        let s = week()
        let mm = MatchingModel(scenario: s)
        var start = [Double](repeating: 0, count: mm.model.variables.count)
        for c in mm.covers { start[c.column] = 1 }
        for a in mm.assigns where s.members[a.option.member].id == "V1" { start[a.column] = 1 }
        for f in mm.shortfalls where s.units[f.unit].id == "W" { start[f.column] = 2 }
        #expect(ModelValidator.violations(of: start, in: mm.model).isEmpty)
        var held: [ObjectiveLevel: LevelOutcome] = [:]
        for level in [ObjectiveLevel.coverage, .pledges] {
            let v = mm.objectives[level]!.evaluate(start)
            held[level] = LevelOutcome(level: level, value: v, bound: v, optimal: true)
        }
        var options = MatchOptions(timeLimit: nil)
        options.holdsEachUnitsShortfall = holding
        let plan = try Matcher(solver: GLPKSolver()).solveWhole(s, model: mm, options: options, started: ContinuousClock().now,
                                                               timings: [:], start: start, held: held, reasons: false)
        #expect(violations(of: plan, in: s).isEmpty)
        return (plan, s)
    }

    @Test("held per unit, travel keeps the far member of the unit the pledge level served; held in total, it takes the neighbour")
    func eachUnitsShortfallHoldsBelowPledges() throws {
        let (held, _) = try Self.travelFromFarMember(holding: true)
        #expect(held.assignments.map(\.member) == ["V1"])
        #expect(held.levels.first { $0.level == .pledges }?.value == 2)
        #expect(held.levels.first { $0.level == .travel }?.value == 20)
        let (free, _) = try Self.travelFromFarMember(holding: false)
        #expect(free.assignments.map(\.member) == ["W1"])
        #expect(free.levels.first { $0.level == .pledges }?.value == 2)
        #expect(free.levels.first { $0.level == .travel }?.value == 0)
    }
}
