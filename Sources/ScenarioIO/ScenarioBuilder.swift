import CommunityMatch
import Foundation

/// Turns resolved tables into a validated `Scenario`: ids unique, references resolved, numbers in range,
/// slots parsed, pins checked one by one and together. Every problem is logged; none stops the others.
struct ScenarioBuilder {
    var settings: Settings
    var log: DiagnosticLog

    /// Ids whose own rows had errors: a reference to one is not reported again, since the one mistake
    /// already has its message and a second one would send the reader to the wrong file. The loader also
    /// puts here the ids a what-if overlay removed while rows still point at them (`OverlayEditor`), whose
    /// message names the overlay line.
    var brokenCommunities: Set<String> = []
    var brokenUnits: Set<String> = []
    var brokenMembers: Set<String> = []
    /// Needs and projects whose rows had errors: pins to them are not reported again.
    var brokenTasks: Set<String> = []
    /// Required files that exist but could not be read (an encoding error, no header): references into them
    /// cannot be checked, and reporting each as unknown would bury the one real error under hundreds.
    var unreadFiles: Set<ScenarioFile> = []
    /// The office's words for skills and kinds (`vocabulary:`), applied to every skill and kind read.
    var vocabulary = Vocabulary()
    /// The sheet each list was read from, when it came from a workbook: messages then name the sheet
    /// (`the 单位 sheet`, `Message.listName`) instead of the CSV file.
    var listNames: [ScenarioFile: String] = [:]
    /// Skills some member holds and kinds some resource has, known once members and resources are read:
    /// a need's word outside them is checked against them for a likely misspelling or an office word.
    private var heldSkills: [String] = []
    private var knownKinds: [String] = []
    private var skillsComplete = true
    private var kindsComplete = true

    func list(_ f: ScenarioFile) -> Message { Message.listName(f, sheet: listNames[f]) }

    init(settings: Settings, log: DiagnosticLog) {
        self.settings = settings
        self.log = log
    }

    mutating func build(_ tables: [ScenarioFile: ResolvedTable]) -> Scenario {
        for file in ScenarioFile.allCases { if let t = tables[file] { checkTextCells(t) } }
        let communities = readCommunities(tables[.communities])
        let communityIDs = Set(communities.map(\.id))
        let units = readUnits(tables[.units])
        let unitIDs = Set(units.map(\.id))
        var errorsBefore = log.errors.count
        let members = readMembers(tables[.members], communities: communityIDs, units: unitIDs)
        // Words are checked against complete lists only: a member row with an error would make its skills look unknown.
        skillsComplete = log.errors.count == errorsBefore && !unreadFiles.contains(.members)
        errorsBefore = log.errors.count
        let resources = readResources(tables[.resources], communities: communityIDs, units: unitIDs)
        kindsComplete = log.errors.count == errorsBefore
        heldSkills = Set(members.flatMap(\.skills)).sorted()
        knownKinds = Set(resources.map(\.kind)).sorted()
        let memberIDs = Set(members.map(\.id))
        let needs = readNeeds(tables[.needs], communities: communityIDs, members: memberIDs)
        let projects = readProjects(tables[.projects], communities: communityIDs)
        let travel = readTravel(tables[.travel], communities: communityIDs)
        var scenario = Scenario(settings: settings, communities: communities, units: units, members: members,
                                resources: resources, needs: needs, projects: projects, travelOverrides: travel)
        scenario.pins = readPins(tables[.pins], scenario: scenario)
        return scenario
    }

    // MARK: - helpers

    /// Checks an id is new in its file; logs the duplicate with the line of the first.
    private mutating func unique(_ id: String, _ row: RowReader, _ seen: inout [String: Int]) -> Bool {
        if let first = seen[id] {
            log.error(row.location("id"), Message(.duplicateId, ["id": id, "first": String(first)]))
            return false
        }
        seen[id] = row.line
        return true
    }

    /// The slots of a cell, as offices write them: `Sat-AM|Sun-AM`, `周六上午、周日上午`, `周一至周五晚上`,
    /// separated by `|`, `;`, `、`, `，`, `,` or spaces (`OfficeSlots`).
    private mutating func slots(_ row: RowReader, _ column: String, emptyMeansAny: Bool) -> Set<Slot>? {
        let items = OfficeSlots.split(row.text(column))
        if items.isEmpty { return emptyMeansAny ? Set(settings.calendar.allSlots) : [] }
        if ExcelDamage.looksLikeDate(row.text(column)) || ExcelDamage.looksLikeDate(items[0]) {
            log.error(row.location(column), InputMessage.slotLooksLikeDate(row.text(column)))
            return nil
        }
        var out: Set<Slot> = []
        var ok = true
        for token in items {
            // Slot words are a fixed vocabulary, so full-width letters and dashes (ｓａｔ－ＡＭ) can only mean one thing.
            if let s = OfficeSlots.parse(token, settings.calendar) { out.formUnion(s) }
            else {
                log.error(row.location(column), Message(.unknownSlot, ["token": token, "periods": settings.calendar.periods.map(\.name).joined(separator: ", ")]))
                ok = false
            }
        }
        return ok ? out : nil
    }

