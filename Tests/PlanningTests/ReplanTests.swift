import CommunityMatch
import Foundation
import PlanVerify
import ScenarioIO
import Testing
import TestSupport

/// `cmatch replan`: dropped members appear nowhere, untouched assignments stay identical, the new plan keeps
/// every hard rule of the changed week, and changes.csv lists exactly the difference.
@Suite struct ReplanTests {
    /// Three communities a few minutes apart, 20 members, 15 needs (some for two members) and a project.
    static func files() -> [String: String?] {
        var members = "id,name,unit,community,skills,slots,max_hours,phone\n"
        let slotChoices = ["weekend", "Sat|Sun-AM", "weekend|Fri-EVE", "Sat-AM|Sun"]
        for i in 1...20 {
            members += "M\(i < 10 ? "0" : "")\(i),Member \(i),U\(i % 3 + 1),C\(i % 3 + 1),\(i % 4 == 0 ? "medical" : ""),\(slotChoices[i % 4]),4,1390000\(1000 + i)\n"
        }
        var needs = "id,community,title,headcount,hours,slots,skills,priority,resources\n"
        let needSlots = ["weekend", "Sat-AM|Sun-PM", "Sun", "Sat-PM|Fri-EVE"]
        for i in 1...15 {
            needs += "N\(i < 10 ? "0" : "")\(i),C\(i % 3 + 1),Need \(i),\(i % 5 == 0 ? 2 : 1),2,\(needSlots[i % 4]),\(i % 6 == 0 ? "medical" : ""),\(i % 3 + 1),\(i % 2 == 0 ? "venue" : "")\n"
        }
        return [
            "scenario.yaml": "name: replan-fixture\nweek: 2026-W10\n",
            "communities.csv": "id,name,lat,lon\nC1,A,39.9000,116.4000\nC2,B,39.9030,116.4000\nC3,C,39.9000,116.4040\n",
            "units.csv": "id,name,pledge_hours\nU1,One,4\nU2,Two,0\nU3,Three,0\n",
            "members.csv": members,
            "needs.csv": needs,
            "resources.csv": "id,unit,kind,name,community,capacity,slots\nR1,U1,venue,Hall,C1,30,any\nR2,U2,venue,Room,C2,20,any\nR3,U3,venue,Yard,C3,20,any\n",
            "projects.csv": "id,community,title,slots,hours,roles,beneficiaries,priority\nP1,C1,Clinic,Sat-PM|Sun-PM,3,medical:1-1;any:2-3,20,2\n",
        ]
    }

    struct Line: Hashable { var task: String; var role: String; var member: String; var slot: String }

    static func assignments(_ plan: String) throws -> [Line] {
        let text = try String(contentsOfFile: plan + "/assignments.csv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { row in
            let c = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Line(task: "\(c[0]):\(c[1])", role: c[2], member: c[3], slot: c[7])
        }
    }

