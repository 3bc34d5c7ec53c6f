import Foundation
import Testing
import TestSupport

/// Every command run with `--lang zh` and `--lang en` on tiny-lanes and on a broken copy of it: no line of what a
/// person reads mixes in the other language. A heuristic, with the allowances written out below:
/// - in English output, Chinese appears only as user data: a run of Chinese characters must be one the
///   scenario's files hold whole (a name, a title), not a piece of one;
/// - in Chinese output, English appears only as ids and codes (a word with a digit, a slot label, a hash), file
///   names and paths, the scenario's own words (its tags, column names, ids) and the few codes and names below.
/// Also: the workbook read back by LibreOffice has no English in its Chinese cells, and the travel figure is the
/// same in the terminal, summary.json and the workbook.
@Suite(.serialized) struct LanguageMixTests {
    static let tiny = Paths.repo.appendingPathComponent("scenarios/tiny-lanes").path

    /// Codes and names a Chinese line may carry: formats and programs, scenario.yaml keys and objective level
    /// codes (as a person types them), slot words, and the command's own name.
    static let codes: Set<String> = [
        "cmatch", "GLPK", "CSV", "UTF", "JSON", "Excel", "WPS", "ISO", "YAML", "SHA", "KPI", "xlsx", "csv", "json", "ics", "html", "md",
        "AM", "PM", "EVE", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "any", "weekend", "weekday", "docs", "glossary",
        "name", "week", "encoding", "periods", "travel", "walking_speed_kmh", "max_travel", "weights", "priority",
        "vulnerable_factor", "continuity_bonus", "objective", "extends", "remove", "add", "scale", "columns",
        "coverage", "pledges", "fairness", "scenario_hash", "lang", "zh", "en", "ledger", "templates", "scenario",
        // the lists (scenario.yaml keys under columns: and a workbook's English sheet names), vocabulary:, workbooks
        "communities", "units", "members", "resources", "needs", "projects", "pins", "vocabulary", "skills", "kinds",
        "strict", "init", "validate", "xls", "XML", "MiB",
    ]

    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(u.value) || (0x3000...0x303F).contains(u.value) || (0xFF00...0xFFEF).contains(u.value)
    }
    static func isCJKPunctuation(_ u: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(u.value) || (0xFF00...0xFF0F).contains(u.value) || (0xFF1A...0xFF20).contains(u.value)
            || [0xFF08, 0xFF09, 0xFF0C, 0xFF1B, 0xFF1F, 0x201C, 0x201D].contains(u.value)
    }

    /// Maximal runs of Chinese characters, trimmed of Chinese punctuation at either end.
    static func cjkRuns(_ s: String) -> [String] {
        var runs: [String] = [], cur = String.UnicodeScalarView()
        func flush() {
            var r = cur
            while let f = r.first, isCJKPunctuation(f) { r.removeFirst() }
            while let l = r.last, isCJKPunctuation(l) { r.removeLast() }
            if !r.isEmpty { runs.append(String(r)) }
            cur = String.UnicodeScalarView()
        }
        for u in s.unicodeScalars { if isCJK(u) { cur.append(u) } else { flush() } }
        flush()
        return runs
    }

    /// Latin words of a line, leaving out paths and file names; a word may hold `_` and `-`.
    static func latinWords(_ line: String) -> [String] {
        var words: [String] = []
        let tokens = line.unicodeScalars.split { isCJK($0) || " \t,;:()[]{}\"'=<>|→←·—–*".unicodeScalars.contains($0) }.map { String(String.UnicodeScalarView($0)) }
        for t in tokens {
            if t.contains("/") { continue }
            if [".csv", ".json", ".yaml", ".xlsx", ".ics", ".html", ".db", ".md"].contains(where: { t.hasSuffix($0) }) { continue }
            var w = ""
            for ch in t {
                if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_" || ch == "-") { w.append(ch) } else { if !w.isEmpty { words.append(w) }; w = "" }
            }
            if !w.isEmpty { words.append(w) }
        }
        return words.filter { $0.first!.isLetter }
    }

    struct UserData {
        var runs: Set<String> = []
        var words: Set<String> = []
        init(_ folders: [String]) {
            for folder in folders {
                for f in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where f.hasSuffix(".csv") || f == "scenario.yaml" {
                    guard let text = try? String(contentsOfFile: folder + "/" + f, encoding: .utf8) else { continue }
                    // scenario.yaml: its values, not its comments.
                    let body = f == "scenario.yaml" ? text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") : text
                    runs.formUnion(LanguageMixTests.cjkRuns(body))
                    for w in LanguageMixTests.latinWords(body) { words.insert(w) }
                }
            }
        }
    }

    /// The words of `line` that belong to the other language; empty when the line is clean.
    static func foreign(_ line: String, lang: String, _ data: UserData) -> [String] {
        if lang == "en" {
            return cjkRuns(line).filter { !data.runs.contains($0) && !["是", "否"].contains($0) }
        }
        return latinWords(line).filter { w in
            if codes.contains(w) || data.words.contains(w) { return false }
            if w.contains(where: \.isNumber) { return false }                          // ids, slot labels with digits
            if w.allSatisfy({ $0.isHexDigit }) && w.count >= 6 { return false }       // hashes
            let parts = w.split(separator: "-").map(String.init)                       // Sat-AM, weekday-EVE
            if parts.count == 2 && parts.allSatisfy({ codes.contains($0) }) { return false }
            return true
        }
    }

    static func check(_ text: String, lang: String, _ data: UserData, _ what: String) {
        for line in text.split(separator: "\n").map(String.init) {
            let bad = foreign(line, lang: lang, data)
            #expect(bad.isEmpty, "\(what) [\(lang)]: \(bad) in: \(line)")
        }
    }

    @Test func theCheckerCatchesWhatTheIssueFound() {
        let data = UserData([Self.tiny])
        #expect(Self.foreign("需求 N05（社区 C3，优先级 3，价值 100）：未满足 · no_skill", lang: "zh", data) == ["no_skill"])
        #expect(Self.foreign("  需要 skill legal: 0 member(s) hold it, 1 needed", lang: "zh", data) == ["skill", "member", "s", "hold", "it", "needed"])
        #expect(Self.foreign("need N05 (社区 C3)", lang: "en", data) == ["社区"])
        #expect(Self.foreign("need N05 (community C3 (龙泉路社区))", lang: "en", data).isEmpty)
        #expect(Self.foreign("/tmp/x/needs.csv:2:3：党员 M01 在 Sat-AM，scenario_hash 015e32f283ab", lang: "zh", data).isEmpty)
    }

    /// tiny-lanes with an unknown community, hours written as a time, an unknown slot and an unknown column.
    static func brokenCopy(_ scratch: ScenarioFolder) throws -> String {
        let dir = scratch.scratch("broken")
        try FileManager.default.copyItem(atPath: Self.tiny, toPath: dir)
        let needs = dir + "/needs.csv"
        var lines = try String(contentsOfFile: needs, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        func set(_ row: Int, _ column: String, _ value: String) {
            var cells = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[header.firstIndex(of: column)!] = value
            lines[row] = cells.joined(separator: ",")
        }
        set(1, "community", "C9"); set(2, "hours", "2:00"); set(3, "slots", "Sat-XM")
        lines[0] += ",colour"
        try lines.joined(separator: "\n").write(toFile: needs, atomically: true, encoding: .utf8)
        return dir
    }

    @Test(arguments: ["zh", "en"])
    func everyCommandSpeaksOneLanguage(_ lang: String) throws {
        let scratch = try ScenarioFolder([:], defaults: false)
        let broken = try Self.brokenCopy(scratch)
        let data = UserData([Self.tiny, broken])
        let plan = scratch.scratch("plan"), ledger = scratch.scratch("street.ledger")
        let runs: [(String, [String])] = [
            ("validate", ["validate", Self.tiny]), ("validate broken", ["validate", broken]),
            ("solve", ["solve", Self.tiny, "-o", plan]), ("solve broken", ["solve", broken, "-o", scratch.scratch("nothing")]),
            ("verify", ["verify", Self.tiny, plan]), ("verify broken", ["verify", broken, plan]),
            ("explain", ["explain", plan]), ("explain N01", ["explain", plan, "N01"]), ("explain broken", ["explain", plan, "--scenario", broken]),
            ("compare", ["compare", plan, plan]),
            ("export xlsx", ["export", plan, "--format", "xlsx", "-o", scratch.scratch("p.xlsx")]),
            ("export html", ["export", plan, "--format", "html", "-o", scratch.scratch("html")]),
            ("scenario show", ["scenario", "show", Self.tiny]), ("scenario show broken", ["scenario", "show", broken]),
            ("accept", ["accept", plan, "--ledger", ledger]), ("ledger", ["ledger", ledger]),
            ("solve --ledger", ["solve", Self.tiny, "-o", scratch.scratch("plan-ledger"), "--ledger", ledger]),
            ("replan", ["replan", plan, "--drop-member", "M06", "-o", scratch.scratch("plan-replan")]),
        ]
        for (what, args) in runs {
            let r = try CLI.run(args + ["--lang", lang])
            #expect(!r.signalled && r.status != 70, "\(what): \(CLI.describe(r))")
            Self.check(r.stdout + r.stderr, lang: lang, data, what)
        }
        // The broken copy fails with its four places, in either language.
        let v = try CLI.run(["validate", broken, "--lang", lang])
        #expect(v.status == 65)
        for place in ["needs.csv:1:14: ", "needs.csv:2:2: ", "needs.csv:3:6: ", "needs.csv:4:7: "] {
            #expect(v.stderr.contains(broken + "/" + place), "\(place) missing: \(CLI.describe(v))")
        }
        // A workbook with an unknown column and an unknown skill (warnings), and one with a date typed as slots
        // (an error): the office's own words in them (最多服务小时, 驾驶) are user data.
        var book = data
        book.runs.formUnion(["最多服务小时", "驾驶"])
        for name in ["unknown-column-did-you-mean", "date-in-slots"] {
            let path = Paths.fixtures.appendingPathComponent("bad-workbooks").appendingPathComponent(name + ".xlsx").path
            let w = try CLI.run(["validate", path, "--lang", lang])
            #expect(w.status == (name == "date-in-slots" ? 65 : 0), "\(name): \(CLI.describe(w))")
            Self.check(w.stdout + w.stderr, lang: lang, book, "validate \(name)")
            let place = name == "date-in-slots" ? "\(path):needs!D2: " : "\(path):members!F1: "
            #expect(w.stderr.contains(place), "\(name): \(place) missing: \(CLI.describe(w))")
        }
        // The printable slips and letters, their text without markup.
        for f in CLI.contents(scratch.scratch("html")) where f.hasSuffix(".html") {
            var html = try String(contentsOfFile: scratch.scratch("html") + "/" + f, encoding: .utf8)
            for block in ["style", "script"] {
                while let open = html.range(of: "<\(block)"), let close = html.range(of: "</\(block)>", range: open.upperBound..<html.endIndex) {
                    html.removeSubrange(open.lowerBound..<close.upperBound)
                }
            }
            let text = html.replacingOccurrences(of: "<[^>]+>", with: "\n", options: .regularExpression)
                .replacingOccurrences(of: "&[a-z#0-9]+;", with: " ", options: .regularExpression)
            Self.check(text, lang: lang, data, "html \(f)")
        }
    }

    /// The workbook in Chinese read back by LibreOffice: no English fragment in any cell that holds Chinese, and
    /// the travel figure of its summary sheet equal to the terminal's and summary.json's.
    @Test(.enabled(if: Programs.soffice != nil || Programs.ci, "LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui"))
    func theWorkbookIsChineseAndItsTravelFigureIsTheTerminals() throws {
        let soffice = try #require(Programs.soffice, "CI is set but soffice is missing: .ci/run installs libreoffice-calc-nogui")
        let scratch = try ScenarioFolder([:], defaults: false)
        let plan = scratch.scratch("plan")
        let s = try CLI.run(["solve", Self.tiny, "-o", plan, "--lang", "zh"])
        try #require(s.status == 0, "\(CLI.describe(s))")
        let xlsx = scratch.scratch("p.xlsx"), out = scratch.scratch("lo")
        let e = try CLI.run(["export", plan, "--format", "xlsx", "-o", xlsx, "--quiet", "--lang", "zh"])
        try #require(e.status == 0, "\(CLI.describe(e))")
        let r = try Programs.run(soffice, ["-env:UserInstallation=file://\(scratch.scratch("lo-profile"))", "--headless",
                                                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                                                    "--outdir", out, xlsx])
        let data = UserData([Self.tiny])
        var sheets: [String: String] = [:]
        for name in ["派单", "未满足需求", "单位", "资源", "汇总"] {
            let stem = ((xlsx as NSString).lastPathComponent as NSString).deletingPathExtension
            let path = out + "/\(stem)-\(name).csv"
            // soffice exits 0 even when it cannot read the file: the output must exist.
            try #require(FileManager.default.fileExists(atPath: path), "LibreOffice wrote no \(name) sheet: \(CLI.describe(r))")
            sheets[name] = try String(contentsOfFile: path, encoding: .utf8)
            for cell in Self.cells(sheets[name]!) where cell.unicodeScalars.contains(where: Self.isCJK) {
                #expect(Self.foreign(cell, lang: "zh", data).isEmpty, "\(name): \(Self.foreign(cell, lang: "zh", data)) in cell: \(cell)")
            }
        }
        #expect(sheets["未满足需求"]!.contains("无人具备所需技能"))
        // The travel figure: terminal, summary.json and the workbook's summary sheet.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan + "/summary.json"))) as! [String: Any]
        let travel = (summary["kpis"] as! [String: Any])["travel"] as! [String: Any]
        func two(_ x: Any?) -> String { String(format: "%.2f", (x as! NSNumber).doubleValue) }
        let walked = two(travel["walked_minutes"]), objective = two(travel["objective_minutes"]), bonus = two(travel["continuity_bonus_minutes"])
        #expect((walked, objective, bonus) == ("46.67", "16.67", "30.00"))
        #expect(s.stdout.contains("路程目标 16.67 分钟 = 步行 46.67 分钟，减连续服务奖励 30 分钟（1 项需求由偏好党员服务）"), "\(CLI.describe(s))")
        let rows = Dictionary(Self.rows(sheets["汇总"]!).map { ($0[0], $0.count > 1 ? $0[1] : "") }, uniquingKeysWith: { a, _ in a })
        #expect(rows["步行路程合计（分钟）"].flatMap(Double.init).map { String(format: "%.2f", $0) } == walked)
        #expect(rows["路程目标（分钟）= 步行 − 奖励"].flatMap(Double.init).map { String(format: "%.2f", $0) } == objective)
        #expect(rows["连续服务奖励（分钟）"].flatMap(Double.init).map { String(format: "%.2f", $0) } == bonus)
    }

    /// With a ledger the travel objective may go negative; the terminal and summary.json still agree on its parts.
    @Test func theTravelFigureOfALedgerRunAgreesWithSummaryJSON() throws {
        let scratch = try ScenarioFolder([:], defaults: false)
        let first = scratch.scratch("w1"), ledger = scratch.scratch("street.ledger")
        try #require(try CLI.run(["solve", Self.tiny, "-o", first, "--quiet"]).status == 0)
        try #require(try CLI.run(["accept", first, "--ledger", ledger, "--quiet"]).status == 0)
        let plan = scratch.scratch("w1-again")
        let s = try CLI.run(["solve", Self.tiny, "-o", plan, "--ledger", ledger, "--lang", "en"])
        try #require(s.status == 0, "\(CLI.describe(s))")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan + "/summary.json"))) as! [String: Any]
        let travel = (summary["kpis"] as! [String: Any])["travel"] as! [String: Any]
        let levels = summary["levels"] as! [[String: Any]]
        let travelLevel = (levels.first { $0["level"] as? String == "travel" }!["value"] as! NSNumber).doubleValue
        let objective = (travel["objective_minutes"] as! NSNumber).doubleValue
        let walked = (travel["walked_minutes"] as! NSNumber).doubleValue
        let bonus = (travel["continuity_bonus_minutes"] as! NSNumber).doubleValue
        #expect(abs(objective - travelLevel) < 1e-6 && abs(walked - bonus - objective) < 1e-6)
        #expect(travel["fairness"] != nil, "a ledger run names the fairness level")
        func f(_ x: Double) -> String { String(format: "%.2f", x).replacingOccurrences(of: ".00", with: "") }
        #expect(s.stdout.contains("travel objective \(f(objective)) min = \(f(walked)) min walked"), "\(CLI.describe(s))")
    }

    static func rows(_ csv: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var it = Array(csv), i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" { if i + 1 < it.count && it[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false } } else { cell.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(cell); cell = "" }
            else if c == "\n" || c == "\r\n" { row.append(cell); rows.append(row); row = []; cell = "" }
            else { cell.append(c) }
            i += 1
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        it = []
        return rows
    }

    static func cells(_ csv: String) -> [String] { rows(csv).flatMap { $0 } }
}
