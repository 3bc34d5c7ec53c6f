import CommunityMatch
import Foundation
import PlanIO
import PlanVerify
import Planning

/// How to re-plan: the safety-net time limit of each solve, the gap, and the comparison with a plan from
/// scratch (which costs a second solve).
public struct ReplanSettings: Sendable {
    public var timeLimit: Double = 600
    public var gap: Double = 0
    /// Solve the changed week with nothing held.
    public var fromScratch = false
    /// Measure what keeping the plan costs against a plan made from scratch.
    public var compareWithScratch = true
    public init() {}
}

extension Planner {
    /// The changed week: the original scenario with the request applied. Ids the scenario does not have are
    /// reported all at once.
    public func replanWeek(_ original: Scenario, withAddedNeeds: Scenario? = nil, request: ReplanRequest,
                           scenarioFolder: String) throws -> ReplanWeek {
        try planning(calendar: original.settings.calendar, scenarioFolder: scenarioFolder) {
            try ReplanWeek(original: original, withAddedNeeds: withAddedNeeds, request: request)
        }
    }

    /// Re-plans the rest of a week after a change, keeping every assignment the change does not touch, and
    /// verifies the result before returning it.
    public func replan(_ week: ReplanWeek, old: Plan, settings: ReplanSettings = ReplanSettings()) throws -> ReplanOutcome {
        let replanner = Replanner(solver: solver, timeLimit: settings.timeLimit, relativeGap: settings.gap,
                                  compareWithScratch: settings.compareWithScratch)
        return try planning(calendar: week.changed.settings.calendar) {
            try replanner.replan(week, old: old, fromScratch: settings.fromScratch)
        }
    }

    /// The new plan folder's files: the plan as solve writes it, summary.json's `replan` section, and
    /// changes.csv (every change with its reason and whom to tell).
    public func replanFiles(_ outcome: ReplanOutcome, output: String, fromPlan: String, scenarioFolder: String,
                            history: AppliedHistory? = nil, language: Language) -> [(name: String, data: Data)] {
        let week = outcome.week
        let changes = outcome.changes
        var writer = planWriter(week.changed, plan: outcome.plan, output: output, scenarioFolder: scenarioFolder, history: history)
        var section: [(String, JSON)] = [
            ("from_plan", .string(PlanWriter.relativePath(from: output, to: fromPlan))),
            ("dropped_members", .array(week.dropped.sorted().map { .string($0) })),
            ("cancelled_tasks", .array(week.cancelled.sorted().map { .string($0.description) })),
            ("added_needs", .array(week.added.sorted().map { .string($0.id) })),
            ("replaced_needs", .array(week.replaced.sorted().map { .string($0.id) })),
            ("touched_tasks", .array(outcome.touched.sorted().map { .string($0.description) })),
            ("from_scratch", .bool(outcome.fromScratch)),
            ("lost", .array(changes.lost.map { .object([("task", .string($0.task.description)), ("value", .number($0.value ?? 0))]) })),
            ("gained", .array(changes.gained.map { .object([("task", .string($0.task.description)), ("value", .number($0.value ?? 0))]) })),
            ("changes", changes.countsJSON()),
        ]
        if let s = outcome.scratch {
            section.append(("from_scratch_coverage", .object([("value", .number(s.value)), ("bound", .number(s.bound)),
                                                              ("optimal", .bool(s.optimal)), ("rule_cost", .number(outcome.ruleCost))])))
        }
        writer.summaryExtras.append(("replan", .object(section)))
        return writer.files() + [("changes.csv", Data(changes.csv(week.changed.settings.calendar, lang: language).utf8))]
    }
}
