import CommunityMatch
import Foundation
import MatchModel
import ScenarioIO
import Testing
import TestSupport

/// The fuzzers' corpus (tools/fuzz/corpus: the seeds, and every input a fuzzer ever stopped on, named
/// `regression-…`) replayed through the readers on every test run, without the sanitizer build: what once
/// crashed, hung or leaked stays a test. Each input is read the way its fuzz target reads it
/// (docs/reliability.md), with the same promises checked.
@Suite struct FuzzCorpusReplayTests {
    static let corpus = Paths.repo.appendingPathComponent("tools/fuzz/corpus")

    static func inputs(_ target: String) throws -> [URL] {
        let dir = corpus.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func theCorpusHoldsTheSeedsAndTheRegressions() throws {
        #expect(try Self.inputs("FuzzCSVReader").count >= 90)
        let scenario = try Self.inputs("FuzzScenarioReader").map(\.lastPathComponent)
        #expect(scenario.count >= 40)
        #expect(scenario.contains("regression-empty-file-leak"))
        #expect(scenario.contains("regression-slot-of-dashes-crash"))
        #expect(try Self.inputs("FuzzWorkbookReader").map(\.lastPathComponent).contains("regression-zip-offsets-past-end-crash"))
    }

    @Test func everyCSVInputGivesATableOrAnErrorWithSoundPositions() throws {
        let encodings: [TextEncoding?] = [nil, .utf8, .gb18030, .utf16le, .utf16be]
        for url in try Self.inputs("FuzzCSVReader") {
            let bytes = try Data(contentsOf: url)
            guard let first = bytes.first else { continue }
            let (table, diagnostics) = CSVReader.read(bytes.dropFirst(), file: "needs.csv", declared: encodings[Int(first) % 5])
            #expect(table != nil || diagnostics.contains { $0.severity == .error }, "\(url.lastPathComponent)")
            for row in table?.rows ?? [] {
                #expect(row.cells.count == table!.header.count, "\(url.lastPathComponent): row \(row.line)")
            }
            #expect(diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 }, "\(url.lastPathComponent)")
        }
    }

    /// `### NAME` sections, as the scenario fuzz target splits its input.
    /// The workbook target's seeds that are whole files (the others are part edits the target packs itself):
    /// each loads as a scenario given directly or fails with a typed error, never a crash.
    @Test func everyWorkbookFileInputLoadsOrGivesATypedError() throws {
        for url in try Self.inputs("FuzzWorkbookReader") where !(try Data(contentsOf: url)).starts(with: Array("### ".utf8)) {
            do {
                _ = try ScenarioLoader.load(folder: url.path)
            } catch let e as InputError {
                #expect(e.diagnostics.contains { $0.severity == .error }, "\(url.lastPathComponent)")
            } catch is UnreadableInput {
            }
        }
    }

    static func sections(_ data: Data) -> [(String, Data)] {
        let b = [UInt8](data)
        let marker = Array("### ".utf8)
        var starts: [Int] = []
        for i in 0..<max(0, b.count - marker.count + 1) where (i == 0 || b[i - 1] == 0x0A) && Array(b[i..<(i + 4)]) == marker {
            starts.append(i)
        }
        return starts.enumerated().map { k, s in
            let end = k + 1 < starts.count ? starts[k + 1] : b.count
            var nameEnd = s + 4
            while nameEnd < end, b[nameEnd] != 0x0A { nameEnd += 1 }
            let name = String(decoding: b[(s + 4)..<nameEnd], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return (name, Data(nameEnd < end ? b[(nameEnd + 1)..<end] : []))
        }
    }

    static let files: Set<String> = ["scenario.yaml", "communities.csv", "units.csv", "members.csv", "needs.csv",
                                     "resources.csv", "projects.csv", "travel.csv", "pins.csv"]

    @Test func everyScenarioInputLoadsOrGivesAPositionedErrorAndBuildsOnlyValidModels() throws {
        var loaded = 0, rejected = 0
        for url in try Self.inputs("FuzzScenarioReader") {
            let folder = try ScenarioFolder()
            for (name, body) in Self.sections(try Data(contentsOf: url)) {
                if name.hasPrefix("!"), Self.files.contains(String(name.dropFirst())) {
                    try? folder.remove(String(name.dropFirst()))
                } else if Self.files.contains(name) {
                    try folder.write(name, data: body)
                }
            }
            do {
                let s = try ScenarioLoader.load(folder: folder.path).scenario
                let problems = ModelValidator.validate(MatchingModel(scenario: s).model)
                #expect(problems.isEmpty, "\(url.lastPathComponent): \(problems.prefix(3))")
                loaded += 1
            } catch let e as InputError {
                #expect(e.diagnostics.contains { $0.severity == .error }, "\(url.lastPathComponent)")
                #expect(e.diagnostics.allSatisfy { $0.location.line >= 1 }, "\(url.lastPathComponent): \(e)")
                rejected += 1
            } catch is UnreadableInput {
                rejected += 1
            }
        }
        #expect(loaded > 5 && rejected > 20, "loaded \(loaded), rejected \(rejected)")
    }

    /// The input the scenario fuzzer stopped on: an empty communities.csv (the reader leaked 4 KiB per empty
    /// file). An empty file is one error at 1:1, and the members' references into it are not reported.
    @Test func emptyFileIsOneErrorAndAFolderInsteadOfAFileIsUnreadable() throws {
        let folder = try ScenarioFolder(["communities.csv": ""])
        let e = try #require(throws: InputError.self) { try ScenarioLoader.load(folder: folder.path) }
        #expect(e.diagnostics.filter { $0.severity == .error }.map(\.description) == ["\(folder.file("communities.csv")):1:1: file is empty: it needs a header row"])

        try folder.remove("needs.csv")
        try FileManager.default.createDirectory(atPath: folder.file("needs.csv"), withIntermediateDirectories: false)
        let u = try #require(throws: UnreadableInput.self) { try ScenarioLoader.load(folder: folder.path) }
        #expect(u.description == "\(folder.file("needs.csv")): cannot be read: it is a folder, not a file")
    }
}
