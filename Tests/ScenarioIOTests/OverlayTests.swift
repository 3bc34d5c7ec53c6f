import CommunityMatch
import Foundation
import ScenarioIO
import Testing
import TestSupport

/// What-if overlays (SPEC.md "What-if overlays", docs/what-if.md): each edit pinned on a tiny base, and
/// each mistake an error at the overlay's own line and column.
@Suite struct OverlayTests {
    /// Two communities, two units (U2 a hospital with one member and a resource), three members, needs of two
    /// categories, a pin.
    static let baseFiles: [String: String?] = [
        "scenario.yaml": "name: base\nweek: 2026-W48\ntravel: {walking_speed_kmh: 4.5, max_travel: 15}\nweights:\n  priority: {1: 1000, 2: 300, 3: 100}\nobjective: [coverage, pledges, travel]\n",
        "communities.csv": "id,name,lat,lon\nC1,North,39.9000,116.4000\nC2,South,39.9010,116.4000\n",
        "units.csv": "id,name,kind,pledge_hours\nU1,Office,机关,4\nU2,Hospital,医院,8\n",
        "members.csv": "id,name,unit,community,skills,slots,max_hours\nM1,Li,U1,C1,,Sat-AM,4\nM2,Wang,U2,C1,medical,Sat-AM|Sun-AM,4\nM3,Zhao,U1,C2,,Sun-AM,4\n",
        "resources.csv": "id,unit,kind,name,community\nR1,U2,venue,Hall,C1\nR2,U1,vehicle,Van,C2\n",
        "needs.csv": "id,community,category,hours,slots,priority\nN1,C1,elderly-care,1,Sat-AM,1\nN2,C1,elderly-care,1,Sat-AM,2\nN3,C2,elderly-care,1,Sun-AM,3\nN4,C2,tutoring,1,Sun-AM,3\nN5,C1,elderly-care,1,Sat-AM,3\n",
        "pins.csv": "task,member,slot\nN4,M3,Sun-AM\n",
    ]

    /// A base folder and an overlay folder beside it whose scenario.yaml extends it by absolute path.
    struct Pair {
        let base: ScenarioFolder
        let overlay: ScenarioFolder
    }

    static func pair(_ yaml: String, files: [String: String] = [:], base: [String: String?] = [:]) throws -> Pair {
        var b = baseFiles
        for (k, v) in base { b[k] = v }
        let baseFolder = try ScenarioFolder(b, defaults: false)
        var o: [String: String?] = ["scenario.yaml": "extends: \(baseFolder.path)\n" + yaml]
        for (k, v) in files { o[k] = v }
        return Pair(base: baseFolder, overlay: try ScenarioFolder(o, defaults: false))
    }

