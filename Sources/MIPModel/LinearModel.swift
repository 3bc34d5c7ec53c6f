/// A mixed-integer linear program in a solver-neutral form: what the model builder produces, what the
/// LP/MPS writers print, and what a `MIPSolver` solves. Indices are 0-based here; backends translate.
public struct LinearModel: Sendable {
    public enum VariableKind: Sendable { case continuous, integer, binary }

    public struct Variable: Sendable {
        /// A name built from domain ids (sanitised only when written to a file).
        public var name: String
        public var kind: VariableKind
        public var lower: Double
        public var upper: Double
        public init(name: String, kind: VariableKind, lower: Double, upper: Double) {
            self.name = name; self.kind = kind; self.lower = lower; self.upper = upper
        }
    }

    public struct Term: Sendable, Hashable {
        public var variable: Int
        public var coefficient: Double
        public init(_ variable: Int, _ coefficient: Double) { self.variable = variable; self.coefficient = coefficient }
    }

    /// `lower <= Σ terms <= upper`; a nil side is unbounded.
    public struct Constraint: Sendable {
        public var name: String
        public var terms: [Term]
        public var lower: Double?
        public var upper: Double?
        public init(name: String, terms: [Term], lower: Double?, upper: Double?) {
            self.name = name; self.terms = terms; self.lower = lower; self.upper = upper
        }
    }

    public enum Sense: Sendable { case minimize, maximize }

    /// A sparse linear objective.
    public struct Objective: Sendable {
        public var name: String
        public var sense: Sense
        public var terms: [Term]
        public var constant: Double
        public init(name: String, sense: Sense, terms: [Term], constant: Double = 0) {
            self.name = name; self.sense = sense; self.terms = terms; self.constant = constant
        }
        public func evaluate(_ x: [Double]) -> Double {
            terms.reduce(constant) { $0 + $1.coefficient * x[$1.variable] }
        }

        /// Whether `candidate` scores strictly better than `incumbent` (beyond Tolerance.epsilon): the test a neighbourhood
        /// search applies before it replaces its plan, so the plan never gets worse.
        public func improves(_ candidate: [Double], on incumbent: [Double]) -> Bool {
            let after = evaluate(candidate), before = evaluate(incumbent)
            return sense == .maximize ? after > before + Tolerance.epsilon : after < before - Tolerance.epsilon
        }

        /// The step between attainable values when every term is on an integer column and every coefficient
        /// is a whole multiple of one number with a small denominator (coverage: task values such as 1,500 and
        /// 7.5, step 2.5); nil otherwise (continuous terms, irrational-looking coefficients, no terms). Any
        /// integer point then scores `constant + k × step`, which lets a search stop once its bound is less
        /// than a step beyond the incumbent.
        public func step(in model: LinearModel) -> Double? {
            guard !terms.isEmpty else { return nil }
            // The smallest denominator that makes every coefficient an integer.
            let denominators: [Double] = [1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 1000]
            for d in denominators {
                var g = 0
                var whole = true
                for t in terms {
                    guard model.variables[t.variable].kind != .continuous else { return nil }
                    let scaled = t.coefficient * d
                    let n = scaled.rounded()
                    guard abs(scaled - n) <= Tolerance.epsilon * max(1, abs(scaled)), abs(n) < 1e15 else { whole = false; break }
                    var a = g, b = Int(abs(n))
                    while b != 0 { (a, b) = (b, a % b) }
                    g = a
                }
                if whole { return g == 0 ? nil : Double(g) / d }
            }
            return nil
        }
    }

    public var name: String
    public var variables: [Variable] = []
    public var constraints: [Constraint] = []
    public var objective: Objective

    public init(name: String) {
        self.name = name
        self.objective = Objective(name: "objective", sense: .maximize, terms: [])
    }

    @discardableResult
    public mutating func addVariable(_ name: String, _ kind: VariableKind, lower: Double = 0, upper: Double = 1) -> Int {
        variables.append(Variable(name: name, kind: kind, lower: lower, upper: upper))
        return variables.count - 1
    }

    public mutating func addConstraint(_ name: String, _ terms: [Term], lower: Double? = nil, upper: Double? = nil) {
        constraints.append(Constraint(name: name, terms: terms, lower: lower, upper: upper))
    }

