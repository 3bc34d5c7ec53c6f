import CommunityMatch
import Foundation
import PlanVerify

/// The five templates of the html export and the placeholders each one knows. Built-in defaults in Chinese
/// and English; `--write-templates DIR` writes them out for editing and `--templates DIR` reads them back
/// (a file the folder lacks takes the built-in one, so staff edit only what they want to change).
public enum HTMLTemplates {
    public static let names = ["page.html", "slip.html", "unit-report.html", "letter-thanks.html", "letter-reminder.html"]

    static let common = ["scenario", "week", "week_dates", "issuer", "issue_date"]
    static let unit = common + ["unit_name", "unit_id", "unit_kind", "unit_contact", "pledge_hours", "served_hours",
                                "shortfall", "members_serving", "member_names", "resources_lent"]

    /// The placeholders a template may use.
    public static func placeholders(_ name: String) -> [String] {
        switch name {
        case "page.html": return common + ["title", "slips", "reports", "letters"]
        case "slip.html": return common + ["member_name", "member_id", "member_phone", "unit_name", "unit_contact",
                                           "home_community", "task_count", "hours_total", "tasks"]
        case "unit-report.html": return unit + ["pledge_status", "service"]
        default: return unit
        }
    }

    public static func defaults(_ language: Language) -> [(name: String, text: String)] {
        names.map { ($0, defaultText($0, language)) }
    }

