import ArgumentParser
import CommunityMatch
import Foundation
import GLPKSolver
import Ledger
import MatchModel
import PlanIO
import PlanVerify
import ScenarioIO

struct Replan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-plan the rest of a week after a change, keeping every assignment the change does not touch.",
        discussion: """
        Loads the plan's scenario (plan.json's scenario_folder, or --scenario), applies the changes — members \
        who drop out (--drop-member), tasks cancelled (--cancel, a need or project id, or need:ID / project:ID), \
        needs added (--add-needs, a CSV file with needs.csv's columns; a row whose id exists replaces that \
        need) — and solves again with every untouched assignment pinned (task, member and slot, as pins.csv \
        does). Free members may still take the tasks the change left uncovered and the added needs.

        A task that lost a member is touched: its remaining members are first kept in the same slot (a \
        replacement joins them), then, if that is impossible, kept on the task in any slot, and only if that \
        too is impossible released. See docs/ledger.md.

        Writes the new plan folder (as solve does) plus changes.csv — every assignment removed, added or \
        moved, and every resource booking removed or added, with whom to tell (member, phone) — and prints \
        the same as a summary. The new plan's scenario hash differs from the old one: accept it with \
        `cmatch accept NEWPLAN --ledger FILE --replace`.

        Exit codes: 0 written, 64 bad command line, 65 an unknown member or task, a malformed needs file, or \
        pins that cannot hold against a changed scenario, 66 an input cannot be read, 70 internal error, 73 \
        the plan folder cannot be written, 75 the time limit passed with no plan.
        """)

    @Argument(help: "The plan folder to change.") var plan: String
    @Option(name: [.customShort("o"), .long], help: "The new plan folder (replaced if it exists).") var output: String
    @Option(name: .customLong("drop-member"), parsing: .upToNextOption, help: "Members who can no longer serve this week.")
    var dropMembers: [String] = []
    @Option(name: .customLong("cancel"), parsing: .upToNextOption, help: "Tasks that no longer take place (need or project ids).")
    var cancelTasks: [String] = []
    @Option(name: .customLong("add-needs"), help: "A CSV file of needs to add (needs.csv columns).") var addNeeds: String?
    @Option(help: "The scenario folder; by default the one plan.json records.") var scenario: String?
    @Option(help: "The ledger the plan was solved with (solve --ledger): the same history is applied.") var ledger: String?
    @Option(help: "Wall-clock seconds for each solve (default 60).") var timeLimit: Double = 60
    @Option(help: "Relative MIP gap at which each level may stop.") var gap: Double = 0
    @Flag(help: "Solve the changed scenario with no assignment pinned (to compare how much a fresh plan would change).")
    var fromScratch = false
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if dropMembers.isEmpty && cancelTasks.isEmpty && addNeeds == nil {
            throw ValidationError("say what changed: --drop-member, --cancel and/or --add-needs")
        }
        if !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if !(gap >= 0 && gap < 1) { throw ValidationError("--gap must be a fraction between 0 and 1, e.g. 0.005") }
    }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let folder = try scenarioFolder(ofPlan: plan, given: scenario)
        let original = try loadScenario(folder, quiet: quiet).scenario
        let old = try loadPlanFolder(plan, scenario: original, quiet: quiet)
        var changed = original
        if let addNeeds { changed = try Self.withAddedNeeds(folder: folder, file: addNeeds, quiet: quiet) }

        // Every unknown id at once, like any input error.
        var problems: [String] = []
        let memberIDs = Set(changed.members.map(\.id))
        for m in dropMembers where !memberIDs.contains(m) {
            problems.append("--drop-member \(m): no member with that id in \(folder)")
        }
        var cancelled: Set<TaskRef> = []
        for name in cancelTasks {
            let refs = Self.resolve(name, in: changed)
            if refs.count == 1 { cancelled.insert(refs[0]) } else {
                problems.append(refs.isEmpty ? lang(.replanCancelUnknown, ["task": name, "folder": folder])
                                : lang(.replanCancelAmbiguous, ["task": name]))
            }
        }
        if !problems.isEmpty {
            problems.forEach(printError)
            printError(lang(.problemsFoundNothingWritten, ["count": String(problems.count)]))
            throw ExitCode(Exit.dataError)
        }

        let dropped = Set(dropMembers)
        let originalNeeds = Dictionary(original.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let addedNeeds = Set(changed.needs.filter { originalNeeds[$0.id] == nil }.map { TaskRef(.need, $0.id) })
        let replacedNeeds = Set(changed.needs.filter { originalNeeds[$0.id] != nil && originalNeeds[$0.id] != $0 }.map { TaskRef(.need, $0.id) })
        changed.members.removeAll { dropped.contains($0.id) }
        changed.needs.removeAll { cancelled.contains(TaskRef(.need, $0.id)) }
        changed.projects.removeAll { cancelled.contains(TaskRef(.project, $0.id)) }
        for i in changed.needs.indices where changed.needs[i].preferredMember.map(dropped.contains) == true {
            changed.needs[i].preferredMember = nil
        }
        changed.pins.removeAll { dropped.contains($0.member) || cancelled.contains($0.task) }
        var history: HistoryApplied? = nil
        if let ledger { history = try applyLedgerHistory(&changed, ledger: ledger, scenarioFolder: folder, quiet: quiet) }

        // Touched: a task that lost a member, or a need the added file replaced.
        var touched = replacedNeeds
        for a in old.plan.assignments where dropped.contains(a.member) && !cancelled.contains(a.task) { touched.insert(a.task) }
        let kept = old.plan.assignments.indices.filter { i in
            let a = old.plan.assignments[i]
            return !dropped.contains(a.member) && !cancelled.contains(a.task)
        }
        // One attempt with each touched task's own rule; should the pins not hold together after all, one with
        // every touched task released.
        var attempts: [[TaskRef: ReplanStage]] = []
        if !fromScratch { Self.freeze(&changed, old: old.plan, touched: touched) }
        if fromScratch {
            attempts = [[:]]
        } else {
            let modes = Self.keepModes(changed: changed, old: old.plan, kept: kept, touched: touched)
            attempts = [modes]
            if modes.values.contains(where: { $0 != .release }) { attempts.append(modes.mapValues { _ in .release }) }
        }

        let solver = GLPKSolver(tuning: .init(mipPresolve: false, cuts: ProcessInfo.processInfo.environment["CMATCH_CUTS"] != "0"))
        let matcher = Matcher(solver: solver)
        var newPlan: Plan? = nil
        var used = attempts[0]
        var scenarioSolved = changed
        while !attempts.isEmpty {
            let modes = attempts.removeFirst()
            var s = changed
            s.pins = fromScratch ? changed.pins
                : Self.pins(old: old, kept: kept, modes: modes, existing: changed.pins)
            do {
                let p = try matcher.solve(s, options: MatchOptions(timeLimit: timeLimit, relativeGap: gap))
                if p.status == .timeLimitNoPlan {
                    printError(lang(.solveNoPlan))
                    throw ExitCode(Exit.timeLimitNoPlan)
                }
                newPlan = p; used = modes; scenarioSolved = s
                break
            } catch let e as PinConflict {
                if !attempts.isEmpty { continue }
                for p in e.pins { printError(lang(.pinConflict, ["place": "\(p.location)", "task": p.task.id, "member": p.member, "problem": e.text(lang)])) }
                printError(lang(.replanKeptCannotHold))
                throw ExitCode(Exit.dataError)
            } catch let e as SolverFailure {
                printError("cmatch: internal error: \(e.message)")
                throw ExitCode(Exit.software)
            }
        }
        guard var plan = newPlan else { throw ExitCode(Exit.software) }
        if !fromScratch {
            Self.restoreBookings(&plan, old: old.plan, scenario: scenarioSolved) { ref in
                !touched.contains(ref) && !addedNeeds.contains(ref)
            }
        }

        // A second opinion before anything is written: the plan must keep every hard rule of the changed week.
        let violations = PlanVerifier(scenario: scenarioSolved).violations(of: plan)
        if !violations.isEmpty {
            printError("cmatch: internal error: the re-plan breaks \(violations.count) rule(s): " +
                       violations.prefix(3).map { $0.sentence(.en, calendar: changed.settings.calendar) }.joined(separator: "; "))
            throw ExitCode(Exit.software)
        }

        let changes = ReplanChanges(old: old.plan, new: plan, original: original, changed: scenarioSolved,
                                    dropped: dropped, cancelled: cancelled, added: addedNeeds, touched: touched)
        var writer = PlanWriter(scenario: scenarioSolved, plan: plan,
                                versions: ToolVersions(cmatch: cmatchVersion, solver: "\(solver.name) \(solver.version)"),
                                scenarioHash: ScenarioHash.hex(scenarioSolved))
        writer.scenarioFolder = PlanWriter.relativePath(from: output, to: folder)
        if let history, let ledger { writer.summaryExtras.append(("history", historyJSON(history, ledger: ledger))) }
        writer.summaryExtras.append(("replan", .object([
            ("from_plan", .string(PlanWriter.relativePath(from: output, to: self.plan))),
            ("dropped_members", .array(dropped.sorted().map { .string($0) })),
            ("cancelled_tasks", .array(cancelled.sorted().map { .string($0.description) })),
            ("added_needs", .array(addedNeeds.sorted().map { .string($0.id) })),
            ("replaced_needs", .array(replacedNeeds.sorted().map { .string($0.id) })),
            ("touched_tasks", .array(touched.sorted().map { .string($0.description) })),
            ("from_scratch", .bool(fromScratch)),
            ("touched_rule", .object(used.keys.sorted().map { ($0.description, .string(used[$0]!.rawValue)) })),
            ("pinned", .integer(fromScratch ? 0 : scenarioSolved.pins.count)),
            ("changes", changes.countsJSON()),
        ])))
        do {
            try AtomicFolder.write(writer.files() + [("changes.csv", Data(changes.csv(changed.settings.calendar).utf8))], to: output)
        } catch let e as OutputError {
            printError(e.text(cliLanguage))
            throw ExitCode(Exit.cannotCreate)
        }
        if !quiet { print(changes.summary(lang, calendar: changed.settings.calendar, output: output, rules: used, fromScratch: fromScratch), terminator: "") }
    }

    /// The scenario with `file`'s needs added through a one-off overlay, so that the added rows are read and
    /// checked exactly like needs.csv, and errors point at the file's own lines.
    static func withAddedNeeds(folder: String, file: String, quiet: Bool) throws -> Scenario {
        let fm = FileManager.default
        guard fm.isReadableFile(atPath: file) else {
            printError(cliLanguage(.cannotBeRead, ["path": file, "reason": cliLanguage(fm.fileExists(atPath: file) ? .planNotReadable : .planNoSuchFile)]))
            throw ExitCode(Exit.noInput)
        }
        func absolute(_ p: String) -> String {
            let full = p.hasPrefix("/") ? p : (fm.currentDirectoryPath as NSString).appendingPathComponent(p)
            return URL(fileURLWithPath: full).standardizedFileURL.path
        }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let overlay = fm.temporaryDirectory.appendingPathComponent("cmatch-replan-\(getpid())-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: overlay) }
        do {
            try fm.createDirectory(at: overlay, withIntermediateDirectories: true)
            try Data("extends: \(quoted(absolute(folder)))\nadd:\n  needs: \(quoted(absolute(file)))\n".utf8)
                .write(to: overlay.appendingPathComponent("scenario.yaml"))
        } catch {
            printError("cmatch: cannot prepare the added needs: \(error.localizedDescription)")
            throw ExitCode(Exit.cannotCreate)
        }
        return try loadScenario(overlay.path, quiet: quiet).scenario
    }

    static func resolve(_ name: String, in s: Scenario) -> [TaskRef] {
        if name.hasPrefix("need:") { let id = String(name.dropFirst(5)); return s.needs.contains { $0.id == id } ? [TaskRef(.need, id)] : [] }
        if name.hasPrefix("project:") { let id = String(name.dropFirst(8)); return s.projects.contains { $0.id == id } ? [TaskRef(.project, id)] : [] }
        return (s.needs.contains { $0.id == name } ? [TaskRef(.need, name)] : [])
            + (s.projects.contains { $0.id == name } ? [TaskRef(.project, name)] : [])
    }

    /// The pins of an attempt: every kept assignment of an untouched task in its slot; those of a touched task
    /// in their slot (keepSlot), on their task in any slot (keepTask), or not at all (release), as `modes`
    /// says. Pins of pins.csv that these do not already imply are kept as they were.
    static func pins(old: PlanFolder, kept: [Int], modes: [TaskRef: ReplanStage], existing: [Pin]) -> [Pin] {
        var out: [Pin] = []
        var pairs: Set<[String]> = []
        for i in kept {
            let a = old.plan.assignments[i]
            let location = old.rows.assignments.indices.contains(i) ? old.rows.assignments[i]
                : SourceLocation(file: (old.folder as NSString).appendingPathComponent("assignments.csv"))
            if let mode = modes[a.task] {
                if mode == .release { continue }
                out.append(Pin(task: a.task, member: a.member, slot: mode == .keepSlot ? a.slot : nil, location: location))
            } else {
                out.append(Pin(task: a.task, member: a.member, slot: a.slot, location: location))
            }
            pairs.insert([a.task.description, a.member])
        }
        for p in existing where !pairs.contains([p.task.description, p.member]) { out.append(p) }
        return out
    }
}

