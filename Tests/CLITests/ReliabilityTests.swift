import Foundation
import PlanIO
import Testing
import TestSupport

/// What a street office relies on when a run goes wrong: an output that cannot be written exits 73 and
/// leaves nothing; a killed or crashed solve leaves no partial plan (and the next run clears what it left);
/// `solve --isolate` turns a solver crash into exit 70 and a runaway solve into exit 75; the time limit gives
/// the documented result with and without a first plan; and the plan depends on the data, not on the order
/// of the rows or on the process. Faults inside the solve are injected with `CMATCH_FAULT`, which only the
/// hidden `solve-worker` reads (docs/reliability.md).
@Suite struct ReliabilityTests {
    static let repo = Paths.repo
    static let tinyLanes = repo.appendingPathComponent("scenarios/tiny-lanes").path
    static let planFiles = ["assignments.csv", "resources.csv", "unmet.csv", "units.csv", "plan.json"]

    /// `cmatch args…` with extra environment variables, through env(1).
    static func run(_ args: [String], env: [String: String]) throws -> CLI.Run {
        let cmatch = try #require(CLI.cmatch)
        return try CLI.run(env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [cmatch.path] + args,
                           executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    /// The folder's entries, hidden ones included.
    static func entries(_ dir: String) -> [String] { CLI.contents(dir) }

    static func bytes(_ path: String) -> Data? { try? Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Every plan file byte for byte, and summary.json apart from its timings.
    static func expectSamePlan(_ a: String, _ b: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for f in planFiles {
            let da = try #require(bytes("\(a)/\(f)"), sourceLocation: sourceLocation)
            let db = try #require(bytes("\(b)/\(f)"), sourceLocation: sourceLocation)
            #expect(da == db, "\(f) differs \(what)", sourceLocation: sourceLocation)
        }
        func summary(_ dir: String) throws -> NSDictionary {
            let object = try JSONSerialization.jsonObject(with: try #require(bytes("\(dir)/summary.json")))
            let top = try #require(object as? [String: Any])
            return NSDictionary(dictionary: top.filter { !$0.key.lowercased().contains("timing") })
        }
        #expect(try summary(a) == summary(b), "summary.json differs \(what)", sourceLocation: sourceLocation)
    }

    // MARK: - Outputs that cannot be written

    /// Permissions do not stop root (tests run as root in CI), so read-only places are ones even root cannot
    /// write: /proc and /sys, and a path under a device.
    @Test(arguments: ["/proc/cmatch-plan", "/sys/cmatch-plan", "/dev/full/plan"])
    func unwritableOutputExits73(output: String) throws {
        let r = try CLI.run(["solve", Self.tinyLanes, "-o", output, "--quiet", "--lang", "en"])
        #expect(r.status == 73, "\(CLI.describe(r))")
        #expect(r.stderrLines.last?.hasPrefix("\(output): cannot be written") == true, "\(CLI.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A disk that fills up while the plan is written (a file-size limit of 0 fails the first write the same way,
    /// and applies to root): exit 73, no temporary folder, and the previous plan untouched.
    @Test func fullDiskDuringTheWriteExits73AndKeepsThePreviousPlan() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let first = try CLI.run(["solve", Self.tinyLanes, "-o", out, "--quiet"])
        try #require(first.status == 0, "\(CLI.describe(first))")
        let before = Self.entries(folder.path)
        let previous = Self.bytes("\(out)/assignments.csv")
        let cmatch = try #require(CLI.cmatch)
        let r = try CLI.run(["-c", "trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"", cmatch.path, "solve", Self.tinyLanes, "-o", out],
                            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.status == 73, "\(CLI.describe(r))")
        #expect(Self.entries(folder.path) == before)
        #expect(Self.bytes("\(out)/assignments.csv") == previous)
    }

    /// The model file is renamed into place, which would replace a device node with a file when run as root.
    @Test func modelFileThroughASymlinkToADeviceIsRefusedWith73() throws {
        let folder = try ScenarioFolder()
        let link = folder.scratch("model.lp")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        let r = try CLI.run(["solve", Self.tinyLanes, "-o", folder.scratch("plan"), "--quiet", "--write-model", link, "--lang", "en"])
        #expect(r.status == 73 && r.stderr.contains("not a regular file"), "\(CLI.describe(r))")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
    }

    // MARK: - Killed solves

    /// SIGKILL while the solve runs (the worker hangs where the solve starts): nothing is written at all.
    @Test func solveKilledWhileSolvingLeavesNothing() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let before = Self.entries(folder.path)
        let cmatch = try #require(CLI.cmatch)
        let p = Process()
        p.executableURL = cmatch
        p.arguments = ["solve-worker", Self.tinyLanes, "-o", out, "--quiet"]
        p.environment = ProcessInfo.processInfo.environment.merging(["CMATCH_FAULT": "hang", "SWIFT_BACKTRACE": "enable=no"]) { $1 }
        try p.run()
        Thread.sleep(forTimeInterval: 1)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
        #expect(Self.entries(folder.path) == before)
    }

    /// SIGKILL in the middle of writing the plan: no plan folder appears; what is left is a hidden
    /// `.plan.tmp-PID` folder, which the next run removes before writing a whole plan.
    @Test func solveKilledWhileWritingLeavesNoPlanAndTheNextRunClearsItsTemporaryFolder() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let before = Self.entries(folder.path)
        let killed = try Self.run(["solve-worker", Self.tinyLanes, "-o", out, "--quiet"], env: ["CMATCH_FAULT": "kill-while-writing"])
        #expect(killed.signalled && killed.status == SIGKILL, "\(CLI.describe(killed))")
        let left = Set(Self.entries(folder.path)).subtracting(before)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(left.count == 1 && left.allSatisfy { $0.hasPrefix(".out-plan.tmp-") }, "left: \(left)")

        let next = try CLI.run(["solve", Self.tinyLanes, "-o", out, "--quiet"])
        #expect(next.status == 0, "\(CLI.describe(next))")
        #expect(Set(Self.entries(folder.path)).subtracting(before) == ["out-plan"])
        #expect(Self.entries(out) == ["assignments.csv", "plan.json", "resources.csv", "summary.json", "units.csv", "unmet.csv"])
    }

    /// A writer killed between its two renames leaves the previous plan moved aside: it is put back.
    /// Leftovers of a process that still runs are not touched.
    @Test func cleanUpRestoresAPreviousPlanMovedAsideAndSparesLiveWriters() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let dead = try Self.deadPID()
        let live = getppid()
        let parent = (out as NSString).deletingLastPathComponent
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(parent)/.out-plan.old-\(dead)", withIntermediateDirectories: false)
        try Data("previous".utf8).write(to: URL(fileURLWithPath: "\(parent)/.out-plan.old-\(dead)/assignments.csv"))
        try fm.createDirectory(atPath: "\(parent)/.out-plan.tmp-\(dead)", withIntermediateDirectories: false)
        try fm.createDirectory(atPath: "\(parent)/.out-plan.tmp-\(live)", withIntermediateDirectories: false)
        let done = AtomicFolder.cleanUpAfterDeadWriters(of: out)
        #expect(Set(done) == [".out-plan.old-\(dead)", ".out-plan.tmp-\(dead)"])
        #expect(Self.bytes("\(out)/assignments.csv") == Data("previous".utf8))
        #expect(fm.fileExists(atPath: "\(parent)/.out-plan.tmp-\(live)"))
    }

    /// A process id that no process has now: a child that has exited and been reaped.
    static func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    // MARK: - solve --isolate

    @Test func isolatedSolveWritesTheSamePlanAsAPlainOne() throws {
        let folder = try ScenarioFolder()
        let plain = folder.scratch("plain"), isolated = folder.scratch("isolated")
        let a = try CLI.run(["solve", Self.tinyLanes, "-o", plain, "--quiet"])
        let b = try CLI.run(["solve", Self.tinyLanes, "-o", isolated, "--quiet", "--isolate"])
        try #require(a.status == 0 && b.status == 0, "\(CLI.describe(a))\n\(CLI.describe(b))")
        try Self.expectSamePlan(plain, isolated, "between a plain and an isolated solve")
    }

    @Test func isolatedSolvePassesTheChildsExitCodeOn() throws {
        let folder = try ScenarioFolder(["needs.csv": "id,community,hours,slots\nN1,C9,2,Sat-AM\n"])
        let r = try CLI.run(["solve", folder.path, "-o", folder.scratch("plan"), "--isolate", "--lang", "en"])
        #expect(r.status == 65 && r.stderr.contains("needs.csv:2:2: community 'C9'"), "\(CLI.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: folder.scratch("plan")))
    }

    /// The child aborts where the solve starts, as GLPK does on an invalid call: exit 70, a message naming the
    /// signal, nothing written, and an earlier plan in the same place untouched.
    @Test func isolatedSolveWhoseChildAbortsExits70AndKeepsThePreviousPlan() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let first = try CLI.run(["solve", Self.tinyLanes, "-o", out, "--quiet"])
        try #require(first.status == 0, "\(CLI.describe(first))")
        let previous = Self.bytes("\(out)/plan.json")
        let before = Self.entries(folder.path)
        let r = try Self.run(["solve", Self.tinyLanes, "-o", out, "--isolate", "--lang", "en"], env: ["CMATCH_FAULT": "abort", "SWIFT_BACKTRACE": "enable=no"])
        #expect(r.status == 70 && !r.signalled, "\(CLI.describe(r))")
        #expect(r.stderrLines.last?.contains("died of signal 6 (SIGABRT)") == true, "\(CLI.describe(r))")
        #expect(r.stderrLines.last?.contains("nothing was written") == true, "\(CLI.describe(r))")
        #expect(Self.entries(folder.path) == before)
        #expect(Self.bytes("\(out)/plan.json") == previous)
    }

    @Test func isolatedSolveWhoseChildIsKilledWhileWritingExits70AndLeavesNothing() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let before = Self.entries(folder.path)
        let r = try Self.run(["solve", Self.tinyLanes, "-o", out, "--isolate", "--quiet", "--lang", "en"], env: ["CMATCH_FAULT": "kill-while-writing"])
        #expect(r.status == 70 && r.stderr.contains("signal 9 (SIGKILL)"), "\(CLI.describe(r))")
        #expect(Self.entries(folder.path) == before, "left behind: \(Set(Self.entries(folder.path)).subtracting(before))")
    }

