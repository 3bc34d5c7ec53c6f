import CommunityMatch
import Foundation
import ScenarioIO
import Testing
import TestSupport

/// The bad-input corpus (Fixtures/bad-inputs, written by tools/make_bad_inputs.py): one scenario folder per
/// thing Excel, WPS or a person does to the lists. Each case states exactly what it must give: the
/// `file:line:column` and a phrase of every error (no more, no fewer: every problem at once, and no
/// cascade of follow-on messages), or acceptance with the values a person meant. The same folders go
/// through the built `cmatch validate` for the exit code and the printed form. docs/reliability.md lists
/// the decision behind each case.
@Suite struct BadInputCorpusTests {
    static let root = Paths.fixtures.appendingPathComponent("bad-inputs")

    struct Expected: Sendable {
        var place: String
        var phrase: String
        init(_ place: String, _ phrase: String) { self.place = place; self.phrase = phrase }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var errors: [Expected] = []
        var warnings: [Expected] = []
        /// For accepted cases: what the loaded scenario must hold.
        var accepted: (@Sendable (Scenario) -> Void)? = nil
        var testDescription: String { name }
    }

    static func member(_ s: Scenario, _ id: String) -> Member? { s.members.first { $0.id == id } }
    static func need(_ s: Scenario, _ id: String) -> Need? { s.needs.first { $0.id == id } }
    static func slots(_ s: Scenario, _ m: Member?) -> [String] { (m?.slots ?? []).sorted().map(s.settings.calendar.label) }

