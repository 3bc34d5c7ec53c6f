import CommunityMatch
import Foundation

/// One cell with the place a person can find it in Excel: `line` is the physical line where the cell starts
/// (a quoted cell may span several), `column` the 1-based field number, i.e. the spreadsheet column.
public struct CSVCell: Sendable {
    public var text: String
    public var line: Int
    public var column: Int

    public init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// A data row, always exactly as wide as the header: short rows are padded with empty cells so a reader can
/// index by column without checking, and decide itself which empty cells matter.
public struct CSVRow: Sendable {
    public var line: Int
    public var cells: [CSVCell]

    public init(line: Int, cells: [CSVCell]) {
        self.line = line
        self.cells = cells
    }
}

public struct CSVTable: Sendable {
    public var file: String
    public var header: [CSVCell]
    public var rows: [CSVRow]
    public var encoding: TextEncoding
    public var delimiter: Character
    /// The workbook sheet the table was read from (`WorkbookReader`); nil for a CSV file. Cells then keep
    /// their row as `line` and their column number as `column`, and places print as `FILE.xlsx:SHEET!F3`.
    public var sheet: String? = nil

    public init(file: String, header: [CSVCell], rows: [CSVRow], encoding: TextEncoding, delimiter: Character) {
        self.file = file
        self.header = header
        self.rows = rows
        self.encoding = encoding
        self.delimiter = delimiter
    }

    /// The same table with other rows (the hint row of a template dropped).
    init(withRows rows: [CSVRow], of t: CSVTable) {
        self.init(file: t.file, header: t.header, rows: rows, encoding: t.encoding, delimiter: t.delimiter)
        sheet = t.sheet
    }