    private func tags(_ row: RowReader, _ column: String) -> Set<String> {
        Set(row.list(column).map { RowReader.halfWidth($0).lowercased() })
    }

    /// Skills, with the office's words (`vocabulary: skills:`) replaced by ours.
    private func skills(_ row: RowReader, _ column: String) -> Set<String> {
        Set(tags(row, column).map(vocabulary.skill))
    }

    /// A skill a need or project requires that no member holds, or a resource kind no resource has: the task
    /// can never be served, and the word is usually the office's own (驾驶 for driving) or a typo. A warning,
    /// since a list can be short of a skill for real; the nearest known word is named.
    private mutating func checkWords(_ row: RowReader, _ column: String, skills: [String] = [], kinds: [String] = []) {
        for w in skills where w != "any" && !heldSkills.contains(w) && skillsComplete {
            log.warning(row.location(column), InputMessage.unknownWord(w, guess: WordGuess.nearest(w, among: heldSkills), vocabularyKey: "skills"))
        }
        for k in kinds where !knownKinds.contains(k) && kindsComplete {
            log.warning(row.location(column), InputMessage.unknownWord(k, guess: WordGuess.nearest(k, among: knownKinds), vocabularyKey: "kinds"))
        }
    }

    private mutating func reference(_ row: RowReader, _ column: String, _ known: Set<String>, _ noun: String, in file: ScenarioFile,
                                    broken: Set<String>, required: Bool = true) -> String? {
        guard let id = row.id(column, log: &log, required: required) else { return nil }
        if broken.contains(id) { return nil }
        if unreadFiles.contains(file) { return nil }
        if !known.contains(id) {
            // Ids are free text and stay as typed, but a person cannot see the difference between Ｃ１ and C1.
            var hint = Message(.noHint)
            if let half = ExcelDamage.halfWidthVariant(id), known.contains(half) {
                hint = Message(.hintFullWidth, ["id": half])
            }
            log.error(row.location(column), Message(.unknownReference, ["column": column, "id": id],
                                                           nested: ["file": list(file), "hint": hint, "kind": Message.kind(noun)]))
            return nil
        }
        return id
    }

    private mutating func priority(_ row: RowReader) -> Int? {
        guard let p = row.number("priority", log: &log, default: 3, min: -1e9, max: 1e9, integer: true) else { return nil }
        let v = Int(p)
        if settings.priorityWeights[v] == nil {
            log.error(row.location("priority"), Message(.priorityNoWeight, ["priority": String(v), "known": settings.priorityWeights.keys.sorted().map(String.init).joined(separator: ", ")]))
            return nil
        }
        return v
    }

    /// Accepted slots a task of `hours` fits in; shorter ones are dropped with a warning, and none left is an error.
    private mutating func taskSlots(_ row: RowReader, hours: Double?, kind: String) -> [Slot]? {
        // SPEC: an empty cell is too often a forgotten one (a Tuesday escort was planned for Saturday).
        if OfficeSlots.split(row.text("slots")).isEmpty {
            log.error(row.location("slots"), InputMessage.emptyTaskSlots(kind))
            return nil
        }
        guard let accepted = slots(row, "slots", emptyMeansAny: true) else { return nil }
        guard let hours else { return nil }
        let cal = settings.calendar
        let fitting = accepted.filter { cal.hours($0) + Tolerance.epsilon >= hours }.sorted()
        if fitting.isEmpty {
            log.error(row.location("hours"), Message(.hoursLongerThanSlots, ["hours": formatNumber(hours), "longest": formatNumber(accepted.map(cal.hours).max() ?? 0)]))
            return nil
        }
        if fitting.count < accepted.count, !row.text("slots").isEmpty {
            let dropped = accepted.subtracting(fitting).sorted().map(cal.label)
            log.warning(row.location("slots"), Message(.slotsTooShortDropped, ["slots": dropped.joined(separator: "|"), "hours": formatNumber(hours)]))
        }
        return fitting
    }

