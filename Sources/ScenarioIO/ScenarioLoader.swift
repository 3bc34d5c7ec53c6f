import CommunityMatch
import Foundation
import Yams

/// A scenario read from its folder, with the warnings found on the way.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var warnings: [Diagnostic]
    /// The folder it came from.
    public var folder: String
    /// The what-if overlays applied, base first; empty for a scenario that extends nothing.
    public var overlays: [OverlayChange] = []
}

/// Reads a scenario folder: scenario.yaml and the CSV lists, validated together so that every problem in
/// every file is reported at once.
public enum ScenarioLoader {
    /// - Throws: `UnreadableInput` when the folder or a required file cannot be read (exit 66),
    ///   `InputError` with every problem when the data is wrong (exit 65).
    ///
    /// `folder` may also be a workbook (.xlsx) given directly: its sheets are the lists and its scenario/设置
    /// sheet the settings. A folder may hold one workbook instead of the CSV files, beside scenario.yaml.
    public static func load(folder: String) throws -> LoadedScenario {
        var log = DiagnosticLog()
        let layer = try loadLayer(folder: folder, chain: [], extendedFrom: nil, log: &log)
        return try build(layer, folder: folder, log: log)
    }

    /// The scenario with the rows of `needsFile` (needs.csv's columns) added, as an overlay's `add: {needs:
    /// FILE}` would add them — a row whose id exists replaces that need — without writing an overlay to disk:
    /// the rows go through the same reader and builder, so every check runs and errors name the file's own
    /// lines. Used by `replan --add-needs`.
    /// - Throws: `UnreadableInput` when the folder or the file cannot be read, `InputError` with every problem.
    public static func load(folder: String, addingNeeds needsFile: String) throws -> LoadedScenario {
        var log = DiagnosticLog()
        var layer = try loadLayer(folder: folder, chain: [], extendedFrom: nil, log: &log)
        let data = try readData(needsFile)
        var editor = OverlayEditor(file: needsFile, folder: (needsFile as NSString).deletingLastPathComponent, tables: layer.tables)
        editor.columnMaps = layer.columnMaps
        editor.addFile(.needs, path: needsFile, data: data, declared: layer.declared)
        log.append(contentsOf: editor.log.items)
        layer.tables = editor.tables
        layer.overlays.append(OverlayChange(folder: needsFile, extends: folder, messages: editor.lines))
        return try build(layer, folder: folder, log: log)
    }

    static func build(_ layer: Layer, folder: String, log: DiagnosticLog) throws -> LoadedScenario {
        var builder = ScenarioBuilder(settings: layer.settings, log: log)
        builder.vocabulary = layer.vocabulary
        builder.listNames = layer.tables.compactMapValues { $0.table.sheet }
        builder.brokenCommunities = layer.dangling[.communities] ?? []
        builder.brokenUnits = layer.dangling[.units] ?? []
        builder.brokenMembers = layer.dangling[.members] ?? []
        builder.unreadFiles = Set(ScenarioFile.allCases.filter { $0.isRequired && layer.tables[$0] == nil })
        let scenario = builder.build(layer.tables)
        if !layer.damagedCells.isEmpty {
            // A damaged workbook cell has its message from the reader; what the builder then says about the
            // same cell (empty, not a number) would only send the reader after a consequence.
            var seen: Set<SourceLocation> = []
            let kept = builder.log.items.filter { d in
                !layer.damagedCells.contains(d.location) || seen.insert(d.location).inserted
            }
            builder.log = DiagnosticLog()
            builder.log.append(contentsOf: kept)
        }
        if builder.log.hasErrors { throw InputError(builder.log.sorted) }
        return LoadedScenario(scenario: scenario.inCanonicalOrder(), warnings: builder.log.sorted, folder: folder,
                              overlays: layer.overlays)
    }

