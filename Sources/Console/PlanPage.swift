import CommunityMatch
import Foundation
import PlanExport
import PlanIO

/// The plan's page: summary, map, week grid, by community, by member, by unit, unmet with reasons,
/// adjust, what-if, out. Residents' names in titles are masked as on the slips.
enum PlanPage {
    struct Loaded {
        var info: Workspace.PlanInfo
        var doc: PlanDocument
        var scenario: Scenario
        var view: ExportPlan
    }

    static func load(_ console: Console, id: String, lang: Language) -> Loaded? {
        guard let info = console.workspace.planInfo(id), let doc = console.planDocument(id),
              case .ok(let s, _)? = console.scenario(week: info.week) else { return nil }
        return Loaded(info: info, doc: doc, scenario: s, view: Operations.view(document: doc, scenario: s, lang: lang))
    }

    static func num(_ x: Double) -> String { Operations.number(x) }

    static func render(_ console: Console, id: String, lang: Language) -> String? {
        guard let p = load(console, id: id, lang: lang) else { return nil }
        let doc = p.doc, s = p.scenario, v = p.view
        let membersByID = Dictionary(s.members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var ctx: [String: Any] = [
            "id": id, "planID": id, "week": p.info.week, "scenario": doc.scenario, "isoWeek": doc.week, "status": doc.status,
            "covered": String(doc.tasks.covered), "tasks": String(doc.tasks.tasks), "coveredValue": num(doc.tasks.coveredValue),
            "unmetCount": String(doc.unmet.count),
            "levels": doc.levels.map { ["level": $0.level, "value": num($0.value), "bound": num($0.bound), "gap": String(format: "%.3f%%", $0.gap * 100)] },
        ]
        if p.info.verified { ctx["verified"] = true }
        if let f = p.info.from { ctx["from"] = f }
        if let c = p.info.compareWith { ctx["compareWith"] = c }
        if let changes = p.info.changes {
            ctx["changes"] = changes.map { ["kind": $0.kind, "task": $0.task, "member": $0.member, "slots": $0.slots, "note": $0.note] }
        }

        // By community.
        let tasksByCommunity = Dictionary(grouping: s.needs.map { ($0.community, TaskRef(.need, $0.id)) } + s.projects.map { ($0.community, TaskRef(.project, $0.id)) }, by: \.0)
        let unmetByCommunity = Dictionary(grouping: doc.unmet, by: \.community)
        ctx["communities"] = s.communities.map { c -> [String: Any] in
            let cov = doc.byCommunity[c.id]
            return ["name": lang.named(c.id, c.name), "tasks": String(tasksByCommunity[c.id]?.count ?? 0), "covered": String(cov?.covered ?? 0),
                    "unmet": String(unmetByCommunity[c.id]?.count ?? 0), "value": num(cov?.coveredValue ?? 0)]
        }
        ctx["assignments"] = v.assignmentsByCommunity.map { a -> [String: Any] in
            ["community": v.communityName(a.community), "when": v.when(a.slot), "task": a.taskID,
             "title": Operations.masked(v.taskTitle(kind: a.taskKind, id: a.taskID)), "role": v.roleName(a.role),
             "member": a.member, "memberName": lang.named(a.member, v.memberName(a.member)), "hours": num(a.hours), "planID": id]
        }

        // By member.
        let byMember = Dictionary(grouping: doc.assignments, by: \.member)
        ctx["members"] = byMember.keys.sorted().map { m -> [String: Any] in
            let rows = byMember[m]!
            let member = membersByID[m]
            return ["id": m, "name": v.memberName(m), "unit": member.map { v.unitName($0.unit) } ?? "", "community": member.map { v.communityName($0.community) } ?? "",
                    "tasks": String(rows.count), "hours": num(rows.map(\.hours).reduce(0, +)), "planID": id]
        }

        // By unit, with bars against the largest figure.
        let top = max(1, doc.units.map { max($0.pledgeHours, $0.servedHours) }.max() ?? 1)
        ctx["units"] = doc.units.map { u -> [String: Any] in
            ["name": lang.named(u.unit, v.unitName(u.unit)), "pledged": num(u.pledgeHours), "served": num(u.servedHours), "shortfall": num(u.shortfall),
             "pledgeWidth": String(Int(u.pledgeHours / top * 100)), "serveWidth": String(Int(u.servedHours / top * 100))]
        }

        // Unmet, with the reason in the words of cmatch explain.
        let reasons = v.unmetReasons()
        ctx["unmet"] = doc.unmet.map { u -> [String: Any] in
            let ref = TaskRef(TaskKind(rawValue: u.taskKind) ?? .need, u.taskID)
            return ["task": u.taskID, "title": Operations.masked(v.taskTitle(kind: u.taskKind, id: u.taskID)), "community": v.communityName(u.community),
                    "priority": String(u.priority), "value": num(u.value), "code": u.reasonCode, "reason": reasons[ref] ?? u.reason]
        }

        // The week as days × periods.
        let cal = s.settings.calendar
        var counts: [String: Int] = [:]
        for a in doc.assignments { counts[a.slot, default: 0] += 1 }
        let most = max(1, counts.values.max() ?? 1)
        ctx["gridDays"] = (0..<7).map { v.dayName($0) }
        ctx["gridRows"] = cal.periods.indices.map { pi -> [String: Any] in
            ["period": v.periodName(pi), "cells": (0..<7).map { d -> [String: Any] in
                let n = counts[cal.label(Slot(day: d, period: pi))] ?? 0
                return ["count": n == 0 ? "" : String(n), "alpha": String(format: "%.2f", Double(n) / Double(most) * 0.6)]
            }]
        }
        ctx["mapSVG"] = mapSVG(s, doc, lang: lang)

        // Adjust and what-if choices.
        ctx["needOptions"] = s.needs.map { ["id": $0.id, "title": Operations.masked($0.title)] }
        ctx["taskOptions"] = s.needs.map { ["id": $0.id, "title": Operations.masked($0.title)] } + s.projects.map { ["id": $0.id, "title": $0.title] }
        ctx["memberOptions"] = s.members.map { ["id": $0.id, "name": $0.name] }
        ctx["unitOptions"] = s.units.map { ["id": $0.id, "name": $0.name] }
        ctx["categoryOptions"] = Array(Set(s.needs.map(\.category))).sorted()
        ctx["exports"] = Operations.ExportFormat.allCases.map { ["format": $0.rawValue, "label": PageStrings.get($0.rawValue, lang), "planID": id] }
        return console.render("plan", ctx, lang: lang, title: "\(PageStrings.get("plan", lang)) \(id)")
    }

    static func memberWeek(_ console: Console, id: String, member: String, lang: Language) -> String? {
        guard let p = load(console, id: id, lang: lang), let m = p.scenario.members.first(where: { $0.id == member }) else { return nil }
        let v = p.view
        let cal = p.scenario.settings.calendar
        let rows = p.doc.assignments.filter { $0.member == member }
            .sorted { (cal.parse($0.slot)?.first ?? Slot(day: 9, period: 9)) < (cal.parse($1.slot)?.first ?? Slot(day: 9, period: 9)) }
        let ctx: [String: Any] = [
            "id": m.id, "name": m.name, "unit": v.unitName(m.unit), "community": v.communityName(m.community), "planID": id,
            "hours": num(rows.map(\.hours).reduce(0, +)),
            "rows": rows.map { a -> [String: Any] in
                ["when": v.when(a.slot), "task": a.taskID, "title": Operations.masked(v.taskTitle(kind: a.taskKind, id: a.taskID)),
                 "community": v.communityName(a.community), "role": v.roleName(a.role), "hours": num(a.hours), "travel": num(a.travelMinutes)]
            },
        ]
        return console.render("member", ctx, lang: lang, title: "\(m.id)")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The street drawn from the communities' coordinates (no tiles): each community a pie of covered against
    /// unmet tasks, and a dashed circle of the distance walked in the service circle's minutes.
    static func mapSVG(_ s: Scenario, _ doc: PlanDocument, lang: Language) -> String {
        let cs = s.communities
        guard !cs.isEmpty else { return "" }
        let w = 720.0, h = 420.0, pad = 70.0
        let lat0 = cs.map(\.lat).reduce(0, +) / Double(cs.count)
        let kx = 111.32 * cos(lat0 * .pi / 180), ky = 110.57   // km per degree
        let xs = cs.map { $0.lon * kx }, ys = cs.map { $0.lat * ky }
        let radiusKm = s.settings.walkingSpeedKmh * s.settings.maxTravel / 60
        let spanX = (xs.max()! - xs.min()!) + 2 * radiusKm + 0.1, spanY = (ys.max()! - ys.min()!) + 2 * radiusKm + 0.1
        let scale = min((w - 2 * pad) / spanX, (h - 2 * pad) / spanY)
        let cx = (xs.max()! + xs.min()!) / 2, cy = (ys.max()! + ys.min()!) / 2
        func px(_ x: Double) -> Double { w / 2 + (x - cx) * scale }
        func py(_ y: Double) -> Double { h / 2 - (y - cy) * scale }
        let unmetByCommunity = Dictionary(grouping: doc.unmet, by: \.community)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"100%\" role=\"img\" id=\"street-map\" style=\"max-width:\(Int(w))px;background:#f8fafc\">"
        let r = radiusKm * scale
        for (i, c) in cs.enumerated() {
            out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#1f6feb\" stroke-dasharray=\"4 4\" stroke-opacity=\"0.5\"/>", px(xs[i]), py(ys[i]), r)
            _ = c
        }
        for (i, c) in cs.enumerated() {
            let covered = doc.byCommunity[c.id]?.covered ?? 0
            let unmet = unmetByCommunity[c.id]?.count ?? 0
            let total = max(1, covered + unmet)
            let size = 10 + min(20, Double(total).squareRoot() * 3)
            let x = px(xs[i]), y = py(ys[i])
            out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#b3261e\"/>", x, y, size)
            if covered > 0 {
                let f = Double(covered) / Double(total)
                if f >= 0.999 {
                    out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#137333\"/>", x, y, size)
                } else {
                    let a = 2 * Double.pi * f
                    let ex = x + size * sin(a), ey = y - size * cos(a)
                    out += String(format: "<path d=\"M%.1f %.1f L%.1f %.1f A%.1f %.1f 0 %d 1 %.1f %.1f Z\" fill=\"#137333\"/>", x, y, x, y - size, size, size, f > 0.5 ? 1 : 0, ex, ey)
                }
            }
            let label = escape(lang.named(c.id, c.name))
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\">", x, y + size + 15) + label + "</text>"
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">", x, y + size + 29) + "\(covered)/\(covered + unmet)</text>"
        }
        return out + "</svg>"
    }
}
