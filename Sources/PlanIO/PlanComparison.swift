import CommunityMatch
import Foundation

/// The KPIs of several plans side by side, each with its difference from the first: what `cmatch compare`
/// prints. Built from plan.json documents only, so plans of different scenarios (a base and its what-ifs)
/// compare without their scenarios at hand.
public struct PlanComparison: Sendable {
    public struct Row: Sendable, Equatable {
        /// What is measured, e.g. "covered, priority 1".
        public var kpi: String
        /// One per plan; nil where it does not apply (churn of the first plan).
        public var values: [Double?]
        /// The total a count is out of ("12/15"), when there is one.
        public var of: [Int?]?
        /// Decimals shown.
        public var decimals: Int
        /// false for rows that are already differences (churn).
        public var hasDifference: Bool
        /// The KPI's name in Chinese, for the tables people read (`kpi` stays for csv and json).
        public var kpiZh: String = ""
        /// The objective level this KPI is the value of (`coverage`, `pledges`, `travel`), whose gaps bound how
        /// far each plan's figure may be from the best one: a difference within them is not significant.
        public var level: String? = nil
        /// For each plan after the first: its difference from the first is non-zero but no larger than the two
        /// plans' gaps on `level` together (|bound − value| of each), so it may be the solver's, not the scenario's.
        public var notSignificant: [Bool] = []

        public init(kpi: String, values: [Double?], of: [Int?]?, decimals: Int, hasDifference: Bool) {
            self.kpi = kpi; self.values = values; self.of = of; self.decimals = decimals; self.hasDifference = hasDifference
        }

        public func label(_ lang: Language) -> String { lang == .zh && !kpiZh.isEmpty ? kpiZh : kpi }

        /// value − first value, for each plan; nil for the first and where either is missing.
        public var differences: [Double?] {
            values.enumerated().map { i, v in
                guard i > 0, hasDifference, let v, let first = values[0] else { return nil }
                return v - first
            }
        }
    }

    /// What moved between two plans of the same week. An assignment is identified by task and member:
    /// `moved` keeps both and changes the slot; `added` and `removed` are the pairs only one plan has.
    public struct Churn: Sendable, Equatable {
        public var added: Int
        public var removed: Int
        public var moved: Int
        public init(added: Int, removed: Int, moved: Int) { self.added = added; self.removed = removed; self.moved = moved }
    }

    public var labels: [String]
    public var documents: [PlanDocument]
    public var rows: [Row] = []
    /// Remarks printed under the table: plans of other weeks, identical scenarios (English, for json).
    public var notes: [String] = []
    /// The same remarks, and warnings when plans are of different weeks or scenarios, as messages for people.
    public var remarks: [Message] = []
    /// The language of `table()` and `markdown()`; csv and json keep English KPI names for programs.
    public var language: Language = .en

    /// The reason codes of SPEC.md in the order the matcher tests them; other codes follow, sorted.
    static let reasonOrder = ["no_skill", "no_one_in_reach", "no_slot", "no_resource", "outcompeted"]

