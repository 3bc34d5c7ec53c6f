import ArgumentParser
import CommunityMatch
import Foundation
import ScenarioIO

/// `cmatch scenario …`: looking at a scenario without solving it. A group, so that later views of a
/// scenario (a diff of two, say) have a place.
struct ScenarioGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Inspect a scenario without solving it.",
        subcommands: [ScenarioShow.self])
}

struct ScenarioShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a scenario as it resolves: its settings, the size of each list, what each what-if overlay changed, and its hash.",
        discussion: """
        A what-if scenario's scenario.yaml may extend another scenario and remove, add, replace or scale \
        rows (docs/what-if.md). This prints the result of the whole chain, base first, so a planner can \
        check an overlay does what they meant before solving.

        The hash is SHA-256 of a canonical text of the resolved content — every list sorted by id, numbers \
        and slots written one way — so it does not change when rows are reordered, the files are re-saved \
        in another encoding, or an overlay is copied out into a plain folder. Every plan's summary.json and \
        plan.json record it as scenario_hash. --canonical prints the text that is hashed, to diff two \
        scenarios with ordinary tools.

        Exit codes: 0 the scenario resolves, 65 bad input data (every problem as file:line:column: message), \
        66 an input cannot be read.
        """)

    @Argument(help: "The scenario folder.") var scenario: String
    @Flag(help: "Print the canonical text that is hashed instead of the summary.") var canonical = false
    @Flag(help: "Do not print warnings.") var quiet = false

    @OptionGroup var languageOption: LanguageOption
    var lang: Language { languageOption.language }

    func run() throws { try guarded(lang, body) }

    func body() throws {
        let loaded = try loadScenario(scenario, quiet: quiet)
        if canonical {
            print(ScenarioHash.canonicalText(loaded.scenario), terminator: "")
            return
        }
        print(Self.describe(loaded, lang), terminator: "")
    }

    /// The summary printed by `scenario show`; deterministic, so tests and docs can pin it.
    static func describe(_ loaded: LoadedScenario, _ lang: Language = .en) -> String {
        let s = loaded.scenario
        let st = s.settings
        var out: [String] = []
        out.append(lang(.showScenario, ["value": loaded.folder]))
        out.append(lang(.showName, ["value": st.name]))
        out.append(lang(.showWeek, ["value": st.week]))
        out.append(lang(.showHash, ["value": ScenarioHash.hex(s)]))
        if !loaded.overlays.isEmpty {
            out.append(lang(.showOverlays))
            for o in loaded.overlays {
                out.append(lang(.showExtends, ["folder": o.folder, "base": o.extends]))
                for l in o.messages { out.append("    \(lang(l))") }
                if o.messages.isEmpty { out.append(lang(.showNoChanges)) }
            }
        }
        out.append(lang(.showSettings))
        func hm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        out.append("  periods: " + st.calendar.periods.map { "\($0.name) \(hm($0.start))-\(hm($0.end))" }.joined(separator: ", "))
        out.append("  travel: walking_speed_kmh \(formatNumber(st.walkingSpeedKmh)), max_travel \(formatNumber(st.maxTravel))")
        out.append("  weights: priority {" + st.priorityWeights.keys.sorted().map { "\($0): \(formatNumber(st.priorityWeights[$0]!))" }.joined(separator: ", ")
                   + "}, vulnerable_factor \(formatNumber(st.vulnerableFactor)), continuity_bonus \(formatNumber(st.continuityBonus))")
        out.append("  objective: " + st.objective.map(\.rawValue).joined(separator: ", "))
        out.append(lang(.showLists))
        func categories(_ cs: [String]) -> String {
            var n: [String: Int] = [:]
            for c in cs { n[c.isEmpty ? lang(.showNone) : lang.term(c), default: 0] += 1 }
            let parts = n.keys.sorted { (n[$0]!, $1) > (n[$1]!, $0) }.map { "\($0) \(n[$0]!)" }
            return parts.isEmpty ? "" : lang.pick("（", " (") + parts.joined(separator: lang.pick("，", ", ")) + lang.pick("）", ")")
        }
        out.append(lang(.showCommunities, ["value": String(s.communities.count)]))
        out.append(lang(.showUnits, ["value": String(s.units.count)]))
        out.append(lang(.showMembers, ["value": String(s.members.count)]))
        out.append(lang(.showResources, ["value": String(s.resources.count)]))
        out.append(lang(.showNeeds, ["value": String(s.needs.count)]) + categories(s.needs.map(\.category)))
        out.append(lang(.showProjects, ["value": String(s.projects.count)]) + categories(s.projects.map(\.category)))
        out.append(lang(.showTravelOverrides, ["value": String(s.travelOverrides.count)]))
        out.append(lang(.showPins, ["value": String(s.pins.count)]))
        return out.joined(separator: "\n") + "\n"
    }
}