/// How a re-plan treats the kept members of a task that lost a member (docs/ledger.md).
enum ReplanStage: String {
    /// They stay in their slot; replacements join them.
    case keepSlot = "keep_slot"
    /// They stay on the task, which moves to another slot where replacements exist.
    case keepTask = "keep_task"
    /// The task is re-staffed (or left uncovered) from scratch.
    case release
}

extension Replan {
    /// Gives each untouched task back the resources it had, wherever the old resource is still free in that
    /// slot and within its weekly budget. The model has no term for resources, so among equally good plans
    /// the solver may swap two vans between two untouched tasks — a change a unit would be told about for
    /// nothing. Swapping back changes no level's value; the verifier checks the result like any plan.
    static func restoreBookings(_ plan: inout Plan, old: Plan, scenario: Scenario, untouched: (TaskRef) -> Bool) {
        let quantity = Dictionary(scenario.resources.map { ($0.id, $0.quantity) }, uniquingKeysWith: { a, _ in a })
        var changed = true
        while changed {
            changed = false
            for b in old.bookings where untouched(b.task) && plan.covered[b.task] == b.slot {
                guard let j = plan.bookings.firstIndex(where: { $0.task == b.task && $0.requirement == b.requirement }),
                      plan.bookings[j].resource != b.resource, quantity[b.resource] != nil else { continue }
                if plan.bookings.contains(where: { $0.resource == b.resource && $0.slot == b.slot }) { continue }
                if let q = quantity[b.resource] ?? nil {
                    let used = plan.bookings.filter { $0.resource == b.resource }.map(\.amount).reduce(0, +)
                    if used + plan.bookings[j].amount > q + 1e-9 { continue }
                }
                plan.bookings[j].resource = b.resource
                changed = true
            }
        }
    }