    public init(_ plans: [(label: String, document: PlanDocument)], language: Language = .en) {
        self.language = language
        labels = plans.map(\.label)
        documents = plans.map(\.document)
        let docs = documents
        func row(_ kpi: String, _ zh: String, decimals: Int = 0, of: [Int?]? = nil, diff: Bool = true, level: String? = nil,
                 _ f: (PlanDocument) -> Double?) {
            var r = Row(kpi: kpi, values: docs.map(f), of: of, decimals: decimals, hasDifference: diff)
            r.kpiZh = zh
            r.level = level
            rows.append(r)
        }
        row("value covered", "覆盖价值", decimals: 2, level: "coverage") { $0.tasks.coveredValue }
        row("tasks covered", "已满足任务", of: docs.map { $0.tasks.tasks }) { Double($0.tasks.covered) }
        let priorities = Set(docs.flatMap { $0.byPriority.keys }).sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
        for p in priorities {
            row("covered, priority \(p)", "已满足，优先级 \(p)", of: docs.map { $0.byPriority[p]?.tasks ?? 0 }) { Double($0.byPriority[p]?.covered ?? 0) }
        }
        for c in Set(docs.flatMap { $0.byCommunity.keys }).sorted() {
            row("covered, community \(c)", "已满足，社区 \(c)", of: docs.map { $0.byCommunity[c]?.tasks ?? 0 }) { Double($0.byCommunity[c]?.covered ?? 0) }
        }
        let codes = Set(docs.flatMap(\.unmetReasons))
        let reasons = Self.reasonOrder + codes.subtracting(Self.reasonOrder).sorted()
        for code in reasons {
            row("unmet, \(code)", "未满足：" + Language.zh.reason(code)) { d in Double(d.unmetReasons.filter { $0 == code }.count) }
        }
        row("members serving", "参与党员") { d in Double(Self.hoursPerMember(d).count) }
        row("hours per member, max", "人均小时，最多", decimals: 2) { d in Self.hoursPerMember(d).max() ?? 0 }
        row("hours per member, mean", "人均小时，平均", decimals: 2) { d in
            let h = Self.hoursPerMember(d)
            return h.isEmpty ? 0 : h.reduce(0, +) / Double(h.count)
        }
        row("hours per member, Gini", "人均小时，基尼系数", decimals: 3) { d in Self.gini(Self.hoursPerMember(d)) }
        row("pledge shortfall, hours", "承诺缺口（小时）", decimals: 2, level: "pledges") { d in d.units.map(\.shortfall).reduce(0, +) }
        // Only units short in some plan: a street has dozens of units that meet their pledge.
        let shortUnits = Set(docs.flatMap { $0.units.filter { $0.shortfall > Tolerance.epsilon }.map(\.unit) }).sorted()
        for u in shortUnits {
            row("pledge shortfall, \(u)", "承诺缺口，\(u)", decimals: 2) { d in d.units.first { $0.unit == u }?.shortfall ?? 0 }
        }
        row("travel minutes", "步行路程（分钟）", decimals: 1) { d in d.assignments.map(\.travelMinutes).sorted().reduce(0, +) }
        row("travel objective", "路程目标（步行−奖励）", decimals: 1, level: "travel") { d in
            d.travelFigure.objectiveMinutes
        }
        row("assignments", "派单数") { Double($0.assignments.count) }
        if docs.count > 1 {
            let churn: [Churn?] = docs.enumerated().map { i, d in
                i == 0 || d.week != docs[0].week ? nil : Self.churn(from: docs[0], to: d)
            }
            for (en, zh, part) in [("churn vs first: added", "与第一个方案相比：新增派单", \Churn.added),
                                   ("churn vs first: removed", "与第一个方案相比：取消派单", \Churn.removed),
                                   ("churn vs first: moved", "与第一个方案相比：改时段", \Churn.moved)] {
                var r = Row(kpi: en, values: churn.map { $0.map { Double($0[keyPath: part]) } }, of: nil, decimals: 0, hasDifference: false)
                r.kpiZh = zh
                rows.append(r)
            }
            for (i, d) in docs.enumerated().dropFirst() {
                if d.week != docs[0].week {
                    notes.append("\(labels[i]) plans week \(d.week), \(labels[0]) week \(docs[0].week): no churn between different weeks")
                    remarks.append(Message(.compareWeeksDiffer, ["plan": labels[i], "week": d.week, "first": labels[0], "firstWeek": docs[0].week]))
                }
                if let h = d.scenarioHash, h == docs[0].scenarioHash {
                    notes.append("\(labels[i]) was solved from the same scenario as \(labels[0]) (hash \(h.prefix(12)))")
                    remarks.append(Message(.compareSameScenario, ["plan": labels[i], "first": labels[0], "hash": String(h.prefix(12))]))
                } else if let h = d.scenarioHash, let h0 = docs[0].scenarioHash {
                    remarks.append(Message(.compareScenariosDiffer, ["plan": labels[i], "first": labels[0],
                                                                     "hash": String(h.prefix(12)), "firstHash": String(h0.prefix(12))]))
                }
            }
            for (i, d) in docs.enumerated() where d.scenarioHash == nil {
                remarks.append(Message(.compareUnknownHash, ["plan": labels[i]]))
            }
        }
        // A difference within the plans' gaps on its level is not significant.
        for k in rows.indices {
            guard let level = rows[k].level else { continue }
            let d = rows[k].differences
            rows[k].notSignificant = docs.indices.map { i in
                guard i > 0, let diff = d[i], abs(diff) > Tolerance.epsilon else { return false }
                return abs(diff) <= Self.absoluteGap(docs[0], level) + Self.absoluteGap(docs[i], level) + Tolerance.epsilon
            }
        }
        if rows.contains(where: { $0.notSignificant.contains(true) }) { remarks.append(Message(.compareNotSignificant)) }
    }