    public var nonzeroCount: Int { constraints.reduce(0) { $0 + $1.terms.count } }
}

/// What a solver is asked to do beyond the model itself.
public struct SolveOptions: Sendable {
    /// Wall-clock seconds for this one solve; nil means no limit.
    public var timeLimit: Double?
    /// Relative MIP gap at which the solver may stop (0 = prove optimality).
    public var relativeGap: Double
    /// A feasible point to start from (e.g. the previous level's plan); the backend may hand it to the
    /// solver as an incumbent. Must have one value per variable.
    public var start: [Double]?
    /// An LP basis to start the simplex from (e.g. the previous level's); constraints beyond its length
    /// start basic. Used for models without integer columns; a backend may ignore it.
    public var basis: Basis?
    /// Branch-and-bound nodes after which the search stops (`Termination.workLimit`); nil: no limit. Unlike
    /// the clock, a count stops the search at the same place on any machine, however busy.
    public var nodeLimit: Int?
    /// When an objective takes only values `constant + k × step` at integer points (coverage: the values of
    /// the tasks), a bound less than one step beyond the incumbent proves it optimal: the search stops there.
    public var objectiveStep: Double?
    /// A bound this close to the incumbent (`Optimality.tolerance`: relative, with an absolute floor) proves
    /// it optimal for the product's purposes; 0 asks for an exact proof.
    public var tolerance: Optimality
    /// Which open node the search takes next. Best bound (the default) serves a proof; depth first dives to
    /// complete plans and is for searches that can only improve a plan, not prove it: below coverage, with
    /// the dense hold rows, a best-bound search spends its node budget near the root and returns the plan it
    /// was given.
    public var nodeOrder: NodeOrder = .bestBound
    public enum NodeOrder: Sendable { case bestBound, depthFirst }
    /// With `.depthFirst`, also leave out the cuts and the branching rule that serve only the bound
    /// (`GLPKSolver.dive`): for the many small searches that re-staff a plan window by window, where that work
    /// was most of the time (BENCHMARKS.md, "Lean dives"). A best-bound search ignores it.
    public var leanDive = false
    public init(timeLimit: Double? = nil, relativeGap: Double = 0, start: [Double]? = nil, basis: Basis? = nil,
                nodeLimit: Int? = nil, objectiveStep: Double? = nil, tolerance: Optimality = .exact) {
        self.timeLimit = timeLimit; self.relativeGap = relativeGap; self.start = start; self.basis = basis
        self.nodeLimit = nodeLimit; self.objectiveStep = objectiveStep; self.tolerance = tolerance
    }
}

/// How a value of one objective is proven optimal: by its step where it has one (coverage), else within the
/// tolerance for real-valued levels. The one rule every search of the matcher stops by and every level is
/// reported by.
public struct ProofRule: Sendable, Equatable {
    public var step: Double?
    public var tolerance: Optimality
    public var maximize: Bool
    public var constant: Double
    public init(_ objective: LinearModel.Objective, in model: LinearModel) {
        step = objective.step(in: model)
        tolerance = step == nil ? .realValued : .exact
        maximize = objective.sense == .maximize
        constant = objective.constant
    }
    public func proves(_ value: Double, bound: Double?) -> Bool {
        guard let bound else { return false }
        return tolerance.proves(value: value, bound: bound, maximize: maximize, step: step, constant: constant)
    }
}

extension SolveOptions {
    /// Options for a search that stops by `rule` and, given one, after `nodeLimit` nodes.
    public init(timeLimit: Double?, relativeGap: Double = 0, start: [Double]?, nodeLimit: Int?, rule: ProofRule) {
        self.init(timeLimit: timeLimit, relativeGap: relativeGap, start: start, nodeLimit: nodeLimit,
                  objectiveStep: rule.step, tolerance: rule.tolerance)
    }
}

/// When a value counts as proven optimal against a bound: within `relative × max(1, |value|)`, and never
/// less than `absolute`. The one place the product's optimality tolerance is defined (docs/model.md).
public struct Optimality: Sendable, Equatable {
    public var relative: Double
    public var absolute: Double
    public init(relative: Double, absolute: Double) { self.relative = relative; self.absolute = absolute }
    /// Exact up to floating-point noise.
    public static let exact = Optimality(relative: Tolerance.epsilon, absolute: Tolerance.epsilon)
    /// Levels with real-valued objectives (travel minutes, fairness): 0.01 % of the value, at least a hundredth
    /// of a minute. GLPK's branch-and-cut was measured spending the whole time limit closing a 0.007 % gap on
    /// the travel level of a 40-need week whose other levels were proven in 0.1 s.
    public static let realValued = Optimality(relative: 1e-4, absolute: 0.01)

