import ArgumentParser
import CommunityMatch
import Foundation
import PlanExport
import PlanIO
import ScenarioIO

/// `cmatch init`: an empty scenario for staff to fill in, as one workbook or a folder of CSV files. It never
/// overwrites: an existing file or a non-empty folder may hold a week of someone's typing (exit 73).
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an empty scenario to fill in: a workbook (--template FILE.xlsx) or a folder of CSV files (DIR).",
        discussion: """
        The workbook has a sheet per list (社区, 党员, 单位, 需求, 项目, 资源, 路程, 指定 — or English names with \
        --lang en), a row of hints under each header (it is skipped when the workbook is read), drop-downs \
        for slots, skills, kinds and yes/no, ranges for priority and hours, and a 设置/scenario sheet for the \
        week's settings. Filled in, it is a scenario: cmatch validate FILE.xlsx. The folder has the same \
        lists as CSV files (UTF-8 with BOM) and a scenario.yaml. See docs/input-files.md.

        Exit codes: 0 written, 64 bad command line, 73 the file or folder exists or cannot be written.
        """)

    @Argument(help: "The folder of CSV templates to create (must not exist or be empty).") var folder: String?
    @Option(help: "The workbook to create, e.g. week.xlsx.") var template: String?
    /// Also the language of the headers, sheet names and hints written.
    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }

    func validate() throws {
        if (folder == nil) == (template == nil) { throw ValidationError("give either --template FILE.xlsx or a folder DIR") }
        if let t = template, !t.lowercased().hasSuffix(".xlsx") { throw ValidationError("--template needs a file name ending in .xlsx") }
    }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let fm = FileManager.default
        if let template {
            if fm.fileExists(atPath: template) {
                printError(lang(.initExists, ["path": template]))
                throw ExitCode(Exit.cannotCreate)
            }
            let data: Data
            do { data = try TemplateWorkbook.data(lang) } catch {
                printError(lang(.internalError, ["detail": "\(error)"]))
                throw ExitCode(Exit.software)
            }
            try write { try AtomicFolder.writeFile(data, to: template) }
            print(lang(.initWorkbookWritten, ["path": template]))
            return
        }
        let dir = folder!
        if let contents = try? fm.contentsOfDirectory(atPath: dir), !contents.isEmpty {
            printError(lang(.initFolderNotEmpty, ["path": dir]))
            throw ExitCode(Exit.cannotCreate)
        }
        var files = ScenarioTemplate.lists(lang).map { ($0.file.fileName, TemplateWorkbook.csv($0)) }
        let yaml = """
            # The week's settings; every key is optional (docs/input-files.md).
            # name: nanguan-2026-w48
            # week: 2026-W48
            # travel: {max_travel: 15, walking_speed_kmh: 4.5}
            # columns: {members: {每周时长上限: max_hours}}     # headers of your own
            # vocabulary: {skills: {驾驶: driving}}            # words of your own

            """
        files.append(("scenario.yaml", Data(yaml.utf8)))
        if fm.fileExists(atPath: dir) { try? fm.removeItem(atPath: dir) }
        try write { try AtomicFolder.write(files, to: dir) }
        print(lang(.initFolderWritten, ["path": dir]))
    }

    func write(_ body: () throws -> Void) throws {
        do { try body() } catch let e as OutputError {
            printError(e.text(lang))
            throw ExitCode(Exit.cannotCreate)
        }
    }
}
