import CommunityMatch

/// What `cmatch init` gives staff to fill in: per list, the columns with their header (Chinese or English),
/// a one-line hint, and the values a cell may take. Format-neutral: PlanExport renders it as a workbook
/// (`TemplateWorkbook`), the command line as CSV files. Headers are the first names `ColumnSpec` knows, so
/// a filled template reads back without a `columns:` map.
public enum ScenarioTemplate {
    /// The language of headers and hints: the one every command speaks (`--lang`).
    public typealias Language = CommunityMatch.Language

    /// What a column's cells may hold, for the workbook's data validation (an information prompt, never a
    /// refusal, because lists such as `Sat-AM|Sun-AM` are valid and not in any drop-down).
    public enum Values: Sendable, Equatable {
        case text
        case number(min: Double, max: Double)
        case whole(min: Int, max: Int)
        case choice([String])
    }

    public struct Column: Sendable {
        public var name: String
        public var header: String
        public var hint: String
        public var values: Values
    }

    public struct List: Sendable {
        public var file: ScenarioFile
        public var sheetName: String
        public var columns: [Column]
    }

    static let slotChoices = ["weekend", "weekday", "any", "Sat-AM", "Sat-PM", "Sun-AM", "Sun-PM", "weekday-EVE",
                              "周六上午", "周六下午", "周日上午", "周日下午", "周末", "周一至周五晚上"]
    static let skillChoices = ["driving", "medical", "repair", "tutoring", "electrician", "counseling", "haircut", "legal", "any"]
    static let kindChoices = ["venue", "vehicle", "equipment", "funds", "service"]

    /// (hint in Chinese, hint in English, values) per list and column.
    static func describe(_ f: ScenarioFile, _ c: String) -> (String, String, Values) {
        let yesNo = Values.choice(["是", "否"])   // `lists(.en)` turns it into yes/no
        switch (f, c) {
        case (_, "id"): return ("必填：编号，本表内不重复，如 \(Self.idExample(f))", "required: an id unique in this list, e.g. \(Self.idExample(f))", .text)
        case (.communities, "lat"): return ("必填：纬度，如 25.04", "required: latitude, e.g. 25.04", .number(min: -90, max: 90))
        case (.communities, "lon"): return ("必填：经度，如 102.71", "required: longitude, e.g. 102.71", .number(min: -180, max: 180))
        case (_, "unit"): return ("必填：单位编号（单位表）", "required: a unit id from the units list", .text)
        case (.resources, "community"): return ("所在社区编号；资金可留空", "community id; empty for funds", .text)
        case (_, "community"): return ("必填：社区编号（社区表）", "required: a community id from the communities list", .text)
        case (.members, "skills"), (.needs, "skills"): return ("技能，多个用 | 或 、 分隔，如 driving|medical", "skills, separated by |, e.g. driving|medical", .choice(skillChoices))
        case (.members, "slots"): return ("必填：可服务时段，如 周六上午|周日上午 或 weekend", "required: available slots, e.g. Sat-AM|Sun-AM or weekend", .choice(slotChoices))
        case (_, "slots") where f == .resources: return ("可用时段；留空表示任何时段", "usable slots; empty means any", .choice(slotChoices))
        case (_, "slots"): return ("必填：可接受时段，如 周六上午 或 any", "required: accepted slots, e.g. Sat-AM or any", .choice(slotChoices))
        case (.members, "max_hours"): return ("每周最多服务小时，默认 4", "weekly cap in hours, default 4", .number(min: 0, max: 168))
        case (.members, "phone"), (.units, "contact"): return ("联系电话（按文本填写）", "phone (kept as text)", .text)
        case (.units, "pledge_hours"): return ("每周承诺服务小时，默认 0", "hours pledged per week, default 0", .number(min: 0, max: 1_000_000))
        case (.resources, "kind"): return ("必填：类型 venue/vehicle/equipment/funds/service", "required: venue, vehicle, equipment, funds or service", .choice(kindChoices))
        case (.resources, "capacity"): return ("容量（座位数），默认 1", "capacity (seats), default 1", .number(min: 0, max: 1e9))
        case (.resources, "quantity"): return ("每周额度（元或小时）；留空不限", "weekly budget; empty for none", .number(min: 0, max: 1e12))
        case (_, "hours"): return ("必填：服务时长（小时），如 2", "required: hours per session, e.g. 2", .number(min: 0.0001, max: 24))
        case (.needs, "headcount"): return ("所需人数，默认 1", "members needed, default 1", .whole(min: 1, max: 1000))
        case (_, "priority"): return ("优先级 1（最急）至 5，默认 3", "priority 1 (most urgent) to 5, default 3", .whole(min: 1, max: 5))
        case (.needs, "vulnerable"): return ("是否困难群体：是/否", "vulnerable: yes/no", yesNo)
        case (_, "resources"): return ("所需资源，如 vehicle 或 venue>=30", "resources needed, e.g. vehicle or venue>=30", .text)
        case (.needs, "preferred_member"): return ("指定党员编号，可留空", "preferred member id, optional", .text)
        case (.needs, "max_travel"): return ("最远路程（分钟），默认 15", "travel limit in minutes, default 15", .number(min: 0, max: 1440))
        case (.projects, "roles"): return ("必填：岗位 技能:最少-最多，如 medical:1-2;any:2-4", "required: skill:min-max, e.g. medical:1-2;any:2-4", .text)
        case (.projects, "beneficiaries"): return ("必填：受益人数", "required: beneficiaries", .whole(min: 0, max: 10_000_000))
        case (.travel, "from"), (.travel, "to"): return ("必填：社区编号", "required: a community id", .text)
        case (.travel, "minutes"): return ("必填：路程分钟", "required: minutes", .number(min: 0, max: 1440))
        case (.pins, "task"): return ("必填：需求或项目编号", "required: a need or project id", .text)
        case (.pins, "member"): return ("必填：党员编号", "required: a member id", .text)
        case (.pins, "slot"): return ("指定时段，如 Sat-AM；留空由系统选择", "one slot, e.g. Sat-AM; empty lets the plan choose", .text)
        default: return ("可选", "optional", .text)
        }
    }

