import CommunityMatch
import Foundation

/// A calendar day, computed with integer arithmetic rather than Foundation's `Calendar`, whose answers
/// depend on the machine's time zone and locale: the same plan must give the same dates everywhere.
public struct CivilDate: Hashable, Sendable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// `2026-11-23`.
    public var iso: String { "\(year)-\(pad(month))-\(pad(day))" }
    /// `20261123`, as iCalendar writes dates.
    public var compact: String { "\(year)\(pad(month))\(pad(day))" }
}

func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// The ISO week a scenario plans (`week: 2026-W48`): exports take every date from it, never from the clock.
public struct ISOWeek: Hashable, Sendable {
    public var year: Int
    public var week: Int

    /// Parses `YYYY-Www` (also `YYYYWww`, lower-case w); nil when the text is not an ISO week that exists.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "-", with: "")
        guard t.count == 7, let w = t.firstIndex(of: "W"), t.distance(from: t.startIndex, to: w) == 4,
              let y = Int(t[..<w]), let n = Int(t[t.index(after: w)...]), y >= 1900, y <= 9999 else { return nil }
        guard n >= 1, n <= ISOWeek.weeks(in: y) else { return nil }
        year = y; week = n
    }

    /// 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year.
    public static func weeks(in year: Int) -> Int {
        let jan1 = CivilDate(year: year, month: 1, day: 1).weekday
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return jan1 == 3 || (leap && jan1 == 2) ? 53 : 52
    }

    /// The Monday of the week: week 1 is the week holding 4 January.
    public var monday: CivilDate {
        let jan4 = CivilDate(year: year, month: 1, day: 4)
        return jan4.adding(days: -jan4.weekday + (week - 1) * 7)
    }

    /// The date of a slot's day (0 = Monday).
    public func date(of slot: Slot) -> CivilDate { monday.adding(days: slot.day) }

    public var label: String { "\(year)-W\(pad(week))" }
}

/// `08:00` from minutes after midnight.
func clock(_ minutes: Int) -> String { "\(pad(minutes / 60)):\(pad(minutes % 60))" }