    /// Keeps the re-plan from growing what the change did not ask to grow: an untouched covered task keeps
    /// its slot only, and a covered project (touched or not) takes at most as many members per role as it
    /// had. Without this the pledge level would add free members to projects that run anyway — members to
    /// tell about a change that did not concern them. Tasks that were unmet, and added needs, are not
    /// limited: covering them is worth telling.
    static func freeze(_ s: inout Scenario, old: Plan, touched: Set<TaskRef>) {
        var perRole: [TaskRef: [String: Int]] = [:]
        for a in old.assignments { perRole[a.task, default: [:]][a.role, default: 0] += 1 }
        for i in s.needs.indices {
            let ref = TaskRef(.need, s.needs[i].id)
            if let slot = old.covered[ref], !touched.contains(ref), s.needs[i].slots.contains(slot) { s.needs[i].slots = [slot] }
        }
        for i in s.projects.indices {
            let ref = TaskRef(.project, s.projects[i].id)
            guard let slot = old.covered[ref], let counts = perRole[ref] else { continue }
            if !touched.contains(ref), s.projects[i].slots.contains(slot) { s.projects[i].slots = [slot] }
            for r in s.projects[i].roles.indices {
                let had = counts[s.projects[i].roles[r].skill] ?? 0
                if had >= s.projects[i].roles[r].min { s.projects[i].roles[r].max = min(s.projects[i].roles[r].max, had) }
            }
        }
    }