    /// The place of a cell of this table, in the form its source uses.
    public func place(line: Int, column: Int) -> SourceLocation {
        if let sheet { return SourceLocation(file: file, sheet: sheet, row: line, column: column) }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// A strict RFC 4180 reader of our own, because the CSV packages available on Linux swallow the rest of a file
/// into one cell on an unterminated quote without a word, and report no positions (FACTS.md).
///
/// What it forgives, on purpose, because people edit these files by hand and in Excel:
/// - CRLF, LF and CR line breaks, also mixed; a line break inside a quoted cell becomes "\n".
/// - Spaces before an opening quote or after a closing one (`a, "b, c"`).
/// - Trailing empty cells (Excel's `,,,,`) beyond the header, and rows shorter than the header (padded).
/// - Rows whose cells are all empty, and blank lines, anywhere.
/// - Whitespace around any cell, quoted or not, including U+3000 and NBSP, and zero-width characters anywhere:
///   they are invisible in Excel, so a person could never see why `M001` does not match `M001\u{200B}`.
///
/// Everything else is an error with its `file:line:column`, and all of them are collected, except after an
/// unterminated quote: from there on, no cell boundary can be trusted, so reading stops with that one error.
public enum CSVReader {
    /// Excel's own limit on the characters (UTF-16 code units) of one cell; longer text cannot have come from a
    /// spreadsheet and usually means a quote went wrong.
    public static let maxCellLength = 32_767

    public static func read(_ data: Data, file: String, declared: TextEncoding?) -> (table: CSVTable?, diagnostics: [Diagnostic]) {
        let decoded = TextDecoder.decode(data, file: file, declared: declared)
        guard let text = decoded.text else { return (nil, decoded.diagnostics) }
        var result = parse(text, file: file)
        result.table?.encoding = decoded.encoding
        return (result.table, decoded.diagnostics + result.diagnostics)
    }

    /// The table is nil only when there is no header. After an unterminated quote it holds the rows before it,
    /// so that a caller listing every problem can still check them; the error in the diagnostics says the rest
    /// is missing.
    public static func parse(_ text: String, file: String) -> (table: CSVTable?, diagnostics: [Diagnostic]) {
        var text = text
        return text.withUTF8 { buffer in
            var parser = Parser(file: file, delimiter: detectDelimiter(buffer))
            parser.run(buffer)
            return parser.finish()
        }
    }

    /// Comma, unless the header has tabs and no comma outside quotes: Excel's "Unicode text" is tab separated.
    /// Leading blank lines (even `,,,,`) are skipped so the decision is made on the real header.
    static func detectDelimiter(_ b: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var commas = 0, tabs = 0, hasText = false, inQuotes = false
        var i = 0
        while i < b.count {
            let c = b[i]
            if inQuotes {
                if c == 0x22 { inQuotes = false }
                hasText = true
            } else if c == 0x22 {
                inQuotes = true
            } else if c == 0x2C {
                commas += 1
            } else if c == 0x09 {
                tabs += 1
            } else if c == 0x0A || c == 0x0D {
                if hasText { break }
                commas = 0; tabs = 0
            } else if c != 0x20 {
                hasText = true
            }
            i += 1
        }
        return tabs > 0 && commas == 0 ? 0x09 : 0x2C
    }

    // MARK: - Cells

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// Zero-width characters go, except a joiner (U+200D) between two emoji, which is what makes 👨‍👩‍👧 one
    /// family instead of three people: it is visible, and removing it would change a name.
    static func removingZeroWidth(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func isPictograph(_ s: Unicode.Scalar) -> Bool { s.value >= 0x2000 && s.properties.isEmoji }
        var kept = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() {
            guard isZeroWidth(s) else { kept.append(s); continue }
            if s.value == 0x200D, i + 1 < scalars.count, isPictograph(scalars[i + 1]),
               let previous = scalars[..<i].last(where: { $0.value != 0xFE0F }), isPictograph(previous) {
                kept.append(s)
            }
        }
        return String(kept)
    }

    static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }

    /// Bytes come from a valid UTF-8 string cut only at ASCII bytes, so they are valid UTF-8 themselves.
    static func clean(_ bytes: [UInt8], nonASCII: Bool) -> String {
        if !nonASCII {
            var lo = 0, hi = bytes.count
            while lo < hi, isASCIISpace(bytes[lo]) { lo += 1 }
            while hi > lo, isASCIISpace(bytes[hi - 1]) { hi -= 1 }
            return String(decoding: bytes[lo..<hi], as: UTF8.self)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // Every zero-width character we remove is encoded with a lead byte of 0xE2 or 0xEF.
        if bytes.contains(0xE2) || bytes.contains(0xEF) {
            text = removingZeroWidth(text)
        }
        let scalars = text.unicodeScalars
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi, scalars[lo].properties.isWhitespace { lo = scalars.index(after: lo) }
        while hi > lo, scalars[scalars.index(before: hi)].properties.isWhitespace { hi = scalars.index(before: hi) }
        if lo == scalars.startIndex && hi == scalars.endIndex { return text }
        return String(scalars[lo..<hi])
    }

    // MARK: - The parser

    struct Parser {
        enum State { case fieldStart, unquoted, quoted, afterQuote }

        let file: String
        let delimiter: UInt8
        var diagnostics: [Diagnostic] = []
        var header: [CSVCell]?
        var rows: [CSVRow] = []

        var state = State.fieldStart
        var line = 1
        var rowLine = 1
        var fieldLine = 1
        var cells: [CSVCell] = []
        var field: [UInt8] = []
        var nonASCII = false
        var fieldReported = false  // one quote error per cell is enough to find it
        var quoteLine = 0
        var quoteColumn = 0
        var stopped = false

        init(file: String, delimiter: UInt8) {
            self.file = file
            self.delimiter = delimiter
            field.reserveCapacity(256)
        }

        var column: Int { cells.count + 1 }

        mutating func error(line: Int, column: Int, _ message: Message) {
            diagnostics.append(.error(SourceLocation(file: file, line: line, column: column), message))
        }

        mutating func run(_ b: UnsafeBufferPointer<UInt8>) {
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                switch state {
                case .fieldStart, .unquoted:
                    if c == delimiter {
                        endField()
                    } else if c == 0x0A || c == 0x0D {
                        if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                        endField()
                        endRow()
                        line += 1
                        rowLine = line
                        fieldLine = line
                    } else if c == 0x22 {
                        if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                            field.removeAll(keepingCapacity: true)
                            state = .quoted
                            quoteLine = line
                            quoteColumn = column
                        } else {
                            if !fieldReported {
                                fieldReported = true
                                error(line: line, column: column, Message(.strayQuote))
                            }
                            field.append(c)
                            state = .unquoted
                        }
                    } else {
                        field.append(c)
                        if c >= 0x80 { nonASCII = true }
                        state = .unquoted
                    }
                case .quoted:
                    if c == 0x22 {
                        if i + 1 < n, b[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 1
                        } else {
                            state = .afterQuote
                        }
                    } else if c == 0x0A || c == 0x0D {
                        if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                        field.append(0x0A)
                        line += 1
                    } else {
                        field.append(c)
                        if c >= 0x80 { nonASCII = true }
                    }
                case .afterQuote:
                    if c == delimiter {
                        endField()
                    } else if c == 0x0A || c == 0x0D {
                        if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                        endField()
                        endRow()
                        line += 1
                        rowLine = line
                        fieldLine = line
                    } else if c == 0x20 || c == 0x09 {
                        // Spaces after a closing quote carry no meaning.
                    } else {
                        if !fieldReported {
                            fieldReported = true
                            // A quote left open earlier pairs with a later one and swallows the lines between:
                            // point back to where the cell began, which is where the fix usually is.
                            let opened = quoteLine < line
                                ? Message(.textAfterQuoteOpened, ["line": String(quoteLine), "column": String(quoteColumn)])
                                : Message(.noHint)
                            error(line: line, column: column, Message(.textAfterQuote, nested: ["opened": opened]))
                        }
                        // Keep the text so that later checks see what the person typed.
                        field.append(c)
                        if c >= 0x80 { nonASCII = true }
                    }
                }
                i += 1
            }
            if state == .quoted {
                let lastLine = n > 0 && (b[n - 1] == 0x0A || b[n - 1] == 0x0D) ? line - 1 : line
                let rest = lastLine > quoteLine
                    ? Message(.unterminatedQuoteLines, ["from": String(quoteLine), "to": String(lastLine)]) : Message(.noHint)
                error(line: quoteLine, column: quoteColumn, Message(.unterminatedQuote, nested: ["lines": rest]))
                stopped = true
                return
            }
            if !(state == .fieldStart && cells.isEmpty && field.isEmpty) {
                endField()
                endRow()
            }
        }

        mutating func endField() {
            let text = CSVReader.clean(field, nonASCII: nonASCII)
            if field.count > CSVReader.maxCellLength {
                let length = text.utf16.count
                if length > CSVReader.maxCellLength {
                    error(line: fieldLine, column: column, Message(.cellTooLong, ["length": String(length)]))
                }
            }
            cells.append(CSVCell(text: text, line: fieldLine, column: column))
            field.removeAll(keepingCapacity: true)
            nonASCII = false
            fieldReported = false
            state = .fieldStart
            fieldLine = line
        }

        mutating func endRow() {
            var row = cells
            cells.removeAll(keepingCapacity: true)
            while let last = row.last, last.text.isEmpty { row.removeLast() }
            if row.isEmpty { return }
            guard let header else {
                checkHeader(row)
                header = row
                return
            }
            if row.count == 1, header.count > 1, let separator = ["，", "；"].first(where: { row[0].text.contains($0) }) {
                error(line: row[0].line, column: 1, Message(.rowOneCellFullWidthSeparator, ["separator": separator]))
                return
            }
            if row.count > header.count {
                let extra = row[header.count...].first { !$0.text.isEmpty }!
                let start = extra.line == rowLine ? Message(.noHint) : Message(.rowStartsOnLine, ["line": String(rowLine)])
                error(line: extra.line, column: extra.column, Message(.rowTooManyCells, ["cells": String(row.count), "columns": String(header.count)],
                                                                      nested: ["start": start]))
                // Dropped: its cells are shifted, and checking them would only add misleading errors.
                return
            }
            while row.count < header.count {
                row.append(CSVCell(text: "", line: rowLine, column: row.count + 1))
            }
            rows.append(CSVRow(line: rowLine, cells: row))
        }

        /// Headers are matched case-insensitively later, so `ID` and `id` are the same column here too.
        mutating func checkHeader(_ cells: [CSVCell]) {
            var seen: [String: Int] = [:]
            for cell in cells where !cell.text.isEmpty {
                let key = cell.text.lowercased()
                if let first = seen[key] {
                    error(line: cell.line, column: cell.column,
                          Message(.duplicateHeaderColumn, ["name": cell.text, "first": String(first)]))
                } else {
                    seen[key] = cell.column
                }
            }
            if cells.count == 1 {
                let text = cells[0].text
                for separator in ["，", "；", ";"] where text.contains(separator) {
                    diagnostics.append(.warning(SourceLocation(file: file, line: cells[0].line, column: 1),
                        Message(.headerOneColumn, ["text": text, "separator": separator])))
                    break
                }
            }
        }

        mutating func finish() -> (table: CSVTable?, diagnostics: [Diagnostic]) {
            guard let header else {
                if !stopped {
                    diagnostics.append(.error(SourceLocation(file: file, line: 1, column: 1), Message(.fileEmpty)))
                }
                return (nil, diagnostics)
            }
            let table = CSVTable(file: file, header: header, rows: rows, encoding: .utf8,
                                 delimiter: delimiter == 0x09 ? "\t" : ",")
            return (table, diagnostics)
        }
    }
}