    /// Whether `path` names a workbook file rather than a scenario folder: what `load` reads it as.
    public static func isWorkbook(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    /// A scenario folder read into tables, not yet built: overlays edit these rows.
    struct Layer {
        var settings: Settings
        var declared: TextEncoding?
        var tables: [ScenarioFile: ResolvedTable]
        var overlays: [OverlayChange]
        /// `columns:` and `vocabulary:`, merged along an overlay chain.
        var columnMaps: [ScenarioFile: [String: String]] = [:]
        var vocabulary = Vocabulary()
        /// Ids an overlay removed while rows still point at them: already reported at the overlay line.
        var dangling: [ScenarioFile: Set<String>] = [:]
        /// Workbook cells the reader found damaged (and reported).
        var damagedCells: Set<SourceLocation> = []
    }

    /// Reads one folder; when its scenario.yaml `extends:` another, reads that one first (recursively) and
    /// applies this folder's settings and row edits on top.
    /// - Parameters:
    ///   - chain: the folders already being read, resolved, to catch a cycle.
    ///   - extendedFrom: the `extends:` line that led here; a folder that cannot be read is then an error
    ///     at that line rather than exit 66, since the mistake is in the overlay.
    static func loadLayer(folder: String, chain: [String], extendedFrom: SourceLocation?,
                          log: inout DiagnosticLog) throws -> Layer {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isDir), !isDir.boolValue {
            return try workbookLayer(path: folder, display: folder, yaml: nil, log: &log)
        }
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            if let extendedFrom {
                log.error(extendedFrom, Message(.extendsNoFolder, ["folder": folder]))
                throw InputError(log.sorted)
            }
            throw UnreadableInput(path: folder, Message(.noSuchScenarioFolder))
        }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func display(_ name: String) -> String { path(name) }

        // scenario.yaml first: it may extend another scenario, declare the CSV encoding and the periods
        // slots are parsed with.
        var text: String? = nil
        let yamlPath = path("scenario.yaml")
        if fm.fileExists(atPath: yamlPath) {
            let data = try readData(yamlPath)
            let decoded = TextDecoder.decode(data, file: display("scenario.yaml"), declared: .utf8)
            log.append(contentsOf: decoded.diagnostics)
            text = decoded.text
        }

        var base: Layer? = nil
        var baseFolder = ""
        if let text, let (target, location) = extendsTarget(text, file: display("scenario.yaml")) {
            let resolved = lexicallyNormalised((target as NSString).isAbsolutePath ? target : (folder as NSString).appendingPathComponent(target))
            let canonical = canonicalPath(folder)
            let chain = chain + [canonical]
            if chain.contains(canonicalPath(resolved)) {
                log.error(location, Message(.extendsCycle, ["target": target, "chain": (chain + [canonicalPath(resolved)]).joined(separator: " → ")]))
                throw InputError(log.sorted)
            }
            baseFolder = resolved
            base = try loadLayer(folder: resolved, chain: chain, extendedFrom: location, log: &log)
        }

        var settings = base?.settings ?? Settings()
        var declared: TextEncoding? = base?.declared
        var entries: [(key: Node, value: Node)] = []
        var columnMaps = base?.columnMaps ?? [:]
        var vocabulary = base?.vocabulary ?? Vocabulary()
        if let text {
            var reader = SettingsReader(file: display("scenario.yaml"), base: base?.settings)
            settings = reader.read(text)
            declared = reader.declaredEncoding ?? declared
            log.append(contentsOf: reader.log.items)
            entries = reader.overlayEntries
            for (f, m) in reader.columnMaps { columnMaps[f, default: [:]].merge(m) { _, b in b } }
            vocabulary = vocabulary.merging(reader.vocabulary)
        }

