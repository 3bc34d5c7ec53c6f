import CommunityMatch
import Foundation
import Yams

/// What one what-if overlay changed, in words, for `cmatch scenario show`.
public struct OverlayChange: Sendable, Equatable {
    /// The overlay's folder, as given or reached through `extends:`.
    public var folder: String
    /// The folder it extends, resolved.
    public var extends: String
    /// One line per change: settings keys, removals (with cascades), additions, replacements, scaling.
    public var messages: [Message]
    /// The lines in English.
    public var lines: [String] { messages.map { $0.text(.en) } }
    public init(folder: String, extends: String, messages: [Message]) {
        self.folder = folder; self.extends = extends; self.messages = messages
    }
}

/// Applies the row edits of one overlay's scenario.yaml (`remove:`, `add:`, `scale:`) to the tables of the
/// scenario it extends.
///
/// Why rows and not domain values: the merged tables then go through the one `ScenarioBuilder`, so every
/// check runs exactly as for a plain scenario and every `file:line:column` still points at the row's real
/// file — a base row at its line in the base folder, an added row at its line in the overlay's CSV.
///
/// The edits run in a fixed order whatever the order of the keys: remove, then add, then scale. Afterwards
/// every row left is checked for references to an id this overlay removed (or scaling dropped); such a
/// dangling reference is an error at the overlay line that removed the id.
struct OverlayEditor {
    /// The overlay's scenario.yaml, as shown in messages.
    let file: String
    let folder: String
    var tables: [ScenarioFile: ResolvedTable]
    var log = DiagnosticLog()
    var lines: [Message] = []
    /// Ids reported as dangling, per file: the builder does not report references to them a second time.
    var danglingReported: [ScenarioFile: Set<String>] = [:]
    /// Ids gone through this overlay, per file, with the overlay line that made them go.
    private var gone: [ScenarioFile: [String: SourceLocation]] = [:]

    /// The lists `remove:` accepts: the ones whose rows have ids.
    static let idFiles: [ScenarioFile] = [.communities, .units, .members, .resources, .needs, .projects]

    /// The scenario's `columns:` maps, for the files `add:` names.
    var columnMaps: [ScenarioFile: [String: String]] = [:]

    init(file: String, folder: String, tables: [ScenarioFile: ResolvedTable]) {
        self.file = file
        self.folder = folder
        // Freeze every table's rows so that edits below work on one list per file.
        var t = tables
        for (k, v) in t { t[k]!.editedRows = v.rows }
        self.tables = t
    }

    private func at(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private func rows(_ f: ScenarioFile) -> [RowReader] { tables[f]?.editedRows ?? [] }

    private mutating func setRows(_ f: ScenarioFile, _ rows: [RowReader]) { tables[f]?.editedRows = rows }

    /// Applies `entries` (the overlay keys of scenario.yaml other than `extends`).
    mutating func apply(_ entries: [(key: Node, value: Node)], declared: TextEncoding?) {
        let order = ["remove", "add", "scale"]
        for name in order {
            for (k, v) in entries where k.string == name {
                switch name {
                case "remove": remove(v)
                case "add": add(v, declared: declared)
                default: scale(v)
                }
            }
        }
        checkDangling()
    }

    // MARK: - remove

    private mutating func remove(_ node: Node) {
        guard let map = node.mapping else {
            log.error(at(node), Message(.removeNotMapping))
            return
        }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let f = ScenarioFile(rawValue: name), Self.idFiles.contains(f) else {
                log.error(at(k), Message(.removeUnknownKey, ["name": name, "keys": Self.idFiles.map(\.rawValue).joined(separator: ", ")]))
                continue
            }
            let items: [Node]
            if let seq = v.sequence { items = Array(seq) }
            else if v.scalar != nil { items = [v] }
            else { log.error(at(v), Message(.removeNotList, ["name": name, "example": f == .units ? "U003" : "ID"])); continue }
            for item in items {
                guard let id = item.string, !id.isEmpty else {
                    log.error(at(item), Message(.removeItemNotId, ["name": name]))
                    continue
                }
                removeRow(f, id, at: at(item))
            }
        }
    }

    private mutating func removeRow(_ f: ScenarioFile, _ id: String, at location: SourceLocation) {
        let before = rows(f)
        let kept = before.filter { $0.text("id") != id }
        guard kept.count < before.count else {
            if gone[f]?[id] != nil {
                log.error(location, Message(.removeAlready, ["file": f.rawValue, "id": id]))
            } else {
                log.error(location, Message(.removeMissing, ["file": f.rawValue, "id": id]))
            }
            return
        }
        setRows(f, kept)
        gone[f, default: [:]][id] = location
        var cascade: [Message] = []
        // Removing a unit takes its members and resources with it: they cannot exist without it.
        if f == .units {
            for dependent in [ScenarioFile.members, .resources] {
                let all = rows(dependent)
                let (drop, keep) = (all.filter { $0.text("unit") == id }, all.filter { $0.text("unit") != id })
                guard !drop.isEmpty else { continue }
                setRows(dependent, keep)
                for r in drop { gone[dependent, default: [:]][r.text("id")] = location }
                cascade.append(Message(.overlayCount, ["count": String(drop.count)], nested: ["list": Message.list(dependent.rawValue)]))
            }
        }
        let tail = cascade.count == 2 ? Message(.overlayCascade2, nested: ["a": cascade[0], "b": cascade[1]])
            : cascade.count == 1 ? Message(.overlayCascade1, nested: ["a": cascade[0]]) : Message(.noHint)
        lines.append(Message(.overlayRemoved, ["id": id], nested: ["kind": Message.kind(singular(f)), "cascade": tail]))
    }