    /// |bound − value| of `level` in a plan: how far its figure may be from the best one. 0 when the level is
    /// proved optimal or not recorded.
    public static func absoluteGap(_ d: PlanDocument, _ level: String) -> Double {
        guard let l = d.levels.first(where: { $0.level == level }) else { return 0 }
        return abs(l.bound - l.value)
    }

    /// Column labels for plan paths: each plan folder's name (`plans/base/plan.json` → `base`), so the
    /// table stays narrow; the paths as given when two names would be the same.
    public static func labels(for paths: [String]) -> [String] {
        let names = paths.map { p -> String in
            var s = (p as NSString).standardizingPath
            if (s as NSString).lastPathComponent == "plan.json" { s = (s as NSString).deletingLastPathComponent }
            let name = (s as NSString).lastPathComponent
            return name.isEmpty ? p : name
        }
        return Set(names).count == names.count ? names : paths
    }

    /// Hours served by each member who serves, sorted ascending (members without assignments are not in it).
    static func hoursPerMember(_ d: PlanDocument) -> [Double] {
        var h: [String: Double] = [:]
        for a in d.assignments { h[a.member, default: 0] += a.hours }
        return h.keys.sorted().map { h[$0]! }.sorted()
    }

    /// Gini coefficient of `xs`: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean); 0 when all are equal, near 1 when one member
    /// does everything. 0 for an empty list or a zero total.
    ///
    /// - Complexity: O(n log n), through the sorted form 2 Σᵢ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n.
    public static func gini(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        let n = Double(s.count)
        let total = s.reduce(0, +)
        guard !s.isEmpty, total > 0 else { return 0 }
        var weighted = 0.0
        for (i, x) in s.enumerated() { weighted += Double(i + 1) * x }
        return 2 * weighted / (n * total) - (n + 1) / n
    }

    public static func churn(from a: PlanDocument, to b: PlanDocument) -> Churn {
        func slots(_ d: PlanDocument) -> [String: Set<String>] {
            var m: [String: Set<String>] = [:]
            for x in d.assignments { m[x.taskKind + ":" + x.taskID + "\u{1F}" + x.member, default: []].insert(x.slot) }
            return m
        }
        let sa = slots(a), sb = slots(b)
        var c = Churn(added: 0, removed: 0, moved: 0)
        for (k, s) in sb {
            guard let old = sa[k] else { c.added += 1; continue }
            if old != s { c.moved += 1 }
        }
        for k in sa.keys where sb[k] == nil { c.removed += 1 }
        return c
    }

    // MARK: - rendering

    static func format(_ x: Double?, _ decimals: Int) -> String {
        guard let x else { return "—" }
        return formatNumber(x, decimals: decimals)
    }

    static func signed(_ x: Double?, _ decimals: Int) -> String {
        guard let x else { return "" }
        let s = formatNumber(x, decimals: decimals)
        return s == "0" || s.hasPrefix("-") ? s : "+" + s
    }

    /// Header and cells as text: KPI, then each plan's value followed (from the second plan on) by its
    /// difference from the first.
    func grid(counts: Bool, lang: Language = .en) -> [[String]] {
        var header = [lang.pick("指标", "KPI")]
        for (i, l) in labels.enumerated() {
            header.append(l)
            if i > 0 { header.append("Δ " + l) }
        }
        var out = [header]
        for r in rows {
            var cells = [r.label(lang)]
            let d = r.differences
            for i in labels.indices {
                var v = Self.format(r.values[i], r.decimals)
                if counts, let of = r.of?[i], r.values[i] != nil { v += "/\(of)" }
                cells.append(v)
                // The * of a difference within the gaps is for people; csv keeps plain numbers (json has not_significant).
                let mark = counts && r.notSignificant.indices.contains(i) && r.notSignificant[i] ? "*" : ""
                if i > 0 { cells.append(Self.signed(d[i], r.decimals) + mark) }
            }
            out.append(cells)
        }
        return out
    }

