/// Finds everything in a `LinearModel` that a solver or a file reader would choke on, before either sees it.
///
/// GLPK does not report bad input: an out-of-range index, a duplicate matrix entry or a name over 255
/// characters makes it print a line and `abort()` the whole process, and a NaN silently poisons the
/// simplex. So every model is checked here first, in the spirit of OR-Tools' `FindErrorInMPModelProto`,
/// and every problem is listed at once, not just the first, so that a model builder bug is fixed in
/// one round.
///
/// The checks are about the model being well-formed, never about it being feasible: a constraint that
/// no point satisfies, or an integer variable with no integer inside its bounds, is a valid model that
/// the solver reports as infeasible.
public enum ModelValidator {
    /// The CPLEX LP format caps names at this length (GLPK would abort on longer ones, but the backend
    /// never passes names); the file writers cut names to it.
    public static let maximumNameBytes = 255

    /// Every problem of `m`, one line each, in model order; empty when the model is valid.
    ///
    /// - Complexity: O(variables + constraints + nonzeros), with one scratch array of one `Int` per
    ///   variable for the duplicate check (no hashing).
    public static func validate(_ m: LinearModel) -> [String] {
        var problems: [String] = []
        let n = m.variables.count


        for (j, v) in m.variables.enumerated() {
            let what = "variable \(j) \(quoted(v.name))"
            if v.lower.isNaN || v.lower == .infinity {
                problems.append("\(what): lower bound is \(v.lower); use a finite number, or -infinity for none")
            }
            if v.upper.isNaN || v.upper == -.infinity {
                problems.append("\(what): upper bound is \(v.upper); use a finite number, or +infinity for none")
            }
            if v.lower > v.upper {
                problems.append("\(what): lower bound \(v.lower) is above upper bound \(v.upper)")
            }
            if v.kind == .binary && (v.lower < 0 || v.upper > 1) {
                problems.append("\(what): binary, but its bounds [\(v.lower), \(v.upper)] reach outside [0, 1]; "
                                + "make it an integer variable or tighten the bounds")
            }
        }

        // `seenIn[j] == stamp` means variable j already occurred in the term list being checked.
        var seenIn = [Int](repeating: -1, count: n)
        func checkTerms(_ terms: [LinearModel.Term], stamp: Int, of what: String) {
            for t in terms {
                guard t.variable >= 0 && t.variable < n else {
                    problems.append("\(what): term refers to variable \(t.variable), but the model has \(n) "
                                    + "variable\(n == 1 ? "" : "s") (valid indices 0..<\(n))")
                    continue
                }
                if !t.coefficient.isFinite {
                    problems.append("\(what): coefficient of variable \(t.variable) "
                                    + "\(quoted(m.variables[t.variable].name)) is \(t.coefficient)")
                }
                if seenIn[t.variable] == stamp {
                    problems.append("\(what): variable \(t.variable) \(quoted(m.variables[t.variable].name)) "
                                    + "appears more than once; add its coefficients into one term")
                }
                seenIn[t.variable] = stamp
            }
        }

        let objective = "objective \(quoted(m.objective.name))"
        if !m.objective.constant.isFinite {
            problems.append("\(objective): constant is \(m.objective.constant)")
        }
        checkTerms(m.objective.terms, stamp: m.constraints.count, of: objective)

        for (i, c) in m.constraints.enumerated() {
            let what = "constraint \(i) \(quoted(c.name))"
            if let l = c.lower, l.isNaN || l == .infinity {
                problems.append("\(what): lower side is \(l); use a finite number, or nil for none")
            }
            if let u = c.upper, u.isNaN || u == -.infinity {
                problems.append("\(what): upper side is \(u); use a finite number, or nil for none")
            }
            if let l = c.lower, let u = c.upper, l > u {
                problems.append("\(what): lower side \(l) is above upper side \(u)")
            }
            checkTerms(c.terms, stamp: i, of: what)
        }
        return problems
    }

    /// Problems of a start point that make it unusable whatever the model's constraints say: a wrong length
    /// or a value that is not a number. (Whether it is feasible is `violations(of:in:tolerance:)`'s business.)
    public static func validateStart(_ start: [Double], for m: LinearModel) -> [String] {
        var problems: [String] = []
        if start.count != m.variables.count {
            problems.append("start point has \(start.count) value\(start.count == 1 ? "" : "s"), "
                            + "but the model has \(m.variables.count) variable\(m.variables.count == 1 ? "" : "s")")
        }
        for (j, x) in start.enumerated() where !x.isFinite {
            problems.append("start point: value of variable \(j)"
                            + "\(j < m.variables.count ? " " + quoted(m.variables[j].name) : "") is \(x)")
        }
        return problems
    }

    /// How `x` breaks the model's bounds, integrality and constraints, each beyond `tolerance` (absolute for
    /// values near zero, relative to the bound beyond 1); empty when `x` is feasible.
    ///
    /// Used to decide whether a start point may be handed to the solver as an incumbent: GLPK takes a
    /// heuristic solution on trust and would report an infeasible one as the answer.
    ///
    /// - Precondition: `m` passes `validate`.
    /// - Complexity: O(variables + nonzeros).
    public static func violations(of x: [Double], in m: LinearModel, tolerance: Double = 1e-6) -> [String] {
        let start = validateStart(x, for: m)
        if !start.isEmpty { return start }
        func slack(_ bound: Double) -> Double { tolerance * max(1, abs(bound)) }
        var problems: [String] = []
        for (j, v) in m.variables.enumerated() {
            let what = "variable \(j) \(quoted(v.name))"
            if x[j] < v.lower - slack(v.lower) { problems.append("\(what) = \(x[j]) is below its lower bound \(v.lower)") }
            if x[j] > v.upper + slack(v.upper) { problems.append("\(what) = \(x[j]) is above its upper bound \(v.upper)") }
            if v.kind != .continuous && abs(x[j] - x[j].rounded()) > tolerance {
                problems.append("\(what) = \(x[j]) is not integral")
            }
        }
        for (i, c) in m.constraints.enumerated() {
            let activity = c.terms.reduce(0.0) { $0 + $1.coefficient * x[$1.variable] }
            let what = "constraint \(i) \(quoted(c.name))"
            if let l = c.lower, activity < l - slack(l) { problems.append("\(what): \(activity) is below \(l)") }
            if let u = c.upper, activity > u + slack(u) { problems.append("\(what): \(activity) is above \(u)") }
        }
        return problems
    }

    /// Names come from domain ids and may hold anything, including quotes and newlines; `debugDescription`
    /// keeps the message on one line.
    private static func quoted(_ name: String) -> String {
        let short = name.utf8.count > 80 ? String(name.prefix(40)) + "…" : name
        return short.debugDescription
    }
}
