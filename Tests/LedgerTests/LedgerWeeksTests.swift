import CommunityMatch
import Foundation
import Ledger
import PlanIO
import PlanVerify
import ScenarioIO
import Testing
import TestSupport

/// Five weeks planned and accepted in turn with `solve --ledger`: a recurring need keeps last week's member,
/// and a member who carried the last four weeks is spared when someone else can serve.
///
/// The street: C1 and C2 are 7.4 minutes' walk apart. M2 and M3 live in C1, M1 and M4 in C2; only M3 has
/// the `nursing` skill, so M3 serves the two nursing needs of every week (4 hours a week). R1 is a weekly
/// visit in C1 that M1 served in the first week (needs.csv asked for M1 then).
@Suite struct LedgerWeeksTests {
    static let communities = "id,name,lat,lon\nC1,East,39.9000,116.4000\nC2,West,39.9050,116.4000\n"
    static let units = "id,name,pledge_hours\nU1,Hospital,0\n"
    static let allMembers = """
        id,name,unit,community,skills,slots,max_hours,phone
        M1,李明,U1,C2,,weekend,8,13800000001
        M2,王芳,U1,C1,,weekend,8,13800000002
        M3,张伟,U1,C1,nursing,weekend,8,13800000003
        M4,刘洋,U1,C2,,weekend,8,13800000004

        """

    static func needs(week: Int, r1Preferred: String = "", extra: String = "") -> String {
        """
        id,community,hours,slots,skills,preferred_member
        R1,C1,2,Sat-AM,,\(r1Preferred)
        H\(week)a,C1,2,Sat-PM,nursing,
        H\(week)b,C1,2,Sun-AM,nursing,
        \(extra)
        """
    }

    struct Week {
        let folder: ScenarioFolder
        let plan: String
    }

    /// Writes week `n`'s scenario, solves it (with or without the ledger) and returns the plan folder.
    static func solve(week n: Int, members: String = allMembers, needs: String, ledger: String?, name: String) throws -> Week {
        let folder = try ScenarioFolder([
            "scenario.yaml": "name: weeks\nweek: 2026-W0\(n)\n",
            "communities.csv": communities, "units.csv": units, "members.csv": members, "needs.csv": needs,
        ], defaults: false)
        let out = folder.scratch(name)
        var args = ["solve", folder.path, "-o", out]
        if let ledger { args += ["--ledger", ledger] }
        let r = try CLI.run(args)
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        return Week(folder: folder, plan: out)
    }

    static func servers(_ plan: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for a in try PlanDocumentReader.read(path: plan).assignments { out[a.taskID, default: []].append(a.member) }
        return out
    }

    static func accept(_ plan: String, _ ledger: String) throws {
        let r = try CLI.run(["accept", plan, "--ledger", ledger])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
    }

