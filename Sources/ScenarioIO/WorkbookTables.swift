import CommunityMatch
import Foundation
import Yams

/// A workbook's sheets turned into what the CSV path produces: one `CSVTable` per list, and the settings
/// sheet as scenario.yaml text, so that a workbook and a folder of CSV files meet the same resolver and
/// builder and give the same scenario, message for message.
struct WorkbookScenario {
    var tables: [ScenarioFile: CSVTable] = [:]
    /// The scenario/设置 sheet, if any.
    var settingsSheet: WorkbookSheet?
    var diagnostics: [Diagnostic] = []

    init(sheets: [WorkbookSheet], file: String, columnMaps: [ScenarioFile: [String: String]]) {
        var seen: [ScenarioFile: String] = [:]
        for sheet in sheets {
            if WorkbookSheets.isSettings(sheet.name) {
                if settingsSheet == nil { settingsSheet = sheet }
                continue
            }
            guard let list = WorkbookSheets.list(forSheet: sheet.name) else {
                // Hidden helper sheets (lists behind a drop-down) are common; only visible ones get a word.
                if !sheet.hidden && !sheet.rows.isEmpty {
                    let names = ScenarioFile.allCases.map(\.rawValue)
                    diagnostics.append(.warning(SourceLocation(file: file, sheet: sheet.name, row: 0, column: 0),
                                                InputMessage.unknownSheet(sheet.name, guess: WordGuess.nearest(sheet.name, among: names))))
                }
                continue
            }
            if let first = seen[list] {
                diagnostics.append(.error(SourceLocation(file: file, sheet: sheet.name, row: 0, column: 0),
                                          InputMessage.sheetTwice(list, first, sheet.name)))
                continue
            }
            seen[list] = sheet.name
            if sheet.hidden {
                diagnostics.append(.warning(SourceLocation(file: file, sheet: sheet.name, row: 0, column: 0),
                                            InputMessage.hiddenSheet(sheet.name)))
            }
            if let t = Self.table(sheet, file: file, spec: list, columnMap: columnMaps[list] ?? [:], diagnostics: &diagnostics) {
                tables[list] = t
            }
        }
    }

