/// Where a value came from, so every message can send a person back to the cell they typed.
///
/// In a workbook, `sheet` names the sheet, `line` is the row and `column` the 1-based column, and the place
/// prints the way Excel users write it, `week.xlsx:needs!F3`, instead of `file:line:column`, which would make
/// them count columns.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The workbook sheet the cell is on; nil for text files.
    public var sheet: String?

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public init(file: String, sheet: String, row: Int, column: Int) {
        self.file = file
        self.sheet = sheet
        self.line = row
        self.column = column
    }

    public var description: String {
        if let sheet {
            if line == 0 { return "\(file):\(sheet)" }
            return "\(file):\(sheet)!\(cell)"
        }
        if line == 0 { return file }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    /// `F3`: the cell reference of a workbook place (`3` for a whole row, column 0).
    public var cell: String {
        var n = column, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters + String(line)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.sheet ?? "", a.line, a.column) < (b.file, b.sheet ?? "", b.line, b.column)
    }
}

/// One problem (or warning) found in the input, with the place it came from. The message is a key of the
/// catalogue (`MessageKey`), so the same place reads in Chinese or English (`text(_:)`).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var location: SourceLocation
    public var severity: Severity
    public var text: Message

    public init(_ severity: Severity, at location: SourceLocation, _ message: Message) {
        self.severity = severity
        self.location = location
        self.text = message
    }

    public static func error(_ location: SourceLocation, _ message: Message) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: Message) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// The message in English (what tests and logs compare against).
    public var message: String { text.text(.en) }

    /// `file:line:column: message` in `lang`, the form editors and people both read; the place is the same in
    /// both languages.
    public func text(_ lang: Language) -> String {
        let body = text.text(lang)
        return severity == .warning ? "\(location): \(lang(.warningPrefix))\(body)" : "\(location): \(body)"
    }

    /// In English.
    public var description: String { text(.en) }
}

/// Collects problems so that a reader can report every one at once instead of stopping at the first.
public struct DiagnosticLog: Sendable {
    public private(set) var items: [Diagnostic] = []
    public init() {}
    public mutating func error(_ location: SourceLocation, _ message: Message) {
        items.append(.error(location, message))
    }
    public mutating func warning(_ location: SourceLocation, _ message: Message) {
        items.append(.warning(location, message))
    }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    /// Sorted by place, so the same input always prints the same report.
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            a.element.location != b.element.location ? a.element.location < b.element.location : a.offset < b.offset
        }.map(\.element)
    }
}

/// Thrown when input data is wrong; carries every problem found (exit code 65).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Thrown when an input file cannot be read at all (exit code 66). `reason` is the system's own words (an
/// errno text) unless `why` gives a sentence of the catalogue.
public struct UnreadableInput: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var why: Message?
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public init(path: String, _ why: Message) { self.path = path; self.reason = why.text(.en); self.why = why }
    public func text(_ lang: Language) -> String {
        lang(.cannotBeRead, ["path": path, "reason": why?.text(lang) ?? reason])
    }
    public var description: String { text(.en) }
}
