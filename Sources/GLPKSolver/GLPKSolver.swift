import CGLPK
import MIPModel

/// The GLPK 5.0 backend: the only code in the package that calls GLPK.
///
/// Every model is validated before GLPK sees it, because GLPK answers bad input with `abort()`. A solve
/// runs synchronously on the calling thread, from `glp_create_prob` to `glp_delete_prob`, because GLPK's
/// state is thread-local; solves on different threads are independent.
///
/// The method: the primal simplex with the LP presolver for the root relaxation (GLPK's dual simplex is
/// pathological on assignment structure), then `glp_intopt` with cuts (GMI, MIR, cover, clique) on our own
/// columns from the simplex's optimal basis, so that the callback can hand GLPK the start point as its first
/// incumbent. The matcher always has a start (the greedy plan, then each level's plan), so the MIP presolver,
/// which would renumber the columns, is off by default; `Tuning(mipPresolve: true)` runs it when no start is
/// given (on 6k-column matching models without a start it was 2.7–4× faster on the two that finished within
/// 30 s). The defaults are what the command line ships and what the tests run.
public struct GLPKSolver: MIPSolver {
    /// Knobs for experiments; the defaults are what measured best on our models.
    public struct Tuning: Sendable {
        /// Run GLPK's MIP presolver inside `glp_intopt` (which then solves the presolved root LP again).
        /// Ignored when a usable start point is given: the start's columns would not match the presolved
        /// problem's.
        public var mipPresolve: Bool
        /// GMI, MIR, cover and clique cuts.
        public var cuts: Bool
        public init(mipPresolve: Bool = false, cuts: Bool = true) {
            self.mipPresolve = mipPresolve; self.cuts = cuts
        }
    }

    public var tuning: Tuning

    public init(tuning: Tuning = Tuning()) { self.tuning = tuning }

    /// A lean dive (`SolveOptions.leanDive`) only improves the plan it starts from; its bound is never used. It
    /// therefore leaves out what GLPK spends on the bound at every node and on choosing a branch by the bound's
    /// degradation: Gomory's mixed-integer cuts and Driebeck–Tomlin branching both compute a row of the
    /// simplex tableau (`glp_eval_tab_row`, which walks every column of the problem) per fractional column.
    /// Profiled on the street example, that tableau work was about 40 % of the process; with GMI cuts off the
    /// week took 161 s instead of 290 s, and the branching's tableau rows were still about 40 % of the rest.
    /// Without both, the dive branches on the most fractional column and takes the nearer side first
    /// (BENCHMARKS.md, "Lean dives").
    static func dive(_ iocp: inout glp_iocp) {
        iocp.gmi_cuts = GLP_OFF
        iocp.br_tech = GLP_BR_MFV
    }

    public var name: String { "GLPK" }

    /// The version of the linked library (not of the header compiled against).
    public var version: String { Self.libraryVersion }

    private static let libraryVersion: String = {
        // glp_version() creates this thread's environment and points into it: copy, then release. Never
        // first read inside a solve, which would release the solve's environment under it.
        let v = String(cString: glp_version())
        glp_free_env()
        return v
    }()

    /// Infeasible, unbounded and stopped searches are results, not errors.
    ///
    /// - Throws: `SolverFailure` listing every problem when the model or options fail validation (GLPK is
    ///   not called), or naming the code when GLPK itself fails (`GLP_EFAIL`, `GLP_ESING`, …), with the
    ///   last lines GLPK printed.
    public func solve(_ model: LinearModel, options: SolveOptions) throws -> SolveResult {
        var problems = ModelValidator.validate(model)
        if let start = options.start { problems += ModelValidator.validateStart(start, for: model) }
        if let limit = options.timeLimit, !(limit >= 0) {
            problems.append("time limit is \(limit) seconds; give a number ≥ 0, or nil for none")
        }
        if !(options.relativeGap >= 0) {
            problems.append("relative gap is \(options.relativeGap); give a number ≥ 0")
        }
        if model.variables.count >= Int(Int32.max) || model.constraints.count >= Int(Int32.max)
            || model.nonzeroCount >= Int(Int32.max) {
            problems.append("the model is larger than GLPK's 32-bit indices allow")
        }
        guard problems.isEmpty else {
            throw SolverFailure("GLPK was not called: model \(model.name.debugDescription) has \(problems.count) "
                                + "problem\(problems.count == 1 ? "" : "s"):\n  - "
                                + problems.joined(separator: "\n  - "))
        }
        var run = GLPKRun(model: model, options: options, tuning: tuning)
        return try run.solve()
    }
}

