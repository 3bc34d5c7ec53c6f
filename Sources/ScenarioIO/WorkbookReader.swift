import CommunityMatch
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One sheet of a workbook as rows of text cells, the way `CSVReader` gives a file: each cell keeps its row
/// (`line`) and column number, so every message can name `week.xlsx:needs!F3`.
struct WorkbookSheet {
    var name: String
    var hidden: Bool
    /// Non-empty rows in order; each holds only its non-empty cells, in column order.
    var rows: [CSVRow]
    /// Merged ranges as (first row, first column, last row, last column).
    var merged: [(Int, Int, Int, Int)]
}

/// The sheet names a workbook's lists go by: the CSV file names and the words offices use.
public enum WorkbookSheets {
    public static func chineseName(_ f: ScenarioFile) -> String {
        switch f {
        case .communities: return "社区"
        case .members: return "党员"
        case .units: return "单位"
        case .needs: return "需求"
        case .projects: return "项目"
        case .resources: return "资源"
        case .travel: return "路程"
        case .pins: return "指定"
        }
    }

    static let otherNames: [ScenarioFile: [String]] = [
        .communities: ["社区列表", "社区表"], .members: ["在职党员", "党员名单", "党员表"], .units: ["驻区单位", "单位列表", "共建单位"],
        .needs: ["群众需求", "需求清单", "需求表"], .projects: ["服务项目", "项目清单"], .resources: ["单位资源", "资源清单"],
        .travel: ["路程时间", "路程表"], .pins: ["指定安排", "固定安排"],
    ]

    static func key(_ name: String) -> String {
        var k = ColumnSpec.key(name)
        if k.hasSuffix("csv") && k.count > 3 { k.removeLast(3) }
        return k
    }

    /// The list a sheet holds, by its name (case, spaces and a `.csv` suffix aside); nil for any other sheet.
    public static func list(forSheet name: String) -> ScenarioFile? {
        let k = key(name)
        return ScenarioFile.allCases.first { f in
            ([f.rawValue, chineseName(f)] + (otherNames[f] ?? [])).contains { key($0) == k }
        }
    }

    /// The key–value sheet of a workbook given directly as the scenario.
    public static func isSettings(_ name: String) -> Bool {
        ["scenario", "设置", "settings", "参数"].contains(key(name))
    }
}

/// Reads an .xlsx workbook with ZIPFoundation and Foundation's streaming `XMLParser` (FoundationXML on
/// Linux, backed by libxml2): each part is unpacked into memory and parsed event by event, and only the cell
/// texts are kept, never a tree of the sheet. A capital's 20,000 needs read in seconds (BENCHMARKS.md).
///
/// Cells come as Excel stores them: shared and inline strings, numbers (an id or phone stored as a number
/// gives its digits, `13808711001` whether written `13808711001` or `1.3808711001E10`), booleans (`true`,
/// `false`), error values (`#N/A`, reported by the readers as today), formulas by their saved value, and
/// numbers in a date or time format as the date (`2026-03-01`) or time (`2:00`), which the readers then
/// recognise as "looks like a date". What cannot be read at all is `UnreadableInput` (exit 66); a damaged
/// cell is a positioned diagnostic.
enum WorkbookReader {
    /// The most an unpacked part may hold: a guard against zip bombs far above any week (the capital's
    /// needs sheet is about 10 MiB).
    static let maxPartBytes = 256 << 20

    struct Failure: Error { var why: Message }

    static func read(path: String, display: String) throws -> (sheets: [WorkbookSheet], diagnostics: [Diagnostic]) {
        do {
            return try readOrFail(path: path, display: display)
        } catch let f as Failure {
            throw UnreadableInput(path: display, f.why)
        }
    }

