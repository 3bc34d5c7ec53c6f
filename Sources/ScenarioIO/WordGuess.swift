/// "Did you mean …?" for headers, sheet names, skills and resource kinds: the nearest known word to one a
/// person wrote, or nil when none is near enough to be worth naming (a wrong guess sends them astray).
///
/// Two sources, in order: a small glossary of the Chinese words offices use for our skills and kinds (edit
/// distance cannot see that 驾驶 is driving), then edit distance on `ColumnSpec.key` forms, accepted when at
/// most a third of the longer word differs, or when one word contains the other (`联系手机` ⊃ `手机`).
/// Nothing is changed by a guess: it is only named in a warning.
enum WordGuess {
    /// Office words → our skills and kinds; offered only when the target is a word the scenario knows.
    static let glossary: [String: String] = [
        "驾驶": "driving", "开车": "driving", "司机": "driving", "驾驶员": "driving",
        "维修": "repair", "修理": "repair", "家电维修": "repair",
        "辅导": "tutoring", "家教": "tutoring", "课业辅导": "tutoring", "学业辅导": "tutoring",
        "电工": "electrician", "水电": "electrician",
        "心理": "counseling", "心理咨询": "counseling", "心理疏导": "counseling", "谈心": "counseling",
        "理发": "haircut", "剪发": "haircut",
        "医疗": "medical", "医护": "medical", "医生": "medical", "护理": "medical", "义诊": "medical",
        "法律": "legal", "律师": "legal", "法律咨询": "legal", "普法": "legal",
        "场地": "venue", "活动室": "venue", "会议室": "venue", "场所": "venue",
        "车辆": "vehicle", "车": "vehicle", "面包车": "vehicle",
        "设备": "equipment", "器材": "equipment", "工具": "equipment",
        "资金": "funds", "经费": "funds", "基金": "funds",
        "服务": "service", "专业服务": "service",
    ]

    /// The nearest of `known` to `word`; `known` in a fixed order, so ties always give the same answer.
    static func nearest(_ word: String, among known: [String]) -> String? {
        let w = ColumnSpec.key(word)
        guard !w.isEmpty else { return nil }
        if let g = glossary[word] ?? glossary[w], known.contains(g) { return g }
        var best: (String, Int)? = nil
        for k in known {
            let key = ColumnSpec.key(k)
            guard !key.isEmpty, key != w else { continue }
            let d = distance(Array(w), Array(key))
            if let b = best, b.1 <= d { continue }
            best = (k, d)
        }
        guard let (k, d) = best else { return nil }
        let key = ColumnSpec.key(k)
        let longer = max(w.count, key.count)
        if d * 3 <= longer && d < longer { return k }
        if min(w.count, key.count) >= 2 && (w.contains(key) || key.contains(w)) { return k }
        return nil
    }

    /// Levenshtein distance on characters (a Chinese character counts as one).
    /// - Complexity: O(a × b); headers and words are short.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

/// The column an unknown header most likely meant, among the columns nobody filled.
enum ColumnGuess {
    static func nearest(_ header: String, among columns: [ColumnSpec]) -> ColumnSpec? {
        var best: (ColumnSpec, Int)? = nil
        let w = ColumnSpec.key(header)
        for c in columns {
            for h in c.headers {
                guard let g = WordGuess.nearest(header, among: [h]) else { continue }
                let d = WordGuess.distance(Array(w), Array(ColumnSpec.key(g)))
                if best == nil || d < best!.1 { best = (c, d) }
            }
        }
        return best?.0
    }
}
