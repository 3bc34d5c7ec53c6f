import CommunityMatch
import MIPModel

extension MatchingModel {
    /// Builds the week's model one rule of SPEC.md "The model" at a time, each rule one function that a test
    /// can run alone on a tiny scenario (MatchModelTests/ModelRuleTests.swift).
    ///
    /// Rule 3 (skills and travel) and the availability half of rule 1 are applied before any column exists,
    /// by `Eligibility`: the model holds only choices that could be made. The rules here write rows.
    ///
    /// The order of `addAllRules` numbers the columns and rows, and that numbering is part of what makes a
    /// plan byte-identical from run to run: per task, its cover columns, its one-slot row, its assign columns,
    /// its staffing rows, its book columns and its requirement rows; then the rows that tie tasks together.
    package struct Builder {
        package var result: MatchingModel
        let scenario: Scenario
        let calendar: SlotCalendar
        let memberIndex: [String: Int]
        /// Member index → unit index (-1 when the unit is unknown).
        let unitOfMember: [Int]
        let pinsByTask: [TaskRef: [Int]]

        // Terms gathered task by task, written out by the rules that tie tasks together.
        var memberSlotTerms: [Slot: [Int: [LinearModel.Term]]] = [:]
        var memberHourTerms: [Int: [LinearModel.Term]] = [:]
        var memberLongestPerSlot: [Int: [Slot: Double]] = [:]
        var resourceSlotTerms: [Slot: [Int: [LinearModel.Term]]] = [:]
        var resourceAmountTerms: [Int: [LinearModel.Term]] = [:]
        var unitHourTerms: [Int: [LinearModel.Term]] = [:]
        var pinTerms: [Int: [LinearModel.Term]] = [:]
        var coverageTerms: [LinearModel.Term] = []
        var travelTerms: [LinearModel.Term] = []
        var fairnessTerms: [LinearModel.Term] = []

        /// One task's columns while its own rows are written.
        package struct TaskColumns {
            package var task: Int
            var spec: TaskSpec
            /// `need_N1`, `project_P1`: the task's part of every column and row name.
            var name: String
            package var viable: [Slot]
            var viableSet: Set<Slot>
            var coverBySlot: [Slot: Int] = [:]
            var coverTerms: [LinearModel.Term] = []
            /// Slot → position → the assign columns that could fill it.
            var staff: [Slot: [Int: [LinearModel.Term]]] = [:]
            /// Slot → requirement → the book columns that could meet it.
            var books: [Slot: [Int: [LinearModel.Term]]] = [:]
        }

        package init(scenario: Scenario) {
            let tasks = TaskSpec.all(in: scenario)
            result = MatchingModel(tasks: tasks, eligibility: Eligibility(scenario: scenario, tasks: tasks),
                                   name: scenario.settings.name.isEmpty ? "cmatch" : scenario.settings.name)
            self.scenario = scenario
            calendar = scenario.settings.calendar
            memberIndex = Dictionary(uniqueKeysWithValues: scenario.members.map(\.id).enumerated().map { ($1, $0) })
            var unitIndex: [String: Int] = [:]
            for (i, u) in scenario.units.enumerated() { unitIndex[u.id] = i }
            unitOfMember = scenario.members.map { unitIndex[$0.unit] ?? -1 }
            pinsByTask = Dictionary(grouping: scenario.pins.indices, by: { scenario.pins[$0].task })
        }

        /// Every rule, in the order that numbers the columns and rows.
        package mutating func addAllRules() {
            for t in result.tasks.indices { addTask(t) }
            addOneTaskPerSlotRows()
            addHoursCapRows()
            addResourceSlotRows()
            addResourceBudgetRows()
            addPinRows()
            addPledgeRows()
            setObjectives()
        }

        // MARK: - One task: its columns and its own rows

        /// Task `t`'s columns and its own rows (rules 4, 5 and 6); nothing for a task no slot could staff.
        package mutating func addTask(_ t: Int) {
            let spec = result.tasks[t]
            let viable = result.eligibility.viableSlots(task: t, spec: spec)
            guard !viable.isEmpty else { return }
            var task = TaskColumns(task: t, spec: spec, name: "\(spec.ref.kind.rawValue)_\(spec.ref.id)",
                                   viable: viable, viableSet: Set(viable))
            addCoverColumns(&task)
            addOneSlotRow(task)
            addAssignColumns(&task)
            addStaffingRows(task)
            addBookColumns(&task)
            addRequirementRows(task)
        }

        /// `cover[t,s]`, one per viable slot, each worth the task's value at the coverage level.
        mutating func addCoverColumns(_ task: inout TaskColumns) {
            for s in task.viable {
                let c = result.model.addVariable("cover[\(task.name),\(calendar.label(s))]", .binary)
                result.covers.append(CoverVar(task: task.task, slot: s, column: c))
                task.coverTerms.append(.init(c, 1))
                task.coverBySlot[s] = c
                coverageTerms.append(.init(c, task.spec.value))
            }
        }

        /// Rules 4 and 5, "in one chosen slot": `one_slot[t]`, Σ cover ≤ 1 (only when there is a choice).
        mutating func addOneSlotRow(_ task: TaskColumns) {
            guard task.viable.count > 1 else { return }
            result.oneSlotRows[task.task] = result.model.constraints.count
            result.model.addConstraint("one_slot[\(task.name)]", task.coverTerms, upper: 1)
        }

        /// `assign[m,t:role,s]` for each eligible member option, with its travel (less the continuity bonus
        /// for the preferred member) and fairness terms, and the terms rules 1, 2, 7 and level 2 gather.
        mutating func addAssignColumns(_ task: inout TaskColumns) {
            let spec = task.spec
            let pref = spec.preferredMember.flatMap { memberIndex[$0] }
            for opt in result.eligibility.members[task.task] where task.viableSet.contains(opt.slot) {
                let m = scenario.members[opt.member]
                let posLabel = spec.positions[opt.position].label
                let c = result.model.addVariable(
                    "assign[\(m.id),\(task.name)\(posLabel.isEmpty ? "" : ":" + posLabel),\(calendar.label(opt.slot))]", .binary)
                result.assigns.append(AssignVar(task: task.task, option: opt, column: c))
                task.staff[opt.slot, default: [:]][opt.position, default: []].append(.init(c, 1))
                memberSlotTerms[opt.slot, default: [:]][opt.member, default: []].append(.init(c, 1))
                memberHourTerms[opt.member, default: []].append(.init(c, spec.hours))
                memberLongestPerSlot[opt.member, default: [:]][opt.slot] =
                    max(memberLongestPerSlot[opt.member]?[opt.slot] ?? 0, spec.hours)
                let u = unitOfMember[opt.member]
                if u >= 0 && scenario.units[u].pledgeHours > 0 { unitHourTerms[u, default: []].append(.init(c, spec.hours)) }
                let bonus = (pref == opt.member) ? scenario.settings.continuityBonus : 0
                if opt.travel - bonus != 0 { travelTerms.append(.init(c, opt.travel - bonus)) }
                // Fairness: hours weighted by the member's recent hours; serving one's own recurring need
                // (continuity) is exempt, so that fairness never undoes what residents asked for.
                if let recent = scenario.recentHours[m.id], recent > 0, pref != opt.member {
                    fairnessTerms.append(.init(c, recent * spec.hours))
                }
                for pi in pinsByTask[spec.ref] ?? [] {
                    let pin = scenario.pins[pi]
                    if pin.member == m.id && (pin.slot == nil || pin.slot == opt.slot) {
                        pinTerms[pi, default: []].append(.init(c, 1))
                    }
                }
            }
        }

        /// Rules 4 and 5: exact headcount for a need (`staff`), every role within [min, max] for a project
        /// (`staff_min`, `staff_max`), all tied to the cover column so that an uncovered task takes nobody.
        mutating func addStaffingRows(_ task: TaskColumns) {
            for s in task.viable {
                let cov = task.coverBySlot[s]!
                for (pi, pos) in task.spec.positions.enumerated() {
                    let terms = task.staff[s]?[pi] ?? []
                    let label = pos.label.isEmpty ? "" : ":" + pos.label
                    let firstRow = result.model.constraints.count
                    if pos.min == pos.max {
                        result.model.addConstraint("staff[\(task.name)\(label),\(calendar.label(s))]",
                                                   terms + [.init(cov, -Double(pos.min))], lower: 0, upper: 0)
                    } else {
                        if pos.min > 0 {
                            result.model.addConstraint("staff_min[\(task.name)\(label),\(calendar.label(s))]",
                                                       terms + [.init(cov, -Double(pos.min))], lower: 0)
                        }
                        if !terms.isEmpty {
                            result.model.addConstraint("staff_max[\(task.name)\(label),\(calendar.label(s))]",
                                                       terms + [.init(cov, -Double(pos.max))], upper: 0)
                        }
                    }
                    if result.model.constraints.count > firstRow {
                        result.staffRows.append(StaffRows(task: task.task, position: pi, slot: s,
                                                          rows: Array(firstRow..<result.model.constraints.count)))
                    }
                }
            }
        }

        /// `book[r,t#q,s]` for each resource option, with the terms of the resource rows of rule 6.
        mutating func addBookColumns(_ task: inout TaskColumns) {
            for opt in result.eligibility.resources[task.task] where task.viableSet.contains(opt.slot) {
                let r = scenario.resources[opt.resource]
                let c = result.model.addVariable(
                    "book[\(r.id),\(task.name)#\(opt.requirement + 1),\(calendar.label(opt.slot))]", .binary)
                result.books.append(BookVar(task: task.task, option: opt, column: c))
                task.books[opt.slot, default: [:]][opt.requirement, default: []].append(.init(c, 1))
                resourceSlotTerms[opt.slot, default: [:]][opt.resource, default: []].append(.init(c, 1))
                if let a = task.spec.requirements[opt.requirement].amount, a > 0, r.quantity != nil {
                    resourceAmountTerms[opt.resource, default: []].append(.init(c, a))
                }
            }
        }

        /// Rule 6: each requirement of a covered task met by exactly one resource, `resource[t#q,s]`:
        /// Σ book − cover = 0.
        mutating func addRequirementRows(_ task: TaskColumns) {
            for s in task.viable {
                for qi in task.spec.requirements.indices {
                    let terms = task.books[s]?[qi] ?? []
                    result.requirementRows.append(RequirementRow(task: task.task, requirement: qi, slot: s,
                                                                 row: result.model.constraints.count))
                    result.model.addConstraint("resource[\(task.name)#\(qi + 1),\(calendar.label(s))]",
                                               terms + [.init(task.coverBySlot[s]!, -1)], lower: 0, upper: 0)
                }
            }
        }

        // MARK: - Rows that tie tasks together

        /// Rule 1: a member serves at most one task per slot, `member_slot[m,s]` (only where two could clash).
        package mutating func addOneTaskPerSlotRows() {
            for s in memberSlotTerms.keys.sorted() {
                for m in memberSlotTerms[s]!.keys.sorted() {
                    let terms = memberSlotTerms[s]![m]!
                    if terms.count > 1 {
                        result.memberSlotRows.append(LinkRow(owner: m, slot: s, row: result.model.constraints.count))
                        result.model.addConstraint("member_slot[\(scenario.members[m].id),\(calendar.label(s))]", terms, upper: 1)
                    }
                }
            }
        }

        /// Rule 2: a member's hours within `max_hours`, `member_hours[m]`; skipped when even the busiest week
        /// the member could be given (the longest task of each slot) fits.
        package mutating func addHoursCapRows() {
            for m in memberHourTerms.keys.sorted() {
                let terms = memberHourTerms[m]!
                let cap = scenario.members[m].maxHours
                let busiest = (memberLongestPerSlot[m] ?? [:]).values.sorted().reduce(0, +)
                if busiest > cap + Tolerance.epsilon {
                    result.memberHourRows.append(LinkRow(owner: m, slot: nil, row: result.model.constraints.count))
                    result.model.addConstraint("member_hours[\(scenario.members[m].id)]", terms, upper: cap)
                }
            }
        }

        /// Rule 6: a resource serves at most one task per slot, `resource_slot[r,s]` (only where two could clash).
        package mutating func addResourceSlotRows() {
            for s in resourceSlotTerms.keys.sorted() {
                for r in resourceSlotTerms[s]!.keys.sorted() {
                    let terms = resourceSlotTerms[s]![r]!
                    if terms.count > 1 {
                        result.resourceSlotRows.append(LinkRow(owner: r, slot: s, row: result.model.constraints.count))
                        result.model.addConstraint("resource_slot[\(scenario.resources[r].id),\(calendar.label(s))]", terms, upper: 1)
                    }
                }
            }
        }

        /// Rule 6: the amounts drawn from a resource within its weekly quantity, `resource_budget[r]`; skipped
        /// when every draw together fits.
        package mutating func addResourceBudgetRows() {
            for r in resourceAmountTerms.keys.sorted() {
                let terms = resourceAmountTerms[r]!
                let q = scenario.resources[r].quantity!
                if terms.reduce(0, { $0 + $1.coefficient }) > q + Tolerance.epsilon {
                    result.resourceBudgetRows.append(LinkRow(owner: r, slot: nil, row: result.model.constraints.count))
                    result.model.addConstraint("resource_budget[\(scenario.resources[r].id)]", terms, upper: q)
                }
            }
        }

        /// Rule 7: each pin holds, `pin[t,m]` = 1. A pin no column can satisfy is kept in `impossiblePins`
        /// instead (validation reports it first; an empty row would only make the model infeasible).
        package mutating func addPinRows() {
            for pi in scenario.pins.indices {
                let terms = pinTerms[pi] ?? []
                if terms.isEmpty { result.impossiblePins.append(scenario.pins[pi]); continue }
                result.model.addConstraint("pin[\(scenario.pins[pi].task),\(scenario.pins[pi].member)]", terms, lower: 1, upper: 1)
                for t in terms { result.pinColumns.insert(t.variable) }
            }
        }

        /// Objective level 2: `short[u]` ≥ pledge − served, `pledge[u]`, for each unit that pledged.
        package mutating func addPledgeRows() {
            for (u, unit) in scenario.units.enumerated() where unit.pledgeHours > 0 {
                let c = result.model.addVariable("short[\(unit.id)]", .continuous, lower: 0, upper: unit.pledgeHours)
                result.shortfalls.append((u, c))
                result.model.addConstraint("pledge[\(unit.id)]", (unitHourTerms[u] ?? []) + [.init(c, 1)], lower: unit.pledgeHours)
            }
        }

        /// The objective levels: coverage (maximised), pledge shortfall, travel less the continuity bonus,
        /// and fairness (minimised).
        package mutating func setObjectives() {
            result.objectives[.coverage] = .init(name: "coverage", sense: .maximize, terms: coverageTerms)
            result.objectives[.pledges] = .init(name: "pledge_shortfall", sense: .minimize,
                                                terms: result.shortfalls.map { .init($0.column, 1) })
            result.objectives[.travel] = .init(name: "travel", sense: .minimize, terms: travelTerms)
            result.objectives[.fairness] = .init(name: "fairness", sense: .minimize, terms: fairnessTerms)
        }
    }
}
