import Foundation
import ZIPFoundation

/// The console's folder: everything it keeps, and nothing outside it.
///
///     WORKSPACE/weeks/w3/            a week: the uploaded lists, a scenario folder as `cmatch validate` reads it
///     WORKSPACE/weeks/w3.json        when it was made, from which week (copy or what-if)
///     WORKSPACE/plans/p5/            a plan folder as `cmatch solve -o` writes it
///     WORKSPACE/plans/p5.json        its week, its job, the plan it was re-planned from
///     WORKSPACE/jobs/j7.json         a solve or re-plan: state, progress, plan, error
///     WORKSPACE/ledger.sqlite        the ledger of accepted weeks (cmatch accept --ledger)
///
/// Ids are a letter and a number, made here; any id from a request is checked against that form before it
/// becomes part of a path, so no request can name a file outside the workspace.
public final class Workspace: @unchecked Sendable {
    public let root: String
    private let lock = NSLock()

    /// The list files a week may hold (SPEC.md: A scenario); anything else uploaded is dropped.
    public static let listNames: Set<String> = ["communities.csv", "members.csv", "units.csv", "needs.csv", "resources.csv",
                                                "projects.csv", "travel.csv", "pins.csv", "scenario.yaml"]
    /// The standing lists copied from last week into a new one.
    public static let standingNames = ["communities.csv", "units.csv", "members.csv", "resources.csv", "travel.csv", "scenario.yaml"]

    public init(root: String) throws {
        let url = URL(fileURLWithPath: root).standardizedFileURL
        self.root = url.path
        for sub in ["weeks", "plans", "jobs"] {
            try FileManager.default.createDirectory(atPath: self.root + "/" + sub, withIntermediateDirectories: true)
        }
    }

    public var ledgerPath: String { root + "/ledger.sqlite" }

