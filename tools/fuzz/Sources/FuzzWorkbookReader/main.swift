import CommunityMatch
import Foundation
import MatchModel
import ScenarioIO

// libFuzzer target for the workbook reader: the input becomes an .xlsx file that `ScenarioLoader.load`
// reads as a scenario given directly, exactly as `cmatch validate week.xlsx` does.
//
// Input format: when it starts with `### `, sections `### PART` name the parts of the workbook (the bytes up
// to the next section are the part, e.g. `### xl/worksheets/sheet3.xml`); parts no section names keep a
// small valid workbook's content, and `### !PART` leaves a part out. The parts are packed into a zip
// (stored, with correct CRCs) so that mutations reach the XML parser, the cell decoding and the scenario
// checks rather than stopping at a checksum. Any other input is used as the file's bytes as they are, for
// the zip layer itself.
//
// Checked beyond "does not crash": a load ends in a scenario, an InputError with at least one error, or
// UnreadableInput; every workbook place names a sheet with a row ≥ 0 and a column ≥ 0; a scenario that loads
// builds a model ModelValidator accepts.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
let sheetNames = ["scenario", "社区", "units", "党员", "needs", "projects"]

func sheet(_ rows: [[String]]) -> String {
    var x = "<worksheet xmlns=\"\(main)\"><sheetData>"
    for (r, row) in rows.enumerated() {
        x += "<row r=\"\(r + 1)\">"
        for (c, v) in row.enumerated() where !v.isEmpty {
            let ref = String(UnicodeScalar(UInt8(65 + c))) + "\(r + 1)"
            if v.hasPrefix("=") { x += "<c r=\"\(ref)\"><v>\(v.dropFirst())</v></c>" }
            else if v.hasPrefix("#") { x += "<c r=\"\(ref)\" t=\"s\"><v>\(v.dropFirst())</v></c>" }
            else { x += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(v)</t></is></c>" }
        }
        x += "</row>"
    }
    return x + "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>"
}

let baseline: [(String, String)] = {
    var parts: [(String, String)] = [
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
    ]
    var wb = "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><workbookPr date1904=\"0\"/><sheets>"
    var rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    for (i, n) in sheetNames.enumerated() {
        wb += "<sheet name=\"\(n)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"\(n == "projects" ? " state=\"hidden\"" : "")/>"
        rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
    }
    rels += "<Relationship Id=\"rId9\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    rels += "<Relationship Id=\"rId10\" Type=\"\(rel)/styles\" Target=\"/xl/styles.xml\"/></Relationships>"
    parts.append(("xl/workbook.xml", wb + "</sheets></workbook>"))
    parts.append(("xl/_rels/workbook.xml.rels", rels))
    parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\"><si><t>medical</t></si><si><r><t>Sat-</t></r><r><t>AM</t></r><rPh><t>x</t></rPh></si></sst>"))
    parts.append(("xl/styles.xml", "<styleSheet xmlns=\"\(main)\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"))
    let sheets: [[[String]]] = [
        [["key", "value"], ["week", "2026-W48"], ["max_travel", "=20"], ["columns.members.手机", "phone"]],
        [["南关街道"], ["编号", "名称", "纬度", "经度"], ["C1", "文明街", "=25.036", "=102.708"], ["C2", "光华", "=25.04", "=102.71"]],
        [["id", "name", "pledge_hours"], ["U1", "医院", "=8"], ["=1001", "学校", "=0"]],
        [["编号", "单位", "社区", "技能", "时段", "每周时长上限", "手机"], ["M1", "U1", "C1", "#0", "周六上午、周日上午", "=2", "=13808711001"],
         ["M2", "=1001", "C2", "driving", "周一至周五晚上 周末", "=4", "=1.3808711002E10"]],
        [["id", "community", "hours", "slots", "skills", "priority", "vulnerable", "resources"], ["N1", "C1", "=2", "#1", "#0", "=1", "是", ""],
         ["N2", "C2", "=1.5", "周末", "驾驶", "=3", "否", "vehicle"]],
        [["id", "community", "title", "slots", "hours", "roles", "beneficiaries"], ["P1", "C1", "义诊", "Sat-AM", "=3", "medical:1-2;any:1-3", "=60"]],
    ]
    for (i, rows) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet(rows))) }
    return parts
}()

