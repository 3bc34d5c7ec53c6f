import Foundation
import GLPKSolver
import MatchModel
import Testing
import TestSupport

/// The LP and MPS writers: names any reader takes, the same bytes every time, and files that glpsol and
/// HiGHS solve to the optimum our own GLPK backend finds.
@Suite("ModelWriter")
struct ModelWriterTests {
    // MARK: Fixtures

    /// A small MIP that uses every feature the writers have to express: domain names in Chinese and with
    /// punctuation, an objective constant, ranged, equality, one-sided and free rows, a free variable, a
    /// negative upper bound, integer and binary variables, a fixed binary, and a variable in no row.
    static func oddModel(sense: LinearModel.Sense) -> LinearModel {
        var m = LinearModel(name: "周六 社区 match: week-12")
        let a = m.addVariable("assign[张三,送餐:司机,Sat AM]", .binary)
        let b = m.addVariable("assign[李四,送餐:司机,Sat AM]", .binary)
        let c = m.addVariable("assign[张三,送餐:司机,Sat-AM]", .binary)  // sanitises like `a`
        let k = m.addVariable("9 crates", .integer, lower: 0, upper: 7)
        let f = m.addVariable("free-flow", .continuous, lower: -.infinity, upper: .infinity)
        let n = m.addVariable("end", .continuous, lower: -.infinity, upper: -1)
        let pinned = m.addVariable("pinned binary", .binary, lower: 1, upper: 1)
        m.addVariable("unused", .continuous, lower: 0, upper: 4)
        let e = m.addVariable("e1", .continuous, lower: -2, upper: 3)
        m.addConstraint("one driver", [.init(a, 1), .init(b, 1), .init(c, 1)], upper: 1)
        m.addConstraint("crates: range", [.init(k, 1), .init(a, 2)], lower: 2, upper: 5)
        m.addConstraint("flow = crates", [.init(f, 1), .init(k, -1.5)], lower: 0, upper: 0)
        m.addConstraint("flow ≤ 5", [.init(f, 1), .init(n, 1), .init(e, 0.25)], upper: 5)
        m.addConstraint("n floor", [.init(n, 1)], lower: -6)
        m.addConstraint("unconstrained", [.init(k, 1)])
        m.addConstraint("pin", [.init(pinned, 1), .init(b, 1)], lower: 1)
        m.objective = .init(name: "coverage 覆盖", sense: sense,
                            terms: [.init(a, 4), .init(b, 3.5), .init(c, 1), .init(k, 0.5), .init(f, -0.1),
                                    .init(n, 1), .init(e, 0.75), .init(pinned, 2)],
                            constant: 10)
        return m
    }

