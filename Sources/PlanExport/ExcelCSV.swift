import Foundation
import PlanIO

/// CSV as Excel on a Chinese desktop opens it without an import dialog: UTF-8 with a byte order mark (without
/// it Excel reads the bytes as GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
///
/// Formula injection: a text cell beginning with `=`, `+`, `-`, `@` (or a tab or carriage return, which some
/// spreadsheets skip before looking for those) would run as a formula when the file is opened, and titles and
/// names come from lists anyone can edit. Such a cell gets an apostrophe in front, as OWASP recommends. An
/// apostrophe rather than a tab: it is visible, so a reader sees that the cell was altered, and it is what
/// Excel itself shows for "text that looks like a formula". Number cells (hours, counts) are ours and are
/// written as numbers, so a negative number is never touched.
public enum ExcelCSV {
    public static let bom = "\u{FEFF}"

    public static func text(_ sheet: Sheet) -> String {
        var out = bom
        out += sheet.columns.map { CSVText.quote(neutralised($0.header)) }.joined(separator: ",") + "\r\n"
        for row in sheet.rows {
            out += row.map { cell -> String in
                switch cell {
                case .text(let t): return quote(neutralised(t))
                case .number: return cell.display
                }
            }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The text with an apostrophe in front when a spreadsheet would take it for a formula.
    public static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + s : s
    }

    /// RFC 4180: quoted when the cell holds a comma, quote or line break (bare LF included, which Excel would
    /// otherwise take for a row end), or begins or ends with a space.
    static func quote(_ s: String) -> String { CSVText.quote(s) }
}
