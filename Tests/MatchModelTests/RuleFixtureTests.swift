import CommunityMatch
import Foundation
import GLPKSolver
import MatchModel
import ScenarioIO
import Testing
import TestSupport

/// One tiny scenario per hard rule and per objective level of SPEC.md, written as the CSV text a street office
/// would type, read through `ScenarioLoader`, solved with GLPK, and held to one precise expectation (the
/// Timefold habit: each constraint tested alone on a fixture small enough to check by hand).
///
/// Geography shared by the fixtures: C1 is where the tasks are; C2 (2.2 km north) and C3 (2.6 km west) are
/// beyond the 15-minute service circle (1.125 km at 4.5 km/h) unless a fixture's travel.csv brings them closer.
@Suite struct RuleFixtureTests {
    static let communities = """
        id,name,lat,lon
        C1,Nanguan,39.9000,116.4000
        C2,Beiguan,39.9200,116.4000
        C3,Xiguan,39.9000,116.3700

        """

    static let units = """
        id,name,pledge_hours
        U1,City Hospital,0
        U2,Tax Bureau,0

        """

    /// Loads `files` (over the default folder, with three communities and two units) and solves it.
    static func solve(_ files: [String: String?], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Plan {
        var all: [String: String?] = ["communities.csv": communities, "units.csv": units]
        for (k, v) in files { all[k] = v }
        let folder = try ScenarioFolder(all)
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(folder: folder.path)
        } catch {
            Issue.record("fixture does not load: \(error)", sourceLocation: sourceLocation)
            throw error
        }
        return try Matcher(solver: GLPKSolver()).solve(loaded.scenario)
    }

    /// `need:N1←M1` for every assignment, sorted.
    static func served(_ plan: Plan) -> [String] {
        plan.assignments.map { "\($0.task)←\($0.member)" }.sorted()
    }

    /// `need:N1 no_slot` for every unmet task, sorted.
    static func unmet(_ plan: Plan) -> [String] {
        plan.unmet.sorted { $0.task < $1.task }.map { "\($0.task) \($0.reason.rawValue)" }
    }

    static func covered(_ plan: Plan) -> [String] {
        plan.covered.keys.sorted().map(\.description)
    }

    // MARK: - Rule 1: slots

    @Test func rule1_memberFreeOnlySaturdayMorningCannotServeSundayMorningNeed() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sun-AM

