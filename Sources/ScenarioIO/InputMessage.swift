import CommunityMatch

/// The messages added with workbook input (issue 17), built from keys of the catalogue (`MessageKey`, Chinese
/// and English) with their values filled in. Each says what is wrong and how to fix it, in the words of a
/// street-office user; what is computed here is only the values (a YAML snippet, a list of names).
public enum InputMessage {
    /// The first character of every cell of a template's hint row; such a row under the header is skipped.
    public static let hintMarker = "↑"

    // MARK: - headers and words

    /// `source`: where the list was read (`Message.listName`).
    static func unknownColumn(_ header: String, list: ScenarioFile, source: Message, guess: String?) -> Message {
        if let guess {
            return Message(.unknownColumnGuess, ["column": header, "guess": guess,
                                                 "yaml": "columns: {\(list.rawValue): {\(header): \(guess)}}"])
        }
        return Message(.unknownColumnIgnored, ["column": header, "columns": list.columns.map(\.name).joined(separator: ", ")],
                       nested: ["file": source])
    }

    static func emptyTaskSlots(_ kind: String) -> Message {
        Message(kind == "project" ? .emptySlotsProject : .emptySlotsNeed)
    }

    /// A skill (`vocabularyKey` skills) or resource kind (kinds) that nothing has.
    static func unknownWord(_ word: String, guess: String?, vocabularyKey: String) -> Message {
        let hint = guess.map { Message(.didYouMeanWord, ["guess": $0]) } ?? Message(.noHint)
        let before = "vocabulary: {\(vocabularyKey): {\(word): ", after = "}}"
        let yaml = guess.map { Message(.verbatim, ["text": before + $0 + after]) } ?? Message(.ourWord, ["before": before, "after": after])
        return Message(vocabularyKey == "skills" ? .unknownSkill : .unknownKind, ["word": word], nested: ["hint": hint, "yaml": yaml])
    }

    static func slotLooksLikeDate(_ token: String) -> Message { Message(.slotLooksLikeDate, ["token": token]) }

    // MARK: - workbooks

    static func notAWorkbook(_ detail: Message) -> Message { Message(.notAWorkbook, nested: ["detail": detail]) }

    static let legacyOrEncrypted = Message(.legacyOrEncrypted)

    static func sheetTwice(_ list: ScenarioFile, _ first: String, _ second: String) -> Message {
        Message(.sheetTwice, ["first": first, "second": second], nested: ["list": Message.list(list.rawValue)])
    }

    static func unknownSheet(_ name: String, guess: String?) -> Message {
        let names = ScenarioFile.allCases.map { "\($0.rawValue)/\(WorkbookSheets.chineseName($0))" }.joined(separator: ", ")
        let hint = guess.map { Message(.sheetGuess, ["guess": $0]) } ?? Message(.noHint)
        return Message(.unknownSheet, ["name": name, "names": names, "settings": "scenario/设置"], nested: ["hint": hint])
    }

    static func missingSheet(_ list: ScenarioFile) -> Message {
        Message(.missingSheet, ["list": list.rawValue, "chinese": WorkbookSheets.chineseName(list)])
    }

    static func hiddenSheet(_ name: String) -> Message { Message(.hiddenSheet, ["name": name]) }

    static let formulaWithoutValue = Message(.formulaWithoutValue)

    static func badSharedString(_ index: String) -> Message { Message(.badSharedString, ["index": index]) }

    static func badCellReference(_ ref: String) -> Message { Message(.badCellReference, ["ref": ref]) }

    static func brokenXML(_ part: Message, _ detail: Message) -> Message {
        Message(.brokenXML, nested: ["part": part, "detail": detail])
    }

    static func tooLarge(_ part: String, _ limit: Int) -> Message {
        Message(.partTooLarge, ["part": part, "mib": String(limit / (1 << 20))])
    }

    static let settingsInFolder = Message(.settingsSheetIgnored, ["sheet": "scenario/设置"])
    static let settingsKeyEmpty = Message(.settingsKeyEmpty)

    static func weekLooksLikeDate(_ text: String) -> Message { Message(.weekLooksLikeDate, ["text": text]) }

    static func workbookIgnored(_ name: String) -> Message { Message(.workbookIgnored, ["name": name]) }

    static func severalWorkbooks(_ names: [String]) -> Message {
        Message(.severalWorkbooks, ["names": names.joined(separator: ", ")])
    }
}

extension Message {
    /// How a message names a list: `the 需求 sheet` when it was read from a workbook sheet, else its CSV file.
    public static func listName(_ f: ScenarioFile, sheet: String?) -> Message {
        if let sheet { return Message(.listSheet, ["sheet": sheet]) }
        return Message(.verbatim, ["text": f.fileName])
    }
}
