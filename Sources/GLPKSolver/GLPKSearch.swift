import CGLPK
import MIPModel

/// State shared with `glp_intopt`'s callback: the best bound seen during branch-and-cut, and the start
/// point to offer as the first incumbent.
///
/// GLPK forgets its global bound when `glp_intopt` returns, so a search stopped by the time limit could
/// otherwise only report the root LP bound. The callback reads it at each `GLP_ISELECT`, the moment the
/// active list is complete (no node is being processed), which costs one scan of the active list per node.
final class GLPKSearch {
    private let maximize: Bool
    /// `x[1...n]` of the start point (GLPK's 1-based layout, `x[0]` unused), or nil.
    private let start: UnsafeMutableBufferPointer<Double>?
    private(set) var startOffered = false
    private(set) var startAccepted = false
    /// The tightest global bound seen in the tree, in the objective's own terms (constant included).
    private(set) var bound: Double?
    /// Why the callback stopped the search (`glp_ios_terminate`), if it did.
    private(set) var stopped: Stop?
    enum Stop { case proven, nodeLimit }
    private let nodeLimit: Int?
    /// The tree's node count when the search last found a better plan (0: none found; the start does not count):
    /// where in its budget a search still gains, which the verbose status reports.
    private(set) var lastImprovement = 0
    /// The tree's node count when the search last selected a node.
    private(set) var nodes = 0
    private let step: Double?
    private let constant: Double
    private let tolerance: Optimality

    /// - Parameter start: a feasible point with integral values in the integer columns (GLPK checks
    ///   integrality with `==` and takes the rest on trust).
    init(maximize: Bool, start: [Double]?, nodeLimit: Int? = nil, step: Double? = nil, constant: Double = 0,
         tolerance: Optimality = .exact) {
        self.maximize = maximize
        self.nodeLimit = nodeLimit; self.step = step; self.constant = constant; self.tolerance = tolerance
        if let start {
            let x = UnsafeMutableBufferPointer<Double>.allocate(capacity: start.count + 1)
            x[0] = 0
            for (j, v) in start.enumerated() { x[j + 1] = v }
            self.start = x
        } else {
            self.start = nil
        }
    }

    deinit { start?.deallocate() }

    /// Points `parm`'s callback at this search. `self` must outlive the `glp_intopt` call that uses `parm`
    /// (the pointer is unretained).
    func install(in parm: inout glp_iocp) {
        parm.cb_info = Unmanaged.passUnretained(self).toOpaque()
        parm.cb_func = { tree, info in
            guard let tree, let info else { return }
            let search = Unmanaged<GLPKSearch>.fromOpaque(info).takeUnretainedValue()
            switch glp_ios_reason(tree) {
            case GLP_ISELECT:
                search.recordBound(tree)
                search.stopIfDone(tree)
            case GLP_IHEUR: search.offerStart(tree)
            case GLP_IBINGO: search.lastImprovement = search.treeSize(tree)
            default: break
            }
        }
    }

    private func recordBound(_ tree: OpaquePointer) {
        let p = glp_ios_best_node(tree)
        guard p != 0 else { return }
        let b = glp_ios_node_bound(tree, p)
        // The root's bound is ∓DBL_MAX until its LP relaxation is solved: no information.
        guard b.isFinite, abs(b) < 1e300 else { return }
        if let old = bound {
            bound = maximize ? min(old, b) : max(old, b)
        } else {
            bound = b
        }
    }

    /// Ends the search when the incumbent is proven optimal by the step or the tolerance (GLPK itself only
    /// stops at a zero gap or at `mip_gap`, which knows neither), or when the node budget is spent. Both are
    /// decided from counts and values, never from the clock, so the search stops at the same node on every
    /// machine. At `GLP_ISELECT` the active list is complete, so the best node's bound is the global bound.
    fileprivate func stopIfDone(_ tree: OpaquePointer) {
        guard stopped == nil else { return }
        if let bound, let P = glp_ios_get_prob(tree), glp_mip_status(P) == GLP_FEAS,
           tolerance.proves(value: glp_mip_obj_val(P), bound: bound, maximize: maximize, step: step, constant: constant) {
            stopped = .proven
            glp_ios_terminate(tree)
            return
        }
        nodes = treeSize(tree)
        if let nodeLimit, nodes >= nodeLimit {
            stopped = .nodeLimit
            glp_ios_terminate(tree)
        }
    }

    /// Every node the tree has held, the removed ones included: the count the budget is kept in.
    fileprivate func treeSize(_ tree: OpaquePointer) -> Int {
        var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &current, &total)
        return Int(total)
    }

    /// Offered once, at the first `GLP_IHEUR` (the root, after its LP relaxation): from then on every
    /// node whose bound is no better is pruned. GLPK only calls `GLP_IHEUR` for fractional LP optima; when
    /// the root LP is integral the start is not needed.
    private func offerStart(_ tree: OpaquePointer) {
        guard let start, !startOffered else { return }
        startOffered = true
        startAccepted = glp_ios_heur_sol(tree, start.baseAddress) == 0
    }
}