let path: String = {
    var template = Array((NSTemporaryDirectory() + "/cmatch-fuzz-XXXXXX").utf8CString)
    guard let p = mkdtemp(&template) else { fatalError("cannot create a scratch folder") }
    return String(cString: p) + "/week.xlsx"
}()

func check(_ ok: Bool, _ what: @autoclosure () -> String) {
    if !ok {
        FileHandle.standardError.write(Data("broken promise: \(what())\n".utf8))
        abort()
    }
}

let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
}

func crc32(_ d: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in d { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
}

/// A zip of stored (uncompressed) entries: local headers, the central directory and its end record.
func storedZip(_ parts: [(String, [UInt8])]) -> [UInt8] {
    var out: [UInt8] = [], central: [UInt8] = []
    func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func u32(_ v: UInt32, _ a: inout [UInt8]) { for s in stride(from: 0, to: 32, by: 8) { a.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
    for (name, data) in parts {
        let n = Array(name.utf8), crc = crc32(data), offset = UInt32(out.count)
        u32(0x0403_4B50, &out); u16(20, &out); u16(0x0800, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
        u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out); u16(n.count, &out); u16(0, &out)
        out += n; out += data
        u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0x0800, &central); u16(0, &central)
        u16(0, &central); u16(0x21, &central); u32(crc, &central); u32(UInt32(data.count), &central)
        u32(UInt32(data.count), &central); u16(n.count, &central); u16(0, &central); u16(0, &central); u16(0, &central)
        u16(0, &central); u32(0, &central); u32(offset, &central); central += n
    }
    let cdOffset = UInt32(out.count)
    out += central
    u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(parts.count, &out); u16(parts.count, &out)
    u32(UInt32(central.count), &out); u32(cdOffset, &out); u16(0, &out)
    return out
}

func sections(_ all: [UInt8]) -> [(String, [UInt8])] {
    var starts: [Int] = []
    var i = 0
    while i + 4 <= all.count {
        if (i == 0 || all[i - 1] == 0x0A), all[i] == 0x23, all[i + 1] == 0x23, all[i + 2] == 0x23, all[i + 3] == 0x20 { starts.append(i) }
        i += 1
    }
    var out: [(String, [UInt8])] = []
    for (k, s) in starts.enumerated() {
        let end = k + 1 < starts.count ? starts[k + 1] : all.count
        var nameEnd = s + 4
        while nameEnd < end, all[nameEnd] != 0x0A { nameEnd += 1 }
        let name = String(decoding: all[(s + 4)..<nameEnd], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        out.append((name, nameEnd < end ? Array(all[(nameEnd + 1)..<end]) : []))
    }
    return out
}

@_cdecl("fuzzWorkbookReaderOne")
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    var file: [UInt8]
    if input.starts(with: Array("### ".utf8)) {
        var parts = baseline.map { ($0.0, Array($0.1.utf8)) }
        for (name, body) in sections(input) {
            if name.hasPrefix("!") { parts.removeAll { $0.0 == String(name.dropFirst()) } }
            else if let i = parts.firstIndex(where: { $0.0 == name }) { parts[i].1 = body }
            else if name.hasPrefix("xl/") && name.count < 100 { parts.append((name, body)) }
        }
        file = storedZip(parts)
    } else {
        file = input
    }
    check(FileManager.default.createFile(atPath: path, contents: Data(file)), "cannot write \(path)")
    func placed(_ d: Diagnostic) {
        check(d.location.line >= 0 && d.location.column >= 0, "negative position: \(d)")
        check(!d.message.isEmpty, "empty message at \(d.location)")
        if let s = d.location.sheet { check(!d.location.description.isEmpty && d.location.file == path, "bad place \(s)") }
    }
    do {
        let loaded = try ScenarioLoader.load(folder: path)
        for d in loaded.warnings { check(d.severity == .warning, "an error among the warnings: \(d)"); placed(d) }
        let problems = ModelValidator.validate(MatchingModel(scenario: loaded.scenario).model)
        check(problems.isEmpty, "a scenario that loads builds a model GLPK must not see: \(problems.prefix(3))")
    } catch let e as InputError {
        check(e.diagnostics.contains { $0.severity == .error }, "InputError without an error")
        for d in e.diagnostics { placed(d) }
    } catch is UnreadableInput {
    } catch {
        check(false, "unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