    static func load(_ p: Pair, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> LoadedScenario {
        do { return try ScenarioLoader.load(folder: p.overlay.path) } catch let e as InputError {
            Issue.record("expected the overlay to load, got:\n\(LoaderTests.render(e.diagnostics))", sourceLocation: sourceLocation)
            throw e
        }
    }

    // MARK: - semantics

    @Test func anOverlayWithNoEditsIsTheBase() throws {
        let p = try Self.pair("")
        let s = try Self.load(p).scenario
        let b = try ScenarioLoader.load(folder: p.base.path).scenario
        #expect(ScenarioHash.hex(s) == ScenarioHash.hex(b))
        #expect(s.settings.name == "base")
    }

    @Test func addAppendsNewIdsAndReplacesExistingOnesInPlace() throws {
        let p = try Self.pair("add:\n  members: more.csv\n",
                              files: ["more.csv": "id,name,unit,community,slots\nM4,Sun,U1,C2,Sun-AM\nM1,Li Ming,U2,C2,Sun-AM\n"])
        let loaded = try Self.load(p)
        let s = loaded.scenario
        #expect(s.members.map(\.id) == ["M1", "M2", "M3", "M4"])
        let m1 = try #require(s.members.first { $0.id == "M1" })
        #expect(m1.name == "Li Ming" && m1.unit == "U2" && m1.community == "C2")
        #expect(loaded.overlays.map(\.lines) == [["added 1 members, replaced 1 members from more.csv"]])
    }

    @Test func anAddedRowWithAnErrorIsReportedInTheAddedFile() throws {
        let p = try Self.pair("add:\n  members: more.csv\n", files: ["more.csv": "id,unit,community,slots\nM4,U9,C2,Sun-AM\n"])
        let ds = LoaderTests.errors(p.overlay)
        LoaderTests.expect(ds, at: "more.csv:2:2", "unit 'U9' is not a known unit")
    }

    @Test func removingAUnitDropsItsMembersAndResources() throws {
        let p = try Self.pair("remove:\n  units: [U2]\n")
        let loaded = try Self.load(p)
        let s = loaded.scenario
        #expect(s.units.map(\.id) == ["U1"])
        #expect(s.members.map(\.id) == ["M1", "M3"])
        #expect(s.resources.map(\.id) == ["R2"])
        #expect(loaded.overlays[0].lines == ["removed unit U2 with its 1 members and 1 resources"])
    }

    @Test func removeDropsRowsById() throws {
        let p = try Self.pair("remove:\n  needs: [N1, N3]\n  members: M1\n")
        let s = try Self.load(p).scenario
        #expect(s.needs.map(\.id) == ["N2", "N4", "N5"])
        #expect(s.members.map(\.id) == ["M2", "M3"])
    }

    @Test func scalingUpCopiesRowsSpreadEvenlyByIdWithTildeIds() throws {
        // 4 elderly-care needs × 1.5 = 6: instances per row in id order ⌊(i+1)·6/4⌋ − ⌊i·6/4⌋ = 1, 2, 1, 2.
        let p = try Self.pair("scale:\n  needs: {elderly-care: 1.5}\n")
        let loaded = try Self.load(p)
        let s = loaded.scenario
        #expect(s.needs.map(\.id) == ["N1", "N2", "N2~2", "N3", "N4", "N5", "N5~2"])
        let copy = try #require(s.needs.first { $0.id == "N2~2" })
        #expect(copy.priority == 2 && copy.community == "C1" && copy.category == "elderly-care")
        #expect(loaded.overlays[0].lines == ["scaled needs of category elderly-care by 1.5: 4 → 6"])
        // The same overlay twice gives the same scenario.
        #expect(ScenarioHash.hex(try Self.load(p).scenario) == ScenarioHash.hex(s))
    }

    @Test func scalingByMoreThanTwoMakesThirdCopies() throws {
        // 4 × 2.5 = 10: instances 2, 3, 2, 3.
        let p = try Self.pair("scale:\n  needs: {elderly-care: 2.5}\n")
        let s = try Self.load(p).scenario
        #expect(s.needs.filter { $0.category == "elderly-care" }.map(\.id)
                == ["N1", "N1~2", "N2", "N2~2", "N2~3", "N3", "N3~2", "N5", "N5~2", "N5~3"])
    }

    @Test func scalingDownDropsRowsSpreadEvenlyById() throws {
        // 4 × 0.5 = 2: instances 0, 1, 0, 1 — N2 and N5 stay.
        let p = try Self.pair("scale:\n  needs: {elderly-care: 0.5}\n")
        let s = try Self.load(p).scenario
        #expect(s.needs.map(\.id) == ["N2", "N4", "N5"])
    }

    @Test func settingsMapsMergeAndListsReplace() throws {
        let p = try Self.pair("""
            name: what-if
            travel: {max_travel: 20}
            weights:
              priority: {2: 500}
            objective: [coverage, travel]
            periods: {EVE: "18:30-21:00"}

            """)
        let st = try Self.load(p).scenario.settings
        #expect(st.name == "what-if" && st.week == "2026-W48")
        #expect(st.maxTravel == 20 && st.walkingSpeedKmh == 4.5)
        #expect(st.priorityWeights == [1: 1000, 2: 500, 3: 100, 4: 30, 5: 10])
        #expect(st.objective == [.coverage, .travel])
        #expect(st.calendar.periods.map(\.name) == ["AM", "PM", "EVE"])
        #expect(st.calendar.periods.last?.start == 18 * 60 + 30)
    }

    @Test func overlaysChainAndApplyBaseFirst() throws {
        let p = try Self.pair("remove:\n  needs: [N1]\ntravel: {max_travel: 20}\n")
        let top = try ScenarioFolder(["scenario.yaml": "extends: \(p.overlay.path)\nremove:\n  needs: [N2]\nweights: {vulnerable_factor: 2}\n"], defaults: false)
        let loaded = try ScenarioLoader.load(folder: top.path)
        #expect(loaded.scenario.needs.map(\.id) == ["N3", "N4", "N5"])
        #expect(loaded.scenario.settings.maxTravel == 20 && loaded.scenario.settings.vulnerableFactor == 2)
        #expect(loaded.overlays.map(\.lines) == [["settings: travel", "removed need N1"], ["settings: weights", "removed need N2"]])
    }