/// One solve: the data GLPK needs, in GLPK's shape, and the steps in order.
private struct GLPKRun {
    let model: LinearModel
    let options: SolveOptions
    let tuning: GLPKSolver.Tuning
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    let maximize: Bool
    let hasIntegers: Bool
    /// The start point, rounded and clamped, if it is feasible.
    let start: (values: [Double], objective: Double)?
    /// What became of the start, for `rawStatus`.
    var startNote: String?
    var steps: [String] = []

    init(model: LinearModel, options: SolveOptions, tuning: GLPKSolver.Tuning) {
        self.model = model
        self.options = options
        self.tuning = tuning
        self.started = clock.now
        self.maximize = model.objective.sense == .maximize
        self.hasIntegers = model.variables.contains { $0.kind != .continuous }
        if let raw = options.start {
            let broken = ModelValidator.violations(of: raw, in: model)
            // GLPK takes a heuristic solution on trust, bounds included: hand it exact integers inside the
            // bounds, and check the rows again with those.
            var rounded = raw
            for (j, v) in model.variables.enumerated() {
                let x = v.kind == .continuous ? raw[j] : raw[j].rounded()
                rounded[j] = min(max(x, v.lower), v.upper)
            }
            let stillBroken = broken.isEmpty ? ModelValidator.violations(of: rounded, in: model) : broken
            if stillBroken.isEmpty {
                start = (rounded, model.objective.evaluate(rounded))
            } else {
                start = nil
                startNote = "start ignored (\(stillBroken.count) violation\(stillBroken.count == 1 ? "" : "s"), "
                    + "first: \(stillBroken[0]))"
            }
        } else {
            start = nil
        }
    }

    // MARK: Steps

    mutating func solve() throws -> SolveResult {
        if model.variables.isEmpty { return emptyModel() }

        // Integer columns get integral bounds (glp_intopt refuses fractional ones with GLP_EBOUND); an
        // integer column with no integer between its bounds makes the model infeasible.
        var lower = model.variables.map(\.lower)
        var upper = model.variables.map(\.upper)
        for (j, v) in model.variables.enumerated() where v.kind != .continuous {
            lower[j] = Self.integral(lower[j], rounding: .up)
            upper[j] = Self.integral(upper[j], rounding: .down)
            if lower[j] > upper[j] {
                return result(.infeasible, values: nil, bound: nil,
                              note: "integer variable \(j) \(model.variables[j].name.debugDescription) has no "
                                  + "integer value in [\(v.lower), \(v.upper)]")
            }
        }

        return try withGLPKEnvironment { terminal in
            let P = glp_create_prob()!
            defer { glp_delete_prob(P) }
            load(into: P, lower: lower, upper: upper)
            return try optimize(P, terminal: terminal)
        }
    }

    /// Fills the problem object: columns with bounds and kinds, rows with bounds, one `glp_load_matrix`.
    func load(into P: OpaquePointer, lower: [Double], upper: [Double]) {
        let n = Int32(model.variables.count)
        let m = Int32(model.constraints.count)
        glp_set_obj_dir(P, maximize ? GLP_MAX : GLP_MIN)
        glp_add_cols(P, n)  // n > 0 here; glp_add_cols(P, 0) aborts
        for (j, v) in model.variables.enumerated() {
            let col = Int32(j + 1)
            let (type, lb, ub) = Self.boundType(lower[j], upper[j])
            glp_set_col_bnds(P, col, type, lb, ub)
            // GLP_IV, not GLP_BV, for binaries: GLP_BV resets the bounds to [0, 1], undoing a fixing.
            if v.kind != .continuous { glp_set_col_kind(P, col, GLP_IV) }
        }
        glp_set_obj_coef(P, 0, model.objective.constant)
        for t in model.objective.terms { glp_set_obj_coef(P, Int32(t.variable + 1), t.coefficient) }

        guard m > 0 else { return }  // glp_add_rows(P, 0) aborts; a problem without rows solves fine
        glp_add_rows(P, m)
        var ne = 0
        for c in model.constraints { for t in c.terms where t.coefficient != 0 { ne += 1 } }
        var ia = [Int32](repeating: 0, count: ne + 1)  // 1-based: element 0 is ignored
        var ja = [Int32](repeating: 0, count: ne + 1)
        var ar = [Double](repeating: 0, count: ne + 1)
        var k = 0
        for (i, c) in model.constraints.enumerated() {
            let row = Int32(i + 1)
            let (type, lb, ub) = Self.boundType(c.lower ?? -.infinity, c.upper ?? .infinity)
            glp_set_row_bnds(P, row, type, lb, ub)
            for t in c.terms where t.coefficient != 0 {
                k += 1
                ia[k] = row; ja[k] = Int32(t.variable + 1); ar[k] = t.coefficient
            }
        }
        if ne > 0 { glp_load_matrix(P, Int32(ne), ia, ja, ar) }
    }

