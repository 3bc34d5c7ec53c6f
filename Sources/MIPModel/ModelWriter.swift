import Foundation

/// The two model file formats every MIP solver reads, so a model can be handed to another solver or to
/// a colleague when GLPK's answer is in doubt.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// CPLEX LP: algebraic and readable (`glpsol --lp`, HiGHS, CPLEX, Gurobi, SCIP).
    case lp
    /// Free MPS: column-wise, the lowest common denominator (`glpsol --freemps`, HiGHS, every other solver).
    case mps

    /// The format a path's extension names (`.lp` or `.mps`, any case); nil for anything else, so a typo
    /// does not silently pick a format.
    public init?(path: String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }

    public var fileExtension: String { rawValue }
}

/// Why a model could not be written.
public enum ModelWriterError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The model fails `ModelValidator.validate`; a file of it would be rejected by every reader.
    case invalidModel([String])
    /// `ModelFileFormat(path:)` found neither `.lp` nor `.mps`.
    case unknownExtension(path: String)

    public var description: String {
        switch self {
        case .invalidModel(let problems):
            return "the model cannot be written: " + problems.joined(separator: "; ")
        case .unknownExtension(let path):
            return "cannot tell the model file format of \(path.debugDescription): name it *.lp or *.mps"
        }
    }
}

/// The names a model's rows and columns get in a file, in model order, so a solver's report on the file
/// can be traced back to the model (and to the domain ids its names came from).
public struct ModelFileNames: Sendable, Equatable {
    /// One per variable.
    public var variables: [String]
    /// One per constraint; nil for a free constraint (no sides), which is not written.
    public var constraints: [String?]
    /// LP only: the name of the second row that carries the upper side of a ranged constraint (the LP
    /// reader of glpsol has no `l <= expr <= u` form); nil elsewhere.
    public var constraintUpperHalves: [String?]
    public var objective: String
    /// The fixed-at-one column that carries the objective's constant (glpsol's LP reader takes no constant
    /// term, and GLPK and HiGHS disagree on the sign of an MPS objective RHS); nil when not written.
    public var constantColumn: String?
    /// LP only: the always-true row written when the model has no constraints (glpsol's LP reader requires
    /// one).
    public var placeholderRow: String?
}

/// Writes a `LinearModel` as CPLEX LP or free MPS text that both `glpsol` (GLPK 5.0) and HiGHS read.
///
/// Choices made for the strictest of the readers, each checked against glpsol 5.0 and HiGHS 1.15:
/// - Names are rewritten to `[A-Za-z0-9_]`, at most 255 characters, unique across rows and columns.
///   ASCII punctuation and spaces become `_`, other characters become `u` and their Unicode scalar in hex
///   (`张` → `u5F20`), trailing `_` are dropped, and a name that starts with a digit or with `e`/`E`
///   (read as an exponent by some readers) or spells an LP keyword gets a leading `_`. A name already
///   taken gets `_2`, `_3`, … in model order, so the same model always gets the same names.
/// - The objective constant is a column fixed at 1 (`constant_term`), in both formats.
/// - LP: a ranged constraint becomes two rows, `name` (lower side) and `name_hi` (upper side).
///   MPS: a `G` row with a `RANGES` entry.
/// - Binary variables with bounds [0, 1] go to `Binaries` (LP) or get `BV` (MPS); a binary fixed to 0 or 1
///   is written as an integer with its bounds, because a binary declaration resets bounds to [0, 1].
///   Integer columns always get explicit bounds in MPS, where readers disagree on the defaults.
/// - MPS has no objective sense that glpsol 5.0 reads (`OBJSENSE` is an "invalid indicator record"), so by
///   default a maximisation is written as the minimisation of the negated objective, and a comment says
///   so: the file's optimum is minus the model's. `MPSObjectiveSense.objsenseSection` writes `OBJSENSE MAX`
///   instead, for HiGHS, CPLEX, Gurobi or SCIP.
/// - A free constraint (no sides) constrains nothing and is left out, with a comment.
/// - Numbers are written in Swift's shortest round-trip form, so a file read back gives the same doubles.
/// - The same model gives the same bytes: everything is written in model order.
public enum ModelWriter {
    /// How a maximisation is expressed in MPS.
    public enum MPSObjectiveSense: Sendable {
        /// Negate the objective and minimise (the only form glpsol 5.0 reads).
        case negateWhenMaximizing
        /// Keep the objective and write an `OBJSENSE` section (HiGHS, CPLEX, Gurobi, SCIP; not glpsol).
        case objsenseSection
    }

