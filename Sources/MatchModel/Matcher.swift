import CommunityMatch
import Foundation

/// Options of one weekly solve.
public struct MatchOptions: Sendable {
    /// Wall seconds for all levels together; nil: no limit.
    public var timeLimit: Double?
    /// Relative gap at which each level may stop.
    public var relativeGap: Double
    /// Called with a short phase description (for progress lines); may be nil.
    public var progress: (@Sendable (String) -> Void)?
    public init(timeLimit: Double? = nil, relativeGap: Double = 0, progress: (@Sendable (String) -> Void)? = nil) {
        self.timeLimit = timeLimit; self.relativeGap = relativeGap; self.progress = progress
    }
}

/// Pins that the model cannot satisfy together: an input error (exit 65) though each pin alone looked fine.
public struct PinConflict: Error, Sendable {
    public var pins: [Pin]
    public var message: String
}

/// Solves the week lexicographically: each level of `settings.objective` is optimised with the levels above
/// held at the values they reached.
public struct Matcher: Sendable {
    public var solver: any MIPSolver
    public init(solver: any MIPSolver) { self.solver = solver }

    /// The model as it is handed to the solver for the first level (for `--write-model`).
    public static func firstLevelModel(_ scenario: Scenario) -> LinearModel {
        let mm = MatchingModel(scenario: scenario)
        var model = mm.model
        model.objective = mm.objectives[scenario.settings.objective.first ?? .coverage]!
        return model
    }

    public func solve(_ scenario: Scenario, options: MatchOptions = MatchOptions()) throws -> Plan {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        options.progress?("building the model")
        let mm = MatchingModel(scenario: scenario)
        if !mm.impossiblePins.isEmpty {
            throw PinConflict(pins: mm.impossiblePins, message: "no eligible member, slot or staffing for this pin")
        }
        var timings: [String: Double] = ["build": elapsed()]
        var model = mm.model
        var current: [Double]? = nil
        var outcomes: [LevelOutcome] = []
        var allOptimal = true
        var levels = scenario.settings.objective
        if levels.isEmpty { levels = [.coverage] }

        for (k, level) in levels.enumerated() {
            let objective = mm.objectives[level]!
            model.objective = objective
            let levelStart = elapsed()
            var remaining: Double? = nil
            if let limit = options.timeLimit {
                // Later levels always get a tenth of the limit, so a slow first level still leaves a
                // plan whose lower levels were at least tried.
                remaining = max(limit - levelStart, k == 0 ? limit : limit * 0.1)
            }
            let result: SolveResult
            if model.variables.isEmpty {
                // Nothing can be assigned at all: every level's value is its constant.
                result = SolveResult(termination: .optimal, values: [], objectiveValue: objective.constant,
                                     bound: objective.constant, rawStatus: "empty model")
            } else {
                options.progress?("level \(k + 1)/\(levels.count): \(level.rawValue)")
                result = try solver.solve(model, options: SolveOptions(
                    timeLimit: remaining, relativeGap: options.relativeGap, start: current))
            }
            timings["solve_\(level.rawValue)"] = elapsed() - levelStart
            switch result.termination {
            case .infeasible:
                throw PinConflict(pins: scenario.pins, message: "the pins cannot all hold together")
            case .unbounded, .error:
                throw SolverFailure("\(solver.name) stopped at level \(level.rawValue): \(result.rawStatus)")
            default: break
            }
            guard let x = result.values else {
                if k == 0 {
                    timings["total"] = elapsed()
                    return Plan(levels: [], status: .timeLimitNoPlan, timings: timings)
                }
                // A later level found nothing better in its time: keep the plan of the level above.
                allOptimal = false
                let v = objective.evaluate(current!)
                outcomes.append(LevelOutcome(level: level, value: v, bound: result.bound ?? v, optimal: false))
                continue
            }
            let value = objective.evaluate(x)
            let optimal = result.termination == .optimal
            if !optimal { allOptimal = false }
            var bound = result.bound ?? value
            // A bound can only be as good as the value found; solvers report it with their own tolerances.
            bound = objective.sense == .maximize ? max(bound, value) : min(bound, value)
            outcomes.append(LevelOutcome(level: level, value: value, bound: bound, optimal: optimal))
            current = x
            // Hold this level at what it reached while the next is optimised.
            if k + 1 < levels.count && !objective.terms.isEmpty {
                let tol = 1e-6 * max(1, abs(value))
                model.addConstraint("hold[\(level.rawValue)]", objective.terms,
                                    lower: objective.sense == .maximize ? value - objective.constant - tol : nil,
                                    upper: objective.sense == .minimize ? value - objective.constant + tol : nil)
            }
        }
        options.progress?("writing the plan")
        var plan = PlanExtractor(scenario: scenario, model: mm).plan(from: current ?? [])
        plan.levels = outcomes
        plan.status = allOptimal ? .optimal : .feasible
        timings["total"] = elapsed()
        plan.timings = timings
        return plan
    }
}
