/// A named part of the day, e.g. `AM` 08:00–12:00; the periods of a week come from scenario.yaml.
public struct Period: Hashable, Sendable, Codable {
    public var name: String
    /// Minutes after midnight.
    public var start: Int
    public var end: Int
    public init(name: String, start: Int, end: Int) {
        self.name = name; self.start = start; self.end = end
    }
    public var hours: Double { Double(end - start) / 60 }

    public static let defaults: [Period] = [
        Period(name: "AM", start: 8 * 60, end: 12 * 60),
        Period(name: "PM", start: 14 * 60, end: 18 * 60),
        Period(name: "EVE", start: 19 * 60, end: 21 * 60),
    ]
}

/// A half-day of the planned week, e.g. `Sat-AM`: a day (0 = Monday) and a period index into the calendar.
public struct Slot: Hashable, Comparable, Sendable, Codable {
    public var day: Int
    public var period: Int
    public init(day: Int, period: Int) { self.day = day; self.period = period }
    public static func < (a: Slot, b: Slot) -> Bool { (a.day, a.period) < (b.day, b.period) }
}

/// The week's slots and how to name and parse them.
public struct SlotCalendar: Hashable, Sendable {
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    public var periods: [Period]

    public init(periods: [Period] = Period.defaults) { self.periods = periods }

    public var allSlots: [Slot] {
        (0..<7).flatMap { d in periods.indices.map { Slot(day: d, period: $0) } }
    }

    public func label(_ slot: Slot) -> String {
        "\(Self.dayNames[slot.day])-\(periods[slot.period].name)"
    }

    public func hours(_ slot: Slot) -> Double { periods[slot.period].hours }

    /// Parses one slot token: `Sat-AM`, `Sat`, `weekend`, `weekday`, `any`, `weekend-EVE`, `weekday-PM`, `any-AM`.
    /// Case-insensitive. Returns nil when the token names no slot.
    public func parse(_ token: String) -> [Slot]? {
        let t = token.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        // Empty parts are kept, so that `-`, `-AM` and `Sat-` are unknown slots rather than an empty list.
        let parts = t.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).lowercased() }
        guard let first = parts.first, let days = Self.days(first) else { return nil }
        var periodIndices = Array(periods.indices)
        if parts.count == 2 {
            guard let p = periods.firstIndex(where: { $0.name.lowercased() == parts[1] }) else { return nil }
            periodIndices = [p]
        }
        return days.flatMap { d in periodIndices.map { Slot(day: d, period: $0) } }
    }

    /// The days a day word names (`Sat`, `weekend`, `周六`…), or nil.
    public static func days(_ word: String) -> [Int]? {
        switch word {
        case "any", "all": return Array(0..<7)
        case "weekend": return [5, 6]
        case "weekday", "weekdays": return Array(0..<5)
        default:
            if let i = dayNames.firstIndex(where: { $0.lowercased() == word }) { return [i] }
            let long = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            if let i = long.firstIndex(of: word) { return [i] }
            let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
            if let i = zh.firstIndex(of: word) { return [i] }
            if word == "周末" { return [5, 6] }
            if word == "工作日" { return Array(0..<5) }
            return nil
        }
    }
}