    @Test func extendsIsRelativeToTheOverlayFolder() throws {
        let base = try ScenarioFolder(Self.baseFiles, defaults: false)
        let name = (base.path as NSString).lastPathComponent
        let overlay = try ScenarioFolder(["scenario.yaml": "extends: ../\(name)\nremove: {needs: [N5]}\n"], defaults: false)
        #expect(try ScenarioLoader.load(folder: overlay.path).scenario.needs.count == 4)
    }

    // MARK: - errors at the overlay line

    @Test func aCycleIsAnErrorAtTheExtendsLine() throws {
        let a = try ScenarioFolder([:], defaults: false)
        let b = try ScenarioFolder(["scenario.yaml": "extends: \(a.path)\n"], defaults: false)
        try a.write("scenario.yaml", "name: a\nextends: \(b.path)\n")
        let ds = LoaderTests.errors(a)
        // The line that closes the cycle is b's: a → b → a.
        LoaderTests.expect(ds, at: "scenario.yaml:1:10", "makes a cycle")
        #expect(ds.count == 1 && ds[0].location.file.hasPrefix(b.path))
    }

    @Test func extendingAMissingFolderIsAnErrorAtTheExtendsLine() throws {
        let a = try ScenarioFolder(["scenario.yaml": "extends: ../no-such-base\n"], defaults: false)
        LoaderTests.expect(LoaderTests.errors(a), at: "scenario.yaml:1:10", "no such scenario folder")
    }

    @Test func unknownKeysAreErrorsWithTheirLine() throws {
        let p = try Self.pair("remove:\n  teams: [T1]\nscale:\n  members: {x: 2}\nadd:\n  volunteers: v.csv\ncolour: red\n")
        let ds = LoaderTests.errors(p.overlay)
        LoaderTests.expect(ds, at: "scenario.yaml:3:3", "unknown key 'remove.teams'")
        LoaderTests.expect(ds, at: "scenario.yaml:5:3", "unknown key 'scale.members'")
        LoaderTests.expect(ds, at: "scenario.yaml:7:3", "unknown key 'add.volunteers'")
        LoaderTests.expect(ds, at: "scenario.yaml:8:1", "unknown key 'colour'")
    }

    @Test func removingAnIdThatDoesNotExistIsAnErrorAtItsItem() throws {
        let p = try Self.pair("remove:\n  needs: [N1, N9]\n")
        LoaderTests.expect(LoaderTests.errors(p.overlay), at: "scenario.yaml:3:15", "cannot remove needs 'N9'")
    }

    @Test func aDanglingReferenceIsAnErrorAtTheRemovingLineNamingTheRow() throws {
        // N2 prefers M2 (a hospital member); removing the hospital leaves that preference dangling.
        let needs = "id,community,category,hours,slots,preferred_member\nN1,C1,elderly-care,1,Sat-AM,\nN2,C1,elderly-care,1,Sat-AM,M2\n"
        let p = try Self.pair("remove:\n  units: [U2]\n", base: ["needs.csv": needs, "pins.csv": nil])
        let ds = LoaderTests.errors(p.overlay)
        LoaderTests.expect(ds, at: "scenario.yaml:3:11", "member 'M2' is gone after this overlay")
        #expect(ds.contains { $0.message.contains("needs.csv:3:6") })
        // Reported once, at the overlay line; the row's own check does not repeat it.
        #expect(ds.count == 1)
        // Replacing the row with the preference cleared makes the overlay good.
        let fixed = try Self.pair("remove:\n  units: [U2]\nadd:\n  needs: n.csv\n",
                                  files: ["n.csv": "id,community,category,hours,slots\nN2,C1,elderly-care,1,Sat-AM\n"],
                                  base: ["needs.csv": needs, "pins.csv": nil])
        #expect(try Self.load(fixed).scenario.needs.map(\.id) == ["N1", "N2"])
    }