    /// The child never stops: it is killed `--grace` seconds after `--time-limit`, and the run exits 75.
    @Test func isolatedSolveThatHangsIsStoppedAfterTheGraceAndExits75() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let before = Self.entries(folder.path)
        let started = Date()
        let r = try Self.run(["solve", Self.tinyLanes, "-o", out, "--isolate", "--time-limit", "1", "--grace", "1", "--lang", "en"],
                             env: ["CMATCH_FAULT": "hang"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 75, "\(CLI.describe(r))")
        #expect(r.stderr.contains("still running 1 s after the time limit of 1 s and was stopped; nothing was written"), "\(CLI.describe(r))")
        #expect(elapsed >= 2 && elapsed < 10, "took \(elapsed) s")
        #expect(Self.entries(folder.path) == before)
    }

    /// `cmatch` itself killed while its child solves: the child notices it has lost its parent and stops, so
    /// no plan appears later behind the user's back.
    @Test func isolatedChildStopsWhenCmatchIsKilled() throws {
        let folder = try ScenarioFolder()
        let cmatch = try #require(CLI.cmatch)
        let p = Process()
        p.executableURL = cmatch
        p.arguments = ["solve", Self.tinyLanes, "-o", folder.scratch("plan"), "--isolate", "--quiet"]
        p.environment = ProcessInfo.processInfo.environment.merging(["CMATCH_FAULT": "hang", "SWIFT_BACKTRACE": "enable=no"]) { $1 }
        try p.run()
        let parent = p.processIdentifier
        var child: Int32? = nil
        for _ in 0..<100 where child == nil {
            Thread.sleep(forTimeInterval: 0.05)
            // The child is listed under the thread that spawned it, which need not be the main one.
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(parent)/task")) ?? []
            let text = tasks.compactMap { try? String(contentsOfFile: "/proc/\(parent)/task/\($0)/children", encoding: .utf8) }.joined(separator: " ")
            child = text.split(separator: " ").compactMap { Int32($0) }.first
        }
        let worker = try #require(child, "no child process of cmatch solve --isolate")
        kill(parent, SIGKILL)
        p.waitUntilExit()
        func alive() -> Bool {
            // A zombie waiting for a parent that never reaps (PID 1 in some containers) counts as gone.
            guard let stat = try? String(contentsOfFile: "/proc/\(worker)/stat", encoding: .utf8) else { return false }
            return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
        }
        let deadline = Date().addingTimeInterval(5)
        while alive() && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!alive(), "the worker \(worker) still runs after its cmatch was killed: \((try? String(contentsOfFile: "/proc/\(worker)/stat", encoding: .utf8)) ?? "")")
        if alive() { kill(worker, SIGKILL) }
        #expect(!FileManager.default.fileExists(atPath: folder.scratch("plan")))
    }

    /// Only the hidden worker reads the fault switch: a plain solve with it set plans as usual.
    @Test func faultSwitchIsIgnoredOutsideTheWorker() throws {
        let folder = try ScenarioFolder()
        let r = try Self.run(["solve", Self.tinyLanes, "-o", folder.scratch("plan"), "--quiet"], env: ["CMATCH_FAULT": "abort"])
        #expect(r.status == 0, "\(CLI.describe(r))")
    }

    @Test func helpDescribesIsolateButNotTheWorker() throws {
        let solve = try CLI.run(["solve", "--help"])
        #expect(solve.stdout.contains("--isolate") && solve.stdout.contains("--grace"), "\(solve.stdout)")
        let root = try CLI.run(["--help"])
        #expect(!root.stdout.contains("solve-worker"), "\(root.stdout)")
    }

    // MARK: - The time limit

    /// A first plan exists (the greedy dispatch): a limit too short for GLPK still writes it, exit 0, with its
    /// true gap, and it keeps every hard rule.
    @Test func timeLimitWithAFirstPlanWritesItWithItsGap() throws {
        let folder = try ScenarioFolder()
        let out = folder.scratch("plan")
        let r = try CLI.run(["solve", Self.tinyLanes, "-o", out, "--time-limit", "0.000001", "--quiet"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        let data = try #require(Self.bytes("\(out)/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(summary["status"] as? String == "feasible")
        let v = try CLI.run(["verify", Self.tinyLanes, out])
        #expect(v.status == 0, "\(CLI.describe(v))")
    }

    /// No first plan (the greedy dispatch cannot honour these two pins, which the MIP can by putting N1 on
    /// Sunday): with no time for GLPK the run exits 75 and writes nothing; given time it plans both pins.
    @Test func timeLimitWithoutAFirstPlanExits75AndWritesNothing() throws {
        let folder = try ScenarioFolder([
            "members.csv": "id,name,unit,community,skills,slots,max_hours\nM1,Li,U1,C1,,Sat-AM|Sun-AM,4\n",
            "needs.csv": "id,community,hours,slots,priority\nN1,C1,2,Sat-AM|Sun-AM,1\nN2,C1,2,Sat-AM,3\n",
            "pins.csv": "task,member,slot\nN1,M1,\nN2,M1,\n",
        ])
        let out = folder.scratch("plan")
        let before = Self.entries(folder.path)
        let r = try CLI.run(["solve", folder.path, "-o", out, "--time-limit", "0.000001", "--lang", "en"])
        #expect(r.status == 75 && r.stderr.contains("the time limit passed before any plan was found; nothing was written"), "\(CLI.describe(r))")
        #expect(Self.entries(folder.path) == before)
        let solved = try CLI.run(["solve", folder.path, "-o", out, "--quiet"])
        #expect(solved.status == 0, "\(CLI.describe(solved))")
        #expect(try String(contentsOfFile: "\(out)/assignments.csv", encoding: .utf8).split(separator: "\n").count == 3)
    }

    // MARK: - Determinism

    /// Every CSV of the scenario with its data rows in another order (seeded), header first.
    static func shuffledCopy(of scenario: String, seed: UInt64) throws -> ScenarioFolder {
        let folder = try ScenarioFolder([:], defaults: false)
        var rng = SplitMix64(seed: seed)
        for name in try FileManager.default.contentsOfDirectory(atPath: scenario).sorted() where !name.hasPrefix("out-") {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(scenario)/\(name)"))
            guard name.hasSuffix(".csv") else { try folder.write(name, data: data); continue }
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            let header = lines.removeFirst()
            for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            try folder.write(name, ([header] + lines).joined(separator: "\n") + "\n")
        }
        return folder
    }

    static let tieHeavy: [String: String?] = [
        "communities.csv": "id,name,lat,lon\nC1,a,39.9000,116.4000\nC2,b,39.9020,116.4000\n",
        "units.csv": "id,name,pledge_hours\nU1,Hospital,6\nU2,Bureau,6\n",
        "members.csv": "id,name,unit,community,skills,slots,max_hours\n"
            + (1...12).map { "M\($0),Member \($0),U\($0 % 2 + 1),C\($0 % 2 + 1),,weekend|Wed-EVE,4" }.joined(separator: "\n") + "\n",
        "needs.csv": "id,community,hours,slots,priority\n"
            + (1...10).map { "N\($0),C\($0 % 2 + 1),2,weekend,\($0 % 3 + 2)" }.joined(separator: "\n") + "\n",
        "projects.csv": "id,community,slots,hours,roles,beneficiaries\nP1,C1,weekend,3,any:2-3,12\nP2,C2,weekend,3,any:2-3,12\n",
    ]

    @Test(arguments: ["tiny-lanes", "tie-heavy"])
    func shuffledRowsGiveTheSamePlanByteForByte(scenario: String) throws {
        let original: ScenarioFolder
        if scenario == "tiny-lanes" {
            original = try ScenarioFolder([:], defaults: false)
            for name in try FileManager.default.contentsOfDirectory(atPath: Self.tinyLanes) {
                try original.write(name, data: try Data(contentsOf: URL(fileURLWithPath: "\(Self.tinyLanes)/\(name)")))
            }
        } else {
            original = try ScenarioFolder(Self.tieHeavy, defaults: false)
        }
        let reference = original.scratch("plan")
        let r = try CLI.run(["solve", original.path, "-o", reference, "--quiet"])
        try #require(r.status == 0, "\(CLI.describe(r))")
        for seed in [1, 2, 3] as [UInt64] {
            let shuffled = try Self.shuffledCopy(of: original.path, seed: seed)
            #expect(try Data(contentsOf: URL(fileURLWithPath: shuffled.file("members.csv")))
                    != Data(contentsOf: URL(fileURLWithPath: original.file("members.csv"))), "seed \(seed) did not shuffle")
            let out = shuffled.scratch("plan")
            let s = try CLI.run(["solve", shuffled.path, "-o", out, "--quiet"])
            try #require(s.status == 0, "\(CLI.describe(s))")
            // plan.json names the scenario folder relative to the plan, the same here by construction.
            try Self.expectSamePlan(reference, out, "after shuffling the rows with seed \(seed)")
        }
    }

    /// Two processes (each with its own hash seed, so any Set or Dictionary order differs) write the same bytes.
    @Test func twoProcessesWriteByteIdenticalPlans() throws {
        let folder = try ScenarioFolder(Self.tieHeavy, defaults: false)
        let a = folder.scratch("a"), b = folder.scratch("b")
        let ra = try CLI.run(["solve", folder.path, "-o", a, "--quiet"])
        let rb = try CLI.run(["solve", folder.path, "-o", b, "--quiet", "--isolate"])
        try #require(ra.status == 0 && rb.status == 0, "\(CLI.describe(ra))\n\(CLI.describe(rb))")
        try Self.expectSamePlan(a, b, "between two processes")
    }
}