    static func bookings(_ plan: String) throws -> [String] {
        try String(contentsOfFile: plan + "/resources.csv", encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
    }

    static func changes(_ plan: String) throws -> [[String]] {
        let text = try String(contentsOfFile: plan + "/changes.csv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Removed, added and moved (task, member) pairs between two assignment lists, computed here without the
    /// command's code.
    static func diff(_ a: [Line], _ b: [Line]) -> Set<[String]> {
        var out: Set<[String]> = []
        let before = Dictionary(a.map { ("\($0.task)|\($0.member)", $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.map { ("\($0.task)|\($0.member)", $0) }, uniquingKeysWith: { x, _ in x })
        for (k, x) in before {
            if let y = after[k] { if x.slot != y.slot || x.role != y.role { out.insert(["moved", x.task, x.member]) } }
            else { out.insert(["removed", x.task, x.member]) }
        }
        for (k, y) in after where before[k] == nil { out.insert(["added", y.task, y.member]) }
        return out
    }

    @Test func droppingMembersChangesOnlyWhatItMust() throws {
        let folder = try ScenarioFolder(Self.files(), defaults: false)
        let planA = folder.scratch("a")
        var r = try CLI.run(["solve", folder.path, "-o", planA, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let a = try Self.assignments(planA)
        // Drop the members of the first two-member need or the project, and one more: a task then loses one
        // member and keeps another.
        let shared = Dictionary(grouping: a, by: \.task).filter { $0.value.count > 1 }.keys.sorted()
        let firstShared = try #require(shared.first, "the fixture has a task with more than one member")
        let dropped = [Dictionary(grouping: a, by: \.task)[firstShared]!.map(\.member).sorted()[0]]
            + Array(Set(a.map(\.member)).subtracting(Dictionary(grouping: a, by: \.task)[firstShared]!.map(\.member)).sorted().prefix(2))
        let planB = folder.scratch("b")
        r = try CLI.run(["replan", planA, "--drop-member"] + dropped + ["-o", planB, "--lang", "en"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let b = try Self.assignments(planB)

        #expect(b.allSatisfy { !dropped.contains($0.member) }, "dropped members appear nowhere")
        let touched = Set(a.filter { dropped.contains($0.member) }.map(\.task))
        let untouched = a.filter { !touched.contains($0.task) }
        #expect(Set(untouched).isSubset(of: Set(b)), "every assignment of an untouched task is identical")
        let untouchedTasks = Set(untouched.map(\.task))
        func untouchedBookings(_ p: String) throws -> Set<String> {
            Set(try Self.bookings(p).filter { row in untouchedTasks.contains(row.split(separator: ",").prefix(2).joined(separator: ":")) })
        }
        #expect(try !untouchedBookings(planA).isEmpty)
        #expect(try untouchedBookings(planA) == untouchedBookings(planB), "untouched tasks keep their resources")
        // The task that lost one member keeps the others in their slot (a replacement joins, or it is dropped
        // whole only when no replacement exists).
        let kept = a.filter { $0.task == firstShared && !dropped.contains($0.member) }
        #expect(Set(kept).isSubset(of: Set(b)) || !b.contains { $0.task == firstShared })

        // changes.csv is exactly the difference, and names phones.
        let kinds = ["member_removed": "removed", "member_added": "added", "slot_changed": "moved", "role_changed": "moved"]
        let listed = Set(try Self.changes(planB).compactMap { r in kinds[r[0]].map { [$0, "\(r[2]):\(r[3])", r[7]] } })
        #expect(listed == Self.diff(a, b))
        #expect(try Self.changes(planB).filter { $0[0] == "member_removed" && $0[1] == "member_dropped" }.count == a.filter { dropped.contains($0.member) }.count)
        #expect(try Self.changes(planB).allSatisfy { $0[7].isEmpty || $0[9].hasPrefix("1390000") })
        #expect(r.stdout.contains("assignments unchanged") && r.stdout.contains("no longer serves"))

        // The independent verifier accepts the new plan against the changed week.
        var changed = try ScenarioLoader.load(folder: folder.path).scenario
        changed.members.removeAll { dropped.contains($0.id) }
        let read = try PlanFolderReader.read(folder: planB, scenario: changed)
        #expect(PlanVerifier(scenario: changed).violations(of: read.plan, rows: read.rows, bookkeeping: false).isEmpty)
        r = try CLI.run(["verify", folder.path, planB])
        #expect(r.status == 0, Comment(rawValue: CLI.describe(r)))

        // A fresh solve of the changed week (--from-scratch) keeps at most as many assignments unchanged.
        let planC = folder.scratch("c")
        r = try CLI.run(["replan", planA, "--drop-member"] + dropped + ["-o", planC, "--from-scratch", "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let c = try Self.assignments(planC)
        #expect(Set(a).intersection(Set(c)).count <= Set(a).intersection(Set(b)).count)
        #expect(c.allSatisfy { !dropped.contains($0.member) })
    }

    @Test func cancellingAndAddingNeeds() throws {
        let folder = try ScenarioFolder(Self.files(), defaults: false)
        let planA = folder.scratch("a")
        var r = try CLI.run(["solve", folder.path, "-o", planA, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let a = try Self.assignments(planA)
        let cancelled = try #require(a.first { $0.task.hasPrefix("need:") }).task.dropFirst(5)
        try folder.write("urgent.csv", "id,community,title,hours,slots,priority\nN90,C2,Urgent visit,2,Sun-PM|Sat-AM,1\n")
        let planB = folder.scratch("b")
        r = try CLI.run(["replan", planA, "--cancel", String(cancelled), "--add-needs", folder.file("urgent.csv"), "-o", planB])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let b = try Self.assignments(planB)
        #expect(!b.contains { $0.task == "need:\(cancelled)" })
        #expect(b.contains { $0.task == "need:N90" }, "the urgent need is covered by a free member")
        let rows = try Self.changes(planB)
        #expect(rows.contains { $0[0] == "member_removed" && $0[1] == "task_cancelled" && $0[3] == cancelled })
        #expect(rows.contains { $0[0] == "member_added" && $0[1] == "new_need" && $0[3] == "N90" })
        #expect(rows.contains { $0[0] == "task_covered" && $0[1] == "new_need" && $0[3] == "N90" && $0[5] == "1" && $0[6] == "1000" })
        // Nothing else changed: every other assignment is the same.
        #expect(Set(a.filter { $0.task != "need:\(cancelled)" }).isSubset(of: Set(b)))

        // The added file is read like needs.csv, in memory: a bad row is an error at the file's own line and
        // column (exit 65), a missing file exit 66; nothing is written either way.
        try folder.write("bad.csv", "id,community,title,hours,slots,priority\nN91,C2,Visit,2,Sun-PM,1\nN92,C9,Visit,2,Sun-PM,1\n")
        let planY = folder.scratch("y")
        r = try CLI.run(["replan", planA, "--add-needs", folder.file("bad.csv"), "-o", planY])
        #expect(r.status == 65 && r.stderr.contains(folder.file("bad.csv") + ":3:"), Comment(rawValue: CLI.describe(r)))
        r = try CLI.run(["replan", planA, "--add-needs", folder.file("missing.csv"), "-o", planY])
        #expect(r.status == 66 && r.stderr.contains("missing.csv"), Comment(rawValue: CLI.describe(r)))
        #expect(!FileManager.default.fileExists(atPath: planY))

        // Unknown ids are input errors, all reported at once, and nothing is written.
        let planX = folder.scratch("x")
        r = try CLI.run(["replan", planA, "--drop-member", "M99", "--cancel", "N99", "-o", planX])
        #expect(r.status == 65 && r.stderr.contains("M99") && r.stderr.contains("N99"))
        #expect(!FileManager.default.fileExists(atPath: planX))
        r = try CLI.run(["replan", planA, "-o", planX])
        #expect(r.status == 64)
    }

    /// Two projects each lose a member. P1's replacement is free only on Sunday, so P1 keeps its other member
    /// and moves (two changes: B moves, C joins); P2's replacement is free in P2's slot, so P2 stays (one change).
    /// One task's move does not move the other.
    @Test func eachTouchedTaskGetsItsOwnRule() throws {
        let folder = try ScenarioFolder([
            "scenario.yaml": "name: touched\nweek: 2026-W10\n",
            "communities.csv": "id,name,lat,lon\nC1,A,39.9000,116.4000\nC2,B,39.9050,116.4000\n",
            "units.csv": "id,name\nU1,One\n",
            "members.csv": """
                id,name,unit,community,slots,phone
                A,A,U1,C1,Sat-AM,1
                B,B,U1,C1,Sat-AM|Sun-AM,2
                C,C,U1,C2,Sun-AM,3
                E,E,U1,C1,Sat-PM,5
                F,F,U1,C1,Sat-PM,6
                G,G,U1,C2,Sat-PM,7

                """,
            "needs.csv": "id,community,hours,slots\n",
            "projects.csv": """
                id,community,slots,hours,roles,beneficiaries
                P1,C1,Sat-AM|Sun-AM,2,any:2-2,8
                P2,C1,Sat-PM|Sun-PM,2,any:2-2,8

                """,
        ], defaults: false)
        let planA = folder.scratch("a")
        var r = try CLI.run(["solve", folder.path, "-o", planA, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        try #require(Set(try Self.assignments(planA)) == [
            Line(task: "project:P1", role: "any", member: "A", slot: "Sat-AM"), Line(task: "project:P1", role: "any", member: "B", slot: "Sat-AM"),
            Line(task: "project:P2", role: "any", member: "E", slot: "Sat-PM"), Line(task: "project:P2", role: "any", member: "F", slot: "Sat-PM"),
        ])
        let planB = folder.scratch("b")
        r = try CLI.run(["replan", planA, "--drop-member", "A", "E", "-o", planB, "--lang", "en"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        #expect(r.stdout.contains("touched tasks: P1, P2;"), Comment(rawValue: r.stdout))
        #expect(Set(try Self.assignments(planB)) == [
            Line(task: "project:P1", role: "any", member: "B", slot: "Sun-AM"), Line(task: "project:P1", role: "any", member: "C", slot: "Sun-AM"),
            Line(task: "project:P2", role: "any", member: "F", slot: "Sat-PM"), Line(task: "project:P2", role: "any", member: "G", slot: "Sat-PM"),
        ])
        let rows = try Self.changes(planB).map { "\($0[0]) \($0[1]) \($0[3]) \($0[7]) \($0[10])>\($0[11])" }
        #expect(rows == ["member_removed member_dropped P1 A Sat-AM>", "member_added replacement P1 C >Sun-AM", "slot_changed task_moved P1 B Sat-AM>Sun-AM",
                         "member_removed member_dropped P2 E Sat-PM>", "member_added replacement P2 G >Sat-PM"])
    }

    // MARK: - Issue 18: the three cases a new user found

    /// (a) On the street example, a member who used no vehicle drops out. Before the fix, five untouched
    /// Saturday escorts had their vans rotated (R006→R003→R002→R023→R008→R006) and changes.csv sent ten
    /// `rebooked` notices to units about tasks nobody asked to change. The base plan is greedy dispatch, fixed
    /// whatever the machine; the member dropped is the one with most services on tasks without resources.
    @Test func streetDropLeavesUntouchedTasksAndTheirResourcesAlone() throws {
        let street = Paths.repo.appendingPathComponent("scenarios/nanguan-street").path
        let folder = try ScenarioFolder([:], defaults: false)
        let planA = folder.scratch("a")
        var r = try CLI.run(["solve", street, "-o", planA, "--strategy", "greedy", "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let a = try Self.assignments(planA)
        let booked = Set(try Self.bookings(planA).map { $0.split(separator: ",").prefix(2).joined(separator: ":") })
        let usedResources = Set(a.filter { booked.contains($0.task) }.map(\.member))
        let counts = Dictionary(grouping: a.filter { !usedResources.contains($0.member) }, by: \.member).mapValues(\.count)
        let member = try #require(counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key)
        try #require(!booked.isEmpty)

        let planB = folder.scratch("b")
        r = try CLI.run(["replan", planA, "--drop-member", member, "-o", planB, "--time-limit", "20", "--no-comparison", "--lang", "en"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let touched = Set(a.filter { $0.member == member }.map(\.task))
        // Every untouched task byte-identical: its assignment rows and its resources.csv rows.
        func rows(_ plan: String, _ file: String) throws -> [String: [String]] {
            let lines = try String(contentsOfFile: plan + "/" + file, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
            return Dictionary(grouping: lines, by: { $0.split(separator: ",").prefix(2).joined(separator: ":") })
        }
        let assignmentsA = try rows(planA, "assignments.csv"), assignmentsB = try rows(planB, "assignments.csv")
        let resourcesA = try rows(planA, "resources.csv"), resourcesB = try rows(planB, "resources.csv")
        var identical = 0
        for task in assignmentsA.keys where !touched.contains(task) {
            #expect(assignmentsA[task] == assignmentsB[task], "untouched \(task) changed")
            #expect(resourcesA[task] == resourcesB[task], "untouched \(task) was rebooked: \(resourcesA[task] ?? []) → \(resourcesB[task] ?? [])")
            if assignmentsA[task] == assignmentsB[task] && resourcesA[task] == resourcesB[task] { identical += 1 }
        }
        #expect(identical == assignmentsA.keys.filter { !touched.contains($0) }.count && identical > 400)
        let changes = try Self.changes(planB)
        #expect(!changes.contains { $0[0].hasPrefix("resource_") && !touched.contains("\($0[2]):\($0[3])") },
                "no booking notice for an untouched task: \(changes.filter { $0[0].hasPrefix("resource_") })")
        #expect(changes.filter { $0[0] == "member_removed" && $0[1] == "member_dropped" }.count == a.filter { $0.member == member }.count)
        #expect(r.stdout.contains("every other task keeps its slot, members and resources"), Comment(rawValue: r.stdout))
    }

    /// (b) tiny-lanes: the driver of N02 (priority 1, vulnerable, value 1,500) drops out. The other driver is a
    /// third `any` helper on clinic P1, whose `any` role needs two: they move to N02 and coverage stays 6,750.
    /// Before the fix N02 went unmet (5,250) and nothing said so.
    @Test func tinyLanesDriverDropKeepsCoverageByMovingAnOptionalHelper() throws {
        let lanes = Paths.repo.appendingPathComponent("scenarios/tiny-lanes").path
        let folder = try ScenarioFolder([:], defaults: false)
        let planA = folder.scratch("a")
        var r = try CLI.run(["solve", lanes, "-o", planA, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let a = try Self.assignments(planA)
        let driver = try #require(a.first { $0.task == "need:N02" }?.member)
        let helper = driver == "M06" ? "M04" : "M06"
        try #require(a.contains(Line(task: "project:P1", role: "any", member: helper, slot: "Sat-AM")))

        let planB = folder.scratch("b")
        r = try CLI.run(["replan", planA, "--drop-member", driver, "-o", planB, "--lang", "en"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planB + "/summary.json"))) as! [String: Any]
        let levels = summary["levels"] as! [[String: Any]]
        #expect(levels.first { $0["level"] as? String == "coverage" }?["value"] as? Double == 6750)
        let b = try Self.assignments(planB)
        #expect(b.contains(Line(task: "need:N02", role: "", member: helper, slot: "Sat-AM")))
        #expect(Set(a.filter { $0.task != "need:N02" && $0.member != helper }).isSubset(of: Set(b)), "nothing else moves")
        let rows = try Self.changes(planB).map { "\($0[0]) \($0[1]) \($0[3]) \($0[7])" }
        #expect(rows == ["member_removed member_dropped N02 \(driver)", "member_added replacement N02 \(helper)",
                         "member_removed moved_to_cover P1 \(helper)"])
        let csv = try String(contentsOfFile: planB + "/changes.csv", encoding: .utf8)
        #expect(csv.hasSuffix(",any,,,,,\"moved to cover N02, priority 1\"\n"), Comment(rawValue: csv))
        #expect(r.stdout.contains("coverage 6750 → 6750 (+0)") && r.stdout.contains("keeping the plan costs no coverage"), Comment(rawValue: r.stdout))

        // The same inputs give the same files, byte for byte (timings live only in summary.json).
        let planB2 = folder.scratch("b2")
        r = try CLI.run(["replan", planA, "--drop-member", driver, "-o", planB2, "--lang", "en", "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        for file in ["assignments.csv", "resources.csv", "unmet.csv", "units.csv", "plan.json", "changes.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: planB + "/" + file)) == Data(contentsOf: URL(fileURLWithPath: planB2 + "/" + file)), "\(file) differs")
        }

        // In Chinese by default, in changes.csv as on the terminal.
        let planZ = folder.scratch("z")
        r = try CLI.run(["replan", planA, "--drop-member", driver, "-o", planZ])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        #expect(r.stdout.contains("需要通知的党员") && r.stdout.contains("调去补位 需求 N02（优先级 1）"), Comment(rawValue: r.stdout))
        #expect(try Self.changes(planZ).last?.last == "调去补位 需求 N02（优先级 1）")
    }

    /// (c) From scratch on the same drop, M01 stays on P1 in Sat-AM but as `any` instead of `medical`: a role
    /// change, not "moved Sat-AM → Sat-AM". Every pair in both plans with the same slot and another role is a
    /// `role_changed` row with both roles; no `slot_changed` row keeps its slot.
    @Test func fromScratchNamesARoleChangeARoleChange() throws {
        let lanes = Paths.repo.appendingPathComponent("scenarios/tiny-lanes").path
        let folder = try ScenarioFolder([:], defaults: false)
        let planA = folder.scratch("a")
        var r = try CLI.run(["solve", lanes, "-o", planA, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let driver = try #require(try Self.assignments(planA).first { $0.task == "need:N02" }?.member)
        let planC = folder.scratch("c")
        r = try CLI.run(["replan", planA, "--drop-member", driver, "-o", planC, "--from-scratch", "--lang", "en"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        let a = try Self.assignments(planA), c = try Self.assignments(planC)
        let rows = try Self.changes(planC)
        #expect(!rows.contains { $0[0] == "slot_changed" && $0[10] == $0[11] }, "\(rows)")
        var roleChanges = 0
        for x in a {
            guard let y = c.first(where: { $0.task == x.task && $0.member == x.member }), y.slot == x.slot, y.role != x.role else { continue }
            roleChanges += 1
            #expect(rows.contains { $0[0] == "role_changed" && "\($0[2]):\($0[3])" == x.task && $0[7] == x.member && $0[12] == x.role && $0[13] == y.role })
        }
        // The case the issue saw: M01 from medical to any on P1.
        #expect(roleChanges >= 1 && rows.contains { $0[0] == "role_changed" && $0[7] == "M01" && $0[12] == "medical" && $0[13] == "any" })
        #expect(r.stdout.contains("role any instead of medical"), Comment(rawValue: r.stdout))
        #expect(!r.stdout.contains("moves to Sat-AM (was Sat-AM"))
    }
}