                """,
        ])
        #expect(Self.unmet(plan) == ["need:N1 no_slot"] && plan.assignments.isEmpty)
    }

    @Test func rule1_memberServesAtMostOneTaskPerSlot() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots,max_hours
                M1,Li Ming,U1,C1,Sat-AM,8

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM
                N2,C1,2,Sat-AM

                """,
        ])
        #expect(plan.assignments.count == 1)
    }

    // MARK: - Rule 2: weekly hours

    @Test func rule2_memberWithMaxHours3GetsOnlyOneOfTwoTwoHourNeeds() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots,max_hours
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM,3

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM
                N2,C1,2,Sun-AM

                """,
        ])
        #expect(plan.assignments.count == 1)
    }

    @Test func rule2_travelTimeDoesNotCountTowardTheMembersHours() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots,max_hours
                M1,Li Ming,U1,C2,Sat-AM,2

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM

                """,
            "travel.csv": """
                from,to,minutes
                C1,C2,12

                """,
        ])
        #expect(Self.served(plan) == ["need:N1←M1"])
    }

    // MARK: - Rule 3: skills and reach

    @Test func rule3_needWhoseSkillNoMemberHoldsIsUnmetWithNoSkill() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Li Ming,U1,C1,legal,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,skills
                N1,C1,2,Sat-AM,medical

                """,
        ])
        #expect(Self.unmet(plan) == ["need:N1 no_skill"])
    }

    @Test func rule3_memberTwoKilometresAwayIsOutOfReachOfFifteenMinuteCircle() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C2,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM

                """,
        ])
        #expect(Self.unmet(plan) == ["need:N1 no_one_in_reach"])
    }

    @Test func rule3_travelExactlyAtTheLimitIsWithinReach() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C2,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM

                """,
            "travel.csv": """
                from,to,minutes
                C2,C1,15

                """,
        ])
        #expect(Self.served(plan) == ["need:N1←M1"])
    }

    @Test func rule3_needOwnMaxTravelWidensTheCircle() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C2,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,max_travel
                N1,C1,2,Sat-AM,40

                """,
        ])
        #expect(Self.served(plan) == ["need:N1←M1"])
    }

    @Test func rule3_skillsCompareCaseInsensitivelyAndAnyRequiresNothing() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Dr Zhang,U1,C1,Medical,Sat-AM|Sun-AM

                """,
            "needs.csv": """
                id,community,hours,slots,skills
                N1,C1,2,Sat-AM,MEDICAL
                N2,C1,2,Sun-AM,any

                """,
        ])
        #expect(Self.served(plan) == ["need:N1←M1", "need:N2←M1"])
    }

    // MARK: - Rule 4: headcount

    @Test func rule4_headcountTwoWithOnlyOneEligibleMemberIsUncoveredAndTakesNobodyAndNoResource() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM
                M2,Wang Fang,U2,C1,Sun-PM

                """,
            "resources.csv": """
                id,unit,kind,name,community
                R1,U1,vehicle,Hospital van,C1

                """,
            "needs.csv": """
                id,community,hours,slots,headcount,resources
                N1,C1,2,Sat-AM,2,vehicle

                """,
        ])
        #expect(Self.covered(plan).isEmpty && plan.assignments.isEmpty && plan.bookings.isEmpty)
    }

    @Test func rule4_headcountTwoIsCoveredByTwoMembersInOneSlot() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM
                M2,Wang Fang,U2,C1,Sun-AM

                """,
            "needs.csv": """
                id,community,hours,slots,headcount
                N1,C1,2,Sat-AM|Sun-AM,2

                """,
        ])
        #expect(plan.assignments.map { "\($0.member)@\($0.slot.day)" }.sorted() == ["M1@6", "M2@6"])
    }

    // MARK: - Rule 5: projects

    @Test func rule5_projectNeedingThreeHelpersWithOnlyTwoAvailableDoesNotRunAndTakesNothing() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Dr Zhang,U1,C1,medical,Sat-AM
                M2,Wang Fang,U2,C1,,Sat-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community,capacity
                R1,U2,venue,Meeting room,C1,30

                """,
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": """
                id,community,title,slots,hours,roles,resources,beneficiaries
                P1,C1,Health clinic,Sat-AM,3,medical:1-2;any:2-4,venue>=20,40

                """,
        ])
        #expect(Self.unmet(plan).map { $0.hasPrefix("project:P1 ") } == [true] && plan.assignments.isEmpty && plan.bookings.isEmpty)
    }

    @Test func rule5_projectRunsWhenEveryRoleReachesItsMinimumAndEachMemberFillsOneRole() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Dr Zhang,U1,C1,medical,Sat-AM
                M2,Wang Fang,U2,C1,,Sat-AM
                M3,Zhao Lei,U2,C1,,Sat-AM

                """,
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": """
                id,community,title,slots,hours,roles,beneficiaries
                P1,C1,Health clinic,Sat-AM,3,medical:1-2;any:2-4,40

                """,
        ])
        #expect(plan.assignments.map { "\($0.role):\($0.member)" }.sorted() == ["any:M2", "any:M3", "medical:M1"])
    }

    @Test func rule5_aMemberFillsAtMostOneRoleOfAProject() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Dr Zhang,U1,C1,medical,Sat-AM

                """,
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": """
                id,community,slots,hours,roles,beneficiaries
                P1,C1,Sat-AM,3,medical:1;any:1,40

                """,
        ])
        #expect(plan.assignments.isEmpty && Self.covered(plan).isEmpty)
    }

    @Test func rule5_aRoleTakesAtMostItsMaximum() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM
                M2,Wang Fang,U2,C1,Sat-AM
                M3,Zhao Lei,U2,C1,Sat-AM

                """,
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": """
                id,community,slots,hours,roles,beneficiaries
                P1,C1,Sat-AM,3,any:1-2,40

                """,
        ])
        #expect((1...2).contains(plan.assignments.count) && Self.covered(plan) == ["project:P1"])
    }

    // MARK: - Rule 6: resources

    @Test func rule6_vanNeededByTwoNeedsInOneSlotGoesToTheHigherPriorityOne() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM
                M2,Wang Fang,U2,C1,Sat-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community
                R1,U1,vehicle,Hospital van,C1

                """,
            "needs.csv": """
                id,community,hours,slots,priority,resources
                N1,C1,2,Sat-AM,3,vehicle
                N2,C1,2,Sat-AM,1,vehicle

                """,
        ])
        #expect(Self.unmet(plan) == ["need:N1 outcompeted"])
    }

    @Test func rule6_venueTooSmallLeavesTheNeedUnmetWithNoResource() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community,capacity
                R1,U1,venue,Meeting room,C1,20

                """,
            "needs.csv": """
                id,community,hours,slots,resources
                N1,C1,2,Sat-AM,venue>=30

                """,
        ])
        #expect(Self.unmet(plan) == ["need:N1 no_resource"])
    }

    @Test func rule6_fundsOf500PayOnlyOneOfTwoRequirementsOf300() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM

                """,
            "resources.csv": """
                id,unit,kind,name,quantity
                R1,U2,funds,Party fees,500

                """,
            "needs.csv": """
                id,community,hours,slots,resources
                N1,C1,2,Sat-AM,funds=300
                N2,C1,2,Sun-AM,funds=300

                """,
        ])
        #expect(Self.covered(plan).count == 1)
    }

    @Test func rule6_twoRequirementsOfOneKindNeedTwoDifferentResources() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community
                R1,U1,vehicle,Hospital van,C1

                """,
            "needs.csv": """
                id,community,hours,slots,resources
                N1,C1,2,Sat-AM,vehicle|vehicle

                """,
        ])
        #expect(Self.covered(plan).isEmpty && plan.bookings.isEmpty)
    }

    @Test func rule6_resourceOutOfReachOfTheTaskIsNotUsed() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community
                R1,U1,vehicle,Hospital van,C2

                """,
            "needs.csv": """
                id,community,hours,slots,resources
                N1,C1,2,Sat-AM,vehicle

                """,
        ])
        #expect(Self.unmet(plan) == ["need:N1 no_resource"])
    }

    @Test func rule6_resourceSlotsDecideWhenTheTaskRuns() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community,slots
                R1,U1,vehicle,Hospital van,C1,Sun-AM

                """,
            "needs.csv": """
                id,community,hours,slots,resources
                N1,C1,2,Sat-AM|Sun-AM,vehicle

                """,
        ])
        #expect(plan.bookings.map { "\($0.resource)@\($0.slot.day)-\($0.slot.period)" } == ["R1@6-0"])
    }

    @Test func rule6_resourceKindsAndTagsCompareCaseInsensitively() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community,tags
                R1,U1,Equipment,Barber kit,C1,Haircut-Kit

                """,
            "needs.csv": """
                id,community,hours,slots,resources
                N1,C1,2,Sat-AM,EQUIPMENT:haircut-kit

                """,
        ])
        #expect(plan.bookings.map(\.resource) == ["R1"])
    }

    // MARK: - Rule 7: pins

    @Test func rule7_pinForcesALessValuableAssignment() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,priority
                N1,C1,2,Sat-AM,1
                N2,C1,2,Sat-AM,5

                """,
            "pins.csv": """
                task,member,slot
                N2,M1,

                """,
        ])
        #expect(Self.served(plan) == ["need:N2←M1"])
    }

    @Test func rule7_pinWithASlotFixesTheSlot() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM|Sun-AM

                """,
            "pins.csv": """
                task,member,slot
                N1,M1,Sun-AM

                """,
        ])
        #expect(plan.assignments.map { "\($0.member)@\($0.slot.day)-\($0.slot.period)" } == ["M1@6-0"])
    }

    // MARK: - Level 1: coverage

    @Test func coverage_higherPriorityNeedWinsAContestedMember() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,priority
                N1,C1,2,Sat-AM,3
                N2,C1,2,Sat-AM,2

                """,
        ])
        #expect(Self.served(plan) == ["need:N2←M1"])
    }

    @Test func coverage_vulnerableNeedWinsAContestedMemberAtEqualPriority() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,priority,vulnerable
                N1,C1,2,Sat-AM,3,no
                N2,C1,2,Sat-AM,3,yes

                """,
        ])
        #expect(Self.served(plan) == ["need:N2←M1"])
    }

    @Test func coverage_isASumOverTheWeekNotAGreedyPickOfTheMostValuableNeed() throws {
        // Coverage is a sum over the week, not a greedy pick of the most valuable task: with 4 hours, M1 can
        // take N3 (150, 3 h) alone, or N1 and N2 (100 + 100, 2 h each) on Saturday and Sunday.
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots,max_hours
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM,4

                """,
            "needs.csv": """
                id,community,hours,slots,priority,vulnerable
                N1,C1,2,Sat-AM|Sun-AM,3,no
                N2,C1,2,Sat-AM|Sun-AM,3,no
                N3,C1,3,Sat-AM,3,yes

                """,
        ])
        #expect(Self.served(plan) == ["need:N1←M1", "need:N2←M1"])
    }

    @Test func coverage_projectValueCountsBeneficiaries() throws {
        // P1: 100 × 20 / 4 = 500 beats N1's priority-2 value of 300.
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,priority
                N1,C1,2,Sat-AM,2

                """,
            "projects.csv": """
                id,community,slots,hours,roles,beneficiaries,priority
                P1,C1,Sat-AM,2,any:1,20,3

                """,
        ])
        #expect(Self.served(plan) == ["project:P1←M1"])
    }

    @Test func coverage_priorityWeightsFromScenarioYamlDecideTheWinner() throws {
        let plan = try Self.solve([
            "scenario.yaml": """
                weights:
                  priority: {3: 5000}

                """,
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,priority
                N1,C1,2,Sat-AM,1
                N2,C1,2,Sat-AM,3

                """,
        ])
        #expect(Self.served(plan) == ["need:N2←M1"])
    }

    // MARK: - Level 2: pledges

    /// M1 of the pledging unit U1 lives 5 minutes away; M2 of U2, which pledged nothing, lives next door.
    static let pledgeFixture: [String: String?] = [
        "units.csv": """
            id,name,pledge_hours
            U1,City Hospital,2
            U2,Tax Bureau,0

            """,
        "members.csv": """
            id,name,unit,community,slots
            M1,Li Ming,U1,C2,Sat-AM
            M2,Wang Fang,U2,C1,Sat-AM

            """,
        "needs.csv": """
            id,community,hours,slots
            N1,C1,2,Sat-AM

            """,
        "travel.csv": """
            from,to,minutes
            C1,C2,5

            """,
    ]

    @Test func pledges_amongEqualCoveragePlansTheOneServingTheShortfallUnitIsChosenBeforeTravel() throws {
        let plan = try Self.solve(Self.pledgeFixture)
        #expect(Self.served(plan) == ["need:N1←M1"])
    }

    @Test func objective_reorderedInScenarioYamlPutsTravelBeforePledges() throws {
        var files = Self.pledgeFixture
        files["scenario.yaml"] = "objective: [coverage, travel, pledges]\n"
        let plan = try Self.solve(files)
        #expect(Self.served(plan) == ["need:N1←M2"])
    }

    @Test func objective_levelsAreReportedInTheOrderScenarioYamlGives() throws {
        var files = Self.pledgeFixture
        files["scenario.yaml"] = "objective: [coverage, travel, pledges]\n"
        let plan = try Self.solve(files)
        #expect(plan.levels.map(\.level) == [.coverage, .travel, .pledges])
    }

    @Test func objective_levelsDroppedInScenarioYamlAreNotOptimised() throws {
        var files = Self.pledgeFixture
        files["scenario.yaml"] = "objective: [coverage]\n"
        let plan = try Self.solve(files)
        #expect(plan.levels.map(\.level) == [.coverage])
    }

    // MARK: - Level 3: travel and continuity

    @Test func travel_theNearerMemberIsChosen() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C2,Sat-AM
                M2,Wang Fang,U1,C3,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots
                N1,C1,2,Sat-AM

                """,
            "travel.csv": """
                from,to,minutes
                C1,C2,10
                C1,C3,5

                """,
        ])
        #expect(Self.served(plan) == ["need:N1←M2"])
    }

    static func continuityFixture(preferredExtraMinutes: Int) -> [String: String?] {
        [
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM
                M2,Wang Fang,U1,C2,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,preferred_member,max_travel
                N1,C1,2,Sat-AM,M2,60

                """,
            "travel.csv": """
                from,to,minutes
                C2,C1,\(preferredExtraMinutes)

                """,
        ]
    }

    @Test func continuity_preferredMemberIsChosenEvenIfTenMinutesFarther() throws {
        let plan = try Self.solve(Self.continuityFixture(preferredExtraMinutes: 10))
        #expect(Self.served(plan) == ["need:N1←M2"])
    }

    @Test func continuity_preferredMemberIsNotChosenIfFortyMinutesFartherWithBonus30() throws {
        let plan = try Self.solve(Self.continuityFixture(preferredExtraMinutes: 40))
        #expect(Self.served(plan) == ["need:N1←M1"])
    }

    @Test func continuity_bonusFromScenarioYamlIsUsed() throws {
        var files = Self.continuityFixture(preferredExtraMinutes: 40)
        files["scenario.yaml"] = "weights:\n  continuity_bonus: 50\n"
        let plan = try Self.solve(files)
        #expect(Self.served(plan) == ["need:N1←M2"])
    }

    // MARK: - Reason codes

    /// One scenario in which each reason code is the right one for exactly one need.
    @Test func reasonCodes_eachAppearsWhereItIsTheFirstCauseThatHolds() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Li Ming,U1,C1,,Sat-AM|Sun-AM
                M2,Dr Zhang,U2,C2,legal,Sat-AM|Sun-AM

                """,
            "resources.csv": """
                id,unit,kind,name,community,capacity
                R1,U1,venue,Meeting room,C1,20

                """,
            "needs.csv": """
                id,community,hours,slots,skills,priority,resources
                NOSKILL,C1,2,Sat-AM|Sun-AM,plumbing,1,
                NOREACH,C1,2,Sat-AM|Sun-AM,legal,1,
                NOSLOT,C1,2,Wed-PM,,1,
                NORES,C1,2,Sun-AM,,1,venue>=50
                WIN,C1,2,Sat-AM,,1,
                LOSE,C1,2,Sat-AM,,5,

                """,
        ])
        #expect(Self.unmet(plan) == [
            "need:LOSE outcompeted",
            "need:NOREACH no_one_in_reach",
            "need:NORES no_resource",
            "need:NOSKILL no_skill",
            "need:NOSLOT no_slot",
        ])
    }

    @Test func reasonCodes_outcompetedNamesTheTaskThatTookTheMember() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM

                """,
            "needs.csv": """
                id,community,hours,slots,priority
                WIN,C1,2,Sat-AM,1
                LOSE,C1,2,Sat-AM,5

                """,
        ])
        #expect(plan.unmet.first { $0.task.id == "LOSE" }?.detail.contains("WIN") == true)
    }

    @Test func reasonCodes_needLosingToAnotherForTheMembersHoursNamesThatNeed() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots,max_hours
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM,3

                """,
            "needs.csv": """
                id,community,hours,slots,priority
                WIN,C1,2,Sat-AM,1
                LOSE,C1,2,Sun-AM,3

                """,
        ])
        let lose = plan.unmet.first { $0.task.id == "LOSE" }
        #expect(lose?.reason == .outcompeted && lose?.detail.contains("WIN") == true, "\(String(describing: lose))")
    }

    /// SPEC: outcompeted "names what took them". Here the weekly budget of the funds went to WIN on Saturday,
    /// so LOSE on Sunday is unmet because of WIN even though the funds are free in its slot.
    @Test func reasonCodes_needLosingTheWeeklyFundsBudgetNamesTheTaskThatSpentIt() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,slots
                M1,Li Ming,U1,C1,Sat-AM|Sun-AM

                """,
            "resources.csv": """
                id,unit,kind,name,quantity
                R1,U2,funds,Party fees,500

                """,
            "needs.csv": """
                id,community,hours,slots,priority,resources
                WIN,C1,2,Sat-AM,1,funds=300
                LOSE,C1,2,Sun-AM,3,funds=300

                """,
        ])
        let lose = plan.unmet.first { $0.task.id == "LOSE" }
        #expect(lose?.reason == .outcompeted && lose?.detail.contains("WIN") == true, "\(String(describing: lose))")
    }

    @Test func reasonCodes_projectRoleNobodyHoldsIsNoSkill() throws {
        let plan = try Self.solve([
            "members.csv": """
                id,name,unit,community,skills,slots
                M1,Li Ming,U1,C1,,Sat-AM
                M2,Wang Fang,U2,C1,,Sat-AM

                """,
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": """
                id,community,slots,hours,roles,beneficiaries
                P1,C1,Sat-AM,2,medical:1;any:1,30

                """,
        ])
        #expect(Self.unmet(plan) == ["project:P1 no_skill"])
    }
}
