import CommunityMatch

/// Slots as street offices write them, on top of the calendar's own tokens (`Sat-AM`, `weekend-EVE`, `周六`):
/// `周六上午`, `星期日下午`, `周一至周五晚上`, `周末全天`, `工作日晚上`, and `周六AM` without the dash.
///
/// A token must name a day (or days): a bare `上午` or `AM` is not a slot, because `Sat AM` split at its
/// space would otherwise quietly mean every morning of the week.
enum OfficeSlots {
    /// Separators in a slot cell: `|`, `;`, `、`, `，`, `,` (and full-width forms) and white space.
    static func split(_ cell: String) -> [String] {
        cell.split(whereSeparator: { "|;、；｜,，".contains($0) || $0.isWhitespace })
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    static let periodWords: [(String, String)] = [
        ("上午", "am"), ("早上", "am"), ("下午", "pm"), ("晚上", "eve"), ("晚间", "eve"), ("傍晚", "eve"), ("夜间", "eve"),
    ]
    static let dayChars: [Character: Int] = ["一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                                             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6]

    static func parse(_ raw: String, _ calendar: SlotCalendar) -> [Slot]? {
        let token = RowReader.halfWidth(raw)
        if let s = calendar.parse(token) { return s }
        var t = token.replacingOccurrences(of: "星期", with: "周").replacingOccurrences(of: "礼拜", with: "周")
        // The period: a Chinese word, 全天 (every period), or a period name of the calendar written without a dash.
        var periods: [Int]? = nil
        for (word, name) in periodWords where t.hasSuffix(word) {
            guard let p = calendar.periods.firstIndex(where: { $0.name.lowercased() == name }) else { return nil }
            periods = [p]
            t.removeLast(word.count)
            break
        }
        if periods == nil, t.hasSuffix("全天") || t.hasSuffix("整天") {
            periods = Array(calendar.periods.indices)
            t.removeLast(2)
        }
        if periods == nil {
            for (i, p) in calendar.periods.enumerated() where t.lowercased().hasSuffix(p.name.lowercased()) && t.count > p.name.count {
                periods = [i]
                t.removeLast(p.name.count)
                break
            }
        }
        t = t.trimmingCharacters(in: .whitespaces)
        // `周六-上午`; but `Sat-` alone stays an unknown slot.
        if periods != nil, t.hasSuffix("-") { t.removeLast() }
        guard let days = days(t) else { return nil }
        let ps = periods ?? Array(calendar.periods.indices)
        return days.flatMap { d in ps.map { Slot(day: d, period: $0) } }
    }

    /// `周六`, `周末`, `工作日`, `每天`, `周一至周五` (also 到, ~, -, —).
    static func days(_ t: String) -> [Int]? {
        if t.isEmpty { return nil }
        if let d = SlotCalendar.days(t.lowercased()) { return d }
        switch t {
        case "每天", "每日", "全周", "天天": return Array(0..<7)
        case "平日", "周内": return Array(0..<5)
        default: break
        }
        for sep in ["至", "到", "~", "～", "—", "-", "－"] where t.contains(sep) {
            let ends = t.components(separatedBy: sep)
            guard ends.count == 2, let a = single(ends[0]), let b = single(ends[1].hasPrefix("周") ? ends[1] : "周" + ends[1]),
                  a <= b else { return nil }
            return Array(a...b)
        }
        return single(t).map { [$0] }
    }

    static func single(_ t: String) -> Int? {
        guard t.hasPrefix("周"), t.count == 2, let c = t.last else { return nil }
        return dayChars[c]
    }
}
