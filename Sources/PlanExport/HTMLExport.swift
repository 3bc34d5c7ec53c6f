import CommunityMatch
import Foundation
import PlanIO
import PlanVerify

/// One printable HTML document: a dispatch slip per serving member, the 双报告 report per unit, and the
/// 一信一函 letters — thanks to units whose planned hours meet their pledge, a reminder to those short. Units
/// that pledged nothing and serve nothing get a report but no letter: there is nothing to thank or remind.
///
/// Print CSS sizes pages for A4 and breaks after each slip, report and letter; on screen the pages show as
/// sheets. Residents' names in task titles are masked (see `Masking`). Dates come from the planned week.
public struct HTMLExport {
    public let plan: ExportPlan
    public let templates: [String: Template]

    public init(_ plan: ExportPlan, templates: [String: Template]) { self.plan = plan; self.templates = templates }

    var lang: Language { plan.language }

    /// `2026-11-23 – 2026-11-29`, or the week text when the week is not an ISO week.
    var weekDates: String {
        guard let w = plan.week else { return plan.weekText }
        let a = w.monday, b = w.monday.adding(days: 6)
        return lang.pick("\(a.year)年\(a.month)月\(a.day)日至\(b.month)月\(b.day)日", "\(a.iso) to \(b.iso)")
    }

    /// The date under slips and letters: the Monday of the planned week, when they go out.
    var issueDate: String {
        guard let d = plan.week?.monday else { return "" }
        return lang.pick("\(d.year)年\(d.month)月\(d.day)日", d.iso)
    }

    /// Who signs: the street the plan's communities belong to (the most frequent, ties by name).
    var issuer: String {
        var count: [String: Int] = [:]
        for c in plan.scenario.communities where !c.street.isEmpty { count[c.street, default: 0] += 1 }
        let street = count.keys.sorted { (-count[$0]!, $0) < (-count[$1]!, $1) }.first
        guard let street else { return lang.pick("社区党组织", "The community Party organisation") }
        return lang.pick("\(street)党工委", "\(street) Party Working Committee")
    }

    var common: [String: TemplateValue] {
        ["scenario": .text(plan.document.scenario), "week": .text(plan.weekText), "week_dates": .text(weekDates),
         "issuer": .text(issuer), "issue_date": .text(issueDate)]
    }

    public func document() throws -> String {
        let slips = plan.memberSchedules.map { slip($0.member, $0.assignments) }.joined()
        let reports = plan.document.units.map(report).joined()
        let letters = plan.document.units.compactMap(letter).joined()
        var values = common
        values["title"] = .text(lang.pick("\(plan.document.scenario) 派单与一信一函", "\(plan.document.scenario) slips and letters"))
        values["slips"] = .html(slips)
        values["reports"] = .html(reports)
        values["letters"] = .html(letters)
        return templates["page.html"]!.render(values)
    }

