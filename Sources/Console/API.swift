import CommunityMatch
import Foundation
import Hummingbird
import NIOCore

/// The JSON API under /api/v1, described by `OpenAPI.document` (served at /api/v1/openapi.yaml).
func addAPI(_ router: Router<BasicRequestContext>, _ console: Console) {
    let api = router.group("api/v1")

    api.get("health") { _, _ in
        jsonResponse(.ok, .object([("status", .string("ok")), ("version", .string(Operations.version))]))
    }

    api.get("openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
    }

    api.get("weeks") { _, _ in
        jsonResponse(.ok, .object([("weeks", .array(console.workspace.weeks().map { w in
            .object([("id", .string(w.id)), ("kind", .string(w.kind)), ("created", .string(iso(w.created))),
                     ("files", .array(console.workspace.weekFiles(w.id).map { .string($0) }))])
        }))]))
    }

    api.post("weeks") { request, _ in
        let form: MultipartForm
        do { form = try await readForm(request, console.config.limits) } catch UploadError.tooLarge(let what) {
            return jsonError(.contentTooLarge, "\(what) is larger than \(console.config.limits.maxTotalBytes >> 20) MB")
        } catch {
            return jsonError(.badRequest, "send multipart/form-data with one or more parts named files")
        }
        let files = form.files("files")
        if files.isEmpty { return jsonError(.badRequest, "send one or more parts named files, each with its file name") }
        do {
            let result = try storeUpload(console, files: files)
            let rows = diagnosticRows(result, check: result.check, lang: apiLanguage(request), root: console.workspace.root)
            if isOK(result.check) {
                return jsonResponse(.created, .object([("id", .string(result.week)), ("diagnostics", diagnosticsJSON(rows))]))
            }
            // A rejected upload leaves nothing behind.
            if !result.week.isEmpty { console.workspace.removeWeek(result.week) }
            return jsonResponse(.unprocessableContent, .object([("diagnostics", diagnosticsJSON(rows))]))
        } catch UploadError.tooMany(let n) {
            return jsonError(.contentTooLarge, "\(n) files: at most \(console.config.limits.maxFiles) in one upload")
        } catch UploadError.tooLarge(let name) {
            return jsonError(.contentTooLarge, "\(name) is larger than \(console.config.limits.maxFileBytes >> 20) MB")
        }
    }

    api.get("weeks/:id") { request, context in
        let id = context.parameters.get("id") ?? ""
        guard console.workspace.weekFolder(id) != nil, let check = console.scenario(week: id) else { return jsonError(.notFound, "no week \(id)") }
        let rows = diagnosticRows(nil, check: check, lang: apiLanguage(request), root: console.workspace.root)
        return jsonResponse(.ok, .object([
            ("id", .string(id)), ("ready", .bool(isOK(check))),
            ("files", .array(console.workspace.weekFiles(id).map { .string($0) })),
            ("diagnostics", diagnosticsJSON(rows)),
            ("plans", .array(console.workspace.plans(week: id).map { .string($0.id) })),
        ]))
    }

    api.post("weeks/:id/solve") { request, context in
        let id = context.parameters.get("id") ?? ""
        guard console.workspace.weekFolder(id) != nil, let check = console.scenario(week: id) else { return jsonError(.notFound, "no week \(id)") }
        guard isOK(check) else {
            return jsonResponse(.unprocessableContent, .object([("diagnostics", diagnosticsJSON(diagnosticRows(nil, check: check, lang: apiLanguage(request), root: console.workspace.root)))]))
        }
        let (job, _) = console.submitSolve(week: id)
        return jsonResponse(.accepted, .object([("job", .string(job.id))]))
    }

    api.get("jobs/:job") { request, context in
        let id = context.parameters.get("job") ?? ""
        guard let job = console.jobs.job(id) else { return jsonError(.notFound, "no job \(id)") }
        return jsonResponse(.ok, jobJSON(job, lang: language(request)))
    }

    api.get("plans/:plan") { _, context in
        let id = context.parameters.get("plan") ?? ""
        guard let folder = console.workspace.planFolder(id), let info = console.workspace.planInfo(id),
              let doc = try? Operations.readPlan(folder) else { return jsonError(.notFound, "no plan \(id)") }
        var fields: [(String, PlanIOJSON)] = [
            ("id", .string(id)), ("week", .string(info.week)), ("scenario", .string(doc.scenario)), ("iso_week", .string(doc.week)),
            ("status", .string(doc.status)), ("verified", .bool(info.verified)),
            ("kpis", .object([
                ("tasks", .integer(doc.tasks.tasks)), ("covered", .integer(doc.tasks.covered)),
                ("covered_value", .number(doc.tasks.coveredValue)), ("unmet", .integer(doc.unmet.count)),
                ("assignments", .integer(doc.assignments.count)),
                ("members_serving", .integer(Set(doc.assignments.map(\.member)).count)),
                ("hours", .number(doc.assignments.map(\.hours).reduce(0, +))),
                ("pledge_shortfall", .number(doc.units.map(\.shortfall).reduce(0, +))),
            ])),
            ("levels", .array(doc.levels.map { l in
                .object([("level", .string(l.level)), ("value", .number(l.value)), ("bound", .number(l.bound)),
                         ("gap", .number(l.gap)), ("optimal", .bool(l.optimal))])
            })),
        ]
        if let from = info.from { fields.append(("from", .string(from))) }
        return jsonResponse(.ok, .object(fields))
    }

    api.get("plans/:plan/export") { request, context in
        try exportResponse(console, request: request, id: context.parameters.get("plan") ?? "", api: true)
    }

    api.post("plans/:plan/accept") { request, context in
        let id = context.parameters.get("plan") ?? ""
        guard let folder = console.workspace.planFolder(id) else { return jsonError(.notFound, "no plan \(id)") }
        let replace = request.uri.queryParameters.get("replace") == "true"
        switch Operations.accept(planFolder: folder, ledger: console.workspace.ledgerPath, replace: replace, lang: apiLanguage(request)) {
        case .recorded: return jsonResponse(.ok, .object([("outcome", .string("recorded"))]))
        case .alreadyRecorded: return jsonResponse(.ok, .object([("outcome", .string("already_recorded"))]))
        case .replaced: return jsonResponse(.ok, .object([("outcome", .string("replaced"))]))
        case .refused(let m): return jsonError(.conflict, m)
        }
    }

    api.get("ledger") { _, _ in
        let b = Operations.balances(ledger: console.workspace.ledgerPath)
        return jsonResponse(.ok, .object([
            ("weeks", .array((b?.weeks ?? []).map { .string($0) })),
            ("members", .array((b?.members ?? []).map { m in
                .object([("member_id", .string(m.id)), ("unit_id", .string(m.unit)), ("balance_hours", .number(m.hours)), ("services", .integer(m.services))])
            })),
        ]))
    }
}

