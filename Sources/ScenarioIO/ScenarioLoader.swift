import CommunityMatch
import Foundation

/// A scenario read from its folder, with the warnings found on the way.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var warnings: [Diagnostic]
    /// The folder it came from.
    public var folder: String
}

/// Reads a scenario folder: scenario.yaml and the CSV lists, validated together so that every problem in
/// every file is reported at once.
public enum ScenarioLoader {
    /// - Throws: `UnreadableInput` when the folder or a required file cannot be read (exit 66),
    ///   `InputError` with every problem when the data is wrong (exit 65).
    public static func load(folder: String) throws -> LoadedScenario {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw UnreadableInput(path: folder, reason: "no such scenario folder")
        }
        var log = DiagnosticLog()
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func display(_ name: String) -> String { path(name) }

        // scenario.yaml first: it may declare the CSV encoding and the periods slots are parsed with.
        var settings = Settings()
        var declared: TextEncoding? = nil
        let yamlPath = path("scenario.yaml")
        if fm.fileExists(atPath: yamlPath) {
            let data = try readData(yamlPath)
            let decoded = TextDecoder.decode(data, file: display("scenario.yaml"), declared: .utf8)
            log.append(contentsOf: decoded.diagnostics)
            if let text = decoded.text {
                var reader = SettingsReader(file: display("scenario.yaml"))
                settings = reader.read(text)
                declared = reader.declaredEncoding
                log.append(contentsOf: reader.log.items)
            }
        }

        var tables: [ScenarioFile: ResolvedTable] = [:]
        for spec in ScenarioFile.allCases {
            let p = path(spec.fileName)
            guard fm.fileExists(atPath: p) else {
                if spec.isRequired {
                    throw UnreadableInput(path: p, reason: "\(spec.fileName) is required in a scenario folder")
                }
                continue
            }
            let data = try readData(p)
            let (table, diags) = CSVReader.read(data, file: display(spec.fileName), declared: declared)
            log.append(contentsOf: diags)
            if let table, let resolved = ResolvedTable.resolve(table, spec: spec, log: &log) {
                tables[spec] = resolved
            }
        }
        var builder = ScenarioBuilder(settings: settings, log: log)
        let scenario = builder.build(tables)
        if builder.log.hasErrors { throw InputError(builder.log.sorted) }
        return LoadedScenario(scenario: scenario, warnings: builder.log.sorted, folder: folder)
    }

    static func readData(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"
            throw UnreadableInput(path: path, reason: reason)
        }
    }
}
