import Console
import Foundation
import HummingbirdTesting
import Testing

/// `cmatch serve` as a street office starts it: the refusal to listen beyond loopback without a token, and
/// the browser end-to-end run (tools/console_e2e.py, Playwright driving Debian's headless Chromium).
@Suite struct ServeCLITests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `cmatch` beside the test bundle in the products directory.
    static let cmatch: String? = {
        var dirs: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent()) }
        if let first = CommandLine.arguments.first { dirs.append(URL(fileURLWithPath: first).standardizedFileURL.deletingLastPathComponent()) }
        dirs.append(Bundle.main.bundleURL)
        for dir in dirs {
            var d = dir
            for _ in 0..<4 {
                let c = d.appendingPathComponent("cmatch").path
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: c, isDirectory: &isDir), !isDir.boolValue, FileManager.default.isExecutableFile(atPath: c) { return c }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// A program on PATH (the python3 that pip installs into, e.g. a pyenv shim, comes first).
    static func executable(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin"]
        return path.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var ci: Bool {
        let v = (ProcessInfo.processInfo.environment["CI"] ?? "").lowercased()
        return !v.isEmpty && v != "false" && v != "0"
    }

    static func run(_ exe: String, _ args: [String], timeout: Double = 600) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("serve-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("serve-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit() }
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return (p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test func anotherHostWithoutATokenExits64AndSaysWhy() throws {
        let exe = try #require(Self.cmatch, "cmatch was not found next to the test bundle; run swift build --build-tests")
        let ws = FileManager.default.temporaryDirectory.appendingPathComponent("serve-refuse-\(UUID().uuidString)").path
        let r = try Self.run(exe, ["serve", "--host", "0.0.0.0", "--port", "0", "--workspace", ws], timeout: 30)
        #expect(r.status == 64, "\(r)")
        #expect(r.err.contains("without --token") && r.err.contains("personal information"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: ws), "nothing is created when it refuses")
        let short = try Self.run(exe, ["serve", "--host", "0.0.0.0", "--token", "short", "--workspace", ws], timeout: 30)
        #expect(short.status == 64)
    }

    /// The browser run: upload tiny-lanes with a broken file first (an error row), fix it, plan, open a
    /// member's week, pin an assignment, download the workbook, no script error on any page. Skipped when
    /// python3, Playwright or Chromium are missing, failed under CI=true.
    @Test func theConsoleWorksInARealBrowser() throws {
        let exe = try #require(Self.cmatch, "cmatch was not found next to the test bundle")
        let python = Self.executable("python3") ?? "/usr/bin/python3"
        let chromium = "/usr/bin/chromium-headless-shell"
        var missing: [String] = []
        if !FileManager.default.isExecutableFile(atPath: python) { missing.append("python3") }
        if !FileManager.default.isExecutableFile(atPath: chromium) { missing.append("chromium-headless-shell") }
        if missing.isEmpty, (try? Self.run(python, ["-c", "import playwright"], timeout: 60))?.status != 0 { missing.append("PyPI playwright") }
        if !missing.isEmpty {
            #expect(!Self.ci, "missing under CI: \(missing.joined(separator: ", ")) (.ci/run installs them)")
            return
        }
        let r = try Self.run(python, [Self.repo.appendingPathComponent("tools/console_e2e.py").path, "--cmatch", exe], timeout: 420)
        #expect(r.status == 0, "tools/console_e2e.py failed:\n\(r.out)\n\(r.err)")
        #expect(r.out.contains("console e2e: ok"), "\(r.out)")
    }

    /// The console and the command line never disagree: the plan the console writes is the one `cmatch solve`
    /// writes (byte for byte, timings aside), and its downloads are the files `cmatch export` writes.
    @Test func theConsoleAndTheCommandLineWriteTheSameFiles() async throws {
        let exe = try #require(Self.cmatch, "cmatch was not found next to the test bundle")
        let s = try ConsoleAPITests.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        try await buildApplication(console).test(.router) { client in
            let week = try await ConsoleAPITests.uploadTiny(client)
            let r = try await client.execute(uri: "/api/v1/weeks/\(week)/solve", method: .post)
            let j = try await ConsoleAPITests.waitForJob(client, ConsoleAPITests.json(r)["job"] as? String ?? "")
            let plan = try #require(j["plan"] as? String)
            let folder = try #require(console.workspace.planFolder(plan))

            let cliPlan = s.parent + "/cli-plan"
            let solved = try Self.run(exe, ["solve", ConsoleAPITests.tiny, "-o", cliPlan, "--quiet"])
            try #require(solved.status == 0, "\(solved)")
            for f in ["assignments.csv", "resources.csv", "unmet.csv", "units.csv"] {
                #expect(FileManager.default.contents(atPath: folder + "/" + f) == FileManager.default.contents(atPath: cliPlan + "/" + f), "\(f) differs")
            }

            for format in ["xlsx", "ics", "html", "json", "csv"] {
                let out = s.parent + "/export." + format
                let e = try Self.run(exe, ["export", folder, "--format", format, "-o", out, "--quiet"])
                try #require(e.status == 0, "\(e)")
                let served = try await client.execute(uri: "/api/v1/plans/\(plan)/export?format=\(format)", method: .get)
                #expect(Data(buffer: served.body) == FileManager.default.contents(atPath: out), "\(format): the download differs from cmatch export")
            }
        }
        try? FileManager.default.removeItem(atPath: s.parent)
    }
}
