import CommunityMatch

/// The wording of verify, explain and the plan documents, on top of the catalogue in CommunityMatch.
extension Language {
    public func levelName(_ level: ObjectiveLevel) -> String { self.level(level.rawValue) }

    public func task(_ ref: TaskRef) -> String {
        switch ref.kind {
        case .need: return pick("需求 \(ref.id)", "need \(ref.id)")
        case .project: return pick("项目 \(ref.id)", "project \(ref.id)")
        }
    }

    public func tasks(_ refs: [TaskRef]) -> String { refs.map(task).joined(separator: pick("、", ", ")) }

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