func apiLanguage(_ request: Request) -> Language {
    if let q = request.uri.queryParameters.get("lang"), let l = Language(rawValue: q) { return l }
    return .zh
}

func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

func stateText(_ s: Job.State, _ lang: Language) -> String { PageStrings.get(s.rawValue, lang) }

func jobJSON(_ job: Job, lang: Language) -> PlanIOJSON {
    var fields: [(String, PlanIOJSON)] = [
        ("id", .string(job.id)), ("week", .string(job.week)), ("kind", .string(job.kind)), ("state", .string(job.state.rawValue)),
        ("state_text", .string(stateText(job.state, lang))),
        ("progress", .object([("phase", .string(job.phase)), ("elapsed_seconds", .number(job.elapsedSeconds))])),
        ("plan", job.plan.map { .string($0) } ?? .null),
    ]
    if let e = job.error { fields.append(("error", .string(e))) }
    if let f = job.from { fields.append(("from", .string(f))) }
    return .object(fields)
}

/// The export of a plan as `cmatch export PLAN --format F` writes it.
func exportResponse(_ console: Console, request: Request, id: String, api: Bool) throws -> Response {
    guard let folder = console.workspace.planFolder(id), let info = console.workspace.planInfo(id),
          let weekFolder = console.workspace.weekFolder(info.week) else { return jsonError(.notFound, "no plan \(id)") }
    guard let f = request.uri.queryParameters.get("format"), let format = Operations.ExportFormat(rawValue: String(f)) else {
        return jsonError(.badRequest, "format must be one of xlsx, csv, json, ics, html")
    }
    let lang = api ? apiLanguage(request) : language(request)
    switch Operations.export(planFolder: folder, scenarioFolder: weekFolder, format: format, lang: lang) {
    case .file(let data):
        console.logger.info("plan \(id) exported as \(format.rawValue)")
        return fileResponse(data, contentType: format.contentType, filename: "plan-\(id).\(format.rawValue)")
    case .failed(let m):
        return jsonError(.unprocessableContent, m)
    }
}