    /// Each plan's scenario, week, status word, largest gap and scenario hash; under it, each level that is not
    /// proved optimal with its value, bound and gap.
    func preamble() -> [String] {
        let lang = language
        var out: [String] = []
        for i in labels.indices {
            let d = documents[i]
            out.append(lang(.compareStatus, ["plan": labels[i], "scenario": d.scenario.isEmpty ? "—" : d.scenario,
                                             "week": d.week.isEmpty ? "—" : d.week, "status": lang.status(d.status),
                                             "gap": formatNumber(d.largestGap * 100, decimals: 3),
                                             "hash": d.scenarioHash.map { String($0.prefix(12)) } ?? lang(.compareHashNotRecorded)]))
            for l in d.levels where !l.optimal || l.gap > 0 {
                out.append(lang(.compareGap, ["plan": labels[i], "level": lang.level(l.level), "value": formatNumber(l.value, decimals: 2),
                                              "bound": formatNumber(l.bound, decimals: 2), "gap": formatNumber(l.gap * 100, decimals: 3)]))
            }
        }
        return out
    }

    /// An aligned terminal table; Chinese text counts two columns per character (`DisplayWidth`).
    public func table() -> String {
        let g = grid(counts: true, lang: language)
        let widths = g[0].indices.map { c in g.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        var lines = preamble() + [""]
        for (i, r) in g.enumerated() {
            let cells = r.enumerated().map { c, text in DisplayWidth.pad(text, to: widths[c], right: c > 0) }
            lines.append(cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            if i == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        if !remarks.isEmpty { lines.append(""); lines += remarks.map { language($0) } }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Plain numbers, one KPI a row, for a spreadsheet: no "/total", no thousands marks.
    public func csv() -> String {
        let g = grid(counts: false)
        var csv = CSVText(header: g[0].map { $0.replacingOccurrences(of: "Δ ", with: "diff ") })
        for r in g.dropFirst() { csv.row(r.map { $0 == "—" ? "" : $0 }) }
        return csv.text
    }

    public func markdown() -> String {
        let g = grid(counts: true, lang: language)
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var lines = preamble().map { "- " + esc($0) } + [""]
        lines.append("| " + g[0].map(esc).joined(separator: " | ") + " |")
        lines.append("|" + g[0].indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|")
        for r in g.dropFirst() { lines.append("| " + r.map(esc).joined(separator: " | ") + " |") }
        if !remarks.isEmpty { lines.append(""); lines += remarks.map { "- " + esc(language($0)) } }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> JSON {
        func num(_ x: Double?) -> JSON { x.map { .number($0) } ?? .null }
        return .object([
            ("format", .string("cmatch-compare/1")),
            ("plans", .array(labels.indices.map { i in
                .object([("label", .string(labels[i])), ("scenario", .string(documents[i].scenario)),
                         ("week", .string(documents[i].week)), ("status", .string(documents[i].status)),
                         ("scenario_hash", documents[i].scenarioHash.map { .string($0) } ?? .null),
                         ("largest_gap", .number(documents[i].largestGap)),
                         ("levels", .array(documents[i].levels.map { l in
                             .object([("level", .string(l.level)), ("value", .number(l.value)), ("bound", .number(l.bound)),
                                      ("gap", .number(l.gap)), ("optimal", .bool(l.optimal))])
                         }))])
            })),
            ("kpis", .array(rows.map { r in
                var pairs: [(String, JSON)] = [("kpi", .string(r.kpi)), ("values", .array(r.values.map(num)))]
                if let of = r.of { pairs.append(("of", .array(of.map { $0.map { .integer($0) } ?? .null }))) }
                if r.hasDifference { pairs.append(("differences", .array(r.differences.map(num)))) }
                if let level = r.level {
                    pairs.append(("level", .string(level)))
                    pairs.append(("not_significant", .array(r.notSignificant.map { .bool($0) })))
                }
                return .object(pairs)
            })),
            ("notes", .array(notes.map { .string($0) })),
        ])
    }
}
