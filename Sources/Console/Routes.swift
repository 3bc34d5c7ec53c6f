import CommunityMatch
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The application `cmatch serve` runs and the tests drive: the JSON API under /api/v1 and the pages.
public func buildApplication(_ console: Console) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: SafetyMiddleware(token: console.config.token))
    addAPI(router, console)
    addPages(router, console)
    var logger = console.logger
    logger.logLevel = .info
    return Application(router: router,
                       configuration: .init(address: .hostname(console.config.host, port: console.config.port), serverName: "cmatch"),
                       logger: logger)
}

// MARK: responses

func jsonResponse(_ status: HTTPResponse.Status, _ value: PlanIOJSON) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
             body: .init(byteBuffer: ByteBuffer(string: value.rendered() + "\n")))
}

func jsonError(_ status: HTTPResponse.Status, _ message: String) -> Response {
    jsonResponse(status, .object([("error", .string(message))]))
}

func htmlResponse(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var h = headers
    h[.contentType] = "text/html; charset=utf-8"
    h[.cacheControl] = "no-store"
    return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: html)))
}

func seeOther(_ location: String) -> Response { Response(status: .seeOther, headers: [.location: location]) }

func fileResponse(_ data: Data, contentType: String, filename: String) -> Response {
    Response(status: .ok, headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(filename)\""],
             body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// The page's language: `?lang=` (remembered in a cookie), else the cookie, else Chinese.
func language(_ request: Request) -> Language {
    if let q = request.uri.queryParameters.get("lang"), let l = Language(rawValue: q) { return l }
    if let c = request.cookies["lang"]?.value, let l = Language(rawValue: c) { return l }
    return .zh
}

func languageCookie(_ request: Request) -> HTTPFields {
    guard let q = request.uri.queryParameters.get("lang"), Language(rawValue: q) != nil else { return [:] }
    return [.setCookie: "lang=\(q); Path=/; SameSite=Strict; Max-Age=31536000"]
}

// MARK: safety

/// Every request: the token when one is set (header `Authorization: Bearer T`, the cookie set by `?token=T`
/// or the login form); every request that changes something: an `Origin`, when the browser sends one, of
/// this same host (no cross-site form posts; forms also carry the per-process token). No CORS headers are
/// ever sent, so other sites' scripts cannot read the answers.
struct SafetyMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, !token.isEmpty {
            let bearer = request.headers[.authorization].map { equal($0, "Bearer " + token) } ?? false
            let cookie = request.cookies["cmatch_token"].map { equal($0.value, token) } ?? false
            if !bearer && !cookie {
                if let q = request.uri.queryParameters.get("token"), equal(String(q), token), request.method == .get {
                    return Response(status: .seeOther, headers: [
                        .location: request.uri.path,
                        .setCookie: "cmatch_token=\(token); Path=/; HttpOnly; SameSite=Strict",
                    ])
                }
                if request.uri.path.hasPrefix("/api/") {
                    var r = jsonError(.unauthorized, "this console needs its token: send Authorization: Bearer TOKEN")
                    r.headers[.wwwAuthenticate] = "Bearer"
                    return r
                }
                return htmlResponse(loginPage(language(request)), status: .unauthorized)
            }
        }
        if request.method != .get && request.method != .head, let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            if origin != "http://" + host && origin != "https://" + host {
                return request.uri.path.hasPrefix("/api/") ? jsonError(.forbidden, "cross-site requests are refused")
                    : htmlResponse("cross-site requests are refused", status: .forbidden)
            }
        }
        return try await next(request, context)
    }

    func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }

    func loginPage(_ lang: Language) -> String {
        let t = PageStrings.self
        return """
        <!doctype html><html><head><meta charset="utf-8"><title>\(t.get("login", lang))</title><link rel="stylesheet" href="/static/console.css"></head>
        <body><main><section class="card"><h1>\(t.get("login", lang))</h1><form method="get" action="/"><label>\(t.get("token", lang))
        <input type="password" name="token" id="token"></label> <button type="submit">\(t.get("enter", lang))</button></form></section></main></body></html>
        """
    }
}

// MARK: uploads

enum UploadError: Error {
    case tooLarge(String)
    case tooMany(Int)
    case notMultipart
}

