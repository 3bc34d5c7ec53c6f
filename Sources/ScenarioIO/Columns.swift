/// The columns of each scenario file: the English header, the Chinese headers Excel users type, whether the
/// column is required. One table serves the readers, the docs (docs/input-files.md) and the generator.
public struct ColumnSpec: Sendable {
    public var name: String
    public var chinese: [String]
    public var required: Bool
    public init(_ name: String, _ chinese: [String], required: Bool = false) {
        self.name = name; self.chinese = chinese; self.required = required
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
                ColumnSpec("id", ["编号", "社区编号"], required: true),
                ColumnSpec("name", ["名称", "社区名称"]),
                ColumnSpec("street", ["街道"]),
                ColumnSpec("lat", ["纬度"], required: true),
                ColumnSpec("lon", ["经度"], required: true),
            ]
        case .members:
            return [
                ColumnSpec("id", ["编号", "党员编号"], required: true),
                ColumnSpec("name", ["姓名", "名称"]),
                ColumnSpec("unit", ["单位", "所在单位"], required: true),
                ColumnSpec("community", ["社区", "报到社区"], required: true),
                ColumnSpec("skills", ["技能", "专长"]),
                ColumnSpec("slots", ["时段", "可服务时段"], required: true),
                ColumnSpec("max_hours", ["最多小时", "每周最多小时"]),
                ColumnSpec("phone", ["电话", "联系电话"]),
            ]
        case .units:
            return [
                ColumnSpec("id", ["编号", "单位编号"], required: true),
                ColumnSpec("name", ["名称", "单位名称"]),
                ColumnSpec("kind", ["类型", "单位类型"]),
                ColumnSpec("pledge_hours", ["承诺小时", "承诺时长"]),
                ColumnSpec("contact", ["联系人", "联系方式"]),
            ]
        case .resources:
            return [
                ColumnSpec("id", ["编号", "资源编号"], required: true),
                ColumnSpec("unit", ["单位", "所属单位"], required: true),
                ColumnSpec("kind", ["类型", "资源类型"], required: true),
                ColumnSpec("name", ["名称", "资源名称"]),
                ColumnSpec("community", ["社区", "所在社区"]),
                ColumnSpec("capacity", ["容量"]),
                ColumnSpec("slots", ["时段", "可用时段"]),
                ColumnSpec("quantity", ["数量", "每周额度"]),
                ColumnSpec("tags", ["标签"]),
            ]
        case .needs:
            return [
                ColumnSpec("id", ["编号", "需求编号"], required: true),
                ColumnSpec("community", ["社区"], required: true),
                ColumnSpec("category", ["类别", "需求类别"]),
                ColumnSpec("title", ["标题", "需求内容", "内容"]),
                ColumnSpec("headcount", ["人数", "所需人数"]),
                ColumnSpec("hours", ["小时", "时长"], required: true),
                ColumnSpec("slots", ["时段", "可接受时段"], required: true),
                ColumnSpec("skills", ["技能", "所需技能"]),
                ColumnSpec("priority", ["优先级"]),
                ColumnSpec("vulnerable", ["困难群体", "特殊群体"]),
                ColumnSpec("resources", ["资源", "所需资源"]),
                ColumnSpec("preferred_member", ["指定党员", "偏好党员"]),
                ColumnSpec("max_travel", ["最远路程", "最长路程分钟"]),
            ]
        case .projects:
            return [
                ColumnSpec("id", ["编号", "项目编号"], required: true),
                ColumnSpec("community", ["社区"], required: true),
                ColumnSpec("title", ["标题", "项目名称", "名称"]),
                ColumnSpec("category", ["类别", "项目类别"]),
                ColumnSpec("slots", ["时段", "可接受时段"], required: true),
                ColumnSpec("hours", ["小时", "时长"], required: true),
                ColumnSpec("roles", ["岗位", "角色"], required: true),
                ColumnSpec("resources", ["资源", "所需资源"]),
                ColumnSpec("beneficiaries", ["受益人数", "服务人数"], required: true),
                ColumnSpec("priority", ["优先级"]),
            ]
        case .travel:
            return [
                ColumnSpec("from", ["起点", "从"], required: true),
                ColumnSpec("to", ["终点", "到"], required: true),
                ColumnSpec("minutes", ["分钟", "路程分钟"], required: true),
            ]
        case .pins:
            return [
                ColumnSpec("task", ["任务", "任务编号"], required: true),
                ColumnSpec("member", ["党员", "党员编号"], required: true),
                ColumnSpec("slot", ["时段"]),
            ]
        }
    }
}
