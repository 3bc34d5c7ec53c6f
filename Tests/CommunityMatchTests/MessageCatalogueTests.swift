import CommunityMatch
import Foundation
import Testing

/// The message catalogue: every key in both languages with the same placeholders, and the language switch.
@Suite struct MessageCatalogueTests {
    static func hasCJK(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

    @Test(arguments: MessageKey.allCases)
    func everyKeyHasBothLanguagesWithTheSamePlaceholders(_ key: MessageKey) {
        let zh = key.zh, en = key.en
        // noHint is the empty optional tail; verbatim is user data, the same in both languages.
        if key == .noHint { #expect(zh.isEmpty && en.isEmpty); return }
        #expect(!zh.isEmpty && !en.isEmpty, "\(key) lacks a language")
        #expect(Set(MessageKey.placeholders(zh)) == Set(MessageKey.placeholders(en)),
                "\(key): zh has \(MessageKey.placeholders(zh)), en has \(MessageKey.placeholders(en))")
        if key == .verbatim { return }
        // Chinese is written in Chinese, English without Chinese (the two column names it quotes aside).
        let zhWithoutPlaceholders = MessageKey.placeholders(zh).reduce(zh) { $0.replacingOccurrences(of: "{\($1)}", with: "") }
        if !zhWithoutPlaceholders.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).isEmpty {
            #expect(Self.hasCJK(zh), "\(key): the zh text has no Chinese: \(zh)")
        }
        if ![.cellNotYesNo, .planTaskKind, .errNoSuchFile, .errNoPermission].contains(key) {
            #expect(!Self.hasCJK(en), "\(key): the en text has Chinese: \(en)")
        }
    }

    @Test func aMessageFillsItsPlaceholdersAndNestedMessagesInTheSameLanguage() {
        let m = Message(.cellNotNumber, ["column": "hours", "value": "2:00"], nested: ["hint": Message(.hintTimeOfDay)])
        #expect(m.text(.en) == "hours must be a number, not '2:00': it looks like a time of day; write hours as a number, e.g. 2 or 1.5")
        #expect(m.text(.zh) == "hours 必须是数字，而不是“2:00”：它像是一天中的时刻；小时数请写成数字，例如 2 或 1.5")
        let d = Diagnostic.warning(SourceLocation(file: "needs.csv", line: 3, column: 4), Message(.memberNoSlots, ["id": "M1"]))
        #expect(d.text(.zh).hasPrefix("needs.csv:3:4: 警告："))
        #expect(d.text(.en) == "needs.csv:3:4: warning: member M1 gives no slots and is never available")
    }

    @Test func theFlagWinsThenLCAllLCMessagesAndLangThenChinese() {
        #expect(Language.resolve(flag: .en, environment: ["LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.resolve(flag: .zh, environment: ["LC_ALL": "en_US.UTF-8"]) == .zh)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "en_GB.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(Language.resolve(flag: nil, environment: ["LC_MESSAGES": "en_US", "LANG": "zh_CN"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "C.UTF-8"]) == .zh)
        #expect(Language.resolve(flag: nil, environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: [:]) == .zh)
    }

    @Test func statusWordsReasonsAndTheProductsWords() {
        #expect(Language.zh.status("optimal") == "最优（已证明）" && Language.en.status("feasible") == "feasible (not proven optimal)")
        #expect(Language.zh.status("stopped_work_budget") == "已停止：工作量预算用尽")
        #expect(Language.en.status("stopped: time limit") == "stopped: time limit")
        #expect(Language.zh.status("stopped_no_progress") == "已停止：不再有进展")
        #expect(Language.zh.status("something_new") == "something_new")
        #expect(Language.zh.reason("no_skill") == "无人具备所需技能" && Language.en.reason("outcompeted") == "taken by tasks of higher value")
        #expect(Language.zh.term("Medical") == "医疗" && Language.zh.term("any") == "不限")
        #expect(Language.zh.term("舞蹈") == "舞蹈" && Language.zh.term("guitar") == "guitar", "a street office's own tag stays as written")
        #expect(Language.en.term("medical") == "medical")
        #expect(Language.zh.named("C3", "龙泉路社区") == "C3（龙泉路社区）" && Language.en.named("C3", "") == "C3")
    }

    @Test func theTravelFigureNamesItsParts() {
        let f = TravelFigure(walkedMinutes: 46.666141, preferredServed: 1, bonusPerNeed: 30)
        #expect(formatNumber(f.objectiveMinutes, decimals: 2) == "16.67")
        #expect(f.text(.en) == "travel objective 16.67 min = 46.67 min walked, less the continuity bonus 30 min (1 need served by their preferred member)")
        #expect(f.text(.zh) == "路程目标 16.67 分钟 = 步行 46.67 分钟，减连续服务奖励 30 分钟（1 项需求由偏好党员服务）")
    }
}