    mutating func optimize(_ P: OpaquePointer, terminal: GLPKTerminal) throws -> SolveResult {
        // The root LP relaxation.
        if options.timeLimit != nil && remainingMilliseconds() == 0 {
            return timeLimitResult(bound: nil, note: "time limit reached before GLPK started")
        }
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_ERR
        smcp.meth = GLP_PRIMAL
        smcp.presolve = GLP_ON
        smcp.tm_lim = remainingMilliseconds()
        var rc: Int32
        if !hasIntegers, let basis = options.basis, installBasis(basis, in: P) {
            // A warm start: the presolver would discard the basis, so it stays off.
            smcp.presolve = GLP_OFF
            rc = glp_simplex(P, &smcp)
            steps.append("glp_simplex from the given basis: \(GLPKCodes.returnCode(rc))")
            if rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND {
                glp_adv_basis(P, 0)
                smcp.tm_lim = remainingMilliseconds()
                rc = glp_simplex(P, &smcp)
                steps.append("glp_simplex from an advanced basis: \(GLPKCodes.returnCode(rc))")
            }
        } else {
            rc = glp_simplex(P, &smcp)
            steps.append("glp_simplex: \(GLPKCodes.returnCode(rc))")
        }
        if rc == GLP_ENODFS {
            // The presolver proved the LP dual infeasible, which is unbounded or infeasible; only the
            // simplex on the whole problem tells which.
            smcp.presolve = GLP_OFF
            smcp.tm_lim = remainingMilliseconds()
            glp_std_basis(P)
            rc = glp_simplex(P, &smcp)
            steps.append("glp_simplex without presolve: \(GLPKCodes.returnCode(rc))")
        }
        switch rc {
        case 0: break
        case GLP_ENOPFS: return result(.infeasible, values: nil, bound: nil)
        case GLP_ETMLIM: return timeLimitResult(bound: nil)
        default: throw failure("glp_simplex returned \(GLPKCodes.returnCode(rc))", terminal)
        }
        let lpStatus = glp_get_status(P)
        steps.append("LP status \(GLPKCodes.status(lpStatus))")
        switch lpStatus {
        case GLP_OPT: break
        case GLP_NOFEAS: return result(.infeasible, values: nil, bound: nil)
        case GLP_UNBND: return try unbounded(P, terminal: terminal)
        default: throw failure("glp_simplex ended with LP status \(GLPKCodes.status(lpStatus))", terminal)
        }
        let lpBound = glp_get_obj_val(P)

        guard hasIntegers else {
            let x = (1...model.variables.count).map { glp_get_col_prim(P, Int32($0)) }
            var r = result(.optimal, values: x, bound: nil)
            r.basis = readBasis(P)
            // Row duals in GLPK's convention, which is the objective's own (see `SolveResult.duals`). After a
            // presolved simplex GLPK has recovered the full dual solution of the original rows.
            r.duals = (0..<model.constraints.count).map { glp_get_row_dual(P, Int32($0 + 1)) }
            return r
        }

        // Branch-and-cut from the optimal basis.
        let budget = remainingMilliseconds()
        if options.timeLimit != nil && budget == 0 {
            return timeLimitResult(bound: lpBound, note: "no time left after the LP relaxation")
        }
        let search = GLPKSearch(maximize: maximize, start: start?.values, nodeLimit: options.nodeLimit,
                                step: options.objectiveStep, constant: model.objective.constant,
                                tolerance: options.tolerance)
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_ERR
        // The start's values are in our column numbering: it can only be offered when the search runs on our
        // columns. The bound is read either way (the presolved problem keeps the objective's value).
        iocp.presolve = tuning.mipPresolve && start == nil ? GLP_ON : GLP_OFF
        let cuts = tuning.cuts ? GLP_ON : GLP_OFF
        iocp.gmi_cuts = cuts; iocp.mir_cuts = cuts; iocp.cov_cuts = cuts; iocp.clq_cuts = cuts
        iocp.mip_gap = options.relativeGap
        iocp.tm_lim = budget
        // GLPK's default backtracking is best local bound (GLP_BT_BLB).
        if options.nodeOrder == .depthFirst { iocp.bt_tech = GLP_BT_DFS }
        if options.leanDive && options.nodeOrder == .depthFirst { GLPKSolver.dive(&iocp) }
        search.install(in: &iocp)
        let mipRC = withExtendedLifetime(search) { glp_intopt(P, &iocp) }
        let mipStatus = glp_mip_status(P)
        steps.append("glp_intopt\(iocp.presolve == GLP_ON ? " with presolve" : ""): "
                     + "\(GLPKCodes.returnCode(mipRC)), MIP status \(GLPKCodes.status(mipStatus))")
        if start != nil {
            startNote = search.startAccepted ? "start accepted as incumbent"
                : search.startOffered ? "start offered, not better than GLPK's incumbent"
                : "start not offered (no fractional node reached)"
        }

        var x: [Double]? = nil
        if mipStatus == GLP_OPT || mipStatus == GLP_FEAS {
            x = polish(P, (1...model.variables.count).map { glp_mip_col_val(P, Int32($0)) })
        }
        switch mipRC {
        case 0 where mipStatus == GLP_OPT:
            return result(.optimal, values: x, bound: nil)
        case 0 where mipStatus == GLP_NOFEAS:
            if start != nil {
                throw failure("GLPK found no integer solution although the start point is feasible", terminal)
            }
            return result(.infeasible, values: nil, bound: nil)
        case GLP_ESTOP where search.stopped == .proven && x != nil:
            // The bound, rounded to the objective's step or within the tolerance, meets the incumbent. The
            // bound is kept as GLPK proved it, so the reported gap is the true one (zero with a step).
            steps.append(options.objectiveStep.map { "stopped: the bound is within one step (\($0)) of the incumbent" }
                         ?? "stopped: the bound is within the optimality tolerance of the incumbent")
            var r = result(.gapLimit, values: x, bound: search.bound ?? lpBound, lpBound: lpBound)
            if let v = r.objectiveValue, let b = r.bound,
               options.tolerance.proves(value: v, bound: b, maximize: maximize, step: options.objectiveStep,
                                        constant: model.objective.constant) {
                r.termination = .optimal
                if options.objectiveStep != nil { r.bound = v }
            }
            return r
        case GLP_ETMLIM, GLP_EMIPGAP, GLP_ESTOP:
            steps.append(search.bound == nil ? "bound from the LP relaxation" : "bound from the search tree")
            let why: Termination = mipRC == GLP_ETMLIM ? .timeLimit : mipRC == GLP_EMIPGAP ? .gapLimit
                : search.stopped == .nodeLimit ? .workLimit : .gapLimit
            if why == .workLimit {
                steps.append("node budget of \(options.nodeLimit ?? 0) spent")
                steps.append(search.lastImprovement > 0 ? "last better plan at node \(search.lastImprovement) of \(search.nodes)"
                                                        : "no better plan in \(search.nodes) nodes")
            }
            return result(why, values: x, bound: search.bound ?? lpBound, lpBound: lpBound)
        case GLP_ENOPFS:  // only with the MIP presolver
            return result(.infeasible, values: nil, bound: nil)
        default:
            throw failure("glp_intopt returned \(GLPKCodes.returnCode(mipRC)) with MIP status "
                          + GLPKCodes.status(mipStatus), terminal)
        }
    }