    private mutating func requirements(_ row: RowReader) -> [ResourceRequirement]? {
        var out: [ResourceRequirement] = []
        var ok = true
        for item in row.list("resources") {
            if var r = Self.parseRequirement(item) {
                r.kind = vocabulary.kind(r.kind)
                out.append(r)
            }
            else {
                log.error(row.location("resources"), Message(.badRequirement, ["item": item]))
                ok = false
            }
        }
        return ok ? out : nil
    }

    /// `kind[:tag][>=capacity][=amount]`.
    static func parseRequirement(_ raw: String) -> ResourceRequirement? {
        var s = RowReader.halfWidth(raw).replacingOccurrences(of: "≥", with: ">=")
        var amount: Double? = nil
        var capacity: Double? = nil
        // Split off "=amount" first: it is the last '=' not part of ">=".
        if let eq = s.lastIndex(of: "="), eq != s.startIndex, s[s.index(before: eq)] != ">" {
            guard let a = Double(s[s.index(after: eq)...].trimmingCharacters(in: .whitespaces)), a.isFinite, a >= 0 else { return nil }
            amount = a
            s = String(s[..<eq])
        }
        if let ge = s.range(of: ">=") {
            guard let c = Double(s[ge.upperBound...].trimmingCharacters(in: .whitespaces)), c.isFinite, c >= 0 else { return nil }
            capacity = c
            s = String(s[..<ge.lowerBound])
        }
        let parts = s.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let kind = parts.first, !kind.isEmpty, !kind.contains(where: { "<>=: ".contains($0) }) else { return nil }
        var tag: String? = nil
        if parts.count == 2 {
            guard !parts[1].isEmpty, !parts[1].contains(where: { "<>=:".contains($0) }) else { return nil }
            tag = parts[1]
        }
        return ResourceRequirement(kind: kind, tag: tag, minCapacity: capacity, amount: amount)
    }

    /// `skill:min-max` items; `skill:n` means exactly n.
    static func parseRole(_ raw: String) -> Role? {
        let s = RowReader.halfWidth(raw)
        let parts = s.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let range = parts[1].split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard range.count <= 2, let lo = Int(range[0]) else { return nil }
        let hi = range.count == 2 ? Int(range[1]) : lo
        guard let hi, lo >= 0, hi >= lo, hi <= 1000 else { return nil }
        return Role(skill: parts[0].lowercased(), min: lo, max: hi)
    }

    // MARK: - files

    private mutating func readCommunities(_ t: ResolvedTable?) -> [Community] {
        guard let t else { return [] }
        var seen: [String: Int] = [:]
        var out: [Community] = []
        for row in t.rows {
            guard let id = row.id("id", log: &log), unique(id, row, &seen) else { continue }
            let lat = row.number("lat", log: &log, default: nil, min: -90, max: 90)
            let lon = row.number("lon", log: &log, default: nil, min: -180, max: 180)
            guard let lat, let lon else { brokenCommunities.insert(id); continue }
            out.append(Community(id: id, name: row.text("name"), street: row.text("street"), lat: lat, lon: lon))
        }
        return out
    }

    private mutating func readUnits(_ t: ResolvedTable?) -> [StationedUnit] {
        guard let t else { return [] }
        var seen: [String: Int] = [:]
        var out: [StationedUnit] = []
        for row in t.rows {
            guard let id = row.id("id", log: &log), unique(id, row, &seen) else { continue }
            guard let pledge = row.number("pledge_hours", log: &log, default: 0, min: 0, max: 1e6) else {
                brokenUnits.insert(id); continue
            }
            out.append(StationedUnit(id: id, name: row.text("name"), kind: row.text("kind"), pledgeHours: pledge, contact: row.text("contact")))
        }
        return out
    }

    private mutating func readMembers(_ t: ResolvedTable?, communities: Set<String>, units: Set<String>) -> [Member] {
        guard let t else { return [] }
        var seen: [String: Int] = [:]
        var out: [Member] = []
        for row in t.rows {
            guard let id = row.id("id", log: &log), unique(id, row, &seen) else { continue }
            let unit = reference(row, "unit", units, "unit", in: .units, broken: brokenUnits)
            let community = reference(row, "community", communities, "community", in: .communities, broken: brokenCommunities)
            let maxHours = row.number("max_hours", log: &log, default: 4, min: 0, max: 168)
            let available = slots(row, "slots", emptyMeansAny: false)
            guard let unit, let community, let maxHours, let available else { brokenMembers.insert(id); continue }
            if available.isEmpty {
                log.warning(row.location("slots"), Message(.memberNoSlots, ["id": id]))
            }
            out.append(Member(id: id, name: row.text("name"), unit: unit, community: community,
                              skills: skills(row, "skills"), slots: available, maxHours: maxHours, phone: row.text("phone")))
        }
        return out
    }