    /// The templates to use: the built-in ones, replaced by the files in `folder` where it has them; every
    /// placeholder checked, all problems reported at once.
    public static func load(_ folder: String?, language: Language) throws -> [String: Template] {
        var set: [String: Template] = [:]
        for n in names { set[n] = Template(name: n, text: defaultText(n, language), source: "built-in:\(n)") }
        if let folder {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                throw ExportError(folder, Message(.exportNoTemplatesFolder), unreadable: true)
            }
            for n in names {
                let path = (folder as NSString).appendingPathComponent(n)
                guard FileManager.default.fileExists(atPath: path) else { continue }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ExportError(path, Message(.exportTemplateUnreadable), unreadable: true)
                }
                guard var text = String(data: data, encoding: .utf8) else {
                    throw ExportError(path, Message(.exportTemplateNotUTF8))
                }
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                set[n] = Template(name: n, text: text, source: path)
            }
        }
        let problems = names.flatMap { set[$0]!.check(placeholders($0)) }
        if let first = problems.first {
            // One error value carries them all, one per line, each located.
            var e = first
            e.more = Array(problems.dropFirst())
            throw e
        }
        return set
    }

    static func defaultText(_ name: String, _ language: Language) -> String {
        switch (name, language) {
        case ("page.html", _): return page(language)
        case ("slip.html", .zh): return slipZH
        case ("slip.html", .en): return slipEN
        case ("unit-report.html", .zh): return reportZH
        case ("unit-report.html", .en): return reportEN
        case ("letter-thanks.html", .zh): return thanksZH
        case ("letter-thanks.html", .en): return thanksEN
        case ("letter-reminder.html", .zh): return reminderZH
        case ("letter-reminder.html", .en): return reminderEN
        default: return ""
        }
    }

    static func page(_ language: Language) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <title>{{title}}</title>
        <style>
        @page { size: A4; margin: 16mm 15mm; }
        html, body { margin: 0; padding: 0; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
               font-size: 11pt; color: #000; line-height: 1.5; }
        .page { break-after: page; page-break-after: always; }
        .page:last-child { break-after: auto; page-break-after: auto; }
        h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; }
        h2 { font-size: 12.5pt; margin: 6mm 0 2mm; }
        .sub { text-align: center; color: #333; margin: 0 0 5mm; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 0.6pt solid #555; padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
        th { background: #eef2f7; white-space: nowrap; font-weight: bold; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        td.num { text-align: right; white-space: nowrap; }
        .slip td:first-child, .report td:nth-child(2) { white-space: nowrap; }
        .note { margin-top: 6mm; font-size: 10pt; color: #333; }
        .status { font-weight: bold; margin: 4mm 0; }
        footer { display: flex; justify-content: space-between; margin-top: 10mm; font-size: 10pt; color: #333; }
        .letter h1 { font-size: 24pt; letter-spacing: 0.4em; margin: 12mm 0 10mm; }
        .letter p { text-indent: 2em; font-size: 13.5pt; line-height: 2; margin: 0 0 2mm; }
        .letter p.salutation, .letter p.sign { text-indent: 0; }
        .letter p.sign { text-align: right; margin-top: 18mm; }
        @media screen {
          body { background: #e8e8e8; }
          .page { background: #fff; width: 210mm; min-height: 297mm; padding: 16mm 15mm; margin: 8mm auto;
                  box-sizing: border-box; box-shadow: 0 0 2mm #999; }
        }
        </style>
        </head>
        <body>
        {{slips}}
        {{reports}}
        {{letters}}
        </body>
        </html>

        """
    }

    static let slipZH = """
        <section class="page slip">
        <h1>在职党员进社区服务派单</h1>
        <p class="sub">{{scenario}} · {{week_dates}}</p>
        <table>
        <tr><th>党员</th><td>{{member_name}}（{{member_id}}）</td><th>电话</th><td>{{member_phone}}</td></tr>
        <tr><th>单位</th><td>{{unit_name}}</td><th>报到社区</th><td>{{home_community}}</td></tr>
        </table>
        <h2>本周服务安排：共 {{task_count}} 项，{{hours_total}} 小时</h2>
        {{tasks}}
        <p class="note">请按时到达服务地点，服务结束后在社区党群服务中心登记。如需调整，请提前联系本单位联络人：{{unit_contact}}。为保护居民隐私，服务对象姓名已隐去，详情请向社区了解。</p>
        <footer><span>{{issuer}}</span><span>{{issue_date}}</span></footer>
        </section>

        """

    static let slipEN = """
        <section class="page slip">
        <h1>Service dispatch slip</h1>
        <p class="sub">{{scenario}} · {{week_dates}}</p>
        <table>
        <tr><th>Member</th><td>{{member_name}} ({{member_id}})</td><th>Phone</th><td>{{member_phone}}</td></tr>
        <tr><th>Unit</th><td>{{unit_name}}</td><th>Home community</th><td>{{home_community}}</td></tr>
        </table>
        <h2>This week: {{task_count}} tasks, {{hours_total}} hours</h2>
        {{tasks}}
        <p class="note">Please arrive on time. To change anything, call your unit's contact in advance: {{unit_contact}}. Residents' names are masked; the community office has the details.</p>
        <footer><span>{{issuer}}</span><span>{{issue_date}}</span></footer>
        </section>

        """

    static let reportZH = """
        <section class="page report">
        <h1>驻区单位“双报到”服务情况报告</h1>
        <p class="sub">{{scenario}} · {{week_dates}}</p>
        <table>
        <tr><th>单位</th><td>{{unit_name}}（{{unit_id}}）</td><th>类别</th><td>{{unit_kind}}</td></tr>
        <tr><th>联系人</th><td colspan="3">{{unit_contact}}</td></tr>
        <tr><th>承诺服务</th><td>{{pledge_hours}} 小时/周</td><th>本周安排</th><td>{{served_hours}} 小时</td></tr>
        <tr><th>缺口</th><td>{{shortfall}} 小时</td><th>参与党员</th><td>{{members_serving}} 人</td></tr>
        </table>
        <p class="status">{{pledge_status}}</p>
        <h2>党员服务明细</h2>
        {{service}}
        <h2>共享资源</h2>
        <p>{{resources_lent}}</p>
        <footer><span>{{issuer}}</span><span>{{issue_date}}</span></footer>
        </section>

        """

    static let reportEN = """
        <section class="page report">
        <h1>Unit service report</h1>
        <p class="sub">{{scenario}} · {{week_dates}}</p>
        <table>
        <tr><th>Unit</th><td>{{unit_name}} ({{unit_id}})</td><th>Kind</th><td>{{unit_kind}}</td></tr>
        <tr><th>Contact</th><td colspan="3">{{unit_contact}}</td></tr>
        <tr><th>Pledged</th><td>{{pledge_hours}} hours/week</td><th>Planned</th><td>{{served_hours}} hours</td></tr>
        <tr><th>Shortfall</th><td>{{shortfall}} hours</td><th>Members serving</th><td>{{members_serving}}</td></tr>
        </table>
        <p class="status">{{pledge_status}}</p>
        <h2>Members' service</h2>
        {{service}}
        <h2>Resources lent</h2>
        <p>{{resources_lent}}</p>
        <footer><span>{{issuer}}</span><span>{{issue_date}}</span></footer>
        </section>

        """

    static let thanksZH = """
        <section class="page letter thanks">
        <h1>感谢信</h1>
        <p class="salutation">{{unit_name}}：</p>
        <p>在{{week_dates}}（{{week}}）的社区服务安排中，贵单位{{members_serving}}名在职党员到居住地社区报到服务，共安排服务{{served_hours}}小时，达到了贵单位承诺的每周{{pledge_hours}}小时。贵单位共享的资源：{{resources_lent}}。</p>
        <p>参与服务的党员同志：{{member_names}}。他们用实际行动为社区群众排忧解难，践行了“双报到”工作承诺。在此，谨向贵单位和参与服务的党员同志表示衷心的感谢！</p>
        <p>希望贵单位继续支持社区工作，共同把服务做到群众心坎上。</p>
        <p class="sign">{{issuer}}<br>{{issue_date}}</p>
        </section>

        """

    static let thanksEN = """
        <section class="page letter thanks">
        <h1>Thank you</h1>
        <p class="salutation">To {{unit_name}},</p>
        <p>In the community service plan for {{week_dates}} ({{week}}), {{members_serving}} of your members serve {{served_hours}} hours, meeting your pledge of {{pledge_hours}} hours a week. Resources you lent: {{resources_lent}}.</p>
        <p>Members serving: {{member_names}}. Thank you, and them, for the help they bring to residents.</p>
        <p class="sign">{{issuer}}<br>{{issue_date}}</p>
        </section>

        """

    static let reminderZH = """
        <section class="page letter reminder">
        <h1>工作提醒函</h1>
        <p class="salutation">{{unit_name}}：</p>
        <p>根据“双报到”工作承诺，贵单位每周安排在职党员到社区服务{{pledge_hours}}小时。在{{week_dates}}（{{week}}）的社区服务安排中，贵单位共有{{members_serving}}名党员参与，安排服务{{served_hours}}小时，距承诺尚差{{shortfall}}小时。</p>
        <p>请贵单位动员更多在职党员到居住地社区报到，登记可服务的时段和特长，以便社区更好地对接群众需求。如有困难，请与我们联系。</p>
        <p class="sign">{{issuer}}<br>{{issue_date}}</p>
        </section>

        """

    static let reminderEN = """
        <section class="page letter reminder">
        <h1>Reminder</h1>
        <p class="salutation">To {{unit_name}},</p>
        <p>Your unit pledged {{pledge_hours}} hours of service a week. In the plan for {{week_dates}} ({{week}}), {{members_serving}} of your members serve {{served_hours}} hours, {{shortfall}} hours short of the pledge.</p>
        <p>Please encourage more of your members to report to the communities where they live, with the times they are free and the skills they offer. Contact us if we can help.</p>
        <p class="sign">{{issuer}}<br>{{issue_date}}</p>
        </section>

        """
}