    /// GLPK takes an integer column within 1e-5 of an integer as integral (`tol_int`) and leaves the
    /// continuous columns where those unrounded values put them; once the integers are rounded, rows are off
    /// by as much (a pledge shortfall of 2.99999 where the plan's hours give 3). Solving the LP again with
    /// the integers fixed at their rounded values puts the continuous columns where the rounded integers
    /// want them. When that LP fails (rounding broke a row of integers only), GLPK's values stay.
    mutating func polish(_ P: OpaquePointer, _ x: [Double]) -> [Double] {
        guard model.variables.contains(where: { $0.kind == .continuous }) else { return x }
        var rounded = x
        for (j, v) in model.variables.enumerated() where v.kind != .continuous {
            rounded[j] = x[j].rounded()
            glp_set_col_bnds(P, Int32(j + 1), GLP_FX, rounded[j], rounded[j])
        }
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_ERR
        smcp.meth = GLP_PRIMAL
        smcp.presolve = GLP_ON  // removes every fixed column: the LP left is small
        // Tiny next to the search; allowed a moment even when the time limit is spent.
        smcp.tm_lim = max(remainingMilliseconds(), 100)
        let rc = glp_simplex(P, &smcp)
        guard rc == 0, glp_get_status(P) == GLP_OPT else {
            steps.append("polishing LP: \(GLPKCodes.returnCode(rc)), LP status \(GLPKCodes.status(glp_get_status(P))); "
                         + "GLPK's values kept")
            return x
        }
        for (j, v) in model.variables.enumerated() where v.kind == .continuous {
            rounded[j] = glp_get_col_prim(P, Int32(j + 1))
        }
        return rounded
    }