    static let glpsol: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/glpsol" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs glpsol on `file` and returns the objective value and status it reports.
    static func glpsolOptimum(_ file: URL, format: ModelFileFormat) throws -> (value: Double, status: String) {
        let out = file.deletingPathExtension().appendingPathExtension("out")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: glpsol!)
        p.arguments = [format == .lp ? "--lp" : "--freemps", file.path, "-o", out.path]
        let log = Pipe()
        p.standardOutput = log
        p.standardError = log
        try p.run()
        let said = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "glpsol failed:\n\(said)")
        let report = try String(contentsOf: out, encoding: .utf8)
        func field(_ label: String) -> String? {
            report.split(separator: "\n").first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)) }
        }
        let status = field("Status:")?.trimmingCharacters(in: .whitespaces) ?? "?"
        // "Objective:  coverage_u8986u76D6 = 28.5 (MAXimum)"
        let objective = field("Objective:") ?? ""
        let value = objective.split(separator: "=").dropFirst().first?
            .split(separator: "(").first.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return (value ?? .nan, status)
    }

    /// Runs a program found on PATH; nil when it cannot be started.
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        guard (try? p.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, output)
    }

    /// HiGHS through its Python wrapper (`pip install highspy`), when present: the second reader the
    /// files are written for.
    static let highspy: Bool = run("python3", ["-c", "import highspy"])?.status == 0

    static let highsScript = """
        import sys, highspy
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        if h.readModel(sys.argv[1]) != highspy.HighsStatus.kOk:
            sys.exit("HiGHS could not read " + sys.argv[1])
        h.run()
        print("status=" + h.modelStatusToString(h.getModelStatus()))
        print("value=" + repr(h.getInfo().objective_function_value))
        """

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("modelwriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: Formats and names

    @Test func formatComesFromTheExtension() {
        #expect(ModelFileFormat(path: "week.lp") == .lp)
        #expect(ModelFileFormat(path: "/tmp/out/Week.MPS") == .mps)
        #expect(ModelFileFormat(path: "week.txt") == nil)
        #expect(ModelFileFormat(path: "lp") == nil)
        #expect(ModelFileFormat(path: ".lp") == nil)
        #expect(ModelFileFormat(path: "model.lp/week") == nil)
    }

    @Test func namesAreConservativeUniqueAndTraceable() {
        let names = ModelWriter.fileNames(for: Self.oddModel(sense: .maximize), format: .lp)
        let all = names.variables + names.constraints.compactMap { $0 } + names.constraintUpperHalves.compactMap { $0 }
            + [names.objective] + [names.constantColumn].compactMap { $0 }
        for name in all {
            #expect(name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }, "\(name)")
            #expect(!name.isEmpty && name.utf8.count <= 255)
            #expect(!("0"..."9").contains(name.first!))
        }
        #expect(Set(names.variables).count == names.variables.count)
        #expect(names.variables[0] == "assign_u5F20u4E09_u9001u9910_u53F8u673A_Sat_AM")
        #expect(names.variables[2] == names.variables[0] + "_2")
        #expect(names.variables[3] == "_9_crates")
        #expect(names.variables[5] == "_end")  // an LP keyword
        #expect(names.variables[8] == "_e1")  // could read as an exponent
        #expect(names.constraints[1] == "crates__range")
        #expect(names.constraintUpperHalves[1] == "crates__range_hi")
        #expect(names.constraints[5] == nil)  // free row: not written
        #expect(names.constantColumn == ModelWriter.constantColumnName)
    }

    @Test func rowsAndColumnsNamedAlikeGetDistinctNames() {
        var m = LinearModel(name: "same")
        let x = m.addVariable("hours[M1]", .continuous)
        m.addConstraint("hours[M1]", [.init(x, 1)], upper: 8)
        m.objective = .init(name: "hours[M1]", sense: .minimize, terms: [.init(x, 1)])
        let names = ModelWriter.fileNames(for: m, format: .lp)
        #expect(names.variables == ["hours_M1"])
        #expect(names.objective == "hours_M1_2")
        #expect(names.constraints == ["hours_M1_3"])
    }

    @Test func longNamesAreCutTo255AndStayUnique() {
        var m = LinearModel(name: "long")
        for _ in 0..<3 { m.addVariable(String(repeating: "x", count: 300), .binary) }
        m.addVariable(String(repeating: "张", count: 200), .binary)
        let names = ModelWriter.fileNames(for: m, format: .mps).variables
        #expect(names.allSatisfy { $0.utf8.count <= 255 })
        #expect(Set(names).count == 4)
        #expect(names[1].hasSuffix("_2") && names[2].hasSuffix("_3"))
    }

    // MARK: Text

    @Test(arguments: ModelFileFormat.allCases)
    func sameModelGivesSameBytes(_ format: ModelFileFormat) throws {
        let first = try ModelWriter.data(Self.oddModel(sense: .maximize), format: format)
        let second = try ModelWriter.data(Self.oddModel(sense: .maximize), format: format)
        #expect(first == second)
        #expect(first.allSatisfy { $0 < 0x80 })  // pure ASCII
    }

    @Test func lpTextHasTheExpectedSections() throws {
        let text = try ModelWriter.text(Self.oddModel(sense: .minimize), format: .lp)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("Minimize"))
        #expect(lines.contains("Subject To"))
        #expect(lines.contains(" crates__range: + 1 _9_crates + 2 assign_u5F20u4E09_u9001u9910_u53F8u673A_Sat_AM >= 2"))
        #expect(lines.contains(" constant_term = 1"))
        #expect(lines.contains(" free_flow free"))
        #expect(lines.contains(" -inf <= _end <= -1"))
        #expect(lines.contains(" pinned_binary = 1"))  // fixed binary keeps its bound
        #expect(lines.contains("Generals"))
        #expect(lines.contains("Binaries"))
        #expect(lines.last == "End")
        #expect(lines.allSatisfy { $0.utf8.count <= 255 })
    }

    @Test func mpsNegatesAMaximisationByDefaultAndCanWriteObjsense() throws {
        let negated = try ModelWriter.text(Self.oddModel(sense: .maximize), format: .mps)
        #expect(!negated.contains("\nOBJSENSE"))
        #expect(negated.contains(" constant_term coverage_u8986u76D6 -10\n"))
        #expect(negated.contains("minus the optimum of the model"))

        let kept = try ModelWriter.text(Self.oddModel(sense: .maximize), format: .mps,
                                        options: .init(mpsObjectiveSense: .objsenseSection))
        #expect(kept.contains("OBJSENSE\n    MAX\n"))
        #expect(kept.contains(" constant_term coverage_u8986u76D6 10\n"))
        #expect(kept.contains("RANGES\n RNG crates__range 3\n"))
    }

    @Test func invalidModelIsNotWritten() {
        var m = Self.oddModel(sense: .maximize)
        m.constraints[0].terms.append(.init(0, 1))
        #expect(throws: ModelWriterError.self) { try ModelWriter.text(m, format: .lp) }
    }

    @Test func writeChoosesTheFormatFromTheExtension() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = Self.oddModel(sense: .maximize)
        try ModelWriter.write(m, toFile: dir.appendingPathComponent("week.MPS").path)
        let written = try Data(contentsOf: dir.appendingPathComponent("week.MPS"))
        #expect(written == (try ModelWriter.data(m, format: .mps)))
        #expect(throws: ModelWriterError.unknownExtension(path: dir.appendingPathComponent("week.txt").path)) {
            try ModelWriter.write(m, toFile: dir.appendingPathComponent("week.txt").path)
        }
    }

    // MARK: Round trip through glpsol

    @Test(.enabled(if: ModelWriterTests.glpsol != nil, "glpsol is not on PATH"),
          arguments: [LinearModel.Sense.maximize, .minimize], ModelFileFormat.allCases)
    func glpsolFindsTheSameOptimumAsGLPKSolver(_ sense: LinearModel.Sense, _ format: ModelFileFormat) throws {
        let m = Self.oddModel(sense: sense)
        let ours = try GLPKSolver().solve(m, options: SolveOptions())
        #expect(ours.termination == .optimal)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("model.\(format.fileExtension)")
        try ModelWriter.write(m, toFile: file.path)
        let theirs = try Self.glpsolOptimum(file, format: format)
        #expect(theirs.status == "INTEGER OPTIMAL")
        // A maximisation in MPS is written negated.
        let expected = format == .mps && sense == .maximize ? -ours.objectiveValue! : ours.objectiveValue!
        #expect(abs(theirs.value - expected) <= 1e-6 * max(1, abs(expected)), "glpsol: \(theirs), ours: \(ours)")
    }

    /// Skipped without highspy unless CI is set: .ci/run installs it, and there a missing HiGHS fails.
    @Test(.enabled(if: ModelWriterTests.highspy || Programs.ci, "python3 with highspy is not installed"),
          arguments: [LinearModel.Sense.maximize, .minimize], ModelFileFormat.allCases)
    func highsFindsTheSameOptimumAsGLPKSolver(_ sense: LinearModel.Sense, _ format: ModelFileFormat) throws {
        try #require(Self.highspy, "CI is set but python3 cannot import highspy: .ci/run installs it from PyPI")
        let m = Self.oddModel(sense: sense)
        let ours = try GLPKSolver().solve(m, options: SolveOptions())
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for mpsSense in [ModelWriter.MPSObjectiveSense.negateWhenMaximizing, .objsenseSection] {
            let file = dir.appendingPathComponent("model.\(format.fileExtension)")
            try ModelWriter.write(m, toFile: file.path, options: .init(mpsObjectiveSense: mpsSense))
            let said = try #require(Self.run("python3", ["-c", Self.highsScript, file.path]))
            // highspy 1.16 prints its banner on stdout when the solver is created, before any option can
            // silence it: the script's answers are the lines it marks.
            let lines = said.output.split(separator: "\n")
            func answer(_ key: String) -> String? {
                lines.last { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            }
            #expect(said.status == 0 && answer("status") == "Optimal", "HiGHS: \(said.output)")
            let negated = format == .mps && sense == .maximize && mpsSense == .negateWhenMaximizing
            let expected = negated ? -ours.objectiveValue! : ours.objectiveValue!
            let value = answer("value").flatMap { Double($0) } ?? .nan
            #expect(abs(value - expected) <= 1e-6 * max(1, abs(expected)), "HiGHS \(value), ours \(expected)")
        }
    }

    @Test(.enabled(if: ModelWriterTests.glpsol != nil, "glpsol is not on PATH"), arguments: ModelFileFormat.allCases)
    func glpsolReadsModelsWithoutConstraintsOrVariables(_ format: ModelFileFormat) throws {
        var noRows = LinearModel(name: "no rows")
        let x = noRows.addVariable("x", .integer, lower: -2, upper: 9)
        noRows.objective = .init(name: "o", sense: .minimize, terms: [.init(x, 3)], constant: 1)
        var nothing = LinearModel(name: "nothing")
        nothing.objective = .init(name: "o", sense: .minimize, terms: [], constant: 4)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, m) in [noRows, nothing].enumerated() {
            let ours = try GLPKSolver().solve(m, options: SolveOptions())
            let file = dir.appendingPathComponent("m\(i).\(format.fileExtension)")
            try ModelWriter.write(m, toFile: file.path)
            let theirs = try Self.glpsolOptimum(file, format: format)
            #expect(theirs.value == ours.objectiveValue, "\(m.name): glpsol \(theirs), ours \(ours)")
        }
    }
}