    static func readOrFail(path: String, display: String) throws -> (sheets: [WorkbookSheet], diagnostics: [Diagnostic]) {
        let bytes: Data
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw Failure(why: error.why ?? Message(.verbatim, ["text": error.reason]))
        }
        let head = bytes.prefix(8)
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // An OLE2 container: a legacy .xls, or an encrypted .xlsx (Office wraps those in OLE2 too).
            throw Failure(why: InputMessage.legacyOrEncrypted)
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw Failure(why: InputMessage.notAWorkbook(Message(head.isEmpty ? .wbFileEmpty : .wbNotZip)))
        }
        // The file-backed archive, not `Archive(data:)`: ZIPFoundation's in-memory backing traps (a range with
        // lowerBound > upperBound in `MemoryFile.readData`) on an entry whose offsets point past the end, which
        // the workbook fuzzer found in its first minute; reads from a FILE stream just come back short.
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Failure(why: InputMessage.notAWorkbook(Message(.wbZipDamaged)))
        }

        func part(_ name: String) throws -> Data? {
            guard let entry = archive[name] else { return nil }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    if out.count + chunk.count > maxPartBytes { throw Failure(why: InputMessage.tooLarge(name, maxPartBytes)) }
                    out.append(chunk)
                }
            } catch let f as Failure {
                throw f
            } catch {
                throw Failure(why: InputMessage.notAWorkbook(Message(.wbEntryDamaged, ["name": name])))
            }
            return out
        }

        guard let workbookXML = try part("xl/workbook.xml") else {
            throw Failure(why: InputMessage.notAWorkbook(Message(.wbNoWorkbookPart)))
        }
        let book = WorkbookParts()
        try parse(workbookXML, part: "xl/workbook.xml", delegate: book)
        var targets: [String: (type: String, target: String)] = [:]
        if let relsXML = try part("xl/_rels/workbook.xml.rels") {
            let rels = RelationshipsParser()
            try parse(relsXML, part: "xl/_rels/workbook.xml.rels", delegate: rels)
            targets = rels.targets
        }
        func resolve(_ target: String) -> String {
            if target.hasPrefix("/") { return String(target.dropFirst()) }
            // Relative to xl/, with `..` steps (rare, but written by some tools).
            var parts = ["xl"]
            for p in target.split(separator: "/") {
                if p == ".." { if !parts.isEmpty { parts.removeLast() } } else if p != "." { parts.append(String(p)) }
            }
            return parts.joined(separator: "/")
        }
        let sharedPath = targets.values.first { $0.type.hasSuffix("/sharedStrings") }.map { resolve($0.target) } ?? "xl/sharedStrings.xml"
        let stylesPath = targets.values.first { $0.type.hasSuffix("/styles") }.map { resolve($0.target) } ?? "xl/styles.xml"

        var shared: [String] = []
        if let data = try part(sharedPath) {
            let p = SharedStringsParser()
            try parse(data, part: sharedPath, delegate: p)
            shared = p.strings
        }
        var dateStyles: [Bool] = []
        var timeOnlyStyles: [Bool] = []
        if let data = try part(stylesPath) {
            let p = StylesParser()
            try parse(data, part: stylesPath, delegate: p)
            dateStyles = p.xfFormats.map { NumberFormat.isDate(id: $0, code: p.formats[$0]) }
            timeOnlyStyles = p.xfFormats.map { NumberFormat.isTimeOnly(id: $0, code: p.formats[$0]) }
        }

        var sheets: [WorkbookSheet] = []
        var diagnostics: [Diagnostic] = []
        for s in book.sheets {
            let target = targets[s.relationship].map { resolve($0.target) }
            guard let target, let data = try part(target) else {
                throw Failure(why: InputMessage.notAWorkbook(Message(.wbNoSheetPart, ["sheet": s.name])))
            }
            let p = SheetParser(file: display, sheet: s.name, shared: shared, dateStyles: dateStyles,
                                timeOnlyStyles: timeOnlyStyles, date1904: book.date1904)
            try parse(data, part: Message(.wbPartOfSheet, ["part": target, "sheet": s.name]), delegate: p)
            p.finishRow()
            diagnostics += p.diagnostics
            sheets.append(WorkbookSheet(name: s.name, hidden: s.hidden, rows: p.rows, merged: p.merged))
        }
        return (sheets, diagnostics)
    }

    static func parse(_ data: Data, part: String, delegate: XMLEventHandler) throws {
        try parse(data, part: Message(.verbatim, ["text": part]), delegate: delegate)
    }

    /// Runs the streaming parser over one part; a part that is not well-formed XML is a damaged file.
    static func parse(_ data: Data, part: Message, delegate: XMLEventHandler) throws {
        // FoundationXML traps (a forced String conversion) on an element or namespace with bytes that are not
        // UTF-8, which libxml2 passes through when nothing declares another encoding (found by the workbook
        // fuzzer). Office writes its parts in UTF-8; a part in UTF-16 (BOM) or declaring another encoding is
        // converted by libxml2 itself and left alone here.
        if !declaresOtherEncoding(data), String(validating: data, as: UTF8.self) == nil {
            throw Failure(why: InputMessage.brokenXML(part, Message(.xmlNotUTF8)))
        }
        // Fed from a stream, in chunks: given the whole part at once, libxml2's push parser refuses a part
        // over 10 MB ("huge input lookup"), which a capital's needs sheet written on one line (openpyxl) is.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if let e = delegate.xmlError { throw Failure(why: InputMessage.brokenXML(part, e)) }
        if !ok {
            if let f = delegate.failure { throw f }
            let line = parser.lineNumber
            let detail = Message(.xmlLine, ["line": String(line), "detail": parser.parserError.map { ": \(($0 as NSError).localizedDescription)" } ?? ""])
            throw Failure(why: InputMessage.brokenXML(part, detail))
        }
    }

    /// A UTF-16 byte order mark, or an XML declaration naming an encoding other than UTF-8.
    static func declaresOtherEncoding(_ data: Data) -> Bool {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return true }
        guard data.starts(with: Array("<?xml".utf8)) else { return false }
        let head = String(decoding: data.prefix(200), as: UTF8.self).lowercased()
        guard let end = head.range(of: "?>"), let enc = head[..<end.lowerBound].range(of: "encoding=") else { return false }
        let value = head[enc.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
        return value != "utf-8" && value != "utf8"
    }

    /// `F3` → (row 3, column 6); nil for anything else, or beyond Excel's 1,048,576 rows × 16,384 columns.
    static func cellReference(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, digits = false
        for u in ref.utf8 {
            switch u {
            case 0x41...0x5A where !digits: column = column * 26 + Int(u - 0x40)
            case 0x61...0x7A where !digits: column = column * 26 + Int(u - 0x60)
            case 0x24: continue   // `$F$3`
            case 0x30...0x39:
                digits = true
                row = row * 10 + Int(u - 0x30)
            default: return nil
            }
            if column > 16_384 || row > 1_048_576 { return nil }
        }
        guard column >= 1, row >= 1 else { return nil }
        return (row, column)
    }

    /// The text of a number cell as a person would have typed it: integral values as their digits (so ids and
    /// phone numbers stored as numbers come back exactly), others as the shortest decimal that round-trips.
    /// Integral values from 10^15 on have lost digits already (a double keeps about 15), so they come back in
    /// the scientific form Excel shows them in, which the readers report as a shortened number.
    static func numberText(_ raw: String) -> String {
        let t = raw.trimmingCharacters(in: .whitespaces)
        guard let v = Double(t), v.isFinite else { return t }
        if v == v.rounded() && abs(v) < 1e15 {
            if v == 0 { return "0" }
            return String(Int64(v))
        }
        if v == v.rounded() {
            return String(format: "%.5E", v).replacingOccurrences(of: "E+0", with: "E+")
        }
        if !t.contains("E") && !t.contains("e") && t.count <= 17 { return t }
        return "\(v)"
    }

    /// Excel's serial date and time: whole days since 1899-12-30 (or 1904-01-01) and the fraction of a day.
    static func dateText(_ raw: String, timeOnly: Bool, date1904: Bool) -> String {
        guard let v = Double(raw), v.isFinite, v >= 0, v < 2_958_466 else { return raw }
        let days = Int(v.rounded(.down))
        let minutes = Int(((v - Double(days)) * 1440).rounded())
        let time = "\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
        if timeOnly || days == 0 { return time }
        let date = ExcelDamage.serialDate(date1904 ? days + 1462 : days).replacingOccurrences(of: "-", with: "/")
        return minutes == 0 ? date : date + " " + time
    }
}

