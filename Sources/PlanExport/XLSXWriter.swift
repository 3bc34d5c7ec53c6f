import CommunityMatch
import Foundation
import PlanIO
import ScenarioIO
import ZIPFoundation

/// An Office Open XML workbook written part by part: the XML is ours, ZIPFoundation only packs it.
///
/// Same plan, same bytes: parts go into the archive in a fixed order with one fixed modification time (the
/// Monday of the planned week, 00:00 UTC; ZIPFoundation converts with `gmtime`, so the machine's time zone
/// does not show), and no part carries a date (there is no docProps/core.xml).
///
/// Cells: text as inline strings in a text-formatted style (`@`), so Excel and LibreOffice keep a phone
/// number or a long digit id as typed instead of showing `1.38E+10`; numbers as numbers. The header row is
/// bold and frozen; column widths come from the table.
public enum XLSXWriter {
    /// The modification time of every zip entry when the plan has no week: 2000-01-03 (a Monday), 00:00 UTC.
    public static let fallbackDate = Date(timeIntervalSince1970: 946_857_600)

    public static func data(_ sheets: [Sheet], date: Date = fallbackDate) throws -> Data {
        let archive: Archive
        do { archive = try Archive(accessMode: .create) } catch {
            throw ExportError("xlsx", "cannot create the workbook in memory: \(error)")
        }
        for (name, text) in parts(sheets) {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let out = archive.data else { throw ExportError("xlsx", "the workbook was not written") }
        return out
    }

    /// The package's parts, in the order they are zipped ([Content_Types].xml first, as Office writes it).
    public static func parts(_ sheets: [Sheet]) -> [(String, String)] {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let pkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"
        var types = head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        types += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        types += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        types += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        types += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in sheets.indices {
            types += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        types += "</Types>"

        let rootRels = head + "<Relationships xmlns=\"\(pkgRel)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

        var workbook = head + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        var workbookRels = head + "<Relationships xmlns=\"\(pkgRel)\">"
        for (i, s) in sheets.enumerated() {
            workbook += "<sheet name=\"\(escape(s.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            workbookRels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        workbook += "</sheets></workbook>"
        workbookRels += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"

        var out: [(String, String)] = [
            ("[Content_Types].xml", types), ("_rels/.rels", rootRels), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRels), ("xl/styles.xml", styles),
        ]
        for (i, s) in sheets.enumerated() {
            out.append(("xl/worksheets/sheet\(i + 1).xml", sheetXML(s, selected: i == 0)))
        }
        return out
    }

    /// Style 0 default, 1 bold header (text), 2 text body cell (`@`, number format 49), 3 number body cell,
    /// 4 the template's hint row (small grey italic, wrapped).
    static let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/></font>"
        + "<font><i/><sz val=\"9\"/><color rgb=\"FF666666\"/><name val=\"等线\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyFill=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"49\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\" vertical=\"top\"/></xf></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"

    static func sheetXML(_ s: Sheet, selected: Bool) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        x += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        // The header, and the hint row under it when there is one, stay in view while scrolling.
        let top = s.hints == nil ? 1 : 2
        x += "<pane ySplit=\"\(top)\" topLeftCell=\"A\(top + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        x += "<selection pane=\"bottomLeft\" activeCell=\"A\(top + 1)\" sqref=\"A\(top + 1)\"/></sheetView></sheetViews>"
        x += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (i, c) in s.columns.enumerated() {
            let style = s.textColumns.contains(i) ? " style=\"2\"" : ""
            x += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(formatNumber(c.width, decimals: 2))\"\(style) customWidth=\"1\"/>"
        }
        x += "</cols><sheetData>"
        x += row(1, s.columns.map { .text($0.header) }, header: true)
        if let hints = s.hints {
            x += "<row r=\"2\" ht=\"42\" customHeight=\"1\">"
            for (i, h) in hints.enumerated() {
                x += "<c r=\"\(columnName(i))2\" s=\"4\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(h))</t></is></c>"
            }
            x += "</row>"
        }
        for (i, r) in s.rows.enumerated() { x += row(i + top + 1, r, header: false) }
        x += "</sheetData>"
        if !s.validations.isEmpty { x += validationsXML(s.validations, firstRow: top + 1) }
        x += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        x += "<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
        return x
    }

    /// `<dataValidations>` for rows `firstRow`…1000: prompts and drop-downs that inform and never refuse
    /// (`errorStyle="information"`), since a valid cell such as `Sat-AM|Sun-AM` is in no drop-down.
    static func validationsXML(_ vs: [(column: Int, values: ScenarioTemplate.Values)], firstRow: Int) -> String {
        let vs = vs.filter { $0.values != .text }
        if vs.isEmpty { return "" }
        var x = "<dataValidations count=\"\(vs.count)\">"
        for (col, values) in vs {
            let ref = "\(columnName(col))\(firstRow):\(columnName(col))1000"
            switch values {
            case .text: continue
            case .choice(let xs):
                x += "<dataValidation type=\"list\" errorStyle=\"information\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(ref)\">"
                x += "<formula1>\"\(escape(xs.joined(separator: ",")))\"</formula1></dataValidation>"
            case .whole(let lo, let hi):
                x += "<dataValidation type=\"whole\" errorStyle=\"stop\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(ref)\">"
                x += "<formula1>\(lo)</formula1><formula2>\(hi)</formula2></dataValidation>"
            case .number(let lo, let hi):
                x += "<dataValidation type=\"decimal\" errorStyle=\"stop\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(ref)\">"
                x += "<formula1>\(formatNumber(lo, decimals: 4))</formula1><formula2>\(formatNumber(hi, decimals: 4))</formula2></dataValidation>"
            }
        }
        return x + "</dataValidations>"
    }

    static func row(_ n: Int, _ cells: [Cell], header: Bool) -> String {
        var x = "<row r=\"\(n)\">"
        for (i, c) in cells.enumerated() {
            let ref = columnName(i) + String(n)
            switch c {
            case .text(let t):
                if t.isEmpty && !header { continue }
                x += "<c r=\"\(ref)\" s=\"\(header ? 1 : 2)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(t))</t></is></c>"
            case .number(let v):
                x += "<c r=\"\(ref)\" s=\"3\"><v>\(v.isFinite ? formatNumber(v, decimals: 6) : "0")</v></c>"
            }
        }
        return x + "</row>"
    }

    /// `A` … `Z`, `AA` …: the column part of a cell reference (0-based index).
    public static func columnName(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// XML text: the five entities, and characters XML 1.0 does not allow (control codes) dropped, since a
    /// stray one in a title would make Excel refuse the whole workbook.
    public static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
