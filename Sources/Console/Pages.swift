import CommunityMatch
import Foundation
import Hummingbird
import NIOCore

/// The pages: weeks and upload, check, plan, the plan's views, adjust, what-if, out, the ledger.
func addPages(_ router: Router<BasicRequestContext>, _ console: Console) {
    router.get("static/console.css") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: Templates.css)))
    }
    router.get("static/console.js") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: Templates.script)))
    }

    router.get("/") { request, _ in
        let lang = language(request)
        let weeks = console.workspace.weeks()
        let rows: [[String: Any]] = weeks.map { w in
            let check = console.scenario(week: w.id)
            var name = ""
            if case .ok(let s, _)? = check { name = s.settings.name }
            let ok = check.map(isOK) ?? false
            return ["id": w.id, "name": name, "created": shortDate(w.created), "files": console.workspace.weekFiles(w.id).joined(separator: " "),
                    "status": PageStrings.get(ok ? "ready" : "hasErrors", lang), "statusClass": ok ? "ok" : "bad",
                    "plans": console.workspace.plans(week: w.id).prefix(3).map(\.id)]
        }
        var ctx: [String: Any] = ["rows": rows]
        if let last = weeks.first(where: { console.scenario(week: $0.id).map(isOK) ?? false }) { ctx["last"] = last.id }
        return htmlResponse(console.render("weeks", ctx, lang: lang, title: PageStrings.get("weeks", lang)), headers: languageCookie(request))
    }

    router.post("weeks") { request, _ in
        let lang = language(request)
        guard let form = try? await formChecked(request, console) else { return refused(console, lang) }
        let files = form.files("files").filter { !$0.data.isEmpty || !($0.filename ?? "").isEmpty }
        if files.isEmpty { return message(console, lang, PageStrings.get("newWeek", lang), PageStrings.get("uploadHelp", lang), back: "/", status: .badRequest) }
        do {
            let r = try storeUpload(console, files: files)
            if r.week.isEmpty { return message(console, lang, PageStrings.get("error", lang), diagnosticRows(r, check: r.check, lang: lang, root: console.workspace.root).map(\.message).joined(separator: "; "), back: "/", status: .unprocessableContent) }
            return seeOther("/weeks/\(r.week)")
        } catch { return uploadRefused(console, lang, error) }
    }

    router.get("weeks/:id") { request, context in
        let lang = language(request)
        let id = context.parameters.get("id") ?? ""
        guard console.workspace.weekFolder(id) != nil, let check = console.scenario(week: id) else { return notFound(console, lang) }
        return htmlResponse(weekPage(console, id: id, check: check, lang: lang), headers: languageCookie(request))
    }

    router.post("weeks/:id/files") { request, context in
        let lang = language(request)
        let id = context.parameters.get("id") ?? ""
        guard console.workspace.weekFolder(id) != nil else { return notFound(console, lang) }
        guard let form = try? await formChecked(request, console) else { return refused(console, lang) }
        do {
            _ = try storeUpload(console, files: form.files("files").filter { !$0.data.isEmpty }, into: id)
            return seeOther("/weeks/\(id)")
        } catch { return uploadRefused(console, lang, error) }
    }

    router.post("weeks/:id/copy") { request, context in
        let lang = language(request)
        let id = context.parameters.get("id") ?? ""
        guard console.workspace.weekFolder(id) != nil else { return notFound(console, lang) }
        guard (try? await formChecked(request, console)) != nil else { return refused(console, lang) }
        guard let new = try? console.workspace.copyStanding(from: id) else { return notFound(console, lang) }
        console.logger.info("week \(new) made from the standing lists of week \(id)")
        return seeOther("/weeks/\(new)")
    }

    router.post("weeks/:id/solve") { request, context in
        let lang = language(request)
        let id = context.parameters.get("id") ?? ""
        guard console.workspace.weekFolder(id) != nil, let check = console.scenario(week: id) else { return notFound(console, lang) }
        guard (try? await formChecked(request, console)) != nil else { return refused(console, lang) }
        guard isOK(check) else { return seeOther("/weeks/\(id)") }
        let (job, _) = console.submitSolve(week: id)
        return seeOther("/jobs/\(job.id)")
    }

    router.get("jobs/:job") { request, context in
        let lang = language(request)
        guard let job = console.jobs.job(context.parameters.get("job") ?? "") else { return notFound(console, lang) }
        var ctx: [String: Any] = ["id": job.id, "week": job.week, "kind": job.kind, "stateText": stateText(job.state, lang),
                                  "phase": job.phase, "elapsed": String(Int(job.elapsedSeconds)), "error": job.error ?? ""]
        if let p = job.plan { ctx["plan"] = p }
        if job.state == .done || job.state == .failed { ctx["finished"] = true }
        return htmlResponse(console.render("job", ctx, lang: lang, title: "\(PageStrings.get("job", lang)) \(job.id)"))
    }

    router.get("plans/:plan") { request, context in
        let lang = language(request)
        let id = context.parameters.get("plan") ?? ""
        let key = "plan|\(id)|\(lang.rawValue)"
        if let html = console.cachedPage(key) { return htmlResponse(html, headers: languageCookie(request)) }
        guard let html = PlanPage.render(console, id: id, lang: lang) else { return notFound(console, lang) }
        console.cachePage(key, html)
        return htmlResponse(html, headers: languageCookie(request))
    }

    router.get("plans/:plan/members/:member") { request, context in
        let lang = language(request)
        let id = context.parameters.get("plan") ?? "", member = context.parameters.get("member") ?? ""
        let key = "member|\(id)|\(member)|\(lang.rawValue)"
        if let html = console.cachedPage(key) { return htmlResponse(html) }
        guard let html = PlanPage.memberWeek(console, id: id, member: member, lang: lang) else { return notFound(console, lang) }
        console.cachePage(key, html)
        return htmlResponse(html)
    }

    router.get("plans/:plan/export") { request, context in
        try exportResponse(console, request: request, id: context.parameters.get("plan") ?? "", api: false)
    }

    router.get("plans/:plan/compare") { request, context in
        let lang = language(request)
        let a = context.parameters.get("plan") ?? "", b = String(request.uri.queryParameters.get("with") ?? "")
        guard let fa = console.workspace.planFolder(a), let fb = console.workspace.planFolder(b) else { return notFound(console, lang) }
        let rows = Operations.compare([fb, fa], lang: lang)
        let ctx: [String: Any] = ["a": b, "b": a, "rows": rows.map { ["label": $0.label, "values": $0.values, "differs": $0.differs] as [String: Any] }]
        return htmlResponse(console.render("compare", ctx, lang: lang, title: PageStrings.get("compare", lang)))
    }

    router.post("plans/:plan/adjust") { request, context in
        let lang = language(request)
        let id = context.parameters.get("plan") ?? ""
        guard console.workspace.planFolder(id) != nil else { return notFound(console, lang) }
        guard let form = try? await formChecked(request, console) else { return refused(console, lang) }
        var a = Operations.Adjustment()
        let member = form.value("member") ?? "", task = form.value("task") ?? ""
        switch form.value("action") {
        case "pin": a.pins = [(task: task, member: member, slot: (form.value("slot") ?? "").trimmingCharacters(in: .whitespaces))]
        case "drop": a.dropMembers = [member]
        case "cancel": a.cancelTasks = [task]
        default: return message(console, lang, PageStrings.get("adjust", lang), "?", back: "/plans/\(id)", status: .badRequest)
        }
        guard let job = console.submitReplan(plan: id, adjustment: a, lang: lang) else { return notFound(console, lang) }
        return seeOther("/jobs/\(job.id)")
    }

    router.post("plans/:plan/whatif") { request, context in
        let lang = language(request)
        let id = context.parameters.get("plan") ?? ""
        guard let info = console.workspace.planInfo(id), console.workspace.planFolder(id) != nil else { return notFound(console, lang) }
        guard let form = try? await formChecked(request, console) else { return refused(console, lang) }
        guard let week = WhatIf.make(console, base: info.week, form: form) else {
            return message(console, lang, PageStrings.get("whatif", lang), lang.pick("请至少选择一项假设。", "Choose at least one assumption."), back: "/plans/\(id)#whatif", status: .badRequest)
        }
        guard case .ok? = console.scenario(week: week) else { return seeOther("/weeks/\(week)") }
        let (job, _) = console.submitSolve(week: week, compareWith: id)
        return seeOther("/jobs/\(job.id)")
    }

    router.post("plans/:plan/accept") { request, context in
        let lang = language(request)
        let id = context.parameters.get("plan") ?? ""
        guard let folder = console.workspace.planFolder(id) else { return notFound(console, lang) }
        guard let form = try? await formChecked(request, console) else { return refused(console, lang) }
        let text: String
        switch Operations.accept(planFolder: folder, ledger: console.workspace.ledgerPath, replace: form.value("replace") == "1", lang: lang) {
        case .recorded: text = PageStrings.get("accepted", lang)
        case .alreadyRecorded: text = PageStrings.get("alreadyAccepted", lang)
        case .replaced: text = PageStrings.get("replaced", lang)
        case .refused(let m): text = m
        }
        console.logger.info("plan \(id) accept: \(text)")
        return message(console, lang, PageStrings.get("accept", lang), text, back: "/ledger")
    }

    router.get("ledger") { request, _ in
        let lang = language(request)
        let b = Operations.balances(ledger: console.workspace.ledgerPath)
        let ctx: [String: Any] = ["weeks": b?.weeks ?? [], "members": (b?.members ?? []).map { m in
            ["id": m.id, "name": m.name, "unit": m.unit, "hours": Operations.number(m.hours), "services": String(m.services)] as [String: Any]
        }]
        return htmlResponse(console.render("ledger", ctx, lang: lang, title: PageStrings.get("ledger", lang)), headers: languageCookie(request))
    }
}

