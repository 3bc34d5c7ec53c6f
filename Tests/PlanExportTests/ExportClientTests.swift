import Foundation
import Testing
import TestSupport

/// `cmatch export` as a user runs it, and its files read back by the programs people open them with:
/// LibreOffice for the workbook, PyPI's icalendar for the calendar, headless Chromium and pdftotext for the
/// printable pages. Each client test is skipped when its program is missing and CI is unset, and fails when
/// CI is set (.ci/run installs them all).
@Suite struct ExportClientTests {

    static let repo = Paths.repo

    static var ci: Bool { Programs.ci }
    static let soffice = Programs.soffice
    static let chromium = Programs.chromium
    static let pdftotext = Programs.pdftotext
    static let python = Programs.python
    static var icalendar: Bool { Programs.icalendar }

    /// tiny-lanes solved into a fresh plan folder; the folder holds the exports too.
    static func solvedTinyLanes() throws -> (scratch: ScenarioFolder, plan: String) {
        let scratch = try ScenarioFolder([:], defaults: false)
        let plan = scratch.scratch("plan")
        let r = try CLI.run(["solve", repo.appendingPathComponent("scenarios/tiny-lanes").path, "-o", plan, "--quiet"])
        try #require(r.status == 0, "\(CLI.describe(r))")
        return (scratch, plan)
    }

    /// assignments.csv rows as (task_id, member_id, slot, hours), sorted: what every export must show.
    static func planRows(_ plan: String) throws -> [[String]] {
        let text = try String(contentsOfFile: plan + "/assignments.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let h = lines[0]
        let idx = ["task_id", "member_id", "slot", "hours"].map { h.firstIndex(of: $0)! }
        return lines.dropFirst().map { l in idx.map { l[$0] } }.sorted { $0.joined(separator: "|") < $1.joined(separator: "|") }
    }

    static func run(_ exe: String, _ args: [String]) throws -> CLI.Run { try Programs.run(exe, args) }

    // MARK: - The command line

    @Test func everyFormatIsWrittenAndTheSameBytesInAnyTimeZone() throws {
        let (scratch, plan) = try Self.solvedTinyLanes()
        let cmatch = try #require(CLI.cmatch)
        var first: [String: Data] = [:]
        for (round, tz) in ["UTC", "America/Los_Angeles"].enumerated() {
            for (format, out, extra) in [("xlsx", "p.xlsx", []), ("csv", "csv", []), ("csv", "a.csv", []), ("json", "p.json", []),
                                         ("ics", "p.ics", []), ("ics", "ics", ["--per-member"]), ("html", "p.html", [])] as [(String, String, [String])] {
                let path = scratch.scratch("\(round)-\(out)")
                let r = try CLI.run(["TZ=\(tz)", "LANG=C", cmatch.path, "export", plan, "--format", format, "-o", path, "--quiet"] + extra,
                                    executable: URL(fileURLWithPath: "/usr/bin/env"))
                #expect(r.status == 0 && r.stdout.isEmpty, "\(format): \(CLI.describe(r))")
                var isDir: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDir))
                let files = isDir.boolValue ? CLI.contents(path).map { path + "/" + $0 } : [path]
                for f in files {
                    let key = out + (isDir.boolValue ? "/" + (f as NSString).lastPathComponent : "")
                    let data = try Data(contentsOf: URL(fileURLWithPath: f))
                    if round == 0 { first[key] = data } else { #expect(first[key] == data, "\(key) differs between runs") }
                }
            }
        }
        #expect(first.keys.filter { $0.hasPrefix("csv/") }.count == 5)
        #expect(first.keys.filter { $0.hasPrefix("ics/") }.count == 10, "one calendar per serving member")
        // Nothing left behind but what was asked for.
        #expect(!CLI.contents(scratch.path).contains { $0.hasPrefix(".") })
    }

