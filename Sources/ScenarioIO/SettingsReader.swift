import CommunityMatch
import Foundation
import Yams

/// Reads scenario.yaml into `Settings`, reporting unknown keys and bad values with their line and column.
/// Built on `Yams.compose` rather than Codable because Codable accepts unknown keys silently and loses
/// positions (FACTS.md).
public struct SettingsReader {
    public var file: String
    public private(set) var log = DiagnosticLog()
    /// The `encoding:` key, passed on to the CSV reader.
    public private(set) var declaredEncoding: TextEncoding?

    /// `columns:`: per list, the office's header → our column name (issue 17). Read by the table resolver,
    /// not the model, so it lives here rather than in `Settings`.
    public private(set) var columnMaps: [ScenarioFile: [String: String]] = [:]
    /// `vocabulary:`: the office's words for our skills and resource kinds, lower-cased both sides.
    public private(set) var vocabulary = Vocabulary()

    /// The settings of the scenario an overlay extends: its keys are read on top of them (maps merge, lists
    /// replace), so an overlay states only what differs. nil for a scenario that extends nothing.
    var base: Settings?
    /// `extends`, `remove`, `add` and `scale` with their nodes, kept for `Overlay` to read: they are about
    /// rows, not settings, and their positions must survive to name the overlay line in errors.
    private(set) var overlayEntries: [(key: Node, value: Node)] = []

    public init(file: String) { self.file = file }

    init(file: String, base: Settings?) {
        self.file = file
        self.base = base
    }

    static let topKeys = ["name", "week", "encoding", "periods", "travel", "weights", "objective", "columns",
                          "vocabulary", "extends", "remove", "add", "scale"]

