import Foundation

/// An ISO 8601 week such as `2026-W48`: the week a scenario plans, the ledger's unit of time, and where every
/// date on an export comes from.
///
/// Why our own arithmetic instead of Foundation's `Calendar`: its answers depend on the machine's time zone
/// and locale, and nothing here may depend on the clock either; every date needed (a slot's day, the month a
/// week belongs to, the four weeks before another) follows from the week number alone.
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    public init?(year: Int, week: Int) {
        guard (1...9999).contains(year), week >= 1, week <= Self.weeks(in: year) else { return nil }
        self.year = year; self.week = week
    }

    /// Parses `2026-W48` (also `2026-w48` and `2026W48`); nil when it is not a week that exists.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = t.replacingOccurrences(of: "-W", with: "W").split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
              let y = Int(parts[0]), let w = Int(parts[1]) else { return nil }
        self.init(year: y, week: w)
    }

    /// `2026-W48`, zero-padded, so that text order is time order (the ledger's SQL relies on it).
    public var description: String {
        "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }

    /// The week `n` weeks later (earlier for negative `n`), across year ends.
    public func adding(weeks n: Int) -> ISOWeek {
        let day = Self.dayNumber(ofMondayOf: year, week) + 7 * n
        return Self.week(containing: day)
    }

    /// The calendar date of a day of this week (0 = Monday).
    public func date(ofDay d: Int) -> CivilDate {
        CivilDate(dayNumber: Self.dayNumber(ofMondayOf: year, week) + d)
    }

    /// The Monday of the week: week 1 is the week holding 4 January.
    public var monday: CivilDate { date(ofDay: 0) }

    /// The date of a slot's day.
    public func date(of slot: Slot) -> CivilDate { date(ofDay: slot.day) }

    /// `2026-W48`.
    public var label: String { description }

    /// The month this week belongs to for monthly figures: the month of its Thursday, as ISO 8601 assigns a
    /// week to a year. A week never splits between two months of the report.
    public var month: String { date(ofDay: 3).yearMonth }

    // MARK: - Day arithmetic (days since 1970-01-01, proleptic Gregorian)

    public static func weeks(in year: Int) -> Int {
        // A year has 53 weeks when it starts on a Thursday, or is a leap year starting on a Wednesday.
        func p(_ y: Int) -> Int { (y + y / 4 - y / 100 + y / 400) % 7 }
        return (p(year) == 4 || p(year - 1) == 3) ? 53 : 52
    }

    /// Monday = 0 … Sunday = 6.
    static func weekday(_ dayNumber: Int) -> Int { ((dayNumber % 7) + 7 + 3) % 7 }

    static func dayNumber(ofMondayOf year: Int, _ week: Int) -> Int {
        // Week 1 holds 4 January.
        let jan4 = CivilDate(year: year, month: 1, day: 4).dayNumber
        return jan4 - weekday(jan4) + 7 * (week - 1)
    }

    static func week(containing day: Int) -> ISOWeek {
        let thursday = day - weekday(day) + 3
        let y = CivilDate(dayNumber: thursday).year
        let w = (thursday - dayNumber(ofMondayOf: y, 1)) / 7 + 1
        return ISOWeek(year: y, week: w)!
    }
}

/// A day of the calendar, without time or zone.
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// From days since 1970-01-01 (Howard Hinnant's civil_from_days).
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { ISOWeek.weekday(dayNumber) }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// `2026-11-28`.
    public var iso: String { description }

    /// `20261128`, as iCalendar writes dates.
    public var compact: String { "\(year)\(month < 10 ? "0" : "")\(month)\(day < 10 ? "0" : "")\(day)" }

    /// `2026-11`.
    public var yearMonth: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// `2026-11-28`.
    public var description: String { "\(yearMonth)-\(day < 10 ? "0" : "")\(day)" }
}