    /// The rule for each touched task, decided before solving from who is free, so that one task that cannot
    /// keep its slot does not loosen the others. A task keeps its slot when its remaining members and enough
    /// free eligible members (not pinned elsewhere in that slot, with hours left) can staff it there; else it
    /// keeps its members in the first other accepted slot where that holds; else it is released. Members
    /// counted as replacements are reserved for that task, so two touched tasks never count on the same one.
    /// Resources are not checked: the solve does, and falls back to releasing every touched task.
    static func keepModes(changed: Scenario, old: Plan, kept: [Int], touched: Set<TaskRef>) -> [TaskRef: ReplanStage] {
        let tasks = TaskSpec.all(in: changed)
        let eligibility = Eligibility(scenario: changed, tasks: tasks)
        var taskIndex: [TaskRef: Int] = [:]
        for (i, t) in tasks.enumerated() { taskIndex[t.ref] = i }
        var memberIndex: [String: Int] = [:]
        for (i, m) in changed.members.enumerated() { memberIndex[m.id] = i }
        struct Busy: Hashable { var member: Int; var slot: Slot }
        var busy: Set<Busy> = []
        var hours = [Double](repeating: 0, count: changed.members.count)
        var remaining: [TaskRef: [Assignment]] = [:]
        for i in kept {
            let a = old.assignments[i]
            guard let m = memberIndex[a.member] else { continue }
            if touched.contains(a.task) { remaining[a.task, default: []].append(a); continue }
            busy.insert(Busy(member: m, slot: a.slot))
            hours[m] += a.hours
        }
        var modes: [TaskRef: ReplanStage] = [:]
        for ref in touched.sorted() {
            guard let t = taskIndex[ref], let stay = remaining[ref], !stay.isEmpty else { modes[ref] = .release; continue }
            let spec = tasks[t]
            func position(_ a: Assignment) -> Int? {
                ref.kind == .need ? 0 : spec.positions.firstIndex { $0.label == a.role }
            }
            func fits(_ m: Int, _ s: Slot) -> Bool {
                !busy.contains(Busy(member: m, slot: s)) && hours[m] + spec.hours <= changed.members[m].maxHours + 1e-9
            }
            /// Reserves the members that staff `ref` in `s`, or returns false and reserves nothing.
            func keep(in s: Slot) -> Bool {
                let options = eligibility.members[t].filter { $0.slot == s }
                var count = [Int](repeating: 0, count: spec.positions.count)
                var taken: [Int] = []
                for a in stay {
                    guard let m = memberIndex[a.member], let p = position(a), fits(m, s),
                          options.contains(where: { $0.member == m && $0.position == p }) else { return false }
                    count[p] += 1
                    taken.append(m)
                }
                for (p, pos) in spec.positions.enumerated() where count[p] < pos.min {
                    for o in options where o.position == p && count[p] < pos.min && !taken.contains(o.member) && fits(o.member, s) {
                        count[p] += 1
                        taken.append(o.member)
                    }
                    if count[p] < pos.min { return false }
                }
                for m in taken { busy.insert(Busy(member: m, slot: s)); hours[m] += spec.hours }
                return true
            }
            let slot = stay[0].slot
            if keep(in: slot) { modes[ref] = .keepSlot }
            else if spec.slots.contains(where: { $0 != slot && keep(in: $0) }) { modes[ref] = .keepTask }
            else { modes[ref] = .release }
        }
        return modes
    }
}

