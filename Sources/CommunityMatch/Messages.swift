/// One message a person reads: a key of the catalogue and the values of its `{placeholders}`. Values are
/// user data, ids, numbers, or other messages (`nested`), which are rendered in the same language.
public struct Message: Hashable, Sendable, CustomStringConvertible {
    public var key: MessageKey
    public var args: [String: String]
    public var nested: [String: Message]

    public init(_ key: MessageKey, _ args: [String: String] = [:], nested: [String: Message] = [:]) {
        self.key = key; self.args = args; self.nested = nested
    }

    /// The message in `lang`: the template with every `{name}` replaced by its value. English templates
    /// write a plural as `problem(s)`; when the message has a `{count}` it reads `1 problem`, `2 problems`.
    public func text(_ lang: Language) -> String {
        var template = lang == .zh ? key.zh : key.en
        if lang == .en, let count = args["count"] {
            template = template.replacing("(s)", with: count == "1" ? "" : "s")
        }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let v = args[name] { out += v } else if let m = nested[name] { out += m.text(lang) } else { out += "{\(name)}" }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// English, for logs and `String(describing:)`; people get `text(_:)` in their language.
    public var description: String { text(.en) }
}

extension MessageKey {
    /// The `{placeholder}` names of a template, in order of first appearance.
    public static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
    public var zh: String { texts.zh }
    public var en: String { texts.en }
}

extension Message {
    /// The word for a kind of row (`unit`, `community`, `member`, `need`, `project`, `resource`, singular or as
    /// the list's name), or the text as given when it is none of them.
    public static func kind(_ word: String) -> Message {
        switch word.lowercased() {
        case "unit", "units": return Message(.kindUnit)
        case "community", "communities": return Message(.kindCommunity)
        case "member", "members": return Message(.kindMember)
        case "need", "needs": return Message(.kindNeed)
        case "project", "projects": return Message(.kindProject)
        case "resource", "resources": return Message(.kindResource)
        default: return Message(.verbatim, ["text": word])
        }
    }
}

extension Language {
    /// A plan's status as a person reads it. The codes of summary.json (`optimal`, `feasible`, …) stay for
    /// programs; a code this catalogue does not know yet is matched by the stopping cause it names (work budget,
    /// time limit, no progress) and otherwise shown as written.
    public func status(_ code: String) -> String {
        switch code {
        case SolveStatus.optimal.rawValue: return self(.statusOptimal)
        case SolveStatus.feasible.rawValue: return self(.statusFeasible)
        case SolveStatus.timeLimitNoPlan.rawValue: return self(.statusTimeLimitNoPlan)
        case SolveStatus.infeasible.rawValue: return self(.statusInfeasible)
        default:
            let c = String(code.lowercased().map { $0 == "_" ? " " : $0 })
            if c.contains("work budget") { return self(.statusStoppedWorkBudget) }
            if c.contains("time limit") { return self(.statusStoppedTimeLimit) }
            if c.contains("no progress") { return self(.statusStoppedNoProgress) }
            if c.contains("gap limit") { return self(.statusStoppedGap) }
            return code
        }
    }

    /// The sentence for an unmet task's reason code (the code itself stays in unmet.csv and plan.json).
    public func reason(_ code: String) -> String {
        switch ReasonCode(rawValue: code) {
        case .noSkill?: return self(.reasonNoSkill)
        case .noOneInReach?: return self(.reasonNoOneInReach)
        case .noSlot?: return self(.reasonNoSlot)
        case .noResource?: return self(.reasonNoResource)
        case .outcompeted?: return self(.reasonOutcompeted)
        case nil: return code
        }
    }

    /// An objective level's name.
    public func level(_ name: String) -> String {
        switch ObjectiveLevel(rawValue: name) {
        case .coverage?: return self(.levelCoverage)
        case .pledges?: return self(.levelPledges)
        case .travel?: return self(.levelTravel)
        case .fairness?: return self(.levelFairness)
        case nil: return name
        }
    }
}

extension Language {
    /// The words for a change's reason code in changes.csv (`member_dropped`, …), which stays for programs.
    public func replanReason(_ code: String) -> String {
        let key: MessageKey
        switch code {
        case "member_dropped": key = .replanMemberDropped
        case "task_cancelled": key = .replanTaskCancelled
        case "task_uncovered": key = .replanTaskUncovered
        case "restaffed": key = .replanRestaffed
        case "reassigned": key = .replanReassigned
        case "replacement": key = .replanReplacement
        case "new_need": key = .replanNewNeed
        case "newly_covered": key = .replanNewlyCovered
        case "rebooked": key = .replanRebooked
        case "slot_changed": key = .replanSlotChanged
        default: return code
        }
        return self(key)
    }

    /// The words for how re-planning treated a touched task (`keep_slot`, `keep_task`, `release`).
    public func replanStage(_ code: String) -> String {
        switch code {
        case "keep_slot": return self(.replanKeepSlot)
        case "keep_task": return self(.replanKeepTask)
        case "release": return self(.replanRelease)
        default: return code
        }
    }
}

extension Message {
    /// A list's name (`members`, `needs`, …): the file's name in English, its Chinese name in Chinese.
    public static func list(_ name: String) -> Message {
        switch name {
        case "communities": return Message(.listCommunities)
        case "units": return Message(.listUnits)
        case "members": return Message(.listMembers)
        case "resources": return Message(.listResources)
        case "needs": return Message(.listNeeds)
        case "projects": return Message(.listProjects)
        case "travel": return Message(.listTravel)
        case "pins": return Message(.listPins)
        default: return Message(.verbatim, ["text": name])
        }
    }
}
