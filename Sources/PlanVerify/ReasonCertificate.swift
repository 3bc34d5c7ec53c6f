import CommunityMatch

/// Why one task is unmet, with the evidence: the first cause of SPEC's list that holds (no_skill,
/// no_one_in_reach, no_slot, no_resource, outcompeted), and the facts a street office can check by hand.
///
/// Computed from the scenario and the plan alone, not from the model builder, so that it is a second opinion
/// on the reason the matcher wrote into unmet.csv.
public struct ReasonCertificate: Sendable {
    public var task: TaskRef
    public var community: String
    public var priority: Int
    public var value: Double
    /// nil when the task is covered (`explain` was asked about it by name).
    public var code: ReasonCode?
    public var coveredSlot: Slot?
    public var evidence: Evidence
    /// For a project, or any task with several positions or requirements: the role or resource that blocks it.
    public var bottleneck: Bottleneck?
    /// The task's title and its community's name, shown beside the ids (empty when the scenario has none).
    public var title: String = ""
    public var communityName: String = ""
    /// Names of members and communities and titles of tasks, for the evidence lines (shared by all certificates).
    public var names: Names = Names()

    public struct Names: Sendable {
        public var members: [String: String] = [:]
        public var communities: [String: String] = [:]
        public var tasks: [TaskRef: String] = [:]
        public init() {}
    }

    public enum Evidence: Sendable {
        case covered(members: [String])
        /// `holders` members anywhere hold the skill of `position`; `needed` are required.
        case noSkill(position: VerifierTask.Position, holders: [String], needed: Int)
        /// The nearest skilled members and their minutes, against the limit.
        case noOneInReach(position: VerifierTask.Position, nearest: [(member: String, community: String, minutes: Double)],
                          limit: Double, needed: Int)
        /// For each accepted slot, who (skilled and in reach) is free then, per position.
        case noSlot(slots: [SlotStaffing])
        /// For each requirement that cannot be met in any slot the team could serve: the resources of its kind
        /// and why each does not fit.
        case noResource(slots: [Slot], requirements: [RequirementCheck])
        /// What took each eligible member or resource, with the value of the task that took it.
        case outcompeted(takers: [Taker])
    }

    public struct SlotStaffing: Sendable {
        public var slot: Slot
        public var positions: [(position: VerifierTask.Position, free: [String])]
    }

    public struct RequirementCheck: Sendable {
        public var requirement: ResourceRequirement
        public var candidates: [(resource: String, problems: [FitProblem], quantityLeft: Double?)]
    }

    public struct Taker: Sendable, Hashable {
        public enum What: Sendable, Hashable { case member(String), resource(String) }
        public var what: What
        public var slot: Slot?
        public var by: TaskRef
        public var value: Double
        /// The member's weekly hours (or the resource's quantity) were used up rather than the slot.
        public var exhausted: Bool
    }

    public struct Bottleneck: Sendable {
        public enum What: Sendable { case position(VerifierTask.Position), requirement(ResourceRequirement) }
        public var what: What
        public var slot: Slot
        public var available: Int
        public var needed: Int
    }
}