    private mutating func readResources(_ t: ResolvedTable?, communities: Set<String>, units: Set<String>) -> [Resource] {
        guard let t else { return [] }
        var seen: [String: Int] = [:]
        var out: [Resource] = []
        for row in t.rows {
            guard let id = row.id("id", log: &log), unique(id, row, &seen) else { continue }
            let unit = reference(row, "unit", units, "unit", in: .units, broken: brokenUnits)
            let kind = row.id("kind", log: &log)
            let community = row.text("community").isEmpty ? nil : reference(row, "community", communities, "community", in: .communities, broken: brokenCommunities)
            let capacity = row.number("capacity", log: &log, default: 1, min: 0, max: 1e9)
            let quantity = row.text("quantity").isEmpty ? nil : row.number("quantity", log: &log, default: nil, min: 0, max: 1e12)
            let usable = row.text("slots").isEmpty ? nil : slots(row, "slots", emptyMeansAny: true)
            // Every cell is read before a bad one drops the row, so that each problem is reported at once.
            if !row.text("community").isEmpty && community == nil { continue }
            if !row.text("quantity").isEmpty && quantity == nil { continue }
            if !row.text("slots").isEmpty && usable == nil { continue }
            guard let unit, let kind, let capacity else { continue }
            out.append(Resource(id: id, unit: unit, kind: vocabulary.kind(RowReader.halfWidth(kind).lowercased()), name: row.text("name"), community: community,
                                capacity: capacity, slots: usable, quantity: quantity, tags: tags(row, "tags")))
        }
        return out
    }

    private var longestPeriod: Double { settings.calendar.periods.map(\.hours).max() ?? 0 }

    private mutating func readNeeds(_ t: ResolvedTable?, communities: Set<String>, members: Set<String>) -> [Need] {
        guard let t else { return [] }
        var seen: [String: Int] = [:]
        var out: [Need] = []
        for row in t.rows {
            guard let id = row.id("id", log: &log), unique(id, row, &seen) else { continue }
            let community = reference(row, "community", communities, "community", in: .communities, broken: brokenCommunities)
            let headcount = row.number("headcount", log: &log, default: 1, min: 1, max: 1000, integer: true)
            let hours = row.number("hours", log: &log, default: nil, min: 0.0001, max: 24)
            let accepted = taskSlots(row, hours: hours, kind: "need")
            let prio = priority(row)
            let vulnerable = row.yesNo("vulnerable", log: &log)
            let reqs = requirements(row)
            let preferred = row.text("preferred_member").isEmpty ? nil
                : reference(row, "preferred_member", members, "member", in: .members, broken: brokenMembers)
            let maxTravel = row.number("max_travel", log: &log, default: settings.maxTravel, min: 0, max: 24 * 60)
            guard let community, let headcount, let hours, let accepted, let prio, let reqs, let maxTravel else {
                brokenTasks.insert(id); continue
            }
            if !row.text("preferred_member").isEmpty && preferred == nil { brokenTasks.insert(id); continue }
            var skills = skills(row, "skills")
            skills.remove("any")
            checkWords(row, "skills", skills: skills.sorted())
            checkWords(row, "resources", kinds: reqs.map(\.kind))
            out.append(Need(id: id, community: community, category: row.text("category"), title: row.text("title"),
                            headcount: Int(headcount), hours: hours, slots: accepted, skills: skills, priority: prio,
                            vulnerable: vulnerable, resources: reqs, preferredMember: preferred,
                            maxTravel: row.text("max_travel").isEmpty ? nil : maxTravel))
        }
        return out
    }

