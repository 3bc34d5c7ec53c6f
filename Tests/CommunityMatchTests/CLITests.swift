import Foundation
import Testing

/// The built `cmatch` executable, run as a user runs it: exit codes, what lands on stdout and stderr, and what is
/// (and is not) written to disk.
@Suite struct CLITests {
    // MARK: - Finding and running the binary

    /// `cmatch` sits in the same products directory as the test bundle (`.build…/debug/`); SwiftPM builds every
    /// product with `swift build --build-tests`.
    static let cmatch: URL? = {
        var dirs: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            dirs.append(URL(fileURLWithPath: first).standardizedFileURL.deletingLastPathComponent())
        }
        dirs.append(Bundle.main.bundleURL)
        dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for dir in dirs {
            var d = dir
            for _ in 0..<4 {
                let candidate = d.appendingPathComponent("cmatch")
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }()

    static let glpsol: String? = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Run {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// Collects one pipe on a background thread, so a chatty stderr cannot block the child while stdout is read.
    private final class Drain: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            DispatchQueue.global().async { [self] in
                let d = handle.readDataToEndOfFile()
                lock.lock(); data = d; lock.unlock()
                done.signal()
            }
        }
        func text() -> String {
            done.wait()
            lock.lock(); defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Runs `cmatch args…`, or `executable args…` when given (e.g. /bin/sh to set limits first).
    static func run(_ args: [String], executable: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let exe: URL
        if let executable {
            exe = executable
        } else {
            exe = try #require(cmatch, "cmatch was not found next to the test bundle; run swift build --build-tests",
                               sourceLocation: sourceLocation)
        }
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = Drain(out.fileHandleForReading), e = Drain(err.fileHandleForReading)
        p.waitUntilExit()
        return Run(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                   stdout: o.text(), stderr: e.text())
    }

    static func describe(_ r: Run) -> String {
        "exit \(r.status)\(r.signalled ? " (signal)" : "")\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
    }

    static func contents(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    // MARK: - Fixtures

    /// Three communities, two pledging units, six members, five needs, a project, two resources: enough ties
    /// (members of equal travel, interchangeable slots) that a nondeterministic writer or model would show.
    static let good: [String: String?] = [
        "scenario.yaml": """
            name: cli-fixture
            week: 2026-W48

            """,
        "communities.csv": """
            id,name,street,lat,lon
            C1,Nanguan,Nanguan,39.9000,116.4000
            C2,Beiguan,Nanguan,39.9040,116.4000
            C3,Xiguan,Nanguan,39.9000,116.3950

            """,
        "units.csv": """
            id,name,kind,pledge_hours
            U1,City Hospital,hospital,6
            U2,Tax Bureau,government,2

            """,
        "members.csv": """
            id,name,unit,community,skills,slots,max_hours
            M1,李明,U1,C1,medical,weekend,4
            M2,王芳,U1,C2,medical|driving,Sat,4
            M3,张伟,U2,C1,,weekend-AM|Sun-PM,6
            M4,刘洋,U2,C3,legal,Sat-AM|Sat-PM,4
            M5,陈静,U1,C2,,any,2
            M6,Zhao Lei,U2,C1,"driving; first-aid",Sun,4

            """,
        "resources.csv": """
            id,unit,kind,name,community,capacity,slots,quantity,tags
            R1,U1,vehicle,Hospital van,C1,1,weekend,,
            R2,U2,venue,Meeting room,C2,30,Sat-AM|Sun-AM,,

            """,
        "needs.csv": """
            id,community,category,title,headcount,hours,slots,skills,priority,vulnerable,resources,preferred_member
            N1,C1,medical,陪老人看病,1,2,Sat-AM|Sun-AM,medical,1,是,vehicle,M1
            N2,C1,chores,买菜,1,2,weekend,,3,否,,
            N3,C2,legal,Legal advice,1,2,Sat-PM,legal,2,no,,
            N4,C3,chores,"Clean, then cook",2,2,Sat-AM|Sun-PM,,4,no,,
            N5,C2,repair,Fix a tap,1,2,Wed-PM,plumbing,3,no,,

            """,
        "projects.csv": """
            id,community,title,category,slots,hours,roles,resources,beneficiaries,priority
            P1,C2,Health clinic,medical,Sat-AM|Sun-AM,3,medical:1-2;any:1-3,venue>=20,40,2

            """,
    ]

    static let planFiles = ["assignments.csv", "plan.json", "resources.csv", "summary.json", "units.csv", "unmet.csv"]

    // MARK: - The binary

    @Test func cmatchIsBuiltNextToTheTests() {
        #expect(Self.cmatch != nil, "no cmatch executable near \(CommandLine.arguments.first ?? "?")")
    }

    // MARK: - validate

    @Test func validateOnAGoodScenarioExits0AndWritesNothing() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let before = Self.contents(folder.path)
        let r = try Self.run(["validate", folder.path])
        #expect(r.status == 0, "\(Self.describe(r))")
        #expect(Self.contents(folder.path) == before)
    }

    @Test func validateOnBadDataExits65WithOneFileLineColumnLinePerProblem() throws {
        let folder = try ScenarioFolder([
            "needs.csv": "id,community,hours,slots,priority\nN1,C9,2,Sat-AM,3\nN2,C1,abc,Sat-AM,3\nN3,C1,2,Funday,9\n",
        ])
        let r = try Self.run(["validate", folder.path])
        #expect(r.status == 65, "\(Self.describe(r))")
        let located = r.stderrLines.filter { $0.range(of: #"needs\.csv:\d+:\d+: "#, options: .regularExpression) != nil }
        #expect(located.count == 4, "\(Self.describe(r))")
        for place in ["needs.csv:2:2: ", "needs.csv:3:3: ", "needs.csv:4:4: ", "needs.csv:4:5: "] {
            #expect(r.stderr.contains(place), "missing \(place)\n\(Self.describe(r))")
        }
    }

    @Test func validateWarningsAreLocatedAndDoNotFailTheRun() throws {
        let folder = try ScenarioFolder(["needs.csv": "id,community,hours,slots,colour\nN1,C1,2,Sat-AM,red\n"])
        let r = try Self.run(["validate", folder.path, "--lang", "en"])
        #expect(r.status == 0 && r.stderr.contains("needs.csv:1:5: warning:"), "\(Self.describe(r))")
    }

    @Test func validateOnAMissingFolderExits66() throws {
        let r = try Self.run(["validate", "/nonexistent/cmatch-\(UUID().uuidString)"])
        #expect(r.status == 66, "\(Self.describe(r))")
    }

    @Test func validateWithARequiredFileMissingExits66() throws {
        let folder = try ScenarioFolder(["members.csv": nil])
        let r = try Self.run(["validate", folder.path])
        #expect(r.status == 66 && r.stderr.contains("members.csv"), "\(Self.describe(r))")
    }

    @Test func garbageBytesInAListExit65NotACrash() throws {
        let folder = try ScenarioFolder()
        try folder.write("members.csv", data: Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }))
        let r = try Self.run(["validate", folder.path])
        #expect(r.status == 65 && !r.signalled, "\(Self.describe(r))")
    }

    /// Pins that each look fine but cannot hold together (M1 pinned to two needs whose only slot is Sat-AM):
    /// an input error naming the pins, not a plan and not a crash.
    @Test func solveWithPinsThatCannotHoldTogetherExits65NamingThePinsAndWritesNothing() throws {
        let folder = try ScenarioFolder([
            "needs.csv": "id,community,hours,slots\nN1,C1,2,Sat-AM\nN2,C1,2,Sat-AM\n",
            "pins.csv": "task,member,slot\nN1,M1,\nN2,M1,\n",
        ])
        let out = folder.scratch("plan")
        let r = try Self.run(["solve", folder.path, "-o", out])
        #expect(r.status == 65 && r.stderr.contains("pins.csv:"), "\(Self.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Messages that cannot be printed (stderr on a full disk) must not turn an exit code into a crash.
    @Test func unwritableStderrDoesNotCrashTheRun() throws {
        let cmatch = try #require(Self.cmatch)
        let p = Process()
        p.executableURL = cmatch
        p.arguments = ["validate", "/nonexistent/cmatch-\(UUID().uuidString)"]
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 66,
                "ended by \(p.terminationReason == .exit ? "exit" : "signal") \(p.terminationStatus)")
    }

    // MARK: - solve: exit codes and outputs

    @Test func solveOnBadDataExits65AndWritesNothing() throws {
        let folder = try ScenarioFolder(["needs.csv": "id,community,hours,slots\nN1,C9,2,Sat-AM\n"])
        let out = folder.scratch("plan")
        let r = try Self.run(["solve", folder.path, "-o", out])
        #expect(r.status == 65 && r.stderr.contains("needs.csv:2:2: "), "\(Self.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!Self.contents(folder.path).contains { $0.contains(".tmp-") })
    }

    @Test func solveOnAMissingFolderExits66() throws {
        let scratch = try ScenarioFolder()
        let r = try Self.run(["solve", "/nonexistent/cmatch-\(UUID().uuidString)", "-o", scratch.scratch("plan")])
        #expect(r.status == 66, "\(Self.describe(r))")
    }

    @Test(arguments: [
        ["solve", "SCENARIO", "-o", "OUT", "--gap", "2"],
        ["solve", "SCENARIO", "-o", "OUT", "--gap", "-0.1"],
        ["solve", "SCENARIO", "-o", "OUT", "--time-limit", "0"],
        ["solve", "SCENARIO", "-o", "OUT", "--time-limit", "abc"],
        ["solve", "SCENARIO", "-o", "OUT", "--write-model", "model.txt"],
        ["solve", "SCENARIO", "-o", "OUT", "--frobnicate"],
        ["solve", "SCENARIO"],
        ["validate"],
        ["validate", "SCENARIO", "--frobnicate"],
        ["frobnicate", "SCENARIO"],
    ])
    func badCommandLinesExit64AndWriteNothing(args: [String]) throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let r = try Self.run(args.map { $0 == "SCENARIO" ? folder.path : $0 == "OUT" ? out : $0 })
        #expect(r.status == 64, "\(args): \(Self.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func solveWritesExactlyTheSixPlanFilesAndNoTemporaryFolder() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let out = folder.scratch("plan")
        let r = try Self.run(["solve", folder.path, "-o", out])
        #expect(r.status == 0, "\(Self.describe(r))")
        #expect(Self.contents(out) == Self.planFiles)
        #expect(!Self.contents(folder.path).contains { $0.contains(".tmp-") || $0.contains(".old-") },
                "\(Self.contents(folder.path))")
    }

    @Test func solveWritesTheSpecColumnsInEveryCSV() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let out = folder.scratch("plan")
        let r = try Self.run(["solve", folder.path, "-o", out, "--quiet"])
        try #require(r.status == 0, "\(Self.describe(r))")
        func header(_ f: String) throws -> String {
            String(try String(contentsOfFile: "\(out)/\(f)", encoding: .utf8).split(separator: "\n").first ?? "")
        }
        #expect(try header("assignments.csv") == "task_kind,task_id,role,member_id,member_name,unit_id,community,slot,hours,travel_minutes")
        #expect(try header("resources.csv").hasPrefix("task_kind,task_id,resource_id,unit_id,slot,amount"))
        #expect(try header("unmet.csv") == "task_kind,task_id,community,priority,value,reason_code,reason")
        #expect(try header("units.csv").hasPrefix("unit_id,pledge_hours,served_hours,shortfall,members_serving"))
        // N5 wants plumbing, which nobody has.
        #expect(try String(contentsOfFile: "\(out)/unmet.csv", encoding: .utf8).contains("need,N5,C2,3,100,no_skill,"))
    }

    @Test func solveReplacesAnExistingPlanFolderWhole() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let out = folder.scratch("plan")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: "\(out)/stale.txt"))
        let r = try Self.run(["solve", folder.path, "-o", out, "--quiet"])
        #expect(r.status == 0, "\(Self.describe(r))")
        #expect(Self.contents(out) == Self.planFiles)
    }

    @Test func quietSolvePrintsNothing() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        try folder.write("needs.csv", (try #require(Self.good["needs.csv"] ?? nil))
            .replacingOccurrences(of: "preferred_member\n", with: "preferred_member,colour\n"))
        let r = try Self.run(["solve", folder.path, "-o", folder.scratch("plan"), "--quiet"])
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(Self.describe(r))")
    }

    @Test func solveIntoAPathUnderADeviceExits73() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let r = try Self.run(["solve", folder.path, "-o", "/dev/full/plan"])
        #expect(r.status == 73, "\(Self.describe(r))")
    }

    @Test func solveIntoAPathUnderARegularFileExits73AndLeavesNothingBehind() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let blocker = folder.scratch("blocker")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let before = Self.contents(folder.path)
        let r = try Self.run(["solve", folder.path, "-o", "\(blocker)/plan"])
        #expect(r.status == 73, "\(Self.describe(r))")
        #expect(Self.contents(folder.path) == before)
    }

    /// The temporary folder is created, then writing its first file fails (a file-size limit of 0 applies even
    /// to root, unlike permissions): the run must exit 73 and remove the temporary folder.
    @Test func solveThatFailsMidWriteExits73AndRemovesItsTemporaryFolder() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let cmatch = try #require(Self.cmatch)
        let out = folder.scratch("plan")
        let before = Self.contents(folder.path)
        let r = try Self.run(["-c", "trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"", cmatch.path, "solve", folder.path, "-o", out],
                             executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.status == 73, "\(Self.describe(r))")
        #expect(Self.contents(folder.path) == before, "left behind: \(Set(Self.contents(folder.path)).subtracting(before))")
    }

    @Test func solveIntoAnExistingRegularFileExits73AndKeepsIt() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let out = folder.scratch("plan")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
        let r = try Self.run(["solve", folder.path, "-o", out])
        #expect(r.status == 73, "\(Self.describe(r))")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me")
    }

    // MARK: - Determinism

    @Test func solvingTwiceGivesByteIdenticalFilesExceptTimingsInSummary() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let a = folder.scratch("a"), b = folder.scratch("b")
        let ra = try Self.run(["solve", folder.path, "-o", a, "--quiet"])
        let rb = try Self.run(["solve", folder.path, "-o", b, "--quiet"])
        try #require(ra.status == 0 && rb.status == 0, "\(Self.describe(ra))\n\(Self.describe(rb))")
        for f in ["assignments.csv", "unmet.csv", "units.csv", "resources.csv", "plan.json"] {
            let da = try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(f)"))
            let db = try Data(contentsOf: URL(fileURLWithPath: "\(b)/\(f)"))
            #expect(da == db, "\(f) differs between two runs")
        }
        func summaryWithoutTimings(_ dir: String) throws -> NSDictionary {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/summary.json"))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return NSDictionary(dictionary: object.filter { !$0.key.lowercased().contains("timing") })
        }
        #expect(try summaryWithoutTimings(a) == summaryWithoutTimings(b))
    }

    /// Many interchangeable members and needs: any tie broken by hash order (which changes per process) shows.
    @Test func solvingATieHeavyScenarioTwiceGivesByteIdenticalPlans() throws {
        let members = (1...12).map { "M\($0),Member \($0),U\($0 % 2 + 1),C\($0 % 2 + 1),,weekend|Wed-EVE,4" }
        let needs = (1...10).map { "N\($0),C\($0 % 2 + 1),2,weekend,\($0 % 3 + 2)" }
        let folder = try ScenarioFolder([
            "communities.csv": "id,name,lat,lon\nC1,a,39.9000,116.4000\nC2,b,39.9020,116.4000\n",
            "units.csv": "id,name,pledge_hours\nU1,Hospital,6\nU2,Bureau,6\n",
            "members.csv": "id,name,unit,community,skills,slots,max_hours\n" + members.joined(separator: "\n") + "\n",
            "needs.csv": "id,community,hours,slots,priority\n" + needs.joined(separator: "\n") + "\n",
            "projects.csv": "id,community,slots,hours,roles,beneficiaries\nP1,C1,weekend,3,any:2-3,12\n",
        ])
        let a = folder.scratch("a"), b = folder.scratch("b")
        let ra = try Self.run(["solve", folder.path, "-o", a, "--quiet"])
        let rb = try Self.run(["solve", folder.path, "-o", b, "--quiet"])
        try #require(ra.status == 0 && rb.status == 0, "\(Self.describe(ra))\n\(Self.describe(rb))")
        for f in ["assignments.csv", "unmet.csv", "units.csv", "resources.csv", "plan.json"] {
            let da = try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(f)"))
            let db = try Data(contentsOf: URL(fileURLWithPath: "\(b)/\(f)"))
            #expect(da == db, "\(f) differs between two runs")
        }
    }

    @Test func summaryReportsEveryLevelWithValueBoundAndGap() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let out = folder.scratch("plan")
        let r = try Self.run(["solve", folder.path, "-o", out, "--quiet"])
        try #require(r.status == 0, "\(Self.describe(r))")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let levels = try #require(summary["levels"] as? [[String: Any]])
        #expect(levels.compactMap { $0["level"] as? String } == ["coverage", "pledges", "travel"])
        #expect(levels.allSatisfy { $0["value"] is NSNumber && $0["bound"] is NSNumber && $0["gap"] is NSNumber })
        #expect(summary["scenario"] as? String == "cli-fixture" && summary["week"] as? String == "2026-W48")
    }

    // MARK: - --write-model

    @Test(.enabled(if: CLITests.glpsol != nil, "glpsol is not installed"), arguments: [("model.lp", "--lp"), ("model.mps", "--freemps")])
    func writtenModelIsReadByGlpsol(file: String, flag: String) throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let model = folder.scratch(file)
        let r = try Self.run(["solve", folder.path, "-o", folder.scratch("plan"), "--write-model", model, "--quiet"])
        try #require(r.status == 0, "\(Self.describe(r))")
        let g = try Self.run([flag, model, "-o", folder.scratch("glpsol.txt")], executable: URL(fileURLWithPath: Self.glpsol!))
        #expect(g.status == 0, "\(Self.describe(g))")
        #expect(!g.stdout.contains("error"), "\(Self.describe(g))")
    }

    @Test func writeModelIntoAnUnwritablePathExits73() throws {
        let folder = try ScenarioFolder(Self.good, defaults: false)
        let r = try Self.run(["solve", folder.path, "-o", folder.scratch("plan"), "--write-model", "/dev/full/m.lp"])
        #expect(r.status == 73, "\(Self.describe(r))")
    }

    // MARK: - --help

    @Test func rootHelpListsEveryExitCode() throws {
        let r = try Self.run(["--help"])
        #expect(r.status == 0)
        for code in ["0", "64", "65", "66", "70", "73", "75"] {
            #expect(r.stdout.range(of: "\\b\(code)\\b", options: .regularExpression) != nil, "exit code \(code) missing:\n\(r.stdout)")
        }
        #expect(r.stdout.contains("validate") && r.stdout.contains("solve"))
    }

    @Test func validateHelpMentionsItsExitCodes() throws {
        let r = try Self.run(["validate", "--help"])
        #expect(r.status == 0)
        for code in ["65", "66"] { #expect(r.stdout.contains(code), "exit code \(code) missing:\n\(r.stdout)") }
    }

    @Test func solveHelpMentionsEveryOptionAndItsExitCodes() throws {
        let r = try Self.run(["solve", "--help"])
        #expect(r.status == 0)
        for option in ["-o", "--time-limit", "--gap", "--write-model", "--quiet"] {
            #expect(r.stdout.contains(option), "option \(option) missing:\n\(r.stdout)")
        }
        for code in ["65", "66", "73", "75"] {
            #expect(r.stdout.range(of: "\\b\(code)\\b", options: .regularExpression) != nil, "exit code \(code) missing:\n\(r.stdout)")
        }
    }
}