    /// Whether `value` is proven optimal by `bound` under this tolerance, and, when `step` is given (every
    /// attainable value is `constant + k × step`), by rounding the bound to the nearest attainable value.
    public func proves(value: Double, bound: Double, maximize: Bool, step: Double? = nil, constant: Double = 0) -> Bool {
        guard value.isFinite, bound.isFinite else { return false }
        var b = bound
        if let step, step > 0 {
            // The best attainable value the bound allows; the small slack forgives the bound's round-off.
            let k = (b - constant) / step
            b = constant + step * (maximize ? (k + 1e-6).rounded(.down) : (k - 1e-6).rounded(.up))
        }
        let gap = maximize ? b - value : value - b
        return gap <= max(absolute, relative * max(1, abs(value)))
    }
}

/// A simplex basis in solver-neutral terms: for each variable and constraint, whether it is basic or at
/// which bound it rests. Passing one from a solve to the next similar LP skips the search for a feasible
/// point, which is most of the work when a lexicographic level adds one row to the previous level's LP.
public struct Basis: Sendable, Equatable {
    public enum Status: UInt8, Sendable { case basic, atLower, atUpper, free, fixed }
    public var variables: [Status]
    public var constraints: [Status]
    public init(variables: [Status], constraints: [Status]) {
        self.variables = variables; self.constraints = constraints
    }
}

/// Why the solver stopped, kept apart from whether it holds a usable solution (MathOptInterface's habit).
public enum Termination: String, Sendable {
    case optimal
    case infeasible
    case unbounded
    case timeLimit = "time_limit"
    case gapLimit = "gap_limit"
    /// The work budget (`SolveOptions.nodeLimit`) ran out: reproducible, unlike `timeLimit`.
    case workLimit = "work_limit"
    /// A heuristic search ran out of neighbourhoods that improved the plan, short of a proof.
    case noProgress = "no_progress"
    case error
}

public struct SolveResult: Sendable {
    public var termination: Termination
    /// One value per variable when a feasible solution is held; nil otherwise.
    public var values: [Double]?
    /// The objective of `values`.
    public var objectiveValue: Double?
    /// The best bound proved on the objective (≥ optimum for maximize, ≤ for minimize).
    public var bound: Double?
    /// The solver's raw codes and words, for error messages.
    public var rawStatus: String
    /// The optimal basis of an LP (a model without integer columns), when the backend reports one.
    public var basis: Basis?
    /// The row duals of an optimal LP (a model without integer columns), one per constraint in model order,
    /// when the backend reports them; nil for MIPs (a MIP has no duals) and for non-optimal results.
    ///
    /// Sign convention — the objective's own: `duals[i]` is ∂(objective)/∂(bound of row i) at the optimum,
    /// the rate at which the objective *value* changes when row i's active side moves up by one. For a
    /// maximised objective a binding `≤` row has a dual ≥ 0 (more room, more value); for a minimised one a
    /// binding `≤` row has a dual ≤ 0 (more room, lower cost). A row whose sides are not active has dual 0.
    /// This is GLPK's own convention (`glp_get_row_dual`), kept so no caller has to flip signs by sense.
    /// Valid for small changes only: beyond the range where the optimal basis stays optimal, it says nothing.
    public var duals: [Double]?
    public init(termination: Termination, values: [Double]?, objectiveValue: Double?, bound: Double?, rawStatus: String,
                basis: Basis? = nil, duals: [Double]? = nil) {
        self.termination = termination; self.values = values; self.objectiveValue = objectiveValue
        self.bound = bound; self.rawStatus = rawStatus; self.basis = basis; self.duals = duals
    }
}

/// A failure of the solver itself (not of the data): reported as an internal error.
public struct SolverFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A MIP solver backend. Must be callable from any thread; each call owns its solver state.
public protocol MIPSolver: Sendable {
    var name: String { get }
    var version: String { get }
    func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult
}