        if let base {
            // An overlay takes rows only from the files its add: names; a members.csv lying in its folder
            // would otherwise look as if it counted.
            for spec in ScenarioFile.allCases where fm.fileExists(atPath: path(spec.fileName)) {
                let named = entries.contains { k, v in
                    k.string == "add" && (v.mapping?.contains { _, f in f.string == spec.fileName } ?? false)
                }
                if !named {
                    log.warning(SourceLocation(file: display(spec.fileName), line: 1, column: 1),
                                Message(.overlayFileIgnored, ["file": spec.fileName]))
                }
            }
            var editor = OverlayEditor(file: display("scenario.yaml"), folder: folder, tables: base.tables)
            editor.columnMaps = columnMaps
            editor.apply(entries.filter { $0.key.string != "extends" }, declared: declared)
            log.append(contentsOf: editor.log.items)
            let keys = settingsKeys(text ?? "")
            var lines = keys.isEmpty ? [] : [Message(.overlaySettings, ["keys": keys.joined(separator: ", ")])]
            lines += editor.lines
            let change = OverlayChange(folder: folder, extends: baseFolder, messages: lines)
            var overlays = base.overlays
            overlays.append(change)
            var dangling = base.dangling
            for (f, ids) in editor.danglingReported { dangling[f, default: []].formUnion(ids) }
            return Layer(settings: settings, declared: declared, tables: editor.tables, overlays: overlays,
                         columnMaps: columnMaps, vocabulary: vocabulary, dangling: dangling)
        }

