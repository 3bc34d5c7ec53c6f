import CommunityMatch
import Foundation
import PlanExport
@testable import ScenarioIO
import Testing
import TestSupport

/// Excel in (issue 17): a workbook is a scenario, and gives the same plans as the CSV folder it was made
/// from, whether openpyxl or LibreOffice wrote it; the fill-in template is a scenario once filled; the
/// headers, words and slots offices write are read or named. The client tests (python3 with openpyxl,
/// LibreOffice) are skipped when their program is missing and CI is unset, and fail when CI is set
/// (.ci/run installs them).
@Suite struct WorkbookTests {
    static let repo = Paths.repo
    static var ci: Bool { Programs.ci }
    static let python = Programs.python
    static let soffice = Programs.soffice
    static let openpyxl: Bool = {
        guard let python else { return false }
        return (try? CLI.run(["-c", "import openpyxl, yaml"], executable: URL(fileURLWithPath: python)))?.status == 0
    }()

    static func py(_ args: [String]) throws {
        let python = try #require(Self.python, "CI is set but python3 is missing")
        let r = try CLI.run(args, executable: URL(fileURLWithPath: python))
        try #require(r.status == 0, "python3 \(args.joined(separator: " ")): \(CLI.describe(r))")
    }

    static func toWorkbook(_ scenario: String, _ out: String, _ flags: [String]) throws {
        try py([repo.appendingPathComponent("tools/csv_to_xlsx.py").path, scenario, out] + flags)
    }

    /// `greedy`: a street's optimal solve stops at its time limit, where the plan depends on the clock;
    /// the greedy dispatch is deterministic whatever the load of the machine.
    static func solve(_ scenario: String, _ plan: String, greedy: Bool = false) throws {
        let r = try CLI.run(["solve", scenario, "-o", plan, "--quiet", "--threads", "1"] + (greedy ? ["--strategy", "greedy"] : []))
        try #require(r.status == 0, "solve \(scenario): \(CLI.describe(r))")
    }

    /// The plan files byte for byte; plan.json with the line recording the scenario's path left out (the two
    /// scenarios live at different paths; the scenario's hash stays in), summary.json not at all (timings).
    static func expectSamePlans(_ a: String, _ b: String, _ what: String) throws {
        for f in ["assignments.csv", "resources.csv", "unmet.csv", "units.csv"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            #expect(x == y, "\(what): \(f) differs")
        }
        func plan(_ p: String) throws -> [Substring] {
            try String(contentsOfFile: p + "/plan.json", encoding: .utf8).split(separator: "\n")
                .filter { !$0.contains("\"scenario_folder\"") }
        }
        #expect(try plan(a) == plan(b), "\(what): plan.json differs")
    }

    // MARK: - The same plans

