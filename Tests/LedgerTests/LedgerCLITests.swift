import Foundation
import Ledger
import Testing
import TestSupport

/// `cmatch accept` and `cmatch ledger` as a user runs them, including a process killed inside the
/// transaction and two processes accepting at once.
@Suite struct LedgerCLITests {
    /// Solves the CLI fixture for `week` into a plan folder inside `folder`.
    static func plan(_ folder: ScenarioFolder, week: String, name: String) throws -> String {
        try folder.write("scenario.yaml", "name: ledger-fixture\nweek: \(week)\n")
        let out = folder.scratch(name)
        let r = try CLI.run(["solve", folder.path, "-o", out, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        return out
    }

    static func csv(_ ledger: String) throws -> String {
        let r = try CLI.run(["ledger", ledger, "--format", "csv"])
        try #require(r.status == 0, Comment(rawValue: CLI.describe(r)))
        return r.stdout
    }

    @Test func acceptIsIdempotentAndRefusesAnotherPlanOfTheWeek() throws {
        let folder = try ScenarioFolder(CLI.good)
        let p1 = try Self.plan(folder, week: "2026-W01", name: "w01")
        let ledger = folder.scratch("ledger.db")
        var r = try CLI.run(["accept", p1, "--ledger", ledger, "--lang", "en"])
        #expect(r.status == 0 && r.stdout.contains("week 2026-W01 recorded"), Comment(rawValue: CLI.describe(r)))
        let once = try Self.csv(ledger)
        r = try CLI.run(["accept", p1, "--ledger", ledger, "--lang", "en"])
        #expect(r.status == 0 && r.stdout.contains("already recorded"), Comment(rawValue: CLI.describe(r)))
        #expect(try Self.csv(ledger) == once)

        // The same week from a changed scenario (another hash) is refused, and the ledger is unchanged.
        try folder.write("members.csv", "id,name,unit,community,skills,slots,max_hours\nM1,李明,U1,C1,medical,weekend,4\nM3,张伟,U2,C1,,weekend-AM|Sun-PM,6\n")
        let p2 = try Self.plan(folder, week: "2026-W01", name: "w01-changed")
        r = try CLI.run(["accept", p2, "--ledger", ledger, "--lang", "en"])
        #expect(r.status == 65, Comment(rawValue: CLI.describe(r)))
        #expect(r.stderr.contains("week 2026-W01 is already accepted from another plan") && r.stderr.contains("--replace"))
        #expect(try Self.csv(ledger) == once)
        r = try CLI.run(["accept", p2, "--ledger", ledger, "--replace", "--lang", "en"])
        #expect(r.status == 0 && r.stdout.contains("replaced"), Comment(rawValue: CLI.describe(r)))
        #expect(try Self.csv(ledger) != once)
        #expect(!(try Self.csv(ledger)).contains("member,M2,"))

        // Reading a ledger that does not exist is an unreadable input and creates nothing.
        r = try CLI.run(["ledger", folder.scratch("none.db")])
        #expect(r.status == 66)
        #expect(!FileManager.default.fileExists(atPath: folder.scratch("none.db")))
    }

    @Test func aProcessKilledInsideTheTransactionLeavesTheLedgerAsItWas() throws {
        let folder = try ScenarioFolder(CLI.good)
        let p1 = try Self.plan(folder, week: "2026-W01", name: "w01")
        let p2 = try Self.plan(folder, week: "2026-W02", name: "w02")
        let ledger = folder.scratch("ledger.db")
        #expect(try CLI.run(["accept", p1, "--ledger", ledger]).status == 0)
        let before = try Self.csv(ledger)

        let cmatch = try #require(CLI.cmatch)
        let killed = try CLI.run(["-c", "CMATCH_TEST_KILL_AFTER_INSERTS=2 exec \"$0\" accept \"$1\" --ledger \"$2\"",
                                       cmatch.path, p2, ledger], executable: URL(fileURLWithPath: "/bin/sh"))
        // The shell execs cmatch, which kills itself with SIGKILL: 128 + 9 from the shell's point of view, or
        // the signal itself.
        #expect(killed.status == 137 || (killed.signalled && killed.status == 9), Comment(rawValue: CLI.describe(killed)))
        #expect(try Self.csv(ledger) == before)
        #expect(!(try Self.csv(ledger)).contains("2026-W02"))
        // The rolled-back week can be accepted afterwards, whole.
        #expect(try CLI.run(["accept", p2, "--ledger", ledger]).status == 0)
        let weeks = try SQLiteLedger(path: ledger, create: false).weeks()
        #expect(weeks.map(\.week.description) == ["2026-W01", "2026-W02"])
        #expect(weeks[0].services == weeks[1].services)
    }

    /// Starts `cmatch args…` without waiting.
    static func start(_ args: [String]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = CLI.cmatch!
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return (p, out, err)
    }

    @Test func twoProcessesAcceptingAtOnceNeverDoubleCount() throws {
        _ = try #require(CLI.cmatch)
        let folder = try ScenarioFolder(CLI.good)
        let p1 = try Self.plan(folder, week: "2026-W01", name: "w01")
        let p2 = try Self.plan(folder, week: "2026-W02", name: "w02")
        for round in 0..<3 {
            let ledger = folder.scratch("ledger-\(round).db")
            // Round 0: two different weeks into a new file (both create the schema); rounds 1–2: the same plan
            // twice at once — exactly one records it, the other finds it recorded.
            let second = round == 0 ? p2 : p1
            let a = try Self.start(["accept", p1, "--ledger", ledger, "--lang", "en"])
            let b = try Self.start(["accept", second, "--ledger", ledger, "--lang", "en"])
            a.0.waitUntilExit(); b.0.waitUntilExit()
            let outs = [a, b].map { String(decoding: $0.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            let errs = [a, b].map { String(decoding: $0.2.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            for (i, p) in [a.0, b.0].enumerated() {
                // Success, or the documented busy refusal (exit 73) that changes nothing.
                #expect(p.terminationStatus == 0 || (p.terminationStatus == 73 && errs[i].contains("busy")),
                        Comment(rawValue: "exit \(p.terminationStatus): \(outs[i]) \(errs[i])"))
            }
            let weeks = try SQLiteLedger(path: ledger, create: false).weeks()
            if round == 0 {
                #expect(weeks.map(\.week.description).allSatisfy { ["2026-W01", "2026-W02"].contains($0) })
                #expect(weeks.count == [a.0, b.0].filter { $0.terminationStatus == 0 }.count)
            } else {
                #expect(weeks.map(\.week.description) == ["2026-W01"])
                #expect(outs.filter { $0.contains("recorded:") }.count == 1, Comment(rawValue: outs.joined(separator: " | ")))
            }
            // Never double counted: each week holds exactly the plan's assignments.
            let planRows = try String(contentsOfFile: p1 + "/assignments.csv", encoding: .utf8).split(separator: "\n").count - 1
            for w in weeks { #expect(w.services == planRows) }
        }
    }
}
