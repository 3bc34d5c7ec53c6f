import CommunityMatch
import Foundation
import Logging

/// A solve or a re-plan, as the page and the API see it.
public struct Job: Codable, Sendable {
    public enum State: String, Codable, Sendable { case queued, running, done, failed }
    public var id: String
    public var week: String
    /// "solve" or "replan" (Adjust).
    public var kind: String
    public var state: State
    /// The solver's latest phase, e.g. "coverage: 34 tasks".
    public var phase: String = ""
    public var created: Date
    public var started: Date?
    public var finished: Date?
    public var plan: String?
    /// The plan a re-plan starts from.
    public var from: String?
    public var error: String?

    public var elapsedSeconds: Double {
        guard let started else { return 0 }
        return (finished ?? Date()).timeIntervalSince(started)
    }
}

/// Runs solves one at a time, each on a Thread of its own: GLPK keeps its state per thread and a solve is
/// CPU-heavy, so it never runs on Swift's cooperative pool, which serves the requests. Job states are kept
/// in the workspace; a job found `queued` or `running` when the server starts was cut off by a stop and is
/// marked failed (its week and the plans written before are untouched: a plan folder appears whole or not
/// at all).
public final class JobQueue: @unchecked Sendable {
    public typealias Work = @Sendable (_ job: Job, _ progress: @escaping @Sendable (String) -> Void) -> Result<String, JobFailure>

    public struct JobFailure: Error, Sendable { public var message: String; public init(_ m: String) { message = m } }

    let workspace: Workspace
    let logger: Logger
    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    private var pending: [(String, Work)] = []
    private var workerRunning = false

    init(workspace: Workspace, logger: Logger) {
        self.workspace = workspace
        self.logger = logger
        let dir = workspace.root + "/jobs"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasSuffix(".json") {
            guard var job = workspace.readJSON(Job.self, at: dir + "/" + name) else { continue }
            if job.state == .queued || job.state == .running {
                job.state = .failed
                job.error = "the server stopped before this job finished; plan the week again"
                job.finished = job.finished ?? Date()
                workspace.writeJSON(job, to: dir + "/\(job.id).json")
                logger.info("job \(job.id) of week \(job.week) marked failed: the server stopped during it")
            }
            jobs[job.id] = job
        }
    }

    public func job(_ id: String) -> Job? {
        guard Workspace.isID(id, prefix: "j") else { return nil }
        lock.lock(); defer { lock.unlock() }
        return jobs[id]
    }

    /// The queued or running job of a week and kind, if any: a second click while one runs gets that one.
    public func active(week: String, kind: String) -> Job? {
        lock.lock(); defer { lock.unlock() }
        return jobs.values.first { $0.week == week && $0.kind == kind && ($0.state == .queued || $0.state == .running) }
    }

    public func jobs(week: String) -> [Job] {
        lock.lock(); defer { lock.unlock() }
        return jobs.values.filter { $0.week == week }.sorted { (Int($0.id.dropFirst()) ?? 0) > (Int($1.id.dropFirst()) ?? 0) }
    }

    /// Queues `work`; returns the existing job instead when `unique` and one of that week and kind is active.
    public func submit(week: String, kind: String, from: String? = nil, unique: Bool = true, work: @escaping Work) -> (job: Job, new: Bool) {
        if unique, let j = active(week: week, kind: kind) { return (j, false) }
        lock.lock()
        if unique, let j = jobs.values.first(where: { $0.week == week && $0.kind == kind && ($0.state == .queued || $0.state == .running) }) {
            lock.unlock(); return (j, false)
        }
        let id = workspace.nextID("j", in: "jobs")
        try? FileManager.default.removeItem(atPath: workspace.root + "/jobs/" + id)   // the reservation folder
        let job = Job(id: id, week: week, kind: kind, state: .queued, created: Date(), from: from)
        jobs[id] = job
        pending.append((id, work))
        let start = !workerRunning
        workerRunning = true
        save(job)
        lock.unlock()
        logger.info("job \(id) queued: \(kind) of week \(week)")
        if start { startWorker() }
        return (job, true)
    }

    private func save(_ job: Job) { workspace.writeJSON(job, to: workspace.root + "/jobs/\(job.id).json") }

    private func update(_ id: String, _ change: (inout Job) -> Void) {
        lock.lock()
        guard var j = jobs[id] else { lock.unlock(); return }
        change(&j)
        jobs[id] = j
        lock.unlock()
        save(j)
    }

    private func startWorker() {
        let thread = Thread { [self] in self.drain() }
        thread.name = "cmatch-solve"
        thread.stackSize = 16 << 20
        thread.start()
    }

    private func drain() {
        while true {
            lock.lock()
            if pending.isEmpty { workerRunning = false; lock.unlock(); return }
            let (id, work) = pending.removeFirst()
            var job = jobs[id]!
            job.state = .running
            job.started = Date()
            jobs[id] = job
            lock.unlock()
            save(job)
            logger.info("job \(id) running")
            let result = work(job) { [weak self] phase in
                self?.lock.lock(); self?.jobs[id]?.phase = phase; self?.lock.unlock()
            }
            switch result {
            case .success(let plan):
                update(id) { $0.state = .done; $0.plan = plan; $0.finished = Date() }
                logger.info("job \(id) done: plan \(plan)")
            case .failure(let f):
                update(id) { $0.state = .failed; $0.error = f.message; $0.finished = Date() }
                logger.info("job \(id) failed")
            }
        }
    }

    /// Waits (for tests and the load tool) until no job is queued or running.
    public func idle() -> Bool {
        lock.lock(); defer { lock.unlock() }
        return !workerRunning
    }
}