/// Number formats that show a date or a time: the built-in ids Excel (and WPS's Chinese ones) use, and custom
/// codes with date or time letters outside quotes and brackets.
enum NumberFormat {
    static let builtinDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)
    static let builtinTimes: Set<Int> = [18, 19, 20, 21, 45, 46, 47]

    static func letters(_ code: String) -> Set<Character> {
        var out: Set<Character> = [], quoted = false, bracket = false, escaped = false
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[": if !quoted { bracket = true }
            case "]": if !quoted { bracket = false }
            default: if !quoted && !bracket { out.insert(c) }
            }
        }
        return out
    }

    static func isDate(id: Int, code: String?) -> Bool {
        if let code {
            let l = letters(code)
            return !l.isDisjoint(with: ["y", "d", "h", "s"]) || (l.contains("m") && !l.contains("0") && !l.contains("#"))
                || code.contains("年") || code.contains("月") || code.contains("日")
        }
        return builtinDates.contains(id)
    }

    static func isTimeOnly(id: Int, code: String?) -> Bool {
        if let code {
            let l = letters(code)
            return l.isDisjoint(with: ["y", "d"]) && !l.isDisjoint(with: ["h", "s"]) && !code.contains("年") && !code.contains("日")
        }
        return builtinTimes.contains(id)
    }
}