/// Builds reason certificates for the unmet tasks of a plan.
public struct Explainer: Sendable {
    public let verifier: PlanVerifier
    let names: ReasonCertificate.Names
    public init(scenario: Scenario) {
        verifier = PlanVerifier(scenario: scenario)
        var names = ReasonCertificate.Names()
        for n in scenario.needs { names.tasks[TaskRef(.need, n.id)] = n.title }
        for p in scenario.projects { names.tasks[TaskRef(.project, p.id)] = p.title }
        names.communities = Dictionary(scenario.communities.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        names.members = Dictionary(scenario.members.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.names = names
    }
    var scenario: Scenario { verifier.scenario }

    /// Certificates for `tasks` (all unmet tasks when empty), in task order.
    public func certificates(for plan: Plan, tasks refs: [TaskRef] = []) -> [ReasonCertificate] {
        let wanted = refs.isEmpty ? verifier.tasks.filter { plan.covered[$0.ref] == nil } : refs.compactMap(verifier.task)
        return wanted.sorted { $0.ref < $1.ref }.map { certificate($0, plan) }
    }

    func certificate(_ t: VerifierTask, _ plan: Plan) -> ReasonCertificate {
        var c = ReasonCertificate(task: t.ref, community: t.community, priority: t.priority, value: t.value, code: nil,
                                  coveredSlot: plan.covered[t.ref], evidence: .covered(members: []), bottleneck: nil)
        c.title = names.tasks[t.ref] ?? ""
        c.communityName = names.communities[t.community] ?? ""
        c.names = names
        if let s = plan.covered[t.ref] {
            c.evidence = .covered(members: plan.assignments.filter { $0.task == t.ref && $0.slot == s }.map(\.member).sorted())
            return c
        }
        let positions = t.positions.filter { $0.min > 0 }
        func holds(_ m: Member, _ p: VerifierTask.Position) -> Bool {
            let held = Set(m.skills.map { $0.lowercased() })
            return p.skills.isSubset(of: held)
        }
        func minutes(_ m: Member) -> Double { verifierTravelMinutes(scenario, from: m.community, to: t.community) }
        // no_skill, then no_one_in_reach, position by position.
        for p in positions {
            let skilled = scenario.members.filter { holds($0, p) }
            if skilled.count < p.min {
                c.code = .noSkill
                c.evidence = .noSkill(position: p, holders: skilled.map(\.id).sorted(), needed: p.min)
                return c
            }
            let inReach = skilled.filter { verifierWithin(minutes($0), t.maxTravel) }
            if inReach.count < p.min {
                let nearest = skilled.map { (member: $0.id, community: $0.community, minutes: minutes($0)) }
                    .sorted { ($0.minutes, $0.member) < ($1.minutes, $1.member) }
                c.code = .noOneInReach
                c.evidence = .noOneInReach(position: p, nearest: Array(nearest.prefix(5)), limit: t.maxTravel, needed: p.min)
                return c
            }
        }
        // no_slot: an accepted slot where every position can reach its minimum with members free then.
        let cal = scenario.settings.calendar
        func eligible(_ p: VerifierTask.Position, _ s: Slot) -> [Member] {
            scenario.members.filter { m in
                holds(m, p) && verifierWithin(minutes(m), t.maxTravel) && m.slots.contains(s) && m.maxHours >= t.hours - verifierTolerance
            }
        }
        var staffings: [ReasonCertificate.SlotStaffing] = []
        var staffable: [Slot] = []
        for s in t.slots where !cal.periods.indices.contains(s.period) || cal.hours(s) >= t.hours - verifierTolerance {
            let per = positions.map { (position: $0, free: eligible($0, s).map(\.id).sorted()) }
            staffings.append(ReasonCertificate.SlotStaffing(slot: s, positions: per))
            let distinct = Set(per.flatMap(\.free)).count
            if per.allSatisfy({ $0.free.count >= $0.position.min }) && distinct >= positions.reduce(0, { $0 + $1.min }) {
                staffable.append(s)
            }
        }
        if staffable.isEmpty {
            c.code = .noSlot
            c.evidence = .noSlot(slots: staffings)
            c.bottleneck = bottleneckOfStaffing(staffings)
            return c
        }
        // no_resource: in every staffable slot some requirement has no resource that fits (ignoring other tasks).
        func fitting(_ q: ResourceRequirement, _ s: Slot) -> [Resource] {
            scenario.resources.filter { r in
                verifierResourceFits(r, q, task: t, slot: s, in: scenario).isEmpty && (r.quantity ?? .infinity) >= (q.amount ?? 0) - verifierTolerance
            }
        }
        var resourceable: [Slot] = []
        for s in staffable {
            let lists = t.requirements.map { fitting($0, s) }
            if lists.allSatisfy({ !$0.isEmpty }) && Set(lists.flatMap { $0.map(\.id) }).count >= t.requirements.count {
                resourceable.append(s)
            }
        }
        if resourceable.isEmpty {
            var checks: [ReasonCertificate.RequirementCheck] = []
            for q in t.requirements where staffable.allSatisfy({ fitting(q, $0).isEmpty }) || t.requirements.count > 1 {
                let ofKind = scenario.resources.filter { sameText($0.kind, q.kind) }
                let cands = ofKind.map { r -> (resource: String, problems: [FitProblem], quantityLeft: Double?) in
                    // The slot where it comes closest to fitting.
                    let best = staffable.map { verifierResourceFits(r, q, task: t, slot: $0, in: scenario) }.min { $0.count < $1.count } ?? []
                    let short = (r.quantity != nil && r.quantity! < (q.amount ?? 0) - verifierTolerance) ? r.quantity : nil
                    return (r.id, best, short)
                }
                checks.append(ReasonCertificate.RequirementCheck(requirement: q, candidates: cands))
            }
            c.code = .noResource
            c.evidence = .noResource(slots: staffable, requirements: checks)
            if let q = t.requirements.first(where: { q in staffable.allSatisfy { fitting(q, $0).isEmpty } }) {
                c.bottleneck = ReasonCertificate.Bottleneck(what: .requirement(q), slot: staffable[0], available: 0, needed: 1)
            }
            return c
        }
        // outcompeted: name what took each eligible member and resource in the slots the task could have had.
        var memberTask: [String: [Slot: TaskRef]] = [:]
        var hoursUsed: [String: Double] = [:]
        var servesTasks: [String: Set<TaskRef>] = [:]
        for a in plan.assignments {
            memberTask[a.member, default: [:]][a.slot] = a.task
            hoursUsed[a.member, default: 0] += verifier.task(a.task)?.hours ?? a.hours
            servesTasks[a.member, default: []].insert(a.task)
        }
        var resourceTask: [String: [Slot: TaskRef]] = [:]
        var drawn: [String: [(TaskRef, Double)]] = [:]
        for b in plan.bookings {
            resourceTask[b.resource, default: [:]][b.slot] = b.task
            if b.amount > 0 { drawn[b.resource, default: []].append((b.task, b.amount)) }
        }
        func value(_ r: TaskRef) -> Double { verifier.task(r)?.value ?? 0 }
        var takers: Set<ReasonCertificate.Taker> = []
        var freeCount: [(slot: Slot, shortages: [(ReasonCertificate.Bottleneck)])] = []
        for s in resourceable {
            var shortages: [ReasonCertificate.Bottleneck] = []
            for p in positions {
                var free = 0
                for m in eligible(p, s) {
                    if let other = memberTask[m.id]?[s], other != t.ref {
                        takers.insert(.init(what: .member(m.id), slot: s, by: other, value: value(other), exhausted: false))
                    } else if (hoursUsed[m.id] ?? 0) + t.hours > m.maxHours + verifierTolerance {
                        for other in servesTasks[m.id] ?? [] {
                            takers.insert(.init(what: .member(m.id), slot: nil, by: other, value: value(other), exhausted: true))
                        }
                    } else { free += 1 }
                }
                shortages.append(.init(what: .position(p), slot: s, available: free, needed: p.min))
            }
            for q in t.requirements {
                var free = 0
                for r in fitting(q, s) {
                    if let other = resourceTask[r.id]?[s], other != t.ref {
                        takers.insert(.init(what: .resource(r.id), slot: s, by: other, value: value(other), exhausted: false))
                    } else if let quantity = r.quantity, let amount = q.amount,
                              (drawn[r.id] ?? []).reduce(0, { $0 + $1.1 }) + amount > quantity + verifierTolerance {
                        for (other, _) in drawn[r.id] ?? [] where other != t.ref {
                            takers.insert(.init(what: .resource(r.id), slot: nil, by: other, value: value(other), exhausted: true))
                        }
                    } else { free += 1 }
                }
                shortages.append(.init(what: .requirement(q), slot: s, available: free, needed: 1))
            }
            freeCount.append((s, shortages))
        }
        c.code = .outcompeted
        c.evidence = .outcompeted(takers: takers.sorted { a, b in
            (b.value, a.by, a.slot ?? Slot(day: -1, period: 0), whatKey(a.what)) < (a.value, b.by, b.slot ?? Slot(day: -1, period: 0), whatKey(b.what))
        })
        // The bottleneck: in the slot that comes closest, the position or requirement furthest from its need.
        func gap(_ xs: [ReasonCertificate.Bottleneck]) -> Int { xs.reduce(0) { $0 + max(0, $1.needed - $1.available) } }
        if let closest = freeCount.min(by: { (gap($0.shortages), $0.slot) < (gap($1.shortages), $1.slot) }) {
            c.bottleneck = closest.shortages.filter { $0.available < $0.needed }
                .max { ($0.needed - $0.available) < ($1.needed - $1.available) }
        }
        return c
    }

    func whatKey(_ w: ReasonCertificate.Taker.What) -> String {
        switch w { case .member(let m): return "m" + m; case .resource(let r): return "r" + r }
    }

    func bottleneckOfStaffing(_ staffings: [ReasonCertificate.SlotStaffing]) -> ReasonCertificate.Bottleneck? {
        var best: ReasonCertificate.Bottleneck? = nil
        var bestGap = Int.max
        for st in staffings {
            let g = st.positions.reduce(0) { $0 + max(0, $1.position.min - $1.free.count) }
            guard g < bestGap, let worst = st.positions.max(by: { ($0.position.min - $0.free.count) < ($1.position.min - $1.free.count) }) else { continue }
            bestGap = g
            best = .init(what: .position(worst.position), slot: st.slot, available: worst.free.count, needed: worst.position.min)
        }
        return best
    }
}

extension ReasonCertificate {
    /// One-line reason plus indented evidence lines, in `lang`.
    public func lines(_ lang: Language, calendar cal: SlotCalendar) -> [String] {
        func L(_ s: Slot) -> String { verifierLabel(s, cal) }
        func n(_ x: Double) -> String { lang.number(x) }
        func memberNamed(_ id: String) -> String { lang.named(id, names.members[id] ?? "") }
        func membersNamed(_ ids: [String]) -> String { lang.list(ids.map(memberNamed)) }
        func communityNamed(_ id: String) -> String { lang.named(id, names.communities[id] ?? "") }
        func taskNamed(_ ref: TaskRef) -> String {
            let t = names.tasks[ref] ?? ""
            return t.isEmpty ? lang.task(ref) : lang.pick("\(lang.task(ref))「\(t)」", "\(lang.task(ref)) \"\(t)\"")
        }
        func pos(_ p: VerifierTask.Position) -> String {
            if task.kind == .project { return lang.pick("角色 \(lang.term(p.role))", "role \(p.role)") }
            return p.skills.isEmpty ? lang.pick("党员", "a member") : lang.pick("技能 \(lang.terms(p.skills.sorted()))", "skill \(lang.list(p.skills.sorted()))")
        }
        let named = title.isEmpty ? lang.task(task) : lang.pick("\(lang.task(task))「\(title)」", "\(lang.task(task)) \"\(title)\"")
        let place = lang.named(community, communityName)
        let head = lang.pick("\(named)（社区 \(place)，优先级 \(priority)，价值 \(n(value))）",
                             "\(named) (community \(place), priority \(priority), value \(n(value)))")
        var out: [String] = []
        switch evidence {
        case .covered(let ms):
            out.append(head + lang.pick("：已安排在 \(coveredSlot.map(L) ?? "")，党员 \(membersNamed(ms))",
                                        ": covered in \(coveredSlot.map(L) ?? "") by \(membersNamed(ms))"))
            return out
        default: break
        }
        out.append(head + lang.pick("：未满足——", ": unmet — ") + (code.map { lang.reason($0.rawValue) } ?? ""))
        switch evidence {
        case .covered: break
        case .noSkill(let p, let holders, let needed):
            out.append("  " + lang.pick("需要 \(needed) 名具备\(pos(p)) 的党员，全情景只有 \(holders.count) 名\(holders.isEmpty ? "" : "（\(membersNamed(holders))）")",
                                        "\(pos(p)) needs \(needed) member(s); \(holders.count) member(s) anywhere hold it\(holders.isEmpty ? "" : " (\(membersNamed(holders)))")"))
        case .noOneInReach(let p, let nearest, let limit, let needed):
            out.append("  " + lang.pick("需要 \(needed) 名具备\(pos(p)) 的党员在 \(n(limit)) 分钟服务圈内，最近的是：",
                                        "\(pos(p)) needs \(needed) member(s) within \(n(limit)) min; the nearest are:"))
            for x in nearest {
                out.append("    " + lang.pick("\(memberNamed(x.member))，住 \(communityNamed(x.community))，\(n(x.minutes)) 分钟", "\(memberNamed(x.member)), living in \(communityNamed(x.community)), \(n(x.minutes)) min"))
            }
        case .noSlot(let slots):
            out.append("  " + lang.pick("任务接受的时段里，没有一个能凑齐人手（具备技能、在服务圈内、当时有空）：",
                                        "no accepted slot has enough skilled members in reach who are free then:"))
            for st in slots {
                let parts = st.positions.map { x in
                    lang.pick("\(pos(x.position)) \(x.free.count)/\(x.position.min)\(x.free.isEmpty ? "" : "（\(membersNamed(x.free))）")",
                              "\(pos(x.position)) \(x.free.count)/\(x.position.min)\(x.free.isEmpty ? "" : " (\(membersNamed(x.free)))")")
                }
                out.append("    \(L(st.slot)): " + parts.joined(separator: lang.pick("；", "; ")))
            }
        case .noResource(let slots, let reqs):
            out.append("  " + lang.pick("人手可在 \(lang.list(slots.map(L))) 凑齐，但资源需求无法满足：",
                                        "a team could serve in \(lang.list(slots.map(L))), but a resource requirement cannot be met:"))
            for r in reqs {
                if r.candidates.isEmpty {
                    out.append("    " + lang.pick("\(r.requirement)：情景中没有 \(r.requirement.kind) 类资源", "\(r.requirement): the scenario has no resource of kind \(r.requirement.kind)"))
                }
                for cand in r.candidates {
                    var why = cand.problems.isEmpty ? "" : lang.fits(cand.problems, cal)
                    if let left = cand.quantityLeft {
                        why += (why.isEmpty ? "" : lang.pick("；", "; ")) + lang.pick("每周额度 \(n(left)) 不够 \(n(r.requirement.amount ?? 0))", "weekly quantity \(n(left)) is less than \(n(r.requirement.amount ?? 0))")
                    }
                    if why.isEmpty { why = lang.pick("需要与另一项需求共用，而每项需求要单独一个资源", "it would have to serve two requirements at once") }
                    out.append("    \(r.requirement) ← \(cand.resource): \(why)")
                }
            }
        case .outcompeted(let takers):
            if takers.isEmpty {
                out.append("  " + lang.pick("有合格且有空的党员和资源，但安排它会降低计划的总价值（或求解在时限内停止）",
                                            "eligible free members and resources exist, but covering it would lower the plan's value (or the solve stopped at its time limit)"))
            } else {
                out.append("  " + lang.pick("合格的党员或资源已服务其他任务：", "eligible members or resources serve other tasks:"))
            }
            for x in takers.prefix(12) {
                let who: String
                switch x.what {
                case .member(let m): who = lang.pick("党员 \(lang.named(m, names.members[m] ?? ""))", "member \(lang.named(m, names.members[m] ?? ""))")
                case .resource(let r): who = lang.pick("资源 \(r)", "resource \(r)")
                }
                let when = x.slot.map { lang.pick(" 在 \(L($0))", " in \(L($0))") } ?? lang.pick("（本周额度已用完）", " (weekly hours or quantity used up)")
                out.append("    \(who)\(when) → \(taskNamed(x.by))" + lang.pick("（价值 \(n(x.value))）", " (value \(n(x.value)))"))
            }
            if takers.count > 12 { out.append("    " + lang.pick("……另有 \(takers.count - 12) 项", "… and \(takers.count - 12) more")) }
        }
        if let b = bottleneck {
            let what: String
            switch b.what {
            case .position(let p): what = pos(p)
            case .requirement(let q): what = lang.pick("资源 \(q)", "resource \(q)")
            }
            out.append("  " + lang.pick("瓶颈：\(what)，在 \(L(b.slot)) 可用 \(b.available)，需要 \(b.needed)",
                                        "bottleneck: \(what), \(b.available) available of \(b.needed) needed in \(L(b.slot))"))
        }
        return out
    }
}
