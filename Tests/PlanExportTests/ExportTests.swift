import CommunityMatch
import Foundation
import PlanExport
import PlanIO
import PlanVerify
import Testing
import TestSupport
import ZIPFoundation

/// The export formats on a plan built in code (no solve): iCalendar lines, CSV cells, workbook parts,
/// templates, dates and masking, each on the inputs that break naive writers.
@Suite struct ExportTests {
    // MARK: - Fixture

    /// Two communities, a member whose id and phone are long digit strings, titles with a resident's name,
    /// a formula and commas; a project served by two members with a venue booked.
    static func plan(week: String = "2026-W48", language: Language = .zh) -> ExportPlan {
        var settings = Settings()
        settings.name = "测试街道 2026-W48"
        settings.week = week
        let all = Set(SlotCalendar().allSlots)
        let scenario = Scenario(
            settings: settings,
            communities: [Community(id: "C1", name: "文明街社区", street: "华山街道", lat: 25, lon: 102),
                          Community(id: "C2", name: "光华街社区", street: "华山街道", lat: 25.001, lon: 102)],
            units: [StationedUnit(id: "U1", name: "五华区人民医院", kind: "医院", pledgeHours: 4, contact: "李院长 13808710001"),
                    StationedUnit(id: "U2", name: "=cmd|' /C calc'!A0", kind: "企业", pledgeHours: 6, contact: "")],
            members: [Member(id: "110101199001011234", name: "李明", unit: "U1", community: "C1", slots: all, phone: "13808711001"),
                      Member(id: "M2", name: "王<芳>", unit: "U2", community: "C2", slots: all, phone: "+86 139 0871 2003")],
            resources: [Resource(id: "R1", unit: "U1", kind: "venue", name: "医院会议厅", community: "C1", capacity: 60)],
            needs: [Need(id: "N1", community: "C1", title: "上门探访独居张奶奶, 送药; 量血压", hours: 2, slots: [Slot(day: 1, period: 2)]),
                    Need(id: "N2", community: "C2", title: "=HYPERLINK(\"http://x\",\"点我\")", hours: 1, slots: [Slot(day: 2, period: 0)])],
            projects: [Project(id: "P1", community: "C1", title: "周六义诊", slots: [Slot(day: 5, period: 0)], hours: 3,
                               roles: [Role(skill: "any", min: 1, max: 2)], beneficiaries: 20)])
        var doc = PlanDocument(scenario: settings.name, week: week, scenarioHash: "abc123", tasks: .init(tasks: 3, covered: 3, coveredValue: 700),
                               byPriority: ["3": .init(tasks: 3, covered: 3, coveredValue: 700)],
                               byCommunity: ["C1": .init(tasks: 2, covered: 2, coveredValue: 600), "C2": .init(tasks: 1, covered: 1, coveredValue: 100)])
        doc.assignments = [
            .init(taskKind: "need", taskID: "N1", member: "110101199001011234", unit: "U1", slot: "Tue-EVE", hours: 2),
            .init(taskKind: "need", taskID: "N2", member: "M2", unit: "U2", slot: "Wed-AM", hours: 1, travelMinutes: 1.48),
            .init(taskKind: "project", taskID: "P1", role: "any", member: "110101199001011234", unit: "U1", slot: "Sat-AM", hours: 3),
            .init(taskKind: "project", taskID: "P1", role: "any", member: "M2", unit: "U2", slot: "Sat-AM", hours: 3, travelMinutes: 1.48),
        ]
        doc.bookings = [.init(taskKind: "project", taskID: "P1", requirement: 1, resource: "R1", unit: "U1", slot: "Sat-AM", amount: 0)]
        doc.units = [.init(unit: "U1", pledgeHours: 4, servedHours: 5, shortfall: 0), .init(unit: "U2", pledgeHours: 6, servedHours: 4, shortfall: 2)]
        doc.unmet = [.init(taskKind: "need", taskID: "N9", community: "C2", priority: 1, value: 1000, reasonCode: "no_skill", reason: "-1 member, +2")]
        return ExportPlan(document: doc, scenario: scenario, language: language)
    }

    // MARK: - Dates from the ISO week