    static let cases: [Case] = [
        // MARK: accepted
        Case(name: "gbk-no-bom", accepted: { s in
            #expect(member(s, "M1")?.name == "李明")
            #expect(member(s, "M2")?.name == "王𠀀芳", "a four-byte GB18030 character survives")
            #expect(slots(s, member(s, "M1")) == ["Sat-AM", "Sat-PM"], "、 separates a list")
            #expect(need(s, "N1")?.title == "陪同就医")
            #expect(need(s, "N2")?.slots.count == 6, "周末 is the weekend")
        }),
        Case(name: "utf8-bom", accepted: { s in
            #expect(s.members.map(\.id) == ["M1", "M2"], "the BOM is not part of the first header")
            #expect(need(s, "N1")?.hours == 2)
        }),
        Case(name: "utf16le-tab", accepted: { s in
            #expect(member(s, "M2")?.name == "王芳")
            #expect(need(s, "N1")?.title == "陪同就医, 需轮椅", "a quoted comma stays in its cell")
        }),
        Case(name: "header-only", accepted: { s in
            #expect(s.needs.isEmpty && s.pins.isEmpty && s.travelOverrides.isEmpty)
        }),
        Case(name: "reordered-headers", accepted: { s in
            #expect(member(s, "M1")?.name == "李明" && member(s, "M1")?.maxHours == 4)
            #expect(need(s, "N1")?.priority == 1 && need(s, "N1")?.community == "C1")
        }),
        Case(name: "trailing-commas", accepted: { s in
            #expect(s.members.map(\.id) == ["M1", "M2"])
        }),
        Case(name: "full-width-digits-and-punctuation", accepted: { s in
            #expect(member(s, "M1")?.maxHours == 4)
            #expect(member(s, "M2")?.maxHours == 3.5, "a full-width decimal point")
            #expect(member(s, "M1")?.skills == ["medical"])
            #expect(slots(s, member(s, "M1")) == ["Sat-AM", "Sat-PM"])
            #expect(need(s, "N1")?.hours == 2 && need(s, "N1")?.priority == 1)
            #expect(need(s, "N1")?.slots.count == 2, "； separates a list")
        }),
        Case(name: "full-width-headers-and-yes-no", accepted: { s in
            #expect(s.needs.map(\.id) == ["N1", "N2"])
            #expect(need(s, "N1")?.vulnerable == true && need(s, "N2")?.vulnerable == false)
        }),
        Case(name: "ideographic-space-and-zero-width", accepted: { s in
            #expect(s.members.map(\.id) == ["M1", "M2"])
            #expect(member(s, "M2")?.name == "王芳" && member(s, "M2")?.community == "C2")
            #expect(member(s, "M2")?.maxHours == 4)
            #expect(need(s, "N1")?.community == "C1" && need(s, "N2")?.community == "C2")
        }),
        Case(name: "emoji-and-rare-cjk", accepted: { s in
            #expect(member(s, "M1")?.name == "李明👨‍👩‍👧", "the joiners of a family emoji are kept")
            #expect(member(s, "M2")?.name == "王芳👍🏽")
            #expect(member(s, "M2")?.community == "社区𠀀")
            #expect(need(s, "N2")?.title == "𠮷野家代购")
            #expect(s.communities.map(\.name) == ["文明街社区🏘️", "𪚥街社区"])
        }),
        Case(name: "formula-prefixed-text", accepted: { s in
            #expect(member(s, "M1")?.name == "=HYPERLINK(\"http://x\")", "formulas in a CSV file are text")
            #expect(member(s, "M1")?.maxHours == 4 && need(s, "N1")?.hours == 2, "a leading + is a sign")
            #expect(member(s, "M2")?.name == "@王芳" && need(s, "N1")?.title == "-陪同就医")
        }),
        Case(name: "date-like-id", warnings: [
            Expected("communities.csv:3:1", "looks like a date that Excel made of an id such as 3-1"),
        ], accepted: { s in
            #expect(member(s, "M2")?.community == "1-Mar")
        }),

        // MARK: rejected
        Case(name: "invalid-utf8-byte", errors: [
            Expected("needs.csv:3:11", "invalid UTF-8 byte 0xFF (nor is it valid GB18030)"),
        ]),
        Case(name: "invalid-gb18030-byte", errors: [
            Expected("needs.csv:3:22", "invalid GB18030 byte 0xFF"),
        ]),
        Case(name: "unterminated-quote", errors: [
            Expected("needs.csv:3:4", "unterminated quote: the quoted cell that starts here is never closed"),
        ]),
        Case(name: "stray-quote", errors: [
            Expected("needs.csv:3:4", "stray quote"),
            Expected("needs.csv:3:4", "unknown slot"),
        ]),
        Case(name: "text-after-closing-quote", errors: [
            Expected("needs.csv:2:4", "text after the closing quote"),
            Expected("needs.csv:2:4", "unknown slot"),
        ]),
        Case(name: "row-too-wide", errors: [
            Expected("needs.csv:3:7", "row has 7 cells but the header has 6 columns"),
        ]),
        Case(name: "row-too-short", errors: [
            Expected("needs.csv:3:3", "hours is empty"),
            Expected("needs.csv:3:4", "slots is empty: write the slots the resident accepts, or `any`"),
        ]),
        Case(name: "empty-file", errors: [
            Expected("needs.csv:1:1", "file is empty: it needs a header row"),
        ]),
        Case(name: "only-blank-lines", errors: [
            // Only this: the members' references to units cannot be checked, and are not reported one by one.
            Expected("units.csv:1:1", "file is empty"),
        ]),
        Case(name: "duplicate-header", errors: [
            Expected("needs.csv:1:5", "duplicate column \"Hours\": column 3 has the same name"),
        ]),
        Case(name: "duplicate-header-english-and-chinese", errors: [
            Expected("needs.csv:1:5", "column 'hours' appears twice"),
        ]),
        Case(name: "missing-required-column", errors: [
            Expected("needs.csv:1:1", "missing required column 'hours' (小时)"),
        ]),
        Case(name: "header-with-full-width-commas", errors: [
            Expected("needs.csv:1:1", "missing required column 'id'"),
            Expected("needs.csv:1:1", "missing required column 'community'"),
            Expected("needs.csv:1:1", "missing required column 'hours'"),
            Expected("needs.csv:1:1", "missing required column 'slots'"),
        ], warnings: [
            Expected("needs.csv:1:1", "cells must be separated by commas (,), not \"，\""),
        ]),
        Case(name: "row-with-full-width-commas", errors: [
            Expected("needs.csv:3:1", "row is a single cell whose values are separated by \"，\""),
        ]),
        Case(name: "excel-scientific-ids", errors: [
            Expected("members.csv:3:1", "id '1.10101E+17' looks like a number Excel shortened into scientific notation"),
            Expected("needs.csv:2:7", "preferred_member '1.10101E+17' looks like a number Excel shortened"),
        ], warnings: [
            Expected("members.csv:3:8", "phone '1.38087E+10' is a number Excel shortened"),
        ]),
        Case(name: "excel-dates-and-times", errors: [
            Expected("members.csv:2:7", "max_hours must be a number, not '2026/3/1': it looks like a date"),
            Expected("members.csv:3:7", "not '4月1日': it looks like a date"),
            Expected("needs.csv:2:3", "45992 is how Excel stores the date 2025-12-01"),
            Expected("needs.csv:3:3", "not '2:00': it looks like a time of day"),
        ]),
        Case(name: "spreadsheet-errors", errors: [
            Expected("members.csv:2:2", "name holds the spreadsheet error '#REF!'"),
            Expected("members.csv:3:3", "unit holds the spreadsheet error '#N/A'"),
            Expected("members.csv:3:7", "max_hours holds the spreadsheet error '#DIV/0!'"),
            Expected("needs.csv:2:5", "skills holds the spreadsheet error '#NAME?'"),
            Expected("needs.csv:3:1", "id holds the spreadsheet error '#N/A'"),
        ]),
        Case(name: "formula-in-number", errors: [
            Expected("needs.csv:2:3", "hours must be a number, not '=1+1': it is a formula"),
            Expected("needs.csv:3:6", "priority must be a number, not '=A2': it is a formula"),
        ]),
        Case(name: "cell-over-32767-characters", errors: [
            Expected("needs.csv:3:7", "cell is 32768 characters long, more than Excel's limit of 32767"),
        ]),
        Case(name: "workbook-saved-as-csv", errors: [
            Expected("needs.csv:1:1", "an Excel/WPS workbook (.xlsx or another zip file), not a CSV file"),
        ]),
        Case(name: "nul-byte", errors: [
            Expected("needs.csv:3:8", "contains a NUL byte"),
        ]),
        Case(name: "full-width-id-reference", errors: [
            Expected("members.csv:2:3", "unit 'Ｕ１' is not a known unit in units.csv; it is typed with full-width characters: write 'U1'"),
            Expected("members.csv:3:4", "community 'Ｃ２' is not a known community in communities.csv; it is typed with full-width characters: write 'C2'"),
        ]),
        Case(name: "invalid-yaml", errors: [
            Expected("scenario.yaml:3:1", "invalid YAML: found unexpected end of stream"),
        ]),
        Case(name: "invalid-yaml-indentation", errors: [
            Expected("scenario.yaml:4:2", "invalid YAML: did not find expected key"),
        ]),
        Case(name: "yaml-unknown-keys-and-bad-values", errors: [
            Expected("scenario.yaml:2:7", "week '2026-W60' is not an ISO week"),
            Expected("scenario.yaml:3:1", "unknown key 'colour'"),
            Expected("scenario.yaml:5:15", "'max_travel' must be between 0 and 1440, not -5"),
            Expected("scenario.yaml:6:3", "unknown key 'travel.speed'"),
            Expected("scenario.yaml:8:17", "'weights.priority.1' must be a number, not 'lots'"),
            Expected("scenario.yaml:9:23", "objective level 'fun' is not one of coverage, pledges, travel"),
            Expected("scenario.yaml:10:11", "encoding 'big5' is not supported"),
        ]),
        Case(name: "duplicate-ids", errors: [
            Expected("members.csv:4:1", "duplicate id 'M1' (first defined on line 2)"),
            Expected("needs.csv:4:1", "duplicate id 'N2' (first defined on line 3)"),
            Expected("units.csv:3:1", "duplicate id 'U1' (first defined on line 2)"),
        ]),
        Case(name: "reference-errors", errors: [
            Expected("members.csv:2:3", "unit 'U9' is not a known unit"),
            Expected("members.csv:3:4", "community 'C9' is not a known community"),
            Expected("needs.csv:2:2", "community 'C9' is not a known community"),
            Expected("needs.csv:3:7", "preferred_member 'M9' is not a known member"),
            Expected("pins.csv:2:1", "task 'N9' is not a need in needs.csv or a project in projects.csv"),
            Expected("pins.csv:3:2", "member 'M9' is not in members.csv"),
            Expected("projects.csv:2:2", "community 'C9' is not a known community"),
            Expected("resources.csv:2:2", "unit 'U9' is not a known unit"),
            Expected("resources.csv:3:4", "community 'C9' is not a known community"),
            Expected("travel.csv:2:2", "to 'C9' is not a known community"),
            Expected("travel.csv:3:1", "from 'C9' is not a known community"),
        ]),
        Case(name: "number-errors", errors: [
            Expected("communities.csv:2:3", "lat 200 is out of range: it must be between -90 and 90"),
            Expected("communities.csv:3:4", "lon must be a number, not 'abc'"),
            Expected("members.csv:2:7", "max_hours 169 is out of range"),
            Expected("needs.csv:2:3", "hours 25 is out of range"),
            Expected("needs.csv:2:7", "headcount 0 is out of range"),
            Expected("needs.csv:3:6", "priority 9 has no weight"),
            Expected("needs.csv:3:8", "max_travel -1 is out of range"),
            Expected("needs.csv:3:9", "vulnerable must be yes or no"),
            Expected("needs.csv:4:6", "priority must be a whole number, not '1.5'"),
            Expected("needs.csv:4:7", "headcount must be a whole number, not '2.5'"),
            Expected("projects.csv:2:5", "role 'any:3-1' is not of the form skill:min-max"),
            Expected("projects.csv:2:6", "beneficiaries must be a number, not 'ten'"),
            Expected("resources.csv:2:5", "capacity -1 is out of range"),
            Expected("resources.csv:3:6", "quantity must be a number, not 'lots'"),
            Expected("travel.csv:2:3", "minutes must be a number, not 'soon'"),
            Expected("units.csv:2:3", "pledge_hours -1 is out of range"),
        ]),
        Case(name: "bad-slots-roles-and-requirements", errors: [
            Expected("members.csv:2:6", "unknown slot 'Sat-MORNING'"),
            Expected("members.csv:3:6", "unknown slot 'Funday'"),
            Expected("needs.csv:2:7", "resource requirement 'venue>=many' is not of the form"),
            Expected("needs.csv:3:3", "hours 5 is longer than every accepted slot"),
            Expected("projects.csv:2:5", "role skill 'medical' is listed twice"),
            Expected("projects.csv:3:5", "every role minimum is 0"),
        ]),
        Case(name: "slot-dashes", errors: [
            Expected("members.csv:2:6", "unknown slot '-'"),
            Expected("members.csv:3:6", "unknown slot 'Sat-'"),
            Expected("needs.csv:2:4", "unknown slot '----'"),
            Expected("needs.csv:3:4", "unknown slot '-AM'"),
        ]),
    ]

