/// RFC 4180 text for plan files: quoted only where needed, "\n" line ends, UTF-8 without BOM (the
/// Excel-flavoured CSV with BOM and CRLF is an export format).
public struct CSVText {
    public private(set) var text = ""
    public init(header: [String]) { row(header) }

    public mutating func row(_ cells: [String]) {
        text += cells.map(Self.quote).joined(separator: ",") + "\n"
    }

    public static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
