import CommunityMatch

extension PinConflict {
    /// The conflict in `lang`. The matcher states it in English (Matcher.swift, PartwiseSolve.swift,
    /// PooledResources.swift); the sentences it uses have catalogue keys, any other is shown as written.
    public func text(_ lang: Language) -> String {
        switch message {
        case "no eligible member, slot or staffing for this pin": return lang(.pinConflictNoEligible)
        case "greedy dispatch cannot honour the pins": return lang(.pinConflictGreedy)
        case "the pins cannot all hold together": return lang(.pinConflictTogether)
        case "no resource usable anywhere is left for this pinned task": return lang(.pinConflictNoResource)
        default: return message
        }
    }
}