func shortDate(_ d: Date) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd HH:mm"
    f.timeZone = TimeZone(identifier: "Asia/Shanghai")
    return f.string(from: d)
}

/// A form post's fields, after its hidden per-process token is checked (CSRF).
func formChecked(_ request: Request, _ console: Console) async throws -> MultipartForm {
    let form = try await readForm(request, console.config.limits)
    guard let t = form.value("_csrf"), SafetyMiddleware<BasicRequestContext>(token: nil).equal(t, console.formToken) else {
        throw UploadError.notMultipart
    }
    return form
}

func message(_ console: Console, _ lang: Language, _ heading: String, _ text: String, back: String, status: HTTPResponse.Status = .ok) -> Response {
    htmlResponse(console.render("message", ["heading": heading, "text": text, "back": back], lang: lang, title: heading), status: status)
}

func notFound(_ console: Console, _ lang: Language) -> Response {
    message(console, lang, PageStrings.get("notFound", lang), PageStrings.get("notFound", lang), back: "/", status: .notFound)
}

func refused(_ console: Console, _ lang: Language) -> Response {
    message(console, lang, PageStrings.get("error", lang),
            lang.pick("表单已过期或不完整（服务重启过？）。请返回，刷新页面后再试。", "The form is stale or incomplete (was the server restarted?). Go back, reload the page and try again."),
            back: "/", status: .forbidden)
}

