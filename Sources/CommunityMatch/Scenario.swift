import Foundation

public struct Community: Hashable, Sendable {
    public var id: String
    public var name: String
    public var street: String
    public var lat: Double
    public var lon: Double
    public init(id: String, name: String = "", street: String = "", lat: Double, lon: Double) {
        self.id = id; self.name = name; self.street = street; self.lat = lat; self.lon = lon
    }
}

/// A unit stationed in the area (驻区单位): members belong to it, it pledges hours and lends resources.
/// Not called `Unit` because Foundation already has one.
public struct StationedUnit: Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var pledgeHours: Double
    public var contact: String
    public init(id: String, name: String = "", kind: String = "", pledgeHours: Double = 0, contact: String = "") {
        self.id = id; self.name = name; self.kind = kind; self.pledgeHours = pledgeHours; self.contact = contact
    }
}

public struct Member: Hashable, Sendable {
    public var id: String
    public var name: String
    public var unit: String
    public var community: String
    /// Lower-cased skill tags.
    public var skills: Set<String>
    public var slots: Set<Slot>
    public var maxHours: Double
    public var phone: String
    public init(id: String, name: String = "", unit: String, community: String, skills: Set<String> = [],
                slots: Set<Slot>, maxHours: Double = 4, phone: String = "") {
        self.id = id; self.name = name; self.unit = unit; self.community = community
        self.skills = skills; self.slots = slots; self.maxHours = maxHours; self.phone = phone
    }
}

/// `kind[:tag][>=capacity][=amount]`: what one resource must provide to a task.
public struct ResourceRequirement: Hashable, Sendable, CustomStringConvertible {
    public var kind: String
    public var tag: String?
    public var minCapacity: Double?
    public var amount: Double?
    public init(kind: String, tag: String? = nil, minCapacity: Double? = nil, amount: Double? = nil) {
        self.kind = kind; self.tag = tag; self.minCapacity = minCapacity; self.amount = amount
    }
    public var description: String {
        var s = kind
        if let tag { s += ":\(tag)" }
        if let minCapacity { s += ">=\(formatNumber(minCapacity))" }
        if let amount { s += "=\(formatNumber(amount))" }
        return s
    }
}

public struct Resource: Hashable, Sendable {
    public var id: String
    public var unit: String
    public var kind: String
    public var name: String
    /// nil: usable anywhere (funds).
    public var community: String?
    public var capacity: Double
    /// nil: any slot.
    public var slots: Set<Slot>?
    /// Weekly budget consumed by `=amount` requirements; nil means none.
    public var quantity: Double?
    public var tags: Set<String>
    public init(id: String, unit: String, kind: String, name: String = "", community: String? = nil,
                capacity: Double = 1, slots: Set<Slot>? = nil, quantity: Double? = nil, tags: Set<String> = []) {
        self.id = id; self.unit = unit; self.kind = kind; self.name = name; self.community = community
        self.capacity = capacity; self.slots = slots; self.quantity = quantity; self.tags = tags
    }
}

public struct Need: Hashable, Sendable {
    public var id: String
    public var community: String
    public var category: String
    public var title: String
    public var headcount: Int
    public var hours: Double
    /// Accepted slots long enough for `hours`, sorted.
    public var slots: [Slot]
    /// Lower-cased; `any` already removed.
    public var skills: Set<String>
    public var priority: Int
    public var vulnerable: Bool
    public var resources: [ResourceRequirement]
    public var preferredMember: String?
    /// Minutes; nil: the scenario's service circle.
    public var maxTravel: Double?
    public init(id: String, community: String, category: String = "", title: String = "", headcount: Int = 1,
                hours: Double, slots: [Slot], skills: Set<String> = [], priority: Int = 3, vulnerable: Bool = false,
                resources: [ResourceRequirement] = [], preferredMember: String? = nil, maxTravel: Double? = nil) {
        self.id = id; self.community = community; self.category = category; self.title = title
        self.headcount = headcount; self.hours = hours; self.slots = slots; self.skills = skills
        self.priority = priority; self.vulnerable = vulnerable; self.resources = resources
        self.preferredMember = preferredMember; self.maxTravel = maxTravel
    }
}

/// `skill:min-max`; the skill `any` requires nothing.
public struct Role: Hashable, Sendable {
    public var skill: String
    public var min: Int
    public var max: Int
    public init(skill: String, min: Int, max: Int) { self.skill = skill; self.min = min; self.max = max }
}

public struct Project: Hashable, Sendable {
    public var id: String
    public var community: String
    public var title: String
    public var category: String
    public var slots: [Slot]
    public var hours: Double
    public var roles: [Role]
    public var resources: [ResourceRequirement]
    public var beneficiaries: Int
    public var priority: Int
    public init(id: String, community: String, title: String = "", category: String = "", slots: [Slot],
                hours: Double, roles: [Role], resources: [ResourceRequirement] = [], beneficiaries: Int,
                priority: Int = 3) {
        self.id = id; self.community = community; self.title = title; self.category = category
        self.slots = slots; self.hours = hours; self.roles = roles; self.resources = resources
        self.beneficiaries = beneficiaries; self.priority = priority
    }
}

public enum TaskKind: String, Hashable, Sendable, Codable, Comparable {
    case need, project
    public static func < (a: TaskKind, b: TaskKind) -> Bool { a.rawValue < b.rawValue }
}

