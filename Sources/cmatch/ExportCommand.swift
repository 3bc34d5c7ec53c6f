import ArgumentParser
import CommunityMatch
import Foundation
import PlanExport
import Planner

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a plan in the forms a street office uses: an Excel workbook, CSV, JSON, calendar entries, printable slips and letters.",
        discussion: """
        Reads the plan folder's plan.json and the scenario it records (names, phones, titles, places and slot \
        times live there), and writes one of:

          xlsx  one workbook: 派单 (assignments by community and slot), 未满足需求 (unmet tasks with reasons), \
        单位 (pledge, served hours, shortfall, resources lent), 资源 (resource bookings), 汇总 (KPIs). -o FILE.xlsx
          csv   the same five tables as CSV for Excel (UTF-8 with BOM, CRLF, formula-like cells neutralised): \
        -o DIR writes assignments.csv, unmet.csv, units.csv, resources.csv, summary.csv; -o FILE.csv writes \
        the assignments table alone.
          json  the plan with names, dates and times joined in (format cmatch-export/1). -o FILE.json
          ics   iCalendar events, one per assignment, in Asia/Shanghai time. -o FILE.ics (everyone), or with \
        --per-member -o DIR (one MEMBER.ics each, to send to each member).
          html  printable A4 pages: a dispatch slip per member, the 双报告 report per unit and the 一信一函 \
        letters (thanks for units that met their pledge, a reminder for those short). -o FILE.html; print \
        it from a browser. Edit the wording: --write-templates DIR, change the files, then --templates DIR.

        Dates come from the scenario's ISO week (`week:` in scenario.yaml), never from the clock: the same \
        plan gives byte-identical files. Chinese by default; --lang en for English. See docs/exports.md.

        Exit codes: 0 success, 64 bad command line, 65 a plan, scenario or template is malformed (or the \
        plan has no week and the format needs dates), 66 an input cannot be read (also: no scenario \
        recorded and no --scenario), 70 internal error, 73 the output cannot be written.
        """)

    @Argument(help: "The plan folder (written by cmatch solve).") var plan: String?
    @Option(help: "xlsx, csv, json, ics or html.") var format: ExportFormat?
    @Option(name: [.customShort("o"), .long], help: "The file to write (a folder for csv or ics --per-member); replaced if it exists.")
    var output: String?
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }
    @Option(help: "The scenario folder; default: the one recorded in the plan's plan.json.") var scenario: String?
    @Flag(help: "ics: one file per member in the -o folder, instead of one file for everyone.") var perMember = false
    @Option(help: "html: a folder of edited templates (see --write-templates); files it lacks take the built-in ones.")
    var templates: String?
    @Option(help: "Write the built-in html templates (for --lang) into this folder for editing, and stop.")
    var writeTemplates: String?
    @Flag(help: "Do not print warnings.") var quiet = false

    func validate() throws {
        if writeTemplates != nil {
            if plan != nil || format != nil || output != nil { throw ValidationError("--write-templates DIR takes no plan, --format or -o") }
            return
        }
        guard plan != nil else { throw ValidationError("give the plan folder: cmatch export PLAN --format xlsx -o plan.xlsx") }
        guard let format else { throw ValidationError("give --format: xlsx, csv, json, ics or html") }
        guard let output, !output.isEmpty else { throw ValidationError("give -o: the file (or folder) to write") }
        if perMember && format != .ics { throw ValidationError("--per-member applies to --format ics only") }
        if templates != nil && format != .html { throw ValidationError("--templates applies to --format html only") }
    }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        if let dir = writeTemplates {
            try planner.writeFolder(planner.htmlTemplates(lang), to: dir)
            if !quiet { print(lang(.templatesWritten, ["dir": dir, "count": String(HTMLTemplates.names.count)])) }
            return
        }
        let out = output!
        var request = ExportRequest(format: format!, language: lang)
        request.singleCSV = out.lowercased().hasSuffix(".csv")
        request.perMember = perMember
        request.templates = templates
        let exported = try planner.export(plan: plan!, scenario: scenario, request)
        if !quiet && exported.scenarioChanged { printError(lang(.exportScenarioChanged, ["folder": exported.scenarioFolder])) }
        try planner.write(exported, to: out)
        if !quiet {
            let d = exported.document
            print(lang(.exportSummary, ["out": out, "format": format!.rawValue, "assignments": String(d.assignments.count),
                                        "unmet": String(d.unmet.count), "units": String(d.units.count)]))
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
