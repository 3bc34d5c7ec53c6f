import CommunityMatch
import Foundation
import Hummingbird
import Logging
import Mustache
import NIOCore
import PlanIO

/// How `cmatch serve` was started.
public struct ConsoleConfiguration: Sendable {
    public var workspace: String
    public var host: String
    public var port: Int
    /// With a token every request must carry it (header, cookie, or `?token=` once).
    public var token: String?
    public var limits = Workspace.UploadLimits()
    public init(workspace: String = "cmatch-workspace", host: String = "127.0.0.1", port: Int = 8080, token: String? = nil) {
        self.workspace = workspace; self.host = host; self.port = port; self.token = token
    }

    /// Loopback names and addresses: the only hosts the console binds to without a token.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        let parts = h.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Why the configuration must not start, or nil: another host than loopback needs a token, since
    /// residents' needs are personal information.
    public var refusal: String? {
        if !Self.isLoopback(host) && (token ?? "").isEmpty {
            return "cmatch serve: refusing to listen on \(host) without --token: the console holds residents' needs, which are personal information; give --token T (every request must then carry it) or keep the default --host 127.0.0.1"
        }
        if let t = token, !t.isEmpty, t.count < 8 { return "cmatch serve: --token must be at least 8 characters" }
        return nil
    }
}

/// The console's state shared by every request: the workspace, the solve queue, the templates, the
/// per-process form token, and caches of plan pages (a plan never changes once written).
public final class Console: @unchecked Sendable {
    public let config: ConsoleConfiguration
    public let workspace: Workspace
    public let jobs: JobQueue
    let templates: MustacheLibrary
    /// Hidden in every form and checked on every form post (CSRF).
    let formToken: String
    let logger: Logger
    private let lock = NSLock()
    private var pageCache: [String: String] = [:]
    private var scenarioCache: [String: (Date, Scenario, [Diagnostic])] = [:]
    private var documentCache: [String: PlanDocument] = [:]

