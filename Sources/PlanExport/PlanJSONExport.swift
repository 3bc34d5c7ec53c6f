import CommunityMatch
import PlanIO

/// The plan for other systems: plan.json's lines joined with the names, dates and times a receiving system
/// would otherwise look up in the scenario. Keys in a fixed order, numbers in the one format of
/// `formatNumber`, ids as strings; `format` names the shape so a consumer can check it.
extension ExportPlan {
    public var json: JSON {
        let d = document
        func slotPairs(_ label: String) -> [(String, JSON)] {
            guard let s = slot(label) else { return [("slot", .string(label))] }
            let p = calendar.periods[s.period]
            return [("slot", .string(label)), ("date", week.map { .string($0.date(of: s).iso) } ?? .null),
                    ("start", .string(clock(p.start))), ("end", .string(clock(p.end)))]
        }
        var head: [(String, JSON)] = [
            ("format", .string("cmatch-export/1")),
            ("scenario", .string(d.scenario)),
            ("week", .string(weekText)),
        ]
        if let week {
            head.append(("week_start", .string(week.monday.iso)))
            head.append(("week_end", .string(week.monday.adding(days: 6).iso)))
        }
        if let h = d.scenarioHash { head.append(("scenario_hash", .string(h))) }
        head.append(("status", .string(d.status)))
        let assignments: [JSON] = assignmentsByCommunity.map { a in
            let c = community(of: a), u = unit(of: a)
            return .object([
                ("community_id", .string(c)), ("community", .string(communityName(c))),
            ] + slotPairs(a.slot) + [
                ("task_kind", .string(a.taskKind)), ("task_id", .string(a.taskID)),
                ("task", .string(taskTitle(kind: a.taskKind, id: a.taskID))), ("role", .string(a.role)),
                ("member_id", .string(a.member)), ("member_name", .string(a.memberName.isEmpty ? memberName(a.member) : a.memberName)),
                ("phone", .string(memberPhone(a.member))), ("unit_id", .string(u)), ("unit", .string(unitName(u))),
                ("hours", .number(a.hours)), ("travel_minutes", .number(a.travelMinutes)),
            ])
        }
        let unmet: [JSON] = d.unmet.map { u in
            .object([("task_kind", .string(u.taskKind)), ("task_id", .string(u.taskID)),
                     ("task", .string(taskTitle(kind: u.taskKind, id: u.taskID))), ("community_id", .string(u.community)),
                     ("community", .string(communityName(u.community))), ("priority", .integer(u.priority)),
                     ("value", .number(u.value)), ("reason_code", .string(u.reasonCode)), ("reason", .string(u.reason))])
        }
        let units: [JSON] = d.units.map { l in
            .object([("unit_id", .string(l.unit)), ("unit", .string(unitName(l.unit))), ("contact", .string(unitContact(l.unit))),
                     ("pledge_hours", .number(l.pledgeHours)), ("served_hours", .number(l.servedHours)),
                     ("shortfall", .number(l.shortfall)), ("members_serving", .integer(l.membersServing)),
                     ("resources_lent", .integer(l.resourcesLent))])
        }
        let bookings: [JSON] = d.bookings.map { b in
            let u = b.unit.isEmpty ? resources[b.resource]?.unit ?? "" : b.unit
            return .object([("task_kind", .string(b.taskKind)), ("task_id", .string(b.taskID)),
                            ("task", .string(taskTitle(kind: b.taskKind, id: b.taskID))), ("requirement", .integer(b.requirement)),
                            ("resource_id", .string(b.resource)), ("resource", .string(resourceName(b.resource))),
                            ("kind", .string(resourceKind(b.resource))), ("unit_id", .string(u)), ("unit", .string(unitName(u)))]
                           + slotPairs(b.slot) + [("amount", .number(b.amount))])
        }
        return .object(head + [("assignments", .array(assignments)), ("unmet", .array(unmet)),
                               ("units", .array(units)), ("resources", .array(bookings))])
    }
}