    @Test(.enabled(if: openpyxl || ci, "python3 with openpyxl is not installed; .ci/run installs it"))
    func openpyxlWorkbooksGiveTheSamePlansAsTheCSVFolders() throws {
        try #require(Self.openpyxl, "CI is set but openpyxl is not importable: .ci/run pip-installs it")
        let scratch = try ScenarioFolder([:], defaults: false)
        // tiny-lanes as one workbook given directly: Chinese sheet names, numbers stored as numbers, settings sheet.
        let tiny = Self.repo.appendingPathComponent("scenarios/tiny-lanes").path
        let book = scratch.scratch("tiny.xlsx")
        try Self.toWorkbook(tiny, book, ["--chinese", "--numbers", "--settings-sheet"])
        try Self.solve(tiny, scratch.scratch("tiny-csv"))
        try Self.solve(book, scratch.scratch("tiny-xlsx"))
        try Self.expectSamePlans(scratch.scratch("tiny-csv"), scratch.scratch("tiny-xlsx"), "tiny-lanes")
        // The GBK street as a folder holding scenario.yaml and one workbook with English sheet names.
        let gulou = Self.repo.appendingPathComponent("scenarios/gulou-street-gbk").path
        let folder = scratch.scratch("gulou")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: gulou + "/scenario.yaml", toPath: folder + "/scenario.yaml")
        try Self.toWorkbook(gulou, folder + "/week.xlsx", ["--numbers"])
        let a = try ScenarioLoader.load(folder: gulou), b = try ScenarioLoader.load(folder: folder)
        #expect(ScenarioHash.hex(a.scenario) == ScenarioHash.hex(b.scenario), "the same scenario, field for field")
        #expect(a.warnings.map { $0.message } == b.warnings.map { $0.message })
        try Self.solve(gulou, scratch.scratch("gulou-csv"), greedy: true)
        try Self.solve(folder, scratch.scratch("gulou-xlsx"), greedy: true)
        try Self.expectSamePlans(scratch.scratch("gulou-csv"), scratch.scratch("gulou-xlsx"), "gulou-street-gbk")
    }

    @Test(.enabled(if: (openpyxl && soffice != nil) || ci, "LibreOffice or openpyxl is missing; .ci/run installs them"))
    func libreOfficeWorkbooksGiveTheSamePlansAsTheCSVFolders() throws {
        try #require(Self.openpyxl, "CI is set but openpyxl is not importable")
        let soffice = try #require(Self.soffice, "CI is set but soffice is missing: .ci/run installs libreoffice-calc-nogui")
        let scratch = try ScenarioFolder([:], defaults: false)
        let tiny = Self.repo.appendingPathComponent("scenarios/tiny-lanes").path
        let source = scratch.scratch("source")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try Self.toWorkbook(tiny, source + "/tiny.xlsx", ["--numbers", "--settings-sheet"])
        // LibreOffice reads openpyxl's workbook and writes its own: shared strings, its styles, its number forms.
        let outdir = scratch.scratch("lo")
        let r = try CLI.run(["-env:UserInstallation=file://" + scratch.scratch("profile"), "--headless", "--convert-to", "xlsx",
                             "--outdir", outdir, source + "/tiny.xlsx"], executable: URL(fileURLWithPath: soffice))
        let book = outdir + "/tiny.xlsx"
        // soffice exits 0 even when it could not convert (FACTS.md): the file is the proof.
        try #require(r.status == 0 && FileManager.default.fileExists(atPath: book), "soffice: \(CLI.describe(r))")
        try Self.solve(tiny, scratch.scratch("csv"))
        try Self.solve(book, scratch.scratch("xlsx"))
        try Self.expectSamePlans(scratch.scratch("csv"), scratch.scratch("xlsx"), "tiny-lanes via LibreOffice")
    }

    // MARK: - The template

    static let fill = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        zh = sys.argv[3] == "zh"
        rows = {
         "communities": [["C1", "文明街社区", "南关街道", 25.04, 102.71], ["C2", "光华社区", "南关街道", 25.045, 102.715]],
         "units": [["U1", "五华区人民医院", "hospital", 8, "0871-1234567"]],
         "members": [["M1", "李明", "U1", "C1", "medical|driving", "周六上午、周日上午", 2, 13808711001],
                     ["M2", "王芳", "U1", "C2", "", "周一至周五晚上 周末", 4, "13808711002"]],
         "needs": [["N1", "C1", "elderly-care", "陪同就医", 1, 2, "周六上午", "medical", 1, "是" if zh else "yes"]],
        }
        names = {"communities": "社区", "units": "单位", "members": "党员", "needs": "需求"}
        for name, rs in rows.items():
            ws = wb[names[name] if zh else name]
            for r in rs: ws.append(r)
        ws = wb["设置" if zh else "scenario"]
        ws["B3"] = "2026-W48"
        wb.save(sys.argv[2])
        """

    @Test(.enabled(if: openpyxl || ci, "python3 with openpyxl is not installed; .ci/run installs it"),
          arguments: ["zh", "en"])
    func aFilledTemplateIsAValidScenario(_ lang: String) throws {
        try #require(Self.openpyxl, "CI is set but openpyxl is not importable")
        let scratch = try ScenarioFolder([:], defaults: false)
        let template = scratch.scratch("template.xlsx"), filled = scratch.scratch("filled.xlsx")
        let r = try CLI.run(["init", "--template", template, "--lang", lang])
        try #require(r.status == 0, "\(CLI.describe(r))")
        let empty = try ScenarioLoader.load(folder: template)
        #expect(empty.scenario.members.isEmpty && empty.warnings.isEmpty, "the hint rows are no data")
        try scratch.write("fill.py", Self.fill)
        try Self.py([scratch.file("fill.py"), template, filled, lang])
        let v = try CLI.run(["validate", filled, "--strict"])
        #expect(v.status == 0, "\(CLI.describe(v))")
        let s = try ScenarioLoader.load(folder: filled).scenario
        let cal = s.settings.calendar
        #expect(s.settings.week == "2026-W48")
        #expect(s.members.map(\.phone) == ["13808711001", "13808711002"], "a phone stored as a number comes back as its digits")
        #expect(s.members.map(\.maxHours) == [2, 4])
        #expect(s.members[0].slots.sorted().map(cal.label) == ["Sat-AM", "Sun-AM"])
        #expect(s.members[1].slots.count == 5 + 6, "周一至周五晚上 and 周末")
        #expect(s.needs.first?.vulnerable == true && s.needs.first?.priority == 1)
    }

    @Test func theTemplateHasHintsDropDownsAndFrozenHeaders() throws {
        let parts = Dictionary(uniqueKeysWithValues: XLSXWriter.parts(TemplateWorkbook.sheets(.zh)))
        let workbook = try #require(parts["xl/workbook.xml"])
        for name in ["社区", "党员", "单位", "需求", "项目", "资源", "路程", "指定", "设置"] {
            #expect(workbook.contains("name=\"\(name)\""), "sheet \(name)")
        }
        let members = try #require(parts["xl/worksheets/sheet2.xml"])
        #expect(members.contains("ySplit=\"2\""), "header and hint row frozen")
        #expect(members.contains(">最多小时<") && members.contains(">\(InputMessage.hintMarker) 必填"), "Chinese headers and hints")
        #expect(members.contains("<dataValidation type=\"list\"") && members.contains("周六上午"), "a slot drop-down")
        let needs = try #require(parts["xl/worksheets/sheet5.xml"])
        #expect(needs.contains("type=\"whole\"") && needs.contains("<formula1>1</formula1><formula2>5</formula2>"), "priority 1–5")
        #expect(needs.contains("&quot;是,否&quot;") || needs.contains("\"是,否\""), "yes/no")
        #expect(members.contains("style=\"2\""), "id and phone columns are text, so Excel keeps 13808711001")
    }

    @Test func initWritesCSVTemplatesThatValidateAndNeverOverwrites() throws {
        let scratch = try ScenarioFolder([:], defaults: false)
        let dir = scratch.scratch("week")
        let r = try CLI.run(["init", dir, "--lang", "zh"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        let members = try String(contentsOfFile: dir + "/members.csv", encoding: .utf8)
        #expect(members.hasPrefix("编号,姓名,单位,社区"), "\(members)")
        let v = try CLI.run(["validate", dir])
        #expect(v.status == 0, "\(CLI.describe(v))")
        let again = try CLI.run(["init", dir, "--lang", "en"])
        #expect(again.status == 73 && again.stderr.contains("not empty"), "\(CLI.describe(again))")
        try scratch.write("t.xlsx", "x")
        let t = try CLI.run(["init", "--template", scratch.file("t.xlsx")])
        #expect(t.status == 73 && (try? String(contentsOfFile: scratch.file("t.xlsx"), encoding: .utf8)) == "x", "\(CLI.describe(t))")
    }

    // MARK: - Headers and words

    @Test func officeHeadersAreReadAndTheColumnsMapAddsMore() throws {
        let folder = try ScenarioFolder([
            "members.csv": "编号,单位,社区,时段,每周时长上限,联系方式\nM1,U1,C1,Sat-AM,2,13808711001\n",
            "needs.csv": "id,community,hours,slots,服务对象\nN1,C1,2,Sat-AM,张奶奶\n",
        ])
        let s = try ScenarioLoader.load(folder: folder.path)
        #expect(s.scenario.members.first?.maxHours == 2, "每周时长上限 is max_hours (issue 17)")
        #expect(s.scenario.members.first?.phone == "13808711001", "联系方式 is the phone")
        try folder.write("members.csv", "id,unit,community,slots,服务上限\nM1,U1,C1,Sat-AM,3\n")
        try folder.write("scenario.yaml", "columns: {members: {服务上限: max_hours}}\n")
        #expect(try ScenarioLoader.load(folder: folder.path).scenario.members.first?.maxHours == 3)
        try folder.write("scenario.yaml", "columns: {members: {服务上限: hours_max}}\n")
        #expect(throws: InputError.self) { try ScenarioLoader.load(folder: folder.path) }
    }

    @Test func anUnknownHeaderLikeAnUnfilledColumnIsNamedAndSolveRepeatsIt() throws {
        let folder = try ScenarioFolder(["members.csv": "id,unit,community,slots,maxhour\nM1,U1,C1,Sat-AM,2\n"])
        let s = try ScenarioLoader.load(folder: folder.path)
        #expect(s.warnings.map(\.message) == [
            "unknown column 'maxhour' is ignored; did you mean max_hours? If so, rename the header or add columns: {members: {maxhour: max_hours}} to scenario.yaml",
        ])
        let strict = try CLI.run(["validate", folder.path, "--strict", "--lang", "en"])
        #expect(strict.status == 65 && strict.stderr.contains("--strict treats warnings as errors"), "\(CLI.describe(strict))")
        let r = try CLI.run(["solve", folder.path, "-o", folder.scratch("plan"), "--lang", "en"])
        #expect(r.status == 0, "\(CLI.describe(r))")
        let last = r.stderrLines.suffix(2)
        #expect(last.first?.contains("unknown column 'maxhour'") == true && last.last?.contains("ignored as unknown") == true,
                "the warning is repeated after the summary: \(CLI.describe(r))")
    }

    @Test func vocabularyMakesTheOfficesWordsOursAndUnknownOnesAreNamed() throws {
        let members = "id,unit,community,skills,slots\nM1,U1,C1,driving,Sat-AM\n"
        let needs = "id,community,hours,slots,skills,priority,vulnerable\nN1,C1,2,Sat-AM,驾驶,1,是\n"
        let folder = try ScenarioFolder(["members.csv": members, "needs.csv": needs])
        let before = try ScenarioLoader.load(folder: folder.path)
        #expect(before.warnings.count == 1 && before.warnings[0].message.contains("Did you mean 'driving'?"),
                "\(before.warnings)")
        try folder.write("scenario.yaml", "vocabulary: {skills: {驾驶: driving}, kinds: {车辆: vehicle}}\n")
        let after = try ScenarioLoader.load(folder: folder.path)
        #expect(after.warnings.isEmpty)
        #expect(after.scenario.needs.first?.skills == ["driving"])
    }

    @Test func slotsAsOfficesWriteThem() {
        let cal = Settings().calendar
        func n(_ s: String) -> Int? { OfficeSlots.parse(s, cal)?.count }
        #expect(OfficeSlots.parse("周六上午", cal)?.map(cal.label) == ["Sat-AM"])
        #expect(OfficeSlots.parse("星期日下午", cal)?.map(cal.label) == ["Sun-PM"])
        #expect(OfficeSlots.parse("周一至周五晚上", cal)?.map(cal.label) == ["Mon-EVE", "Tue-EVE", "Wed-EVE", "Thu-EVE", "Fri-EVE"])
        #expect(n("周末") == 6 && n("周末全天") == 6 && n("工作日晚上") == 5 && n("周六AM") == 1)
        #expect(n("上午") == nil && n("AM") == nil && n("Sat-") == nil && n("周八") == nil, "a slot names a day")
        #expect(OfficeSlots.split("Sat-AM|Sun-AM、周六下午，周日下午;Mon-EVE Tue-EVE") == ["Sat-AM", "Sun-AM", "周六下午", "周日下午", "Mon-EVE", "Tue-EVE"])
    }

    /// A capital's needs sheet is over 10 MB of XML on one line when openpyxl writes it; libxml2 refuses a
    /// single push of more than 10 MB, so the reader must feed the parser in chunks (it once said "not
    /// well-formed XML at line 1" here).
    @Test func aSheetPartOverTenMegabytesOnOneLineIsRead() throws {
        let text = String(repeating: "长", count: 2_000)
        var xml = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        for r in 1...2_000 { xml += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>\(text)</t></is></c></row>" }
        xml += "</sheetData></worksheet>"
        let data = Data(xml.utf8)
        #expect(data.count > 10_500_000)
        let p = SheetParser(file: "big.xlsx", sheet: "needs", shared: [], dateStyles: [], timeOnlyStyles: [], date1904: false)
        try WorkbookReader.parse(data, part: "xl/worksheets/sheet1.xml", delegate: p)
        p.finishRow()
        #expect(p.rows.count == 2_000 && p.rows.last?.cells.first?.text == text && p.diagnostics.isEmpty)
    }

    @Test func numberCellsComeBackAsTheDigitsTyped() {
        #expect(WorkbookReader.numberText("13808711001") == "13808711001")
        #expect(WorkbookReader.numberText("1.3808711001E10") == "13808711001")
        #expect(WorkbookReader.numberText("13808711001.0") == "13808711001")
        #expect(WorkbookReader.numberText("2.5") == "2.5")
        #expect(WorkbookReader.numberText("110101199003077000").contains("E+17"), "digits already lost are not made up")
        #expect(WorkbookReader.dateText("46000", timeOnly: false, date1904: false) == "2025/12/09")
        #expect(WorkbookReader.dateText("0.083333333", timeOnly: true, date1904: false) == "2:00")
        #expect(WorkbookReader.cellReference("AB12")! == (12, 28))
        #expect(WorkbookReader.cellReference("A0") == nil && WorkbookReader.cellReference("XFE1") == nil)
    }
}