    @Test func exitCodesName64_65_66_73() throws {
        let (scratch, plan) = try Self.solvedTinyLanes()
        var r = try CLI.run(["export", plan, "--format", "pdf", "-o", scratch.scratch("x")])
        #expect(r.status == 64, "\(CLI.describe(r))")
        r = try CLI.run(["export", plan, "--format", "xlsx", "--per-member", "-o", scratch.scratch("x")])
        #expect(r.status == 64, "\(CLI.describe(r))")
        r = try CLI.run(["export", plan, "--format", "xlsx"])
        #expect(r.status == 64, "\(CLI.describe(r))")
        r = try CLI.run(["export", scratch.scratch("no-such-plan"), "--format", "xlsx", "-o", scratch.scratch("x.xlsx"), "--lang", "en"])
        #expect(r.status == 66 && r.stderr.contains("cannot read the plan"), "\(CLI.describe(r))")
        r = try CLI.run(["export", plan, "--format", "xlsx", "-o", "/nonexistent-\(UUID().uuidString)/p.xlsx", "--lang", "en"])
        #expect(r.status == 73 && r.stderr.contains("cannot be written"), "\(CLI.describe(r))")
        r = try CLI.run(["export", plan, "--format", "csv", "-o", "/proc/cmatch-\(UUID().uuidString)"])
        #expect(r.status == 73, "\(CLI.describe(r))")
        // A broken plan.json: 65 naming the key.
        let broken = scratch.scratch("broken")
        try FileManager.default.copyItem(atPath: plan, toPath: broken)
        let json = try String(contentsOfFile: broken + "/plan.json", encoding: .utf8)
        try json.replacingOccurrences(of: "\"assignments\": [", with: "\"assignments\": 3, \"x\": [")
            .write(toFile: broken + "/plan.json", atomically: true, encoding: .utf8)
        r = try CLI.run(["export", broken, "--format", "json", "-o", scratch.scratch("b.json")])
        #expect(r.status == 65 && r.stderr.contains("assignments"), "\(CLI.describe(r))")
        // An edited template with a typo: 65 with file:line:column, nothing written.
        let templates = scratch.scratch("templates")
        r = try CLI.run(["export", "--write-templates", templates])
        #expect(r.status == 0 && CLI.contents(templates).count == 5, "\(CLI.describe(r))")
        try "<section>\n  {{member_nmae}}</section>\n".write(toFile: templates + "/slip.html", atomically: true, encoding: .utf8)
        let out = scratch.scratch("t.html")
        r = try CLI.run(["export", plan, "--format", "html", "--templates", templates, "-o", out, "--lang", "en"])
        #expect(r.status == 65 && r.stderr.contains("slip.html:2:3: unknown placeholder {{member_nmae}}"), "\(CLI.describe(r))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    // MARK: - Real clients

    @Test(.enabled(if: soffice != nil || ci, "LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui"))
    func libreOfficeReadsTheWorkbookWithTheRowsOfAssignmentsCSVAndIdsIntact() throws {
        let soffice = try #require(Self.soffice, "CI is set but soffice is missing: .ci/run installs libreoffice-calc-nogui")
        // tiny-lanes, plus a scenario whose member ids and phones are long digit strings.
        let (scratch, plan) = try Self.solvedTinyLanes()
        let digits = try ScenarioFolder([
            "members.csv": "id,name,unit,community,slots,phone\n110101199001011234,李明,U1,C1,Sat-AM,13808711001\n",
            "scenario.yaml": "week: 2026-W48\n",
        ])
        let digitsPlan = digits.scratch("plan")
        let s = try CLI.run(["solve", digits.path, "-o", digitsPlan, "--quiet"])
        try #require(s.status == 0, "\(CLI.describe(s))")
        for (p, name) in [(plan, "tiny"), (digitsPlan, "digits")] {
            let xlsx = scratch.scratch("\(name).xlsx"), outDir = scratch.scratch("lo-\(name)")
            let e = try CLI.run(["export", p, "--format", "xlsx", "-o", xlsx, "--quiet"])
            try #require(e.status == 0, "\(CLI.describe(e))")
            // All sheets, UTF-8 (the filter's last token -1 writes one CSV per sheet: NAME-SHEET.csv).
            let r = try Self.run(soffice, ["-env:UserInstallation=file://\(scratch.scratch("lo-profile"))", "--headless",
                                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                                           "--outdir", outDir, xlsx])
            // soffice exits 0 even when it cannot read the file: the output must exist.
            let stem = ((xlsx as NSString).lastPathComponent as NSString).deletingPathExtension
            let sheet = outDir + "/\(stem)-派单.csv"
            try #require(FileManager.default.fileExists(atPath: sheet), "LibreOffice wrote no 派单 sheet: \(CLI.describe(r))")
            for other in ["未满足需求", "单位", "资源", "汇总"] {
                #expect(FileManager.default.fileExists(atPath: outDir + "/\(stem)-\(other).csv"), "no \(other) sheet")
            }
            let lines = try String(contentsOfFile: sheet, encoding: .utf8).split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            let idx = ["任务编号", "党员编号", "时段", "小时"].map { header.firstIndex(of: $0) }
            try #require(!idx.contains(nil), "header: \(lines[0])")
            let rows = lines.dropFirst().map { l -> [String] in
                let cells = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return idx.map { cells[$0!] }
            }.sorted { $0.joined(separator: "|") < $1.joined(separator: "|") }
            #expect(rows == (try Self.planRows(p)), "\(name): the 派单 sheet as LibreOffice reads it")
            if name == "digits" {
                let text = lines.joined(separator: "\n")
                #expect(text.contains(",110101199001011234,") && text.contains(",13808711001,"), "ids as text: \(text)")
                #expect(!text.contains("E+"))
            }
        }
    }

    @Test(.enabled(if: icalendar || ci, "python3 with PyPI's icalendar is not installed; .ci/run installs it"))
    func icalendarParsesOneEventPerAssignmentAtTheSlotsLocalTimes() throws {
        let python = try #require(Self.python, "CI is set but python3 is missing")
        try #require(Self.icalendar, "CI is set but icalendar is not importable: .ci/run pip-installs it")
        let (scratch, plan) = try Self.solvedTinyLanes()
        let ics = scratch.scratch("p.ics")
        let e = try CLI.run(["export", plan, "--format", "ics", "-o", ics, "--quiet"])
        try #require(e.status == 0, "\(CLI.describe(e))")
        let script = """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            tz = [str(t['TZID']) for t in cal.walk('VTIMEZONE')]
            print('TZ', ','.join(tz))
            for ev in cal.walk('VEVENT'):
                s, e = ev.decoded('DTSTART'), ev.decoded('DTEND')
                print('EV', str(ev['UID']), s.strftime('%Y-%m-%dT%H:%M'), e.strftime('%H:%M'), int(s.utcoffset().total_seconds()), ev.get('DTSTART').params.get('TZID'), str(ev['SUMMARY']).split('：')[0])
            """
        let r = try Self.run(python, ["-c", script, ics])
        try #require(r.status == 0, "\(CLI.describe(r))")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "TZ Asia/Shanghai")
        let events = lines.filter { $0.hasPrefix("EV ") }.map { $0.split(separator: " ").map(String.init) }
        let rows = try Self.planRows(plan)
        #expect(events.count == rows.count, "one event per assignment")
        #expect(Set(events.map { $0[1] }).count == events.count, "distinct UIDs")
        // Slot → local start/end in 2026-W48 (Mon 23 Nov): Mon-EVE 19-21, Sat-AM 08-12, …
        let day = ["Mon": 23, "Tue": 24, "Wed": 25, "Thu": 26, "Fri": 27, "Sat": 28, "Sun": 29]
        let period = ["AM": ("08:00", "12:00"), "PM": ("14:00", "18:00"), "EVE": ("19:00", "21:00")]
        var expected: [String] = rows.map { r in
            let parts = r[2].split(separator: "-").map(String.init)
            let (s, e) = period[parts[1]]!
            return "2026-11-\(day[parts[0]]!)T\(s) \(e)"
        }
        expected.sort()
        let seen = events.map { "\($0[2]) \($0[3])" }.sorted()
        #expect(seen == expected)
        #expect(events.allSatisfy { $0[4] == "28800" && $0[5] == "Asia/Shanghai" }, "\(events)")
    }

    @Test(.enabled(if: (chromium != nil && pdftotext != nil) || ci, "chromium-headless-shell or pdftotext is not installed; .ci/run installs them"))
    func chromiumPrintsAPDFWithEveryMembersSlipAndTheLetters() throws {
        let chromium = try #require(Self.chromium, "CI is set but chromium-headless-shell is missing")
        let pdftotext = try #require(Self.pdftotext, "CI is set but pdftotext (poppler-utils) is missing")
        let (scratch, plan) = try Self.solvedTinyLanes()
        let html = scratch.scratch("p.html"), pdf = scratch.scratch("p.pdf")
        let e = try CLI.run(["export", plan, "--format", "html", "-o", html, "--quiet"])
        try #require(e.status == 0, "\(CLI.describe(e))")
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        let r = try Self.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scratch.scratch("chromium"))",
                                        "--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://\(html)"])
        try #require(FileManager.default.fileExists(atPath: pdf), "Chromium wrote no PDF: \(CLI.describe(r))")
        let t = try Self.run(pdftotext, [pdf, "-"])
        try #require(t.status == 0, "\(CLI.describe(t))")
        let text = t.stdout
        let members = Set(try Self.planRows(plan).map { $0[1] })
        #expect(text.components(separatedBy: "在职党员进社区服务派单").count - 1 == members.count, "one slip per serving member")
        for m in members.sorted() { #expect(text.contains("（\(m)）"), "\(m)'s slip") }
        #expect(text.contains("李明") && text.contains("张**") && !text.contains("张奶奶"))
        #expect(text.components(separatedBy: "“双报到”服务情况报告").count - 1 == 3, "one report per unit")
        #expect(text.contains("感谢信"), "tiny-lanes' units all meet their pledges")
    }
}
