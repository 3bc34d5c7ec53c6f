/// The user-facing sentences added with workbook input (issue 17), in one place and in English, so that the
/// zh/en message catalogue can take them over one function at a time. Each says what is wrong and how to fix
/// it, in the words of a street-office user.
public enum InputMessage {
    /// The first character of every cell of a template's hint row; such a row under the header is skipped.
    public static let hintMarker = "↑"

    // MARK: - headers and words

    static func unknownColumn(_ header: String, list: ScenarioFile, source: String, guess: String?) -> String {
        if let guess {
            return "unknown column '\(header)' is ignored; did you mean \(guess)? If so, rename the header or add "
                + "columns: {\(list.rawValue): {\(header): \(guess)}} to scenario.yaml"
        }
        return "unknown column '\(header)' is ignored; \(source) takes \(list.columns.map(\.name).joined(separator: ", "))"
    }

    static func emptyTaskSlots(_ kind: String) -> String {
        "slots is empty: write the slots the \(kind == "project" ? "project can run in" : "resident accepts"), "
            + "or `any` (an empty cell is too often a forgotten one)"
    }

    static func unknownWord(_ what: String, _ word: String, nobody: String, guess: String?, vocabularyKey: String) -> String {
        let hint = guess.map { "Did you mean '\($0)'? " } ?? ""
        return "\(what) '\(word)' is \(nobody), so this task cannot be served. \(hint)If it is the office's word "
            + "for one of ours, add vocabulary: {\(vocabularyKey): {\(word): \(guess ?? "<our word>")}} to scenario.yaml"
    }

    static func slotLooksLikeDate(_ token: String) -> String {
        "unknown slot '\(token)': it looks like a date, and slots are days and half-days of the week such as "
            + "Sat-AM or 周六上午; format the column as text and type the slots again"
    }

    // MARK: - workbooks

    static func notAWorkbook(_ detail: String) -> String {
        "it is not a valid .xlsx workbook (\(detail)); open it in Excel or WPS and save it as "
            + "\"Excel Workbook (*.xlsx)\""
    }

    static let legacyXLS = "it is an Excel 97–2003 workbook (.xls) with an .xlsx name; open it in Excel or WPS and "
        + "save it as \"Excel Workbook (*.xlsx)\""
    static let encryptedWorkbook = "it is a password-protected workbook; save a copy without the password"

    static func sheetTwice(_ list: ScenarioFile, _ first: String, _ second: String) -> String {
        "sheets '\(first)' and '\(second)' both hold the \(list.rawValue) list; keep one"
    }

    static func unknownSheet(_ name: String, guess: String?) -> String {
        let names = ScenarioFile.allCases.map { "\($0.rawValue)/\(WorkbookSheets.chineseName($0))" }.joined(separator: ", ")
        let hint = guess.map { "did you mean \($0)? " } ?? ""
        return "sheet '\(name)' is ignored: \(hint)the sheets read are \(names), and scenario/设置 for settings"
    }

    static func missingSheet(_ list: ScenarioFile) -> String {
        "the workbook has no \(list.rawValue) sheet (\(WorkbookSheets.chineseName(list))); it is required"
    }

    static func hiddenSheet(_ name: String) -> String {
        "sheet '\(name)' is hidden but read all the same; unhide it to check what it holds"
    }

    static let formulaWithoutValue = "the formula has no saved value (the workbook was written by a program that "
        + "does not calculate); open the workbook in Excel or WPS, save it, and try again"

    static func badSharedString(_ index: String) -> String {
        "the cell points at shared text \(index), which the workbook does not have: the file is damaged; open it "
            + "in Excel or WPS and save it again"
    }

    static func badCellReference(_ ref: String) -> String {
        "cell reference '\(ref)' is not a cell like B3: the file is damaged; open it in Excel or WPS and save it again"
    }

    static func brokenXML(_ part: String, _ detail: String) -> String {
        "the workbook part \(part) is not well-formed XML (\(detail)): the file is damaged; open it in Excel or "
            + "WPS and save it again"
    }

    static func tooLarge(_ part: String, _ limit: Int) -> String {
        "the workbook part \(part) unpacks to more than \(limit / (1 << 20)) MiB; a week's lists are far smaller"
    }

    static let settingsInFolder = "the scenario/设置 sheet is ignored: scenario.yaml beside the workbook holds the settings"
    static let settingsKeyEmpty = "the setting has a value but no key in column A"

    static func settingsKey(_ key: String) -> String {
        "unknown setting '\(key)'; the scenario sheet takes name, week, max_travel, walking_speed_kmh, "
            + "vulnerable_factor, continuity_bonus, objective, or any scenario.yaml key written with dots "
            + "(travel.max_travel, periods.AM, weights.priority.1)"
    }

    static func weekLooksLikeDate(_ text: String) -> String {
        "week '\(text)' looks like a date; write the ISO week such as 2026-W48 in a text cell"
    }

    static func workbookIgnored(_ name: String) -> String {
        "\(name) is ignored: this folder's CSV files are the scenario; move the workbook or the CSV files away"
    }

    static func severalWorkbooks(_ names: [String]) -> String {
        "the folder holds several workbooks (\(names.joined(separator: ", "))) and no CSV lists; keep one"
    }

    public static func unknownColumnsAgain(_ n: Int) -> String {
        "note: \(n) column\(n == 1 ? " was" : "s were") ignored as unknown (see the warnings above): their values are not in this plan"
    }

    public static func strict(_ n: Int) -> String {
        "\(n) warning\(n == 1 ? "" : "s") found and --strict treats warnings as errors; nothing was written."
    }
}
