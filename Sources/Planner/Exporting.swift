import CommunityMatch
import Foundation
import PlanExport
import PlanIO
import PlanVerify
import ScenarioIO

/// The forms a street office uses (docs/exports.md).
public enum ExportFormat: String, CaseIterable, Sendable {
    case xlsx, csv, json, ics, html
}

/// What an export asks for beyond its format.
public struct ExportRequest: Sendable {
    public var format: ExportFormat
    public var language: Language
    /// csv: the assignments table alone, as one file, instead of a folder of the five tables.
    public var singleCSV = false
    /// ics: one calendar per member (a folder) instead of one for everyone.
    public var perMember = false
    /// html: a folder of edited templates; files it lacks take the built-in ones.
    public var templates: String? = nil
    public init(format: ExportFormat, language: Language) { self.format = format; self.language = language }
}

/// An export made from a plan and its scenario: one file, or a folder of files.
public struct Exported: Sendable {
    public enum Output: Sendable {
        case file(Data)
        case folder([(name: String, data: Data)])
    }
    public var output: Output
    public var document: PlanDocument
    /// The scenario folder the names, phones and times came from.
    public var scenarioFolder: String
    /// The scenario changed since the plan was solved (its hash differs from the one plan.json records).
    public var scenarioChanged: Bool
}

extension Planner {
    /// Makes an export of a plan folder (or plan.json) with the scenario it records, or `scenario` when given.
    /// Dates come from the scenario's ISO week, never the clock: the same plan gives byte-identical files.
    public func export(plan path: String, scenario given: String? = nil, _ request: ExportRequest) throws -> Exported {
        let document = try readPlanDocument(path)
        let folder = try scenarioFolder(ofPlan: path, given: given)
        let s = try load(folder).scenario
        let changed = document.scenarioHash.map { $0 != ScenarioHash.hex(s) } ?? false
        var isDir: ObjCBool = false
        let source = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            ? (path as NSString).appendingPathComponent("plan.json") : path
        let export = ExportPlan(document: document, scenario: s, language: request.language, source: source)
        let output: Exported.Output = try planning {
            switch request.format {
            case .xlsx:
                return .file(try XLSXWriter.data(export.sheets, date: export.zipDate))
            case .csv:
                if request.singleCSV { return .file(Data(ExcelCSV.text(export.assignmentsSheet).utf8)) }
                return .folder(export.sheets.map { ($0.fileName, Data(ExcelCSV.text($0).utf8)) })
            case .json:
                return .file(Data((export.json.rendered() + "\n").utf8))
            case .ics:
                let calendar = ICalendarExport(export)
                if request.perMember { return .folder(try calendar.perMember().map { ($0.name, Data($0.text.utf8)) }) }
                return .file(Data(try calendar.all().utf8))
            case .html:
                let set = try HTMLTemplates.load(request.templates, language: request.language)
                return .file(Data(try HTMLExport(export, templates: set).document().utf8))
            }
        }
        return Exported(output: output, document: document, scenarioFolder: folder, scenarioChanged: changed)
    }

    /// Writes an export: a file atomically, a folder whole or not at all.
    public func write(_ exported: Exported, to out: String) throws {
        try planning {
            switch exported.output {
            case .file(let data): try AtomicFolder.writeFile(data, to: out)
            case .folder(let files): try AtomicFolder.write(files, to: out)
            }
        }
    }

    /// The built-in html templates in a language, to be edited and handed back as `ExportRequest.templates`.
    public func htmlTemplates(_ language: Language) -> [(name: String, data: Data)] {
        HTMLTemplates.defaults(language).map { ($0.name, Data($0.text.utf8)) }
    }
}
