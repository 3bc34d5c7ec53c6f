import CommunityMatch

/// The identity of a resolved scenario: SHA-256 of a canonical text of its content.
///
/// Why not hash the files: the same scenario can be written in many byte sequences (row order, GBK or UTF-8,
/// Chinese or English headers, an overlay or a copied folder), and a planner comparing two plans wants to
/// know whether they were solved from the same data. So the text lists every list sorted by id, sets
/// sorted, numbers formatted by `formatNumber`, slots by their labels; it leaves out what does not change
/// a plan's meaning — file positions and row order.
public enum ScenarioHash {
    public static func hex(_ s: Scenario) -> String { SHA256.hex(canonicalText(s)) }

    /// One line per fact, fields separated by U+001F so that no text a user types can forge a boundary.
    public static func canonicalText(_ s: Scenario) -> String {
        let cal = s.settings.calendar
        func slots<C: Collection>(_ c: C) -> String where C.Element == Slot { c.sorted().map(cal.label).joined(separator: "|") }
        func set(_ c: Set<String>) -> String { c.sorted().joined(separator: "|") }
        func n(_ x: Double) -> String { formatNumber(x, decimals: 6) }
        func opt(_ x: Double?) -> String { x.map(n) ?? "" }
        func reqs(_ r: [ResourceRequirement]) -> String { r.map(\.description).joined(separator: "|") }
        var lines: [String] = []
        func line(_ fields: String...) { lines.append(fields.joined(separator: "\u{1F}")) }

        let st = s.settings
        line("format", "cmatch-scenario/1")
        line("name", st.name)
        line("week", st.week)
        line("periods", st.calendar.periods.map { "\($0.name)=\($0.start)-\($0.end)" }.joined(separator: "|"))
        line("travel", n(st.walkingSpeedKmh), n(st.maxTravel))
        line("weights", st.priorityWeights.keys.sorted().map { "\($0)=\(n(st.priorityWeights[$0]!))" }.joined(separator: "|"),
             n(st.vulnerableFactor), n(st.continuityBonus))
        line("objective", st.objective.map(\.rawValue).joined(separator: "|"))
        for c in s.communities.sorted(by: { $0.id < $1.id }) {
            line("community", c.id, c.name, c.street, n(c.lat), n(c.lon))
        }
        for u in s.units.sorted(by: { $0.id < $1.id }) {
            line("unit", u.id, u.name, u.kind, n(u.pledgeHours), u.contact)
        }
        for m in s.members.sorted(by: { $0.id < $1.id }) {
            line("member", m.id, m.name, m.unit, m.community, set(m.skills), slots(m.slots), n(m.maxHours), m.phone)
        }
        for r in s.resources.sorted(by: { $0.id < $1.id }) {
            line("resource", r.id, r.unit, r.kind, r.name, r.community ?? "", n(r.capacity),
                 r.slots.map { slots($0) } ?? "*", opt(r.quantity), set(r.tags))
        }
        for x in s.needs.sorted(by: { $0.id < $1.id }) {
            line("need", x.id, x.community, x.category, x.title, String(x.headcount), n(x.hours), slots(x.slots),
                 set(x.skills), String(x.priority), x.vulnerable ? "yes" : "no", reqs(x.resources),
                 x.preferredMember ?? "", opt(x.maxTravel))
        }
        for p in s.projects.sorted(by: { $0.id < $1.id }) {
            line("project", p.id, p.community, p.title, p.category, slots(p.slots), n(p.hours),
                 p.roles.map { "\($0.skill):\($0.min)-\($0.max)" }.joined(separator: "|"), reqs(p.resources),
                 String(p.beneficiaries), String(p.priority))
        }
        for k in s.travelOverrides.keys.sorted() {
            line("travel_override", k.replacingOccurrences(of: "\u{1F}", with: "→"), n(s.travelOverrides[k]!))
        }
        let pins = s.pins.map { [$0.task.description, $0.member, $0.slot.map(cal.label) ?? ""] }
            .sorted { $0.lexicographicallyPrecedes($1) }
        for p in pins { line("pin", p[0], p[1], p[2]) }
        // Only present when solving with a ledger, so plain scenarios keep the hash they always had.
        for m in s.recentHours.keys.sorted() { line("recent_hours", m, n(s.recentHours[m]!)) }
        return lines.joined(separator: "\n") + "\n"
    }
}