    /// The sheet as a table. The header is the row, among the first ten with text, that names the most of the
    /// list's columns (title rows above it, often one merged cell, are skipped); a header cell left empty
    /// because a merged cell above covers it takes that cell's text. Cells right of the header's last column
    /// are ignored with one warning per column, since offices keep notes there.
    static func table(_ sheet: WorkbookSheet, file: String, spec: ScenarioFile, columnMap: [String: String],
                      diagnostics: inout [Diagnostic]) -> CSVTable? {
        guard !sheet.rows.isEmpty else {
            diagnostics.append(.error(SourceLocation(file: file, sheet: sheet.name, row: 1, column: 1),
                                      Message(.sheetEmpty)))
            return nil
        }
        let mapped = Set(columnMap.keys.map(ColumnSpec.key))
        func score(_ row: CSVRow) -> Int {
            row.cells.filter { c in mapped.contains(ColumnSpec.key(c.text)) || spec.columns.contains { $0.matches(c.text) } }.count
        }
        var headerIndex = 0, best = -1
        for (i, row) in sheet.rows.prefix(10).enumerated() {
            let s = score(row)
            if s > best { best = s; headerIndex = i }
        }
        if best <= 0 { headerIndex = 0 }
        let headerRow = sheet.rows[headerIndex]
        var headerCells = Dictionary(headerRow.cells.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        for (r1, c1, r2, _) in sheet.merged where r1 < headerRow.line && headerRow.line <= r2 && headerCells[c1] == nil {
            if let top = sheet.rows.first(where: { $0.line == r1 })?.cells.first(where: { $0.column == c1 }) {
                headerCells[c1] = top
            }
        }
        let width = headerCells.keys.max() ?? 0
        let header = (1...max(width, 1)).map { c in headerCells[c] ?? CSVCell(text: "", line: headerRow.line, column: c) }
        var rows: [CSVRow] = []
        var reportedBeyond: Set<Int> = []
        for row in sheet.rows[(headerIndex + 1)...] {
            var cells = (1...max(width, 1)).map { CSVCell(text: "", line: row.line, column: $0) }
            for c in row.cells {
                if c.column <= width { cells[c.column - 1] = c }
                else if reportedBeyond.insert(c.column).inserted {
                    diagnostics.append(.warning(SourceLocation(file: file, sheet: sheet.name, row: c.line, column: c.column),
                                                Message(.cellNoHeader)))
                }
            }
            rows.append(CSVRow(line: row.line, cells: cells))
        }
        var table = CSVTable(file: file, header: header, rows: rows, encoding: .utf8, delimiter: ",")
        table.sheet = sheet.name
        return table
    }

    /// The settings sheet as scenario.yaml text, one line per key, and the cell each line came from, so that
    /// `SettingsReader`'s messages can be moved back to the sheet. Keys are scenario.yaml keys written with
    /// dots (`travel.max_travel`, `weights.priority.1`), or the short names a settings sheet is filled with.
    static func settingsYAML(_ sheet: WorkbookSheet, file: String) -> (text: String, places: [Int: SourceLocation], diagnostics: [Diagnostic]) {
        let short: [String: String] = [
            "名称": "name", "场景名称": "name", "周次": "week", "计划周": "week", "编码": "encoding",
            "max_travel": "travel.max_travel", "服务圈": "travel.max_travel", "最远路程": "travel.max_travel",
            "walking_speed_kmh": "travel.walking_speed_kmh", "步行速度": "travel.walking_speed_kmh",
            "vulnerable_factor": "weights.vulnerable_factor", "continuity_bonus": "weights.continuity_bonus",
            "目标": "objective",
        ]
        final class Node { var key: String; var children: [Node] = []; var value: String?; var place: SourceLocation
            init(_ k: String, _ p: SourceLocation) { key = k; place = p } }
        let root = Node("", SourceLocation(file: file))
        var diagnostics: [Diagnostic] = []
        for (i, row) in sheet.rows.enumerated() {
            guard let keyCell = row.cells.first else { continue }
            let valueCell = row.cells.first { $0.column == keyCell.column + 1 }
            let rawKey = keyCell.text
            if rawKey.hasPrefix(InputMessage.hintMarker) { continue }
            if i == 0, ["key", "键", "设置项", "项", "setting"].contains(rawKey.lowercased()) { continue }
            let keyPlace = SourceLocation(file: file, sheet: sheet.name, row: keyCell.line, column: keyCell.column)
            let valuePlace = valueCell.map { SourceLocation(file: file, sheet: sheet.name, row: $0.line, column: $0.column) }
                ?? SourceLocation(file: file, sheet: sheet.name, row: keyCell.line, column: keyCell.column + 1)
            if keyCell.column > 1 {
                diagnostics.append(.error(valuePlace, InputMessage.settingsKeyEmpty))
                continue
            }
            let dotted = short[rawKey] ?? short[rawKey.lowercased()] ?? rawKey
            var value = valueCell?.text ?? ""
            // A key left without a value keeps its default (the template lists the keys with empty values).
            if value.isEmpty { continue }
            if dotted == "objective", !value.hasPrefix("[") { value = "[" + value + "]" }
            if dotted == "week", ExcelDamage.looksLikeDate(value) {
                diagnostics.append(.error(valuePlace, InputMessage.weekLooksLikeDate(value)))
                continue
            }
            var node = root
            for part in dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
                if let child = node.children.first(where: { $0.key == part }) { node = child }
                else { let c = Node(part, keyPlace); node.children.append(c); node = c }
            }
            node.value = value
            node.place = valuePlace
        }
        var lines: [String] = []
        var places: [Int: SourceLocation] = [:]
        func quoted(_ s: String) -> String {
            if s.hasPrefix("[") || s.hasPrefix("{") { return s }
            let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { !":#'\"{}[],&*!|>%@`\\".unicodeScalars.contains($0) && $0.value >= 0x20 }
            if plain && !s.hasPrefix("-") && !s.hasPrefix("?") { return s }
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func emit(_ n: Node, depth: Int) {
            let k = quoted(n.key)
            if n.children.isEmpty {
                lines.append(String(repeating: "  ", count: depth) + k + ": " + quoted(n.value ?? ""))
            } else {
                lines.append(String(repeating: "  ", count: depth) + k + ":")
            }
            places[lines.count] = n.place
            for c in n.children { emit(c, depth: depth + 1) }
        }
        for c in root.children { emit(c, depth: 0) }
        return (lines.joined(separator: "\n") + "\n", places, diagnostics)
    }
}