    @Test func continuityAndFairnessOverFiveWeeks() throws {
        let home = try ScenarioFolder([:], defaults: false)
        let ledger = home.scratch("street.ledger")
        var weeks: [Week] = []   // keep the folders alive until the end

        // W01: no ledger yet; needs.csv asks for M1 on R1.
        let w1 = try Self.solve(week: 1, needs: Self.needs(week: 1, r1Preferred: "M1"), ledger: ledger, name: "w1")
        weeks.append(w1)
        #expect(try Self.servers(w1.plan)["R1"] == ["M1"])
        try Self.accept(w1.plan, ledger)

        // W02–W04: needs.csv names nobody; the ledger makes M1 R1's preferred member. Without the ledger the
        // nearer C1 members would take R1.
        for n in 2...4 {
            let plain = try Self.solve(week: n, needs: Self.needs(week: n), ledger: nil, name: "w\(n)-plain")
            #expect(try Self.servers(plain.plan)["R1"] != ["M1"], "without history R1 goes to a member in C1")
            let w = try Self.solve(week: n, needs: Self.needs(week: n), ledger: ledger, name: "w\(n)")
            weeks += [plain, w]
            #expect(try Self.servers(w.plan)["R1"] == ["M1"], "continuity: R1 keeps last week's member in week \(n)")
            let summary = try String(contentsOfFile: w.plan + "/summary.json", encoding: .utf8)
            #expect(summary.contains("\"preferred_from_ledger\"") && summary.contains("\"need_id\": \"R1\""))
            try Self.accept(w.plan, ledger)
        }
        let store = try SQLiteLedger(path: ledger, create: false)
        #expect(try store.memberHours(weeks: 4, before: ISOWeek("2026-W05")!) == ["M1": 8, "M3": 16])

        // W05: a new need F1 on Sunday afternoon; M2 is away. Without history the nearest member (M3, who
        // served 16 hours in the last four weeks) takes it; with the ledger it goes to M4, who served none.
        // R1's last server M1 is only free on Sunday this week, so continuity cannot hold there.
        let members5 = """
            id,name,unit,community,skills,slots,max_hours,phone
            M1,李明,U1,C2,,Sun,8,13800000001
            M3,张伟,U1,C1,nursing,weekend,8,13800000003
            M4,刘洋,U1,C2,,weekend,8,13800000004

            """
        let needs5 = Self.needs(week: 5, extra: "F1,C1,2,Sun-PM,,\n")
        let plain5 = try Self.solve(week: 5, members: members5, needs: needs5, ledger: nil, name: "w5-plain")
        let w5 = try Self.solve(week: 5, members: members5, needs: needs5, ledger: ledger, name: "w5")
        weeks += [plain5, w5]
        #expect(try Self.servers(plain5.plan)["F1"] == ["M3"])
        #expect(try Self.servers(w5.plan)["F1"] == ["M4"], "fairness: the member with no recent hours serves")
        #expect(try Self.servers(w5.plan)["R1"] != nil && Self.servers(w5.plan)["R1"] != ["M1"], "R1 still covered, by someone else")

        // The plan names the fairness level, before travel, and the independent verifier recomputes it.
        let doc = try String(contentsOfFile: w5.plan + "/summary.json", encoding: .utf8)
        let levels = ["coverage", "pledges", "fairness", "travel"].map { doc.range(of: "\"level\": \"\($0)\"")?.lowerBound }
        #expect(levels.allSatisfy { $0 != nil } && levels.map { $0! } == levels.map { $0! }.sorted())
        var scenario = try ScenarioLoader.load(folder: w5.folder.path).scenario
        _ = try LedgerHistory.apply(store, to: &scenario)
        let folderPlan = try PlanFolderReader.read(folder: w5.plan, scenario: scenario)
        let verifier = PlanVerifier(scenario: scenario)
        #expect(verifier.violations(of: folderPlan.plan, rows: folderPlan.rows, bookkeeping: false).isEmpty)
        // F1 (2 h) by M4 (0 recent hours) costs nothing; M3's nursing needs (4 h × 16) cannot move.
        #expect(verifier.levelValues(of: folderPlan.plan)[.fairness] == 64)
        let v = try CLI.run(["verify", w5.folder.path, w5.plan, "--ledger", ledger, "--lang", "en"])
        #expect(v.status == 0 && v.stdout.contains("fairness (hours weighted by the last four weeks): 64"), Comment(rawValue: CLI.describe(v)))

        // Planning W05 again after it is accepted gives the same plan: only earlier weeks count.
        try Self.accept(w5.plan, ledger)
        let again = try Self.solve(week: 5, members: members5, needs: needs5, ledger: ledger, name: "w5-again")
        weeks.append(again)
        #expect(try String(contentsOfFile: again.plan + "/plan.json", encoding: .utf8)
                == String(contentsOfFile: w5.plan + "/plan.json", encoding: .utf8))
    }

    @Test func aPreferenceInNeedsCsvWinsOverTheLedgerAndUnknownMembersAreNotPreferred() throws {
        var s = Scenario(communities: [Community(id: "C1", lat: 0, lon: 0)], units: [StationedUnit(id: "U1")],
                         members: [Member(id: "M1", unit: "U1", community: "C1", slots: []),
                                   Member(id: "M2", unit: "U1", community: "C1", slots: [])],
                         needs: [Need(id: "N1", community: "C1", hours: 1, slots: [], preferredMember: "M2"),
                                 Need(id: "N2", community: "C1", hours: 1, slots: []),
                                 Need(id: "N3", community: "C1", hours: 1, slots: [])])
        s.settings.week = "2026-W10"
        let applied = LedgerHistory.apply(week: ISOWeek("2026-W10")!, lastServers: ["N1": "M1", "N2": "M1", "N3": "M9"],
                                          recentHours: ["M1": 3, "M9": 5], recentWeeks: [], to: &s)
        #expect(s.needs.map(\.preferredMember) == ["M2", "M1", nil])
        #expect(applied.keptOwnPreference == 1)
        #expect(s.recentHours == ["M1": 3])
        #expect(s.settings.objective == [.coverage, .pledges, .fairness, .travel])
        // The default objective without a ledger is untouched, and the hash of a plain scenario does not
        // mention recent hours.
        #expect(Settings().objective == [.coverage, .pledges, .travel])
        #expect(!ScenarioHash.canonicalText(Scenario(communities: [], units: [], members: [], needs: [])).contains("recent_hours"))
    }
}