    public struct Options: Sendable {
        public var mpsObjectiveSense: MPSObjectiveSense
        public init(mpsObjectiveSense: MPSObjectiveSense = .negateWhenMaximizing) {
            self.mpsObjectiveSense = mpsObjectiveSense
        }
    }

    /// Column name of the objective constant.
    public static let constantColumnName = "constant_term"
    /// Row name of the placeholder row of a model without constraints.
    public static let placeholderRowName = "no_constraints"

    /// The model as file text.
    ///
    /// - Throws: `ModelWriterError.invalidModel` when `ModelValidator` finds problems.
    /// - Complexity: O(variables + constraints + nonzeros).
    public static func text(_ model: LinearModel, format: ModelFileFormat, options: Options = Options()) throws -> String {
        let problems = ModelValidator.validate(model)
        guard problems.isEmpty else { throw ModelWriterError.invalidModel(problems) }
        let names = fileNames(for: model, format: format)
        switch format {
        case .lp: return lpText(model, names: names)
        case .mps: return mpsText(model, names: names, options: options)
        }
    }

    /// The model as UTF-8 bytes (pure ASCII in fact: every name is sanitised).
    public static func data(_ model: LinearModel, format: ModelFileFormat, options: Options = Options()) throws -> Data {
        Data(try text(model, format: format, options: options).utf8)
    }

