import CommunityMatch
import Foundation
import PlanVerify
import ScenarioIO
import Testing
import TestSupport

/// One fixture per reason code where it is the right answer, and `Explainer` gives it with its certificate.
/// Geography: C1 is where the tasks are; C2 is 2.2 km north (29 minutes on foot), beyond the 15-minute circle.
@Suite struct ExplainTests {
    static let base: [String: String?] = [
        "communities.csv": "id,name,lat,lon\nC1,Nanguan,39.9000,116.4000\nC2,Beiguan,39.9200,116.4000\n",
        "units.csv": "id,name,pledge_hours\nU1,City Hospital,0\n",
    ]

    static func explain(_ files: [String: String?], plan: Plan = Plan(), task: TaskRef = TaskRef(.need, "N1")) throws -> ReasonCertificate {
        var all = base
        for (k, v) in files { all[k] = v }
        let folder = try ScenarioFolder(all)
        let scenario = try ScenarioLoader.load(folder: folder.path).scenario
        let certificates = Explainer(scenario: scenario).certificates(for: plan)
        return try #require(certificates.first { $0.task == task }, "\(task) is not among the unmet")
    }

    @Test func noSkill() throws {
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,driving,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,skills\nN1,C1,2,Sat-AM,nursing\n",
        ])
        #expect(c.code == .noSkill)
        guard case .noSkill(_, let holders, let needed) = c.evidence else { Issue.record("\(c.evidence)"); return }
        #expect(holders.isEmpty && needed == 1)
        #expect(c.lines(.en, calendar: SlotCalendar())[1].contains("0 member(s) anywhere hold it"))
    }

    @Test func noOneInReach() throws {
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C2,medical,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,skills\nN1,C1,2,Sat-AM,medical\n",
        ])
        #expect(c.code == .noOneInReach)
        guard case .noOneInReach(_, let nearest, let limit, _) = c.evidence else { Issue.record("\(c.evidence)"); return }
        #expect(nearest.map(\.member) == ["M1"] && nearest[0].minutes > 29 && limit == 15)
    }

    @Test func noSlot() throws {
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\n",
            "needs.csv": "id,community,hours,slots\nN1,C1,2,Sun-AM|Sun-PM\n",
        ])
        #expect(c.code == .noSlot)
        guard case .noSlot(let slots) = c.evidence else { Issue.record("\(c.evidence)"); return }
        #expect(slots.count == 2 && slots.allSatisfy { $0.positions.allSatisfy { $0.free.isEmpty } })
    }

    @Test func noResource() throws {
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\n",
            "resources.csv": "id,unit,kind,community\nR1,U1,vehicle,C2\nV1,U1,venue,C1\n",
            "needs.csv": "id,community,hours,slots,resources\nN1,C1,2,Sat-AM,vehicle\n",
        ])
        #expect(c.code == .noResource)
        guard case .noResource(_, let reqs) = c.evidence else { Issue.record("\(c.evidence)"); return }
        #expect(reqs.count == 1 && reqs[0].candidates.map(\.resource) == ["R1"])
        guard case .distance(let from, _, _, _)? = reqs[0].candidates.first?.problems.first else { Issue.record("\(reqs)"); return }
        #expect(from == "C2")
    }

    @Test func outcompetedNamesTheTaskAndValueThatTookTheMember() throws {
        var plan = Plan()
        plan.covered[TaskRef(.need, "N2")] = Slot(day: 5, period: 0)
        plan.assignments = [Assignment(task: TaskRef(.need, "N2"), member: "M1", slot: Slot(day: 5, period: 0), hours: 2, travelMinutes: 0)]
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,priority\nN1,C1,2,Sat-AM,5\nN2,C1,2,Sat-AM,1\n",
        ], plan: plan)
        #expect(c.code == .outcompeted)
        guard case .outcompeted(let takers) = c.evidence else { Issue.record("\(c.evidence)"); return }
        #expect(takers.map(\.by) == [TaskRef(.need, "N2")] && takers[0].value == 1000 && takers[0].what == .member("M1"))
        #expect(c.lines(.zh, calendar: SlotCalendar()).contains { $0.contains("需求 N2（价值 1000）") })
    }

    @Test func aProjectNamesTheRoleThatIsItsBottleneck() throws {
        var plan = Plan()
        plan.covered[TaskRef(.need, "N1")] = Slot(day: 5, period: 0)
        plan.assignments = [Assignment(task: TaskRef(.need, "N1"), member: "M1", slot: Slot(day: 5, period: 0), hours: 2, travelMinutes: 0)]
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,medical,Sat-AM\nM2,U1,C1,,Sat-AM\nM3,U1,C1,,Sat-AM\n",
            "needs.csv": "id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\n",
            "projects.csv": "id,community,slots,hours,roles,beneficiaries,priority\nP1,C1,Sat-AM,2,medical:1-1;any:1-2,4,5\n",
        ], plan: plan, task: TaskRef(.project, "P1"))
        #expect(c.code == .outcompeted)
        let b = try #require(c.bottleneck)
        guard case .position(let p) = b.what else { Issue.record("\(b)"); return }
        #expect(p.role == "medical" && b.available == 0 && b.needed == 1)
    }

    @Test func aProjectShortOfAResourceNamesIt() throws {
        let c = try Self.explain([
            "members.csv": "id,unit,community,skills,slots\nM1,U1,C1,,Sat-AM\nM2,U1,C1,,Sat-AM\n",
            "resources.csv": "id,unit,kind,community,capacity\nV1,U1,venue,C1,10\n",
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": "id,community,slots,hours,roles,resources,beneficiaries\nP1,C1,Sat-AM,2,any:2-2,venue>=30,20\n",
        ], task: TaskRef(.project, "P1"))
        #expect(c.code == .noResource)
        let b = try #require(c.bottleneck)
        guard case .requirement(let q) = b.what else { Issue.record("\(b)"); return }
        #expect(q.kind == "venue")
    }
}