    private mutating func readProjects(_ t: ResolvedTable?, communities: Set<String>) -> [Project] {
        guard let t else { return [] }
        var seen: [String: Int] = [:]
        var out: [Project] = []
        for row in t.rows {
            guard let id = row.id("id", log: &log), unique(id, row, &seen) else { continue }
            let community = reference(row, "community", communities, "community", in: .communities, broken: brokenCommunities)
            let hours = row.number("hours", log: &log, default: nil, min: 0.0001, max: 24)
            let accepted = taskSlots(row, hours: hours, kind: "project")
            let prio = priority(row)
            let reqs = requirements(row)
            let beneficiaries = row.number("beneficiaries", log: &log, default: nil, min: 0, max: 1e7, integer: true)
            var roles: [Role] = []
            var rolesOK = true
            let items = row.list("roles")
            if items.isEmpty { log.error(row.location("roles"), Message(.rolesEmpty)); rolesOK = false }
            for item in items {
                guard var r = Self.parseRole(item) else {
                    log.error(row.location("roles"), Message(.badRole, ["item": item]))
                    rolesOK = false
                    continue
                }
                r.skill = vocabulary.skill(r.skill)
                if roles.contains(where: { $0.skill == r.skill }) {
                    log.error(row.location("roles"), Message(.roleTwice, ["skill": r.skill]))
                    rolesOK = false
                }
                roles.append(r)
            }
            if rolesOK { checkWords(row, "roles", skills: roles.map(\.skill)) }
            if let reqs { checkWords(row, "resources", kinds: reqs.map(\.kind)) }
            if rolesOK && roles.allSatisfy({ $0.min == 0 }) {
                log.error(row.location("roles"), Message(.rolesAllZero))
                rolesOK = false
            }
            guard let community, let hours, let accepted, let prio, let reqs, let beneficiaries, rolesOK else {
                brokenTasks.insert(id); continue
            }
            out.append(Project(id: id, community: community, title: row.text("title"), category: row.text("category"),
                               slots: accepted, hours: hours, roles: roles, resources: reqs,
                               beneficiaries: Int(beneficiaries), priority: prio))
        }
        return out
    }

    private mutating func readTravel(_ t: ResolvedTable?, communities: Set<String>) -> [String: Double] {
        guard let t else { return [:] }
        var out: [String: Double] = [:]
        var seen: [String: Int] = [:]
        for row in t.rows {
            let from = reference(row, "from", communities, "community", in: .communities, broken: brokenCommunities)
            let to = reference(row, "to", communities, "community", in: .communities, broken: brokenCommunities)
            let minutes = row.number("minutes", log: &log, default: nil, min: 0, max: 24 * 60)
            guard let from, let to, let minutes else { continue }
            let key = Scenario.travelKey(from, to)
            if let first = seen[key] {
                log.error(row.location("from"), Message(.travelTwice, ["from": from, "to": to, "first": String(first)]))
                continue
            }
            seen[key] = row.line
            out[key] = minutes
        }
        return out
    }

    private mutating func readPins(_ t: ResolvedTable?, scenario: Scenario) -> [Pin] {
        guard let t else { return [] }
        let needs = Dictionary(scenario.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let projects = Dictionary(scenario.projects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let members = Dictionary(scenario.members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var pins: [Pin] = []
        var checker = PinChecker(scenario: scenario)
        for row in t.rows {
            guard let rawTask = row.id("task", log: &log), let memberID = row.id("member", log: &log) else { continue }
            var ref: TaskRef? = nil
            if rawTask.hasPrefix("need:") { let id = String(rawTask.dropFirst(5)); if needs[id] != nil { ref = TaskRef(.need, id) } }
            else if rawTask.hasPrefix("project:") { let id = String(rawTask.dropFirst(8)); if projects[id] != nil { ref = TaskRef(.project, id) } }
            else if needs[rawTask] != nil && projects[rawTask] != nil {
                log.error(row.location("task"), Message(.pinTaskAmbiguous, ["task": rawTask]))
                continue
            } else if needs[rawTask] != nil { ref = TaskRef(.need, rawTask) }
            else if projects[rawTask] != nil { ref = TaskRef(.project, rawTask) }
            guard let ref else {
                // A task whose own row has an error already has its message.
                if brokenTasks.contains(rawTask) || ["need:", "project:"].contains(where: { rawTask.hasPrefix($0) && brokenTasks.contains(String(rawTask.dropFirst($0.count))) }) {
                    continue
                }
                log.error(row.location("task"), Message(.pinTaskUnknown, ["task": rawTask], nested: ["needs": list(.needs), "projects": list(.projects)]))
                continue
            }
            guard members[memberID] != nil else {
                log.error(row.location("member"), Message(.pinMemberUnknown, ["member": memberID], nested: ["members": list(.members)]))
                continue
            }
            var slot: Slot? = nil
            let slotText = row.text("slot")
            if !slotText.isEmpty {
                guard let s = settings.calendar.parse(RowReader.halfWidth(slotText)), s.count == 1 else {
                    log.error(row.location("slot"), Message(.pinSlotNotOne, ["slot": slotText]))
                    continue
                }
                slot = s[0]
            }
            let pin = Pin(task: ref, member: memberID, slot: slot, location: row.location("task"))
            for problem in checker.add(pin) { log.error(pin.location, problem) }
            pins.append(pin)
        }
        return pins
    }
}
