import CommunityMatch
import Foundation
import MatchSearch
import PlanIO
import PlanVerify

/// Text and JSON for the bottleneck report and the suggestions, shared by `explain --bottlenecks` and
/// `solve --bottlenecks` (summary.json) so the two never describe the same numbers differently.
public enum BottleneckOutput {
    public static func skills(_ s: [String]) -> String { s.isEmpty ? "any" : s.joined(separator: "+") }

    public static func change(_ c: BottleneckChange, _ lang: Language, _ cal: SlotCalendar) -> String {
        switch c {
        case .recruit(let s, let community, let slot):
            return lang.pick("招募一名技能为 \(skills(s)) 的党员，住在 \(community)，\(cal.label(slot)) 有空（每周最多 4 小时）",
                             "recruit a member with skill \(skills(s)) in community \(community), free in \(cal.label(slot)) (max_hours 4)")
        case .lend(let q, let community):
            return lang.pick("向 \(community) 借一项资源 \(q.description)（每个时段可用）",
                             "lend a resource \(q.description) to community \(community) (usable in every slot)")
        case .widen(let category, let minutes):
            return lang.pick("把 \(category) 类需求的服务圈扩大到 \(formatNumber(minutes, decimals: 0)) 分钟",
                             "widen the service circle of category \(category) to \(formatNumber(minutes, decimals: 0)) minutes")
        }
    }

    public static func lines(_ r: BottleneckReport, _ lang: Language, _ cal: SlotCalendar, top: Int = 10) -> [String] {
        var out: [String] = []
        out.append(lang.pick("瓶颈（覆盖层线性松弛的对偶价格，并以增加一个单位重新求解线性松弛核对；仅对增加一个单位有效）",
                             "Bottlenecks (LP duals of the coverage relaxation, checked by re-solving the LP with one more unit; marginal, for one unit only)"))
        if let v = r.lpValue {
            out.append(lang.pick("  线性松弛的覆盖价值上界：\(formatNumber(v, decimals: 2))", "  coverage LP relaxation optimum: \(formatNumber(v, decimals: 2))"))
        } else {
            out.append(lang.pick("  线性松弛未在时限内解出：没有瓶颈数据", "  the LP relaxation did not solve in time: no bottleneck figures"))
            return out
        }
        if r.dualsAllZero {
            out.append(lang.pick("  对偶价格全为 0（退化）：下列数值全部来自重新求解", "  every dual is 0 (degenerate): the figures below all come from re-solves"))
        }
        func dual(_ d: Double?) -> String { d.map { formatNumber($0, decimals: 2) } ?? "—" }
        out.append(lang.pick("  多一名党员（技能 × 社区 × 时段）：", "  one more member (skill × community × slot):"))
        if r.members.isEmpty { out.append(lang.pick("    无：多一名党员不会增加覆盖价值", "    none: one more member adds no coverage value")) }
        // Units that differ only in the community (one dual holds for every community within reach of the
        // task) are one line in the text, naming the communities; JSON keeps one entry per unit.
        func grouped<T>(_ items: [T], key: (T) -> String, community: (T) -> String) -> [(T, String)] {
            var order: [String] = [], first: [String: T] = [:], names: [String: [String]] = [:]
            for x in items {
                let k = key(x)
                if first[k] == nil { order.append(k); first[k] = x }
                names[k, default: []].append(community(x))
            }
            return order.map { (first[$0]!, names[$0]!.joined(separator: ", ")) }
        }
        /// Which task's row a dual price was read from, said after the price (empty without one).
        func dualSource(_ task: TaskRef?) -> String {
            task.map { lang.pick("，对偶价格取自 \(lang.task($0)) 的行", ", dual from the row of \(lang.task($0))") } ?? ""
        }
        let memberLines = grouped(r.members, key: { m in
            "\(m.skills)|\(m.slot.day)|\(m.slot.period)|\(m.rankValue)|\(m.perHour)|\(String(describing: m.marginal))|\(String(describing: m.dualPrice))|\(String(describing: m.task))"
        }, community: { $0.community })
        for (i, (m, communities)) in memberLines.prefix(top).enumerated() {
            var m = m
            m.community = communities
            let task = dualSource(m.task)
            out.append(lang.pick(
                "    \(i + 1). \(skills(m.skills)) · \(m.community) · \(cal.label(m.slot))：+\(formatNumber(m.rankValue, decimals: 2))/人，"
                    + "+\(formatNumber(m.perHour, decimals: 2))/小时（重新求解 \(dual(m.marginal))，对偶价格 \(dual(m.dualPrice))\(task)）",
                "    \(i + 1). \(skills(m.skills)) · \(m.community) · \(cal.label(m.slot)): +\(formatNumber(m.rankValue, decimals: 2)) per member, "
                    + "+\(formatNumber(m.perHour, decimals: 2)) per hour (re-solve \(dual(m.marginal)), dual \(dual(m.dualPrice))\(task))"))
        }
        out.append(lang.pick("  多一项资源（类别 × 社区）：", "  one more resource (kind × community):"))
        if r.resources.isEmpty { out.append(lang.pick("    无：多一项资源不会增加覆盖价值", "    none: one more resource adds no coverage value")) }
        let resourceLines = grouped(r.resources, key: { x in
            "\(x.requirement.description)|\(x.rankValue)|\(String(describing: x.marginal))|\(String(describing: x.dualPrice))|\(String(describing: x.task))"
        }, community: { $0.community })
        for (i, (x, communities)) in resourceLines.prefix(top).enumerated() {
            var x = x
            x.community = communities
            let task = dualSource(x.task)
            out.append(lang.pick(
                "    \(i + 1). \(x.requirement.description) · \(x.community)：+\(formatNumber(x.rankValue, decimals: 2))（重新求解 \(dual(x.marginal))，对偶价格 \(dual(x.dualPrice))\(task)）",
                "    \(i + 1). \(x.requirement.description) · \(x.community): +\(formatNumber(x.rankValue, decimals: 2)) (re-solve \(dual(x.marginal)), dual \(dual(x.dualPrice))\(task))"))
        }
        return out
    }