    // MARK: - add

    private mutating func add(_ node: Node, declared: TextEncoding?) {
        guard let map = node.mapping else {
            log.error(at(node), Message(.addNotMapping))
            return
        }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let f = ScenarioFile(rawValue: name) else {
                log.error(at(k), Message(.addUnknownKey, ["name": name, "keys": ScenarioFile.allCases.map(\.rawValue).joined(separator: ", ")]))
                continue
            }
            guard let fileName = v.scalar?.string, !fileName.isEmpty else {
                log.error(at(v), Message(.addNotOneFile, ["name": name]))
                continue
            }
            let path = (fileName as NSString).isAbsolutePath ? fileName : (folder as NSString).appendingPathComponent(fileName)
            guard let data = try? FileBytes.read(path) else {
                log.error(at(v), Message(.addCannotRead, ["file": fileName, "path": path]))
                continue
            }
            addFile(f, path: path, data: data, declared: declared, fileName: fileName)
        }
    }

    /// Adds the rows of one CSV file (already read) to list `f`.
    mutating func addFile(_ f: ScenarioFile, path: String, data: Data, declared: TextEncoding?, fileName: String? = nil) {
        let (table, diags) = CSVReader.read(data, file: path, declared: declared)
        log.append(contentsOf: diags)
        guard let table, var resolved = ResolvedTable.resolve(table, spec: f, columnMap: columnMaps[f] ?? [:], log: &log) else { return }
        let incoming = resolved.rows
        if tables[f] == nil {
            // The base has no such file: the added file's table carries the list from here on.
            resolved.editedRows = []
            tables[f] = resolved
        }
        addRows(f, incoming, fileName: fileName ?? path)
    }

    /// Rows with a new id are appended; a row whose id is already in the list replaces that row in place.
    /// travel.csv rows replace the row of the same from → to; pins.csv rows are always appended.
    private mutating func addRows(_ f: ScenarioFile, _ incoming: [RowReader], fileName: String) {
        var current = rows(f)
        func key(_ r: RowReader) -> String? {
            switch f {
            case .pins: return nil
            case .travel: return Scenario.travelKey(r.text("from"), r.text("to"))
            default: let id = r.text("id"); return id.isEmpty ? nil : id
            }
        }
        var position: [String: Int] = [:]
        for (i, r) in current.enumerated() { if let k = key(r), position[k] == nil { position[k] = i } }
        var seenHere: Set<String> = []
        var added = 0, replaced = 0
        for r in incoming {
            // A second row with one id in the added file is appended, so the builder reports the duplicate.
            if let k = key(r), !seenHere.contains(k), let i = position[k] {
                current[i] = r
                replaced += 1
                seenHere.insert(k)
            } else {
                if let k = key(r) { seenHere.insert(k) }
                current.append(r)
                added += 1
            }
        }
        setRows(f, current)
        var parts: [Message] = []
        let list = Message.list(f.rawValue)
        if added > 0 { parts.append(Message(.overlayAdded, ["count": String(added)], nested: ["list": list])) }
        if replaced > 0 { parts.append(Message(.overlayReplaced, ["count": String(replaced)], nested: ["list": list])) }
        if parts.isEmpty { parts.append(Message(.overlayAddedNone, nested: ["list": list])) }
        lines.append(parts.count == 2 ? Message(.overlayFrom2, ["file": fileName], nested: ["a": parts[0], "b": parts[1]])
                     : Message(.overlayFrom1, ["file": fileName], nested: ["a": parts[0]]))
    }

    // MARK: - scale

    private mutating func scale(_ node: Node) {
        guard let map = node.mapping else {
            log.error(at(node), Message(.scaleNotMapping))
            return
        }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let f = ScenarioFile(rawValue: name), f == .needs || f == .projects else {
                log.error(at(k), Message(.scaleUnknownKey, ["name": name]))
                continue
            }
            guard let categories = v.mapping else {
                log.error(at(v), Message(.scaleNotMap, ["name": name]))
                continue
            }
            for (ck, cv) in categories {
                let category = ck.string ?? ""
                let raw = cv.scalar?.string ?? ""
                guard let factor = Double(raw.trimmingCharacters(in: .whitespaces)), factor.isFinite,
                      factor >= 0, factor <= 100 else {
                    log.error(at(cv), Message(.scaleBadFactor, ["name": name, "category": category, "value": raw]))
                    continue
                }
                scaleRows(f, category: category, factor: factor, at: at(ck))
            }
        }
    }

    /// Multiplies the number of rows of `category` by `factor`, deterministically.
    ///
    /// The rule: take the n rows of the category sorted by id, and the target t = n × factor rounded to the
    /// nearest whole number (halves up). Row i (0-based) gets ⌊(i+1)·t/n⌋ − ⌊i·t/n⌋ instances, which spreads
    /// the copies (or the drops) evenly over the list and sums to t. When that is 0 the row is dropped; each
    /// instance after the first is a copy inserted right after it, with id `ID~2`, `ID~3`, …, pointing at the
    /// original row's file and line. Scaling needs only the rows, never the solver or a random draw.
    private mutating func scaleRows(_ f: ScenarioFile, category: String, factor: Double, at location: SourceLocation) {
        let all = rows(f)
        let matching = all.indices.filter { all[$0].text("category").lowercased() == category.lowercased() }
        guard !matching.isEmpty else {
            log.error(location, Message(.scaleNoCategory, ["file": f.rawValue, "category": category]))
            return
        }
        let n = matching.count
        let t = Int((Double(n) * factor).rounded(.toNearestOrAwayFromZero))
        let byID = matching.sorted { all[$0].text("id") < all[$1].text("id") }
        var instances: [Int: Int] = [:]
        for (i, rowIndex) in byID.enumerated() { instances[rowIndex] = (i + 1) * t / n - i * t / n }
        var out: [RowReader] = []
        for (i, r) in all.enumerated() {
            guard let count = instances[i] else { out.append(r); continue }
            if count == 0 { gone[f, default: [:]][r.text("id")] = location; continue }
            out.append(r)
            for copy in 1..<max(count, 1) { out.append(Self.copy(r, id: "\(r.text("id"))~\(copy + 1)")) }
        }
        setRows(f, out)
        lines.append(Message(.overlayScaled, ["category": category, "factor": formatNumber(factor), "from": String(n), "to": String(t)],
                             nested: ["list": Message.list(f.rawValue)]))
    }

    /// A row identical to `r` but for its id cell, which keeps its position for messages.
    static func copy(_ r: RowReader, id: String) -> RowReader {
        var row = r.row
        if let i = r.table.index["id"], i < row.cells.count { row.cells[i].text = id }
        return RowReader(table: r.table, row: row)
    }

    // MARK: - dangling references

    /// Which list each reference column points into.
    static let references: [(file: ScenarioFile, column: String, target: ScenarioFile)] = [
        (.members, "unit", .units), (.members, "community", .communities),
        (.resources, "unit", .units), (.resources, "community", .communities),
        (.needs, "community", .communities), (.needs, "preferred_member", .members),
        (.projects, "community", .communities),
        (.travel, "from", .communities), (.travel, "to", .communities),
        (.pins, "member", .members),
    ]

    private mutating func checkDangling() {
        guard !gone.isEmpty else { return }
        var present: [ScenarioFile: Set<String>] = [:]
        for f in Self.idFiles { present[f] = Set(rows(f).map { $0.text("id") }) }
        func dangling(_ target: ScenarioFile, _ id: String) -> SourceLocation? {
            guard let loc = gone[target]?[id], !(present[target]?.contains(id) ?? false) else { return nil }
            return loc
        }
        func report(_ loc: SourceLocation, _ target: ScenarioFile, _ id: String, _ r: RowReader, _ column: String) {
            danglingReported[target, default: []].insert(id)
            log.error(loc, Message(.overlayDangling, ["id": id, "place": "\(r.location(column))", "column": column, "file": r.table.spec.rawValue,
                                                     "row": r.text("id").isEmpty ? "" : " " + r.text("id")],
                                   nested: ["what": Message.kind(singular(target))]))
        }
        for ref in Self.references {
            for r in rows(ref.file) {
                let id = r.text(ref.column)
                if !id.isEmpty, let loc = dangling(ref.target, id) { report(loc, ref.target, id, r, ref.column) }
            }
        }
        // A pin's task is a need or a project, written bare or as need:ID / project:ID. A dangling pin is
        // dropped once reported, so the pin check does not report it again.
        var pins: [RowReader] = []
        defer { if tables[.pins] != nil { setRows(.pins, pins) } }
        for r in rows(.pins) {
            let task = r.text("task")
            var candidates: [(ScenarioFile, String)] = [(.needs, task), (.projects, task)]
            if task.hasPrefix("need:") { candidates = [(.needs, String(task.dropFirst(5)))] }
            else if task.hasPrefix("project:") { candidates = [(.projects, String(task.dropFirst(8)))] }
            let stillThere = candidates.contains { present[$0.0]?.contains($0.1) ?? false }
            if !stillThere, let (f, id) = candidates.first(where: { dangling($0.0, $0.1) != nil }) {
                report(dangling(f, id)!, f, id, r, "task")
            } else {
                pins.append(r)
            }
        }
    }

    private func singular(_ f: ScenarioFile) -> String {
        switch f {
        case .communities: return "community"
        case .travel: return "travel"
        default: return String(f.rawValue.dropLast())
        }
    }
}
