import CommunityMatch
import Foundation

/// A CSV table with its headers resolved to canonical column names (English or Chinese headers alike).
struct ResolvedTable {
    let file: String
    let spec: ScenarioFile
    let table: CSVTable
    /// Canonical column name → index of the cell in a row.
    let index: [String: Int]
    let headerLine: Int
    /// The rows after what-if overlays removed, added, replaced or copied some (`Overlay`); they may come
    /// from several files, each row keeping its own. nil: the table's own rows.
    var editedRows: [RowReader]? = nil

    /// Resolves headers; missing required columns are errors, unknown ones warnings.
    ///
    /// - Parameter columnMap: the scenario's `columns:` entries for this list (the office's header → our
    ///   column name), checked before the built-in names so that an office can also re-point one of those.
    ///
    /// An unknown header that resembles a column nobody filled gets "did you mean …?": the case of issue 17,
    /// where 每周时长上限 was ignored and every member silently got the default 4 hours.
    static func resolve(_ table: CSVTable, spec: ScenarioFile, columnMap: [String: String] = [:],
                        log: inout DiagnosticLog) -> ResolvedTable? {
        var index: [String: Int] = [:]
        let headerLine = table.header.first?.line ?? 1
        let mapped = Dictionary(columnMap.map { (ColumnSpec.key($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        var unknown: [CSVCell] = []
        for (i, cell) in table.header.enumerated() {
            // Column names are a fixed vocabulary: full-width letters (ｉｄ) can only mean the half-width name.
            let h = Self.halfWidthKey(cell.text)
            if h.isEmpty { continue }
            let col = mapped[ColumnSpec.key(cell.text)].flatMap { name in spec.columns.first { $0.name == name } }
                ?? spec.columns.first(where: { $0.name == h || $0.chinese.contains(cell.text) || $0.matches(cell.text) })
            if let col {
                if let first = index[col.name] {
                    // The same header twice is already reported by the CSV reader; this catches two spellings
                    // of one column, such as hours and 小时.
                    if table.header[first].text.lowercased() == cell.text.lowercased() { continue }
                    log.error(table.place(line: cell.line, column: cell.column),
                              Message(.columnTwice, ["column": col.name]))
                } else {
                    index[col.name] = i
                }
            } else {
                unknown.append(cell)
            }
        }
        for cell in unknown {
            let unfilled = spec.columns.filter { index[$0.name] == nil }
            log.warning(table.place(line: cell.line, column: cell.column),
                        InputMessage.unknownColumn(cell.text, list: spec, source: Message.listName(spec, sheet: table.sheet),
                                                   guess: ColumnGuess.nearest(cell.text, among: unfilled)?.name))
        }
        var ok = true
        for col in spec.columns where col.required && index[col.name] == nil {
            log.error(table.place(line: headerLine, column: 1),
                      Message(.missingRequiredColumn, ["column": col.name, "chinese": col.chinese.first ?? ""]))
            ok = false
        }
        guard ok else { return nil }
        var resolved = ResolvedTable(file: table.file, spec: spec, table: table, index: index, headerLine: headerLine)
        // The template's second header row (every filled cell starts with ↑) explains the columns; it is no data.
        if let first = table.rows.first, Self.isHintRow(first) {
            resolved = ResolvedTable(file: table.file, spec: spec, table: CSVTable(withRows: Array(table.rows.dropFirst()), of: table),
                                     index: index, headerLine: headerLine)
        }
        return resolved
    }

    /// A row of hints under the header, as `cmatch init` writes it: every non-empty cell starts with `↑`.
    static func isHintRow(_ row: CSVRow) -> Bool {
        let filled = row.cells.filter { !$0.text.isEmpty }
        return !filled.isEmpty && filled.allSatisfy { $0.text.hasPrefix(InputMessage.hintMarker) }
    }

    var rows: [RowReader] { editedRows ?? table.rows.map { RowReader(table: self, row: $0) } }

    static func halfWidthKey(_ s: String) -> String { RowReader.halfWidth(s).lowercased() }
}

/// One data row, with typed accessors that log a positioned error and return nil on bad cells.
struct RowReader {
    let table: ResolvedTable
    let row: CSVRow

    var line: Int { row.line }

    func location(_ column: String) -> SourceLocation {
        if let i = table.index[column] {
            if i < row.cells.count { return table.table.place(line: row.cells[i].line, column: row.cells[i].column) }
            return table.table.place(line: row.line, column: i + 1)
        }
        return table.table.place(line: row.line, column: 1)
    }

    /// The cell's text, trimmed; "" when the column is absent or the cell empty.
    func text(_ column: String) -> String {
        guard let i = table.index[column], i < row.cells.count else { return "" }
        return row.cells[i].text
    }

    /// A required id-like text; Excel's scientific notation (`1.10101E+17`) and `#N/A` are errors because
    /// the real id is already lost.
    func id(_ column: String, log: inout DiagnosticLog, required: Bool = true) -> String? {
        let s = text(column)
        if s.isEmpty {
            if required { log.error(location(column), Message(.cellEmpty, ["column": column])) }
            return nil
        }
        if Self.looksLikeExcelScientific(s) {
            log.error(location(column), Message(.cellScientificId, ["column": column, "value": s]))
            return nil
        }
        if Self.isExcelError(s) {
            log.error(location(column), Message(.cellSpreadsheetError, ["column": column, "value": s]))
            return nil
        }
        // Only where the id is defined: its references then fail or match it, and say so themselves.
        if column == "id", let hint = ExcelDamage.idHint(s) { log.warning(location(column), hint) }
        return s
    }

    func number(_ column: String, log: inout DiagnosticLog, default def: Double?, min: Double, max: Double,
                integer: Bool = false) -> Double? {
        let raw = text(column)
        if raw.isEmpty {
            if def == nil { log.error(location(column), Message(.cellEmpty, ["column": column])) }
            return def
        }
        let s = Self.halfWidth(raw)
        guard let v = Double(s), v.isFinite, !s.lowercased().contains("x"), !s.lowercased().contains("n") else {
            if Self.isExcelError(raw) {
                log.error(location(column), Message(.cellSpreadsheetError, ["column": column, "value": raw]))
            } else {
                log.error(location(column), Message(.cellNotNumber, ["column": column, "value": raw],
                                                    nested: ["hint": ExcelDamage.numberHint(raw) ?? Message(.noHint)]))
            }
            return nil
        }
        if integer && v != v.rounded() {
            log.error(location(column), Message(.cellNotWholeNumber, ["column": column, "value": raw]))
            return nil
        }
        if v < min || v > max {
            log.error(location(column), Message(.cellOutOfRange, ["column": column, "value": raw, "min": formatNumber(min), "max": formatNumber(max)],
                                                nested: ["hint": ExcelDamage.serialHint(v, columnMaximum: max) ?? Message(.noHint)]))
            return nil
        }
        return v
    }

    func yesNo(_ column: String, log: inout DiagnosticLog) -> Bool {
        let s = RowReader.halfWidth(text(column)).lowercased()
        switch s {
        case "", "no", "n", "false", "0", "否", "不是": return false
        case "yes", "y", "true", "1", "是": return true
        default:
            log.error(location(column), Message(.cellNotYesNo, ["column": column, "value": text(column)]))
            return false
        }
    }

    /// Items of a list cell, split on `|`, `;`, `、` (and their full-width forms), trimmed, empties dropped.
    func list(_ column: String) -> [String] { Self.splitList(text(column)) }

    static func splitList(_ s: String) -> [String] {
        s.split(whereSeparator: { "|;、；｜".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Full-width digits and signs (what a Chinese IME types) read as ASCII.
    static func halfWidth(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.value >= 0xFF01 && u.value <= 0xFF5E, let h = Unicode.Scalar(u.value - 0xFEE0) { out.append(h) }
            else if u.value == 0x3002 { out.append(".") }
            else { out.append(u) }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    static func looksLikeExcelScientific(_ s: String) -> Bool {
        let u = s.uppercased()
        guard let e = u.firstIndex(of: "E"), u.contains("E+") else { return false }
        let mantissa = u[..<e]
        return !mantissa.isEmpty && Double(mantissa) != nil && Double(u) != nil
    }

    static func isExcelError(_ s: String) -> Bool { ExcelDamage.isErrorValue(s) }
}
