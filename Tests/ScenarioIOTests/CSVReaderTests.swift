import CommunityMatch
import Foundation
import ScenarioIO
import Testing

/// Pins the reader's behaviour on the files street offices actually produce (Excel/WPS on Chinese Windows), and
/// the exact `file:line:column` of every complaint, since that is what a person uses to find the cell.
@Suite struct CSVReaderTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func parse(_ text: String) -> (table: CSVTable?, diagnostics: [Diagnostic]) {
        CSVReader.parse(text, file: "t.csv")
    }

    static func read(_ bytes: [UInt8], declared: TextEncoding? = nil) -> (table: CSVTable?, diagnostics: [Diagnostic]) {
        CSVReader.read(Data(bytes), file: "t.csv", declared: declared)
    }

    static func texts(_ row: CSVRow) -> [String] { row.cells.map(\.text) }

    static func utf16LE(_ s: String) -> [UInt8] {
        s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    // MARK: - Quoting

    @Test func quotedCommasAndNewlinesStayInOneCellThatStartsOnItsFirstLine() throws {
        let (table, diagnostics) = Self.parse("id,title,note\n1,\"买菜, 做饭\",\"第一行\n第二行\"\n2,x,y\n")
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.rows.count == 2)
        #expect(Self.texts(t.rows[0]) == ["1", "买菜, 做饭", "第一行\n第二行"])
        #expect(t.rows[0].line == 2)
        #expect(t.rows[0].cells[2].line == 2)
        #expect(t.rows[0].cells[2].column == 3)
        #expect(t.rows[1].line == 4)
        #expect(t.rows[1].cells[1].line == 4)
    }

    @Test func doubledQuotesInsideQuotedCellAreOneQuote() throws {
        let (table, diagnostics) = Self.parse("id,title\n1,\"他说\"\"你好\"\"\"\n2,\"\"\"\"\n")
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.rows[0].cells[1].text == "他说\"你好\"")
        #expect(t.rows[1].cells[1].text == "\"")
    }

    @Test func spacesAroundQuotedCellAreTolerated() throws {
        let (table, diagnostics) = Self.parse("id,title\n1,  \"a, b\"  \n")
        #expect(diagnostics.isEmpty)
        #expect(try #require(table).rows[0].cells[1].text == "a, b")
    }

    @Test func unterminatedQuoteIsReportedWhereItOpenedAndStopsReading() throws {
        let (table, diagnostics) = Self.parse("id,name,note\n1,a,b\n2,\"open,c\n3,d,e\n4,f,g\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].severity == .error)
        #expect(diagnostics[0].description.hasPrefix(
            "t.csv:3:2: unterminated quote: the quoted cell that starts here is never closed, "
            + "so the rest of the file (lines 3–5) cannot be read"))
        // The rows before it are kept; nothing after it is.
        let t = try #require(table)
        #expect(t.rows.map(\.line) == [2])
    }

    @Test func unterminatedQuoteInHeaderGivesNoTable() {
        let (table, diagnostics) = Self.parse("id,\"name\n1,a\n")
        #expect(table == nil)
        #expect(diagnostics.map(\.location.description) == ["t.csv:1:2"])
    }

    @Test func quoteLeftOpenThatPairsWithALaterOnePointsBackToWhereItOpened() {
        let (_, diagnostics) = Self.parse("id,name,note\n1,a,b\n2,\"open,c\n3,d,e\n4,\"f\"x,g\n")
        #expect(diagnostics.map(\.description) == [
            "t.csv:5:2: text after the closing quote of a quoted cell: a quote inside a cell must be written as "
                + "two (\"\"); the quoted cell began on line 3, column 2: if it should have ended on that line, "
                + "its closing quote is missing",
        ])
    }

    @Test func strayQuoteInUnquotedCellIsAnErrorAtThatCell() throws {
        let (table, diagnostics) = Self.parse("id,name,size\n1,ab\"c\"d,3\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].description.hasPrefix("t.csv:2:2: stray quote (\") inside a cell"))
        #expect(try #require(table).rows[0].cells[1].text == "ab\"c\"d")
    }

    @Test func textAfterClosingQuoteIsAnErrorOnTheLineWhereItIs() {
        let (_, diagnostics) = Self.parse("id,name\n1,\"ab\"c\n2,\"x\ny\"z\n")
        #expect(diagnostics.map(\.location.description) == ["t.csv:2:2", "t.csv:4:2"])
        #expect(diagnostics.allSatisfy { $0.message.hasPrefix("text after the closing quote") })
    }

    @Test func everyErrorIsCollectedNotOnlyTheFirst() {
        let (_, diagnostics) = Self.parse("id,name\n1,a\"b\n2,c,d\n3,e\"f\n")
        #expect(diagnostics.map(\.location.description) == ["t.csv:2:2", "t.csv:3:3", "t.csv:4:2"])
    }

    // MARK: - Row shape

    @Test func rowWithMoreCellsThanHeaderIsAnErrorNamingTheCount() throws {
        let (table, diagnostics) = Self.parse("id,name\n1,张,三\n2,c\n")
        #expect(diagnostics.map(\.description) == [
            "t.csv:2:3: row has 3 cells but the header has 2 columns: "
                + "a value containing a comma must be in double quotes",
        ])
        #expect(try #require(table).rows.map(\.line) == [3])
    }

    @Test func extraCellAfterMultilineCellNamesBothLines() {
        let (_, diagnostics) = Self.parse("id,name\n1,\"a\nb\",c\n")
        #expect(diagnostics.map(\.location.description) == ["t.csv:3:3"])
        #expect(diagnostics.first?.message.contains("(the row starts on line 2)") == true)
    }

    @Test func shortRowsArePaddedWithEmptyCellsAtTheirColumns() throws {
        let (table, diagnostics) = Self.parse("id,name,phone\n1\n2,b\n")
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.rows.map(Self.texts) == [["1", "", ""], ["2", "b", ""]])
        #expect(t.rows[0].cells.map(\.column) == [1, 2, 3])
        #expect(t.rows[0].cells.map(\.line) == [2, 2, 2])
    }

    @Test func excelTrailingCommasAndEmptyRowsAreSkipped() throws {
        let (table, diagnostics) = Self.parse("id,name,,,\n1,a,,,,\n,,,,\n , ,\u{3000},\n\n2,b,,\n,,,,\n")
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.header.map(\.text) == ["id", "name"])
        #expect(t.rows.map(Self.texts) == [["1", "a"], ["2", "b"]])
        #expect(t.rows.map(\.line) == [2, 6])
    }

    @Test func emptyFileNeedsAHeaderRow() {
        for text in ["", "\n\n", ",,,,\n,,\n", " \r\n"] {
            let (table, diagnostics) = Self.parse(text)
            #expect(table == nil)
            #expect(diagnostics.map(\.description) == ["t.csv:1:1: file is empty: it needs a header row"])
        }
        let (table, diagnostics) = Self.read([0xEF, 0xBB, 0xBF])
        #expect(table == nil)
        #expect(diagnostics.map(\.description) == ["t.csv:1:1: file is empty: it needs a header row"])
    }

    @Test func headerOnlyFileIsAnEmptyListWithoutError() throws {
        for text in ["id,name\n", "id,name", "id,name\r\n\r\n"] {
            let (table, diagnostics) = Self.parse(text)
            #expect(diagnostics.isEmpty)
            let t = try #require(table)
            #expect(t.header.map(\.text) == ["id", "name"])
            #expect(t.rows.isEmpty)
        }
    }

    @Test func duplicateHeaderIsReportedOnTheSecondCaseInsensitively() {
        let (_, diagnostics) = Self.parse("id,名称,ID,名称\n")
        #expect(diagnostics.map(\.description) == [
            "t.csv:1:3: duplicate column \"ID\": column 1 has the same name",
            "t.csv:1:4: duplicate column \"名称\": column 2 has the same name",
        ])
    }

    @Test func headerWithFullWidthCommasGetsAHint() {
        let (table, diagnostics) = Self.parse("编号，名称\nM1，张三\n")
        #expect(table?.header.count == 1)
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.description.hasPrefix("t.csv:1:1: warning: the header row is a single column") == true)
    }

    // MARK: - Cell text

    @Test func ideographicSpaceNBSPAndZeroWidthCharactersAreRemoved() throws {
        let (table, diagnostics) = Self.parse(
            "\u{FEFF}id,\u{3000}名称\u{3000}\n\u{3000}M1\u{200B}\u{00A0},张\u{200D}三\u{200C}\u{3000}\n\" 2 \",\u{2060}\u{FEFF}\n")
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.header.map(\.text) == ["id", "名称"])
        #expect(t.rows.map(Self.texts) == [["M1", "张三"], ["2", ""]])
    }

    @Test func headerCaseIsKeptForTheLoaderToCompare() throws {
        let t = try #require(Self.parse("ID,Name\n").table)
        #expect(t.header.map(\.text) == ["ID", "Name"])
    }

    @Test func cellOverExcelLimitIsAnError() throws {
        let atLimit = String(repeating: "a", count: 32_767)
        #expect(Self.parse("id,note\n1,\(atLimit)\n").diagnostics.isEmpty)
        let over = String(repeating: "长", count: 32_768)
        let (_, diagnostics) = Self.parse("id,note\n1,ok\n2,\"\(over)\"\n")
        #expect(diagnostics.map(\.description) == [
            "t.csv:3:2: cell is 32768 characters long, more than Excel's limit of 32767; "
                + "a quote may be missing its closing partner",
        ])
    }

    // MARK: - Line endings

    @Test func crlfLineEndingsCountAsOneLine() throws {
        let (table, diagnostics) = Self.parse("id,note\r\n1,\"a\r\nb\"\r\n2,c\"d\r\n")
        let t = try #require(table)
        #expect(t.rows.map(\.line) == [2, 4])
        #expect(t.rows[0].cells[1].text == "a\nb")
        #expect(diagnostics.map(\.location.description) == ["t.csv:4:2"])
    }

    @Test func crOnlyLineEndingsCountAsLines() throws {
        let (table, diagnostics) = Self.parse("id,note\r1,\"x\ry\"\r2,b\r3,c\"\r")
        let t = try #require(table)
        #expect(t.rows.map(\.line) == [2, 4, 5])
        #expect(t.rows[0].cells[1].text == "x\ny")
        #expect(diagnostics.map(\.location.description) == ["t.csv:5:2"])
    }

    // MARK: - Encodings

    @Test func utf8BOMIsStripped() throws {
        let (table, diagnostics) = Self.read([0xEF, 0xBB, 0xBF] + Array("id,名称\nM1,张三\n".utf8))
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.encoding == .utf8)
        #expect(t.header.map(\.text) == ["id", "名称"])
        #expect(t.header[0].text.unicodeScalars.count == 2)
    }

    @Test func gb18030IsDetectedWithoutDeclaration() throws {
        let bytes = try #require("编号,姓名,社区\nM1,张三,南关\n".data(using: Self.gb18030))
        #expect(String(data: bytes, encoding: .utf8) == nil)
        let (table, diagnostics) = Self.read(Array(bytes))
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.encoding == .gb18030)
        #expect(t.header.map(\.text) == ["编号", "姓名", "社区"])
        #expect(Self.texts(t.rows[0]) == ["M1", "张三", "南关"])
    }

    @Test func gb18030DeclaredInScenarioIsUsed() throws {
        #expect(TextEncoding(name: "GBK") == .gb18030)
        #expect(TextEncoding(name: "gb2312") == .gb18030)
        #expect(TextEncoding(name: "CP936") == .gb18030)
        #expect(TextEncoding(name: "UTF-8") == .utf8)
        #expect(TextEncoding(name: "latin1") == nil)
        let bytes = try #require("编号,姓名\nM1,中文\n".data(using: Self.gb18030))
        let (table, diagnostics) = Self.read(Array(bytes), declared: TextEncoding(name: "gbk"))
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.encoding == .gb18030)
        #expect(Self.texts(t.rows[0]) == ["M1", "中文"])
    }

    @Test func declaredGB18030OnAUTF8FileWarns() {
        let (table, diagnostics) = Self.read(Array("编号\nM1\n".utf8), declared: .gb18030)
        #expect(table?.encoding == .gb18030)
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.description.hasPrefix("t.csv:1:1: warning: scenario.yaml says encoding: gb18030") == true)
    }

    @Test func declaredUTF8OnAGB18030FileReportsTheFirstBadByte() throws {
        let bytes = try #require("id,name\nM1,中文\n".data(using: Self.gb18030))
        let (table, diagnostics) = Self.read(Array(bytes), declared: .utf8)
        #expect(table == nil)
        #expect(diagnostics.map(\.description) == [
            "t.csv:2:4: invalid UTF-8 byte 0xD6 (it reads as GB18030: set encoding: gb18030 in scenario.yaml); "
                + "save the file as UTF-8 or set encoding: in scenario.yaml",
        ])
    }

    @Test func byteOrderMarkBeatsTheDeclaredEncoding() throws {
        let (table, diagnostics) = Self.read([0xEF, 0xBB, 0xBF] + Array("编号\nM1\n".utf8), declared: .gb18030)
        let t = try #require(table)
        #expect(t.encoding == .utf8)
        #expect(t.header.map(\.text) == ["编号"])
        #expect(diagnostics.map(\.severity) == [.warning])
    }

    @Test func scenarioYAMLIsNotToldToSetEncoding() throws {
        let bytes = try #require("week: 2026-W48\nname: 南关\n".data(using: Self.gb18030))
        let decoded = TextDecoder.decode(bytes, file: "scenario.yaml", declared: .utf8)
        #expect(decoded.text == nil)
        #expect(decoded.diagnostics.map(\.description) == [
            "scenario.yaml:2:7: invalid UTF-8 byte 0xC4; save the file as UTF-8",
        ])
    }

    @Test func utf16LEWithoutBOMIsRecognised() throws {
        let (table, diagnostics) = Self.read(Self.utf16LE("id\tname\r\nM1\t张三\r\n"))
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.encoding == .utf16le)
        #expect(Self.texts(t.rows[0]) == ["M1", "张三"])
    }

    @Test func utf16LEWithBOMIsTabSeparated() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.utf16LE("编号\t姓名\t备注\r\nM1\t张三\t\"a\tb\"\r\n")
        let (table, diagnostics) = Self.read(bytes)
        #expect(diagnostics.isEmpty)
        let t = try #require(table)
        #expect(t.encoding == .utf16le)
        #expect(t.delimiter == "\t")
        #expect(t.header.map(\.text) == ["编号", "姓名", "备注"])
        #expect(Self.texts(t.rows[0]) == ["M1", "张三", "a\tb"])
    }

    @Test func commaStaysTheDelimiterWhenHeaderHasBoth() throws {
        let t = try #require(Self.parse("id,\"a\tb\"\n1,2\n").table)
        #expect(t.delimiter == ",")
        #expect(t.header.map(\.text) == ["id", "a\tb"])
    }

    @Test func utf16WithOddByteCountIsAnError() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.utf16LE("id\n1") + [0x41]
        let (table, diagnostics) = Self.read(bytes)
        #expect(table == nil)
        #expect(diagnostics.first?.description.hasPrefix("t.csv:2:2: invalid UTF-16LE text") == true)
    }

    @Test func byteInvalidInUTF8AndGB18030IsReportedAtItsLine() {
        let bytes = Array("id,name\n1,ok\n2,ab".utf8) + [0xFF] + Array("c\n3,d\n".utf8)
        let (table, diagnostics) = Self.read(bytes)
        #expect(table == nil)
        #expect(diagnostics.map(\.description) == [
            "t.csv:3:5: invalid UTF-8 byte 0xFF (nor is it valid GB18030); "
                + "save the file as UTF-8 or set encoding: in scenario.yaml",
        ])
    }

    @Test func badByteInAGB18030FileIsReportedAsGB18030() throws {
        // UTF-8 fails already in the header; GB18030 gets to line 3, so that is the encoding the file meant.
        let head = try #require("编号,姓名\r\nM1,张三\r\nM2,李".data(using: Self.gb18030))
        let (table, diagnostics) = Self.read(Array(head) + [0xFF] + Array("\r\n".utf8))
        #expect(table == nil)
        #expect(diagnostics.map(\.description) == [
            "t.csv:3:5: invalid GB18030 byte 0xFF (nor is it valid UTF-8); "
                + "save the file as UTF-8 or set encoding: in scenario.yaml",
        ])
    }

    @Test func truncatedGB18030CharacterIsFoundInItsLine() throws {
        let head = try #require("编号\n中文\n".data(using: Self.gb18030))
        let (_, diagnostics) = Self.read(Array(head) + [0x41, 0xD6], declared: .gb18030)
        #expect(diagnostics.map(\.location.description) == ["t.csv:3:2"])
        #expect(diagnostics.first?.message.hasPrefix("invalid GB18030 byte 0xD6") == true)
    }

    @Test func nulByteMeansNotATextFile() {
        let (table, diagnostics) = Self.read(Array("id\n1".utf8) + [0] + Array("x\n".utf8))
        #expect(table == nil)
        #expect(diagnostics.first?.description.hasPrefix("t.csv:2:2: contains a NUL byte (0x00)") == true)
    }

    @Test func workbookSavedAsCSVIsNamed() {
        let (table, diagnostics) = Self.read([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        #expect(table == nil)
        #expect(diagnostics.first?.description.hasPrefix("t.csv:1:1: this is an Excel/WPS workbook") == true)
    }

    // MARK: - Size (speed is measured in benchmarks, not here)

    @Test func twentyThousandRowsReadWhole() throws {
        var text = "id,community,category,title,headcount,hours,slots,skills,priority,vulnerable,resources\n"
        for i in 0..<20_000 {
            text += "N\(i),社区\(i % 22),elderly-care,\"上门,助餐 \(i)\",1,2,Sat-AM|Sun-PM,medical;driving,\(i % 5 + 1),是,venue>=30\n"
        }
        let data = Data(text.utf8)
        let result = CSVReader.read(data, file: "needs.csv", declared: nil)
        #expect(result.diagnostics.isEmpty)
        #expect(result.table?.rows.count == 20_000)
        #expect(result.table?.rows.last?.cells[3].text == "上门,助餐 19999")
    }
}
