import CommunityMatch

/// What Excel and WPS do to a cell behind a person's back, recognised so that a message can say what
/// happened and how to undo it, instead of only that the value is wrong.
///
/// Nothing here changes a value: a cell Excel damaged has lost what was typed, and guessing it back would
/// put a wrong plan in front of people who trust it. (Full-width characters are different: they are what
/// was typed, and the readers normalise them where the vocabulary is fixed, such as numbers and slots.)
enum ExcelDamage {
    /// Spreadsheet error values, which a formula leaves in a cell when it fails.
    static let errorValues: Set<String> = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!",
                                           "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!"]

    static func isErrorValue(_ s: String) -> Bool { errorValues.contains(s.uppercased()) }

    /// Why a cell that should hold a number does not parse, when the cause is recognisable; nil otherwise.
    static func numberHint(_ raw: String) -> Message? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("=") {
            return Message(.hintFormula)
        }
        if looksLikeTime(s) {
            return Message(.hintTimeOfDay)
        }
        if looksLikeDate(s) {
            return Message(.hintDate)
        }
        return nil
    }

    /// A whole number in the range of Excel's date serials (1982–2099) where the column expects far less is most
    /// likely a date cell re-formatted as a number; the date it stands for helps a person find where it came from.
    static func serialHint(_ value: Double, columnMaximum: Double) -> Message? {
        guard columnMaximum < 30_000, value == value.rounded(), value >= 30_000, value <= 73_050 else { return nil }
        return Message(.hintExcelSerial, ["value": formatNumber(value), "date": serialDate(Int(value))])
    }

    /// Excel's 1900 date system: serial 1 is 1900-01-01 and, because of the fictitious 1900-02-29 Excel keeps
    /// for Lotus compatibility, every serial from 61 on is days since 1899-12-30. Civil-from-days arithmetic,
    /// so no calendar or time zone is involved.
    static func serialDate(_ serial: Int) -> String {
        // Days from 1970-01-01: 1899-12-30 is 25,569 days before it.
        let z = serial - 25_569 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The ways Excel and WPS display a date in a saved CSV: `2026/3/1`, `2026-03-01`, `3/1/2026`, `3月1日`,
    /// `2026年3月1日`, `1-Mar`, `Mar-26`, `1-Mar-26`.
    static func looksLikeDate(_ s: String) -> Bool {
        if s.isEmpty || s.count > 20 { return false }
        if s.hasSuffix("日"), s.contains("月") {
            let digits = s.filter { !"年月日".contains($0) }
            return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
        }
        for separator: Character in ["/", "-"] {
            let parts = s.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3 else { continue }
            let numeric = parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }
            if numeric && parts.count == 3 { return true }
            if numeric && separator == "/" { return true }
            let words = parts.filter { monthNames.contains($0.lowercased()) }.count
            let numbers = parts.filter { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }.count
            if words == 1 && words + numbers == parts.count { return true }
        }
        return false
    }

    /// `2:00`, `1:30`, `02:00:00`.
    static func looksLikeTime(_ s: String) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return false }
        return parts.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// Id columns hold free text, so a date-looking id may be real; a warning tells a person where to look when
    /// a reference to it later fails.
    static func idHint(_ s: String) -> Message? {
        guard looksLikeDate(s) else { return nil }
        return Message(.idLooksLikeDate, ["value": s])
    }

    /// The half-width form of a text typed with a Chinese input method in full-width mode (`Ｃ１` → `C1`), or
    /// nil when it has no full-width characters.
    static func halfWidthVariant(_ s: String) -> String? {
        guard s.unicodeScalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) || $0.value == 0x3000 }) else {
            return nil
        }
        return RowReader.halfWidth(s)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension ScenarioBuilder {
    /// The columns no typed reader looks at closely (ids, numbers, slots, roles and requirements report their
    /// own bad cells). A spreadsheet error in one of them would otherwise reach dispatch slips as `#N/A`.
    static let freeTextColumns: Set<String> = ["name", "street", "title", "category", "skills", "tags", "contact", "phone"]

    mutating func checkTextCells(_ table: ResolvedTable) {
        let columns = table.index.filter { Self.freeTextColumns.contains($0.key) }.sorted { $0.value < $1.value }
        guard !columns.isEmpty else { return }
        for row in table.rows {
            for (name, _) in columns {
                let text = row.text(name)
                if ExcelDamage.isErrorValue(text) {
                    log.error(row.location(name), Message(.textSpreadsheetError, ["column": name, "value": text]))
                } else if name == "phone" || name == "contact", RowReader.looksLikeExcelScientific(text) {
                    // Only a warning: no rule of the plan reads a phone number, but a dispatch slip would print it.
                    log.warning(row.location(name), Message(.textScientific, ["column": name, "value": text]))
                }
            }
        }
    }
}
