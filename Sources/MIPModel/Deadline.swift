/// The moment a search must stop by: the safety net of `--time-limit`, handed from the driver to each phase
/// (restricted MIPs, windows, re-staffing, Lagrangian and column-generation bounds) as one value, so that
/// "how much time is left" is computed in one place. Searches stop on their work budget first (`WorkBudget`);
/// a deadline only decides anything when the clock runs out before the budget.
public struct Deadline: Sendable, Comparable {
    public let instant: ContinuousClock.Instant

    public init(_ instant: ContinuousClock.Instant) { self.instant = instant }

    /// `seconds` from now.
    public init(secondsFromNow seconds: Double) {
        instant = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    }

    /// Seconds until the deadline; negative once it has passed.
    public var timeLeft: Double { (instant - ContinuousClock.now).seconds }

    /// Seconds until the deadline, never below zero: a solver's time limit.
    public var secondsLeft: Double { max(0, timeLeft) }

    /// Whether the deadline has come.
    public var hasPassed: Bool { ContinuousClock.now >= instant }

    public static func < (a: Deadline, b: Deadline) -> Bool { a.instant < b.instant }
}
