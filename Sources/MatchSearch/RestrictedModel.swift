import MIPModel
/// A model restricted to some of its columns: the others are fixed at 0 by leaving them out, which makes
/// the restricted MIP small enough for branch-and-cut. Its optimum is a feasible point of the full model
/// (every dropped column at 0 must be feasible there, which holds for our models whose dropped columns
/// all have lower bound 0).
struct RestrictedModel {
    let model: LinearModel
    /// Restricted column → full column.
    let columns: [Int]
    /// Full row → restricted row, -1 for a row left out (it had no kept column and holds at 0).
    let rowIndex: [Int]

    /// - Parameter fix: columns fixed at a value in the restriction (kept, with both bounds set to it).
    /// - Parameter lower: rows whose lower side is raised in the restriction (a task that must stay covered).
    /// - Parameter drop: rows left out because the restriction implies them (a hold row on coverage when
    ///   every covered task must stay covered).
    init(_ full: LinearModel, keep: [Bool], fix: [Int: Double] = [:], lower: [Int: Double] = [:], drop: Set<Int> = []) {
        var map = [Int](repeating: -1, count: full.variables.count)
        var columns: [Int] = []
        var m = LinearModel(name: full.name)
        for (j, v) in full.variables.enumerated() where keep[j] || fix[j] != nil {
            map[j] = columns.count
            columns.append(j)
            var v = v
            if let value = fix[j] { v.lower = value; v.upper = value }
            m.variables.append(v)
        }
        func restrict(_ terms: [LinearModel.Term]) -> [LinearModel.Term] {
            terms.compactMap { map[$0.variable] >= 0 ? LinearModel.Term(map[$0.variable], $0.coefficient) : nil }
        }
        var rowIndex = [Int](repeating: -1, count: full.constraints.count)
        for (i, c) in full.constraints.enumerated() where !drop.contains(i) {
            let terms = restrict(c.terms)
            // A row left empty is 0 in [lower, upper] or it makes the restriction infeasible; either way
            // it tells GLPK nothing it needs, except infeasibility, which the caller sees as no solution.
            if terms.isEmpty && (c.lower ?? 0) <= Tolerance.epsilon && (c.upper ?? 0) >= -Tolerance.epsilon { continue }
            rowIndex[i] = m.constraints.count
            m.constraints.append(LinearModel.Constraint(name: c.name, terms: terms, lower: lower[i] ?? c.lower, upper: c.upper))
        }
        m.objective = LinearModel.Objective(name: full.objective.name, sense: full.objective.sense,
                                            terms: restrict(full.objective.terms), constant: full.objective.constant)
        self.model = m
        self.columns = columns
        self.rowIndex = rowIndex
    }

    func restrict(_ x: [Double]) -> [Double] { columns.map { x[$0] } }

    func expand(_ y: [Double], size: Int) -> [Double] {
        var x = [Double](repeating: 0, count: size)
        for (i, j) in columns.enumerated() { x[j] = y[i] }
        return x
    }
}

extension LinearModel {
    /// The LP relaxation: every integer column made continuous within its bounds.
    var relaxation: LinearModel {
        var m = self
        for j in m.variables.indices { m.variables[j].kind = .continuous }
        return m
    }
}