    /// Writes the model to `path` atomically, in the format `format` or else the one its extension names.
    public static func write(_ model: LinearModel, toFile path: String, format: ModelFileFormat? = nil,
                             options: Options = Options()) throws {
        guard let format = format ?? ModelFileFormat(path: path) else {
            throw ModelWriterError.unknownExtension(path: path)
        }
        try data(model, format: format, options: options).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The names the rows and columns of `model` get in a file of `format`.
    public static func fileNames(for model: LinearModel, format: ModelFileFormat) -> ModelFileNames {
        // One namespace for rows and columns: the formats keep them apart, but a name meaning one thing
        // is easier on every reader, human or not.
        var table = NameTable()
        let needsConstant = model.objective.constant != 0 || model.variables.isEmpty
        let constant = needsConstant ? table.claim(constantColumnName) : nil
        let variables = model.variables.map { table.claim($0.name, fallback: "x") }
        let objective = table.claim(model.objective.name, fallback: "objective")
        let written = model.constraints.filter { $0.lower != nil || $0.upper != nil }.count
        let placeholder = format == .lp && written == 0 ? table.claim(placeholderRowName) : nil
        var constraints: [String?] = []
        var upperHalves: [String?] = []
        constraints.reserveCapacity(model.constraints.count)
        upperHalves.reserveCapacity(model.constraints.count)
        for c in model.constraints {
            guard c.lower != nil || c.upper != nil else {
                constraints.append(nil); upperHalves.append(nil); continue
            }
            let name = table.claim(c.name, fallback: "c")
            constraints.append(name)
            if format == .lp, let l = c.lower, let u = c.upper, l != u {
                upperHalves.append(table.claim(name + "_hi"))
            } else {
                upperHalves.append(nil)
            }
        }
        return ModelFileNames(variables: variables, constraints: constraints, constraintUpperHalves: upperHalves,
                              objective: objective, constantColumn: constant, placeholderRow: placeholder)
    }

    // MARK: - LP

    private static func lpText(_ m: LinearModel, names: ModelFileNames) -> String {
        var out = ""
        out.reserveCapacity(64 + 24 * (m.variables.count + m.nonzeroCount))
        out += "\\ Problem: \(sanitize(m.name, fallback: "model"))\n"
        out += "\\ Written by CommunityMatch: \(m.variables.count) variables, \(m.constraints.count) constraints, "
        out += "\(m.nonzeroCount) nonzeros\n"
        for (i, c) in m.constraints.enumerated() where names.constraints[i] == nil {
            out += "\\ constraint \(i) \(sanitize(c.name, fallback: "c")) has no sides and is not written\n"
        }
        out += m.objective.sense == .maximize ? "Maximize\n" : "Minimize\n"

        // A row or the objective needs at least one term to be syntactically valid; `0 x` adds nothing.
        let anyColumn = names.variables.first ?? names.constantColumn!
        var line = LineWrapper(into: out)
        line.start(" \(names.objective):")
        var objectiveTerms = 0
        for t in m.objective.terms where t.coefficient != 0 {
            line.term(t.coefficient, names.variables[t.variable]); objectiveTerms += 1
        }
        if let constant = names.constantColumn, m.objective.constant != 0 {
            line.term(m.objective.constant, constant); objectiveTerms += 1
        }
        if objectiveTerms == 0 { line.piece(" 0 \(anyColumn)") }
        line.end()

        line.raw("Subject To\n")
        func row(_ name: String, _ terms: [LinearModel.Term], _ relation: String, _ rhs: Double) {
            line.start(" \(name):")
            var written = 0
            for t in terms where t.coefficient != 0 { line.term(t.coefficient, names.variables[t.variable]); written += 1 }
            if written == 0 { line.piece(" 0 \(anyColumn)") }
            line.piece(" \(relation) \(number(rhs))")
            line.end()
        }
        if let placeholder = names.placeholderRow {
            line.raw("\\ the model has no constraints; glpsol needs one\n")
            row(placeholder, [], ">=", 0)
        }
        for (i, c) in m.constraints.enumerated() {
            guard let name = names.constraints[i] else { continue }
            switch (c.lower, c.upper) {
            case let (l?, u?) where l == u: row(name, c.terms, "=", l)
            case let (l?, u?):
                row(name, c.terms, ">=", l)
                row(names.constraintUpperHalves[i]!, c.terms, "<=", u)
            case let (l?, nil): row(name, c.terms, ">=", l)
            case let (nil, u?): row(name, c.terms, "<=", u)
            case (nil, nil): break
            }
        }

        line.raw("Bounds\n")
        if let constant = names.constantColumn { line.raw(" \(constant) = 1\n") }
        for (j, v) in m.variables.enumerated() {
            let name = names.variables[j]
            if v.kind == .binary && v.lower == 0 && v.upper == 1 {
                continue  // declared in Binaries, which sets [0, 1]
            }
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (true, true) where v.lower == v.upper: line.raw(" \(name) = \(number(v.lower))\n")
            case (true, true): line.raw(" \(number(v.lower)) <= \(name) <= \(number(v.upper))\n")
            case (true, false): line.raw(" \(name) >= \(number(v.lower))\n")
            // Explicit, because readers disagree on what `x <= -1` does to the default lower bound 0.
            case (false, true): line.raw(" -inf <= \(name) <= \(number(v.upper))\n")
            case (false, false): line.raw(" \(name) free\n")
            }
        }

        let generals = m.variables.indices.filter {
            let v = m.variables[$0]
            return v.kind == .integer || (v.kind == .binary && !(v.lower == 0 && v.upper == 1))
        }
        let binaries = m.variables.indices.filter {
            let v = m.variables[$0]
            return v.kind == .binary && v.lower == 0 && v.upper == 1
        }
        for (title, list) in [("Generals", generals), ("Binaries", binaries)] where !list.isEmpty {
            line.raw("\(title)\n")
            line.start("")
            for j in list { line.piece(" \(names.variables[j])") }
            line.end()
        }
        line.raw("End\n")
        return line.finish()
    }

    // MARK: - MPS

