import CommunityMatch
import MIPModel
import MatchModel
import Testing

/// Each rule of SPEC.md "The model" as the builder writes it (`MatchingModel.Builder`, ModelRules.swift), run
/// alone on a scenario small enough to write its rows by hand: the tasks' own columns and rows first
/// (`addTask`), then only the rule under test, whose rows must be exactly the expected ones. The solved
/// behaviour of the same rules is RuleFixtureTests' job.
@Suite struct ModelRuleTests {
    static let sat = Slot(day: 5, period: 0)
    static let satPM = Slot(day: 5, period: 1)
    static let here = [Community(id: "C1", lat: 39.9, lon: 116.4)]
    static let units = [StationedUnit(id: "U1")]
    static let nowhere = CommunityMatch.SourceLocation(file: "pins.csv")

    static func member(_ id: String, slots: Set<Slot> = [sat], maxHours: Double = 4, unit: String = "U1") -> Member {
        Member(id: id, unit: unit, community: "C1", slots: slots, maxHours: maxHours)
    }

    static func need(_ id: String, headcount: Int = 1, hours: Double = 2, slots: [Slot] = [sat],
                     resources: [ResourceRequirement] = []) -> Need {
        Need(id: id, community: "C1", headcount: headcount, hours: hours, slots: slots, resources: resources)
    }

    /// A builder with every task's own columns and rows added, and the row count at that point.
    static func tasksAdded(_ s: Scenario) -> (builder: MatchingModel.Builder, rows: Int) {
        var b = MatchingModel.Builder(scenario: s)
        for t in b.result.tasks.indices { b.addTask(t) }
        return (b, b.result.model.constraints.count)
    }

    /// The rows added since `from`, as `name: terms (variable names with coefficients) in [lower, upper]`.
    static func rows(_ b: MatchingModel.Builder, from: Int = 0, prefix: String? = nil) -> [String] {
        let m = b.result.model
        return m.constraints[from...].filter { prefix == nil || $0.name.hasPrefix(prefix!) }.map { c in
            let terms = c.terms.map { "\($0.coefficient == 1 ? "" : "\(Self.number($0.coefficient))·")\(m.variables[$0.variable].name)" }
            return "\(c.name): \(terms.joined(separator: " + ")) in [\(c.lower.map(Self.number) ?? "-inf"), \(c.upper.map(Self.number) ?? "inf")]"
        }
    }

    static func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    // MARK: - Rules 4 and 5: one slot, headcount, roles

    @Test("rules 4 and 5: a task with two slots is covered in at most one")
    func oneSlotRow() {
        let s = Scenario(communities: Self.here, units: Self.units, members: [Self.member("M1", slots: [Self.sat, Self.satPM])],
                         needs: [Self.need("N1", slots: [Self.sat, Self.satPM])])
        let (b, _) = Self.tasksAdded(s)
        #expect(Self.rows(b, prefix: "one_slot") == ["one_slot[need_N1]: cover[need_N1,Sat-AM] + cover[need_N1,Sat-PM] in [-inf, 1]"])
    }

