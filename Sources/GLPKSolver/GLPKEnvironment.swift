import CGLPK
import Foundation

/// What GLPK printed during one solve: kept for error messages instead of going to stdout, where it would
/// mix with the command's own output (even at `GLP_MSG_ERR` the cut generators print progress lines).
final class GLPKTerminal {
    /// The last few kilobytes GLPK printed.
    private(set) var text = ""
    private static let keep = 8192

    fileprivate func append(_ s: String) {
        text += s
        if text.utf8.count > 2 * Self.keep {
            text = String(text.utf8.suffix(Self.keep)) ?? ""
        }
        // GLPK is about to abort() the process (a check it makes that validation missed): whatever it said
        // must reach a human before the process dies, so the tail goes to stderr.
        if s.contains("Error detected in file") || s.contains("Assertion failed") {
            FileHandle.standardError.write(Data(("GLPK: " + text).utf8))
        }
    }

    /// The captured text as an indented block for an error message; empty when GLPK said nothing.
    var report: String {
        let lines = text.split(separator: "\n").suffix(20)
        return lines.isEmpty ? "" : "\nGLPK said:\n  " + lines.joined(separator: "\n  ")
    }
}

/// Runs `body` with GLPK's output routed into a `GLPKTerminal` and leaves the calling thread's GLPK
/// environment as it found it: none.
///
/// GLPK keeps its environment (terminal hook, memory pools) in thread-local storage, so the hook set
/// here covers exactly the problems created on this thread inside `body`, which must create, solve and
/// delete them without leaving the thread. `glp_free_env` at the end releases the environment so that a
/// thread that dies later leaks nothing and a later solve on the same thread starts clean; no other code
/// may hold GLPK objects on this thread, which holds because only this module imports GLPK and a solve
/// never calls back into another.
func withGLPKEnvironment<T>(_ body: (GLPKTerminal) throws -> T) rethrows -> T {
    let terminal = GLPKTerminal()
    return try withExtendedLifetime(terminal) {
        glp_term_hook({ info, s in
            if let info, let s {
                Unmanaged<GLPKTerminal>.fromOpaque(info).takeUnretainedValue().append(String(cString: s))
            }
            return 1  // non-zero: GLPK prints nothing itself
        }, Unmanaged.passUnretained(terminal).toOpaque())
        defer {
            glp_term_hook(nil, nil)
            glp_free_env()
        }
        return try body(terminal)
    }
}