/// What changed between the old plan and the new, and whom to tell.
struct ReplanChanges {
    struct Row {
        var change: String
        var reason: String
        var task: TaskRef
        var member: String = ""
        var oldSlot: Slot?
        var newSlot: Slot?
        var resource: String = ""
    }

    var rows: [Row] = []
    let original: Scenario
    let changed: Scenario
    let untouched: Int

    init(old: Plan, new: Plan, original: Scenario, changed: Scenario, dropped: Set<String>, cancelled: Set<TaskRef>,
         added: Set<TaskRef>, touched: Set<TaskRef>) {
        self.original = original
        self.changed = changed
        struct Key: Hashable { var task: TaskRef; var member: String }
        var before: [Key: Assignment] = [:]
        for a in old.assignments { before[Key(task: a.task, member: a.member)] = a }
        var after: [Key: Assignment] = [:]
        for a in new.assignments { after[Key(task: a.task, member: a.member)] = a }
        var same = 0
        for (k, a) in before {
            if let b = after[k] {
                if a.slot != b.slot || a.role != b.role {
                    rows.append(Row(change: "moved", reason: "slot_changed", task: k.task, member: k.member, oldSlot: a.slot, newSlot: b.slot))
                } else { same += 1 }
            } else {
                let reason = dropped.contains(k.member) ? "member_dropped" : cancelled.contains(k.task) ? "task_cancelled"
                    : touched.contains(k.task) ? "restaffed" : "reassigned"
                rows.append(Row(change: "removed", reason: reason, task: k.task, member: k.member, oldSlot: a.slot))
            }
        }
        for (k, b) in after where before[k] == nil {
            let reason = added.contains(k.task) ? "new_need" : touched.contains(k.task) ? "replacement"
                : old.covered[k.task] == nil ? "newly_covered" : "reassigned"
            rows.append(Row(change: "added", reason: reason, task: k.task, member: k.member, newSlot: b.slot))
        }
        struct BookingKey: Hashable { var task: TaskRef; var resource: String; var slot: Slot }
        let oldBookings = Set(old.bookings.map { BookingKey(task: $0.task, resource: $0.resource, slot: $0.slot) })
        let newBookings = Set(new.bookings.map { BookingKey(task: $0.task, resource: $0.resource, slot: $0.slot) })
        for b in oldBookings.subtracting(newBookings) {
            rows.append(Row(change: "booking_removed", reason: cancelled.contains(b.task) ? "task_cancelled" : new.covered[b.task] == nil ? "task_uncovered" : "rebooked",
                            task: b.task, oldSlot: b.slot, resource: b.resource))
        }
        for b in newBookings.subtracting(oldBookings) {
            rows.append(Row(change: "booking_added", reason: added.contains(b.task) ? "new_need" : old.covered[b.task] == nil ? "newly_covered" : "rebooked",
                            task: b.task, newSlot: b.slot, resource: b.resource))
        }
        let order = ["removed": 0, "moved": 1, "added": 2, "booking_removed": 3, "booking_added": 4]
        rows.sort { ($0.task, order[$0.change]!, $0.member, $0.resource) < ($1.task, order[$1.change]!, $1.member, $1.resource) }
        untouched = same
    }

