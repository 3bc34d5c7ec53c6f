import CommunityMatch
import Foundation
import PlanIO
import Testing

/// `cmatch compare`: every figure of a small pair of hand-made plans worked out by hand, the churn, the
/// plan.json reader's errors and the display width of Chinese text.
@Suite struct CompareTests {
    typealias A = PlanDocument.AssignmentLine

    /// Plan A: 3 of 4 tasks covered. M1 serves 2 h + 2 h, M2 2 h, M3 1 h → hours [1, 2, 4].
    static let a = PlanDocument(
        scenario: "base", week: "2026-W48", scenarioHash: "aaaa", status: "optimal",
        tasks: .init(tasks: 4, covered: 3, coveredValue: 1400),
        byPriority: ["1": .init(tasks: 1, covered: 1, coveredValue: 1000), "3": .init(tasks: 3, covered: 2, coveredValue: 400)],
        byCommunity: ["C1": .init(tasks: 2, covered: 2, coveredValue: 1100), "南关": .init(tasks: 2, covered: 1, coveredValue: 300)],
        assignments: [
            A(taskKind: "need", taskID: "N1", member: "M1", unit: "U1", slot: "Sat-AM", hours: 2, travelMinutes: 5),
            A(taskKind: "need", taskID: "N2", member: "M1", unit: "U1", slot: "Sun-AM", hours: 2, travelMinutes: 0),
            A(taskKind: "need", taskID: "N3", member: "M2", unit: "U2", slot: "Sat-PM", hours: 2, travelMinutes: 10),
            A(taskKind: "need", taskID: "N3", member: "M3", unit: "U2", slot: "Sat-PM", hours: 1, travelMinutes: 2.5),
        ],
        unmetReasons: ["no_slot"],
        units: [.init(unit: "U1", pledgeHours: 4, servedHours: 4, shortfall: 0),
                .init(unit: "U2", pledgeHours: 6, servedHours: 3, shortfall: 3)])

    /// Plan B, same week: N1 moves to Sun-PM, N2 loses M1 and gains M4, N3 unchanged, N4 newly covered by M4.
    /// Hours: M1 2, M2 2, M3 1, M4 4 → [1, 2, 2, 4].
    static let b = PlanDocument(
        scenario: "what-if", week: "2026-W48", scenarioHash: "bbbb", status: "feasible",
        tasks: .init(tasks: 4, covered: 4, coveredValue: 1500),
        byPriority: ["1": .init(tasks: 1, covered: 1, coveredValue: 1000), "3": .init(tasks: 3, covered: 3, coveredValue: 500)],
        byCommunity: ["C1": .init(tasks: 2, covered: 2, coveredValue: 1100), "南关": .init(tasks: 2, covered: 2, coveredValue: 400)],
        assignments: [
            A(taskKind: "need", taskID: "N1", member: "M1", unit: "U1", slot: "Sun-PM", hours: 2, travelMinutes: 5),
            A(taskKind: "need", taskID: "N2", member: "M4", unit: "U3", slot: "Sun-AM", hours: 2, travelMinutes: 1),
            A(taskKind: "need", taskID: "N3", member: "M2", unit: "U2", slot: "Sat-PM", hours: 2, travelMinutes: 10),
            A(taskKind: "need", taskID: "N3", member: "M3", unit: "U2", slot: "Sat-PM", hours: 1, travelMinutes: 2.5),
            A(taskKind: "need", taskID: "N4", member: "M4", unit: "U3", slot: "Sat-AM", hours: 2, travelMinutes: 0),
        ],
        unmetReasons: [],
        units: [.init(unit: "U1", pledgeHours: 4, servedHours: 2, shortfall: 2),
                .init(unit: "U2", pledgeHours: 6, servedHours: 3, shortfall: 3),
                .init(unit: "U3", pledgeHours: 0, servedHours: 4, shortfall: 0)])

