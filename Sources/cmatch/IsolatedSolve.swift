import ArgumentParser
import CommunityMatch
import Foundation
import PlanIO
import Subprocess

/// `cmatch solve --isolate`: the solve runs in a child process (`cmatch solve-worker`, the same executable),
/// so that nothing the solver does can take the user's command down with it. GLPK answers an invalid call by
/// printing a line and calling `abort()`, and although every model is validated first (ModelValidator), a
/// case no check foresaw, or a search that ignores its time limit, would otherwise end the run without a
/// word, or never end it.
///
/// The child reads the scenario, solves and writes the plan folder exactly as `cmatch solve` does, straight
/// to the user's terminal; the parent only watches:
/// - the child exits: its exit code is the parent's (0, 65, 73, 75, 70…);
/// - the child dies of a signal: exit 70, and whatever its plan write left (a `.PLAN.tmp-PID` folder, or the
///   previous plan moved aside) is cleaned up or put back, so no partial plan is ever visible;
/// - the child is still running `grace` seconds after `--time-limit`: it is killed, cleaned up as above, and
///   the run exits 75, the time limit having passed with no plan.
enum IsolatedSolve {
    static func run(_ solve: Solve) throws {
        let executable = try selfExecutable()
        var arguments = ["solve-worker", solve.scenario, "-o", solve.output,
                         "--time-limit", "\(solve.timeLimit)", "--gap", "\(solve.gap)",
                         "--strategy", solve.strategy.rawValue]
        if let m = solve.writeModel { arguments += ["--write-model", m] }
        if let d = solve.writeLevels { arguments += ["--write-levels", d] }
        arguments += ["--work", "\(solve.work)"]
        if solve.quiet { arguments.append("--quiet") }
        if solve.strict { arguments.append("--strict") }
        // The child's standard error is the user's terminal too, so it decides about progress lines itself.
        if solve.verbose { arguments.append("--verbose") }
        if solve.bottlenecks { arguments.append("--bottlenecks") }
        arguments += ["--threads", "\(solve.threads)"]
        if solve.whole { arguments.append("--whole") }
        if let ledger = solve.ledger { arguments += ["--ledger", ledger] }
        arguments += ["--lang", solve.lang.rawValue]

        let childArguments = arguments
        let before = identity(of: solve.output)
        let deadline = solve.timeLimit + solve.grace
        let outcome: (status: TerminationStatus, timedOut: Bool)
        do {
            outcome = try blocking {
                let result = try await Subprocess.run(
                    .path(.init(executable)), arguments: Arguments(childArguments),
                    environment: .inherit.updating(["CMATCH_PARENT_PID": "\(getpid())"]),
                    input: .none, output: .currentStandardOutput, error: .currentStandardError
                ) { execution in
                    await watch(execution.processIdentifier.value, deadline: deadline) {
                        try? execution.send(signal: .kill)
                    }
                }
                return (result.terminationStatus, result.closureResult)
            }
        } catch {
            printError(solve.lang(.isolateCannotStart, ["executable": "\(executable)", "detail": "\(error)"]))
            throw ExitCode(Exit.software)
        }

        switch outcome.status {
        case .exited(let code) where !outcome.timedOut:
            if code != 0 { throw ExitCode(code) }
        case .exited, .signaled:
            let cleaned = AtomicFolder.cleanUpAfterDeadWriters(of: solve.output)
            let written = identity(of: solve.output) != before && !cleaned.contains { $0.contains(".old-") }
            let result = written ? Message(.isolateWritten, ["output": solve.output]) : Message(.isolateNothingWritten)
            if outcome.timedOut {
                printError(solve.lang(Message(.isolateOverran, ["grace": formatSeconds(solve.grace), "limit": formatSeconds(solve.timeLimit)],
                                              nested: ["result": result])))
                throw ExitCode(Exit.timeLimitNoPlan)
            }
            var signal: Int32 = 0
            if case .signaled(let s) = outcome.status { signal = s }
            printError(solve.lang(Message(.isolateDied, ["signal": String(signal), "name": signalName(signal)],
                                          nested: ["abort": Message(signal == SIGABRT ? .isolateAbortNote : .noHint), "result": result])))
            throw ExitCode(Exit.software)
        }
    }