    public init(_ config: ConsoleConfiguration, logger: Logger = Logger(label: "cmatch.serve")) throws {
        self.config = config
        self.logger = logger
        self.workspace = try Workspace(root: config.workspace)
        self.jobs = JobQueue(workspace: workspace, logger: logger)
        self.templates = try Templates.library()
        var bytes = [UInt8](repeating: 0, count: 24)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        self.formToken = bytes.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: caches

    func cachedPage(_ key: String) -> String? { lock.lock(); defer { lock.unlock() }; return pageCache[key] }
    func cachePage(_ key: String, _ html: String) {
        lock.lock(); defer { lock.unlock() }
        if pageCache.count > 2000 { pageCache.removeAll() }
        pageCache[key] = html
    }

    /// A plan's plan.json, read once: a plan folder never changes after it is written.
    func planDocument(_ id: String) -> PlanDocument? {
        lock.lock()
        if let d = documentCache[id] { lock.unlock(); return d }
        lock.unlock()
        guard let folder = workspace.planFolder(id), let doc = try? Operations.readPlan(folder) else { return nil }
        lock.lock(); defer { lock.unlock() }
        if documentCache.count > 50 { documentCache.removeAll() }
        documentCache[id] = doc
        return doc
    }

    /// The checked scenario of a week, read again when its folder changed.
    func scenario(week: String) -> Operations.CheckOutcome? {
        guard let folder = workspace.weekFolder(week) else { return nil }
        let stamp = latestChange(folder)
        lock.lock()
        if let (d, s, w) = scenarioCache[week], d == stamp { lock.unlock(); return .ok(scenario: s, warnings: w) }
        lock.unlock()
        let outcome = Operations.check(folder: folder)
        if case .ok(let s, let w) = outcome {
            lock.lock(); scenarioCache[week] = (stamp, s, w); lock.unlock()
        }
        return outcome
    }

    func latestChange(_ folder: String) -> Date {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var latest = Date(timeIntervalSince1970: 0)
        for n in names + ["."] {
            if let d = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + n))?[.modificationDate] as? Date, d > latest { latest = d }
        }
        return latest
    }

    // MARK: rendering

    func render(_ name: String, _ context: [String: Any], lang: Language, title: String, notice: String? = nil) -> String {
        var ctx = context
        ctx["t"] = PageStrings.dictionary(lang)
        ctx["csrf"] = formToken
        Self.addFlags(&ctx)
        let content = templates.render(ctx, withTemplate: name) ?? ""
        var page: [String: Any] = ["t": PageStrings.dictionary(lang), "lang": lang == .zh ? "zh-CN" : "en", "title": title, "content": content]
        if let notice { page["notice"] = notice }
        return templates.render(page, withTemplate: "layout") ?? content
    }

    /// `has_rows` beside every list `rows`, for the templates' table wrappers.
    static func addFlags(_ ctx: inout [String: Any]) {
        for (k, v) in ctx {
            if let a = v as? [Any] { ctx["has_" + k] = !a.isEmpty }
        }
    }

    // MARK: the solve and re-plan jobs

    /// Queues the plan of a week; a second call while one is queued or running returns that one.
    public func submitSolve(week: String, compareWith: String? = nil) -> (job: Job, new: Bool) {
        let ws = workspace
        return jobs.submit(week: week, kind: "solve") { job, progress in
            guard let folder = ws.weekFolder(week) else { return .failure(.init("the week is gone")) }
            guard case .ok(let s, _) = Operations.check(folder: folder) else { return .failure(.init("the lists have errors: check the week")) }
            switch Operations.solve(s, progress: progress) {
            case .plan(let plan):
                return Self.keep(ws, week: week, job: job,
                                 write: { try Operations.writePlan(s, plan, to: $0, scenarioFolder: folder); return s }) { info in
                    info.compareWith = compareWith
                }
            case .pinConflict(let m): return .failure(.init("pins cannot hold: " + m))
            case .noPlan: return .failure(.init("the time limit passed before any plan was found"))
            case .failed(let m): return .failure(.init("internal error: " + m))
            }
        }
    }

    /// Writes a plan folder (by `write`), verifies it against the week, and records it; removes it when it
    /// breaks a rule.
    /// `write` writes the folder it is given and returns the week the plan must keep every rule of.
    static func keep(_ ws: Workspace, week: String, job: Job,
                     write: (String) throws -> Scenario, _ edit: (inout Workspace.PlanInfo) -> Void) -> Result<String, JobQueue.JobFailure> {
        let pid = ws.nextID("p", in: "plans")
        let out = ws.root + "/plans/" + pid
        let s: Scenario
        do {
            s = try write(out)
        } catch let f as JobQueue.JobFailure {
            try? FileManager.default.removeItem(atPath: out)
            return .failure(f)
        } catch {
            try? FileManager.default.removeItem(atPath: out)
            return .failure(.init("the plan could not be written: \(error)"))
        }
        let violations = Operations.verify(s, planFolder: out)
        if !violations.isEmpty {
            try? FileManager.default.removeItem(atPath: out)
            return .failure(.init("internal error: the plan breaks \(violations.count) rule(s): \(violations.prefix(3).joined(separator: "; "))"))
        }
        var info = Workspace.PlanInfo(id: pid, week: week, job: job.id, created: Date(), from: job.from, verified: true)
        edit(&info)
        ws.savePlanInfo(info)
        return .success(pid)
    }

    /// Queues a re-plan of `plan` after an adjustment (Adjust page).
    public func submitReplan(plan pid: String, adjustment: Operations.Adjustment, lang: Language) -> Job? {
        guard let info = workspace.planInfo(pid), let planFolder = workspace.planFolder(pid) else { return nil }
        let ws = workspace
        let week = info.week
        return jobs.submit(week: week, kind: "replan", from: pid, unique: false) { job, _ in
            guard let folder = ws.weekFolder(week) else { return .failure(.init("the week is gone")) }
            guard case .ok(let s, _) = Operations.check(folder: folder) else { return .failure(.init("the lists have errors: check the week")) }
            // The files name their folder (summary.json's from_plan is relative to it), so they are made for it.
            var lines: [Workspace.ChangeLine]? = nil
            return Self.keep(ws, week: week, job: job, write: { out in
                switch Operations.replan(s, scenarioFolder: folder, planFolder: planFolder, output: out, adjustment: adjustment, lang: lang) {
                case .replanned(let files, let changed, let l):
                    lines = l
                    try Operations.writeFolder(files, to: out)
                    return changed
                case .rejected(let m): throw JobQueue.JobFailure(m)
                case .failed(let m): throw JobQueue.JobFailure("internal error: " + m)
                }
            }) { info in
                info.changes = lines
            }
        }.job
    }
}