    @Test("rule 4: a need takes exactly its headcount in the chosen slot, and nobody when uncovered")
    func needHeadcountRow() {
        let s = Scenario(communities: Self.here, units: Self.units,
                         members: [Self.member("M1"), Self.member("M2"), Self.member("M3")],
                         needs: [Self.need("N1", headcount: 2)])
        let (b, _) = Self.tasksAdded(s)
        #expect(Self.rows(b, prefix: "staff") == [
            "staff[need_N1,Sat-AM]: assign[M1,need_N1,Sat-AM] + assign[M2,need_N1,Sat-AM] + assign[M3,need_N1,Sat-AM] + -2·cover[need_N1,Sat-AM] in [0, 0]",
        ])
        #expect(b.result.staffRows.map(\.rows) == [[0]])
    }

    @Test("rule 5: every role of a project between its min and max")
    func projectRoleRows() {
        let p = Project(id: "P1", community: "C1", slots: [Self.sat], hours: 2,
                        roles: [Role(skill: "any", min: 1, max: 2), Role(skill: "medical", min: 1, max: 1)],
                        resources: [], beneficiaries: 4, priority: 3)
        var medic = Self.member("M2"); medic.skills = ["medical"]
        let s = Scenario(communities: Self.here, units: Self.units, members: [Self.member("M1"), medic], needs: [], projects: [p])
        let (b, _) = Self.tasksAdded(s)
        #expect(Self.rows(b, prefix: "staff") == [
            "staff_min[project_P1:any,Sat-AM]: assign[M1,project_P1:any,Sat-AM] + assign[M2,project_P1:any,Sat-AM] + -1·cover[project_P1,Sat-AM] in [0, inf]",
            "staff_max[project_P1:any,Sat-AM]: assign[M1,project_P1:any,Sat-AM] + assign[M2,project_P1:any,Sat-AM] + -2·cover[project_P1,Sat-AM] in [-inf, 0]",
            "staff[project_P1:medical,Sat-AM]: assign[M2,project_P1:medical,Sat-AM] + -1·cover[project_P1,Sat-AM] in [0, 0]",
        ])
    }

    // MARK: - Rule 1: one task per slot

    @Test("rule 1: a member eligible for two tasks in one slot serves at most one")
    func oneTaskPerSlotRows() {
        let s = Scenario(communities: Self.here, units: Self.units, members: [Self.member("M1"), Self.member("M2", slots: [Self.satPM])],
                         needs: [Self.need("N1"), Self.need("N2", slots: [Self.sat, Self.satPM])])
        var (b, before) = Self.tasksAdded(s)
        b.addOneTaskPerSlotRows()
        // M2 has one option per slot: no row can bind, so none is written.
        #expect(Self.rows(b, from: before) == ["member_slot[M1,Sat-AM]: assign[M1,need_N1,Sat-AM] + assign[M1,need_N2,Sat-AM] in [-inf, 1]"])
        #expect(b.result.memberSlotRows.map(\.owner) == [0])
    }

    // MARK: - Rule 2: weekly hours

    @Test("rule 2: a member's hours within max_hours, written only when the busiest week would not fit")
    func hoursCapRows() {
        let s = Scenario(communities: Self.here, units: Self.units,
                         members: [Self.member("M1", slots: [Self.sat, Self.satPM], maxHours: 3),
                                   Self.member("M2", slots: [Self.sat, Self.satPM], maxHours: 4)],
                         needs: [Self.need("N1"), Self.need("N2", slots: [Self.satPM])])
        var (b, before) = Self.tasksAdded(s)
        b.addHoursCapRows()
        #expect(Self.rows(b, from: before) == ["member_hours[M1]: 2·assign[M1,need_N1,Sat-AM] + 2·assign[M1,need_N2,Sat-PM] in [-inf, 3]"])
    }

    // MARK: - Rule 6: resources

    @Test("rule 6: each requirement of a covered task met by exactly one resource")
    func requirementRows() {
        let vans = [Resource(id: "R1", unit: "U1", kind: "vehicle", community: "C1"),
                    Resource(id: "R2", unit: "U1", kind: "vehicle", community: "C1")]
        let s = Scenario(communities: Self.here, units: Self.units, members: [Self.member("M1")], resources: vans,
                         needs: [Self.need("N1", resources: [ResourceRequirement(kind: "vehicle")])])
        let (b, _) = Self.tasksAdded(s)
        #expect(Self.rows(b, prefix: "resource[") == [
            "resource[need_N1#1,Sat-AM]: book[R1,need_N1#1,Sat-AM] + book[R2,need_N1#1,Sat-AM] + -1·cover[need_N1,Sat-AM] in [0, 0]",
        ])
    }

    @Test("rule 6: a resource serves at most one task per slot")
    func resourceSlotRows() {
        let van = Resource(id: "R1", unit: "U1", kind: "vehicle", community: "C1")
        let wants = [ResourceRequirement(kind: "vehicle")]
        let s = Scenario(communities: Self.here, units: Self.units, members: [Self.member("M1"), Self.member("M2")], resources: [van],
                         needs: [Self.need("N1", resources: wants), Self.need("N2", resources: wants)])
        var (b, before) = Self.tasksAdded(s)
        b.addResourceSlotRows()
        #expect(Self.rows(b, from: before) == ["resource_slot[R1,Sat-AM]: book[R1,need_N1#1,Sat-AM] + book[R1,need_N2#1,Sat-AM] in [-inf, 1]"])
    }

    @Test("rule 6: amounts drawn from a resource within its weekly quantity, written only when they could exceed it")
    func resourceBudgetRows() {
        let funds = [Resource(id: "F1", unit: "U1", kind: "funds", community: nil, quantity: 500),
                     Resource(id: "F2", unit: "U1", kind: "funds", community: nil, quantity: 1_000)]
        let wants = [ResourceRequirement(kind: "funds", amount: 300)]
        let s = Scenario(communities: Self.here, units: Self.units, members: [Self.member("M1", slots: [Self.sat, Self.satPM])],
                         resources: funds,
                         needs: [Self.need("N1", resources: wants), Self.need("N2", slots: [Self.satPM], resources: wants)])
        var (b, before) = Self.tasksAdded(s)
        b.addResourceBudgetRows()
        #expect(Self.rows(b, from: before) == ["resource_budget[F1]: 300·book[F1,need_N1#1,Sat-AM] + 300·book[F1,need_N2#1,Sat-PM] in [-inf, 500]"])
    }

    // MARK: - Rule 7: pins

    @Test("rule 7: a pin holds; a pin no column can satisfy is set aside, not written as an empty row")
    func pinRows() {
        let pins = [Pin(task: TaskRef(.need, "N1"), member: "M1", location: Self.nowhere),
                    Pin(task: TaskRef(.need, "N1"), member: "M2", location: Self.nowhere)]
        let s = Scenario(communities: Self.here, units: Self.units,
                         members: [Self.member("M1"), Self.member("M2", slots: [Self.satPM])],
                         needs: [Self.need("N1")], pins: pins)
        var (b, before) = Self.tasksAdded(s)
        b.addPinRows()
        #expect(Self.rows(b, from: before) == ["pin[need:N1,M1]: assign[M1,need_N1,Sat-AM] in [1, 1]"])
        #expect(b.result.impossiblePins.map(\.member) == ["M2"])
        #expect(b.result.pinColumns.count == 1)
    }

    // MARK: - Level 2: pledges

    @Test("level 2: a pledging unit's shortfall is at least its pledge less its members' hours")
    func pledgeRows() {
        let s = Scenario(communities: Self.here, units: [StationedUnit(id: "U1", pledgeHours: 6), StationedUnit(id: "U2")],
                         members: [Self.member("M1"), Self.member("M2", unit: "U2")], needs: [Self.need("N1")])
        var (b, before) = Self.tasksAdded(s)
        b.addPledgeRows()
        #expect(Self.rows(b, from: before) == ["pledge[U1]: 2·assign[M1,need_N1,Sat-AM] + short[U1] in [6, inf]"])
        b.setObjectives()
        #expect(b.result.objectives[.pledges]?.terms.map { b.result.model.variables[$0.variable].name } == ["short[U1]"])
    }

    /// The rules one by one give the same model as `MatchingModel(scenario:)`, row for row.
    @Test("the rules in order build the same model as MatchingModel(scenario:)")
    func rulesInOrderAreTheModel() {
        let p = Project(id: "P1", community: "C1", slots: [Self.sat, Self.satPM], hours: 2, roles: [Role(skill: "any", min: 1, max: 2)],
                        resources: [ResourceRequirement(kind: "venue")], beneficiaries: 8, priority: 2)
        let s = Scenario(communities: Self.here, units: [StationedUnit(id: "U1", pledgeHours: 4)],
                         members: [Self.member("M1", slots: [Self.sat, Self.satPM], maxHours: 2), Self.member("M2")],
                         resources: [Resource(id: "R1", unit: "U1", kind: "venue", community: "C1")],
                         needs: [Self.need("N1", resources: [ResourceRequirement(kind: "venue")])], projects: [p])
        var b = MatchingModel.Builder(scenario: s)
        b.addAllRules()
        let whole = MatchingModel(scenario: s)
        #expect(b.result.model.variables.map(\.name) == whole.model.variables.map(\.name))
        #expect(b.result.model.constraints.map(\.name) == whole.model.constraints.map(\.name))
        #expect(!Self.rows(b, prefix: "member_hours").isEmpty && !Self.rows(b, prefix: "pledge").isEmpty)
    }
}