func uploadRefused(_ console: Console, _ lang: Language, _ error: Error) -> Response {
    let limits = console.config.limits
    let text: String
    switch error {
    case UploadError.tooMany(let n): text = lang.pick("一次上传了 \(n) 个文件，最多 \(limits.maxFiles) 个。", "\(n) files in one upload; at most \(limits.maxFiles).")
    case UploadError.tooLarge(let name): text = lang.pick("\(name) 太大（每个文件最多 \(limits.maxFileBytes >> 20) MB，一次最多 \(limits.maxTotalBytes >> 20) MB）。", "\(name) is too large (at most \(limits.maxFileBytes >> 20) MB a file, \(limits.maxTotalBytes >> 20) MB an upload).")
    default: text = lang.pick("上传无法读取。", "The upload could not be read.")
    }
    return message(console, lang, PageStrings.get("error", lang), text, back: "/", status: .contentTooLarge)
}

func weekPage(_ console: Console, id: String, check: Operations.CheckOutcome, lang: Language) -> String {
    let full = check
    let rows = diagnosticRows(nil, check: full, lang: lang, root: console.workspace.root)
    var ctx: [String: Any] = [
        "id": id, "files": console.workspace.weekFiles(id).joined(separator: " "),
        "diagnostics": rows.map { ["file": $0.file, "line": $0.line == 0 ? "" : String($0.line), "column": $0.column == 0 ? "" : String($0.column),
                                   "message": $0.message, "severity": $0.severity] as [String: Any] },
        "errors": rows.filter { $0.severity == "error" }.map(\.message),
        "jobs": console.jobs.jobs(week: id).prefix(5).map { j in
            var d: [String: Any] = ["id": j.id, "kind": j.kind, "stateText": stateText(j.state, lang)]
            if let p = j.plan { d["plan"] = p }
            if let e = j.error { d["error"] = e }
            return d
        },
        "plans": console.workspace.plans(week: id).map { p in
            var d: [String: Any] = ["id": p.id, "created": shortDate(p.created)]
            if let f = p.from { d["note"] = "\(PageStrings.get("from", lang)) \(f)" }
            return d
        },
    ]
    if let info = console.workspace.weekInfo(id), let from = info.from { ctx["from"] = from }
    switch full {
    case .ok(let s, _):
        ctx["ok"] = true
        ctx["name"] = s.settings.name
        ctx["counts"] = lang.pick("社区 \(s.communities.count) 个，党员 \(s.members.count) 人，单位 \(s.units.count) 个，需求 \(s.needs.count) 条，项目 \(s.projects.count) 个。",
                                  "\(s.communities.count) communities, \(s.members.count) members, \(s.units.count) units, \(s.needs.count) needs, \(s.projects.count) projects.")
    case .unreadable: break
    case .invalid: break
    }
    return console.render("week", ctx, lang: lang, title: "\(PageStrings.get("week", lang)) \(id)")
}