    public mutating func read(_ text: String) -> Settings {
        var settings = base ?? Settings()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            report(error)
            return settings
        } catch {
            log.error(SourceLocation(file: file, line: 1, column: 1), Message(.yamlCannotParse, ["detail": "\(error)"]))
            return settings
        }
        guard let root else { return settings }   // an empty file: every key takes its default
        guard let map = root.mapping else {
            log.error(at(root), Message(.yamlNotMapping))
            return settings
        }
        for (keyNode, value) in map {
            let key = keyNode.string ?? ""
            switch key {
            case "name": settings.name = scalar(value, key) ?? ""
            case "week":
                if let w = scalar(value, key) {
                    if Self.isoWeek(w) != nil { settings.week = w }
                    else { log.error(at(value), Message(.yamlBadWeek, ["week": w])) }
                }
            case "encoding":
                if let e = scalar(value, key) {
                    if let enc = TextEncoding(name: e) { declaredEncoding = enc }
                    else { log.error(at(value), Message(.yamlBadEncoding, ["encoding": e])) }
                }
            case "periods": readPeriods(value, into: &settings)
            case "travel": readTravel(value, into: &settings)
            case "weights": readWeights(value, into: &settings)
            case "objective": readObjective(value, into: &settings)
            case "columns": readColumns(value)
            case "vocabulary": readVocabulary(value)
            case "extends", "remove", "add", "scale":
                overlayEntries.append((keyNode, value))
            default:
                log.error(at(keyNode), Message(.yamlUnknownKey, ["key": key, "keys": Self.topKeys.joined(separator: ", ")]))
            }
        }
        return settings
    }

    /// (year, week) of `2026-W48`, validating the week exists in that ISO year.
    public static func isoWeek(_ s: String) -> (year: Int, week: Int)? {
        let parts = s.uppercased().split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), parts[1].hasPrefix("W"),
              let w = Int(parts[1].dropFirst()), y >= 1900, y <= 9999, w >= 1 else { return nil }
        // A year has 53 ISO weeks when Jan 1 is a Thursday, or a Wednesday in a leap year.
        let jan1 = isoWeekdayOfJan1(y)
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let weeks = (jan1 == 4 || (leap && jan1 == 3)) ? 53 : 52
        return w <= weeks ? (y, w) : nil
    }

    /// 1 = Monday … 7 = Sunday (Gauss's algorithm; no calendar or locale involved).
    static func isoWeekdayOfJan1(_ y: Int) -> Int {
        let d = (1 + 5 * ((y - 1) % 4) + 4 * ((y - 1) % 100) + 6 * ((y - 1) % 400)) % 7   // 0 = Sunday
        return d == 0 ? 7 : d
    }

    private func at(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func report(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            log.error(SourceLocation(file: file, line: mark.line, column: mark.column), Message(.yamlInvalid, ["detail": "\(problem)"]))
        case .duplicatedKeysInMapping(let dups, let context):
            log.error(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                      Message(.yamlKeyTwice, ["keys": dups.joined(separator: ", ")]))
        default:
            log.error(SourceLocation(file: file, line: 1, column: 1), Message(.yamlInvalid, ["detail": "\(error)"]))
        }
    }

    private mutating func scalar(_ node: Node, _ key: String) -> String? {
        guard let s = node.scalar?.string else {
            log.error(at(node), Message(.yamlSingleValue, ["key": key]))
            return nil
        }
        return s
    }

    private mutating func number(_ node: Node, _ key: String, min: Double, max: Double = .greatestFiniteMagnitude) -> Double? {
        guard let s = scalar(node, key) else { return nil }
        guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            log.error(at(node), Message(.yamlNotNumber, ["key": key, "value": s]))
            return nil
        }
        guard v >= min && v <= max else {
            log.error(at(node), Message(.yamlOutOfRange, ["key": key, "min": formatNumber(min), "max": formatNumber(max), "value": s]))
            return nil
        }
        return v
    }

    private mutating func mapping(_ node: Node, _ key: String) -> Node.Mapping? {
        guard let m = node.mapping else {
            log.error(at(node), Message(.yamlNotMapping2, ["key": key]))
            return nil
        }
        return m
    }

    private mutating func readPeriods(_ node: Node, into settings: inout Settings) {
        guard let map = mapping(node, "periods") else { return }
        // In an overlay the map merges into the base's periods: a period named again is replaced.
        var periods: [Period] = base == nil ? [] : settings.calendar.periods
        var inherited = Set(periods.map { $0.name.lowercased() })
        for (k, v) in map {
            let name = k.string ?? ""
            guard !name.isEmpty, !name.contains("-"), !name.contains("|"), !name.contains(" ") else {
                log.error(at(k), Message(.periodNameBad, ["name": name]))
                continue
            }
            if ["any", "weekend", "weekday", "all"].contains(name.lowercased()) || SlotCalendar.days(name.lowercased()) != nil {
                log.error(at(k), Message(.periodNameTaken, ["name": name]))
                continue
            }
            if inherited.remove(name.lowercased()) != nil {
                periods.removeAll { $0.name.lowercased() == name.lowercased() }
            }
            if periods.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                log.error(at(k), Message(.periodTwice, ["name": name]))
                continue
            }
            guard let text = scalar(v, "periods.\(name)"), let (a, b) = Self.timeRange(text) else {
                log.error(at(v), Message(.periodNotRange, ["name": name]))
                continue
            }
            periods.append(Period(name: name, start: a, end: b))
        }
        if periods.isEmpty {
            log.error(at(node), Message(.periodsEmpty))
            return
        }
        periods.sort { $0.start < $1.start }
        for i in 1..<periods.count where periods[i].start < periods[i - 1].end {
            log.error(at(node), Message(.periodsOverlap, ["a": periods[i - 1].name, "b": periods[i].name]))
        }
        settings.calendar = SlotCalendar(periods: periods)
    }

    static func timeRange(_ s: String) -> (Int, Int)? {
        let parts = s.replacingOccurrences(of: "–", with: "-").split(separator: "-")
        guard parts.count == 2 else { return nil }
        func minutes(_ t: Substring) -> Int? {
            let hm = t.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
            let v = h * 60 + m
            return v <= 24 * 60 ? v : nil
        }
        guard let a = minutes(parts[0]), let b = minutes(parts[1]), a < b else { return nil }
        return (a, b)
    }

    private mutating func readTravel(_ node: Node, into settings: inout Settings) {
        guard let map = mapping(node, "travel") else { return }
        for (k, v) in map {
            switch k.string ?? "" {
            case "walking_speed_kmh":
                if let x = number(v, "walking_speed_kmh", min: 0.1, max: 200) { settings.walkingSpeedKmh = x }
            case "max_travel":
                if let x = number(v, "max_travel", min: 0, max: 24 * 60) { settings.maxTravel = x }
            default:
                log.error(at(k), Message(.yamlUnknownTravelKey, ["key": k.string ?? ""]))
            }
        }
    }

    private mutating func readWeights(_ node: Node, into settings: inout Settings) {
        guard let map = mapping(node, "weights") else { return }
        for (k, v) in map {
            switch k.string ?? "" {
            case "priority":
                guard let pm = mapping(v, "weights.priority") else { continue }
                // Maps merge: a planner may change one weight and keep the others.
                for (pk, pv) in pm {
                    guard let p = Int(pk.string ?? ""), p >= 0, p <= 1000 else {
                        log.error(at(pk), Message(.priorityNotWhole, ["value": pk.string ?? ""]))
                        continue
                    }
                    if let w = number(pv, "weights.priority.\(p)", min: 0, max: 1e9) { settings.priorityWeights[p] = w }
                }
            case "vulnerable_factor":
                if let x = number(v, "vulnerable_factor", min: 0, max: 1e6) { settings.vulnerableFactor = x }
            case "continuity_bonus":
                if let x = number(v, "continuity_bonus", min: 0, max: 1e6) { settings.continuityBonus = x }
            default:
                log.error(at(k), Message(.yamlUnknownWeightsKey, ["key": k.string ?? ""]))
            }
        }
    }

    private mutating func readObjective(_ node: Node, into settings: inout Settings) {
        guard let seq = node.sequence else {
            log.error(at(node), Message(.objectiveNotList))
            return
        }
        var levels: [ObjectiveLevel] = []
        for item in seq {
            guard let s = item.string, let level = ObjectiveLevel(rawValue: s.lowercased()) else {
                log.error(at(item), Message(.objectiveUnknownLevel, ["level": item.string ?? ""]))
                continue
            }
            if levels.contains(level) { log.error(at(item), Message(.objectiveTwice, ["level": s])); continue }
            levels.append(level)
        }
        if seq.count == 0 { log.error(at(node), Message(.objectiveEmpty)) }
        else { settings.objective = levels }
    }

    /// `columns: {members: {每周时长上限: max_hours}}`: every list and target column must exist, so that a
    /// typo here is an error rather than a mapping that silently does nothing.
    private mutating func readColumns(_ node: Node) {
        guard let map = mapping(node, "columns") else { return }
        for (k, v) in map {
            let name = k.string ?? ""
            guard let list = ScenarioFile(rawValue: name.lowercased()) ?? WorkbookSheets.list(forSheet: name) else {
                log.error(at(k), Message(.columnsNotAList, ["name": name, "lists": ScenarioFile.allCases.map(\.rawValue).joined(separator: ", ")]))
                continue
            }
            guard let m = mapping(v, "columns.\(name)") else { continue }
            for (hk, hv) in m {
                let header = hk.string ?? ""
                guard let target = hv.scalar?.string, !header.isEmpty else {
                    log.error(at(hv), Message(.columnsMapOne, ["name": name, "example": "每周时长上限: max_hours"]))
                    continue
                }
                guard let col = list.columns.first(where: { $0.name == target.lowercased() || $0.matches(target) }) else {
                    log.error(at(hv), Message(.columnsNotAColumn, ["name": name, "header": header, "target": target, "list": list.rawValue,
                                                                  "columns": list.columns.map(\.name).joined(separator: ", ")]))
                    continue
                }
                columnMaps[list, default: [:]][header] = col.name
            }
        }
    }

    /// `vocabulary: {skills: {驾驶: driving}, kinds: {车辆: vehicle}}`.
    private mutating func readVocabulary(_ node: Node) {
        guard let map = mapping(node, "vocabulary") else { return }
        for (k, v) in map {
            let key = k.string ?? ""
            guard key == "skills" || key == "kinds" else {
                log.error(at(k), Message(.vocabularyUnknownKey, ["key": key]))
                continue
            }
            guard let m = mapping(v, "vocabulary.\(key)") else { continue }
            for (wk, wv) in m {
                guard let word = wk.string, !word.isEmpty, let ours = wv.scalar?.string, !ours.isEmpty else {
                    log.error(at(wv), Message(.vocabularyMapOne, ["key": key, "example": "驾驶: driving"]))
                    continue
                }
                let from = RowReader.halfWidth(word).lowercased(), to = RowReader.halfWidth(ours).lowercased()
                if key == "skills" { vocabulary.skills[from] = to } else { vocabulary.kinds[from] = to }
            }
        }
    }
}

/// The office's words for our skills and resource kinds (`vocabulary:` in scenario.yaml), applied wherever a
/// skill or kind is read, so 驾驶 on a need and driving on a member are one skill.
public struct Vocabulary: Sendable, Equatable {
    public var skills: [String: String] = [:]
    public var kinds: [String: String] = [:]
    public init() {}

    func skill(_ word: String) -> String { skills[word] ?? word }
    func kind(_ word: String) -> String { kinds[word] ?? word }

    /// This vocabulary with `other`'s entries on top (an overlay's words added to its base's).
    func merging(_ other: Vocabulary) -> Vocabulary {
        var v = self
        v.skills.merge(other.skills) { _, b in b }
        v.kinds.merge(other.kinds) { _, b in b }
        return v
    }
}