    public static func isID(_ s: String, prefix: Character) -> Bool {
        guard s.first == prefix, s.count >= 2, s.count <= 12 else { return false }
        return s.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    public func weekFolder(_ id: String) -> String? {
        guard Self.isID(id, prefix: "w") else { return nil }
        let path = root + "/weeks/" + id
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public func planFolder(_ id: String) -> String? {
        guard Self.isID(id, prefix: "p") else { return nil }
        let path = root + "/plans/" + id
        return FileManager.default.fileExists(atPath: path + "/plan.json") ? path : nil
    }

    /// The next free id of a kind (`w`, `p`, `j`): one more than the largest in use.
    public func nextID(_ prefix: Character, in sub: String) -> String {
        lock.lock(); defer { lock.unlock() }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? []
        var n = 0
        for name in names {
            let base = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
            if Self.isID(base, prefix: prefix), let k = Int(base.dropFirst()) { n = max(n, k) }
        }
        var id = "\(prefix)\(n + 1)"
        // Reserve it at once, so two uploads at the same moment never share an id.
        while (try? FileManager.default.createDirectory(atPath: root + "/" + sub + "/" + id, withIntermediateDirectories: false)) == nil {
            n += 1; id = "\(prefix)\(n + 1)"
        }
        return id
    }

    // MARK: metadata

    public struct WeekInfo: Codable, Sendable {
        public var id: String
        public var created: Date
        /// "upload", "copy" (standing lists of `from`) or "whatif" (an overlay on `from`).
        public var kind: String
        public var from: String?
        public var note: String?
    }

    public struct PlanInfo: Codable, Sendable {
        public var id: String
        public var week: String
        public var job: String
        public var created: Date
        /// The plan it was re-planned from (Adjust), if any.
        public var from: String?
        public var note: String?
        /// The plan a what-if week's plan is compared with.
        public var compareWith: String?
        /// Checked against every hard rule by the verifier after it was written.
        public var verified: Bool = false
        /// What a re-plan changed, one line per change (for the page; changes.csv in the folder has it all).
        public var changes: [ChangeLine]?
    }

    public struct ChangeLine: Codable, Sendable {
        public var kind: String
        public var task: String
        public var member: String
        public var slots: String
        public var note: String
        public init(kind: String, task: String, member: String, slots: String, note: String) {
            self.kind = kind; self.task = task; self.member = member; self.slots = slots; self.note = note
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder(); e.outputFormatting = [.sortedKeys, .prettyPrinted]; e.dateEncodingStrategy = .iso8601; return e
    }()
    static let decoder: JSONDecoder = { let d = JSONDecoder(); d.dateDecodingStrategy = .iso8601; return d }()

    func writeJSON<T: Encodable>(_ value: T, to path: String) {
        if let data = try? Self.encoder.encode(value) { try? data.write(to: URL(fileURLWithPath: path), options: .atomic) }
    }

    func readJSON<T: Decodable>(_ type: T.Type, at path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? Self.decoder.decode(type, from: data)
    }

    public func saveWeekInfo(_ info: WeekInfo) { writeJSON(info, to: root + "/weeks/\(info.id).json") }
    public func weekInfo(_ id: String) -> WeekInfo? {
        guard Self.isID(id, prefix: "w") else { return nil }
        return readJSON(WeekInfo.self, at: root + "/weeks/\(id).json")
    }
    public func savePlanInfo(_ info: PlanInfo) { writeJSON(info, to: root + "/plans/\(info.id).json") }
    public func planInfo(_ id: String) -> PlanInfo? {
        guard Self.isID(id, prefix: "p") else { return nil }
        return readJSON(PlanInfo.self, at: root + "/plans/\(id).json")
    }

    /// Weeks, newest first.
    public func weeks() -> [WeekInfo] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/weeks")) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { weekInfo(String($0.dropLast(5))) }
            .filter { weekFolder($0.id) != nil }
            .sorted { (Int($0.id.dropFirst()) ?? 0) > (Int($1.id.dropFirst()) ?? 0) }
    }

    /// Plans, newest first; of one week when `week` is given.
    public func plans(week: String? = nil) -> [PlanInfo] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/plans")) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { planInfo(String($0.dropLast(5))) }
            .filter { planFolder($0.id) != nil && (week == nil || $0.week == week) }
            .sorted { (Int($0.id.dropFirst()) ?? 0) > (Int($1.id.dropFirst()) ?? 0) }
    }

    public func weekFiles(_ id: String) -> [String] {
        guard let folder = weekFolder(id) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    // MARK: uploads

    public struct UploadLimits: Sendable {
        public var maxFiles = 20
        public var maxFileBytes = 8 << 20
        public var maxTotalBytes = 16 << 20
        public init() {}
    }

    /// A file as uploaded: the name the browser sent and its bytes.
    public struct UploadedFile: Sendable {
        public var name: String
        public var data: Data
        public init(name: String, data: Data) { self.name = name; self.data = data }
    }

    public enum UploadProblem: Error, Equatable {
        case tooMany(Int)
        case tooLarge(String)
        case badArchive(String)
    }

    /// The last component of a name sent by a browser or found in an archive (`../../x.csv` → `x.csv`,
    /// `C:\lists\needs.csv` → `needs.csv`), lowercased; nil for names that are not files.
    public static func baseName(_ name: String) -> String? {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let trimmed = last.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "." || trimmed == ".." || trimmed.contains("\0") { return nil }
        return trimmed.lowercased()
    }

    /// The files to keep from an upload: zip archives opened (their entries reduced to their last
    /// component), names reduced, only list names and one workbook kept. Returns the kept files and the
    /// names dropped.
    public static func sortUpload(_ files: [UploadedFile], limits: UploadLimits) throws -> (kept: [String: Data], dropped: [String]) {
        var expanded: [(String, Data)] = []
        for f in files {
            guard let base = baseName(f.name) else { expanded.append((f.name, Data())); continue }
            if f.data.count > limits.maxFileBytes { throw UploadProblem.tooLarge(base) }
            if base.hasSuffix(".zip") {
                expanded.append(contentsOf: try unzip(f.data, name: base, limits: limits))
            } else {
                expanded.append((base, f.data))
            }
        }
        if expanded.count > limits.maxFiles { throw UploadProblem.tooMany(expanded.count) }
        var kept: [String: Data] = [:]
        var dropped: [String] = []
        var workbook: String? = nil
        for (name, data) in expanded {
            guard let base = baseName(name) else { dropped.append(name); continue }
            if listNames.contains(base) {
                kept[base] = data
            } else if base.hasSuffix(".xlsx") && workbook == nil && !base.hasPrefix("~$") {
                workbook = base
                kept[base] = data
            } else {
                dropped.append(base)
            }
        }
        return (kept, dropped)
    }

    static func unzip(_ data: Data, name: String, limits: UploadLimits) throws -> [(String, Data)] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw UploadProblem.badArchive(name) }
        var out: [(String, Data)] = []
        var total = 0
        for entry in archive where entry.type == .file {
            if out.count >= limits.maxFiles { throw UploadProblem.tooMany(out.count + 1) }
            let size = Int(entry.uncompressedSize)
            total += size
            if size > limits.maxFileBytes || total > limits.maxTotalBytes { throw UploadProblem.tooLarge(entry.path) }
            // macOS archives carry __MACOSX/._name shadows: not lists.
            if entry.path.hasPrefix("__MACOSX") { continue }
            var bytes = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    bytes.append(chunk)
                    if bytes.count > limits.maxFileBytes { throw UploadProblem.tooLarge(entry.path) }
                }
            } catch let e as UploadProblem { throw e } catch { throw UploadProblem.badArchive(name) }
            out.append((entry.path, bytes))
        }
        return out
    }

    /// Writes `files` (already sorted by `sortUpload`: plain names only) into week `id`, replacing files of
    /// the same name. A workbook replaces the CSV lists, and CSV lists replace a workbook.
    public func store(_ files: [String: Data], inWeek id: String) throws {
        guard let folder = weekFolder(id) else { return }
        let fm = FileManager.default
        if files.keys.contains(where: { $0.hasSuffix(".xlsx") }) {
            for name in weekFiles(id) where name.hasSuffix(".csv") || name.hasSuffix(".xlsx") { try? fm.removeItem(atPath: folder + "/" + name) }
        } else if files.keys.contains(where: { $0.hasSuffix(".csv") }) {
            for name in weekFiles(id) where name.hasSuffix(".xlsx") { try? fm.removeItem(atPath: folder + "/" + name) }
        }
        for (name, data) in files {
            precondition(!name.contains("/") && name != ".." && name != ".", "names are reduced before they are stored")
            try data.write(to: URL(fileURLWithPath: folder + "/" + name), options: .atomic)
        }
    }

    /// A new week holding the standing lists of week `from`.
    public func copyStanding(from: String) throws -> String? {
        guard let source = weekFolder(from) else { return nil }
        let id = nextID("w", in: "weeks")
        var files: [String: Data] = [:]
        for name in Self.standingNames {
            if let data = FileManager.default.contents(atPath: source + "/" + name) { files[name] = data }
        }
        try store(files, inWeek: id)
        saveWeekInfo(WeekInfo(id: id, created: Date(), kind: "copy", from: from))
        return id
    }

    public func removeWeek(_ id: String) {
        guard let folder = weekFolder(id) else { return }
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.removeItem(atPath: root + "/weeks/\(id).json")
    }
}
