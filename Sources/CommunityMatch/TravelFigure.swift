/// The plan's travel, as one figure with its parts named, the same wherever it is shown (the terminal
/// summary, summary.json and plan.json `kpis.travel`, the workbook's summary sheet):
///
/// - **walked**: the minutes all members walk to their assignments (Σ travel_minutes of assignments.csv);
/// - **continuity bonus**: `continuity_bonus` minutes (30 by default) for each need served by its preferred
///   member (with `solve --ledger`, last week's member of a recurring need is its preferred member);
/// - **objective** = walked − continuity bonus: the value of the `travel` objective level, which can be
///   negative when many preferred members serve (the −73.33 of a ledger run is 4 bonuses of 30 against 46.67
///   minutes walked);
/// - **fairness**: with a ledger, the value of the `fairness` level (hours weighted by each member's last four
///   weeks). It is a level of its own, not minutes, and is named beside travel so nobody adds it in.
public struct TravelFigure: Hashable, Sendable {
    public var walkedMinutes: Double
    /// Needs covered with their preferred member among those serving them.
    public var preferredServed: Int
    /// Minutes per preferred member (scenario.yaml `weights.continuity_bonus`).
    public var bonusPerNeed: Double
    /// The fairness level's value when the plan has that level (a ledger run), else nil.
    public var fairness: Double?

    public init(walkedMinutes: Double, preferredServed: Int, bonusPerNeed: Double, fairness: Double? = nil) {
        self.walkedMinutes = walkedMinutes; self.preferredServed = preferredServed
        self.bonusPerNeed = bonusPerNeed; self.fairness = fairness
    }

    /// The figure of a plan solved from `scenario` (the scenario as solved: with a ledger, its preferred
    /// members include last week's).
    public init(scenario: Scenario, plan: Plan) {
        let walked = plan.assignments.map(\.travelMinutes).sorted().reduce(0, +)
        var servers: [String: Set<String>] = [:]
        for a in plan.assignments where a.task.kind == .need { servers[a.task.id, default: []].insert(a.member) }
        let preferred = scenario.needs.filter { n in
            guard let p = n.preferredMember, !p.isEmpty else { return false }
            return servers[n.id]?.contains(p) ?? false
        }.count
        self.init(walkedMinutes: walked, preferredServed: preferred, bonusPerNeed: scenario.settings.continuityBonus,
                  fairness: plan.levels.first { $0.level == .fairness }?.value)
    }

    public var bonusMinutes: Double { bonusPerNeed * Double(preferredServed) }
    /// The travel level's value: walked less the bonus.
    public var objectiveMinutes: Double { walkedMinutes - bonusMinutes }

    /// `路程目标 16.67 分钟 = 步行 46.67 分钟，减连续服务奖励 30 分钟（1 项需求由偏好党员服务）`, in `lang`.
    public func text(_ lang: Language) -> String {
        var parts = [lang(.travelFigureWalked, ["walked": formatNumber(walkedMinutes, decimals: 2)])]
        if preferredServed > 0 {
            parts.append(lang(.travelFigureBonus, ["bonus": formatNumber(bonusMinutes, decimals: 2), "count": String(preferredServed)]))
        }
        var out = lang(.travelFigure, ["objective": formatNumber(objectiveMinutes, decimals: 2),
                                       "parts": parts.joined(separator: lang.pick("，", ", "))])
        if let fairness {
            out += lang.pick("；", "; ") + lang(.travelFigureFairness, ["fairness": formatNumber(fairness, decimals: 2)])
        }
        return out
    }
}
