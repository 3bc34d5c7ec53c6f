import CommunityMatch

/// What `solve` prints for a person once the plan is written: counts, the status word, each level's value,
/// bound and gap, and the travel figure with its parts. In the library so a test can read exactly what the
/// terminal shows.
public enum SolveReport {
    public static func lines(_ lang: Language, output: String, scenario s: Scenario, plan: Plan) -> [String] {
        let coveredNeeds = plan.covered.keys.filter { $0.kind == .need }.count
        let runProjects = plan.covered.keys.filter { $0.kind == .project }.count
        var out = [lang(.solveSummary, [
            "output": output, "needs": "\(coveredNeeds)/\(s.needs.count)", "projects": "\(runProjects)/\(s.projects.count)",
            "assignments": String(plan.assignments.count), "unmet": String(plan.unmet.count), "status": lang.status(plan.status.rawValue),
        ])]
        for l in plan.levels {
            out.append(lang(.solveLevel, ["level": lang.levelName(l.level), "value": formatNumber(l.value, decimals: 2),
                                          "bound": formatNumber(l.bound, decimals: 2), "gap": formatNumber(l.gap * 100, decimals: 3),
                                          "status": lang.status(l.statusCode)]))
        }
        if plan.levels.contains(where: { $0.stop == .timeLimit }) { out.append(lang(.solveTimeLimitBound)) }
        out.append("  " + TravelFigure(scenario: s, plan: plan).text(lang))
        return out
    }
}
