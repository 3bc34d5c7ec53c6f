import CommunityMatch
import Foundation

/// A value put into a template: text is HTML-escaped; `.html` is markup cmatch built itself from escaped
/// pieces (the tables of a slip or a report), never text from a file.
public enum TemplateValue: Sendable {
    case text(String)
    case html(String)
}

/// `{{name}}` substitution, nothing more: staff can edit the wording and layout of slips and letters in any
/// editor without learning a template language, and a typo in a name is reported with its line and column
/// instead of printing as blank on three hundred letters.
public struct Template: Sendable {
    public var name: String
    public var text: String
    /// Where the text came from, for messages: the file of an edited template, or `built-in:NAME`.
    public var source: String

    public init(name: String, text: String, source: String) { self.name = name; self.text = text; self.source = source }

    /// Every `{{…}}` in the text, with its 1-based line and column, and an error for each that names no
    /// placeholder in `known` or is not closed.
    public func check(_ known: [String]) -> [ExportError] {
        var errors: [ExportError] = []
        scan { name, line, column in
            guard let name else {
                errors.append(ExportError("\(source):\(line):\(column)", Message(.templateNotClosed, ["open": "{{", "close": "}}"])))
                return ""
            }
            if !known.contains(name) {
                errors.append(ExportError("\(source):\(line):\(column)",
                                          Message(.templateUnknownPlaceholder, ["name": "{{\(name)}}", "known": known.map { "{{\($0)}}" }.joined(separator: " ")])))
            }
            return ""
        }
        return errors
    }

    /// The text with each placeholder replaced; call `check` first (an unknown name renders empty).
    public func render(_ values: [String: TemplateValue]) -> String {
        scan { name, _, _ in
            switch name.flatMap({ values[$0] }) {
            case .text(let s)?: return HTMLText.escape(s)
            case .html(let s)?: return s
            case nil: return ""
            }
        }
    }

    /// Walks the text, calling `replace` for each `{{name}}` (nil for an unclosed `{{`) with its position.
    @discardableResult
    func scan(_ replace: (String?, Int, Int) -> String) -> String {
        var out = ""
        var line = 1, column = 1
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix("{{") {
                let open = (line, column)
                let rest = text.index(i, offsetBy: 2)
                guard let close = text[rest...].range(of: "}}") else {
                    out += replace(nil, open.0, open.1)
                    out += text[i...]
                    return out
                }
                let name = text[rest..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                out += replace(name, open.0, open.1)
                for ch in text[i..<close.upperBound] { advance(ch, &line, &column) }
                i = close.upperBound
                continue
            }
            out.append(text[i])
            advance(text[i], &line, &column)
            i = text.index(after: i)
        }
        return out
    }

    private func advance(_ ch: Character, _ line: inout Int, _ column: inout Int) {
        if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += 1 }
    }
}

public enum HTMLText {
    /// Text for element content and quoted attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