    @Test func isoWeeksGiveTheirMondays() throws {
        #expect(try #require(ISOWeek("2026-W48")).monday.iso == "2026-11-23")
        #expect(try #require(ISOWeek("2026-W01")).monday.iso == "2025-12-29")
        #expect(try #require(ISOWeek("2021-W01")).monday.iso == "2021-01-04")
        #expect(try #require(ISOWeek("2020-W53")).monday.iso == "2020-12-28")
        #expect(ISOWeek("2021-W53") == nil, "2021 has 52 ISO weeks")
        #expect(ISOWeek("2026-W00") == nil && ISOWeek("2026-48") == nil && ISOWeek("next week") == nil)
        #expect(CivilDate(year: 2026, month: 11, day: 28).weekday == 5)
    }

    // MARK: - iCalendar

    @Test func foldingKeepsLinesWithin75OctetsAndNeverSplitsACharacter() throws {
        let value = String(repeating: "服务对象：张**，地址见社区台账。🏥", count: 8)
        let folded = ICalendarText.fold("DESCRIPTION:" + value)
        #expect(folded.hasSuffix("\r\n"))
        let bytes = Array(folded.utf8)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { lines.append(current); current = []; i += 2; continue }
            current.append(bytes[i]); i += 1
        }
        #expect(lines.count > 5)
        for (n, line) in lines.enumerated() {
            #expect(line.count <= 75, "line \(n) has \(line.count) octets")
            #expect(String(validating: line, as: UTF8.self) != nil, "line \(n) is not whole UTF-8")
            if n > 0 { #expect(line.first == 32) }
        }
        // Unfolding (drop CRLF + one space) gives the line back.
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "").dropLast() == "DESCRIPTION:" + value, "CRLF is one Character")
        // A short line stays whole.
        #expect(ICalendarText.fold("SUMMARY:义诊") == "SUMMARY:义诊\r\n")
    }

    @Test func textValuesEscapeBackslashSemicolonCommaAndNewlines() {
        #expect(ICalendarText.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
    }

    @Test func eventsCarryStableUIDsLocalTimesAndNoClock() throws {
        let p = Self.plan()
        let ics = try ICalendarExport(p).all()
        #expect(ics == (try ICalendarExport(Self.plan()).all()))
        #expect(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"))
        #expect(ics.contains("DTSTART;TZID=Asia/Shanghai:20261124T190000\r\n"), "Tue-EVE of 2026-W48")
        #expect(ics.contains("DTEND;TZID=Asia/Shanghai:20261128T120000\r\n"), "Sat-AM of 2026-W48")
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == 4)
        #expect(ics.components(separatedBy: "DTSTAMP:20261122T160000Z").count - 1 == 4)
        #expect(ics.contains("张**") && !ics.contains("张奶奶"), "the resident's name is masked")
        #expect(ics.contains("送药\\; 量血压") || ics.contains("送药\\;"), "escaped semicolon")
        for line in ics.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        // UIDs: distinct per assignment, and a change of slot gives a new one.
        let e = ICalendarExport(p)
        let uids = p.document.assignments.map(e.uid)
        #expect(Set(uids).count == uids.count)
        var moved = p.document.assignments[0]
        moved.slot = "Thu-EVE"
        #expect(e.uid(moved) != uids[0])
        #expect(uids[0] == ICalendarExport(Self.plan()).uid(Self.plan().document.assignments[0]))
    }

    @Test func perMemberCalendarsHoldOnlyTheirOwnEvents() throws {
        let files = try ICalendarExport(Self.plan()).perMember()
        #expect(files.map { $0.name } == ["110101199001011234.ics", "M2.ics"])
        #expect(files[0].text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
    }

    @Test func withoutAWeekTheCalendarIsRefusedWithTheReason() {
        #expect(throws: ExportError.self) { try ICalendarExport(Self.plan(week: "")).all() }
        do { _ = try ICalendarExport(Self.plan(week: "2026-W60")).all() } catch let e as ExportError {
            #expect(e.description.contains("2026-W60") && e.description.contains("ISO week"))
        } catch { Issue.record("unexpected \(error)") }
    }

    // MARK: - CSV for Excel

    @Test func csvHasABOMCRLFAndNeutralisesFormulas() {
        let csv = ExcelCSV.text(Self.plan().assignmentsSheet)
        #expect(csv.hasPrefix("\u{FEFF}社区编号,"))
        #expect(csv.components(separatedBy: "\r\n").count - 1 == 5, "header + 4 rows, each ending CRLF")
        #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""), "formula prefixed and quoted")
        #expect(csv.contains(",'+86 139 0871 2003,"))
        #expect(csv.contains(",'=cmd|' /C calc'!A0,"))
        #expect(csv.contains(",110101199001011234,"))
        #expect(ExcelCSV.neutralised("-1") == "'-1" && ExcelCSV.neutralised("@x") == "'@x" && ExcelCSV.neutralised("a=b") == "a=b")
        // Numbers are ours: never prefixed.
        let sheet = Sheet(name: "t", fileName: "t.csv", columns: [Column("n", 4)], rows: [[.number(-3)]])
        #expect(ExcelCSV.text(sheet) == "\u{FEFF}n\r\n-3\r\n")
    }

    // MARK: - Workbook

    @Test func workbookStoresIdsAndPhonesAsTextAndHoursAsNumbers() throws {
        let p = Self.plan()
        let parts = Dictionary(uniqueKeysWithValues: XLSXWriter.parts(p.sheets))
        let sheet1 = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet1.contains("t=\"inlineStr\"><is><t xml:space=\"preserve\">110101199001011234</t>"))
        #expect(sheet1.contains("<t xml:space=\"preserve\">13808711001</t>"))
        #expect(!sheet1.contains("<v>110101199001011234</v>") && !sheet1.contains("<v>13808711001</v>"))
        #expect(sheet1.contains("<v>2</v>"), "hours are numbers")
        #expect(sheet1.contains("state=\"frozen\""))
        #expect(sheet1.contains("王&lt;芳&gt;"))
        let workbook = try #require(parts["xl/workbook.xml"])
        for name in ["派单", "未满足需求", "单位", "资源", "汇总"] { #expect(workbook.contains("name=\"\(name)\"")) }
    }

    @Test func workbookBytesAreTheSameEveryTimeAndUnzipToItsParts() throws {
        let p = Self.plan()
        let a = try XLSXWriter.data(p.sheets, date: p.zipDate)
        let b = try XLSXWriter.data(Self.plan().sheets, date: Self.plan().zipDate)
        #expect(a == b)
        let archive = try Archive(data: a, accessMode: .read)
        let parts = XLSXWriter.parts(p.sheets)
        #expect(archive.map { $0.path } == parts.map { $0.0 })
        for (entry, part) in zip(archive, parts) {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            #expect(data == Data(part.1.utf8), "\(entry.path) unzips to what was written")
        }
        #expect(XLSXWriter.columnName(0) == "A" && XLSXWriter.columnName(25) == "Z" && XLSXWriter.columnName(26) == "AA")
    }

    // MARK: - Masking and templates

    @Test func residentNamesAreMaskedButOrdinaryWordsAreNot() {
        #expect(Masking.maskResidentNames("上门探访独居张奶奶") == "上门探访独居张**")
        #expect(Masking.maskResidentNames("陪同王大爷到医院复诊（需用车）") == "陪同王**到医院复诊（需用车）")
        #expect(Masking.maskResidentNames("为刘老人上门理发") == "为刘**上门理发")
        #expect(Masking.maskResidentNames("关爱独居老人") == "关爱独居老人")
        #expect(Masking.maskResidentNames("小学数学作业辅导") == "小学数学作业辅导")
    }

    @Test func templatesEscapeTextAndReportUnknownPlaceholdersWithTheirPosition() throws {
        let t = Template(name: "slip.html", text: "<p>{{member_name}}</p>\n<p>{{ membr_name }}</p>{{tasks}}", source: "edited/slip.html")
        let problems = t.check(HTMLTemplates.placeholders("slip.html"))
        #expect(problems.count == 1)
        #expect(problems.first?.location == "edited/slip.html:2:4")
        #expect(t.render(["member_name": .text("<b>&"), "tasks": .html("<table></table>")]) == "<p>&lt;b&gt;&amp;</p>\n<p></p><table></table>")
        let open = Template(name: "x", text: "a\n  {{oops", source: "x.html")
        #expect(open.check(["oops"]).first?.location == "x.html:2:3")
    }

    @Test func htmlHasASlipPerMemberAReportPerUnitAndTheRightLetters() throws {
        let p = Self.plan()
        let html = try HTMLExport(p, templates: try HTMLTemplates.load(nil, language: .zh)).document()
        #expect(html.components(separatedBy: "class=\"page slip\"").count - 1 == 2)
        #expect(html.components(separatedBy: "class=\"page report\"").count - 1 == 2)
        #expect(html.contains("class=\"page letter thanks\"") && html.contains("class=\"page letter reminder\""))
        #expect(html.contains("王&lt;芳&gt;") && !html.contains("王<芳>"))
        #expect(html.contains("张**") && !html.contains("张奶奶"))
        #expect(html.contains("2026年11月23日") && html.contains("@page { size: A4"))
        #expect(html.contains("华山街道党工委"))
        #expect(html == (try HTMLExport(Self.plan(), templates: try HTMLTemplates.load(nil, language: .zh)).document()))
        let en = try HTMLExport(Self.plan(language: .en), templates: try HTMLTemplates.load(nil, language: .en)).document()
        #expect(en.contains("Service dispatch slip") && en.contains("Sat 28 Nov"))
    }

    @Test func editedTemplatesReplaceOnlyTheFilesGiven() throws {
        let dir = try ScenarioFolder([:], defaults: false)
        try dir.write("letter-thanks.html", "<section class=\"page\">谢谢 {{unit_name}}，{{served_hours}} 小时</section>")
        let set = try HTMLTemplates.load(dir.path, language: .zh)
        let html = try HTMLExport(Self.plan(), templates: set).document()
        #expect(html.contains("谢谢 五华区人民医院，5 小时"))
        #expect(html.contains("工作提醒函"), "the reminder keeps its built-in text")
        try dir.write("slip.html", "{{nonsense}}")
        #expect(throws: ExportError.self) { try HTMLTemplates.load(dir.path, language: .zh) }
    }

    // MARK: - Reading plan.json

    @Test func thePlanReaderReadsBookingsUnmetTasksAndNames() throws {
        let sat = Slot(day: 5, period: 0)
        let scenario = Scenario(communities: [Community(id: "C1", lat: 39.9, lon: 116.4)], units: [StationedUnit(id: "U1", pledgeHours: 3)],
                                members: [Member(id: "M1", name: "李明", unit: "U1", community: "C1", slots: [sat])],
                                resources: [Resource(id: "R1", unit: "U1", kind: "vehicle")],
                                needs: [Need(id: "N1", community: "C1", hours: 2, slots: [sat], resources: [ResourceRequirement(kind: "vehicle")]),
                                        Need(id: "N2", community: "C1", hours: 2, slots: [sat], priority: 1)])
        let plan = Plan(assignments: [Assignment(task: TaskRef(.need, "N1"), member: "M1", slot: sat, hours: 2, travelMinutes: 0)],
                        bookings: [ResourceBooking(task: TaskRef(.need, "N1"), requirement: 0, resource: "R1", slot: sat, amount: 0)],
                        covered: [TaskRef(.need, "N1"): sat],
                        unmet: [UnmetTask(task: TaskRef(.need, "N2"), community: "C1", priority: 1, value: 1000, reason: .outcompeted, detail: "M1 serves N1")])
        var writer = PlanWriter(scenario: scenario, plan: plan, versions: ToolVersions(cmatch: "t", solver: "t"))
        writer.scenarioFolder = "../s"
        let doc = try PlanDocumentReader.parse(Data(writer.planDocument().rendered().utf8), path: "plan.json")
        #expect(doc.assignments.first?.memberName == "李明" && doc.assignments.first?.community == "C1")
        #expect(doc.bookings == [.init(taskKind: "need", taskID: "N1", requirement: 1, resource: "R1", unit: "U1", slot: "Sat-AM", amount: 0)])
        #expect(doc.unmet == [.init(taskKind: "need", taskID: "N2", community: "C1", priority: 1, value: 1000, reasonCode: "outcompeted", reason: "M1 serves N1")])
        #expect(doc.units.first?.membersServing == 1 && doc.units.first?.resourcesLent == 1)
        #expect(doc.scenarioFolder == "../s")
    }

    // MARK: - JSON

    @Test func jsonJoinsNamesAndDatesInAFixedKeyOrder() throws {
        let text = Self.plan().json.rendered()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(doc["format"] as? String == "cmatch-export/1")
        #expect(doc["week_start"] as? String == "2026-11-23")
        let first = try #require((doc["assignments"] as? [[String: Any]])?.first)
        #expect(first["member_id"] as? String == "110101199001011234")
        #expect(first["date"] as? String == "2026-11-24" && first["start"] as? String == "19:00")
        #expect(text == Self.plan().json.rendered())
    }
}
