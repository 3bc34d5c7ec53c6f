import Foundation

/// A scenario folder for one test: CSV lists and scenario.yaml written as text into a fresh temporary
/// directory, removed again when the value goes away.
///
/// By default it holds the smallest valid scenario (one community, one unit, one member free on Sat-AM, one
/// two-hour need on Sat-AM); a test replaces only the files it is about. A `nil` text leaves a file out.
///
///     let folder = try ScenarioFolder(["needs.csv": "id,community,hours,slots\nN1,C1,abc,Sat-AM\n"])
///     _ = try ScenarioLoader.load(folder: folder.path)
package final class ScenarioFolder: Sendable {
    package let url: URL
    package var path: String { url.path }

    package static let defaultFiles: [String: String] = [
        "communities.csv": "id,name,lat,lon\nC1,Nanguan,39.9000,116.4000\n",
        "units.csv": "id,name,pledge_hours\nU1,City Hospital,0\n",
        "members.csv": "id,name,unit,community,skills,slots,max_hours\nM1,Li Ming,U1,C1,,Sat-AM,4\n",
        "needs.csv": "id,community,hours,slots\nN1,C1,2,Sat-AM\n",
    ]

    /// - Parameters:
    ///   - files: file name → UTF-8 text; replaces the default of the same name, `nil` omits it.
    ///   - defaults: start from `defaultFiles` (true) or from an empty folder (false).
    package init(_ files: [String: String?] = [:], defaults: Bool = true) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cmatch-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var all: [String: String?] = defaults ? Self.defaultFiles.mapValues { Optional($0) } : [:]
        for (name, text) in files { all[name] = text }
        for (name, text) in all {
            if let text { try write(name, text) }
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes (or replaces) one file as UTF-8 text without a byte order mark.
    package func write(_ name: String, _ text: String) throws {
        try write(name, data: Data(text.utf8))
    }

    /// Writes (or replaces) one file byte for byte, for encodings, BOMs and garbage.
    package func write(_ name: String, data: Data) throws {
        try data.write(to: url.appendingPathComponent(name))
    }

    package func remove(_ name: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(name))
    }

    /// The full path of a file in the folder.
    package func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A fresh sibling path for outputs (a plan folder, a model file), inside this folder so it is removed too.
    package func scratch(_ name: String) -> String { url.appendingPathComponent("out-\(name)").path }
}