    /// A table of escaped cells; a line break in a cell becomes `<br>`.
    func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var h = "<table>\n<tr>" + header.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr>\n"
        for r in rows {
            h += "<tr>" + r.enumerated().map { i, c in
                "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(HTMLText.escape(c).replacingOccurrences(of: "\n", with: "<br>"))</td>"
            }.joined() + "</tr>\n"
        }
        return h + "</table>\n"
    }

    /// Where a task takes place: its community, and the venue booked for it if any.
    func place(_ a: PlanDocument.AssignmentLine) -> String {
        var place = plan.communityName(plan.community(of: a))
        let venues = plan.bookings(kind: a.taskKind, id: a.taskID).filter { $0.slot == a.slot }
            .filter { plan.resourceKind($0.resource).lowercased() == "venue" }.map { plan.resourceName($0.resource) }
        if !venues.isEmpty { place += lang.pick("，", ", ") + lang.list(venues) }
        return place
    }

    func slip(_ member: String, _ assignments: [PlanDocument.AssignmentLine]) -> String {
        let m = plan.members[member]
        let unit = assignments.first.map(plan.unit(of:)) ?? m?.unit ?? ""
        let rows: [[String]] = assignments.map { a in
            let what = Masking.maskResidentNames(plan.taskTitle(kind: a.taskKind, id: a.taskID))
            let role = a.role.isEmpty ? "" : lang.pick("\n角色：\(plan.roleName(a.role))", "\nrole: \(plan.roleName(a.role))")
            let booked = plan.bookings(kind: a.taskKind, id: a.taskID).filter { $0.slot == a.slot }
                .filter { plan.resourceKind($0.resource).lowercased() != "venue" }.map { plan.resourceName($0.resource) }
            let with = booked.isEmpty ? "" : lang.pick("；使用 ", "; using ") + lang.list(booked)
            let mates = plan.teammates(of: a).map { t -> String in
                let phone = plan.memberPhone(t.member)
                return plan.memberName(t.member) + (phone.isEmpty ? "" : " " + phone)
            }
            return [plan.when(a.slot, lineBreak: true), what + role + with, place(a), plan.number(a.hours),
                    mates.isEmpty ? lang.pick("—", "—") : lang.list(mates)]
        }
        var v = common
        v["member_name"] = .text(plan.memberName(member))
        v["member_id"] = .text(member)
        v["member_phone"] = .text(plan.memberPhone(member))
        v["unit_name"] = .text(plan.unitName(unit))
        let contact = plan.unitContact(unit)
        v["unit_contact"] = .text(contact.isEmpty ? plan.unitName(unit) : "\(plan.unitName(unit)) \(contact)")
        v["home_community"] = .text(m.map { plan.communityName($0.community) } ?? "")
        v["task_count"] = .text(String(assignments.count))
        v["hours_total"] = .text(plan.number(assignments.map(\.hours).reduce(0, +)))
        v["tasks"] = .html(table(lang.pick("时间|服务内容|地点|小时|同组党员及电话", "When|What|Where|Hours|Serving with (phone)")
            .split(separator: "|").map(String.init), rows, numeric: [3]))
        return templates["slip.html"]!.render(v)
    }

    func unitValues(_ l: PlanDocument.UnitLine) -> [String: TemplateValue] {
        let serving = plan.byUnit[l.unit] ?? []
        var names: [String] = []
        for m in Set(serving.map(\.member)).sorted() { names.append(plan.memberName(m)) }
        let lent = plan.lent(by: l.unit)
        var v = common
        v["unit_name"] = .text(plan.unitName(l.unit))
        v["unit_id"] = .text(l.unit)
        v["unit_kind"] = .text(plan.units[l.unit]?.kind ?? "")
        v["unit_contact"] = .text(plan.unitContact(l.unit))
        v["pledge_hours"] = .text(plan.number(l.pledgeHours))
        v["served_hours"] = .text(plan.number(l.servedHours))
        v["shortfall"] = .text(plan.number(l.shortfall))
        v["members_serving"] = .text(String(Set(serving.map(\.member)).count))
        v["member_names"] = .text(names.isEmpty ? lang.pick("无", "none") : lang.list(names))
        v["resources_lent"] = .text(lent.isEmpty ? lang.pick("无", "none") : lang.list(lent))
        return v
    }

    func report(_ l: PlanDocument.UnitLine) -> String {
        var v = unitValues(l)
        let serving = (plan.byUnit[l.unit] ?? [])
            .sorted { ($0.member, plan.slotKey($0.slot), $0.taskID) < ($1.member, plan.slotKey($1.slot), $1.taskID) }
        let rows: [[String]] = serving.map { a in
            [plan.memberName(a.member), plan.when(a.slot, lineBreak: true), Masking.maskResidentNames(plan.taskTitle(kind: a.taskKind, id: a.taskID)),
             plan.communityName(plan.community(of: a)), plan.number(a.hours)]
        }
        v["service"] = .html(rows.isEmpty ? "<p>\(HTMLText.escape(lang.pick("本周没有安排本单位党员服务。", "No member of this unit serves this week.")))</p>\n"
            : table(lang.pick("党员|时间|服务内容|社区|小时", "Member|When|What|Community|Hours").split(separator: "|").map(String.init),
                    rows, numeric: [4]))
        let status: String
        if l.pledgeHours <= 0 {
            status = lang.pick("本单位未作服务时长承诺。", "The unit pledged no hours.")
        } else if l.shortfall <= Tolerance.epsilon {
            status = lang.pick("本周安排已达到承诺（\(plan.number(l.servedHours))/\(plan.number(l.pledgeHours)) 小时）。",
                               "The plan meets the pledge (\(plan.number(l.servedHours))/\(plan.number(l.pledgeHours)) hours).")
        } else {
            status = lang.pick("本周安排未达到承诺，尚差 \(plan.number(l.shortfall)) 小时。",
                               "The plan falls \(plan.number(l.shortfall)) hours short of the pledge.")
        }
        v["pledge_status"] = .text(status)
        return templates["unit-report.html"]!.render(v)
    }

    /// Thanks when the pledge is met (and something was pledged or served), a reminder when short.
    func letter(_ l: PlanDocument.UnitLine) -> String? {
        if l.pledgeHours <= 0 && l.servedHours <= 0 { return nil }
        let name = l.shortfall > Tolerance.epsilon ? "letter-reminder.html" : "letter-thanks.html"
        return templates[name]!.render(unitValues(l))
    }
}