    /// `needs.csv:3:5`, the folder stripped.
    static func place(_ d: Diagnostic) -> String {
        "\((d.location.file as NSString).lastPathComponent):\(d.location.line):\(d.location.column)"
    }

    static func render(_ ds: [Diagnostic]) -> String {
        ds.map { "\(place($0)): \($0.severity == .warning ? "warning: " : "")\($0.message)" }.joined(separator: "\n")
    }

    /// Every expected diagnostic is there, and nothing else of that severity.
    static func match(_ got: [Diagnostic], _ expected: [Expected], _ what: String, exact: Bool = true) {
        for e in expected where !got.contains(where: { place($0) == e.place && $0.message.contains(e.phrase) }) {
            Issue.record("no \(what) at \(e.place) containing \"\(e.phrase)\"; got:\n\(render(got))")
        }
        if exact {
            #expect(got.count == expected.count, "\(got.count) \(what)s, expected \(expected.count):\n\(render(got))")
        }
    }

    @Test func everyFixtureFolderHasACaseAndEveryCaseAFolder() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.root.appendingPathComponent($0).path, isDirectory: &isDir) && isDir.boolValue
        }
        #expect(Set(folders) == Set(Self.cases.map(\.name)))
        #expect(Self.cases.count >= 42)
    }

    @Test(arguments: cases)
    func loaderGivesExactlyTheExpectedDiagnostics(_ c: Case) throws {
        let folder = Self.root.appendingPathComponent(c.name).path
        do {
            let loaded = try ScenarioLoader.load(folder: folder)
            #expect(c.errors.isEmpty, "loaded, but \(c.errors.count) errors were expected; warnings:\n\(Self.render(loaded.warnings))")
            Self.match(loaded.warnings, c.warnings, "warning")
            c.accepted?(loaded.scenario)
        } catch let e as InputError {
            #expect(!c.errors.isEmpty, "expected to load, got:\n\(Self.render(e.diagnostics))")
            Self.match(e.diagnostics.filter { $0.severity == .error }, c.errors, "error")
            Self.match(e.diagnostics.filter { $0.severity == .warning }, c.warnings, "warning", exact: false)
        }
    }

    /// The user's view: exit 65 with every error as `folder/file:line:column: message`, or exit 0; never a crash.
    @Test(arguments: cases)
    func cmatchValidateExitsWithTheDocumentedCodeAndPrintsEachPlace(_ c: Case) throws {
        let folder = Self.root.appendingPathComponent(c.name).path
        let r = try CLI.run(["validate", folder, "--lang", "en"])
        #expect(!r.signalled, "\(CLI.describe(r))")
        #expect(r.status == (c.errors.isEmpty ? 0 : 65), "\(CLI.describe(r))")
        for e in c.errors {
            let line = "\(folder)/\(e.place): "
            #expect(r.stderrLines.contains { $0.hasPrefix(line) && $0.contains(e.phrase) },
                    "no line \(line)…\(e.phrase)\n\(CLI.describe(r))")
        }
        if !c.errors.isEmpty {
            let n = c.errors.count
            #expect(r.stderr.contains("\(n) problem\(n == 1 ? "" : "s") found"), "\(CLI.describe(r))")
        }
    }
}

