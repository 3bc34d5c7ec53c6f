import CommunityMatch
import Foundation
import PlanIO
import Testing

/// `compare` says how settled each plan is: status word and gaps per plan, a difference within the plans'
/// gaps flagged as not significant, and a warning when the plans are of different weeks or scenarios.
@Suite struct CompareSignificanceTests {
    static func withLevels(_ d: PlanDocument, coverage: (Double, Double), travel: (Double, Double)) -> PlanDocument {
        var d = d
        func line(_ name: String, _ vb: (Double, Double)) -> PlanDocument.LevelLine {
            .init(level: name, value: vb.0, bound: vb.1, gap: abs(vb.1 - vb.0) / max(1, abs(vb.0)), optimal: vb.0 == vb.1)
        }
        d.levels = [line("coverage", coverage), line("pledges", (0, 0)), line("travel", travel)]
        return d
    }

    @Test func aDifferenceWithinTheGapsIsNotSignificantAndOneBeyondThemIs() {
        // A is proved optimal; B's coverage bound is 1650 against 1500, so ±150 separates nothing below it.
        let a = Self.withLevels(CompareTests.a, coverage: (1400, 1400), travel: (17.5, 17.5))
        let b = Self.withLevels(CompareTests.b, coverage: (1500, 1650), travel: (18.5, 18.5))
        let c = PlanComparison([("A", a), ("B", b)], language: .en)
        let value = c.rows.first { $0.kpi == "value covered" }!
        #expect(value.level == "coverage" && value.notSignificant == [false, true])
        // Travel: both proved, a difference of 1 minute is real.
        let travel = c.rows.first { $0.kpi == "travel objective" }!
        #expect(travel.notSignificant == [false, false])
        let table = c.table()
        #expect(table.contains("B: what-if, week 2026-W48, status: feasible (not proven optimal), largest gap 10 %, scenario hash bbbb"))
        #expect(table.contains("  B coverage: value 1500, bound 1650, gap 10 %"))
        #expect(table.contains("+100*"))
        #expect(table.contains("* the difference is within the two plans' gaps"))
        #expect(c.csv().contains("value covered,1400,1500,+100\n"), "csv keeps plain numbers")
        #expect(c.json().rendered().contains("\"not_significant\": [\n"))
        // Beyond the gaps: B's bound 1550 leaves a 100 difference... within 50? No: 100 > 50, significant.
        let tight = Self.withLevels(CompareTests.b, coverage: (1500, 1550), travel: (18.5, 18.5))
        let c2 = PlanComparison([("A", a), ("B", tight)])
        #expect(c2.rows.first { $0.kpi == "value covered" }!.notSignificant == [false, false])
        #expect(!c2.table().contains("*"))
    }

    @Test func plansOfOtherWeeksOrScenariosAreWarnedAbout() {
        var b = CompareTests.b
        b.week = "2026-W49"
        let c = PlanComparison([("A", CompareTests.a), ("B", b)], language: .zh)
        let table = c.table()
        #expect(table.contains("警告：B 排的是 2026-W49 周，A 排的是 2026-W48 周"))
        #expect(table.contains("注意：B 与 A 来自不同的情景（情景哈希 bbbb 与 aaaa）"))
        #expect(table.contains("状态：可行（未证明最优）"))
        var same = CompareTests.b
        same.scenarioHash = "aaaa"
        #expect(PlanComparison([("A", CompareTests.a), ("B", same)]).table().contains("note: B was solved from the same scenario as A (hash aaaa)"))
        var unknown = CompareTests.b
        unknown.scenarioHash = nil
        #expect(PlanComparison([("A", CompareTests.a), ("B", unknown)]).table().contains("note: B records no scenario hash"))
    }
}
