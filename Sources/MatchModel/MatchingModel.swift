import CommunityMatch
import MIPModel

/// The week's MIP, built rule by rule from SPEC.md, with the maps that turn a solution back into a plan.
///
/// Variables:
/// - `cover[t,s]` binary: task t is covered in slot s (only slots where it could be staffed).
/// - `assign[m,t,p,s]` binary: member m fills position p (a need's headcount, or a project's role) of t in s.
/// - `book[t,q,r,s]` binary: resource r meets requirement q of t in s.
/// - `short[u]` continuous in [0, pledge]: unit u's pledge shortfall in hours.
public struct MatchingModel: Sendable {
    public struct AssignVar: Sendable { public var task: Int; public var option: Eligibility.MemberOption; public var column: Int }
    public struct BookVar: Sendable { public var task: Int; public var option: Eligibility.ResourceOption; public var column: Int }
    public struct CoverVar: Sendable { public var task: Int; public var slot: Slot; public var column: Int }

    public var model: LinearModel
    public var tasks: [TaskSpec]
    public var eligibility: Eligibility
    public var covers: [CoverVar] = []
    public var assigns: [AssignVar] = []
    public var books: [BookVar] = []
    /// Unit index → shortfall column.
    public var shortfalls: [(unit: Int, column: Int)] = []
    /// One objective per level, in SPEC's sense (coverage maximised, the others minimised).
    public var objectives: [ObjectiveLevel: LinearModel.Objective] = [:]
    /// Pins that no variable can satisfy (validation should have caught them; kept as a second guard).
    public var impossiblePins: [Pin] = []
    /// Columns that appear in pin rows: a restricted model must keep them or the pins could not hold.
    public var pinColumns: Set<Int> = []
    /// Task → its `one_slot` row (tasks with more than one viable slot).
    public var oneSlotRows: [Int: Int] = [:]

    /// Row indices (into `model.constraints`) of the rows the bottleneck analysis prices, so that duals can
    /// be read by meaning instead of by parsing row names. Additive: nothing in the solve reads them.
    public struct StaffRows: Sendable {
        public var task: Int
        public var position: Int
        public var slot: Slot
        /// The staffing rows of this position in this slot: one equality (`staff`), or `staff_min` and/or
        /// `staff_max`. A new member filling the position would enter each with coefficient 1.
        public var rows: [Int]
    }
    public struct RequirementRow: Sendable {
        public var task: Int
        public var requirement: Int
        public var slot: Slot
        /// The `resource[t#q,s]` equality: Σ book − cover = 0.
        public var row: Int
    }
    public var staffRows: [StaffRows] = []
    /// A row that ties tasks together (a member's or resource's one task per slot, weekly hours or quantity):
    /// the rows the Lagrangian bound prices, recorded so that an LP's duals can be read as its prices.
    public struct LinkRow: Sendable { public var owner: Int; public var slot: Slot?; public var row: Int }
    public var memberSlotRows: [LinkRow] = []
    public var memberHourRows: [LinkRow] = []
    public var resourceSlotRows: [LinkRow] = []
    public var resourceBudgetRows: [LinkRow] = []
    public var requirementRows: [RequirementRow] = []

    public init(scenario: Scenario) {
        let tasks = TaskSpec.all(in: scenario)
        let elig = Eligibility(scenario: scenario, tasks: tasks)
        self.tasks = tasks
        self.eligibility = elig
        self.model = LinearModel(name: scenario.settings.name.isEmpty ? "cmatch" : scenario.settings.name)
        build(scenario)
    }