    private static func mpsText(_ m: LinearModel, names: ModelFileNames, options: Options) -> String {
        let negate = m.objective.sense == .maximize && options.mpsObjectiveSense == .negateWhenMaximizing
        var out = ""
        out.reserveCapacity(64 + 32 * (m.variables.count + m.nonzeroCount))
        out += "* Problem: \(sanitize(m.name, fallback: "model"))\n"
        out += "* Written by CommunityMatch: \(m.variables.count) variables, \(m.constraints.count) constraints, "
        out += "\(m.nonzeroCount) nonzeros\n"
        if negate {
            out += "* The model MAXIMISES \(names.objective); this file minimises its negation (glpsol 5.0 reads\n"
            out += "* no OBJSENSE), so the optimum of this file is minus the optimum of the model.\n"
        }
        for (i, c) in m.constraints.enumerated() where names.constraints[i] == nil {
            out += "* constraint \(i) \(sanitize(c.name, fallback: "c")) has no sides and is not written\n"
        }
        out += "NAME \(sanitize(m.name, fallback: "model"))\n"
        if m.objective.sense == .maximize && !negate { out += "OBJSENSE\n    MAX\n" }

        out += "ROWS\n N \(names.objective)\n"
        for (i, c) in m.constraints.enumerated() {
            guard let name = names.constraints[i] else { continue }
            let type: String
            switch (c.lower, c.upper) {
            case let (l?, u?) where l == u: type = "E"
            case (_?, _): type = "G"  // ranged rows too: the range is added upwards from the lower side
            case (nil, _?): type = "L"
            case (nil, nil): continue
            }
            out += " \(type) \(name)\n"
        }

        // Column-wise entries: gather each column's rows once, in row order.
        var entries = [[(row: Int, value: Double)]](repeating: [], count: m.variables.count)
        for (i, c) in m.constraints.enumerated() where names.constraints[i] != nil {
            for t in c.terms where t.coefficient != 0 { entries[t.variable].append((i, t.coefficient)) }
        }
        var objective = [Double](repeating: 0, count: m.variables.count)
        for t in m.objective.terms { objective[t.variable] = negate ? -t.coefficient : t.coefficient }

        out += "COLUMNS\n"
        var inIntegerBlock = false
        var marker = 0
        func setIntegerBlock(_ on: Bool) {
            guard on != inIntegerBlock else { return }
            marker += 1
            out += " MARKER\(marker) 'MARKER' '\(on ? "INTORG" : "INTEND")'\n"
            inIntegerBlock = on
        }
        if let constant = names.constantColumn {
            let c = negate ? -m.objective.constant : m.objective.constant
            out += " \(constant) \(names.objective) \(number(c))\n"
        }
        for (j, v) in m.variables.enumerated() {
            setIntegerBlock(v.kind != .continuous)
            let name = names.variables[j]
            if objective[j] != 0 { out += " \(name) \(names.objective) \(number(objective[j]))\n" }
            for e in entries[j] { out += " \(name) \(names.constraints[e.row]!) \(number(e.value))\n" }
            // A column must appear in COLUMNS to exist at all.
            if objective[j] == 0 && entries[j].isEmpty { out += " \(name) \(names.objective) 0\n" }
        }
        setIntegerBlock(false)

        out += "RHS\n"
        for (i, c) in m.constraints.enumerated() {
            guard let name = names.constraints[i] else { continue }
            let rhs = c.lower ?? c.upper!
            if rhs != 0 { out += " RHS \(name) \(number(rhs))\n" }
        }

        let ranged = m.constraints.indices.filter {
            guard names.constraints[$0] != nil, let l = m.constraints[$0].lower, let u = m.constraints[$0].upper
            else { return false }
            return l != u
        }
        if !ranged.isEmpty {
            out += "RANGES\n"
            for i in ranged {
                let c = m.constraints[i]
                out += " RNG \(names.constraints[i]!) \(number(c.upper! - c.lower!))\n"
            }
        }

        out += "BOUNDS\n"
        if let constant = names.constantColumn { out += " FX BND \(constant) 1\n" }
        for (j, v) in m.variables.enumerated() {
            let name = names.variables[j]
            if v.kind == .binary && v.lower == 0 && v.upper == 1 {
                out += " BV BND \(name)\n"
                continue
            }
            let integer = v.kind != .continuous
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (true, true) where v.lower == v.upper:
                out += " FX BND \(name) \(number(v.lower))\n"
            case (false, false):
                out += " FR BND \(name)\n"
            case let (lf, uf):
                if !lf { out += " MI BND \(name)\n" } else if v.lower != 0 || integer {
                    out += " LO BND \(name) \(number(v.lower))\n"
                }
                if uf { out += " UP BND \(name) \(number(v.upper))\n" } else if integer {
                    out += " PL BND \(name)\n"
                }
            }
        }
        out += "ENDATA\n"
        return out
    }

    // MARK: - Names and numbers

    /// Keywords of the CPLEX LP format (lowercased) that a name must not spell.
    private static let lpKeywords: Set<String> = [
        "max", "maximize", "maximise", "maximum", "min", "minimize", "minimise", "minimum",
        "st", "subject", "such", "that", "to", "bound", "bounds", "bou", "free", "inf", "infinity",
        "gen", "general", "generals", "int", "integer", "integers", "bin", "binary", "binaries",
        "semi", "semis", "semicontinuous", "sos", "sos1", "sos2", "end",
    ]

    /// A name from the domain rewritten to `[A-Za-z0-9_]`, safe at the start of an LP token, at most
    /// 255 characters (before the table makes it unique).
    static func sanitize(_ raw: String, fallback: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: out.unicodeScalars.append(scalar)
            case 0..<0x80: out += "_"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
        }
        while out.hasSuffix("_") && out.count > 1 { out.removeLast() }
        if out.isEmpty || out == "_" { out = fallback }
        if let first = out.unicodeScalars.first,
           (0x30...0x39).contains(first.value) || first == "e" || first == "E" || lpKeywords.contains(out.lowercased()) {
            out = "_" + out
        }
        if out.utf8.count > ModelValidator.maximumNameBytes { out = String(out.prefix(ModelValidator.maximumNameBytes)) }
        return out
    }

    /// Hands out sanitised names, each once, in the order asked.
    private struct NameTable {
        private var taken: Set<String> = []
        /// The next suffix to try per base name, so many equal names cost O(1) each.
        private var nextSuffix: [String: Int] = [:]

        mutating func claim(_ raw: String, fallback: String = "n") -> String {
            let base = ModelWriter.sanitize(raw, fallback: fallback)
            if taken.insert(base).inserted { return base }
            var k = nextSuffix[base, default: 2]
            while true {
                let suffix = "_\(k)"
                let name = String(base.prefix(ModelValidator.maximumNameBytes - suffix.utf8.count)) + suffix
                k += 1
                if taken.insert(name).inserted {
                    nextSuffix[base] = k
                    return name
                }
            }
        }
    }

    /// Shortest text that reads back as the same double; integral values without ".0".
    static func number(_ x: Double) -> String {
        if x == 0 { return "0" }  // also folds -0
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Keeps LP lines short (continuation lines start with a space), as readers limit line length
    /// (HiGHS to 560 characters).
    private struct LineWrapper {
        private var out: String
        private var width = 0
        private static let limit = 100

        init(into out: String) { self.out = out }

        mutating func raw(_ s: String) { out += s }
        mutating func start(_ s: String) { out += s; width = s.utf8.count }
        mutating func piece(_ s: String) {
            if width + s.utf8.count > Self.limit && width > 0 { out += "\n"; width = 0 }
            out += s; width += s.utf8.count
        }
        mutating func term(_ coefficient: Double, _ name: String) {
            piece(coefficient < 0 ? " - \(ModelWriter.number(-coefficient)) \(name)"
                                  : " + \(ModelWriter.number(coefficient)) \(name)")
        }
        mutating func end() { out += "\n"; width = 0 }
        func finish() -> String { out }
    }
}
