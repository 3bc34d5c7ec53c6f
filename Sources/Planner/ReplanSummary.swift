import CommunityMatch
import PlanVerify
import Planning

/// The terminal summary of a re-plan: what was lost and gained, what the rule cost, and whom to tell — the
/// people first, then the units — in the language asked for (Chinese by default).
public struct ReplanSummary: Sendable {
    public let outcome: ReplanOutcome
    public let lang: Language
    public let output: String

    public init(outcome: ReplanOutcome, lang: Language, output: String) {
        self.outcome = outcome; self.lang = lang; self.output = output
    }

    public var text: String {
        let c = outcome.changes
        let cal = outcome.week.changed.settings.calendar
        func n(_ x: Double) -> String { formatNumber(x, decimals: 2) }
        func task(_ t: TaskRef) -> String {
            let title = c.title(t)
            return lang.task(t) + (title.isEmpty ? "" : lang.pick("（\(title)）", " (\(title))"))
        }
        func slot(_ s: Slot?) -> String { s.map(cal.label) ?? "" }
        var out: [String] = []
        let delta = c.coverageAfter - c.coverageBefore
        out.append(lang.pick(
            "\(output)：覆盖价值 \(n(c.coverageBefore)) → \(n(c.coverageAfter))（\(delta >= 0 ? "+" : "")\(n(delta))）；\(c.unchanged) 项分配不变，\(c.rows.count) 处变动",
            "\(output): coverage \(n(c.coverageBefore)) → \(n(c.coverageAfter)) (\(delta >= 0 ? "+" : "")\(n(delta))); \(c.unchanged) assignments unchanged, \(c.rows.count) changes"))
        if outcome.fromScratch {
            out.append(lang.pick("  从头重排（未保留任何任务）", "  solved from scratch (nothing held)"))
        } else {
            out.append(lang.pick("  受影响的任务：", "  touched tasks: ") + (outcome.touched.isEmpty ? lang.pick("无", "none")
                : lang.list(outcome.touched.sorted().map(\.id))) + lang.pick("；其余任务保持原时段、人员和资源", "; every other task keeps its slot, members and resources"))
        }
        if let s = outcome.scratch {
            if outcome.ruleCost > 0 {
                out.append(lang.pick("  保留原计划的代价：从头重排可覆盖 \(n(s.value))，多 \(n(outcome.ruleCost))（用 --from-scratch 查看）",
                                     "  keeping the plan costs coverage: a plan from scratch covers \(n(s.value)), \(n(outcome.ruleCost)) more (see --from-scratch)"))
                if s.value > c.coverageBefore + 1e-6 {
                    // Then part of the cost is the old plan's own distance from the optimum (a solve the time
                    // limit stopped), not the change: say so rather than blame the rule for all of it.
                    out.append(lang.pick("  注意：从头重排也高于原计划的 \(n(c.coverageBefore))，原计划本身未达最优（求解受时限所限）",
                                         "  note: that is more than the original plan's \(n(c.coverageBefore)) too; the original plan was not optimal (its solve hit the time limit)"))
                }
            } else if s.bound > c.coverageAfter + 1e-6 {
                out.append(lang.pick("  从头重排在时限内未找到更好的覆盖（可证上界 \(n(s.bound))）",
                                     "  a plan from scratch found no better coverage in the time limit (proven bound \(n(s.bound)))"))
            } else {
                out.append(lang.pick("  保留原计划不损失覆盖（从头重排也只能覆盖 \(n(s.value))）",
                                     "  keeping the plan costs no coverage (a plan from scratch covers \(n(s.value)) too)"))
            }
        }
        if !c.lost.isEmpty {
            out.append(lang.pick("新增未覆盖：", "Newly unmet:"))
            for r in c.lost {
                out.append(lang.pick("  \(task(r.task)) 价值 \(n(r.value ?? 0))，\(r.reason.sentence(lang))",
                                     "  \(task(r.task)) value \(n(r.value ?? 0)): \(r.reason.sentence(lang))"))
            }
        }
        if !c.gained.isEmpty {
            out.append(lang.pick("新覆盖：", "Newly covered:"))
            for r in c.gained {
                out.append(lang.pick("  \(task(r.task)) 价值 \(n(r.value ?? 0)) \(slot(r.newSlot))，\(r.reason.sentence(lang))",
                                     "  \(task(r.task)) value \(n(r.value ?? 0)) \(slot(r.newSlot)): \(r.reason.sentence(lang))"))
            }
        }
        if !c.membersToTell.isEmpty {
            out.append(lang.pick("需要通知的党员：", "Members to tell:"))
            for id in c.membersToTell {
                let m = c.member(id)
                out.append("  \(m?.name.isEmpty == false ? m!.name + " " : "")\(id)\(m?.phone.isEmpty == false ? " " + m!.phone : "")")
                for r in c.rows where r.member == id {
                    let why = r.reason.sentence(lang)
                    switch r.kind {
                    case .memberRemoved:
                        out.append(lang.pick("    不再服务 \(task(r.task)) \(slot(r.oldSlot))（\(why)）", "    no longer serves \(task(r.task)) \(slot(r.oldSlot)) (\(why))"))
                    case .memberAdded:
                        out.append(lang.pick("    新安排 \(task(r.task)) \(slot(r.newSlot))（\(why)）", "    now serves \(task(r.task)) \(slot(r.newSlot)) (\(why))"))
                    case .slotChanged:
                        out.append(lang.pick("    \(task(r.task)) 改到 \(slot(r.newSlot))（原 \(slot(r.oldSlot))；\(why)）",
                                             "    \(task(r.task)) moves to \(slot(r.newSlot)) (was \(slot(r.oldSlot)); \(why))"))
                    case .roleChanged:
                        out.append(lang.pick("    \(task(r.task)) \(slot(r.newSlot)) 改任 \(r.newRole ?? "")（原 \(r.oldRole ?? "")；\(why)）",
                                             "    \(task(r.task)) \(slot(r.newSlot)): role \(r.newRole ?? "") instead of \(r.oldRole ?? "") (\(why))"))
                    default: break
                    }
                }
            }
        }
        if !c.unitsToTell.isEmpty {
            out.append(lang.pick("需要通知的单位：", "Units to tell:"))
            for id in c.unitsToTell {
                let u = c.unit(id)
                out.append("  \(u?.name.isEmpty == false ? u!.name + " " : "")\(id)\(u?.contact.isEmpty == false ? " " + u!.contact : "")")
                for r in c.rows where r.resource.map({ c.owner(of: $0).unit }) == id {
                    let res = r.resource ?? "", why = r.reason.sentence(lang)
                    switch r.kind {
                    case .resourceReleased:
                        out.append(lang.pick("    资源 \(res) 不再用于 \(task(r.task)) \(slot(r.oldSlot))（\(why)）",
                                             "    resource \(res) no longer needed for \(task(r.task)) \(slot(r.oldSlot)) (\(why))"))
                    case .resourceBooked:
                        out.append(lang.pick("    资源 \(res) 用于 \(task(r.task)) \(slot(r.newSlot))（\(why)）",
                                             "    resource \(res) booked for \(task(r.task)) \(slot(r.newSlot)) (\(why))"))
                    case .resourceRebooked:
                        out.append(lang.pick("    资源 \(res) 用于 \(task(r.task)) 改到 \(slot(r.newSlot))（原 \(slot(r.oldSlot))；\(why)）",
                                             "    resource \(res) for \(task(r.task)) moves to \(slot(r.newSlot)) (was \(slot(r.oldSlot)); \(why))"))
                    default: break
                    }
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