    /// The LP relaxation is unbounded. A pure LP is then unbounded; a MIP is unbounded too if it has an
    /// integer point at all (rational data), which one search with a zero objective decides.
    mutating func unbounded(_ P: OpaquePointer, terminal: GLPKTerminal) throws -> SolveResult {
        guard hasIntegers else { return result(.unbounded, values: nil, bound: nil) }
        for j in 1...model.variables.count { glp_set_obj_coef(P, Int32(j), 0) }
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_ERR
        smcp.meth = GLP_PRIMAL
        smcp.tm_lim = remainingMilliseconds()
        let rc = glp_simplex(P, &smcp)
        guard rc == 0, glp_get_status(P) == GLP_OPT else {
            throw failure("the LP relaxation is unbounded, but the feasibility check's glp_simplex returned "
                          + "\(GLPKCodes.returnCode(rc)) with LP status \(GLPKCodes.status(glp_get_status(P)))",
                          terminal)
        }
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_ERR
        iocp.tm_lim = remainingMilliseconds()
        let mipRC = glp_intopt(P, &iocp)
        let status = glp_mip_status(P)
        steps.append("LP relaxation unbounded; integer feasibility check: \(GLPKCodes.returnCode(mipRC)), "
                     + "MIP status \(GLPKCodes.status(status))")
        if status == GLP_NOFEAS { return result(.infeasible, values: nil, bound: nil) }
        if status == GLP_OPT || status == GLP_FEAS { return result(.unbounded, values: nil, bound: nil) }
        if mipRC == GLP_ETMLIM { return timeLimitResult(bound: nil, note: "integer feasibility not decided") }
        throw failure("the LP relaxation is unbounded, and the feasibility check's glp_intopt returned "
                      + "\(GLPKCodes.returnCode(mipRC))", terminal)
    }

    /// No variables: nothing for GLPK to do (and `glp_add_cols(P, 0)` would abort). Each constraint is
    /// an empty sum, so it holds exactly when its sides allow 0.
    func emptyModel() -> SolveResult {
        let tolerance = Tolerance.epsilon
        let feasible = model.constraints.allSatisfy { c in
            (c.lower ?? -.infinity) <= tolerance && (c.upper ?? .infinity) >= -tolerance
        }
        let value = model.objective.constant
        return SolveResult(termination: feasible ? .optimal : .infeasible, values: feasible ? [] : nil,
                           objectiveValue: feasible ? value : nil, bound: feasible ? value : nil,
                           rawStatus: "no variables: GLPK not called")
    }

    // MARK: Results

