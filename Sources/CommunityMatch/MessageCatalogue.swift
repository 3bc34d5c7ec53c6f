/// Every message a person reads, in Chinese and English, keyed. `{name}` marks a value filled in when the
/// message is shown; both spellings of a key name the same placeholders (MessageCatalogueTests checks it).
/// Reason codes, status codes and column names stay in CSV and JSON for programs; these are the sentences.
public enum MessageKey: String, Sendable, CaseIterable {
    // MARK: Diagnostics around a place
    case warningPrefix, problemsFound, problemsFoundNothingWritten, problemsFoundInPlan, noScenarioRecorded, cannotBeRead, noSuchScenarioFolder, requiredFile
    case errNoSuchFile, errNoPermission
    case noSuchPlanFolder, planNeedsAssignments, isAFolder, internalError, noHint, verbatim
    // MARK: CSV structure
    case strayQuote, textAfterQuote, textAfterQuoteOpened, unterminatedQuote, unterminatedQuoteLines, cellTooLong
    case rowOneCellFullWidthSeparator, rowTooManyCells, rowStartsOnLine, duplicateHeaderColumn, headerOneColumn, fileEmpty
    // MARK: Text encodings
    case encodingBOMMismatch, containerNotCSV, containerXLSX, containerXLS, declaredGBButUTF8, nulCharacter, nulByte
    case loneSurrogate, oddUTF16, invalidByte, hintSaveUTF8OrEncoding, hintSaveUTF8
    case noteNorGB18030, noteReadsAsGB18030, noteNorUTF8, noteReadsAsUTF8
    // MARK: Columns and cells
    case columnTwice, unknownColumnIgnored, missingRequiredColumn, cellEmpty, cellScientificId, cellSpreadsheetError
    case cellNotNumber, cellNotWholeNumber, cellOutOfRange, cellNotYesNo, idLooksLikeDate, textSpreadsheetError
    case textScientific, hintFormula, hintTimeOfDay, hintDate, hintExcelSerial
    // MARK: Scenario rows
    case kindUnit, kindCommunity, kindMember, kindNeed, kindProject, kindResource
    case duplicateId, unknownSlot, unknownReference, hintFullWidth, priorityNoWeight, hoursLongerThanSlots
    case slotsTooShortDropped, badRequirement, memberNoSlots, rolesEmpty, badRole, roleTwice, rolesAllZero
    case travelTwice, pinTaskAmbiguous, pinTaskUnknown, pinMemberUnknown, pinSlotNotOne
    case pinLacksSkill, pinNoRoleSkill, pinTooFar, pinTaskSlot, pinMemberSlot, pinNoCommonSlot, pinHours
    case pinTwice, pinNeedHeadcount, pinProjectCapacity, pinOtherSlot, pinMemberClash, pinMemberDouble, pinHoursTotal
    case exportNoWeek, exportBadWeek, exportNoTemplatesFolder, exportTemplateUnreadable, exportTemplateNotUTF8
    case templateNotClosed, templateUnknownPlaceholder
    case cannotBeWritten, outputNotAFolder, outputNotAFile
    case isolateCannotStart, isolateWritten, isolateNothingWritten, isolateOverran, isolateDied, isolateAbortNote
    case pinName, pinConflict, pinConflictNoEligible, pinConflictGreedy, pinConflictTogether, pinConflictNoResource
    // MARK: scenario.yaml
    case yamlCannotParse, yamlNotMapping, yamlBadWeek, yamlBadEncoding, yamlUnknownKey, yamlInvalid, yamlKeyTwice
    case yamlSingleValue, yamlNotNumber, yamlOutOfRange, yamlNotMapping2, periodNameBad, periodNameTaken, periodTwice
    case periodNotRange, periodsEmpty, periodsOverlap, yamlUnknownTravelKey, priorityNotWhole, yamlUnknownWeightsKey
    case objectiveNotList, objectiveUnknownLevel, objectiveTwice, objectiveEmpty
    // MARK: Overlays
    case removeNotMapping, removeUnknownKey, removeNotList, removeItemNotId, removeAlready, removeMissing
    case addNotMapping, addUnknownKey, addNotOneFile, addCannotRead, scaleNotMapping, scaleUnknownKey, scaleNotMap
    case scaleBadFactor, scaleNoCategory, overlayDangling, overlayFileIgnored, extendsNoFolder, extendsCycle
    case extendsNotOne, overlayWithoutExtends
    // MARK: Plan folders read back
    case planNoHeader, planColumnTwice, planUnknownColumn, planMissingColumn, planTaskKind, planSlot, planNotNumber
    case planRequirement
    // MARK: Command summaries
    case validateOK, solveSummary, solveLevel, solveTimeLimitBound, statusStoppedGap, solveNoPlan, travelFigure, travelFigureWalked, travelFigureBonus
    case travelFigureFairness
    case ledgerNoWeeks, ledgerWeeks, ledgerLine, ledgerMissing, acceptWhat, acceptRecorded, acceptAlready, acceptReplaced
    case acceptNoWeek, acceptNoHash
    // MARK: Status words
    case statusOptimal, statusFeasible, statusTimeLimitNoPlan, statusInfeasible
    case statusStoppedWorkBudget, statusStoppedTimeLimit, statusStoppedNoProgress
    case levelCoverage, levelPledges, levelTravel, levelFairness
    // MARK: Unmet reasons
    case reasonNoSkill, reasonNoOneInReach, reasonNoSlot, reasonNoResource, reasonOutcompeted
    // MARK: compare
    case compareStatus, compareGap, compareNotSignificant, compareWeeksDiffer, compareScenariosDiffer
    case compareSameScenario, compareUnknownHash, compareHashNotRecorded
    case explainValueLegend, explainNoTask, explainAmbiguous
    case replanMemberDropped, replanTaskCancelled, replanTaskUncovered, replanRestaffed, replanReassigned, replanReplacement
    case replanNewNeed, replanNewlyCovered, replanRebooked, replanSlotChanged, replanKeepSlot, replanKeepTask, replanRelease
    case exportSummary, templatesWritten, exportScenarioChanged, planCannotRead, planMalformed, planNoSuchFile, planNotReadable
    case ledgerWeekTaken, ledgerBusy, ledgerNoSuch, ledgerNotALedger, ledgerDatabase, historyNoWeek, historyBadWeek
    case replanDropUnknown, replanCancelUnknown, replanCancelAmbiguous, replanKeptCannotHold, explainPinsCannotHold
    case overlaySettings, overlayRemoved, overlayCount, overlayCascade1, overlayCascade2, overlayAdded, overlayReplaced
    case overlayAddedNone, overlayFrom1, overlayFrom2, overlayScaled
    case listCommunities, listUnits, listMembers, listResources, listNeeds, listProjects, listTravel, listPins
    case showScenario, showName, showWeek, showHash, showOverlays, showExtends, showNoChanges, showSettings, showLists
    case showCommunities, showUnits, showMembers, showResources, showNeeds, showProjects, showTravelOverrides, showPins, showNone

    // MARK: Workbooks, headers and words (issue 17)
    case listSheet, unknownColumnGuess, unknownColumnsAgain, strictWarnings, emptySlotsNeed, emptySlotsProject
    case unknownSkill, unknownKind, didYouMeanWord, ourWord, slotLooksLikeDate
    case notAWorkbook, wbFileEmpty, wbNotZip, wbZipDamaged, wbEntryDamaged, wbNoWorkbookPart, wbNoSheetPart, legacyOrEncrypted
    case wbPartOfSheet, brokenXML, xmlNotUTF8, xmlAtLine, xmlLine, partTooLarge
    case sheetTwice, unknownSheet, sheetGuess, missingSheet, hiddenSheet, sheetEmpty, cellNoHeader
    case formulaWithoutValue, badSharedString, badCellReference
    case settingsSheetIgnored, settingsKeyEmpty, weekLooksLikeDate, scenarioSheetUnknownKey, scenarioSheetOverlayKey
    case workbookIgnored, severalWorkbooks
    case columnsNotAList, columnsMapOne, columnsNotAColumn, vocabularyUnknownKey, vocabularyMapOne
    case initExists, initFolderNotEmpty, initWorkbookWritten, initFolderWritten