/// A what-if week: an overlay (`extends:`) on the base week with the assumption chosen on the page.
enum WhatIf {
    static func make(_ console: Console, base: String, form: MultipartForm) -> String? {
        var yaml = "extends: ../\(base)\n"
        var files: [String: Data] = [:]
        var any = false
        let unit = (form.value("remove_unit") ?? "").trimmingCharacters(in: .whitespaces)
        if !unit.isEmpty { yaml += "remove:\n  units: [\(quoted(unit))]\n"; any = true }
        let category = (form.value("category") ?? "").trimmingCharacters(in: .whitespaces)
        if !category.isEmpty, let factor = Double((form.value("factor") ?? "").trimmingCharacters(in: .whitespaces)), factor > 0, factor <= 10 {
            yaml += "scale:\n  needs: {\(quoted(category)): \(factor)}\n"; any = true
        }
        if let m = form.files("members").first, !m.data.isEmpty {
            files["new-members.csv"] = m.data
            yaml += "add:\n  members: new-members.csv\n"; any = true
        }
        guard any else { return nil }
        let id = console.workspace.nextID("w", in: "weeks")
        files["scenario.yaml"] = Data(yaml.utf8)
        try? console.workspace.store(files, inWeek: id)
        console.workspace.saveWeekInfo(.init(id: id, created: Date(), kind: "whatif", from: base))
        console.logger.info("what-if week \(id) on week \(base)")
        return id
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