    /// A result in our terms: integer values rounded, the objective recomputed from them, the start kept
    /// when it beats GLPK's answer, and a valid bound.
    ///
    /// - Parameters:
    ///   - bound: the search's best bound, or nil to use the objective (proven optimal) or no bound.
    ///   - lpBound: the root relaxation's optimum, which no bound needs to be worse than.
    func result(_ termination: Termination, values: [Double]?, bound: Double?, lpBound: Double? = nil,
                note: String? = nil) -> SolveResult {
        var x = values.map { raw in
            zip(raw, model.variables).map { $1.kind == .continuous ? $0 : $0.rounded() }
        }
        var objective = x.map { model.objective.evaluate($0) }
        if termination == .timeLimit || termination == .gapLimit || termination == .workLimit, let start,
           objective == nil || isBetter(start.objective, than: objective!) {
            x = start.values
            objective = start.objective
        }
        var b: Double? = nil
        if termination == .optimal {
            b = objective
        } else if var found = bound {
            if let lp = lpBound { found = maximize ? min(found, lp) : max(found, lp) }
            // The global bound is the better of the incumbent and the best open node: an open node worse
            // than the incumbent (not yet pruned) bounds nothing.
            if let v = objective { found = maximize ? max(found, v) : min(found, v) }
            b = found
        }
        var raw = steps
        if let startNote { raw.append(startNote) }
        if let note { raw.append(note) }
        return SolveResult(termination: termination, values: x, objectiveValue: objective, bound: b,
                           rawStatus: raw.joined(separator: "; "))
    }

    func timeLimitResult(bound: Double?, note: String? = nil) -> SolveResult {
        result(.timeLimit, values: nil, bound: bound, lpBound: bound, note: note)
    }

    func failure(_ what: String, _ terminal: GLPKTerminal) -> SolverFailure {
        SolverFailure("GLPK failed on model "
                      + "\(model.name.debugDescription): \(what)"
                      + " [\(steps.joined(separator: "; "))]" + terminal.report)
    }

    // MARK: Basis

    /// Sets the given statuses; constraints the basis does not know (rows added since) start basic. Refuses
    /// a basis of the wrong size or whose basic count is not the row count, which GLPK would reject.
    func installBasis(_ basis: Basis, in P: OpaquePointer) -> Bool {
        let m = model.constraints.count
        guard basis.variables.count == model.variables.count, basis.constraints.count <= m, m > 0 else { return false }
        let basic = basis.variables.filter { $0 == .basic }.count + basis.constraints.filter { $0 == .basic }.count
            + (m - basis.constraints.count)
        guard basic == m else { return false }
        func code(_ s: Basis.Status) -> Int32 {
            switch s {
            case .basic: return GLP_BS
            case .atLower: return GLP_NL
            case .atUpper: return GLP_NU
            case .free: return GLP_NF
            case .fixed: return GLP_NS
            }
        }
        for (j, s) in basis.variables.enumerated() { glp_set_col_stat(P, Int32(j + 1), code(s)) }
        for i in 0..<m {
            glp_set_row_stat(P, Int32(i + 1), i < basis.constraints.count ? code(basis.constraints[i]) : GLP_BS)
        }
        return true
    }

    func readBasis(_ P: OpaquePointer) -> Basis {
        func status(_ c: Int32) -> Basis.Status {
            switch c {
            case GLP_BS: return .basic
            case GLP_NU: return .atUpper
            case GLP_NF: return .free
            case GLP_NS: return .fixed
            default: return .atLower
            }
        }
        return Basis(variables: (0..<model.variables.count).map { status(glp_get_col_stat(P, Int32($0 + 1))) },
                     constraints: (0..<model.constraints.count).map { status(glp_get_row_stat(P, Int32($0 + 1))) })
    }

    // MARK: Helpers

    func isBetter(_ a: Double, than b: Double) -> Bool { maximize ? a > b : a < b }

    /// Milliseconds left of `options.timeLimit`, clamped to GLPK's `int` (where `INT_MAX` means no limit).
    func remainingMilliseconds() -> Int32 {
        guard let limit = options.timeLimit else { return Int32.max }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let ms = (limit - seconds) * 1000
        guard ms > 0 else { return 0 }
        guard ms < Double(Int32.max) else { return Int32.max }
        return Int32(ms.rounded(.up))
    }

    /// `x` made integral towards the inside of the bounds, forgiving representation noise (`2.9999999999`
    /// is 3, not 2).
    static func integral(_ x: Double, rounding: FloatingPointRoundingRule) -> Double {
        guard x.isFinite else { return x }
        let nearest = x.rounded()
        return abs(x - nearest) <= Tolerance.epsilon * max(1, abs(x)) ? nearest : x.rounded(rounding)
    }

    /// GLPK's bound type for `[lower, upper]` (infinite sides meaning none).
    static func boundType(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true):
            // GLP_DB with lower == upper is refused (GLP_EBOUND); that is what GLP_FX is for.
            return lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
        }
    }
}