        for (k, v) in entries {
            if k.string == "extends" {
                log.error(SourceLocation(file: display("scenario.yaml"), line: v.mark?.line ?? 1, column: v.mark?.column ?? 1),
                          Message(.extendsNotOne))
                continue
            }
            log.error(SourceLocation(file: display("scenario.yaml"), line: k.mark?.line ?? 1, column: k.mark?.column ?? 1),
                      Message(.overlayWithoutExtends, ["key": k.string ?? ""]))
        }
        // A folder may hold one workbook instead of the CSV files.
        let workbooks = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".~lock")
        }.sorted()
        let hasCSV = ScenarioFile.allCases.contains { fm.fileExists(atPath: path($0.fileName)) }
        if !hasCSV && workbooks.count > 1 {
            throw UnreadableInput(path: folder, InputMessage.severalWorkbooks(workbooks))
        }
        if !hasCSV, let book = workbooks.first {
            var layer = try workbookLayer(path: path(book), display: display(book),
                                          yaml: text.map { _ in (settings, columnMaps) }, log: &log)
            layer.vocabulary = vocabulary.merging(layer.vocabulary)
            return layer
        }
        for book in workbooks {
            log.warning(SourceLocation(file: display(book)), InputMessage.workbookIgnored(book))
        }
        var tables: [ScenarioFile: ResolvedTable] = [:]
        for spec in ScenarioFile.allCases {
            let p = path(spec.fileName)
            guard fm.fileExists(atPath: p) else {
                if spec.isRequired {
                    throw UnreadableInput(path: p, Message(.requiredFile, ["file": spec.fileName]))
                }
                continue
            }
            let data = try readData(p)
            let (table, diags) = CSVReader.read(data, file: display(spec.fileName), declared: declared)
            log.append(contentsOf: diags)
            if let table, let resolved = ResolvedTable.resolve(table, spec: spec, columnMap: columnMaps[spec] ?? [:], log: &log) {
                tables[spec] = resolved
            }
        }
        return Layer(settings: settings, declared: declared, tables: tables, overlays: [], columnMaps: columnMaps,
                     vocabulary: vocabulary)
    }

    /// A workbook's lists. `yaml` holds the settings of a scenario.yaml beside it; without one the workbook's
    /// scenario/设置 sheet is read as scenario.yaml would be, its messages placed on the sheet's cells.
    static func workbookLayer(path: String, display: String, yaml: (Settings, [ScenarioFile: [String: String]])?,
                              log: inout DiagnosticLog) throws -> Layer {
        let (sheets, cellDiagnostics) = try WorkbookReader.read(path: path, display: display)
        log.append(contentsOf: cellDiagnostics)
        let damaged = Set(cellDiagnostics.filter { $0.severity == .error }.map(\.location))
        var settings = yaml?.0 ?? Settings()
        var columnMaps = yaml?.1 ?? [:]
        var vocabulary = Vocabulary()
        let settingsSheet = sheets.first { WorkbookSheets.isSettings($0.name) }
        if let sheet = settingsSheet {
            if yaml != nil {
                log.warning(SourceLocation(file: display, sheet: sheet.name, row: 0, column: 0), InputMessage.settingsInFolder)
            } else {
                let (text, places, diags) = WorkbookScenario.settingsYAML(sheet, file: display)
                log.append(contentsOf: diags)
                var reader = SettingsReader(file: display)
                settings = reader.read(text)
                columnMaps = reader.columnMaps
                vocabulary = reader.vocabulary
                for d in reader.log.items {
                    let place = places[d.location.line] ?? SourceLocation(file: display, sheet: sheet.name, row: 0, column: 0)
                    let text = d.text.key == .yamlUnknownKey ? Message(.scenarioSheetUnknownKey, d.text.args, nested: d.text.nested) : d.text
                    log.append(contentsOf: [Diagnostic(d.severity, at: place, text)])
                }
                for (k, _) in reader.overlayEntries {
                    let place = places.first { _, p in p.line > 0 }.map(\.value) ?? SourceLocation(file: display)
                    log.error(place, Message(.scenarioSheetOverlayKey, ["key": k.string ?? ""]))
                }
            }
        }
        let book = WorkbookScenario(sheets: sheets, file: display, columnMaps: columnMaps)
        log.append(contentsOf: book.diagnostics)
        var tables: [ScenarioFile: ResolvedTable] = [:]
        for spec in ScenarioFile.allCases {
            guard let table = book.tables[spec] else {
                if spec.isRequired && !book.diagnostics.contains(where: { $0.severity == .error && WorkbookSheets.list(forSheet: $0.location.sheet ?? "") == spec }) {
                    log.error(SourceLocation(file: display), InputMessage.missingSheet(spec))
                }
                continue
            }
            if let resolved = ResolvedTable.resolve(table, spec: spec, columnMap: columnMaps[spec] ?? [:], log: &log) {
                tables[spec] = resolved
            }
        }
        return Layer(settings: settings, declared: nil, tables: tables, overlays: [], columnMaps: columnMaps, vocabulary: vocabulary,
                     damagedCells: damaged)
    }

    /// The `extends:` value and its position, read before the settings because the settings are read on
    /// top of the extended scenario's. A YAML error is left for `SettingsReader` to report.
    static func extendsTarget(_ text: String, file: String) -> (String, SourceLocation)? {
        guard let root = try? Yams.compose(yaml: text), let map = root.mapping else { return nil }
        for (k, v) in map where k.string == "extends" {
            guard let s = v.scalar?.string, !s.isEmpty else { return nil }
            return (s, SourceLocation(file: file, line: v.mark?.line ?? 1, column: v.mark?.column ?? 1))
        }
        return nil
    }

    /// The top-level settings keys an overlay sets, for `scenario show`.
    static func settingsKeys(_ text: String) -> [String] {
        guard let root = try? Yams.compose(yaml: text), let map = root.mapping else { return [] }
        return map.compactMap { k, _ in
            guard let s = k.string, !["extends", "remove", "add", "scale"].contains(s) else { return nil }
            return s
        }
    }

    /// `a/b/../c` → `a/c`, so messages name `scenarios/base/needs.csv` rather than
    /// `scenarios/what-if/../base/needs.csv`. Lexical only: kept only when it names the same existing folder
    /// as the raw path (a symlink followed by `..` would not).
    static func lexicallyNormalised(_ p: String) -> String {
        var parts: [String] = []
        for c in p.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if c == "." { continue }
            if c == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(c)
        }
        var out = parts.joined(separator: "/")
        if p.hasPrefix("/") { out = "/" + out }
        if out.isEmpty { out = "." }
        return canonicalPath(out) == canonicalPath(p) ? out : p
    }

    /// Absolute, standardized, symlinks resolved: two spellings of one folder compare equal.
    static func canonicalPath(_ p: String) -> String {
        let abs = (p as NSString).isAbsolutePath ? p : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(p)
        return URL(fileURLWithPath: abs).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func readData(_ path: String) throws -> Data {
        do {
            return try FileBytes.read(path)
        } catch {
            if let why = error.why { throw UnreadableInput(path: path, why) }
            throw UnreadableInput(path: path, reason: error.reason)
        }
    }
}