    public static func lines(_ s: SuggestionResult, _ lang: Language, _ cal: SlotCalendar) -> [String] {
        var out: [String] = []
        out.append(lang.pick("建议（每条都把改动加进方案重新求解测得；基准覆盖价值 \(formatNumber(s.baseCoverage, decimals: 2))，试了 \(s.tried.count) 条）",
                             "Suggestions (each measured by solving again with the change; base coverage \(formatNumber(s.baseCoverage, decimals: 2)), \(s.tried.count) tried)"))
        if s.best.isEmpty { out.append(lang.pick("  没有一条候选改动能增加覆盖价值", "  no candidate change adds coverage value")) }
        for (i, x) in s.best.enumerated() {
            let covered = x.newlyCovered.isEmpty ? "" : lang.pick("；新覆盖 \(lang.tasks(x.newlyCovered))", "; newly covered: \(lang.tasks(x.newlyCovered))")
            let lost = x.noLongerCovered.isEmpty ? "" : lang.pick("；不再覆盖 \(lang.tasks(x.noLongerCovered))", "; no longer covered: \(lang.tasks(x.noLongerCovered))")
            let exact = x.exact ? "" : lang.pick("（未证明最优：增益为近似值）", " (not proved optimal: the gain is approximate)")
            out.append("  \(i + 1). \(change(x.change, lang, cal))\(lang.pick("：", ": "))"
                       + "+\(formatNumber(x.gain, decimals: 2)) → \(formatNumber(x.newCoverage, decimals: 2))\(covered)\(lost)\(exact)")
        }
        return out
    }

    public static func json(_ r: BottleneckReport, _ cal: SlotCalendar) -> JSON {
        func opt(_ d: Double?) -> JSON { d.map { .number($0) } ?? .null }
        return .object([
            ("method", .string(BottleneckReport.method)),
            ("range", .string(BottleneckReport.range)),
            ("lp_value", opt(r.lpValue)),
            ("duals_all_zero", .bool(r.dualsAllZero)),
            ("members", .array(r.members.map { m in
                .object([("skill", .string(skills(m.skills))), ("community", .string(m.community)), ("slot", .string(cal.label(m.slot))),
                         ("value_per_member", .number(m.rankValue)), ("value_per_hour", .number(m.perHour)),
                         ("method", .string(m.method)), ("dual_price", opt(m.dualPrice)), ("resolve_marginal", opt(m.marginal)),
                         ("dual_task", m.task.map { .string($0.description) } ?? .null)])
            })),
            ("resources", .array(r.resources.map { x in
                .object([("requirement", .string(x.requirement.description)), ("kind", .string(x.requirement.kind)),
                         ("community", .string(x.community)), ("value", .number(x.rankValue)),
                         ("method", .string(x.method)), ("dual_price", opt(x.dualPrice)), ("resolve_marginal", opt(x.marginal)),
                         ("dual_task", x.task.map { .string($0.description) } ?? .null),
                         ("dual_slot", x.slot.map { .string(cal.label($0)) } ?? .null)])
            })),
        ])
    }

    public static func json(_ s: SuggestionResult, _ cal: SlotCalendar) -> JSON {
        func changeJSON(_ c: BottleneckChange) -> JSON {
            switch c {
            case .recruit(let sk, let community, let slot):
                return .object([("kind", .string("recruit")), ("skill", .string(skills(sk))), ("community", .string(community)),
                                ("slot", .string(cal.label(slot))), ("max_hours", .number(BottleneckChange.recruitHours))])
            case .lend(let q, let community):
                return .object([("kind", .string("lend")), ("requirement", .string(q.description)), ("resource_kind", .string(q.kind)),
                                ("community", .string(community))])
            case .widen(let category, let minutes):
                return .object([("kind", .string("widen")), ("category", .string(category)), ("minutes", .number(minutes))])
            }
        }
        func item(_ x: Suggestion) -> JSON {
            .object([("change", changeJSON(x.change)),
                     ("description", .string(change(x.change, .en, cal))),
                     ("gain", .number(x.gain)), ("new_coverage", .number(x.newCoverage)),
                     ("newly_covered", .array(x.newlyCovered.map { .string($0.description) })),
                     ("no_longer_covered", .array(x.noLongerCovered.map { .string($0.description) })),
                     ("exact", .bool(x.exact))])
        }
        return .object([
            ("method", .string("each change applied to a copy of the scenario and solved again with the same options; gain = new coverage − base coverage")),
            ("base_coverage", .number(s.baseCoverage)),
            ("tried", .integer(s.tried.count)),
            ("best", .array(s.best.map(item))),
        ])
    }
}