/// The files of a multipart body (parts named `files`, or `name` for one field), within the limits.
func readForm(_ request: Request, _ limits: Workspace.UploadLimits) async throws -> MultipartForm {
    guard let type = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: type) else {
        throw UploadError.notMultipart
    }
    let buffer: ByteBuffer
    do { buffer = try await request.body.collect(upTo: limits.maxTotalBytes) } catch { throw UploadError.tooLarge("the upload") }
    guard let form = MultipartForm(data: Data(buffer: buffer), boundary: boundary) else { throw UploadError.notMultipart }
    return form
}

/// Sorts and stores an upload into a new week (or `into` an existing one); the diagnostics of the result.
struct UploadResult {
    var week: String
    var dropped: [String]
    var check: Operations.CheckOutcome
}

func storeUpload(_ console: Console, files: [MultipartForm.Part], into: String? = nil) throws -> UploadResult {
    let uploaded = files.map { Workspace.UploadedFile(name: $0.filename ?? "", data: $0.data) }
    if uploaded.count > console.config.limits.maxFiles { throw UploadError.tooMany(uploaded.count) }
    let sorted: (kept: [String: Data], dropped: [String])
    do {
        sorted = try Workspace.sortUpload(uploaded, limits: console.config.limits)
    } catch let p as Workspace.UploadProblem {
        switch p {
        case .tooMany(let n): throw UploadError.tooMany(n)
        case .tooLarge(let n): throw UploadError.tooLarge(Workspace.baseName(n) ?? "a file")
        case .badArchive(let n): return UploadResult(week: "", dropped: [n], check: .unreadable(path: n, message: nil, reason: "not a zip archive that can be read"))
        }
    }
    let week: String
    if let into { week = into } else {
        week = console.workspace.nextID("w", in: "weeks")
        console.workspace.saveWeekInfo(.init(id: week, created: Date(), kind: "upload"))
    }
    try console.workspace.store(sorted.kept, inWeek: week)
    console.logger.info("week \(week): \(sorted.kept.count) file(s) stored, \(sorted.dropped.count) dropped")
    guard let folder = console.workspace.weekFolder(week) else { throw UploadError.notMultipart }
    return UploadResult(week: week, dropped: sorted.dropped, check: Operations.check(folder: folder))
}

/// Diagnostics as the API and the Check page show them: file, line, column and the message in the words of
/// `cmatch validate`.
func diagnosticRows(_ result: UploadResult?, check: Operations.CheckOutcome, lang: Language, root: String) -> [(file: String, line: Int, column: Int, message: String, severity: String)] {
    var rows: [(String, Int, Int, String, String)] = []
    for name in result?.dropped ?? [] {
        rows.append((name, 0, 0, lang.pick("不是名单文件，已忽略（可用的名字：communities.csv、members.csv、units.csv、needs.csv、resources.csv、projects.csv、travel.csv、pins.csv、scenario.yaml，或一个 .xlsx 工作簿）",
                                           "not a list file, ignored (the names used: communities.csv, members.csv, units.csv, needs.csv, resources.csv, projects.csv, travel.csv, pins.csv, scenario.yaml, or one .xlsx workbook)"), "warning"))
    }
    func place(_ d: Diagnostic) -> (String, Int, Int, String, String) {
        let base = (d.location.file as NSString).lastPathComponent
        let file = d.location.sheet.map { "\(base):\($0)" } ?? base
        // Messages name files by their place in the workspace, never the server's own folders.
        return (file, d.location.line, d.location.column, d.text.text(lang).replacingOccurrences(of: root + "/weeks/", with: ""), d.severity.rawValue)
    }
    switch check {
    case .ok(_, let warnings): rows += warnings.map(place)
    case .invalid(let errors, let warnings): rows += (errors + warnings).sorted { $0.location < $1.location }.map(place)
    case .unreadable(let path, let message, let reason):
        rows.append(((path as NSString).lastPathComponent, 0, 0, lang(.cannotBeRead, ["path": (path as NSString).lastPathComponent, "reason": message?.text(lang) ?? reason]), "error"))
    }
    return rows
}

func diagnosticsJSON(_ rows: [(file: String, line: Int, column: Int, message: String, severity: String)]) -> PlanIOJSON {
    .array(rows.map { r in
        .object([("file", .string(r.file)), ("line", .integer(r.line)), ("column", .integer(r.column)),
                 ("message", .string(r.message)), ("severity", .string(r.severity))])
    })
}

func isOK(_ c: Operations.CheckOutcome) -> Bool { if case .ok = c { return true }; return false }
