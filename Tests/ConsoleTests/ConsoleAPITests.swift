import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The console's JSON API and pages, driven through Hummingbird's router test client: every call of
/// /api/v1 and its errors, the upload limits, the safety rules, the background jobs, restarts.
@Suite struct ConsoleAPITests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tiny = repo.appendingPathComponent("scenarios/tiny-lanes").path
    static let tinyFiles = ["communities.csv", "members.csv", "units.csv", "needs.csv", "projects.csv", "resources.csv", "scenario.yaml"]

    /// A fresh workspace in a fresh parent folder, so a test can also see that nothing lands beside it.
    static func scratch() throws -> (parent: String, workspace: String) {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        return (parent, parent + "/ws")
    }

    static func tinyParts(replacing: [String: String] = [:]) throws -> [(name: String, data: Data)] {
        try tinyFiles.map { name in
            if let text = replacing[name] { return (name, Data(text.utf8)) }
            return (name, try Data(contentsOf: URL(fileURLWithPath: tiny + "/" + name)))
        }
    }

    static func multipart(_ files: [(name: String, data: Data)], field: String = "files", extra: [String: String] = [:]) -> (HTTPFields, ByteBuffer) {
        let boundary = "----cmatch-test-\(UUID().uuidString)"
        var body = Data()
        for (k, v) in extra {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        for f in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(f.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(f.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    static func json(_ r: TestResponse) -> [String: Any] {
        guard let o = try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any] else { return [:] }
        return o
    }

    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    /// Uploads tiny-lanes; the new week's id.
    static func uploadTiny(_ client: some TestClientProtocol) async throws -> String {
        let (h, b) = multipart(try tinyParts())
        let r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
        #expect(r.status == .created, "\(text(r))")
        return try #require(json(r)["id"] as? String)
    }

    /// Polls a job until it is done or failed (at most `seconds`).
    static func waitForJob(_ client: some TestClientProtocol, _ job: String, seconds: Double = 120) async throws -> [String: Any] {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            let r = try await client.execute(uri: "/api/v1/jobs/\(job)", method: .get)
            #expect(r.status == .ok)
            let j = json(r)
            if let s = j["state"] as? String, s == "done" || s == "failed" { return j }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("job \(job) did not finish in \(seconds) s")
        return [:]
    }

    // MARK: - health and the contract

    @Test func healthAnswers200() async throws {
        let s = try Self.scratch()
        let app = buildApplication(try Console(ConsoleConfiguration(workspace: s.workspace)))
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/health", method: .get)
            #expect(r.status == .ok)
            #expect(Self.json(r)["status"] as? String == "ok")
            #expect(r.headers[.accessControlAllowOrigin] == nil, "no CORS headers")
        }
    }

    @Test func openAPIDocumentListsEveryRoute() async throws {
        let s = try Self.scratch()
        let app = buildApplication(try Console(ConsoleConfiguration(workspace: s.workspace)))
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(r.status == .ok)
            let doc = Self.text(r)
            #expect(doc.hasPrefix("openapi: 3."))
            for path in ["/health:", "/weeks:", "/weeks/{id}:", "/weeks/{id}/solve:", "/jobs/{job}:", "/plans/{plan}:", "/plans/{plan}/export:",
                         "/plans/{plan}/accept:", "/ledger:", "/openapi.yaml:"] {
                #expect(doc.contains("\n  " + path), "openapi.yaml lacks \(path)")
            }
            for code in ["\"201\"", "\"202\"", "\"413\"", "\"422\"", "\"404\""] { #expect(doc.contains(code)) }
        }
    }

    // MARK: - uploads

    @Test func uploadStoresTheWeekAndGives201() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        try await buildApplication(console).test(.router) { client in
            let id = try await Self.uploadTiny(client)
            #expect(id == "w1")
            #expect(Set(console.workspace.weekFiles(id)) == Set(Self.tinyFiles))
            let r = try await client.execute(uri: "/api/v1/weeks/\(id)", method: .get)
            #expect(r.status == .ok)
            #expect(Self.json(r)["ready"] as? Bool == true)
        }
    }

    @Test func uploadWithErrorsGives422WithDiagnosticsAndKeepsNothing() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        var needs = try String(contentsOfFile: Self.tiny + "/needs.csv", encoding: .utf8)
        needs = needs.replacingOccurrences(of: "N02,C2,elderly-care,陪同王大爷到医院复诊（需用车）,1,3,Sat-AM,driving,1,", with: "N02,C2,elderly-care,陪同王大爷到医院复诊（需用车）,1,3,Sat-AM,driving,urgent,")
        try #require(needs.contains("urgent"))
        let brokenNeeds = needs
        try await buildApplication(console).test(.router) { client in
            let (h, b) = Self.multipart(try Self.tinyParts(replacing: ["needs.csv": brokenNeeds]))
            let r = try await client.execute(uri: "/api/v1/weeks?lang=en", method: .post, headers: h, body: b)
            #expect(r.status == .unprocessableContent)
            let diagnostics = try #require(Self.json(r)["diagnostics"] as? [[String: Any]])
            let row = try #require(diagnostics.first { ($0["severity"] as? String) == "error" })
            #expect(row["file"] as? String == "needs.csv")
            #expect(row["line"] as? Int == 3)
            #expect(row["column"] as? Int == 9)
            #expect((row["message"] as? String ?? "").contains("urgent"))
            #expect(!(row["message"] as? String ?? "").contains(s.workspace), "no server paths in messages")
            #expect(console.workspace.weeks().isEmpty, "a rejected upload leaves no week")
        }
    }

    @Test func fileNamesAreReducedAndUnknownNamesDropped() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        var parts = try Self.tinyParts()
        parts[0].name = "../../communities.csv"          // reduced to communities.csv inside the week
        parts[1].name = "C:\\lists\\members.csv"
        parts.append((name: "../../evil.csv", data: Data("x\n".utf8)))
        parts.append((name: "/etc/passwd", data: Data("root\n".utf8)))
        let upload = parts
        try await buildApplication(console).test(.router) { client in
            let (h, b) = Self.multipart(upload)
            let r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .created, "\(Self.text(r))")
            let id = try #require(Self.json(r)["id"] as? String)
            #expect(Set(console.workspace.weekFiles(id)) == Set(Self.tinyFiles), "only list names kept, under their last component")
            let dropped = (Self.json(r)["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
            #expect(dropped.contains("evil.csv") && dropped.contains("passwd"))
            #expect(!FileManager.default.fileExists(atPath: s.parent + "/evil.csv"))
            #expect(!FileManager.default.fileExists(atPath: s.parent + "/communities.csv"))
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: s.parent)) == ["ws"], "nothing written beside the workspace")
        }
    }

    @Test func aZipOfTheListsIsAWeek() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        // zip(1) is not everywhere: build the archive with the library the console reads it with.
        let zipPath = s.parent + "/lists.zip"
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        zip.arguments = ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); [z.write(sys.argv[2]+'/'+n, 'lists/'+n) for n in sys.argv[3:]]; z.close()",
                         zipPath, Self.tiny] + Self.tinyFiles
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return }
        try zip.run(); zip.waitUntilExit()
        try await buildApplication(console).test(.router) { client in
            let (h, b) = Self.multipart([(name: "lists.zip", data: try Data(contentsOf: URL(fileURLWithPath: zipPath)))])
            let r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .created, "\(Self.text(r))")
            #expect(Set(console.workspace.weekFiles("w1")) == Set(Self.tinyFiles))
        }
        try? FileManager.default.removeItem(atPath: zipPath)
    }

    @Test func tooManyOrTooLargeFilesGive413() async throws {
        let s = try Self.scratch()
        var config = ConsoleConfiguration(workspace: s.workspace)
        config.limits.maxFiles = 10
        config.limits.maxFileBytes = 64 << 10
        config.limits.maxTotalBytes = 256 << 10
        let console = try Console(config)
        try await buildApplication(console).test(.router) { client in
            let many = (0..<11).map { (name: "needs\($0).csv", data: Data("id\n".utf8)) }
            var (h, b) = Self.multipart(many)
            var r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .contentTooLarge, "\(Self.text(r))")
            (h, b) = Self.multipart([(name: "needs.csv", data: Data(repeating: 65, count: 100 << 10))])
            r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .contentTooLarge, "one file over the limit")
            (h, b) = Self.multipart((0..<5).map { (name: "x\($0).csv", data: Data(repeating: 65, count: 60 << 10)) })
            r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .contentTooLarge, "the whole upload over the limit")
            #expect(console.workspace.weeks().isEmpty)
            r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x"))
            #expect(r.status == .badRequest)
        }
    }

    // MARK: - solve, job, plan, export

    @Test func solveJobPlanAndExports() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        try await buildApplication(console).test(.router) { client in
            let week = try await Self.uploadTiny(client)
            let r = try await client.execute(uri: "/api/v1/weeks/\(week)/solve", method: .post)
            #expect(r.status == .accepted)
            let job = try #require(Self.json(r)["job"] as? String)
            let j = try await Self.waitForJob(client, job)
            #expect(j["state"] as? String == "done", "\(j)")
            #expect((j["progress"] as? [String: Any])?["phase"] != nil)
            let plan = try #require(j["plan"] as? String)

            let p = try await client.execute(uri: "/api/v1/plans/\(plan)", method: .get)
            #expect(p.status == .ok)
            let summary = Self.json(p)
            let kpis = try #require(summary["kpis"] as? [String: Any])
            // tiny-lanes/README.md: ten tasks, six covered.
            #expect(kpis["tasks"] as? Int == 10)
            #expect(kpis["covered"] as? Int == 6)
            #expect(summary["verified"] as? Bool == true)
            #expect((summary["levels"] as? [[String: Any]])?.first?["level"] as? String == "coverage")

            let expected: [String: String] = ["xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv",
                                              "json": "application/json", "ics": "text/calendar", "html": "text/html"]
            for (format, type) in expected {
                let e = try await client.execute(uri: "/api/v1/plans/\(plan)/export?format=\(format)", method: .get)
                #expect(e.status == .ok, "\(format)")
                #expect(e.headers[.contentType]?.hasPrefix(type) == true, "\(format): \(e.headers[.contentType] ?? "")")
                let body = e.body
                #expect(body.readableBytes > 100, "\(format) is not empty")
                switch format {
                case "xlsx": #expect(Data(buffer: body).prefix(2) == Data("PK".utf8))
                case "ics": #expect(String(buffer: body).hasPrefix("BEGIN:VCALENDAR"))
                case "csv": #expect(String(buffer: body).hasPrefix("\u{FEFF}"), "Excel CSV with a BOM")
                case "json": #expect((try? JSONSerialization.jsonObject(with: Data(buffer: body))) != nil)
                default: #expect(String(buffer: body).contains("<html"))
                }
            }
            let bad = try await client.execute(uri: "/api/v1/plans/\(plan)/export?format=pdf", method: .get)
            #expect(bad.status == .badRequest)

            // The plan folder is the one cmatch solve writes, and cmatch verify's second opinion holds.
            let folder = try #require(console.workspace.planFolder(plan))
            for f in ["assignments.csv", "resources.csv", "unmet.csv", "units.csv", "summary.json", "plan.json"] {
                #expect(FileManager.default.fileExists(atPath: folder + "/" + f), "\(f)")
            }

            // Accept into the ledger, twice: the second changes nothing.
            var a = try await client.execute(uri: "/api/v1/plans/\(plan)/accept", method: .post)
            #expect(Self.json(a)["outcome"] as? String == "recorded")
            a = try await client.execute(uri: "/api/v1/plans/\(plan)/accept", method: .post)
            #expect(Self.json(a)["outcome"] as? String == "already_recorded")
            let l = try await client.execute(uri: "/api/v1/ledger", method: .get)
            #expect((Self.json(l)["members"] as? [Any])?.count == 10)

            // The pages of the plan: masked residents' names, a member's week, English by the switch.
            let page = try await client.execute(uri: "/plans/\(plan)", method: .get)
            #expect(page.status == .ok)
            let html = Self.text(page)
            #expect(html.contains("张**") && !html.contains("张奶奶"), "residents' names masked as on the slips")
            #expect(html.contains("<svg") && html.contains("id=\"street-map\""))
            let en = try await client.execute(uri: "/plans/\(plan)?lang=en", method: .get)
            #expect(Self.text(en).contains("By community"))
            #expect(en.headers[.setCookie]?.contains("lang=en") == true)
            let m = try await client.execute(uri: "/plans/\(plan)/members/M01", method: .get)
            #expect(m.status == .ok && Self.text(m).contains("李明"))
        }
    }

    @Test func unknownIDsGive404() async throws {
        let s = try Self.scratch()
        let app = buildApplication(try Console(ConsoleConfiguration(workspace: s.workspace)))
        try await app.test(.router) { client in
            for (uri, method) in [("/api/v1/weeks/w99", HTTPRequest.Method.get), ("/api/v1/weeks/w99/solve", .post), ("/api/v1/jobs/j99", .get),
                                  ("/api/v1/plans/p99", .get), ("/api/v1/plans/p99/export?format=xlsx", .get), ("/api/v1/plans/p99/accept", .post),
                                  ("/api/v1/weeks/..%2F..%2Fetc/solve", .post), ("/api/v1/plans/..", .get), ("/plans/p99", .get), ("/weeks/w99", .get)] {
                let r = try await client.execute(uri: uri, method: method)
                #expect(r.status == .notFound, "\(method) \(uri): \(r.status)")
            }
        }
    }

    @Test func aSecondPlanRequestWhileOneRunsGetsTheSameJob() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        let gate = DispatchSemaphore(value: 0)
        let first = console.jobs.submit(week: "w1", kind: "solve") { _, _ in gate.wait(); return .failure(.init("stopped by the test")) }
        let second = console.jobs.submit(week: "w1", kind: "solve") { _, _ in .success("p9") }
        #expect(first.new && !second.new)
        #expect(first.job.id == second.job.id)
        gate.signal()
        for _ in 0..<100 where !console.jobs.idle() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(console.jobs.job(first.job.id)?.state == .failed)
    }

    @Test func aFailedSolveLeavesEarlierPlansAndARestartMarksRunningJobsFailed() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        let plan = try await buildApplication(console).test(.router) { client -> String in
            let week = try await Self.uploadTiny(client)
            let r = try await client.execute(uri: "/api/v1/weeks/\(week)/solve", method: .post)
            let j = try await Self.waitForJob(client, Self.json(r)["job"] as? String ?? "")
            let plan = try #require(j["plan"] as? String)
            // The lists break after the plan was made: a solve now fails, and the plan stays.
            try Data("id,lat\nC1,abc\n".utf8).write(to: URL(fileURLWithPath: console.workspace.weekFolder(week)! + "/communities.csv"))
            let job = console.submitSolve(week: week).job
            let f = try await Self.waitForJob(client, job.id)
            #expect(f["state"] as? String == "failed")
            #expect(f["plan"] is NSNull)
            let p = try await client.execute(uri: "/api/v1/plans/\(plan)", method: .get)
            #expect(p.status == .ok)
            let again = try await client.execute(uri: "/api/v1/weeks/\(week)/solve", method: .post)
            #expect(again.status == .unprocessableContent, "the API refuses to plan a week with errors")
            return plan
        }
        // A server killed mid-solve: its job file says running. The next start marks it failed.
        let killed = """
        {"created":"2026-12-07T03:00:00Z","id":"j77","kind":"solve","phase":"coverage","started":"2026-12-07T03:00:01Z","state":"running","week":"w1"}
        """
        try Data(killed.utf8).write(to: URL(fileURLWithPath: s.workspace + "/jobs/j77.json"))
        let restarted = try Console(ConsoleConfiguration(workspace: s.workspace))
        #expect(restarted.jobs.job("j77")?.state == .failed)
        #expect(restarted.jobs.job("j77")?.error?.contains("stopped") == true)
        #expect(restarted.workspace.planFolder(plan) != nil, "plans survive the restart")
        #expect(restarted.workspace.weeks().count == 1)
    }

    @Test func adjustingAPlanGoesThroughReplanAndIsVerified() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        try await buildApplication(console).test(.router) { client in
            let week = try await Self.uploadTiny(client)
            let r = try await client.execute(uri: "/api/v1/weeks/\(week)/solve", method: .post)
            let plan = try #require(try await Self.waitForJob(client, Self.json(r)["job"] as? String ?? "")["plan"] as? String)
            var a = Operations.Adjustment()
            a.dropMembers = ["M06"]   // serves N02 in the plan
            let job = try #require(console.submitReplan(plan: plan, adjustment: a, lang: .en))
            let j = try await Self.waitForJob(client, job.id)
            #expect(j["state"] as? String == "done", "\(j)")
            let new = try #require(j["plan"] as? String)
            let info = try #require(console.workspace.planInfo(new))
            #expect(info.from == plan && info.verified)
            #expect(!(info.changes ?? []).isEmpty, "the changes are listed")
            let doc = try Operations.readPlan(console.workspace.planFolder(new)!)
            #expect(!doc.assignments.contains { $0.member == "M06" })

            // A pin: M07 serves N01 in the plan already; pin M03 (no evening conflict) to N01 instead.
            var pin = Operations.Adjustment()
            pin.pins = [(task: "N01", member: "M07", slot: "")]
            let pj = try #require(console.submitReplan(plan: plan, adjustment: pin, lang: .en))
            let pr = try await Self.waitForJob(client, pj.id)
            #expect(pr["state"] as? String == "done", "\(pr)")
            let pinned = try Operations.readPlan(console.workspace.planFolder(pr["plan"] as? String ?? "")!)
            #expect(pinned.assignments.contains { $0.taskID == "N01" && $0.member == "M07" })

            var unknown = Operations.Adjustment()
            unknown.cancelTasks = ["N999"]
            let uj = try #require(console.submitReplan(plan: plan, adjustment: unknown, lang: .en))
            #expect(try await Self.waitForJob(client, uj.id)["state"] as? String == "failed")
        }
    }

    // MARK: - safety

    @Test func aTokenIsRequiredOnEveryRequest() async throws {
        let s = try Self.scratch()
        let app = buildApplication(try Console(ConsoleConfiguration(workspace: s.workspace, host: "0.0.0.0", token: "secret-token-1")))
        try await app.test(.router) { client in
            for uri in ["/api/v1/health", "/", "/static/console.css", "/api/v1/openapi.yaml"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .unauthorized, "\(uri)")
            }
            var r = try await client.execute(uri: "/api/v1/health", method: .get, headers: [.authorization: "Bearer wrong-token-1"])
            #expect(r.status == .unauthorized)
            r = try await client.execute(uri: "/api/v1/health", method: .get, headers: [.authorization: "Bearer secret-token-1"])
            #expect(r.status == .ok)
            r = try await client.execute(uri: "/?token=secret-token-1", method: .get)
            #expect(r.status == .seeOther)
            let cookie = try #require(r.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            r = try await client.execute(uri: "/", method: .get, headers: [.cookie: "cmatch_token=secret-token-1"])
            #expect(r.status == .ok)
        }
        #expect(ConsoleConfiguration(host: "0.0.0.0").refusal != nil)
        #expect(ConsoleConfiguration(host: "127.0.0.1").refusal == nil)
        #expect(ConsoleConfiguration(host: "localhost").refusal == nil)
        #expect(ConsoleConfiguration(host: "192.168.1.5", token: "long-enough").refusal == nil)
    }

    @Test func formsNeedTheirTokenAndCrossSitePostsAreRefused() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        try await buildApplication(console).test(.router) { client in
            // A page form without the hidden token (a forged post from elsewhere) is refused.
            var (h, b) = Self.multipart(try Self.tinyParts())
            var r = try await client.execute(uri: "/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .forbidden)
            #expect(console.workspace.weeks().isEmpty)
            // A post whose Origin is another site is refused, even on the API.
            h[.origin] = "http://evil.example"
            r = try await client.execute(uri: "/api/v1/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .forbidden)
            // The page's own form, with the token from the page, works.
            let page = Self.text(try await client.execute(uri: "/", method: .get))
            let token = try #require(page.range(of: "name=\"_csrf\" value=\"").map { String(page[$0.upperBound...].prefix(48)) })
            (h, b) = Self.multipart(try Self.tinyParts(), extra: ["_csrf": token])
            r = try await client.execute(uri: "/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/weeks/w1")
            let week = Self.text(try await client.execute(uri: "/weeks/w1", method: .get))
            #expect(week.contains("id=\"check-ok\""))
            #expect(week.contains("legal"), "the warnings are shown with the check")

            // Copy last week's standing lists into a new week: this week's needs and projects are not copied.
            (h, b) = Self.multipart([], extra: ["_csrf": token])
            r = try await client.execute(uri: "/weeks/w1/copy", method: .post, headers: h, body: b)
            #expect(r.status == .seeOther && r.headers[.location] == "/weeks/w2")
            #expect(Set(console.workspace.weekFiles("w2")) == ["communities.csv", "members.csv", "units.csv", "resources.csv", "scenario.yaml"])
            let copied = Self.text(try await client.execute(uri: "/weeks/w2", method: .get))
            #expect(copied.contains("needs.csv") && copied.contains("id=\"plan-button\" disabled"), "needs.csv is missing until uploaded")
        }
    }

    @Test func theCheckPageListsErrorsAndDisablesPlanning() async throws {
        let s = try Self.scratch()
        let console = try Console(ConsoleConfiguration(workspace: s.workspace))
        try await buildApplication(console).test(.router) { client in
            let page = Self.text(try await client.execute(uri: "/", method: .get))
            let token = try #require(page.range(of: "name=\"_csrf\" value=\"").map { String(page[$0.upperBound...].prefix(48)) })
            let broken = "id,community,category,title,headcount,hours,slots\nN01,C1,elderly-care,探访,1,1,\n"
            let (h, b) = Self.multipart(try Self.tinyParts(replacing: ["needs.csv": broken]), extra: ["_csrf": token])
            let r = try await client.execute(uri: "/weeks", method: .post, headers: h, body: b)
            #expect(r.status == .seeOther)
            let week = Self.text(try await client.execute(uri: "/weeks/w1", method: .get))
            #expect(week.contains("<tr class=\"error\"><td>needs.csv</td><td>2</td><td>7</td>"), "an error row with file, row and column")
            #expect(week.contains("id=\"plan-button\" disabled"))
            #expect(week.contains("<table class=\"diagnostics\" id=\"diagnostics\">"), "the rows sit in a table")
            #expect(!week.contains("{{") && !week.contains(".first"), "every template tag rendered")
        }
    }
}
