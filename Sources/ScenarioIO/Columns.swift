/// The columns of each scenario file: the English header, the Chinese headers Excel users type, whether the
/// column is required. One table serves the readers, the docs (docs/input-files.md) and the generator.
///
/// Headers match after `ColumnSpec.key`: case, spaces, `_`, `-`, full-width forms and a trailing
/// `（必填）`/`(required)` do not count, so `Max Hours`, `max-hours` and `每周时长上限（小时）` all find their column.
public struct ColumnSpec: Sendable {
    public var name: String
    /// Chinese headers, the first being the one templates write.
    public var chinese: [String]
    /// Other English wordings (`mobile`, `tel`, `hours per week`).
    public var aliases: [String]
    public var required: Bool
    public init(_ name: String, _ chinese: [String], _ aliases: [String] = [], required: Bool = false) {
        self.name = name; self.chinese = chinese; self.aliases = aliases; self.required = required
    }

    /// Every header that names this column, the canonical name first.
    public var headers: [String] { [name] + chinese + aliases }

    /// A header as compared: half-width, lower case, without spaces, `_`, `-`, `.`, and without a
    /// parenthesised unit or note at the end (`（小时）`, `(h)`, `（必填）`), which offices add freely.
    public static func key(_ header: String) -> String {
        var s = RowReader.halfWidth(header).lowercased()
        // A trailing note in brackets: `max_hours (h)`, `时长（小时）` → the words before it.
        if s.hasSuffix(")"), let open = s.lastIndex(of: "("), open != s.startIndex { s = String(s[..<open]) }
        s.removeAll { " _-.\u{3000}*".contains($0) }
        return s
    }

    /// Whether `header` names this column.
    public func matches(_ header: String) -> Bool {
        let k = Self.key(header)
        return !k.isEmpty && headers.contains { Self.key($0) == k }
    }
}

public enum ScenarioFile: String, CaseIterable, Sendable {
    case communities, members, units, resources, needs, projects, travel, pins

    public var fileName: String { rawValue + ".csv" }

    /// communities, members, units and needs must exist; the others may be absent, meaning none.
    public var isRequired: Bool { [.communities, .members, .units, .needs].contains(self) }

