import ArgumentParser
import Console
import Foundation
import Hummingbird

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The street office's web console and its JSON API, on this machine.",
        discussion: """
        Serves the console at http://HOST:PORT/ (Chinese; English by the switch at the top) and the JSON API at \
        /api/v1 (its OpenAPI document at /api/v1/openapi.yaml). Weeks, plans, jobs and the ledger live in the \
        workspace folder, which survives restarts; a solve cut off by a stop is marked failed when the server \
        starts again. See docs/console.md.

        Safety: listens on 127.0.0.1 unless --host says otherwise, and any other host needs --token (every \
        request must then carry it: Authorization: Bearer T, or open /?token=T once in the browser). \
        Exit codes: 0 stopped, 64 bad command line (also: another host without --token), 73 the workspace \
        cannot be created, 70 internal error.
        """)

    @Option(help: "The workspace folder (weeks, plans, jobs, ledger.sqlite); created when missing.") var workspace = "cmatch-workspace"
    @Option(help: "The address to listen on. Anything but loopback needs --token.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "An access token (at least 8 characters) every request must carry.") var token: String?

    var configuration: ConsoleConfiguration {
        ConsoleConfiguration(workspace: workspace, host: host, port: port, token: token)
    }

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let why = configuration.refusal { throw ValidationError(why) }
    }

    /// Runs the server on Swift's concurrency pool until SIGINT or SIGTERM; this thread waits for it.
    func run() throws {
        let console: Console
        do { console = try Console(configuration) } catch {
            printError("cmatch serve: the workspace \(workspace) cannot be created: \(error)")
            throw ExitCode(Exit.cannotCreate)
        }
        print("cmatch serve: http://\(host.contains(":") ? "[\(host)]" : host):\(port)/  (workspace \(console.workspace.root))")
        let app = buildApplication(console)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do { try await app.runService() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() {
            printError("cmatch serve: \(message)")
            throw ExitCode(Exit.software)
        }
    }
}

/// The server's error, handed from its task to the waiting thread.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func set(_ m: String) { lock.lock(); message = m; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return message }
}
