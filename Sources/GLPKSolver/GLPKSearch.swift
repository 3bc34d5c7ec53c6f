import CGLPK

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

    /// - Parameter start: a feasible point with integral values in the integer columns (GLPK checks
    ///   integrality with `==` and takes the rest on trust).
    init(maximize: Bool, start: [Double]?) {
        self.maximize = maximize
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
            case GLP_ISELECT: search.recordBound(tree)
            case GLP_IHEUR: search.offerStart(tree)
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

    /// Offered once, at the first `GLP_IHEUR` (the root, after its LP relaxation): from then on every
    /// node whose bound is no better is pruned. GLPK only calls `GLP_IHEUR` for fractional LP optima; when
    /// the root LP is integral the start is not needed.
    private func offerStart(_ tree: OpaquePointer) {
        guard let start, !startOffered else { return }
        startOffered = true
        startAccepted = glp_ios_heur_sol(tree, start.baseAddress) == 0
    }
}