    private mutating func build(_ scenario: Scenario) {
        let cal = scenario.settings.calendar
        var memberSlotTerms: [Slot: [Int: [LinearModel.Term]]] = [:]
        var memberHourTerms: [Int: [LinearModel.Term]] = [:]
        var memberLongestPerSlot: [Int: [Slot: Double]] = [:]
        var resourceSlotTerms: [Slot: [Int: [LinearModel.Term]]] = [:]
        var resourceAmountTerms: [Int: [LinearModel.Term]] = [:]
        var coverageTerms: [LinearModel.Term] = []
        var travelTerms: [LinearModel.Term] = []
        var fairnessTerms: [LinearModel.Term] = []
        let memberIDs = scenario.members.map(\.id)
        var unitOfMember: [Int] = []
        var unitIndex: [String: Int] = [:]
        for (i, u) in scenario.units.enumerated() { unitIndex[u.id] = i }
        for m in scenario.members { unitOfMember.append(unitIndex[m.unit] ?? -1) }
        var unitHourTerms: [Int: [LinearModel.Term]] = [:]
        var pinTerms: [Int: [LinearModel.Term]] = [:]
        let pinsByTask = Dictionary(grouping: scenario.pins.indices, by: { scenario.pins[$0].task })
        let memberIndex = Dictionary(uniqueKeysWithValues: memberIDs.enumerated().map { ($1, $0) })

        for (t, task) in tasks.enumerated() {
            let viable = eligibility.viableSlots(task: t, spec: task)
            guard !viable.isEmpty else { continue }
            let viableSet = Set(viable)
            let tname = "\(task.ref.kind.rawValue)_\(task.ref.id)"
            var coverCols: [LinearModel.Term] = []
            var coverBySlot: [Slot: Int] = [:]
            for s in viable {
                let c = model.addVariable("cover[\(tname),\(cal.label(s))]", .binary)
                covers.append(CoverVar(task: t, slot: s, column: c))
                coverCols.append(.init(c, 1))
                coverBySlot[s] = c
                coverageTerms.append(.init(c, task.value))
            }
            // Rule 4/5: one chosen slot.
            if viable.count > 1 {
                oneSlotRows[t] = model.constraints.count
                model.addConstraint("one_slot[\(tname)]", coverCols, upper: 1)
            }

            // Members: group options by (slot, position) to write the staffing rows.
            var staff: [Slot: [Int: [LinearModel.Term]]] = [:]
            let pref = task.preferredMember.flatMap { memberIndex[$0] }
            for opt in eligibility.members[t] where viableSet.contains(opt.slot) {
                let m = scenario.members[opt.member]
                let posLabel = task.positions[opt.position].label
                let c = model.addVariable(
                    "assign[\(m.id),\(tname)\(posLabel.isEmpty ? "" : ":" + posLabel),\(cal.label(opt.slot))]", .binary)
                assigns.append(AssignVar(task: t, option: opt, column: c))
                staff[opt.slot, default: [:]][opt.position, default: []].append(.init(c, 1))
                memberSlotTerms[opt.slot, default: [:]][opt.member, default: []].append(.init(c, 1))
                memberHourTerms[opt.member, default: []].append(.init(c, task.hours))
                memberLongestPerSlot[opt.member, default: [:]][opt.slot] =
                    max(memberLongestPerSlot[opt.member]?[opt.slot] ?? 0, task.hours)
                let u = unitOfMember[opt.member]
                if u >= 0 && scenario.units[u].pledgeHours > 0 { unitHourTerms[u, default: []].append(.init(c, task.hours)) }
                let bonus = (pref == opt.member) ? scenario.settings.continuityBonus : 0
                if opt.travel - bonus != 0 { travelTerms.append(.init(c, opt.travel - bonus)) }
                // Fairness: hours weighted by the member's recent hours; serving one's own recurring need
                // (continuity) is exempt, so that fairness never undoes what residents asked for.
                if let recent = scenario.recentHours[m.id], recent > 0, pref != opt.member {
                    fairnessTerms.append(.init(c, recent * task.hours))
                }
                for pi in pinsByTask[task.ref] ?? [] {
                    let pin = scenario.pins[pi]
                    if pin.member == m.id && (pin.slot == nil || pin.slot == opt.slot) {
                        pinTerms[pi, default: []].append(.init(c, 1))
                    }
                }
            }
            // Rules 4 and 5: exact headcount for a need, every role within [min, max] for a project,
            // all tied to the cover variable so an uncovered task takes nobody.
            for s in viable {
                let cov = coverBySlot[s]!
                for (pi, pos) in task.positions.enumerated() {
                    let terms = staff[s]?[pi] ?? []
                    let label = pos.label.isEmpty ? "" : ":" + pos.label
                    let firstRow = model.constraints.count
                    defer {
                        if model.constraints.count > firstRow {
                            staffRows.append(StaffRows(task: t, position: pi, slot: s,
                                                       rows: Array(firstRow..<model.constraints.count)))
                        }
                    }
                    if pos.min == pos.max {
                        model.addConstraint("staff[\(tname)\(label),\(cal.label(s))]",
                                            terms + [.init(cov, -Double(pos.min))], lower: 0, upper: 0)
                    } else {
                        if pos.min > 0 {
                            model.addConstraint("staff_min[\(tname)\(label),\(cal.label(s))]",
                                                terms + [.init(cov, -Double(pos.min))], lower: 0)
                        }
                        if !terms.isEmpty {
                            model.addConstraint("staff_max[\(tname)\(label),\(cal.label(s))]",
                                                terms + [.init(cov, -Double(pos.max))], upper: 0)
                        }
                    }
                }
            }
            // Rule 6: each requirement met by exactly one resource when covered.
            var bookBySlotReq: [Slot: [Int: [LinearModel.Term]]] = [:]
            for opt in eligibility.resources[t] where viableSet.contains(opt.slot) {
                let r = scenario.resources[opt.resource]
                let c = model.addVariable("book[\(r.id),\(tname)#\(opt.requirement + 1),\(cal.label(opt.slot))]", .binary)
                books.append(BookVar(task: t, option: opt, column: c))
                bookBySlotReq[opt.slot, default: [:]][opt.requirement, default: []].append(.init(c, 1))
                resourceSlotTerms[opt.slot, default: [:]][opt.resource, default: []].append(.init(c, 1))
                if let a = task.requirements[opt.requirement].amount, a > 0, r.quantity != nil {
                    resourceAmountTerms[opt.resource, default: []].append(.init(c, a))
                }
            }
            for s in viable {
                for qi in task.requirements.indices {
                    let terms = bookBySlotReq[s]?[qi] ?? []
                    requirementRows.append(RequirementRow(task: t, requirement: qi, slot: s, row: model.constraints.count))
                    model.addConstraint("resource[\(tname)#\(qi + 1),\(cal.label(s))]",
                                        terms + [.init(coverBySlot[s]!, -1)], lower: 0, upper: 0)
                }
            }
        }

        // Rule 1: a member serves at most one task per slot.
        for s in memberSlotTerms.keys.sorted() {
            for m in memberSlotTerms[s]!.keys.sorted() {
                let terms = memberSlotTerms[s]![m]!
                if terms.count > 1 {
                    memberSlotRows.append(LinkRow(owner: m, slot: s, row: model.constraints.count))
                    model.addConstraint("member_slot[\(memberIDs[m]),\(cal.label(s))]", terms, upper: 1)
                }
            }
        }
        // Rule 2: weekly hours; skipped when even the busiest possible week fits.
        for m in memberHourTerms.keys.sorted() {
            let terms = memberHourTerms[m]!
            let cap = scenario.members[m].maxHours
            let busiest = (memberLongestPerSlot[m] ?? [:]).values.sorted().reduce(0, +)
            if busiest > cap + Tolerance.epsilon {
                memberHourRows.append(LinkRow(owner: m, slot: nil, row: model.constraints.count))
                model.addConstraint("member_hours[\(memberIDs[m])]", terms, upper: cap)
            }
        }
        // Rule 6: a resource serves at most one task per slot, and its weekly quantity bounds the amounts.
        for s in resourceSlotTerms.keys.sorted() {
            for r in resourceSlotTerms[s]!.keys.sorted() {
                let terms = resourceSlotTerms[s]![r]!
                if terms.count > 1 {
                    resourceSlotRows.append(LinkRow(owner: r, slot: s, row: model.constraints.count))
                    model.addConstraint("resource_slot[\(scenario.resources[r].id),\(cal.label(s))]", terms, upper: 1)
                }
            }
        }
        for r in resourceAmountTerms.keys.sorted() {
            let terms = resourceAmountTerms[r]!
            let q = scenario.resources[r].quantity!
            if terms.reduce(0, { $0 + $1.coefficient }) > q + Tolerance.epsilon {
                resourceBudgetRows.append(LinkRow(owner: r, slot: nil, row: model.constraints.count))
                model.addConstraint("resource_budget[\(scenario.resources[r].id)]", terms, upper: q)
            }
        }
        // Rule 7: each pin holds (an empty pin row is an infeasible model; validation reports it first).
        for pi in scenario.pins.indices {
            let terms = pinTerms[pi] ?? []
            if terms.isEmpty { impossiblePins.append(scenario.pins[pi]); continue }
            model.addConstraint("pin[\(scenario.pins[pi].task),\(scenario.pins[pi].member)]", terms, lower: 1, upper: 1)
            for t in terms { pinColumns.insert(t.variable) }
        }
        // Level 2: shortfall[u] ≥ pledge − served, for units that pledged.
        var pledgeTerms: [LinearModel.Term] = []
        for (u, unit) in scenario.units.enumerated() where unit.pledgeHours > 0 {
            let c = model.addVariable("short[\(unit.id)]", .continuous, lower: 0, upper: unit.pledgeHours)
            shortfalls.append((u, c))
            pledgeTerms.append(.init(c, 1))
            model.addConstraint("pledge[\(unit.id)]", (unitHourTerms[u] ?? []) + [.init(c, 1)], lower: unit.pledgeHours)
        }
        objectives[.coverage] = .init(name: "coverage", sense: .maximize, terms: coverageTerms)
        objectives[.pledges] = .init(name: "pledge_shortfall", sense: .minimize, terms: pledgeTerms)
        objectives[.travel] = .init(name: "travel", sense: .minimize, terms: travelTerms)
        objectives[.fairness] = .init(name: "fairness", sense: .minimize, terms: fairnessTerms)
    }

    /// For the given task-slots, the assign columns of each position's `max + extra` nearest eligible
    /// members (ties by member order): a small set of alternatives for a restricted MIP.
    public func nearestMemberColumns(of taskSlots: [CoverVar], extra: Int) -> [Int] {
        struct Key: Hashable { var task: Int; var slot: Slot; var position: Int }
        var wanted: [Int: Set<Slot>] = [:]
        for c in taskSlots { wanted[c.task, default: []].insert(c.slot) }
        var groups: [Key: [AssignVar]] = [:]
        for a in assigns where wanted[a.task]?.contains(a.option.slot) == true {
            groups[Key(task: a.task, slot: a.option.slot, position: a.option.position), default: []].append(a)
        }
        var out: [Int] = []
        for (key, vars) in groups {
            let k = tasks[key.task].positions[key.position].max + extra
            out += vars.sorted { ($0.option.travel, $0.option.member) < ($1.option.travel, $1.option.member) }
                .prefix(k).map(\.column)
        }
        return out
    }
}