    static func row(_ c: PlanComparison, _ kpi: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> PlanComparison.Row? {
        let r = c.rows.first { $0.kpi == kpi }
        if r == nil { Issue.record("no row \(kpi)", sourceLocation: sourceLocation) }
        return r
    }

    @Test func giniByHand() {
        // [1, 2, 4]: mean 7/3; Σ|xi − xj| over ordered pairs = 2·(1 + 3 + 2) = 12; G = 12 / (2 · 9 · 7/3) = 12/42 = 2/7.
        #expect(abs(PlanComparison.gini([4, 1, 2]) - 2.0 / 7.0) < 1e-12)
        // [1, 2, 2, 4]: mean 9/4; pairs |1−2|·2 + |1−4| + 0 + |2−4|·2 = 2 + 3 + 4 = 9, doubled 18; G = 18 / (2·16·9/4) = 18/72 = 1/4.
        #expect(abs(PlanComparison.gini([1, 2, 2, 4]) - 0.25) < 1e-12)
        #expect(PlanComparison.gini([3, 3, 3]) == 0)
        #expect(PlanComparison.gini([]) == 0)
        // One member carries everything among four: (n − 1)/n = 0.75.
        #expect(abs(PlanComparison.gini([0, 0, 0, 8]) - 0.75) < 1e-12)
    }

    @Test func churnByHand() {
        // Pairs (task, member): A {N1 M1, N2 M1, N3 M2, N3 M3}; B {N1 M1, N2 M4, N3 M2, N3 M3, N4 M4}.
        // added: N2 M4, N4 M4 → 2; removed: N2 M1 → 1; moved: N1 M1 (Sat-AM → Sun-PM) → 1.
        #expect(PlanComparison.churn(from: Self.a, to: Self.b) == .init(added: 2, removed: 1, moved: 1))
        #expect(PlanComparison.churn(from: Self.a, to: Self.a) == .init(added: 0, removed: 0, moved: 0))
    }

    @Test func everyFigureOfTheSmallPair() throws {
        let c = PlanComparison([("A", Self.a), ("B", Self.b)])
        func check(_ kpi: String, _ values: [Double?], _ diff: Double?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            guard let r = Self.row(c, kpi, sourceLocation: sourceLocation) else { return }
            #expect(r.values.count == 2, sourceLocation: sourceLocation)
            for (x, y) in zip(r.values, values) {
                #expect((x == nil && y == nil) || (x != nil && y != nil && abs(x! - y!) < 1e-9), "\(kpi): \(r.values) vs \(values)", sourceLocation: sourceLocation)
            }
            let d = r.differences[1]
            #expect((d == nil && diff == nil) || (d != nil && diff != nil && abs(d! - diff!) < 1e-9), "\(kpi) Δ \(String(describing: d))", sourceLocation: sourceLocation)
        }
        check("value covered", [1400, 1500], 100)
        check("tasks covered", [3, 4], 1)
        check("covered, priority 1", [1, 1], 0)
        check("covered, priority 3", [2, 3], 1)
        check("covered, community C1", [2, 2], 0)
        check("covered, community 南关", [1, 2], 1)
        check("unmet, no_slot", [1, 0], -1)
        check("unmet, outcompeted", [0, 0], 0)
        check("members serving", [3, 4], 1)
        check("hours per member, max", [4, 4], 0)
        check("hours per member, mean", [7.0 / 3.0, 9.0 / 4.0], 9.0 / 4.0 - 7.0 / 3.0)
        check("hours per member, Gini", [2.0 / 7.0, 0.25], 0.25 - 2.0 / 7.0)
        check("pledge shortfall, hours", [3, 5], 2)
        check("pledge shortfall, U1", [0, 2], 2)
        check("pledge shortfall, U2", [3, 3], 0)
        check("travel minutes", [17.5, 18.5], 1)
        check("assignments", [4, 5], 1)
        check("churn vs first: added", [nil, 2], nil)
        check("churn vs first: removed", [nil, 1], nil)
        check("churn vs first: moved", [nil, 1], nil)
        #expect(!c.rows.contains { $0.kpi == "pledge shortfall, U3" })
        #expect(Self.row(c, "tasks covered")?.of == [4, 4])
    }

    @Test func differentWeeksHaveNoChurnAndANote() {
        var b = Self.b
        b.week = "2026-W49"
        let c = PlanComparison([("A", Self.a), ("B", b)])
        #expect(Self.row(c, "churn vs first: added")?.values == [nil, nil])
        #expect(c.notes == ["B plans week 2026-W49, A week 2026-W48: no churn between different weeks"])
    }

    @Test func theTableAlignsChineseAsTwoColumns() {
        let c = PlanComparison([("基础", Self.a), ("B", Self.b)])
        let lines = c.table().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines.first { $0.hasPrefix("KPI") }!
        let rule = lines[lines.firstIndex(of: header)! + 1]
        #expect(DisplayWidth.of(header) == rule.count)
        // Every row with a Δ cell is as wide as the rule, Chinese community names included (churn rows have
        // no Δ and end early, trailing spaces trimmed).
        let body = lines.drop { !$0.hasPrefix("KPI") }.prefix { !$0.isEmpty }.filter { !$0.hasPrefix("churn") }
        for l in body { #expect(DisplayWidth.of(l) == rule.count, "\(l)") }
        #expect(lines.contains("covered, community 南关    1/2   2/2      +1"))
        #expect(lines.contains("covered, community C1      2/2   2/2       0"))
    }

    @Test func csvAndMarkdownAndJSON() {
        let c = PlanComparison([("A", Self.a), ("B", Self.b)])
        let csv = c.csv().split(separator: "\n").map(String.init)
        #expect(csv[0] == "KPI,A,B,diff B")
        #expect(csv.contains("tasks covered,3,4,+1"))
        #expect(csv.contains("churn vs first: moved,,1,"))
        let md = c.markdown()
        #expect(md.contains("| KPI | A | B | Δ B |\n|---|---:|---:|---:|\n| value covered | 1400 | 1500 | +100 |"))
        let json = c.json().rendered()
        #expect(json.contains("\"format\": \"cmatch-compare/1\""))
        #expect(json.contains("\"scenario_hash\": \"bbbb\""))
    }

    @Test func labelsAreFolderNamesUnlessTheyCollide() {
        #expect(PlanComparison.labels(for: ["plans/base", "plans/whatif/plan.json"]) == ["base", "whatif"])
        #expect(PlanComparison.labels(for: ["a/plan", "b/plan"]) == ["a/plan", "b/plan"])
    }

    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("南关街道") == 8)
        #expect(DisplayWidth.of("C01 铁路花园社区") == 4 + 12)
        #expect(DisplayWidth.of("，。、") == 6)          // full-width and CJK punctuation
        #expect(DisplayWidth.of("e\u{301}") == 1)         // a combining accent takes no column
        #expect(DisplayWidth.of("Δ") == 1)
        #expect(DisplayWidth.pad("南关", to: 6, right: true) == "  南关")
    }

