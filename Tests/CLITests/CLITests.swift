import Foundation
import Testing
import TestSupport

/// The built `cmatch` executable, run as a user runs it: exit codes, what lands on stdout and stderr, and what is
/// (and is not) written to disk.
@Suite struct CommandLineTests {
    // MARK: - The binary

    @Test func cmatchIsBuiltNextToTheTests() {
        #expect(CLI.cmatch != nil, "no cmatch executable near \(CommandLine.arguments.first ?? "?")")
    }

    // MARK: - validate

    @Test func validateOnAGoodScenarioExits0AndWritesNothing() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let before = CLI.contents(folder.path)
        let r = try CLI.run(["validate", folder.path])
        #expect(r.status == 0, "\(CLI.describe(r))")
        #expect(CLI.contents(folder.path) == before)
    }

    @Test func validateOnBadDataExits65WithOneFileLineColumnLinePerProblem() throws {
        let folder = try ScenarioFolder([
            "needs.csv": "id,community,hours,slots,priority\nN1,C9,2,Sat-AM,3\nN2,C1,abc,Sat-AM,3\nN3,C1,2,Funday,9\n",
        ])
        let r = try CLI.run(["validate", folder.path])
        #expect(r.status == 65, "\(CLI.describe(r))")
        let located = r.stderrLines.filter { $0.range(of: #"needs\.csv:\d+:\d+: "#, options: .regularExpression) != nil }
        #expect(located.count == 4, "\(CLI.describe(r))")
        for place in ["needs.csv:2:2: ", "needs.csv:3:3: ", "needs.csv:4:4: ", "needs.csv:4:5: "] {
            #expect(r.stderr.contains(place), "missing \(place)\n\(CLI.describe(r))")
        }
    }

    @Test func validateWarningsAreLocatedAndDoNotFailTheRun() throws {
        let folder = try ScenarioFolder(["needs.csv": "id,community,hours,slots,colour\nN1,C1,2,Sat-AM,red\n"])
        let r = try CLI.run(["validate", folder.path, "--lang", "en"])
        #expect(r.status == 0 && r.stderr.contains("needs.csv:1:5: warning:"), "\(CLI.describe(r))")
    }

    @Test func validateOnAMissingFolderExits66() throws {
        let r = try CLI.run(["validate", "/nonexistent/cmatch-\(UUID().uuidString)"])
        #expect(r.status == 66, "\(CLI.describe(r))")
    }

    @Test func validateWithARequiredFileMissingExits66() throws {
        let folder = try ScenarioFolder(["members.csv": nil])
        let r = try CLI.run(["validate", folder.path])
        #expect(r.status == 66 && r.stderr.contains("members.csv"), "\(CLI.describe(r))")
    }

    @Test func garbageBytesInAListExit65NotACrash() throws {
        let folder = try ScenarioFolder()
        try folder.write("members.csv", data: Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }))
        let r = try CLI.run(["validate", folder.path])
        #expect(r.status == 65 && !r.signalled, "\(CLI.describe(r))")
    }

    /// Pins that each look fine but cannot hold together (M1 pinned to two needs whose only slot is Sat-AM):
    /// an input error naming the pins, not a plan and not a crash.
    @Test func solveWithPinsThatCannotHoldTogetherExits65NamingThePinsAndWritesNothing() throws {
        let folder = try ScenarioFolder([
            "needs.csv": "id,community,hours,slots\nN1,C1,2,Sat-AM\nN2,C1,2,Sat-AM\n",
            "pins.csv": "task,member,slot\nN1,M1,\nN2,M1,\n",
        ])
        let out = folder.scratch("plan")
        let r = try CLI.run(["solve", folder.path, "-o", out])
        #expect(r.status == 65 && r.stderr.contains("pins.csv:"), "\(CLI.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Messages that cannot be printed (stderr on a full disk) must not turn an exit code into a crash.
    @Test func unwritableStderrDoesNotCrashTheRun() throws {
        let cmatch = try #require(CLI.cmatch)
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
        let r = try CLI.run(["solve", folder.path, "-o", out])
        #expect(r.status == 65 && r.stderr.contains("needs.csv:2:2: "), "\(CLI.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!CLI.contents(folder.path).contains { $0.contains(".tmp-") })
    }

    @Test func solveOnAMissingFolderExits66() throws {
        let scratch = try ScenarioFolder()
        let r = try CLI.run(["solve", "/nonexistent/cmatch-\(UUID().uuidString)", "-o", scratch.scratch("plan")])
        #expect(r.status == 66, "\(CLI.describe(r))")
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
        let r = try CLI.run(args.map { $0 == "SCENARIO" ? folder.path : $0 == "OUT" ? out : $0 })
        #expect(r.status == 64, "\(args): \(CLI.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func solveWritesExactlyTheSixPlanFilesAndNoTemporaryFolder() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let out = folder.scratch("plan")
        let r = try CLI.run(["solve", folder.path, "-o", out])
        #expect(r.status == 0, "\(CLI.describe(r))")
        #expect(CLI.contents(out) == CLI.planFiles)
        #expect(!CLI.contents(folder.path).contains { $0.contains(".tmp-") || $0.contains(".old-") },
                "\(CLI.contents(folder.path))")
    }

    @Test func solveWritesTheSpecColumnsInEveryCSV() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let out = folder.scratch("plan")
        let r = try CLI.run(["solve", folder.path, "-o", out, "--quiet"])
        try #require(r.status == 0, "\(CLI.describe(r))")
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
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let out = folder.scratch("plan")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: "\(out)/stale.txt"))
        let r = try CLI.run(["solve", folder.path, "-o", out, "--quiet"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        #expect(CLI.contents(out) == CLI.planFiles)
    }

    @Test func quietSolvePrintsNothing() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        try folder.write("needs.csv", (try #require(CLI.good["needs.csv"] ?? nil))
            .replacingOccurrences(of: "preferred_member\n", with: "preferred_member,colour\n"))
        let r = try CLI.run(["solve", folder.path, "-o", folder.scratch("plan"), "--quiet"])
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(CLI.describe(r))")
    }

    @Test func solveIntoAPathUnderADeviceExits73() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let r = try CLI.run(["solve", folder.path, "-o", "/dev/full/plan"])
        #expect(r.status == 73, "\(CLI.describe(r))")
    }

    @Test func solveIntoAPathUnderARegularFileExits73AndLeavesNothingBehind() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let blocker = folder.scratch("blocker")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let before = CLI.contents(folder.path)
        let r = try CLI.run(["solve", folder.path, "-o", "\(blocker)/plan"])
        #expect(r.status == 73, "\(CLI.describe(r))")
        #expect(CLI.contents(folder.path) == before)
    }

    /// The temporary folder is created, then writing its first file fails (a file-size limit of 0 applies even
    /// to root, unlike permissions): the run must exit 73 and remove the temporary folder.
    @Test func solveThatFailsMidWriteExits73AndRemovesItsTemporaryFolder() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let cmatch = try #require(CLI.cmatch)
        let out = folder.scratch("plan")
        let before = CLI.contents(folder.path)
        let r = try CLI.run(["-c", "trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"", cmatch.path, "solve", folder.path, "-o", out],
                             executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.status == 73, "\(CLI.describe(r))")
        #expect(CLI.contents(folder.path) == before, "left behind: \(Set(CLI.contents(folder.path)).subtracting(before))")
    }

    @Test func solveIntoAnExistingRegularFileExits73AndKeepsIt() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let out = folder.scratch("plan")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
        let r = try CLI.run(["solve", folder.path, "-o", out])
        #expect(r.status == 73, "\(CLI.describe(r))")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me")
    }

    // MARK: - Determinism

    @Test func solvingTwiceGivesByteIdenticalFilesExceptTimingsInSummary() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let a = folder.scratch("a"), b = folder.scratch("b")
        let ra = try CLI.run(["solve", folder.path, "-o", a, "--quiet"])
        let rb = try CLI.run(["solve", folder.path, "-o", b, "--quiet"])
        try #require(ra.status == 0 && rb.status == 0, "\(CLI.describe(ra))\n\(CLI.describe(rb))")
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
        let ra = try CLI.run(["solve", folder.path, "-o", a, "--quiet"])
        let rb = try CLI.run(["solve", folder.path, "-o", b, "--quiet"])
        try #require(ra.status == 0 && rb.status == 0, "\(CLI.describe(ra))\n\(CLI.describe(rb))")
        for f in ["assignments.csv", "unmet.csv", "units.csv", "resources.csv", "plan.json"] {
            let da = try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(f)"))
            let db = try Data(contentsOf: URL(fileURLWithPath: "\(b)/\(f)"))
            #expect(da == db, "\(f) differs between two runs")
        }
    }

    @Test func summaryReportsEveryLevelWithValueBoundAndGap() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let out = folder.scratch("plan")
        let r = try CLI.run(["solve", folder.path, "-o", out, "--quiet"])
        try #require(r.status == 0, "\(CLI.describe(r))")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let levels = try #require(summary["levels"] as? [[String: Any]])
        #expect(levels.compactMap { $0["level"] as? String } == ["coverage", "pledges", "travel"])
        #expect(levels.allSatisfy { $0["value"] is NSNumber && $0["bound"] is NSNumber && $0["gap"] is NSNumber })
        #expect(summary["scenario"] as? String == "cli-fixture" && summary["week"] as? String == "2026-W48")
    }

    // MARK: - --write-model

    @Test(.enabled(if: CLI.glpsol != nil, "glpsol is not installed"), arguments: [("model.lp", "--lp"), ("model.mps", "--freemps")])
    func writtenModelIsReadByGlpsol(file: String, flag: String) throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let model = folder.scratch(file)
        let r = try CLI.run(["solve", folder.path, "-o", folder.scratch("plan"), "--write-model", model, "--quiet"])
        try #require(r.status == 0, "\(CLI.describe(r))")
        let g = try CLI.run([flag, model, "-o", folder.scratch("glpsol.txt")], executable: URL(fileURLWithPath: CLI.glpsol!))
        #expect(g.status == 0, "\(CLI.describe(g))")
        #expect(!g.stdout.contains("error"), "\(CLI.describe(g))")
    }

    @Test func writeModelIntoAnUnwritablePathExits73() throws {
        let folder = try ScenarioFolder(CLI.good, defaults: false)
        let r = try CLI.run(["solve", folder.path, "-o", folder.scratch("plan"), "--write-model", "/dev/full/m.lp"])
        #expect(r.status == 73, "\(CLI.describe(r))")
    }

    // MARK: - --help

    @Test func rootHelpListsEveryExitCode() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for code in ["0", "64", "65", "66", "70", "73", "75"] {
            #expect(r.stdout.range(of: "\\b\(code)\\b", options: .regularExpression) != nil, "exit code \(code) missing:\n\(r.stdout)")
        }
        #expect(r.stdout.contains("validate") && r.stdout.contains("solve"))
    }

    @Test func validateHelpMentionsItsExitCodes() throws {
        let r = try CLI.run(["validate", "--help"])
        #expect(r.status == 0)
        for code in ["65", "66"] { #expect(r.stdout.contains(code), "exit code \(code) missing:\n\(r.stdout)") }
    }

    @Test func solveHelpMentionsEveryOptionAndItsExitCodes() throws {
        let r = try CLI.run(["solve", "--help"])
        #expect(r.status == 0)
        for option in ["-o", "--time-limit", "--gap", "--write-model", "--quiet"] {
            #expect(r.stdout.contains(option), "option \(option) missing:\n\(r.stdout)")
        }
        for code in ["65", "66", "73", "75"] {
            #expect(r.stdout.range(of: "\\b\(code)\\b", options: .regularExpression) != nil, "exit code \(code) missing:\n\(r.stdout)")
        }
    }
}
