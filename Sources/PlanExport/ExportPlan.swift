import CommunityMatch
import Foundation
import PlanIO
import PlanVerify

/// Why an export could not be made from a plan that was read: its week, or an edited template, each naming
/// where it came from.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var location: String
    public var message: String
    /// A file that cannot be read at all (exit 66) rather than one whose content is wrong (exit 65).
    public var unreadable: Bool
    /// The message as a catalogue sentence, when it is one; `message` is then its English.
    public var why: Message?
    /// Further errors reported with this one (every bad placeholder of every template), one per line.
    public var more: [ExportError] = []
    public init(_ location: String, _ message: String, unreadable: Bool = false) {
        self.location = location; self.message = message; self.unreadable = unreadable
    }
    public init(_ location: String, _ why: Message, unreadable: Bool = false) {
        self.location = location; self.message = why.text(.en); self.why = why; self.unreadable = unreadable
    }
    public var description: String { text(.en) }
    public func text(_ lang: Language) -> String {
        (["\(location): \(why?.text(lang) ?? message)"] + more.map { $0.text(lang) }).joined(separator: "\n")
    }
}

/// A plan read from plan.json, joined with the scenario it was solved from: plan.json holds ids, hours and
/// slots; names, phones, titles, places and the slot times live in the scenario. Every export reads this one
/// value, so the five formats agree on names, dates and order.
public struct ExportPlan: Sendable {
    public let document: PlanDocument
    public let scenario: Scenario
    public let language: Language
    /// nil when the scenario names no week (or one that does not exist): dates are left out, and the
    /// formats that cannot do without them (ics) refuse.
    public let week: ISOWeek?
    /// The plan.json read, for messages.
    public let source: String

    let communities: [String: Community]
    let members: [String: Member]
    let units: [String: StationedUnit]
    let resources: [String: Resource]
    let needs: [String: Need]
    let projects: [String: Project]
    /// Assignments by task and slot, and bookings by task: slips and calendars look up each assignment's
    /// teammates and resources, which would be quadratic in a city's week by scanning.
    let serving: [String: [PlanDocument.AssignmentLine]]
    let booked: [String: [PlanDocument.BookingLine]]
    /// Each unit's members' assignments, in plan order.
    let byUnit: [String: [PlanDocument.AssignmentLine]]

    public init(document: PlanDocument, scenario: Scenario, language: Language = .zh, source: String = "plan.json") {
        self.document = document
        self.source = source
        self.scenario = scenario
        self.language = language
        let weekText = document.week.isEmpty ? scenario.settings.week : document.week
        week = ISOWeek(weekText)
        func index<T>(_ xs: [T], _ id: KeyPath<T, String>) -> [String: T] {
            Dictionary(xs.map { ($0[keyPath: id], $0) }, uniquingKeysWith: { a, _ in a })
        }
        communities = index(scenario.communities, \.id)
        members = index(scenario.members, \.id)
        units = index(scenario.units, \.id)
        resources = index(scenario.resources, \.id)
        needs = index(scenario.needs, \.id)
        projects = index(scenario.projects, \.id)
        var serving: [String: [PlanDocument.AssignmentLine]] = [:]
        for a in document.assignments { serving[Self.key(a.taskKind, a.taskID, a.slot), default: []].append(a) }
        self.serving = serving
        var booked: [String: [PlanDocument.BookingLine]] = [:]
        for b in document.bookings { booked[Self.key(b.taskKind, b.taskID), default: []].append(b) }
        self.booked = booked
        var byUnit: [String: [PlanDocument.AssignmentLine]] = [:]
        for a in document.assignments { byUnit[a.unit.isEmpty ? (members[a.member]?.unit ?? "") : a.unit, default: []].append(a) }
        self.byUnit = byUnit
    }