    @Test func aPinToARemovedTaskIsDangling() throws {
        let p = try Self.pair("remove:\n  needs: [N4]\n")
        let ds = LoaderTests.errors(p.overlay)
        LoaderTests.expect(ds, at: "scenario.yaml:3:11", "need 'N4' is gone after this overlay")
        #expect(ds.contains { $0.message.contains("pins.csv:2:1") })
        #expect(ds.count == 1)
    }

    @Test func badScaleFactorsAreErrorsAtTheFactor() throws {
        let p = try Self.pair("scale:\n  needs:\n    elderly-care: -1\n    tutoring: lots\n    gardening: 2\n")
        let ds = LoaderTests.errors(p.overlay)
        LoaderTests.expect(ds, at: "scenario.yaml:4:19", "must be a number from 0 to 100")
        LoaderTests.expect(ds, at: "scenario.yaml:5:15", "must be a number from 0 to 100")
        LoaderTests.expect(ds, at: "scenario.yaml:6:5", "no needs of category 'gardening'")
    }

    @Test func overlayKeysWithoutExtendsAreErrors() throws {
        let ds = try LoaderTests.errors(["scenario.yaml": "remove:\n  needs: [N1]\n"])
        LoaderTests.expect(ds, at: "scenario.yaml:1:1", "add extends: ../base first")
    }

    @Test func aListFileInTheOverlayFolderNotNamedUnderAddIsIgnoredWithAWarning() throws {
        let p = try Self.pair("", files: ["members.csv": "id,unit,community,slots\nM9,U1,C1,Sat-AM\n"])
        let loaded = try Self.load(p)
        #expect(loaded.scenario.members.count == 3)
        #expect(loaded.warnings.contains { LoaderTests.place($0) == "members.csv:1:1" && $0.message.contains("is ignored") })
    }

    @Test func extendsMustBeOneFolder() throws {
        let a = try ScenarioFolder(["scenario.yaml": "extends: [a, b]\n"])
        LoaderTests.expect(LoaderTests.errors(a), at: "scenario.yaml:1:10", "must name one scenario folder")
    }

    @Test func aBaseErrorStillPointsAtTheBaseFile() throws {
        let p = try Self.pair("remove: {needs: [N1]}\n", base: ["needs.csv": "id,community,hours,slots\nN1,C1,1,Sat-AM\nN2,C9,1,Sat-AM\n", "pins.csv": nil])
        let ds = LoaderTests.errors(p.overlay)
        #expect(ds.count == 1)
        LoaderTests.expect(ds, at: "needs.csv:3:2", "community 'C9' is not a known community")
        #expect(ds[0].location.file.hasPrefix(p.base.path))
    }

    // MARK: - the hash

    @Test func theScenarioHashIgnoresRowOrderAndHeaderLanguage() throws {
        let a = try ScenarioFolder(Self.baseFiles, defaults: false)
        var shuffled = Self.baseFiles
        shuffled["needs.csv"] = "编号,社区,类别,小时,时段,优先级\nN5,C1,elderly-care,1,Sat-AM,3\nN3,C2,elderly-care,1,Sun-AM,3\nN1,C1,elderly-care,1,Sat-AM,1\nN4,C2,tutoring,1,Sun-AM,3\nN2,C1,elderly-care,1,Sat-AM,2\n"
        shuffled["members.csv"] = "id,name,unit,community,skills,slots,max_hours\nM3,Zhao,U1,C2,,Sun-AM,4\nM2,Wang,U2,C1,medical,Sun-AM|Sat-AM,4\nM1,Li,U1,C1,,Sat-AM,4\n"
        let b = try ScenarioFolder(shuffled, defaults: false)
        let ha = ScenarioHash.hex(try ScenarioLoader.load(folder: a.path).scenario)
        #expect(ha == ScenarioHash.hex(try ScenarioLoader.load(folder: b.path).scenario))
        try b.write("needs.csv", "id,community,category,hours,slots,priority\nN1,C1,elderly-care,1,Sat-AM,2\nN2,C1,elderly-care,1,Sat-AM,2\nN3,C2,elderly-care,1,Sun-AM,3\nN4,C2,tutoring,1,Sun-AM,3\nN5,C1,elderly-care,1,Sat-AM,3\n")
        #expect(ha != ScenarioHash.hex(try ScenarioLoader.load(folder: b.path).scenario))
        #expect(ha.count == 64)
    }
}
