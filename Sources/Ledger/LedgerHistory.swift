import CommunityMatch

/// What the ledger changed in a scenario before solving, so that the plan can say it (summary.json) and a
/// verifier can repeat it.
public struct HistoryApplied: Sendable, Equatable {
    public var week: ISOWeek
    /// The accepted weeks the fairness term looked at (at most four, just before `week`).
    public var recentWeeks: [ISOWeek]
    /// Needs that got their last server as `preferred_member`, sorted by need id.
    public var preferred: [(need: String, member: String)]
    /// Needs that named their own preferred member in needs.csv and kept it although the ledger knew another.
    public var keptOwnPreference: Int
    public var recentHours: [String: Double]

    public static func == (a: HistoryApplied, b: HistoryApplied) -> Bool {
        a.week == b.week && a.recentWeeks == b.recentWeeks && a.preferred.map { [$0.need, $0.member] } == b.preferred.map { [$0.need, $0.member] }
            && a.keptOwnPreference == b.keptOwnPreference && a.recentHours == b.recentHours
    }
}

/// Why a scenario cannot be planned against a ledger.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scenario's `week:` is missing or not an ISO week: the ledger cannot tell what came before.
    case noWeek(String)
    public var description: String { text(.en) }

    public func text(_ lang: Language) -> String {
        switch self {
        case .noWeek(let w): return w.isEmpty ? lang(.historyNoWeek) : lang(.historyBadWeek, ["week": w])
        }
    }
}

/// Brings the accepted weeks before a scenario's week into it, as plain scenario data the model already reads:
///
/// - **Continuity.** A need whose id was served in an earlier accepted week gets that week's server (the most
///   recent one) as `preferred_member`, unless needs.csv names one, or the member is no longer in the
///   scenario. The existing continuity bonus of the travel level then does the rest.
/// - **Fairness.** `recentHours` gets each member's hours over the `fairnessWeeks` weeks before this one, and
///   the objective gets the `fairness` level just before `travel` (appended when there is no travel level),
///   unless scenario.yaml already places it.
///
/// Only weeks strictly before the scenario's week are read, so planning (or re-planning) a week gives the same
/// result before and after that week itself is accepted.
public enum LedgerHistory {
    public static let fairnessWeeks = 4

    public static func apply(_ store: any LedgerStore, to scenario: inout Scenario) throws -> HistoryApplied {
        guard let week = ISOWeek(scenario.settings.week) else { throw HistoryError.noWeek(scenario.settings.week) }
        let last = try store.lastServers(before: week)
        let recent = try store.memberHours(weeks: fairnessWeeks, before: week)
        let earliest = week.adding(weeks: -fairnessWeeks)
        let recentWeeks = try store.weeks().map(\.week).filter { $0 >= earliest && $0 < week }
        return apply(week: week, lastServers: last, recentHours: recent, recentWeeks: recentWeeks, to: &scenario)
    }

    /// The same, from history already read (tests and other stores).
    public static func apply(week: ISOWeek, lastServers: [String: String], recentHours: [String: Double],
                             recentWeeks: [ISOWeek], to scenario: inout Scenario) -> HistoryApplied {
        let members = Set(scenario.members.map(\.id))
        var preferred: [(need: String, member: String)] = []
        var kept = 0
        for i in scenario.needs.indices {
            guard let m = lastServers[scenario.needs[i].id], members.contains(m) else { continue }
            if let own = scenario.needs[i].preferredMember {
                if own != m { kept += 1 }
                continue
            }
            scenario.needs[i].preferredMember = m
            preferred.append((scenario.needs[i].id, m))
        }
        preferred.sort { $0.need < $1.need }
        scenario.recentHours = recentHours.filter { members.contains($0.key) && $0.value > 0 }
        if !scenario.settings.objective.contains(.fairness) {
            if let t = scenario.settings.objective.firstIndex(of: .travel) {
                scenario.settings.objective.insert(.fairness, at: t)
            } else {
                scenario.settings.objective.append(.fairness)
            }
        }
        return HistoryApplied(week: week, recentWeeks: recentWeeks, preferred: preferred, keptOwnPreference: kept,
                              recentHours: scenario.recentHours)
    }
}