    public var texts: (zh: String, en: String) {
        switch self {
        case .warningPrefix: return ("警告：", "warning: ")
        case .problemsFound: return ("发现 {count} 个问题", "{count} problem(s) found")
        case .problemsFoundInPlan: return ("方案文件夹中发现 {count} 个问题。", "{count} problem(s) found in the plan folder.")
        case .noScenarioRecorded: return ("它没有记录情景文件夹；请用 --scenario SCENARIO 指定", "it records no scenario folder; give --scenario SCENARIO")
        case .problemsFoundNothingWritten: return ("发现 {count} 个问题；未写出任何文件。", "{count} problem(s) found; nothing was written.")
        case .cannotBeRead: return ("{path}：无法读取：{reason}", "{path}: cannot be read: {reason}")
        case .noSuchScenarioFolder: return ("没有这个情景文件夹", "no such scenario folder")
        case .requiredFile: return ("情景文件夹必须有 {file}", "{file} is required in a scenario folder")
        case .noSuchPlanFolder: return ("没有这个方案文件夹", "no such plan folder")
        case .planNeedsAssignments: return ("方案文件夹必须有 assignments.csv", "a plan folder needs assignments.csv")
        case .errNoSuchFile: return ("没有这个文件（{system}）", "{system}")
        case .errNoPermission: return ("没有读取权限（{system}）", "{system}")
        case .isAFolder: return ("这是文件夹，不是文件", "it is a folder, not a file")
        case .internalError: return ("cmatch：内部错误：{detail}", "cmatch: internal error: {detail}")
        case .noHint: return ("", "")
        /// Text that is the same in both languages: user data, an id, a system's own error text.
        case .verbatim: return ("{text}", "{text}")

        case .strayQuote: return ("单元格中间出现引号（\"）：请把整个单元格放进双引号，并把其中的引号写成 \"\"",
                                  "stray quote (\") inside a cell that does not start with one: put the whole cell in double quotes and write the quote as \"\"")
        case .textAfterQuote: return ("引号单元格的右引号之后还有文字：单元格内的引号要写成两个（\"\"）{opened}",
                                      "text after the closing quote of a quoted cell: a quote inside a cell must be written as two (\"\"){opened}")
        case .textAfterQuoteOpened: return ("；这个引号单元格从第 {line} 行第 {column} 列开始：如果它应在那一行结束，就是缺了右引号",
                                            "; the quoted cell began on line {line}, column {column}: if it should have ended on that line, its closing quote is missing")
        case .unterminatedQuote: return ("引号没有闭合：从这里开始的引号单元格一直没有结束，文件其余部分{lines}无法读取；请补上右引号，单元格内的引号写成 \"\"",
                                         "unterminated quote: the quoted cell that starts here is never closed, so the rest of the file{lines} cannot be read; add the closing quote, and write a quote inside a cell as \"\"")
        case .unterminatedQuoteLines: return ("（第 {from}–{to} 行）", " (lines {from}–{to})")
        case .cellTooLong: return ("单元格长 {length} 个字符，超过 Excel 的上限 32767；可能缺了一个右引号",
                                   "cell is {length} characters long, more than Excel's limit of 32767; a quote may be missing its closing partner")
        case .rowOneCellFullWidthSeparator: return ("这一行只有一个单元格，其中的值用“{separator}”分隔：请像表头一样用半角逗号（,）分隔单元格",
                                                    "row is a single cell whose values are separated by \"{separator}\": separate cells with a half-width comma (,), as the header does")
        case .rowTooManyCells: return ("这一行有 {cells} 个单元格，表头只有 {columns} 列{start}：含逗号的值必须放在双引号里",
                                       "row has {cells} cells but the header has {columns} columns{start}: a value containing a comma must be in double quotes")
        case .rowStartsOnLine: return ("（这一行从第 {line} 行开始）", " (the row starts on line {line})")
        case .headerOneColumn: return ("表头只有一列“{text}”：单元格必须用逗号（,）分隔，而不是“{separator}”",
                                       "the header row is a single column \"{text}\": cells must be separated by commas (,), not \"{separator}\"")
        case .fileEmpty: return ("文件是空的：需要一行表头", "file is empty: it needs a header row")
        case .duplicateHeaderColumn: return ("列名“{name}”重复：第 {first} 列同名", "duplicate column \"{name}\": column {first} has the same name")

        case .encodingBOMMismatch: return ("scenario.yaml 写的是 encoding: {declared}，但文件以 {bom} 字节顺序标记开头；按 {bom} 读取",
                                           "scenario.yaml says encoding: {declared}, but the file starts with a {bom} byte order mark; reading it as {bom}")
        case .containerNotCSV: return ("这是{container}，不是 CSV 文件：请用 Excel 或 WPS 打开，“另存为”CSV",
                                       "this is {container}, not a CSV file: open it in Excel or WPS and use Save As → CSV")
        case .containerXLSX: return ("Excel/WPS 工作簿（.xlsx 或其他 zip 文件）", "an Excel/WPS workbook (.xlsx or another zip file)")
        case .containerXLS: return ("旧版 Excel/WPS 工作簿（.xls）", "an old Excel/WPS workbook (.xls)")
        case .declaredGBButUTF8: return ("scenario.yaml 写的是 encoding: gb18030，但文件是有效的 UTF-8；如果中文显示为乱码，请从 scenario.yaml 删去 encoding:",
                                         "scenario.yaml says encoding: gb18030, but the file is valid UTF-8; if its Chinese text looks garbled, remove encoding: from scenario.yaml")
        case .nulCharacter: return ("含有 NUL 字符，不是文本文件：请在 Excel 或 WPS 中把名单另存为 CSV",
                                    "contains a NUL character, so it is not a text file: save the list from Excel or WPS as CSV")
        case .nulByte: return ("含有 NUL 字节（0x00），不是文本文件：请在 Excel 或 WPS 中把名单另存为 CSV",
                               "contains a NUL byte (0x00), so it is not a text file: save the list from Excel or WPS as CSV")
        case .loneSurrogate: return ("无效的 {encoding} 文本：孤立的代理码元；{hint}", "invalid {encoding} text: a lone surrogate code unit; {hint}")
        case .oddUTF16: return ("无效的 {encoding} 文本：文件在一个字符中间结束（字节数为奇数）；{hint}",
                                "invalid {encoding} text: the file ends in the middle of a character (an odd number of bytes); {hint}")
        case .invalidByte: return ("无效的 {encoding} 字节 {hex}{note}；{hint}", "invalid {encoding} byte {hex}{note}; {hint}")
        case .hintSaveUTF8OrEncoding: return ("请把文件存为 UTF-8，或在 scenario.yaml 中设置 encoding:", "save the file as UTF-8 or set encoding: in scenario.yaml")
        case .hintSaveUTF8: return ("请把文件存为 UTF-8", "save the file as UTF-8")
        case .noteNorGB18030: return ("（也不是有效的 GB18030）", " (nor is it valid GB18030)")
        case .noteReadsAsGB18030: return ("（按 GB18030 可以读出：请在 scenario.yaml 中设置 encoding: gb18030）", " (it reads as GB18030: set encoding: gb18030 in scenario.yaml)")
        case .noteNorUTF8: return ("（也不是有效的 UTF-8）", " (nor is it valid UTF-8)")
        case .noteReadsAsUTF8: return ("（按 UTF-8 可以读出：请从 scenario.yaml 删去 encoding:）", " (it reads as UTF-8: remove encoding: from scenario.yaml)")

        case .columnTwice: return ("列“{column}”在表头中出现两次", "column '{column}' appears twice in the header")
        case .unknownColumnIgnored: return ("不认识的列“{column}”，已忽略；{file} 的列是 {columns}",
                                            "unknown column '{column}' is ignored; {file} takes {columns}")
        case .missingRequiredColumn: return ("缺少必需的列“{column}”（{chinese}）", "missing required column '{column}' ({chinese})")
        case .cellEmpty: return ("{column} 为空", "{column} is empty")
        case .cellScientificId: return ("{column}“{value}”像是被 Excel 缩写成科学计数法的数字：请把这一列设为文本格式，重新输入编号",
                                        "{column} '{value}' looks like a number Excel shortened into scientific notation; format the column as text and type the id again")
        case .cellSpreadsheetError: return ("{column} 是表格错误值“{value}”：请修正公式或直接输入数值",
                                            "{column} holds the spreadsheet error '{value}'; fix the formula or type the value")
        case .cellNotNumber: return ("{column} 必须是数字，而不是“{value}”{hint}", "{column} must be a number, not '{value}'{hint}")
        case .cellNotWholeNumber: return ("{column} 必须是整数，而不是“{value}”", "{column} must be a whole number, not '{value}'")
        case .cellOutOfRange: return ("{column} {value} 超出范围：必须在 {min} 到 {max} 之间{hint}",
                                      "{column} {value} is out of range: it must be between {min} and {max}{hint}")
        case .cellNotYesNo: return ("{column} 必须是 是/否（yes/no），而不是“{value}”", "{column} must be yes or no (是/否), not '{value}'")
        case .idLooksLikeDate: return ("编号“{value}”像是 Excel 把 3-1 这样的编号变成的日期；如果是，请把这一列设为文本格式，重新输入编号",
                                       "id '{value}' looks like a date that Excel made of an id such as 3-1; if so, format the column as text and type the ids again")
        case .textSpreadsheetError: return ("{column} 是表格错误值“{value}”：它原来代表的值已经丢失；请修正公式，或把这一列复制后“粘贴为数值”",
                                            "{column} holds the spreadsheet error '{value}': the value it stood for is lost; fix the formula, or copy the column and paste it back as values")
        case .textScientific: return ("{column}“{value}”是被 Excel 缩写成科学计数法的数字，位数已经丢失：请把这一列设为文本格式，重新输入",
                                      "{column} '{value}' is a number Excel shortened into scientific notation and the digits are lost; format the column as text and type it again")
        case .hintFormula: return ("：这是公式，CSV 文件把公式存成文本：请在 Excel 中把这一列复制后“粘贴为数值”再保存",
                                   ": it is a formula, and a CSV file keeps formulas as text: in Excel, copy the column and paste it back as values before saving")
        case .hintTimeOfDay: return ("：它像是一天中的时刻；小时数请写成数字，例如 2 或 1.5", ": it looks like a time of day; write hours as a number, e.g. 2 or 1.5")
        case .hintDate: return ("：它像是日期：Excel 会把看似日期的值（1-3、3/1）变成日期；请把这一列设为文本或数字格式，重新输入",
                                ": it looks like a date: Excel turns what it takes for a date (1-3, 3/1) into one; format the column as text or number and type the value again")
        case .hintExcelSerial: return ("；{value} 是 Excel 存储日期 {date} 的方式：这个单元格可能被设成了日期格式；请把这一列设为数字格式，重新输入",
                                       "; {value} is how Excel stores the date {date}: the cell was probably formatted as a date; format the column as a number and type the value again")

        case .duplicateId: return ("编号“{id}”重复（第 {first} 行已定义）", "duplicate id '{id}' (first defined on line {first})")
        case .unknownSlot: return ("不认识的时段“{token}”；时段写作 Sat-AM、Sat、weekend、weekday-EVE、周六上午 或 any（时段名：{periods}）",
                                   "unknown slot '{token}'; write slots like Sat-AM, Sat, weekend, weekday-EVE or any (periods: {periods})")
        case .unknownReference: return ("{column}“{id}”不是 {file} 中已有的{kind}{hint}", "{column} '{id}' is not a known {kind} in {file}{hint}")
        case .kindUnit: return ("单位", "unit")
        case .kindCommunity: return ("社区", "community")
        case .kindMember: return ("党员", "member")
        case .kindNeed: return ("需求", "need")
        case .kindProject: return ("项目", "project")
        case .kindResource: return ("资源", "resource")
        case .hintFullWidth: return ("；它是用全角字符输入的：请写成“{id}”", "; it is typed with full-width characters: write '{id}'")
        case .priorityNoWeight: return ("优先级 {priority} 没有权重；请用 {known}，或在 scenario.yaml 的 weights.priority 下添加",
                                        "priority {priority} has no weight; use {known} or add it under weights.priority in scenario.yaml")
        case .hoursLongerThanSlots: return ("时长 {hours} 小时比每个可选时段都长（最长 {longest} 小时）",
                                            "hours {hours} is longer than every accepted slot (the longest is {longest} h)")
        case .slotsTooShortDropped: return ("时段 {slots} 短于 {hours} 小时，已去掉", "slots {slots} are shorter than {hours} h and are dropped")
        case .badRequirement: return ("资源要求“{item}”的格式不对，应写作 kind[:tag][>=capacity][=amount]，例如 venue>=30、vehicle、funds=300",
                                      "resource requirement '{item}' is not of the form kind[:tag][>=capacity][=amount], e.g. venue>=30, vehicle, funds=300")
        case .memberNoSlots: return ("党员 {id} 没有填写时段，永远不可用", "member {id} gives no slots and is never available")
        case .rolesEmpty: return ("roles 为空；例如写作 medical:1-2;any:2-4", "roles is empty; write e.g. medical:1-2;any:2-4")
        case .badRole: return ("角色“{item}”的格式应为 skill:min-max（例如 medical:1-2），且 min ≤ max",
                               "role '{item}' is not of the form skill:min-max (e.g. medical:1-2), with min ≤ max")
        case .roleTwice: return ("角色技能“{skill}”列出了两次；请合并为一个 skill:min-max", "role skill '{skill}' is listed twice; merge it into one skill:min-max")
        case .rolesAllZero: return ("所有角色的最少人数都是 0：项目至少需要一名党员", "every role minimum is 0: a project needs at least one member")
        case .travelTwice: return ("从 {from} 到 {to} 的路程给了两次（第 {first} 行已有）", "travel from {from} to {to} is given twice (first on line {first})")
        case .pinTaskAmbiguous: return ("任务“{task}”既是需求也是项目；请写成 need:{task} 或 project:{task}",
                                        "task '{task}' is both a need and a project; write need:{task} or project:{task}")
        case .pinTaskUnknown: return ("任务“{task}”既不是 {needs} 中的需求，也不是 {projects} 中的项目",
                                      "task '{task}' is not a need in {needs} or a project in {projects}")
        case .pinMemberUnknown: return ("党员“{member}”不在 {members} 中", "member '{member}' is not in {members}")
        case .pinSlotNotOne: return ("时段“{slot}”必须是一个时段，例如 Sat-AM（或留空，由匹配程序选择）",
                                     "slot '{slot}' must name one slot like Sat-AM (or be empty to let the matcher choose)")
        case .pinName: return ("指定 {task} ← {member}", "pin {task} ← {member}")
        case .pinLacksSkill: return ("{pin}违反规则 3：该党员没有技能 {skills}", "{pin} breaks rule 3: the member lacks skill {skills}")
        case .pinNoRoleSkill: return ("{pin}违反规则 3：该党员不具备任何角色的技能（{roles}）", "{pin} breaks rule 3: the member holds the skill of no role ({roles})")
        case .pinTooFar: return ("{pin}违反规则 3：该党员住处距任务 {minutes} 分钟，超过 {limit} 分钟的服务圈",
                                 "{pin} breaks rule 3: the member lives {minutes} minutes away, beyond the {limit} minute limit")
        case .pinTaskSlot: return ("{pin}违反规则 1：任务不接受 {slot}（或该时段短于任务时长）",
                                   "{pin} breaks rule 1: the task does not accept {slot} (or it is shorter than the task)")
        case .pinMemberSlot: return ("{pin}违反规则 1：该党员在 {slot} 没空", "{pin} breaks rule 1: the member is not available in {slot}")
        case .pinNoCommonSlot: return ("{pin}违反规则 1：任务接受的时段里该党员都没空", "{pin} breaks rule 1: the member is free in no slot the task accepts")
        case .pinHours: return ("{pin}违反规则 2：任务要 {hours} 小时，超过该党员的 {max} 小时",
                                "{pin} breaks rule 2: the task takes {hours} h, more than the member's {max} h")
        case .pinTwice: return ("{pin}给了两次", "{pin} is given twice")
        case .pinNeedHeadcount: return ("{pin}违反规则 4：该需求恰好需要 {capacity} 名党员，而指定了 {pinned} 名",
                                        "{pin} breaks rule 4: the need takes exactly {capacity} member(s), and {pinned} are pinned")
        case .pinProjectCapacity: return ("{pin}违反规则 5：该项目的角色最多 {capacity} 名党员，而指定了 {pinned} 名",
                                          "{pin} breaks rule 5: the project's roles take at most {capacity} members, and {pinned} are pinned")
        case .pinOtherSlot: return ("{pin}违反规则 {rule}：另一条指定把任务放在 {other}，而不是 {slot}",
                                    "{pin} breaks rule {rule}: another pin puts the task in {other}, not {slot}")
        case .pinMemberClash: return ("{pin}违反规则 1：该党员在 {slot} 还被指定给 {task}", "{pin} breaks rule 1: the member is also pinned to {task} in {slot}")
        case .pinMemberDouble: return ("{pin}违反规则 1：加上对 {tasks} 的指定，该党员会在同一时段服务两项任务（有空：{free}）",
                                       "{pin} breaks rule 1: with its pins to {tasks}, the member would serve two tasks in one slot (free: {free})")
        case .pinHoursTotal: return ("{pin}违反规则 2：该党员的指定合计 {hours} 小时，超过 {max} 小时",
                                     "{pin} breaks rule 2: the member's pins add up to {hours} h, more than {max} h")
        case .pinConflict: return ("{place}：指定 {task} ← {member}：{problem}", "{place}: pin {task} ← {member}: {problem}")

        case .exportNoWeek: return ("方案没有周次；{format} 需要日期：请在 scenario.yaml 中设置 week: 2026-W48 后重新求解",
                                    "the plan names no week; {format} needs dates: set `week: 2026-W48` in scenario.yaml and solve again")
        case .exportBadWeek: return ("“{week}”不是 2026-W48 这样的 ISO 周；{format} 需要日期：请修正 scenario.yaml 的 week: 后重新求解",
                                     "'{week}' is not an ISO week like 2026-W48; {format} needs dates: fix `week:` in scenario.yaml and solve again")
        case .exportNoTemplatesFolder: return ("无法读取：没有这个模板文件夹", "cannot be read: no such templates folder")
        case .exportTemplateUnreadable: return ("无法读取", "cannot be read")
        case .exportTemplateNotUTF8: return ("不是 UTF-8 文本；请把模板存为 UTF-8", "is not UTF-8 text; save the template as UTF-8")
        case .templateNotClosed: return ("“{open}”没有用“{close}”闭合", "'{open}' is not closed by '{close}'")
        case .templateUnknownPlaceholder: return ("不认识的占位符 {name}；这个模板认识：{known}", "unknown placeholder {name}; this template knows: {known}")
        case .cannotBeWritten: return ("{path}：无法写出：{reason}", "{path}: cannot be written: {reason}")
        case .outputNotAFolder: return ("已有同名文件，而且不是文件夹", "a file of that name exists and is not a folder")
        case .outputNotAFile: return ("它已存在，而且不是普通文件", "it exists and is not a regular file")
        case .isolateCannotStart: return ("cmatch：内部错误：无法启动求解进程 {executable}：{detail}", "cmatch: internal error: cannot start the solve process {executable}: {detail}")
        case .isolateWritten: return ("它已经在 {output} 放好了完整的方案文件夹；请用 cmatch verify 检查", "it had already put a whole plan folder in place at {output}; check it with cmatch verify")
        case .isolateNothingWritten: return ("未写出任何文件", "nothing was written")
        case .isolateOverran: return ("cmatch：时间限制 {limit} 秒之后 {grace} 秒求解仍在运行，已被停止；{result}。请给 --time-limit 更多秒数；求解自己停不下来是值得报告的缺陷。",
                                      "cmatch: the solve was still running {grace} s after the time limit of {limit} s and was stopped; {result}. Give --time-limit more seconds; a solve that never stops by itself is a bug worth reporting.")
        case .isolateDied: return ("cmatch：内部错误：求解进程因信号 {signal}（{name}）终止{abort}；{result}。请连同情景一起报告。",
                                   "cmatch: internal error: the solve process died of signal {signal} ({name}){abort}; {result}. Please report it with the scenario.")
        case .isolateAbortNote: return ("，GLPK 遇到无法处理的情况时会这样", ", as GLPK does when it meets something it cannot handle")
        case .pinConflictNoEligible: return ("这条指定找不到合格的党员、时段或人手配置", "no eligible member, slot or staffing for this pin")
        case .pinConflictGreedy: return ("人工派单（greedy）无法满足这些指定", "greedy dispatch cannot honour the pins")
        case .pinConflictTogether: return ("这些指定不能同时成立", "the pins cannot all hold together")
        case .pinConflictNoResource: return ("这项指定的任务已没有任何可用的资源", "no resource usable anywhere is left for this pinned task")
        case .yamlCannotParse: return ("无法解析 YAML：{detail}", "cannot parse YAML: {detail}")
        case .yamlNotMapping: return ("scenario.yaml 必须是键值映射（name:、week:、…）", "scenario.yaml must be a mapping of keys (name:, week:, …)")
        case .yamlBadWeek: return ("周次“{week}”不是 2026-W48 这样的 ISO 周", "week '{week}' is not an ISO week like 2026-W48")
        case .yamlBadEncoding: return ("不支持编码“{encoding}”：请用 utf-8 或 gb18030（GBK 文件按 gb18030 读取）",
                                       "encoding '{encoding}' is not supported: use utf-8 or gb18030 (GBK files read as gb18030)")
        case .yamlUnknownKey: return ("不认识的键“{key}”；scenario.yaml 的键是 {keys}", "unknown key '{key}'; scenario.yaml takes {keys}")
        case .yamlInvalid: return ("YAML 无效：{detail}", "invalid YAML: {detail}")
        case .yamlKeyTwice: return ("键 {keys} 出现两次", "key {keys} appears twice")
        case .yamlSingleValue: return ("“{key}”必须是单个值", "'{key}' must be a single value")
        case .yamlNotNumber: return ("“{key}”必须是数字，而不是“{value}”", "'{key}' must be a number, not '{value}'")
        case .yamlOutOfRange: return ("“{key}”必须在 {min} 到 {max} 之间，而不是 {value}", "'{key}' must be between {min} and {max}, not {value}")
        case .yamlNotMapping2: return ("“{key}”必须是映射", "'{key}' must be a mapping")
        case .periodNameBad: return ("时段名“{name}”必须是一个词，不含“-”、“|”或空格", "period name '{name}' must be a word without '-', '|' or spaces")
        case .periodNameTaken: return ("时段名“{name}”已被某一天或时段词占用", "period name '{name}' is taken by a day or a slot word")
        case .periodTwice: return ("时段“{name}”给了两次", "period '{name}' is given twice")
        case .periodNotRange: return ("时段“{name}”必须是 \"08:00-12:00\" 这样的时间范围", "period '{name}' must be a time range like \"08:00-12:00\"")
        case .periodsEmpty: return ("periods 至少要有一个时段", "'periods' must name at least one period")
        case .periodsOverlap: return ("时段 {a} 和 {b} 重叠", "periods {a} and {b} overlap")
        case .yamlUnknownTravelKey: return ("不认识的键“travel.{key}”；travel 的键是 walking_speed_kmh、max_travel",
                                            "unknown key 'travel.{key}'; travel takes walking_speed_kmh, max_travel")
        case .priorityNotWhole: return ("优先级“{value}”必须是整数（1 最紧急 … 5）", "priority '{value}' must be a whole number (1 most urgent … 5)")
        case .yamlUnknownWeightsKey: return ("不认识的键“weights.{key}”；weights 的键是 priority、vulnerable_factor、continuity_bonus",
                                             "unknown key 'weights.{key}'; weights takes priority, vulnerable_factor, continuity_bonus")
        case .objectiveNotList: return ("objective 必须是列表，例如 [coverage, pledges, travel]", "'objective' must be a list such as [coverage, pledges, travel]")
        case .objectiveUnknownLevel: return ("目标层“{level}”不是 coverage、pledges、travel、fairness 之一",
                                             "objective level '{level}' is not one of coverage, pledges, travel, fairness")
        case .objectiveTwice: return ("目标层“{level}”列出了两次", "objective level '{level}' is listed twice")
        case .objectiveEmpty: return ("objective 至少要列出一层", "'objective' must list at least one level")

        case .removeNotMapping: return ("remove 必须是名单到编号列表的映射，例如 remove: {units: [U003]}",
                                        "'remove' must be a mapping of lists to ids, e.g. remove: {units: [U003]}")
        case .removeUnknownKey: return ("不认识的键“remove.{name}”；remove 的键是 {keys}", "unknown key 'remove.{name}'; remove takes {keys}")
        case .removeNotList: return ("“remove.{name}”必须是编号列表，例如 [{example}]", "'remove.{name}' must be a list of ids, e.g. [{example}]")
        case .removeItemNotId: return ("“remove.{name}”的各项必须是编号", "'remove.{name}' items must be ids")
        case .removeAlready: return ("{file}“{id}”已被这个叠加情景删除", "{file} '{id}' is already removed by this overlay")
        case .removeMissing: return ("无法删除 {file}“{id}”：所扩展的情景中没有这个编号的行",
                                     "cannot remove {file} '{id}': no row with that id in the scenario it extends")
        case .addNotMapping: return ("add 必须是名单到叠加文件夹中 CSV 文件的映射，例如 add: {members: new-members.csv}",
                                     "'add' must be a mapping of lists to CSV files in the overlay folder, e.g. add: {members: new-members.csv}")
        case .addUnknownKey: return ("不认识的键“add.{name}”；add 的键是 {keys}", "unknown key 'add.{name}'; add takes {keys}")
        case .addNotOneFile: return ("“add.{name}”必须是叠加文件夹中的一个 CSV 文件", "'add.{name}' must name one CSV file in the overlay folder")
        case .addCannotRead: return ("无法读取“{file}”（查找位置 {path}）；add: 列出的是叠加文件夹中的 CSV 文件",
                                     "cannot read '{file}' (looked for {path}); add: names CSV files in the overlay folder")
        case .scaleNotMapping: return ("scale 必须是映射，例如 scale: {needs: {elderly-care: 1.3}}", "'scale' must be a mapping, e.g. scale: {needs: {elderly-care: 1.3}}")
        case .scaleUnknownKey: return ("不认识的键“scale.{name}”；scale 的键是 needs、projects", "unknown key 'scale.{name}'; scale takes needs, projects")
        case .scaleNotMap: return ("“scale.{name}”必须是类别到倍数的映射，例如 {elderly-care: 1.3}",
                                   "'scale.{name}' must map categories to factors, e.g. {elderly-care: 1.3}")
        case .scaleBadFactor: return ("{name}“{category}”的倍数必须是 0 到 100 之间的数（1.3 表示多 30 %），而不是“{value}”",
                                      "scale factor for {name} '{category}' must be a number from 0 to 100 (1.3 means 30 % more), not '{value}'")
        case .scaleNoCategory: return ("没有类别为“{category}”的 {file} 可以缩放", "no {file} of category '{category}' to scale")
        case .overlayDangling: return ("{what}“{id}”在这个叠加情景之后已不存在，但 {place}（{file} 中{row}的 {column}）仍指向它；请把那一行也删除或替换",
                                       "{what} '{id}' is gone after this overlay, but {place} ({column} of {file} row{row}) still points at it; remove or replace that row too")
        case .overlayFileIgnored: return ("{file} 被忽略：叠加情景（extends:）只从 add: 列出的文件中取行",
                                          "{file} is ignored: an overlay (extends:) takes rows only from files named under add:")
        case .extendsNoFolder: return ("extends：没有这个情景文件夹 {folder}", "extends: no such scenario folder {folder}")
        case .extendsCycle: return ("extends：{target} 构成循环（{chain}）；情景不能扩展自身", "extends: {target} makes a cycle ({chain}); a scenario cannot extend itself")
        case .extendsNotOne: return ("extends: 必须指向一个情景文件夹，例如 extends: ../nanguan-street", "extends: must name one scenario folder, e.g. extends: ../nanguan-street")
        case .overlayWithoutExtends: return ("“{key}”是修改被扩展情景的键；请先写 extends: ../base", "'{key}' edits the scenario an overlay extends; add extends: ../base first")

        case .planNoHeader: return ("文件没有表头行", "the file has no header row")
        case .planColumnTwice: return ("列 {column} 出现两次", "column {column} appears twice")
        case .planUnknownColumn: return ("不认识的列“{column}”，已忽略", "unknown column '{column}' is ignored")
        case .planMissingColumn: return ("缺少必需的列 {column}（{chinese}）", "required column {column} ({chinese}) is missing")
        case .planTaskKind: return ("task_kind“{value}”既不是 need（需求）也不是 project（项目）", "task_kind '{value}' is neither need (需求) nor project (项目)")
        case .planSlot: return ("时段“{value}”不是这一周的某个时段；请写成 {example} 这样", "slot '{value}' is not one slot of the week; write it like {example}")
        case .planNotNumber: return ("“{value}”不是数字", "'{value}' is not a number")
        case .planRequirement: return ("requirement“{value}”不是任务资源列表中的位置 1、2、…", "requirement '{value}' is not a position 1, 2, … in the task's resources list")

        case .validateOK: return ("{scenario}：可以排班 —— 社区 {communities} 个，单位 {units} 个，党员 {members} 名，需求 {needs} 项，项目 {projects} 个，资源 {resources} 项，指定 {pins} 条；警告 {count} 条",
                                  "{scenario}: OK — {communities} communities, {units} units, {members} members, {needs} needs, {projects} projects, {resources} resources, {pins} pins; {count} warning(s)")
        case .solveSummary: return ("{output}：需求覆盖 {needs}，项目开展 {projects}，派单 {assignments} 条，未满足 {unmet} 项；状态：{status}",
                                    "{output}: {needs} needs covered, {projects} projects run, {assignments} assignments, {unmet} unmet; status: {status}")
        case .solveLevel: return ("  {level}：值 {value}，界 {bound}，差距 {gap} % — {status}", "  {level}: value {value}, bound {bound}, gap {gap} % — {status}")
        case .solveTimeLimitBound: return ("  安全时限（--time-limit）提前结束了求解：这份方案取决于机器的速度和负载。给更多秒数，方案在任何机器上都相同。",
                                           "  The --time-limit safety net cut the search short: this plan depends on the machine's speed and load. Give more seconds for a plan that is the same on every machine.")
        case .statusStoppedGap: return ("已停止：达到要求的差距", "stopped: gap reached")
        case .solveNoPlan: return ("cmatch：时间限制到了，还没有找到任何方案；未写出任何文件。请给 --time-limit 更多秒数。",
                                   "cmatch: the time limit passed before any plan was found; nothing was written. Give --time-limit more seconds.")
        case .travelFigure: return ("路程目标 {objective} 分钟 = {parts}", "travel objective {objective} min = {parts}")
        case .travelFigureWalked: return ("步行 {walked} 分钟", "{walked} min walked")
        case .travelFigureBonus: return ("减连续服务奖励 {bonus} 分钟（{count} 项需求由偏好党员服务）",
                                         "less the continuity bonus {bonus} min ({count} need(s) served by their preferred member)")
        case .travelFigureFairness: return ("公平项（另一目标层）{fairness}", "fairness term (a level of its own) {fairness}")

        case .ledgerNoWeeks: return ("{week} 之前四周没有已记录的周", "no accepted week in the four before {week}")
        case .ledgerWeeks: return ("{week} 之前已记录 {count} 周（{weeks}）", "{count} accepted week(s) before {week} ({weeks})")
        case .ledgerLine: return ("  台账：{weeks}；{preferred} 项需求以上周的党员为偏好党员；{members} 名党员的近期时长进入公平层",
                                  "  ledger: {weeks}; {preferred} needs get last week's member as preferred; {members} members carry recent hours into the fairness level")
        case .ledgerMissing: return ("cmatch：{ledger}：还没有台账；本次不带历史排班（cmatch accept 会创建它）",
                                     "cmatch: {ledger}: no ledger yet; planning without history (cmatch accept creates it)")
        case .acceptWhat: return ("服务 {services} 次，{hours} 小时，党员 {members} 名", "{services} services, {hours} hours, {members} members")
        case .acceptRecorded: return ("{ledger}：已记录 {week} 周：{what}", "{ledger}: week {week} recorded: {what}")
        case .acceptAlready: return ("{ledger}：{week} 周已按这个方案记录过；没有改动", "{ledger}: week {week} was already recorded from this plan; nothing changed")
        case .acceptReplaced: return ("{ledger}：已替换 {week} 周（原情景哈希 {hash}…）：{what}", "{ledger}: week {week} replaced (was scenario hash {hash}…): {what}")
        case .acceptNoWeek: return ("{plan}：方案的周次“{week}”不是 2026-W48 这样的 ISO 周；请在情景的 scenario.yaml 中设置 week: 后重新求解",
                                    "{plan}: the plan's week '{week}' is not an ISO week such as 2026-W48; set `week:` in the scenario's scenario.yaml and solve again")
        case .acceptNoHash: return ("{plan}：方案没有记录 scenario_hash；请用这个版本的 cmatch 重新求解", "{plan}: the plan records no scenario_hash; solve it again with this cmatch")
        case .statusOptimal: return ("最优（已证明）", "optimal (proven)")
        case .statusFeasible: return ("可行（未证明最优）", "feasible (not proven optimal)")
        case .statusTimeLimitNoPlan: return ("时间用尽，没有方案", "time limit passed with no plan")
        case .statusInfeasible: return ("无解", "infeasible")
        case .statusStoppedWorkBudget: return ("已停止：工作量预算用尽", "stopped: work budget")
        case .statusStoppedTimeLimit: return ("已停止：到达时间限制", "stopped: time limit")
        case .statusStoppedNoProgress: return ("已停止：不再有进展", "stopped: no progress")
        case .levelCoverage: return ("覆盖价值", "coverage")
        case .levelPledges: return ("承诺缺口（小时）", "pledge shortfall (hours)")
        case .levelTravel: return ("路程目标（分钟，步行 − 奖励）", "travel objective (minutes walked − bonus)")
        case .levelFairness: return ("公平（近四周时长加权）", "fairness (hours weighted by the last four weeks)")

        case .reasonNoSkill: return ("无人具备所需技能", "no member has the skill")
        case .reasonNoOneInReach: return ("服务圈内没有具备技能的党员", "no skilled member within reach")
        case .reasonNoSlot: return ("合适的党员在可选时段都没空", "no skilled member free in an accepted slot")
        case .reasonNoResource: return ("服务圈和时段内没有所需资源", "no resource of the kind in reach and slot")
        case .reasonOutcompeted: return ("人员或资源已派给价值更高的任务", "taken by tasks of higher value")

        case .replanMemberDropped: return ("该党员不能服务", "the member dropped out")
        case .replanTaskCancelled: return ("任务已取消", "the task was cancelled")
        case .replanTaskUncovered: return ("任务不再安排", "the task is no longer covered")
        case .replanRestaffed: return ("任务重新配人", "the task was re-staffed")
        case .replanReassigned: return ("重新分配", "reassigned")
        case .replanReplacement: return ("顶替", "a replacement")
        case .replanNewNeed: return ("新增需求", "a new need")
        case .replanNewlyCovered: return ("新满足的任务", "newly covered")
        case .replanRebooked: return ("改订资源", "rebooked")
        case .replanSlotChanged: return ("时段改变", "the slot changed")
        case .replanKeepSlot: return ("保留时段", "keeps its slot")
        case .replanKeepTask: return ("连同人员改时段", "moves with its members")
        case .replanRelease: return ("重新配人", "re-staffed")
        case .overlaySettings: return ("设置：{keys}", "settings: {keys}")
        case .overlayRemoved: return ("删除{kind} {id}{cascade}", "removed {kind} {id}{cascade}")
        case .overlayCount: return ("{list} {count} 行", "{count} {list}")
        case .overlayCascade1: return ("，连同其{a}", " with its {a}")
        case .overlayCascade2: return ("，连同其{a}和{b}", " with its {a} and {b}")
        case .overlayAdded: return ("新增{list} {count} 行", "added {count} {list}")
        case .overlayReplaced: return ("替换{list} {count} 行", "replaced {count} {list}")
        case .overlayAddedNone: return ("没有新增{list}", "added no {list}")
        case .overlayFrom1: return ("{a}（来自 {file}）", "{a} from {file}")
        case .overlayFrom2: return ("{a}，{b}（来自 {file}）", "{a}, {b} from {file}")
        case .overlayScaled: return ("类别 {category} 的{list}乘以 {factor}：{from} → {to}", "scaled {list} of category {category} by {factor}: {from} → {to}")
        case .listCommunities: return ("社区", "communities")
        case .listUnits: return ("单位", "units")
        case .listMembers: return ("党员", "members")
        case .listResources: return ("资源", "resources")
        case .listNeeds: return ("需求", "needs")
        case .listProjects: return ("项目", "projects")
        case .listTravel: return ("路程", "travel")
        case .listPins: return ("指定", "pins")
        case .showScenario: return ("情景：{value}", "scenario: {value}")
        case .showName: return ("名称：{value}", "name: {value}")
        case .showWeek: return ("周次：{value}", "week: {value}")
        case .showHash: return ("情景哈希（scenario_hash）：{value}", "scenario_hash: {value}")
        case .showOverlays: return ("叠加情景，从基础情景开始：", "overlays, base first:")
        case .showExtends: return ("  {folder} 扩展自 {base}", "  {folder} extends {base}")
        case .showNoChanges: return ("    （没有改动）", "    (no changes)")
        case .showSettings: return ("设置（scenario.yaml 的键）：", "settings:")
        case .showLists: return ("名单：", "lists:")
        case .showCommunities: return ("  社区：{value}", "  communities: {value}")
        case .showUnits: return ("  单位：{value}", "  units: {value}")
        case .showMembers: return ("  党员：{value}", "  members: {value}")
        case .showResources: return ("  资源：{value}", "  resources: {value}")
        case .showNeeds: return ("  需求：{value}", "  needs: {value}")
        case .showProjects: return ("  项目：{value}", "  projects: {value}")
        case .showTravelOverrides: return ("  路程覆盖（travel.csv）：{value}", "  travel overrides: {value}")
        case .showPins: return ("  指定：{value}", "  pins: {value}")
        case .showNone: return ("（无）", "(none)")
        case .exportScenarioChanged: return ("cmatch：警告：{folder} 在求解之后改动过（它的哈希与 plan.json 的不同）；名称和标题按现在的情景",
                                             "cmatch: warning: {folder} has changed since the plan was solved (its hash differs from plan.json's); names and titles are today's")
        case .planCannotRead: return ("{path}：无法读取方案：{reason}", "{path}: cannot read the plan: {reason}")
        case .planMalformed: return ("{path}：不是 cmatch 的 plan.json：{detail}", "{path}: not a cmatch plan.json: {detail}")
        case .planNoSuchFile: return ("没有这个文件", "no such file")
        case .planNotReadable: return ("没有读取权限", "not readable")
        case .ledgerWeekTaken: return ("{path}：{week} 周已按另一个方案记录（情景哈希 {old}…，本方案 {new}…）；没有改动。加 --replace 可用本方案替换该周的记录。",
                                       "{path}: week {week} is already accepted from another plan (scenario hash {old}…, this plan {new}…); nothing was changed. Give --replace to replace that week's record with this plan.")
        case .ledgerBusy: return ("{path}：台账正忙（另一个 cmatch 正在写入）；没有改动。请稍后再试。", "{path}: the ledger is busy (another cmatch is writing it); nothing was changed. Try again.")
        case .ledgerNoSuch: return ("{path}：没有这个台账；`cmatch accept PLAN --ledger {path}` 会创建它", "{path}: no such ledger; `cmatch accept PLAN --ledger {path}` creates it")
        case .ledgerNotALedger: return ("{path}：不是 cmatch 的台账：{reason}", "{path}: not a cmatch ledger: {reason}")
        case .ledgerDatabase: return ("{path}：台账出错：{message}", "{path}: ledger error: {message}")
        case .historyNoWeek: return ("scenario.yaml 没有 week:；带台账排班需要 ISO 周，例如 week: 2026-W48", "scenario.yaml has no `week:`; planning with a ledger needs the ISO week, e.g. week: 2026-W48")
        case .historyBadWeek: return ("scenario.yaml 的周次“{week}”不是 2026-W48 这样的 ISO 周；带台账排班需要它", "scenario.yaml's week '{week}' is not an ISO week such as 2026-W48; planning with a ledger needs one")
        case .replanDropUnknown: return ("--drop-member {member}：{folder} 中没有这个编号的党员", "--drop-member {member}: no member with that id in {folder}")
        case .replanCancelUnknown: return ("--cancel {task}：{folder} 中没有这个编号的需求或项目", "--cancel {task}: no need or project with that id in {folder}")
        case .replanCancelAmbiguous: return ("--cancel {task}：既是需求也是项目；请写成 need:{task} 或 project:{task}",
                                             "--cancel {task}: both a need and a project; write need:{task} or project:{task}")
        case .replanKeptCannotHold: return ("cmatch：保留的分配在改动后的情景中不能同时成立；未写出任何文件。方案求解之后情景是否改动过？",
                                            "cmatch: the kept assignments cannot all hold in the changed scenario; nothing was written. Did the scenario change since the plan was solved?")
        case .explainPinsCannotHold: return ("cmatch explain：情景中的指定不能同时成立；请运行 cmatch validate",
                                             "cmatch explain: the scenario's pins cannot hold together; run cmatch validate")
        case .exportSummary: return ("{out}：{format}，派单 {assignments} 条，未满足 {unmet} 项，单位 {units} 个",
                                     "{out}: {format}, {assignments} assignments, {unmet} unmet, {units} units")
        case .templatesWritten: return ("{dir}：已写出 {count} 个模板；修改后用 --templates {dir} 传入", "{dir}: {count} templates written; edit them and pass --templates {dir}")
        case .explainValueLegend: return ("（价值：任务被满足时计入“覆盖价值”目标的分数——优先级权重，弱势群体乘 1.5，项目再乘受益人数 ÷ 4；见 docs/glossary.md）",
                                          "(value: what covering the task adds to the coverage objective — the priority's weight, × 1.5 for a vulnerable resident, for a project × beneficiaries ÷ 4; see docs/glossary.md)")
        case .explainNoTask: return ("cmatch explain：{folder} 中没有任务“{task}”", "cmatch explain: no task '{task}' in {folder}")
        case .explainAmbiguous: return ("cmatch explain：“{task}”既是需求也是项目；请写成 need:{task} 或 project:{task}",
                                        "cmatch explain: '{task}' is both a need and a project; write need:{task} or project:{task}")
        case .compareStatus: return ("{plan}：{scenario}，{week} 周，状态：{status}，最大差距 {gap} %，情景哈希 {hash}",
                                     "{plan}: {scenario}, week {week}, status: {status}, largest gap {gap} %, scenario hash {hash}")
        case .compareGap: return ("  {plan} 的 {level}：值 {value}，界 {bound}，差距 {gap} %", "  {plan} {level}: value {value}, bound {bound}, gap {gap} %")
        case .compareNotSignificant: return ("* 差值不大于两个方案在该目标层上的差距之和（|界 − 值|），不显著：可能来自求解未证明最优，而不是情景的不同",
                                             "* the difference is within the two plans' gaps on that level (|bound − value| of each): not significant, it may come from the solve rather than the scenarios")
        case .compareWeeksDiffer: return ("警告：{plan} 排的是 {week} 周，{first} 排的是 {firstWeek} 周：不同周的方案不计算派单变动，其余指标也不可直接比较",
                                          "warning: {plan} plans week {week}, {first} week {firstWeek}: no churn between different weeks, and the other figures are of different weeks")
        case .compareScenariosDiffer: return ("注意：{plan} 与 {first} 来自不同的情景（情景哈希 {hash} 与 {firstHash}）",
                                              "note: {plan} and {first} come from different scenarios (scenario hashes {hash} and {firstHash})")
        case .compareSameScenario: return ("注意：{plan} 与 {first} 来自同一情景（情景哈希 {hash}）", "note: {plan} was solved from the same scenario as {first} (hash {hash})")
        case .compareUnknownHash: return ("注意：{plan} 没有记录情景哈希，无法判断是否同一情景", "note: {plan} records no scenario hash; whether the scenarios match is unknown")
        case .compareHashNotRecorded: return ("未记录", "not recorded")
        case .listSheet: return ("“{sheet}”工作表", "the {sheet} sheet")
        case .unknownColumnGuess: return ("不认识的列“{column}”，已忽略；是不是指 {guess}？如果是，请把表头改为 {guess}，或在 scenario.yaml 中加上 {yaml}",
                                          "unknown column '{column}' is ignored; did you mean {guess}? If so, rename the header or add {yaml} to scenario.yaml")
        case .unknownColumnsAgain: return ("注意：有 {count} 个不认识的列被忽略（见上面的警告），这些列的值没有用在本方案中",
                                           "note: {count} column(s) ignored as unknown (see the warnings above): their values are not in this plan")
        case .strictWarnings: return ("发现 {count} 个警告，--strict 把警告当作错误；未写出任何文件。",
                                      "{count} warning(s) found and --strict treats warnings as errors; nothing was written.")
        case .emptySlotsNeed: return ("时段为空：请填写居民可以接受的时段，或填 any（空单元格多半是漏填了）",
                                      "slots is empty: write the slots the resident accepts, or `any` (an empty cell is too often a forgotten one)")
        case .emptySlotsProject: return ("时段为空：请填写项目可以开展的时段，或填 any（空单元格多半是漏填了）",
                                         "slots is empty: write the slots the project can run in, or `any` (an empty cell is too often a forgotten one)")
        case .unknownSkill: return ("没有党员具备技能“{word}”，这项任务无法安排。{hint}如果这是街道自己的叫法，请在 scenario.yaml 中加上 {yaml}",
                                    "skill '{word}' is held by no member, so this task cannot be served. {hint}If it is the office's word for one of ours, add {yaml} to scenario.yaml")
        case .unknownKind: return ("没有哪项资源属于“{word}”类，这项任务无法安排。{hint}如果这是街道自己的叫法，请在 scenario.yaml 中加上 {yaml}",
                                   "resource kind '{word}' is what no resource is, so this task cannot be served. {hint}If it is the office's word for one of ours, add {yaml} to scenario.yaml")
        case .didYouMeanWord: return ("是不是“{guess}”？", "Did you mean '{guess}'? ")
        /// A YAML snippet with the word still to be chosen: `vocabulary: {skills: {驾驶: <our word>}}`.
        case .ourWord: return ("{before}<标准词>{after}", "{before}<our word>{after}")
        case .slotLooksLikeDate: return ("不认识的时段“{token}”：它像是日期，而时段是一周中的某一天或半天，例如 Sat-AM 或 周六上午；请把这一列设为文本格式，重新输入时段",
                                         "unknown slot '{token}': it looks like a date, and slots are days and half-days of the week such as Sat-AM; format the column as text and type the slots again")
        case .notAWorkbook: return ("这不是有效的 .xlsx 工作簿（{detail}）；请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”",
                                    "it is not a valid .xlsx workbook ({detail}); open it in Excel or WPS and save it as \"Excel Workbook (*.xlsx)\"")
        case .wbFileEmpty: return ("文件是空的", "the file is empty")
        case .wbNotZip: return ("它不是 zip 压缩包", "it is not a zip archive")
        case .wbZipDamaged: return ("zip 压缩包已损坏", "the zip archive is damaged")
        case .wbEntryDamaged: return ("压缩包中的 {name} 已损坏", "the zip entry {name} is damaged")
        case .wbNoWorkbookPart: return ("它是 zip 压缩包，但没有 xl/workbook.xml，不是电子表格", "it is a zip archive without xl/workbook.xml, so not a spreadsheet")
        case .wbNoSheetPart: return ("工作表“{sheet}”缺少内容部分", "sheet '{sheet}' has no worksheet part")
        case .legacyOrEncrypted: return ("这是 Excel 97–2003 工作簿（.xls），却用了 .xlsx 的文件名；请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”（如果它设了密码，就是加密的工作簿：请另存一份不带密码的副本）",
                                         "it is an Excel 97–2003 workbook (.xls) with an .xlsx name; open it in Excel or WPS and save it as \"Excel Workbook (*.xlsx)\" (or, if it has a password, it is a password-protected workbook; save a copy without the password)")
        case .wbPartOfSheet: return ("{part}（工作表“{sheet}”）", "{part} (sheet '{sheet}')")
        case .brokenXML: return ("工作簿的组成部分 {part} 不是格式正确的 XML（{detail}）：文件已损坏；请用 Excel 或 WPS 打开后重新保存",
                                 "the workbook part {part} is not well-formed XML ({detail}): the file is damaged; open it in Excel or WPS and save it again")
        case .xmlNotUTF8: return ("不是 UTF-8 文本", "it is not UTF-8 text")
        case .xmlAtLine: return ("第 {line} 行", "at line {line}")
        case .xmlLine: return ("第 {line} 行{detail}", "line {line}{detail}")
        case .partTooLarge: return ("工作簿的组成部分 {part} 解压后超过 {mib} MiB；一周的名单远没有这么大",
                                    "the workbook part {part} unpacks to more than {mib} MiB; a week's lists are far smaller")
        case .sheetTwice: return ("工作表“{first}”和“{second}”都是{list}名单；请只保留一张", "sheets '{first}' and '{second}' both hold the {list} list; keep one")
        case .unknownSheet: return ("工作表“{name}”已忽略：{hint}读取的工作表是 {names}，设置写在 {settings} 工作表",
                                    "sheet '{name}' is ignored: {hint}the sheets read are {names}, and {settings} for settings")
        case .sheetGuess: return ("是不是“{guess}”？", "did you mean {guess}? ")
        case .missingSheet: return ("工作簿缺少“{chinese}”工作表（{list}）；这张表是必需的", "the workbook has no {list} sheet ({chinese}); it is required")
        case .hiddenSheet: return ("工作表“{name}”是隐藏的，但仍会读取；请取消隐藏，核对其中的内容", "sheet '{name}' is hidden but read all the same; unhide it to check what it holds")
        case .sheetEmpty: return ("工作表是空的：需要一行表头", "sheet is empty: it needs a header row")
        case .cellNoHeader: return ("这个单元格所在的列没有表头，整列已忽略；请补上表头，或清空这一列",
                                    "this cell's column has no header, so the column is ignored; give it a header or clear it")
        case .formulaWithoutValue: return ("公式没有保存计算结果（写出这个工作簿的程序不计算公式）；请用 Excel 或 WPS 打开工作簿，保存后再试",
                                           "the formula has no saved value (the workbook was written by a program that does not calculate); open the workbook in Excel or WPS, save it, and try again")
        case .badSharedString: return ("单元格引用了工作簿中不存在的共享文本 {index}：文件已损坏；请用 Excel 或 WPS 打开后重新保存",
                                       "the cell points at shared text {index}, which the workbook does not have: the file is damaged; open it in Excel or WPS and save it again")
        case .badCellReference: return ("单元格引用“{ref}”不是 B3 这样的单元格：文件已损坏；请用 Excel 或 WPS 打开后重新保存",
                                        "cell reference '{ref}' is not a cell like B3: the file is damaged; open it in Excel or WPS and save it again")
        case .settingsSheetIgnored: return ("{sheet} 工作表已忽略：设置以工作簿旁边的 scenario.yaml 为准",
                                            "the {sheet} sheet is ignored: scenario.yaml beside the workbook holds the settings")
        case .settingsKeyEmpty: return ("这项设置有值，但 A 列没有写设置项", "the setting has a value but no key in column A")
        case .weekLooksLikeDate: return ("周次“{text}”像是日期；请在文本格式的单元格里写 ISO 周，例如 2026-W48",
                                         "week '{text}' looks like a date; write the ISO week such as 2026-W48 in a text cell")
        case .scenarioSheetUnknownKey: return ("不认识的设置项“{key}”；设置工作表的设置项是 {keys}", "unknown key '{key}'; the scenario sheet takes {keys}")
        case .scenarioSheetOverlayKey: return ("“{key}”只用于 scenario.yaml 的变体情景；工作簿的设置工作表不能继承或修改另一个情景",
                                               "'{key}' is for scenario.yaml overlays; a workbook's scenario sheet cannot extend or edit another scenario")
        case .workbookIgnored: return ("{name} 已忽略：这个文件夹里的 CSV 文件才是情景；请把工作簿或 CSV 文件移走",
                                       "{name} is ignored: this folder's CSV files are the scenario; move the workbook or the CSV files away")
        case .severalWorkbooks: return ("文件夹里有多个工作簿（{names}），却没有 CSV 名单；请只保留一个",
                                        "the folder holds several workbooks ({names}) and no CSV lists; keep one")
        case .columnsNotAList: return ("columns：“{name}”不是名单；可用的名单有 {lists}", "columns: '{name}' is not a list; use {lists}")
        case .columnsMapOne: return ("columns.{name}：每个表头只能对应一个列名，例如 {example}", "columns.{name}: map a header to one column name, e.g. {example}")
        case .columnsNotAColumn: return ("columns.{name}.{header}：“{target}”不是 {list} 的列；可用的列有 {columns}",
                                         "columns.{name}.{header}: '{target}' is not a column of {list}; use {columns}")
        case .vocabularyUnknownKey: return ("不认识的键“vocabulary.{key}”；vocabulary 的键是 skills、kinds", "unknown key 'vocabulary.{key}'; vocabulary takes skills, kinds")
        case .vocabularyMapOne: return ("vocabulary.{key}：请把街道的叫法对应到我们的词，例如 {example}", "vocabulary.{key}: map the office's word to ours, e.g. {example}")
        case .initExists: return ("{path}：无法写入：文件已存在；请换一个文件名（init 从不覆盖工作簿）",
                                  "{path}: cannot be written: it exists; choose a new name (init never overwrites a workbook)")
        case .initFolderNotEmpty: return ("{path}：无法写入：文件夹已存在且不是空的（init 从不覆盖名单）",
                                          "{path}: cannot be written: the folder exists and is not empty (init never overwrites lists)")
        case .initWorkbookWritten: return ("{path}：空白情景工作簿已生成；填好后运行 cmatch validate {path}",
                                           "{path}: an empty scenario workbook; fill it in and run cmatch validate {path}")
        case .initFolderWritten: return ("{path}：空白情景文件夹已生成；填好其中的 CSV 文件后运行 cmatch validate {path}",
                                         "{path}: an empty scenario folder; fill in the CSV files and run cmatch validate {path}")
        }
    }
}