    func count(_ change: String) -> Int { rows.filter { $0.change == change }.count }

    func countsJSON() -> JSON {
        .object([("unchanged", .integer(untouched)), ("removed", .integer(count("removed"))), ("added", .integer(count("added"))),
                 ("moved", .integer(count("moved"))), ("bookings_removed", .integer(count("booking_removed"))),
                 ("bookings_added", .integer(count("booking_added")))])
    }

    func member(_ id: String) -> Member? { original.members.first { $0.id == id } ?? changed.members.first { $0.id == id } }
    func title(_ t: TaskRef) -> String {
        switch t.kind {
        case .need: return (changed.needs.first { $0.id == t.id } ?? original.needs.first { $0.id == t.id })?.title ?? ""
        case .project: return (changed.projects.first { $0.id == t.id } ?? original.projects.first { $0.id == t.id })?.title ?? ""
        }
    }
    func resourceOwner(_ id: String) -> (unit: String, contact: String) {
        guard let r = original.resources.first(where: { $0.id == id }) ?? changed.resources.first(where: { $0.id == id }) else { return ("", "") }
        return (r.unit, original.units.first { $0.id == r.unit }?.contact ?? "")
    }

    func csv(_ cal: SlotCalendar) -> String {
        var csv = CSVText(header: ["change", "reason", "task_kind", "task_id", "task_title", "member_id", "member_name", "phone",
                                   "old_slot", "new_slot", "resource_id", "unit_id", "contact"])
        for r in rows {
            let m = r.member.isEmpty ? nil : member(r.member)
            let owner = r.resource.isEmpty ? ("", "") : resourceOwner(r.resource)
            csv.row([r.change, r.reason, r.task.kind.rawValue, r.task.id, title(r.task), r.member, m?.name ?? "", m?.phone ?? "",
                     r.oldSlot.map(cal.label) ?? "", r.newSlot.map(cal.label) ?? "", r.resource, owner.0, owner.1])
        }
        return csv.text
    }