    public var columns: [ColumnSpec] {
        switch self {
        case .communities:
            return [
                ColumnSpec("id", ["编号", "社区编号", "社区代码", "序号"], ["community id", "code"], required: true),
                ColumnSpec("name", ["名称", "社区名称", "社区"], ["community name"]),
                ColumnSpec("street", ["街道", "所属街道", "街道办"]),
                ColumnSpec("lat", ["纬度"], ["latitude"], required: true),
                ColumnSpec("lon", ["经度"], ["longitude", "lng"], required: true),
            ]
        case .members:
            return [
                ColumnSpec("id", ["编号", "党员编号", "序号", "工号"], ["member id"], required: true),
                ColumnSpec("name", ["姓名", "名称", "党员姓名"], ["member name"]),
                ColumnSpec("unit", ["单位", "所在单位", "工作单位", "单位编号", "所属单位"], ["unit id", "employer"], required: true),
                ColumnSpec("community", ["社区", "报到社区", "居住社区", "社区编号", "所在社区"], ["community id"], required: true),
                ColumnSpec("skills", ["技能", "专长", "特长", "技能特长"], ["skill"]),
                ColumnSpec("slots", ["时段", "可服务时段", "服务时段", "空闲时段", "可用时段", "可服务时间", "服务时间"], ["availability", "available", "slot"], required: true),
                ColumnSpec("max_hours", ["最多小时", "每周时长上限", "每周最多小时", "时长上限", "每周上限", "承诺时长", "每周服务时长", "服务时长上限", "每周时长", "最多时长", "可服务时长", "每周可服务小时"], ["max hours per week", "hours per week", "weekly hours", "max hours", "cap"]),
                ColumnSpec("phone", ["电话", "联系电话", "联系方式", "手机", "手机号", "手机号码", "电话号码"], ["mobile", "tel", "telephone", "phone number"]),
            ]
        case .units:
            return [
                ColumnSpec("id", ["编号", "单位编号", "序号", "单位代码"], ["unit id"], required: true),
                ColumnSpec("name", ["名称", "单位名称", "单位"], ["unit name"]),
                ColumnSpec("kind", ["类型", "单位类型", "单位性质", "类别"], ["type"]),
                ColumnSpec("pledge_hours", ["承诺小时", "承诺时长", "每周承诺时长", "承诺服务时长", "认领时长"], ["pledge", "pledged hours"]),
                ColumnSpec("contact", ["联系人", "联系方式", "联系电话", "负责人"], ["contact person"]),
            ]
        case .resources:
            return [
                ColumnSpec("id", ["编号", "资源编号", "序号"], ["resource id"], required: true),
                ColumnSpec("unit", ["单位", "所属单位", "提供单位", "单位编号"], ["unit id", "owner"], required: true),
                ColumnSpec("kind", ["类型", "资源类型", "类别", "资源类别"], ["type"], required: true),
                ColumnSpec("name", ["名称", "资源名称"], ["resource name"]),
                ColumnSpec("community", ["社区", "所在社区", "社区编号"], ["community id"]),
                ColumnSpec("capacity", ["容量", "可容纳人数", "座位数"], ["seats", "size"]),
                ColumnSpec("slots", ["时段", "可用时段", "开放时段", "可用时间"], ["availability", "available", "slot"]),
                ColumnSpec("quantity", ["数量", "每周额度", "额度", "预算"], ["budget", "amount"]),
                ColumnSpec("tags", ["标签", "特点"], ["tag"]),
            ]
        case .needs:
            return [
                ColumnSpec("id", ["编号", "需求编号", "序号"], ["need id"], required: true),
                ColumnSpec("community", ["社区", "所在社区", "社区编号"], ["community id"], required: true),
                ColumnSpec("category", ["类别", "需求类别", "需求类型", "类型"], ["type"]),
                ColumnSpec("title", ["标题", "需求内容", "内容", "需求名称", "需求描述"], ["description"]),
                ColumnSpec("headcount", ["人数", "所需人数", "需要人数"], ["people", "members needed"]),
                ColumnSpec("hours", ["小时", "时长", "服务时长", "所需时长"], ["duration"], required: true),
                ColumnSpec("slots", ["时段", "可接受时段", "服务时段", "需求时段", "服务时间", "时间"], ["slot", "when"], required: true),
                ColumnSpec("skills", ["技能", "所需技能", "技能要求"], ["skill", "required skills"]),
                ColumnSpec("priority", ["优先级", "紧急程度", "优先等级"], ["urgency"]),
                ColumnSpec("vulnerable", ["困难群体", "特殊群体", "是否困难群体", "特殊困难", "重点人群"]),
                ColumnSpec("resources", ["资源", "所需资源", "资源需求"], ["requirements"]),
                ColumnSpec("preferred_member", ["指定党员", "偏好党员", "常联系党员"], ["preferred"]),
                ColumnSpec("max_travel", ["最远路程", "最长路程分钟", "服务圈", "最远路程分钟"], ["travel limit"]),
            ]
        case .projects:
            return [
                ColumnSpec("id", ["编号", "项目编号", "序号"], ["project id"], required: true),
                ColumnSpec("community", ["社区", "所在社区", "社区编号"], ["community id"], required: true),
                ColumnSpec("title", ["标题", "项目名称", "名称"], ["name"]),
                ColumnSpec("category", ["类别", "项目类别", "项目类型", "类型"], ["type"]),
                ColumnSpec("slots", ["时段", "可接受时段", "服务时段", "需求时段", "服务时间", "时间"], ["slot", "when"], required: true),
                ColumnSpec("hours", ["小时", "时长", "服务时长", "所需时长"], ["duration"], required: true),
                ColumnSpec("roles", ["岗位", "角色", "岗位需求"], ["role"], required: true),
                ColumnSpec("resources", ["资源", "所需资源", "资源需求"], ["requirements"]),
                ColumnSpec("beneficiaries", ["受益人数", "服务人数", "受益群众"], ["beneficiary"], required: true),
                ColumnSpec("priority", ["优先级", "紧急程度", "优先等级"], ["urgency"]),
            ]
        case .travel:
            return [
                ColumnSpec("from", ["起点", "从", "出发社区"], required: true),
                ColumnSpec("to", ["终点", "到", "到达社区"], required: true),
                ColumnSpec("minutes", ["分钟", "路程分钟", "路程"], ["travel minutes"], required: true),
            ]
        case .pins:
            return [
                ColumnSpec("task", ["任务", "任务编号", "需求编号"], required: true),
                ColumnSpec("member", ["党员", "党员编号"], required: true),
                ColumnSpec("slot", ["时段", "指定时段"]),
            ]
        }
    }
}