    // MARK: - the plan.json reader

    @Test func readsAPlanWrittenByPlanWriter() throws {
        let scenario = Scenario(settings: Settings(), communities: [Community(id: "C1", lat: 39.9, lon: 116.4)],
                                units: [StationedUnit(id: "U1", pledgeHours: 3)],
                                members: [Member(id: "M1", unit: "U1", community: "C1", slots: [Slot(day: 5, period: 0)])],
                                resources: [], needs: [Need(id: "N1", community: "C1", hours: 2, slots: [Slot(day: 5, period: 0)])],
                                projects: [], travelOverrides: [:])
        let plan = Plan(assignments: [Assignment(task: TaskRef(.need, "N1"), member: "M1", slot: Slot(day: 5, period: 0), hours: 2, travelMinutes: 0)],
                        bookings: [], covered: [TaskRef(.need, "N1"): Slot(day: 5, period: 0)], unmet: [], levels: [], status: .optimal, timings: [:])
        let writer = PlanWriter(scenario: scenario, plan: plan, versions: ToolVersions(cmatch: "t", solver: "t"), scenarioHash: "abc123")
        let doc = try PlanDocumentReader.parse(Data(writer.planDocument().rendered().utf8), path: "plan.json")
        #expect(doc.scenarioHash == "abc123")
        #expect(doc.tasks == .init(tasks: 1, covered: 1, coveredValue: 100))
        var line = A(taskKind: "need", taskID: "N1", member: "M1", unit: "U1", slot: "Sat-AM", hours: 2, travelMinutes: 0)
        line.community = "C1"
        #expect(doc.assignments == [line])
        var unit = PlanDocument.UnitLine(unit: "U1", pledgeHours: 3, servedHours: 2, shortfall: 1)
        unit.membersServing = 1
        #expect(doc.units == [unit])
        #expect(writer.summary(includeTimings: false).rendered().contains("\"scenario_hash\": \"abc123\""))
    }

    @Test func malformedAndMissingPlansAreTypedErrors() throws {
        #expect(throws: PlanReadError.self) { try PlanDocumentReader.parse(Data("{".utf8), path: "p") }
        do {
            _ = try PlanDocumentReader.parse(Data(#"{"format": "cmatch-plan/1", "summary": {"scenario": "x"}}"#.utf8), path: "p")
            Issue.record("expected an error")
        } catch let e as PlanReadError {
            guard case .malformed(_, let m) = e else { Issue.record("\(e)"); return }
            #expect(m == "'summary.kpis' must be an object")
        }
        do {
            _ = try PlanDocumentReader.read(path: "/nonexistent/plan")
            Issue.record("expected an error")
        } catch let e as PlanReadError {
            guard case .unreadable = e else { Issue.record("\(e)"); return }
        }
    }
}