    func summary(_ lang: Language, calendar cal: SlotCalendar, output: String, rules: [TaskRef: ReplanStage], fromScratch: Bool) -> String {
        var out: [String] = []
        out.append(lang.pick(
            "\(output)：保留 \(untouched) 项分配不变；取消 \(count("removed")) 项，新增 \(count("added")) 项，改时段 \(count("moved")) 项；资源预订取消 \(count("booking_removed")) 项、新增 \(count("booking_added")) 项",
            "\(output): \(untouched) assignments unchanged; \(count("removed")) removed, \(count("added")) added, \(count("moved")) moved; \(count("booking_removed")) bookings removed, \(count("booking_added")) added"))
        if fromScratch {
            out.append(lang.pick("  从头重排（未固定任何分配）", "  solved from scratch (nothing pinned)"))
        } else if !rules.isEmpty {
            out.append(lang.pick("  受影响的任务：", "  touched tasks: ") + rules.keys.sorted().map { "\($0.id) \(lang.replanStage(rules[$0]!.rawValue))" }.joined(separator: lang.pick("，", ", ")))
        }
        if rows.isEmpty { return out.joined(separator: "\n") + "\n" }
        out.append(lang.pick("需要通知：", "To tell:"))
        for r in rows {
            let task = lang.task(r.task) + (title(r.task).isEmpty ? "" : lang.pick("（\(title(r.task))）", " (\(title(r.task)))"))
            if r.member.isEmpty {
                let owner = resourceOwner(r.resource)
                let who = "\(owner.unit)\(owner.contact.isEmpty ? "" : " " + owner.contact)"
                out.append(r.change == "booking_removed"
                    ? lang.pick("  \(who)：资源 \(r.resource) 不再用于 \(task) \(r.oldSlot.map(cal.label) ?? "")（\(lang.replanReason(r.reason))）",
                                "  \(who): resource \(r.resource) no longer needed for \(task) \(r.oldSlot.map(cal.label) ?? "") (\(lang.replanReason(r.reason)))")
                    : lang.pick("  \(who)：资源 \(r.resource) 用于 \(task) \(r.newSlot.map(cal.label) ?? "")（\(lang.replanReason(r.reason))）",
                                "  \(who): resource \(r.resource) booked for \(task) \(r.newSlot.map(cal.label) ?? "") (\(lang.replanReason(r.reason)))"))
                continue
            }
            let m = member(r.member)
            let who = "\(m?.name.isEmpty == false ? m!.name + " " : "")\(r.member)\(m?.phone.isEmpty == false ? " " + m!.phone : "")"
            switch r.change {
            case "removed":
                out.append(lang.pick("  \(who)：不再服务 \(task) \(r.oldSlot.map(cal.label) ?? "")（\(lang.replanReason(r.reason))）",
                                     "  \(who): no longer serves \(task) \(r.oldSlot.map(cal.label) ?? "") (\(lang.replanReason(r.reason)))"))
            case "added":
                out.append(lang.pick("  \(who)：新安排 \(task) \(r.newSlot.map(cal.label) ?? "")（\(lang.replanReason(r.reason))）",
                                     "  \(who): now serves \(task) \(r.newSlot.map(cal.label) ?? "") (\(lang.replanReason(r.reason)))"))
            default:
                out.append(lang.pick("  \(who)：\(task) 改到 \(r.newSlot.map(cal.label) ?? "")（原 \(r.oldSlot.map(cal.label) ?? "")）",
                                     "  \(who): \(task) moves to \(r.newSlot.map(cal.label) ?? "") (was \(r.oldSlot.map(cal.label) ?? ""))"))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
