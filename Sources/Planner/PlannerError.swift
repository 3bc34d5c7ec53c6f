import CommunityMatch
import Foundation
import Ledger
import MatchModel
import PlanExport
import PlanIO
import PlanVerify
import Planning

/// Why an operation of the `Planner` did not give its outcome. Each case carries what its message needs and
/// the exit code of SPEC.md it stands for, so that the command line and the web console report the same
/// failure in the same words; nothing is printed here.
public enum PlannerError: Error, Sendable {
    /// The data is wrong: every problem at once. `summary` is the closing line's sentence (nothing written,
    /// or the plan's files are malformed).
    case input(InputError, summary: MessageKey)
    /// A file cannot be read at all.
    case unreadable(UnreadableInput)
    /// `strict`: the scenario loaded, but with warnings, which a strict run treats as errors.
    case strictWarnings([Diagnostic])
    /// Pins that cannot hold together.
    case pinConflict(PinConflict)
    /// The solver failed: a bug or an environment fault, never the user's data.
    case solverFailure(SolverFailure)
    /// The safety-net time limit passed before any plan was found.
    case timeLimitNoPlan
    /// An output cannot be written.
    case cannotWrite(OutputError)
    /// A plan.json cannot be read or is malformed.
    case planRead(PlanReadError)
    /// A plan folder records no scenario and none was given: `planExists` says whether the folder is there.
    case noScenarioRecorded(plan: String, planExists: Bool, isFolder: Bool)
    /// The ledger failed; `writing` says whether the operation meant to write it.
    case ledger(LedgerError, writing: Bool)
    /// The ledger's history cannot be applied to the scenario (its `week:` is missing or malformed).
    case history(HistoryError, settingsFile: String)
    /// A re-plan request or solve failed.
    case replan(ReplanError, calendar: SlotCalendar, scenarioFolder: String)
    /// An export cannot be made (an edited template, a plan without a week).
    case export(ExportError)
    /// `explain TASK`: a task the scenario does not have, or an id both a need and a project carry.
    case unknownTask(String, scenarioFolder: String)
    case ambiguousTask(String)
    /// `accept`: the plan has no ISO week or no scenario hash.
    case notAcceptable(Message)
    /// `accept`: plan.json holds rows a plan never writes, one sentence each.
    case malformedPlanRows([String])
    /// Pins cannot hold while measuring bottleneck suggestions.
    case suggestionPinsCannotHold

    /// The exit code of SPEC.md for this failure.
    public var exitCode: Int32 {
        switch self {
        case .input, .strictWarnings, .pinConflict, .history, .notAcceptable, .malformedPlanRows, .suggestionPinsCannotHold: return 65
        case .unreadable, .noScenarioRecorded: return 66
        case .solverFailure: return 70
        case .timeLimitNoPlan: return 75
        case .cannotWrite: return 73
        case .planRead(let e):
            if case .unreadable = e { return 66 }
            return 65
        case .ledger(let e, let writing):
            if case .weekTaken = e { return 65 }
            return writing ? 73 : 66
        case .replan(let e, _, _):
            switch e {
            case .unknownIDs, .pinsCannotHold: return 65
            case .timeLimitNoPlan: return 75
            case .brokenRules: return 70
            }
        case .export(let e): return e.unreadable ? 66 : 65
        case .unknownTask, .ambiguousTask: return 64
        }
    }

    /// The message, one line per problem, in `lang`.
    public func lines(_ lang: Language) -> [String] {
        switch self {
        case .input(let e, let summary):
            let n = e.diagnostics.filter { $0.severity == .error }.count
            return e.diagnostics.map { $0.text(lang) } + [lang(summary, ["count": String(n)])]
        case .unreadable(let e): return [e.text(lang)]
        case .strictWarnings(let ws):
            return ws.map { "\($0.location): \($0.text.text(lang))" } + [lang(.strictWarnings, ["count": String(ws.count)])]
        case .pinConflict(let e):
            return e.pins.map { lang(.pinConflict, ["place": "\($0.location)", "task": $0.task.id, "member": $0.member, "problem": e.text(lang)]) }
        case .solverFailure(let e): return ["cmatch: internal error: \(e.message)"]
        case .timeLimitNoPlan: return [lang(.solveNoPlan)]
        case .cannotWrite(let e): return [e.text(lang)]
        case .planRead(let e): return ["cmatch: " + e.text(lang)]
        case .noScenarioRecorded(let plan, let exists, let isFolder):
            if !exists { return [lang(.cannotBeRead, ["path": plan, "reason": lang(.noSuchPlanFolder)])] }
            return [lang(.cannotBeRead, ["path": isFolder ? plan + "/plan.json" : plan, "reason": lang(.noScenarioRecorded)])]
        case .ledger(let e, _): return ["cmatch: " + e.text(lang)]
        case .history(let e, let file): return ["\(file): " + e.text(lang)]
        case .replan(let e, let calendar, let folder):
            switch e {
            case .unknownIDs(let ids):
                return ids.map { id -> String in
                    switch id {
                    case .member(let m): return lang(.replanDropUnknown, ["member": m, "folder": folder])
                    case .task(let t): return lang(.replanCancelUnknown, ["task": t, "folder": folder])
                    case .ambiguousTask(let t): return lang(.replanCancelAmbiguous, ["task": t])
                    }
                } + [lang(.problemsFoundNothingWritten, ["count": String(ids.count)])]
            case .pinsCannotHold(let c):
                return c.pins.map { "\($0.location): pin \($0.task.id) ← \($0.member): \(c.message)" }
                    + ["cmatch: the kept assignments cannot all hold in the changed scenario; nothing was written. Did the scenario change since the plan was solved?"]
            case .timeLimitNoPlan:
                return ["cmatch: the time limit passed before any plan was found; nothing was written. Give --time-limit more seconds."]
            case .brokenRules(let v):
                return ["cmatch: internal error: the re-plan breaks \(v.count) rule(s): " +
                        v.prefix(3).map { $0.sentence(.en, calendar: calendar) }.joined(separator: "; ")]
            }
        case .export(let e): return [e.text(lang)]
        case .unknownTask(let t, let folder): return [lang(.explainNoTask, ["task": t, "folder": folder])]
        case .ambiguousTask(let t): return [lang(.explainAmbiguous, ["task": t])]
        case .notAcceptable(let m): return [m.text(lang)]
        case .malformedPlanRows(let rows): return rows
        case .suggestionPinsCannotHold: return [lang(.explainPinsCannotHold)]
        }
    }
}

/// Runs `body`, turning the library's own error types into `PlannerError`s; other errors pass through.
func planning<T>(input summary: MessageKey = .problemsFoundNothingWritten, ledgerWriting: Bool = false,
                 calendar: SlotCalendar? = nil, scenarioFolder: String = "", _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as PlannerError {
        throw e
    } catch let e as InputError {
        throw PlannerError.input(e, summary: summary)
    } catch let e as UnreadableInput {
        throw PlannerError.unreadable(e)
    } catch let e as PinConflict {
        throw PlannerError.pinConflict(e)
    } catch let e as SolverFailure {
        throw PlannerError.solverFailure(e)
    } catch let e as OutputError {
        throw PlannerError.cannotWrite(e)
    } catch let e as PlanReadError {
        throw PlannerError.planRead(e)
    } catch let e as LedgerError {
        throw PlannerError.ledger(e, writing: ledgerWriting)
    } catch let e as ExportError {
        throw PlannerError.export(e)
    } catch let e as ReplanError {
        throw PlannerError.replan(e, calendar: calendar ?? SlotCalendar(), scenarioFolder: scenarioFolder)
    }
}
