import CommunityMatch

/// The languages of `verify` and `explain`. Chinese is the default because the street office reads it;
/// English is for the rest. The catalog is our own `switch` per message: Foundation's localisation bundles
/// do not load on Linux, and a switch makes a missing translation a compile error rather than a blank.
public enum Language: String, Sendable, CaseIterable {
    case zh, en

    /// Picks between the two spellings of one message.
    @inlinable public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    public func levelName(_ level: ObjectiveLevel) -> String {
        switch level {
        case .coverage: return pick("覆盖价值", "coverage")
        case .pledges: return pick("承诺缺口（小时）", "pledge shortfall (hours)")
        case .travel: return pick("路程（分钟）", "travel (minutes)")
        case .fairness: return pick("公平（近四周时长加权）", "fairness (hours weighted by the last four weeks)")
        }
    }

    public func task(_ ref: TaskRef) -> String {
        switch ref.kind {
        case .need: return pick("需求 \(ref.id)", "need \(ref.id)")
        case .project: return pick("项目 \(ref.id)", "project \(ref.id)")
        }
    }

    public func tasks(_ refs: [TaskRef]) -> String { refs.map(task).joined(separator: pick("、", ", ")) }

    public func list(_ items: [String]) -> String { items.joined(separator: pick("、", ", ")) }

    public func number(_ x: Double) -> String { formatNumber(x, decimals: 2) }

    func fit(_ p: FitProblem, _ cal: SlotCalendar) -> String {
        switch p {
        case .kind(let has, let wanted): return pick("类别是 \(has)，不是 \(wanted)", "its kind is \(has), not \(wanted)")
        case .tag(let wanted): return pick("没有标签 \(wanted)", "it lacks the tag \(wanted)")
        case .capacity(let has, let wanted):
            return pick("容量 \(number(has)) 小于 \(number(wanted))", "capacity \(number(has)) is below \(number(wanted))")
        case .distance(let from, let minutes, let to, let limit):
            return pick("在 \(from)，距 \(to) \(number(minutes)) 分钟，超过 \(number(limit)) 分钟",
                        "it is in \(from), \(number(minutes)) min from \(to), beyond \(number(limit)) min")
        case .slot(let s): return pick("\(verifierLabel(s, cal)) 不可用", "not usable in \(verifierLabel(s, cal))")
        }
    }

    public func fits(_ ps: [FitProblem], _ cal: SlotCalendar) -> String {
        ps.map { fit($0, cal) }.joined(separator: pick("；", "; "))
    }
}

/// A slot's label, or a neutral spelling when the slot lies outside the calendar (a hand-made Plan value).
public func verifierLabel(_ s: Slot, _ cal: SlotCalendar) -> String {
    (0..<7).contains(s.day) && cal.periods.indices.contains(s.period) ? cal.label(s) : "slot(\(s.day),\(s.period))"
}