    /// Polls until the child exits (without reaping it: Subprocess does that) or the deadline passes; then
    /// kills it. Returns whether the deadline passed.
    static func watch(_ pid: pid_t, deadline seconds: Double, kill: () -> Void) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int64(min(seconds, 1e9) * 1000))
        while true {
            // WNOHANG with no exit to report leaves si_signo 0 (Linux clears the structure); WNOWAIT leaves the
            // exit to be collected by Subprocess.
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info.si_signo == SIGCHLD {
                return false
            }
            if clock.now >= end {
                kill()
                return true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The running executable, so that the child is the same build as the parent.
    static func selfExecutable() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let first = CommandLine.arguments.first ?? "cmatch"
        if first.contains("/") { return URL(fileURLWithPath: first).standardizedFileURL.path }
        printError("cmatch: internal error: cannot find the cmatch executable to run the solve in")
        throw ExitCode(Exit.software)
    }

    /// Device and inode of a folder, to tell whether a plan folder was put in place.
    static func identity(of path: String) -> [UInt64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    static func signalName(_ s: Int32) -> String {
        switch s {
        case SIGABRT: return "SIGABRT"
        case SIGSEGV: return "SIGSEGV"
        case SIGBUS: return "SIGBUS"
        case SIGILL: return "SIGILL"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGTERM: return "SIGTERM"
        case SIGTRAP: return "SIGTRAP"
        default: return "signal \(s)"
        }
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? String(Int(s)) : String(s)
    }

    /// Runs async work from a synchronous command and waits for it; the command has nothing else to do.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// Carries a result out of a task to the thread waiting for it; the semaphore orders the write and the read.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// The child of `cmatch solve --isolate`: `cmatch solve` with the same options, hidden from help.
///
/// It also reads `CMATCH_FAULT`, a switch for the fault tests only (no user needs it, and `cmatch solve`
/// ignores it): `abort` calls abort() where the solve would start, as GLPK does on an invalid call; `hang`
/// sleeps there forever, past any time limit; `kill-while-writing` kills the process with SIGKILL after the
/// first file of the plan folder is written into its temporary folder.
struct SolveWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve-worker",
        abstract: "The child process of cmatch solve --isolate (not for direct use).",
        shouldDisplay: false)

    @OptionGroup var solve: Solve

    enum Fault: String { case abort, hang, killWhileWriting = "kill-while-writing" }

    nonisolated(unsafe) static var fault: Fault?

    func run() throws {
        Self.stopWhenOrphaned()
        Self.fault = ProcessInfo.processInfo.environment["CMATCH_FAULT"].flatMap(Fault.init(rawValue:))
        if Self.fault == .killWhileWriting {
            AtomicFolder.afterEachFile = { _ in _ = kill(getpid(), SIGKILL) }
        }
        var solve = self.solve
        solve.isolate = false
        try guarded(solve.lang) { try solve.body() }
    }

    /// When the `cmatch` that started this worker is gone (killed, or its terminal closed), nobody waits for
    /// the plan any more, and a plan appearing minutes later would surprise whoever ran it: the worker stops
    /// itself. A process whose parent dies is given another parent, which is how it is noticed (Linux's
    /// PR_SET_PDEATHSIG is a variadic prctl call, which Swift cannot make).
    /// The parent's pid comes from the parent itself, since it may already be gone when this starts.
    static func stopWhenOrphaned() {
        let parent = ProcessInfo.processInfo.environment["CMATCH_PARENT_PID"].flatMap { Int32($0) } ?? getppid()
        if getppid() != parent { _ = kill(getpid(), SIGKILL) }
        Thread.detachNewThread {
            while true {
                usleep(200_000)
                if getppid() != parent { _ = kill(getpid(), SIGKILL) }
            }
        }
    }

    /// Called by `Solve.body` where the solve starts; does nothing outside a worker with a fault set.
    static func faultBeforeSolving() {
        switch fault {
        case .abort?: abort()
        case .hang?: while true { sleep(3600) }
        default: break
        }
    }
}
