import CommunityMatch
import Foundation
import PlanIO
import ScenarioIO

/// RFC 5545 content lines: TEXT escaping and folding.
public enum ICalendarText {
    /// TEXT values (3.3.11): backslash, semicolon and comma escaped, a line break written `\n`.
    public static func escape(_ s: String) -> String {
        var out = ""
        var previousCR = false
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default:
                // Other control characters are not allowed in a content line (3.1); drop them.
                if u.value < 0x20 && u != "\t" || u.value == 0x7F { break }
                out.unicodeScalars.append(u)
            }
            previousCR = u == "\r"
        }
        return out
    }

    /// One content line folded (3.1): no line longer than 75 octets before its CRLF, each continuation
    /// starting with a space (which counts toward its 75), and never a break inside a UTF-8 sequence, so every
    /// line stays valid UTF-8 for readers that decode line by line.
    public static func fold(_ line: String) -> String {
        var out = ""
        var current = 0
        let limit = 75
        for u in line.unicodeScalars {
            let n = String(u).utf8.count
            if current + n > limit {
                out += "\r\n "
                current = 1
            }
            out.unicodeScalars.append(u)
            current += n
        }
        return out + "\r\n"
    }
}

/// iCalendar export: one VEVENT per assignment, in local Asia/Shanghai time with a VTIMEZONE (China keeps
/// +08:00 all year), so calendar programs show the slot's own clock time wherever they run.
///
/// Stable, no clock: a UID is the SHA-256 of the scenario's hash (or its name and week when the plan has no
/// hash), the task, the member and the slot, so a re-export of the same plan updates events instead of
/// duplicating them, and a changed assignment gets a new UID. DTSTAMP, which RFC 5545 requires, is the
/// Monday of the planned week at 00:00 Beijing time (16:00 UTC the day before), not the time of export.
public struct ICalendarExport {
    public let plan: ExportPlan
    public init(_ plan: ExportPlan) { self.plan = plan }

    static let vtimezone = [
        "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
    ]

    /// One calendar with every assignment, for the office's own calendar.
    public func all() throws -> String {
        let week = try plan.requireWeek(for: "ics")
        let name = plan.language.pick("\(plan.document.scenario) 派单", "\(plan.document.scenario) assignments")
        return calendar(name: name, plan.assignmentsByCommunity, week: week, withMemberName: true)
    }

    /// One calendar per member who serves, named `MEMBER.ics` (the id, with characters a file name cannot
    /// hold replaced by `_`).
    public func perMember() throws -> [(name: String, text: String)] {
        let week = try plan.requireWeek(for: "ics")
        var used: Set<String> = []
        return plan.memberSchedules.map { m in
            var file = Self.fileName(m.member)
            while used.contains(file.lowercased()) { file = "_" + file }
            used.insert(file.lowercased())
            let name = plan.language.pick("\(plan.memberName(m.member)) 服务安排", "\(plan.memberName(m.member)) service")
            return (file + ".ics", calendar(name: name, m.assignments, week: week, withMemberName: false))
        }
    }

    static func fileName(_ id: String) -> String {
        let cleaned = String(id.unicodeScalars.map { u -> Character in
            u == "/" || u == "\\" || u == ":" || u.value < 0x20 || u == "*" || u == "?" || u == "\"" || u == "<" || u == ">" || u == "|"
                ? "_" : Character(u)
        })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "_" + cleaned : cleaned
    }

    func calendar(name: String, _ assignments: [PlanDocument.AssignmentLine], week: ISOWeek, withMemberName: Bool) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CommunityMatch//cmatch export//ZH", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + ICalendarText.escape(name), "X-WR-TIMEZONE:Asia/Shanghai"]
        lines += Self.vtimezone
        for a in assignments { lines += event(a, week: week, withMemberName: withMemberName) }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).joined()
    }

    /// `<hex>@cmatch`: the same plan gives the same UID for the same member, task and slot.
    public func uid(_ a: PlanDocument.AssignmentLine) -> String {
        let basis = plan.document.scenarioHash ?? "\(plan.document.scenario)\u{1F}\(plan.weekText)"
        let key = [basis, a.taskKind, a.taskID, a.role, a.member, a.slot].joined(separator: "\u{1F}")
        return String(SHA256.hex(key).prefix(32)) + "@cmatch"
    }

    /// DTSTAMP: Monday 00:00 in Beijing, written in UTC as RFC 5545 requires.
    func stamp(_ week: ISOWeek) -> String { week.monday.adding(days: -1).compact + "T160000Z" }

    func event(_ a: PlanDocument.AssignmentLine, week: ISOWeek, withMemberName: Bool) -> [String] {
        let p = plan, lang = p.language
        guard let s = p.slot(a.slot) else { return [] }
        let period = p.scenario.settings.calendar.periods[s.period]
        let date = week.date(of: s)
        // A period that runs past midnight ends on the next day.
        let endDate = period.end >= 24 * 60 ? date.adding(days: period.end / (24 * 60)) : date
        let endMinutes = period.end % (24 * 60)
        let title = Masking.maskResidentNames(p.taskTitle(kind: a.taskKind, id: a.taskID))
        let c = p.community(of: a)
        var place = p.communityName(c)
        let venues = p.bookings(kind: a.taskKind, id: a.taskID).filter { $0.slot == a.slot }
            .filter { p.resourceKind($0.resource).lowercased() == "venue" }.map { p.resourceName($0.resource) }
        if !venues.isEmpty { place += " " + lang.list(venues) }
        var desc: [String] = []
        desc.append(lang.pick("本时段内服务 \(p.number(a.hours)) 小时", "\(p.number(a.hours)) hours of service within the slot"))
        if !a.role.isEmpty { desc.append(lang.pick("角色：", "role: ") + p.roleName(a.role)) }
        let mates = p.teammates(of: a).map { t -> String in
            let phone = p.memberPhone(t.member)
            return p.memberName(t.member) + (phone.isEmpty ? "" : " " + phone)
        }
        if !mates.isEmpty { desc.append(lang.pick("同组：", "with: ") + lang.list(mates)) }
        let u = p.unit(of: a), contact = p.unitContact(u)
        if !contact.isEmpty { desc.append(lang.pick("如需调整请联系：", "to change, call: ") + "\(p.unitName(u)) \(contact)") }
        let who = p.memberName(a.member)
        return [
            "BEGIN:VEVENT",
            "UID:" + uid(a),
            "DTSTAMP:" + stamp(week),
            "DTSTART;TZID=Asia/Shanghai:\(date.compact)T\(pad(period.start / 60))\(pad(period.start % 60))00",
            "DTEND;TZID=Asia/Shanghai:\(endDate.compact)T\(pad(endMinutes / 60))\(pad(endMinutes % 60))00",
            "SUMMARY:" + ICalendarText.escape(withMemberName ? "\(who)：\(title)" : title),
            "LOCATION:" + ICalendarText.escape(place),
            "DESCRIPTION:" + ICalendarText.escape(desc.joined(separator: "\n")),
            "CATEGORIES:" + ICalendarText.escape(p.taskKindName(a.taskKind)),
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    }
}
