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
    public var lines: [String]
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
    var lines: [String] = []
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
            log.error(at(node), "'remove' must be a mapping of lists to ids, e.g. remove: {units: [U003]}")
            return
        }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let f = ScenarioFile(rawValue: name), Self.idFiles.contains(f) else {
                log.error(at(k), "unknown key 'remove.\(name)'; remove takes \(Self.idFiles.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let items: [Node]
            if let seq = v.sequence { items = Array(seq) }
            else if v.scalar != nil { items = [v] }
            else { log.error(at(v), "'remove.\(name)' must be a list of ids, e.g. [\(f == .units ? "U003" : "ID")]"); continue }
            for item in items {
                guard let id = item.string, !id.isEmpty else {
                    log.error(at(item), "'remove.\(name)' items must be ids")
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
                log.error(location, "\(f.rawValue) '\(id)' is already removed by this overlay")
            } else {
                log.error(location, "cannot remove \(f.rawValue) '\(id)': no row with that id in the scenario it extends")
            }
            return
        }
        setRows(f, kept)
        gone[f, default: [:]][id] = location
        var line = "removed \(singular(f)) \(id)"
        // Removing a unit takes its members and resources with it: they cannot exist without it.
        if f == .units {
            var cascade: [String] = []
            for dependent in [ScenarioFile.members, .resources] {
                let all = rows(dependent)
                let (drop, keep) = (all.filter { $0.text("unit") == id }, all.filter { $0.text("unit") != id })
                guard !drop.isEmpty else { continue }
                setRows(dependent, keep)
                for r in drop { gone[dependent, default: [:]][r.text("id")] = location }
                cascade.append("\(drop.count) \(dependent.rawValue)")
            }
            if !cascade.isEmpty { line += " with its \(cascade.joined(separator: " and "))" }
        }
        lines.append(line)
    }

    // MARK: - add

    private mutating func add(_ node: Node, declared: TextEncoding?) {
        guard let map = node.mapping else {
            log.error(at(node), "'add' must be a mapping of lists to CSV files in the overlay folder, e.g. add: {members: new-members.csv}")
            return
        }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let f = ScenarioFile(rawValue: name) else {
                log.error(at(k), "unknown key 'add.\(name)'; add takes \(ScenarioFile.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            guard let fileName = v.scalar?.string, !fileName.isEmpty else {
                log.error(at(v), "'add.\(name)' must name one CSV file in the overlay folder")
                continue
            }
            let path = (fileName as NSString).isAbsolutePath ? fileName : (folder as NSString).appendingPathComponent(fileName)
            guard let data = try? FileBytes.read(path) else {
                log.error(at(v), "cannot read '\(fileName)' (looked for \(path)); add: names CSV files in the overlay folder")
                continue
            }
            let (table, diags) = CSVReader.read(data, file: path, declared: declared)
            log.append(contentsOf: diags)
            guard let table, var resolved = ResolvedTable.resolve(table, spec: f, columnMap: columnMaps[f] ?? [:], log: &log) else { continue }
            let incoming = resolved.rows
            if tables[f] == nil {
                // The base has no such file: the added file's table carries the list from here on.
                resolved.editedRows = []
                tables[f] = resolved
            }
            addRows(f, incoming, fileName: fileName)
        }
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
        var parts: [String] = []
        if added > 0 { parts.append("added \(added) \(f.rawValue)") }
        if replaced > 0 { parts.append("replaced \(replaced) \(f.rawValue)") }
        if parts.isEmpty { parts.append("added no \(f.rawValue)") }
        lines.append(parts.joined(separator: ", ") + " from \(fileName)")
    }

    // MARK: - scale

    private mutating func scale(_ node: Node) {
        guard let map = node.mapping else {
            log.error(at(node), "'scale' must be a mapping, e.g. scale: {needs: {elderly-care: 1.3}}")
            return
        }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let f = ScenarioFile(rawValue: name), f == .needs || f == .projects else {
                log.error(at(k), "unknown key 'scale.\(name)'; scale takes needs, projects")
                continue
            }
            guard let categories = v.mapping else {
                log.error(at(v), "'scale.\(name)' must map categories to factors, e.g. {elderly-care: 1.3}")
                continue
            }
            for (ck, cv) in categories {
                let category = ck.string ?? ""
                let raw = cv.scalar?.string ?? ""
                guard let factor = Double(raw.trimmingCharacters(in: .whitespaces)), factor.isFinite,
                      factor >= 0, factor <= 100 else {
                    log.error(at(cv), "scale factor for \(name) '\(category)' must be a number from 0 to 100 (1.3 means 30 % more), not '\(raw)'")
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
            log.error(location, "no \(f.rawValue) of category '\(category)' to scale")
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
        lines.append("scaled \(f.rawValue) of category \(category) by \(formatNumber(factor)): \(n) → \(t)")
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
            log.error(loc, "\(singular(target)) '\(id)' is gone after this overlay, but \(r.location(column)) (\(column) of \(r.table.spec.rawValue) row\(r.text("id").isEmpty ? "" : " " + r.text("id"))) still points at it; remove or replace that row too")
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