// MARK: - The event handlers

/// Element names without their prefix (`x:c` → `c`): some writers prefix the spreadsheet namespace.
private func local(_ name: String) -> Substring {
    if let i = name.lastIndex(of: ":") { return name[name.index(after: i)...] }
    return Substring(name)
}

private func attribute(_ attrs: [String: String], _ name: String) -> String? {
    if let v = attrs[name] { return v }
    return attrs.first { local($0.key) == name }?.value
}

/// The base of the part handlers. The delegate methods are declared here and overridden below: on Linux,
/// `XMLParserDelegate`'s methods have default implementations in a protocol extension, so methods that only a
/// subclass declares would never be called.
class XMLEventHandler: NSObject, XMLParserDelegate {
    /// Set by a handler that aborts the parse for a reason of its own (a part too large, say).
    var failure: WorkbookReader.Failure?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {}
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}
    /// Kept, because on Linux `parse()` may return true after a document that simply stops (a truncated part).
    var xmlError: Message?
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if xmlError == nil { xmlError = Message(.xmlAtLine, ["line": String(parser.lineNumber)]) }
    }
}

final class WorkbookParts: XMLEventHandler {
    struct SheetEntry { var name: String; var relationship: String; var hidden: Bool }
    var sheets: [SheetEntry] = []
    var date1904 = false

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "sheet":
            let state = attribute(attributes, "state") ?? "visible"
            // The relationship id is `r:id`; `sheetId` is another attribute with a similar name.
            let rid = attributes.first { $0.key.hasSuffix(":id") }?.value ?? attributes["id"] ?? ""
            sheets.append(SheetEntry(name: attributes["name"] ?? "", relationship: rid, hidden: state != "visible"))
        case "workbookPr":
            let v = (attribute(attributes, "date1904") ?? "").lowercased()
            date1904 = v == "1" || v == "true"
        default: break
        }
    }
}

final class RelationshipsParser: XMLEventHandler {
    var targets: [String: (type: String, target: String)] = [:]
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = (attributes["Type"] ?? "", target)
    }
}

final class SharedStringsParser: XMLEventHandler {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "si": current = ""
        case "t": inText = phonetic == 0
        // Phonetic guides (furigana) repeat the text's reading; they are not part of the value.
        case "rPh": phonetic += 1
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch local(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}

final class StylesParser: XMLEventHandler {
    var formats: [Int: String] = [:]
    var xfFormats: [Int] = []
    private var inCellXfs = false

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { formats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf": if inCellXfs { xfFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0) }
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if local(elementName) == "cellXfs" { inCellXfs = false }
    }
}

/// One worksheet, streamed: a cell's text is settled at its end tag and kept only when non-empty.
final class SheetParser: XMLEventHandler {
    let file: String
    let sheet: String
    let shared: [String]
    let dateStyles: [Bool]
    let timeOnlyStyles: [Bool]
    let date1904: Bool

    var rows: [CSVRow] = []
    var merged: [(Int, Int, Int, Int)] = []
    var diagnostics: [Diagnostic] = []

    private var rowNumber = 0
    private var rowCells: [CSVCell] = []
    private var inRow = false
    private var nextColumn = 1
    // The open cell.
    private var cellRow = 0
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var cellValue = ""
    private var inlineText = ""
    private var hasValue = false
    private var hasFormula = false
    private var capture: Capture = .none
    private var inInline = false
    private var phonetic = 0
    private var inCell = false