    static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1F}") }

    /// The week text as plan.json (or the scenario) gives it.
    public var weekText: String { document.week.isEmpty ? scenario.settings.week : document.week }

    /// Refuses an export that needs dates when the week is missing or not an ISO week.
    public func requireWeek(for format: String) throws -> ISOWeek {
        if let week { return week }
        throw ExportError("\(source): summary.week",
                          weekText.isEmpty ? Message(.exportNoWeek, ["format": format]) : Message(.exportBadWeek, ["week": weekText, "format": format]))
    }

    // MARK: - Lookups with fallbacks: a hand-edited plan may name an id the scenario lacks; show the id.

    var calendar: SlotCalendar { scenario.settings.calendar }

    public func slot(_ label: String) -> Slot? {
        guard let s = calendar.parse(label), s.count == 1 else { return nil }
        return s[0]
    }

    public func communityName(_ id: String) -> String {
        let n = communities[id]?.name ?? ""
        return n.isEmpty ? id : n
    }
    public func memberName(_ id: String) -> String {
        let n = members[id]?.name ?? ""
        return n.isEmpty ? id : n
    }
    public func memberPhone(_ id: String) -> String { members[id]?.phone ?? "" }
    public func unitName(_ id: String) -> String {
        let n = units[id]?.name ?? ""
        return n.isEmpty ? id : n
    }
    public func unitContact(_ id: String) -> String { units[id]?.contact ?? "" }
    public func resourceName(_ id: String) -> String {
        let n = resources[id]?.name ?? ""
        return n.isEmpty ? id : n
    }
    public func resourceKind(_ id: String) -> String { resources[id]?.kind ?? "" }

    public func taskTitle(kind: String, id: String) -> String {
        let t = kind == "project" ? projects[id]?.title : needs[id]?.title
        return (t ?? "").isEmpty ? id : t!
    }
    public func taskCommunity(kind: String, id: String) -> String {
        (kind == "project" ? projects[id]?.community : needs[id]?.community) ?? ""
    }
    public func taskKindName(_ kind: String) -> String {
        switch kind {
        case "need": return language.pick("需求", "need")
        case "project": return language.pick("项目", "project")
        default: return kind
        }
    }
    /// A role's skill: the product's words (`any`, `medical`, …) in the export's language, a street office's
    /// own tag as written.
    public func roleName(_ role: String) -> String { role.isEmpty ? "" : language.term(role) }

    /// The plan.json read back as a Plan, for the reason certificates of the unmet sheet: assignments and
    /// bookings whose slot the calendar knows; a task is covered in the slot of its assignments.
    var documentPlan: Plan {
        var plan = Plan()
        for a in document.assignments {
            guard let kind = TaskKind(rawValue: a.taskKind), let s = slot(a.slot) else { continue }
            let ref = TaskRef(kind, a.taskID)
            plan.assignments.append(Assignment(task: ref, role: a.role, member: a.member, slot: s, hours: a.hours, travelMinutes: a.travelMinutes))
            plan.covered[ref] = s
        }
        for b in document.bookings {
            guard let kind = TaskKind(rawValue: b.taskKind), let s = slot(b.slot) else { continue }
            plan.bookings.append(ResourceBooking(task: TaskRef(kind, b.taskID), requirement: b.requirement - 1, resource: b.resource, slot: s, amount: b.amount))
        }
        return plan
    }

    /// Each unmet task's reason as a sentence in the export's language: the reason code's words, then the
    /// evidence `cmatch explain` gives when its certificate names the same cause (plan.json's `reason` is the
    /// solver's English, kept there for programs).
    public func unmetReasons() -> [TaskRef: String] {
        let refs = document.unmet.compactMap { u in TaskKind(rawValue: u.taskKind).map { TaskRef($0, u.taskID) } }
        let certificates = Explainer(scenario: scenario).certificates(for: documentPlan, tasks: refs)
        var out: [TaskRef: String] = [:]
        let codes = Dictionary(document.unmet.map { ("\($0.taskKind):\($0.taskID)", $0.reasonCode) }, uniquingKeysWith: { a, _ in a })
        for c in certificates {
            let code = codes["\(c.task.kind.rawValue):\(c.task.id)"] ?? ""
            var text = language.reason(code)
            if c.code?.rawValue == code {
                let evidence = c.lines(language, calendar: calendar).dropFirst()
                    .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: language.pick(" ", " "))
                if !evidence.isEmpty { text += language.pick("：", ": ") + evidence }
            }
            out[c.task] = text
        }
        return out
    }

    // MARK: - Time

    static let zhDays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    static let enDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public func dayName(_ day: Int) -> String { language == .zh ? Self.zhDays[day] : Self.enDays[day] }

    public func periodName(_ period: Int) -> String {
        let name = calendar.periods[period].name
        guard language == .zh else { return name }
        switch name.uppercased() {
        case "AM": return "上午"
        case "PM": return "下午"
        case "EVE": return "晚上"
        default: return name
        }
    }

    /// `08:00-12:00`.
    public func times(_ slot: Slot) -> String {
        let p = calendar.periods[slot.period]
        return "\(clock(p.start))-\(clock(p.end))"
    }

    /// The date of a slot as `2026-11-28`, or "" without a week.
    public func date(_ slot: Slot) -> String { week.map { $0.date(of: slot).iso } ?? "" }

    /// For people: `11月28日（周六）上午 08:00-12:00` / `Sat 28 Nov, AM 08:00-12:00`; the slot label when
    /// the plan names a slot the calendar lacks. `lineBreak` puts the period on a line of its own, for
    /// narrow table cells.
    public func when(_ label: String, lineBreak: Bool = false) -> String {
        guard let s = slot(label) else { return label }
        let t = times(s)
        guard let d = week?.date(of: s) else {
            return language.pick("\(dayName(s.day))\(periodName(s.period)) \(t)", "\(dayName(s.day)) \(periodName(s.period)) \(t)")
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return language.pick("\(d.month)月\(d.day)日（\(dayName(s.day))）\(lineBreak ? "\n" : "")\(periodName(s.period)) \(t)",
                             "\(dayName(s.day)) \(d.day) \(months[d.month - 1]),\(lineBreak ? "\n" : " ")\(periodName(s.period)) \(t)")
    }

    /// Slot order for sorting rows by time; slots the calendar lacks go last.
    func slotKey(_ label: String) -> Int {
        guard let s = slot(label) else { return Int.max }
        return s.day * 100 + s.period
    }

    // MARK: - Rows in one order for every format

    /// Assignments by community, then slot, task and member: the order a community's staff read a week.
    public var assignmentsByCommunity: [PlanDocument.AssignmentLine] {
        document.assignments.sorted {
            let ca = community(of: $0), cb = community(of: $1)
            return (ca, slotKey($0.slot), $0.taskKind, $0.taskID, $0.role, $0.member)
                < (cb, slotKey($1.slot), $1.taskKind, $1.taskID, $1.role, $1.member)
        }
    }

    /// The task's community as the plan recorded it, else as the scenario has it.
    public func community(of a: PlanDocument.AssignmentLine) -> String {
        a.community.isEmpty ? taskCommunity(kind: a.taskKind, id: a.taskID) : a.community
    }

    /// A member's unit as the plan recorded it, else the scenario's.
    public func unit(of a: PlanDocument.AssignmentLine) -> String {
        a.unit.isEmpty ? (members[a.member]?.unit ?? "") : a.unit
    }

    /// Members in id order with their assignments in time order: one dispatch slip each.
    public var memberSchedules: [(member: String, assignments: [PlanDocument.AssignmentLine])] {
        var by: [String: [PlanDocument.AssignmentLine]] = [:]
        for a in document.assignments { by[a.member, default: []].append(a) }
        return by.keys.sorted().map { m in
            (m, by[m]!.sorted { (slotKey($0.slot), $0.taskKind, $0.taskID) < (slotKey($1.slot), $1.taskKind, $1.taskID) })
        }
    }

    /// Bookings of one task in one slot.
    func bookings(kind: String, id: String) -> [PlanDocument.BookingLine] {
        booked[Self.key(kind, id)] ?? []
    }

    /// Others serving the same task.
    func teammates(of a: PlanDocument.AssignmentLine) -> [PlanDocument.AssignmentLine] {
        (serving[Self.key(a.taskKind, a.taskID, a.slot)] ?? []).filter { $0.member != a.member }
            .sorted { ($0.member, $0.role) < ($1.member, $1.role) }
    }

    func number(_ x: Double) -> String { formatNumber(x, decimals: 2) }
}

extension ExportPlan {
    /// The modification time of the workbook's zip entries: the Monday of the planned week, 00:00 UTC.
    public var zipDate: Date {
        guard let week else { return XLSXWriter.fallbackDate }
        return Date(timeIntervalSince1970: Double(week.monday.dayNumber) * 86_400)
    }
}