/// The damaged-workbook corpus (Fixtures/bad-workbooks, written by tools/make_bad_workbooks.py): each .xlsx
/// states exactly what it must give, as `SHEET!CELL` (or `SHEET` for a whole sheet, "" for the workbook) and
/// a phrase of every error and warning; or exit 66 with the sentence saying why it is no workbook; or
/// acceptance with the values a person meant. The same files go through `cmatch validate` for the exit code
/// and the printed `FILE.xlsx:SHEET!CELL: message`.
@Suite struct WorkbookCorpusTests {
    typealias Expected = BadInputCorpusTests.Expected
    static let root = Paths.fixtures.appendingPathComponent("bad-workbooks")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var errors: [Expected] = []
        var warnings: [Expected] = []
        var unreadable: String? = nil
        var accepted: (@Sendable (Scenario) -> Void)? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "excel-cells", warnings: [Expected("travel", "sheet 'travel' is hidden but read all the same")], accepted: { s in
            let m = Dictionary(uniqueKeysWithValues: s.members.map { ($0.id, $0) })
            #expect(m["M1"]?.phone == "13808711001" && m["M2"]?.phone == "13808711002", "phones stored as numbers, in both forms")
            #expect(m["M2"]?.unit == "1001", "a unit id stored as a number matches the id typed as one")
            #expect(m["M1"]?.maxHours == 2, "每周时长上限")
            #expect(m["M1"]?.slots.count == 2 && m["M2"]?.slots.count == 11, "周六上午、周日上午; 周一至周五晚上 周末")
            #expect(s.communities.map(\.name) == ["文明街社区", "光华社区"], "inline and shared strings, past a merged title row and an empty column")
            #expect(s.communities.last?.lat == 25.045 && s.communities.last?.lon == 102.715, "a formula's saved value; 1.02715E2")
            #expect(s.needs.map(\.hours) == [2, 1.5] && s.needs.map(\.vulnerable) == [true, false], "booleans")
            #expect(s.travelOverrides.count == 1, "the hidden travel sheet is read")
        }),
        Case(name: "hours-in-chinese", errors: [Expected("needs!C2", "hours must be a number, not '三小时'")]),
        Case(name: "date-in-slots", errors: [Expected("needs!D2", "unknown slot '2025/12/09': it looks like a date")]),
        Case(name: "date-in-hours", errors: [Expected("needs!C2", "hours must be a number, not '2025/12/09': it looks like a date")]),
        Case(name: "formula-without-value", errors: [Expected("needs!C2", "the formula has no saved value")]),
        Case(name: "formula-error-value", errors: [Expected("needs!F2", "priority holds the spreadsheet error '#REF!'")]),
        Case(name: "bad-shared-string-index", errors: [Expected("needs!D2", "the cell points at shared text 999, which the workbook does not have")]),
        Case(name: "long-id-as-number", errors: [Expected("members!A2", "id '1.10101E+17' looks like a number Excel shortened into scientific notation")]),
        Case(name: "missing-needs-sheet", errors: [Expected("", "the workbook has no needs sheet (需求); it is required")]),
        Case(name: "duplicate-list-sheets", errors: [Expected("需求", "sheets 'needs' and '需求' both hold the needs list; keep one")]),
        Case(name: "empty-task-slots", errors: [Expected("needs!D2", "slots is empty: write the slots the resident accepts, or `any`")]),
        Case(name: "unknown-column-did-you-mean", warnings: [
            Expected("members!F1", "unknown column '最多服务小时' is ignored; did you mean max_hours?"),
            Expected("needs!E2", "skill '驾驶' is held by no member, so this task cannot be served. Did you mean 'driving'?"),
        ], accepted: { s in #expect(s.members.first?.maxHours == 4) }),
        Case(name: "broken-sheet-xml", unreadable: "the workbook part xl/worksheets/sheet4.xml (sheet 'needs') is not well-formed XML"),
        Case(name: "renamed-xls", unreadable: "it is an Excel 97–2003 workbook (.xls) with an .xlsx name"),
        Case(name: "truncated-zip", unreadable: "it is not a valid .xlsx workbook (the zip archive is damaged)"),
        Case(name: "zip-not-workbook", unreadable: "it is a zip archive without xl/workbook.xml, so not a spreadsheet"),
        // Found by FuzzWorkbookReader: entry offsets past the end trapped in ZIPFoundation's in-memory archive.
        Case(name: "fuzz-zip-offsets-past-end", unreadable: "it is not a valid .xlsx workbook"),
        // Found by FuzzWorkbookReader: bytes that are not UTF-8 in a namespace made FoundationXML trap.
        Case(name: "fuzz-non-utf8-namespace", unreadable: "the workbook part xl/worksheets/sheet5.xml (sheet 'needs') is not well-formed XML (it is not UTF-8 text)"),
    ]

    /// `needs!C2`: the workbook's own path stripped.
    static func place(_ d: Diagnostic) -> String {
        guard let sheet = d.location.sheet else { return "" }
        return d.location.line == 0 ? sheet : "\(sheet)!\(d.location.cell)"
    }

    static func match(_ got: [Diagnostic], _ expected: [Expected], _ what: String) {
        let rendered = got.map { "\(place($0)): \($0.message)" }.joined(separator: "\n")
        for e in expected where !got.contains(where: { place($0) == e.place && $0.message.contains(e.phrase) }) {
            Issue.record("no \(what) at '\(e.place)' containing \"\(e.phrase)\"; got:\n\(rendered)")
        }
        #expect(got.count == expected.count, "\(got.count) \(what)s, expected \(expected.count):\n\(rendered)")
    }

    @Test func everyWorkbookHasACaseAndEveryCaseAWorkbook() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).filter { $0.hasSuffix(".xlsx") }
        #expect(Set(files) == Set(Self.cases.map { $0.name + ".xlsx" }))
    }

    @Test(arguments: cases)
    func loaderGivesExactlyTheExpectedDiagnostics(_ c: Case) throws {
        let path = Self.root.appendingPathComponent(c.name + ".xlsx").path
        do {
            let loaded = try ScenarioLoader.load(folder: path)
            #expect(c.errors.isEmpty && c.unreadable == nil, "loaded, but a failure was expected")
            Self.match(loaded.warnings, c.warnings, "warning")
            c.accepted?(loaded.scenario)
        } catch let e as InputError {
            #expect(!c.errors.isEmpty, "expected to load, got:\n\(e.description)")
            Self.match(e.diagnostics.filter { $0.severity == .error }, c.errors, "error")
            #expect(e.diagnostics.allSatisfy { $0.location.file == path }, "every place names the workbook")
        } catch let e as UnreadableInput {
            #expect(c.unreadable.map { e.reason.contains($0) } == true, "\(e)")
        }
    }

    @Test(arguments: cases)
    func cmatchValidatePrintsFileSheetCellAndExitsWithTheDocumentedCode(_ c: Case) throws {
        let path = Self.root.appendingPathComponent(c.name + ".xlsx").path
        let r = try CLI.run(["validate", path, "--lang", "en"])
        #expect(!r.signalled, "\(CLI.describe(r))")
        #expect(r.status == (c.unreadable != nil ? 66 : c.errors.isEmpty ? 0 : 65), "\(CLI.describe(r))")
        for e in c.errors {
            let prefix = e.place.isEmpty ? "\(path): " : "\(path):\(e.place): "
            #expect(r.stderrLines.contains { $0.hasPrefix(prefix) && $0.contains(e.phrase) }, "no line \(prefix)…\n\(CLI.describe(r))")
        }
        if let u = c.unreadable { #expect(r.stderr.hasPrefix("\(path): cannot be read: ") && r.stderr.contains(u), "\(CLI.describe(r))") }
    }
}