    private enum Capture { case none, value, inline }

    init(file: String, sheet: String, shared: [String], dateStyles: [Bool], timeOnlyStyles: [Bool], date1904: Bool) {
        self.file = file; self.sheet = sheet; self.shared = shared
        self.dateStyles = dateStyles; self.timeOnlyStyles = timeOnlyStyles; self.date1904 = date1904
    }

    private func place(_ row: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, sheet: sheet, row: row, column: column)
    }

    func finishRow() {
        if !rowCells.isEmpty { rows.append(CSVRow(line: rowNumber, cells: rowCells)) }
        rowCells = []
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "row":
            finishRow()
            inRow = true
            if let r = attributes["r"].flatMap(Int.init), r >= 1, r <= 1_048_576, r > rowNumber { rowNumber = r }
            else { rowNumber += 1 }
            nextColumn = 1
        case "c":
            inCell = true
            cellRow = rowNumber
            cellColumn = nextColumn
            if let ref = attributes["r"] {
                if let (r, c) = WorkbookReader.cellReference(ref), r == rowNumber {
                    cellColumn = c
                } else {
                    diagnostics.append(.error(place(rowNumber, nextColumn), InputMessage.badCellReference(ref)))
                    cellColumn = 0
                }
            }
            nextColumn = cellColumn + 1
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            cellValue = ""; inlineText = ""; hasValue = false; hasFormula = false
        case "v": if inCell { capture = .value; hasValue = true }
        case "f": hasFormula = true
        case "is": inInline = true
        case "t": if inInline && phonetic == 0 { capture = .inline }
        case "rPh": phonetic += 1
        case "mergeCell":
            if let ref = attributes["ref"] {
                let ends = ref.split(separator: ":").map(String.init)
                if ends.count == 2, let a = WorkbookReader.cellReference(ends[0]), let b = WorkbookReader.cellReference(ends[1]) {
                    merged.append((min(a.row, b.row), min(a.column, b.column), max(a.row, b.row), max(a.column, b.column)))
                }
            }
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch local(elementName) {
        case "v", "t": capture = .none
        case "is": inInline = false
        case "rPh": phonetic -= 1
        case "row": finishRow(); inRow = false
        case "c":
            inCell = false
            guard cellColumn > 0 else { return }
            if let text = settle(), !text.isEmpty {
                rowCells.append(CSVCell(text: text, line: cellRow, column: cellColumn))
            }
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch capture {
        case .value: cellValue += string
        case .inline: inlineText += string
        case .none: break
        }
    }

    /// The open cell's text, as the readers expect it (trimmed, zero-width characters gone); nil when empty.
    private func settle() -> String? {
        let raw: String
        switch cellType {
        case "s":
            guard hasValue else { return nil }
            guard let i = Int(cellValue.trimmingCharacters(in: .whitespaces)), shared.indices.contains(i) else {
                diagnostics.append(.error(place(cellRow, cellColumn), InputMessage.badSharedString(cellValue)))
                return nil
            }
            raw = shared[i]
        case "inlineStr": raw = inlineText
        case "str": raw = cellValue
        case "b": raw = cellValue.trimmingCharacters(in: .whitespaces) == "1" ? "true" : "false"
        case "e": raw = cellValue
        case "d": raw = cellValue
        default:
            guard hasValue, !cellValue.isEmpty else {
                if hasFormula { diagnostics.append(.error(place(cellRow, cellColumn), InputMessage.formulaWithoutValue)) }
                return nil
            }
            if dateStyles.indices.contains(cellStyle) && dateStyles[cellStyle] {
                raw = WorkbookReader.dateText(cellValue, timeOnly: timeOnlyStyles[cellStyle], date1904: date1904)
            } else {
                raw = WorkbookReader.numberText(cellValue)
            }
        }
        if raw.isEmpty && hasFormula && !hasValue && cellType != "inlineStr" {
            diagnostics.append(.error(place(cellRow, cellColumn), InputMessage.formulaWithoutValue))
            return nil
        }
        return CSVReader.clean(Array(raw.utf8), nonASCII: true)
    }
}