    static func idExample(_ f: ScenarioFile) -> String {
        switch f {
        case .communities: return "C01"
        case .members: return "M0001"
        case .units: return "U001"
        case .resources: return "R001"
        case .needs: return "N0001"
        case .projects: return "P01"
        default: return "1"
        }
    }

    public static func lists(_ lang: Language) -> [List] {
        ScenarioFile.allCases.map { f in
            List(file: f, sheetName: lang == .zh ? WorkbookSheets.chineseName(f) : f.rawValue,
                 columns: f.columns.map { c in
                     let (zh, en, values) = describe(f, c.name)
                     var v = values
                     if lang == .en, case .choice(let xs) = v, xs == ["是", "否"] { v = .choice(["yes", "no"]) }
                     return Column(name: c.name, header: lang == .zh ? (c.chinese.first ?? c.name) : c.name,
                                   hint: InputMessage.hintMarker + " " + (lang == .zh ? zh : en), values: v)
                 })
        }
    }

    /// The settings sheet's rows: key, default value (empty: unset), note.
    public static func settingsRows(_ lang: Language) -> [(String, String, String)] {
        lang == .zh
            ? [("name", "", "方案名称"), ("week", "", "计划周，如 2026-W48（按文本填写）"), ("max_travel", "15", "服务圈：最远路程分钟"),
               ("walking_speed_kmh", "4.5", "步行速度 公里/小时")]
            : [("name", "", "the scenario's name"), ("week", "", "the ISO week planned, e.g. 2026-W48 (as text)"),
               ("max_travel", "15", "travel limit in minutes"), ("walking_speed_kmh", "4.5", "walking speed in km/h")]
    }
}
