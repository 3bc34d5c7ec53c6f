import CommunityMatch
import Foundation
import ScenarioIO

/// The fill-in workbook of `cmatch init --template`: a sheet per list (Chinese names and headers by default),
/// a hint row under each header, drop-downs and ranges where a column has fixed values, text-formatted id and
/// phone columns (so Excel does not turn 13808711001 into 1.38E+10), frozen header rows, and a scenario/设置
/// sheet of settings. Written by `XLSXWriter`, the plan export's writer, so both share one xlsx path.
public enum TemplateWorkbook {
    public static func sheets(_ lang: ScenarioTemplate.Language) -> [Sheet] {
        var out: [Sheet] = []
        for list in ScenarioTemplate.lists(lang) {
            let columns = list.columns.map { c in
                Column(c.header, max(10, min(28, Double(c.hint.count) * (lang == .zh ? 1.2 : 0.6))))
            }
            var sheet = Sheet(name: list.sheetName, fileName: list.file.fileName, columns: columns, rows: [])
            sheet.hints = list.columns.map(\.hint)
            sheet.validations = list.columns.enumerated().map { ($0.offset, $0.element.values) }
            sheet.textColumns = Set(list.columns.enumerated().compactMap { i, c in
                if case .text = c.values { return i }
                if case .choice = c.values { return i }
                return nil
            })
            out.append(sheet)
        }
        let settingsColumns = lang == .zh
            ? [Column("设置项", 20), Column("值", 16), Column("说明", 40)]
            : [Column("key", 20), Column("value", 16), Column("note", 40)]
        var settings = Sheet(name: lang == .zh ? "设置" : "scenario", fileName: "scenario.csv", columns: settingsColumns,
                             rows: ScenarioTemplate.settingsRows(lang).map { [.text($0.0), .text($0.1), .text($0.2)] })
        settings.textColumns = [0, 1, 2]
        out.append(settings)
        return out
    }

    public static func data(_ lang: ScenarioTemplate.Language) throws -> Data {
        try XLSXWriter.data(sheets(lang))
    }

    /// The CSV template of one list: a header row and the hint row, UTF-8 with a BOM so that Excel on a
    /// Chinese Windows opens it without mojibake.
    public static func csv(_ list: ScenarioTemplate.List) -> Data {
        func field(_ s: String) -> String {
            s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        let text = list.columns.map { field($0.header) }.joined(separator: ",") + "\r\n"
            + list.columns.map { field($0.hint) }.joined(separator: ",") + "\r\n"
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }
}