public struct TaskRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var kind: TaskKind
    public var id: String
    public init(_ kind: TaskKind, _ id: String) { self.kind = kind; self.id = id }
    public static func < (a: TaskRef, b: TaskRef) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
    public var description: String { "\(kind.rawValue):\(id)" }
}

/// An assignment that must hold: `task` served by `member`, in `slot` when given.
public struct Pin: Hashable, Sendable {
    public var task: TaskRef
    public var member: String
    public var slot: Slot?
    public var location: SourceLocation
    public init(task: TaskRef, member: String, slot: Slot? = nil, location: SourceLocation) {
        self.task = task; self.member = member; self.slot = slot; self.location = location
    }
}

public enum ObjectiveLevel: String, Hashable, Sendable, CaseIterable, Codable {
    case coverage, pledges, travel
    /// Spread the load over the weeks: minimise Σ recent hours × hours assigned (docs/ledger.md). It has terms
    /// only when the scenario carries `recentHours`, i.e. when solving with a ledger.
    case fairness
}

public struct Settings: Hashable, Sendable {
    public var name: String = ""
    /// ISO week, e.g. 2026-W48.
    public var week: String = ""
    public var calendar = SlotCalendar()
    public var walkingSpeedKmh: Double = 4.5
    public var maxTravel: Double = 15
    public var priorityWeights: [Int: Double] = [1: 1000, 2: 300, 3: 100, 4: 30, 5: 10]
    public var vulnerableFactor: Double = 1.5
    public var continuityBonus: Double = 30
    public var objective: [ObjectiveLevel] = [.coverage, .pledges, .travel]
    public init() {}
}

/// Everything the matcher needs for one week, already validated: ids unique, references resolved.
public struct Scenario: Sendable {
    public var settings: Settings
    public var communities: [Community]
    public var units: [StationedUnit]
    public var members: [Member]
    public var resources: [Resource]
    public var needs: [Need]
    public var projects: [Project]
    /// Minutes between two communities given in travel.csv, keyed "from\u{1F}to".
    public var travelOverrides: [String: Double]
    public var pins: [Pin]
    /// Hours each member served in the four weeks before this one, from the ledger of accepted weeks; empty
    /// without a ledger. The fairness level weighs each assignment's hours by them.
    public var recentHours: [String: Double] = [:]

    private var communityIndex: [String: Int]

    public init(settings: Settings = Settings(), communities: [Community], units: [StationedUnit], members: [Member],
                resources: [Resource] = [], needs: [Need], projects: [Project] = [],
                travelOverrides: [String: Double] = [:], pins: [Pin] = []) {
        self.settings = settings; self.communities = communities; self.units = units; self.members = members
        self.resources = resources; self.needs = needs; self.projects = projects
        self.travelOverrides = travelOverrides; self.pins = pins
        var idx: [String: Int] = [:]
        for (i, c) in communities.enumerated() { idx[c.id] = i }
        self.communityIndex = idx
    }

    public func community(_ id: String) -> Community? { communityIndex[id].map { communities[$0] } }

    public static func travelKey(_ from: String, _ to: String) -> String { from + "\u{1F}" + to }

    /// Minutes between two communities: travel.csv where given (either direction), else great-circle
    /// distance at the walking speed, unrounded; 0 inside one community.
    public func travelMinutes(from a: String, to b: String) -> Double {
        if a == b { return 0 }
        if let m = travelOverrides[Self.travelKey(a, b)] { return m }
        if let m = travelOverrides[Self.travelKey(b, a)] { return m }
        guard let ca = community(a), let cb = community(b) else { return .infinity }
        let km = haversineKilometres(lat1: ca.lat, lon1: ca.lon, lat2: cb.lat, lon2: cb.lon)
        return km / settings.walkingSpeedKmh * 60
    }

    /// A need's value in the coverage level: weight[priority], times the vulnerable factor.
    public func value(of need: Need) -> Double {
        let w = settings.priorityWeights[need.priority] ?? 0
        return need.vulnerable ? w * settings.vulnerableFactor : w
    }

    /// A project's value: weight[priority] × beneficiaries / 4.
    public func value(of project: Project) -> Double {
        (settings.priorityWeights[project.priority] ?? 0) * Double(project.beneficiaries) / 4
    }
}

/// Travel minutes between communities, each pair computed once: a model looks at the same pairs for
/// thousands of members and tasks, and haversine per lookup would dominate building it.
public struct TravelTimes {
    private let scenario: Scenario
    private var cache: [String: Double] = [:]
    public init(_ scenario: Scenario) { self.scenario = scenario }
    public mutating func minutes(from a: String, to b: String) -> Double {
        let k = Scenario.travelKey(a, b)
        if let t = cache[k] { return t }
        let t = scenario.travelMinutes(from: a, to: b)
        cache[k] = t
        return t
    }
}

/// Great-circle distance on a sphere of radius 6371 km.
public func haversineKilometres(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
    let r = 6371.0
    let p1 = lat1 * .pi / 180, p2 = lat2 * .pi / 180
    let dp = (lat2 - lat1) * .pi / 180, dl = (lon2 - lon1) * .pi / 180
    let a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
    return 2 * r * asin(min(1, sqrt(a)))
}

/// The one number format of every output: up to `decimals` places, trailing zeros dropped, no exponent,
/// no negative zero. Locale-free so every machine prints the same bytes.
public func formatNumber(_ x: Double, decimals: Int = 4) -> String {
    if !x.isFinite { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (x * scale).rounded() / scale
    if r == 0 { return "0" }
    var s = String(format: "%.\(decimals)f", r)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}
